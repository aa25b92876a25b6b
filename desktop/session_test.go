package desktop

import (
	"bytes"
	"context"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/lock"
	"github.com/gather-sp/gather/device"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/keyslot"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/client"
	"github.com/gather-sp/gather/sync/protocol"
	"github.com/gather-sp/gather/sync/server"
	"github.com/gather-sp/gather/sync/server/servertest"
)

const testPIN = "739155"

// newTestSession sets up a device with one administrator and opens it, as
// first-time setup does, in a test window.
func newTestSession(t *testing.T) (*session, *keyslot.Unlocked) {
	t.Helper()
	a := test.NewTempApp(t)
	w := a.NewWindow("Gather")
	w.Resize(fyne.NewSize(1280, 800))
	paths := device.PathsIn(filepath.Join(t.TempDir(), "device"))
	os.MkdirAll(paths.Dir, 0o700)
	admin := keyslot.Member{ID: "staff-ada", Name: "Ada Lovelace", Role: domain.RoleAdministrator}
	kf, u, err := keyslot.Create(paths.Keys, admin, testPIN, keyslot.Options{Params: keyslot.TestParams})
	if err != nil {
		t.Fatal(err)
	}
	s := bareSession(t, a, w, paths)
	s.kf = kf
	s.newGate()
	if err := s.open(u); err != nil {
		t.Fatal(err)
	}
	s.gate.Begin(u)
	s.ui.StartSignedIn(s.staffOf(u))
	return s, u
}

// find returns the first visible object of type T in o for which ok holds.
func find[T fyne.CanvasObject](t *testing.T, o fyne.CanvasObject, ok func(T) bool) (T, bool) {
	var zero T
	if o == nil || !o.Visible() {
		return zero, false
	}
	if x, is := o.(T); is && ok(x) {
		return x, true
	}
	var kids []fyne.CanvasObject
	switch x := o.(type) {
	case *fyne.Container:
		kids = x.Objects
	case fyne.Widget:
		kids = test.TempWidgetRenderer(t, x).Objects()
	}
	for _, k := range kids {
		if got, found := find(t, k, ok); found {
			return got, true
		}
	}
	return zero, false
}

// bareSession is a session in a test window, not yet started. UI work from
// the sync goroutine waits in uiQueue for the test's goroutine (waitFor
// runs it), as it would for Fyne's main goroutine.
func bareSession(t *testing.T, a fyne.App, w fyne.Window, paths device.Paths) *session {
	s := &session{paths: paths, app: a, win: w, log: slog.New(slog.DiscardHandler), noWatch: true,
		do: func(f func()) { uiQueue <- f },
		run: func(work, done func()) {
			go func() {
				work()
				uiQueue <- done
			}()
		}}
	t.Cleanup(func() {
		if s.st != nil {
			s.stop()
		}
	})
	return s
}

// windowText is every label's and button's text in the window.
func windowText(t *testing.T, w fyne.Window) string {
	var b strings.Builder
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Label:
			b.WriteString(x.Text + "\n")
		case *widget.Button:
			b.WriteString(x.Text + "\n")
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		case fyne.Widget:
			r := test.TempWidgetRenderer(t, x)
			for _, c := range r.Objects() {
				walk(c)
			}
		}
	}
	walk(w.Content())
	return b.String()
}

// TestRevokedDeviceWipesItself: an organisation device enrolled with a real
// server on 127.0.0.1 holds a person; the administrator revokes it on the
// server; at its next sync the device destroys its key file and store and
// says so on screen.
func TestRevokedDeviceWipesItself(t *testing.T) {
	srvStore, url := startServer(t)
	code, _, err := srvStore.CreateCode(protocol.Scope{Organisation: true}, domain.RoleLinkWorker, time.Hour)
	if err != nil {
		t.Fatal(err)
	}

	s, u := newTestSession(t)
	const name = "Zebedee Quarrington"
	if err := s.st.Save(u.ID, record.Change{Kind: domain.KindPerson, ID: "p1",
		Fields: map[string]string{"given_name": "Zebedee", "family_name": "Quarrington"}}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := s.client.Connect(ctx, url, code); err != nil {
		t.Fatal(err)
	}
	deviceID := s.st.Device()
	gate, kf := s.gate, s.kf
	waitFor(t, "the first sync", func() bool { return s.client.Status().State == "synced" })
	if err := srvStore.Revoke(deviceID); err != nil {
		t.Fatal(err)
	}
	s.client.SyncNow()
	waitFor(t, "the wipe", func() bool {
		_, wiped := device.WipedAt(s.paths)
		return wiped
	})
	for _, p := range []string{s.paths.Keys, s.paths.Store} {
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Errorf("%s survived the wipe (%v)", p, err)
		}
	}
	filepath.WalkDir(s.paths.Dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if b, _ := os.ReadFile(p); bytes.Contains(b, []byte("Quarrington")) {
				t.Errorf("%s still holds the name %q", p, name)
			}
		}
		return nil
	})
	if got := windowText(t, s.win); !strings.Contains(got, "This device was removed") || !strings.Contains(got, "wiped") {
		t.Errorf("the window does not say the device was removed and wiped:\n%s", got)
	}
	if s.paths.IsSetUp() {
		t.Error("the wiped device still says it is set up")
	}
	// Nothing left over from before the wipe can bring the unlock screen
	// back or write the key file again: input, the lock button, a PIN
	// check that was still running.
	gate.Touch()
	gate.LockNow()
	gate.SwitchStaff()
	if _, err := kf.Unlock(u.ID, "000001"); err == nil {
		t.Error("a PIN check after the wipe unlocked")
	}
	if s.paths.IsSetUp() {
		t.Error("something wrote the key file back after the wipe")
	}
	if got := windowText(t, s.win); !strings.Contains(got, "This device was removed") {
		t.Errorf("after input on the wiped device the window shows:\n%s", got)
	}
}

// TestLockNowAndUnlockAsAnother: "Lock now" hides the records behind the
// unlock screen; another staff member's PIN signs them in, with their role.
func TestLockNowAndUnlockAsAnother(t *testing.T) {
	s, _ := newTestSession(t)
	keys := lock.Admin{File: s.kf, Current: s.gate.Current}
	if err := keys.AddStaff(keyslot.Member{ID: "staff-val", Name: "Val Jones", Role: domain.RoleVolunteer}, "482913"); err != nil {
		t.Fatal(err)
	}
	s.gate.LockNow()
	if s.gate.Current() != nil {
		t.Fatal("the device is locked but still holds an unlocked staff member")
	}
	if err := keys.AddStaff(keyslot.Member{ID: "staff-x", Name: "X", Role: domain.RoleVolunteer}, "482913"); err == nil {
		t.Error("staff were added while the device was locked")
	}
	if s.win.Content() != s.gate.Screen().Content() {
		t.Errorf("the locked window shows something other than the unlock screen:\n%s", windowText(t, s.win))
	}
	s.gate.Screen().ShowPIN("staff-val")
	pin, _ := find[*widget.Entry](t, s.win.Content(), func(e *widget.Entry) bool { return e.Password })
	unlock, _ := find[*widget.Button](t, s.win.Content(), func(b *widget.Button) bool { return b.Text == "Unlock" })
	if pin == nil || unlock == nil {
		t.Fatalf("no PIN entry or Unlock button on the locked window:\n%s", windowText(t, s.win))
	}
	test.Type(pin, "482913")
	test.Tap(unlock)
	waitFor(t, "the unlock", func() bool { return s.gate.Current() != nil })
	if s.gate.Current().ID != "staff-val" {
		t.Fatalf("unlocked as %q", s.gate.Current().ID)
	}
	text := windowText(t, s.win)
	if !strings.Contains(text, "Val Jones") {
		t.Errorf("the footer does not name Val after her unlock:\n%s", text)
	}
	if strings.Contains(text, "Casework") || strings.Contains(text, "Reports") {
		t.Errorf("a volunteer sees casework or reports in the navigation:\n%s", text)
	}
}

// startServer runs a sync server on 127.0.0.1 and returns its store (for
// the admin's actions) and URL.
// enrolledSession is a new test session connected to the server srv at
// url with a connection code for scope and role.
func enrolledSession(t *testing.T, srv *server.Store, url string, scope protocol.Scope, role string) *session {
	t.Helper()
	code, _, err := srv.CreateCode(scope, role, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	s, _ := newTestSession(t)
	if err := s.client.Connect(ctx, url, code); err != nil {
		t.Fatal(err)
	}
	return s
}

func startServer(t *testing.T) (*server.Store, string) {
	t.Helper()
	s := servertest.New(t)
	return s.Store, s.URL
}

var uiQueue = make(chan func(), 16)

// waitFor runs queued UI work until ok holds.
func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.After(20 * time.Second)
	for !ok() {
		select {
		case f := <-uiQueue:
			f()
		case <-time.After(20 * time.Millisecond):
		case <-deadline:
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// TestFirstTimeSetup: a new device asks for the first administrator's name
// and PIN, then opens its new encrypted store on first run (the three ways
// to start), with the administrator's staff record and audit entries saved.
func TestFirstTimeSetup(t *testing.T) {
	a := test.NewTempApp(t)
	w := a.NewWindow("Gather")
	w.Resize(fyne.NewSize(1280, 800))
	paths := device.PathsIn(filepath.Join(t.TempDir(), "device"))
	s := bareSession(t, a, w, paths)
	if err := s.start("", ""); err != nil {
		t.Fatal(err)
	}
	name, _ := find[*widget.Entry](t, w.Content(), func(e *widget.Entry) bool { return !e.Password })
	var pins []*widget.Entry
	for i := 0; i < 2; i++ {
		p, _ := find[*widget.Entry](t, w.Content(), func(e *widget.Entry) bool { return e.Password && e.Text == "" })
		if p == nil {
			t.Fatalf("setup shows no PIN entries:\n%s", windowText(t, w))
		}
		test.Type(p, "482913")
		pins = append(pins, p)
	}
	if name == nil || pins[0] == pins[1] {
		t.Fatalf("setup does not ask for a name and the PIN twice:\n%s", windowText(t, w))
	}
	test.Type(name, "Ada Lovelace")
	create, _ := find[*widget.Button](t, w.Content(), func(b *widget.Button) bool { return b.Text == "Set up this device" })
	test.Tap(create)
	waitFor(t, "setup", func() bool { return s.st != nil && s.gate.Current() != nil })
	if !strings.Contains(windowText(t, w), "Try it with demo data") {
		t.Errorf("after setup the window does not offer the ways to start:\n%s", windowText(t, w))
	}
	v := s.st.View()
	admin := s.gate.Current()
	if row, ok := v.Get(domain.KindStaff, admin.ID); !ok || row.Get("role") != domain.RoleAdministrator {
		t.Errorf("no administrator staff record for %s", admin.ID)
	}
	// Noted as setup's, for the first enrolment to decide whether its role
	// is sent (client.SaveFirstAdministrator).
	if b, err := s.st.Meta(client.MetaFirstAdministrator); err != nil || string(b) != admin.ID {
		t.Errorf("the store notes %q (%v) as setup's first administrator, want %s", b, err, admin.ID)
	}
	if n := len(v.By(domain.KindAudit, "staff", admin.ID)); n < 2 {
		t.Errorf("%d audit entries for the first administrator, want the staff change and the unlock", n)
	}
	// Use on this device only: no more questions, straight to Today.
	local, _ := find[*widget.Button](t, w.Content(), func(b *widget.Button) bool { return b.Text == "Use on this device only" })
	test.Tap(local)
	if text := windowText(t, w); !strings.Contains(text, "Ada Lovelace") || !strings.Contains(text, "Lock now") {
		t.Errorf("after choosing this device only, the window is not the app for Ada:\n%s", text)
	}
	// Settings offers "Change my PIN", which opens the form for Ada.
	s.ui.ShowNav("settings")
	change, _ := find[*widget.Button](t, w.Content(), func(b *widget.Button) bool { return b.Text == "Change my PIN" })
	if change == nil {
		t.Fatalf("Settings has no Change my PIN:\n%s", windowText(t, w))
	}
	test.Tap(change)
	if text := windowText(t, w); !strings.Contains(text, "PIN now") {
		t.Errorf("Change my PIN did not open its form:\n%s", text)
	}
}

// TestOrphanRecordsAreSetAsideBeforeSetup: records whose key file is gone
// cannot be opened by a new set-up; the window says so and, when asked,
// keeps them aside and sets up afresh.
func TestOrphanRecordsAreSetAsideBeforeSetup(t *testing.T) {
	a := test.NewTempApp(t)
	w := a.NewWindow("Gather")
	w.Resize(fyne.NewSize(1280, 800))
	paths := device.PathsIn(filepath.Join(t.TempDir(), "device"))
	os.MkdirAll(paths.Store, 0o700)
	os.WriteFile(filepath.Join(paths.Store, "MANIFEST"), []byte("old"), 0o600)
	s := bareSession(t, a, w, paths)
	if err := s.start("", ""); err != nil {
		t.Fatal(err)
	}
	if text := windowText(t, w); !strings.Contains(text, "Records without their key") {
		t.Fatalf("the window does not explain the orphaned records:\n%s", text)
	}
	aside, _ := find[*widget.Button](t, w.Content(), func(b *widget.Button) bool { return strings.HasPrefix(b.Text, "Put them aside") })
	test.Tap(aside)
	if text := windowText(t, w); !strings.Contains(text, "Set up this device") {
		t.Errorf("after setting them aside the window is not set-up:\n%s", text)
	}
	if device.HasOrphanStore(paths) {
		t.Error("the orphaned records are still in the store folder")
	}
	kept, _ := filepath.Glob(filepath.Join(paths.Dir, "store-unreadable-*", "MANIFEST"))
	if len(kept) != 1 {
		t.Errorf("the old records were not kept aside: %v", kept)
	}
}
