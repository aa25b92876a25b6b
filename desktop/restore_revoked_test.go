package desktop

import (
	"bytes"
	"context"
	"errors"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/device"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/keyslot"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/storage"
	"github.com/gather-sp/gather/sync/client"
	"github.com/gather-sp/gather/sync/protocol"
	"github.com/gather-sp/gather/sync/server"
)

// newGardenTablet makes a venue tablet with Ada (administrator) and Fay,
// enrolled with a real server, that has synced the garden group and two
// marks. It returns the tablet, the server and its address.
func newGardenTablet(t *testing.T) (*tablet, *server.Store, string) {
	t.Helper()
	srv, url := startServer(t)
	if _, err := srv.AddVenue("v-garden", "Riverside Surgery Garden", ""); err != nil {
		t.Fatal(err)
	}
	orig := &tablet{t: t, paths: device.PathsIn(filepath.Join(t.TempDir(), "tablet"))}
	os.MkdirAll(orig.paths.Dir, 0o700)
	kf, admin, err := keyslot.Create(orig.paths.Keys, keyslot.Member{ID: "ada", Name: "Ada Admin"}, tabletAdminPIN,
		keyslot.Options{Params: keyslot.TestParams})
	if err != nil {
		t.Fatal(err)
	}
	if err := kf.AddStaff(admin, keyslot.Member{ID: "fay", Name: "Fay Facilitator", Role: domain.RoleFacilitator}, tabletFayPIN); err != nil {
		t.Fatal(err)
	}
	orig.open("fay", tabletFayPIN)
	if err := orig.client.Connect(t.Context(), url, gardenCode(t, srv)); err != nil {
		t.Fatal(err)
	}
	if err := orig.st.Save("ada", record.Change{Kind: domain.KindActivity, ID: "a-garden",
		Fields: domain.Encode(domain.Activity{ID: "a-garden", Name: "Garden group", VenueID: "v-garden"})}); err != nil {
		t.Fatal(err)
	}
	orig.mark("2026-11-02", 2)
	orig.sync()
	return orig, srv, url
}

// gardenCode is a new enrolment code for a garden venue tablet.
func gardenCode(t *testing.T, srv *server.Store) string {
	t.Helper()
	code, _, err := srv.CreateCode(protocol.Scope{Venues: []string{"v-garden"}}, domain.RoleFacilitator, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	return code
}

// backUpAndLose backs the tablet up with gather backup, then revokes it on
// the server, as an administrator does when a tablet is lost. It returns
// the backup file and the lost tablet's device id.
func backUpAndLose(t *testing.T, orig *tablet, srv *server.Store) (string, string) {
	t.Helper()
	id := orig.st.Device()
	orig.close()
	file := filepath.Join(t.TempDir(), "garden.gatherbackup")
	if err := Backup(orig.paths, "ada", []string{"--out", file}, strings.NewReader(tabletAdminPIN+"\n"), &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	if err := srv.Revoke(id); err != nil {
		t.Fatal(err)
	}
	return file, id
}

// TestRestoredBackupOfRevokedTabletKeepsEverything: the garden tablet
// takes a register offline, is backed up, and is lost; the administrator
// revokes it. The backup is restored on a new laptop, which takes more
// marks; its first sync hears "revoked". Nothing is wiped, then or at the
// next opening: the device keeps every record, stops syncing, and says in
// words that an administrator must connect it again. Connected with a new
// code, it enrols under a new device id and the server then holds the
// backup's offline marks and those taken since the restore.
func TestRestoredBackupOfRevokedTabletKeepsEverything(t *testing.T) {
	orig, srv, url := newGardenTablet(t)
	offline := orig.mark("2026-11-09", 6) // never synced: no signal at the venue
	file, lostID := backUpAndLose(t, orig, srv)

	fresh := &tablet{t: t, paths: device.PathsIn(filepath.Join(t.TempDir(), "laptop", "gather"))}
	if err := Restore(fresh.paths, "ada", []string{file}, strings.NewReader(tabletAdminPIN+"\n"), &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	fresh.open("fay", tabletFayPIN)
	after := fresh.mark("2026-11-16", 3)
	if err := fresh.client.SyncOnce(t.Context()); !errors.Is(err, client.ErrRevoked) {
		t.Fatalf("first sync of the restored laptop: %v, want revoked", err)
	}
	st := fresh.client.Status()
	t.Logf("status after the first sync: %q %q", st.State, st.Err)
	for _, words := range []string{"backup", "removed", "new connection code", "kept"} {
		if !strings.Contains(st.Err, words) {
			t.Errorf("the status does not say %q: %q", words, st.Err)
		}
	}
	fresh.close()

	// The next opening keeps everything.
	fresh.open("fay", tabletFayPIN)
	for _, id := range append(offline, after...) {
		if e, err := fresh.st.Entity(domain.KindAttendance, id); err != nil || e.Get("status") != domain.StatusPresent {
			t.Fatalf("the restored laptop lost the mark %s (%v)", id, err)
		}
	}
	if st := fresh.client.Status(); !strings.Contains(st.Err, "new connection code") {
		t.Errorf("reopened, the status does not say what to do: %q %q", st.State, st.Err)
	}

	// Connected again: a new device id, and the server takes everything.
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	if err := fresh.client.Connect(ctx, url, gardenCode(t, srv)); err != nil {
		t.Fatalf("connect again: %v", err)
	}
	if fresh.st.Device() == lostID {
		t.Fatalf("enrolled again under the revoked id %s", lostID)
	}
	fresh.sync()
	if n := fresh.st.PendingCount(); n != 0 {
		t.Errorf("%d changes still waiting", n)
	}
	for _, id := range append(offline, after...) {
		if e, err := srv.Entity(domain.KindAttendance, id); err != nil || e.Get("status") != domain.StatusPresent {
			t.Errorf("the server lacks the mark %s (%v)", id, err)
		}
	}
	// Audit entries written under the revoked id go too: the enrolment
	// named that id with its token (EnrolRequest.PreviousDeviceID).
	for _, r := range fresh.client.Refused() {
		t.Errorf("refused: %+v", r)
	}
	fresh.close()

	// Synced once, it is an ordinary device: revoked now, it is wiped.
	fresh.open("fay", tabletFayPIN)
	id := fresh.st.Device()
	fresh.close()
	if err := srv.Revoke(id); err != nil {
		t.Fatal(err)
	}
	fresh.open("fay", tabletFayPIN)
	if err := fresh.client.SyncOnce(t.Context()); !errors.Is(err, client.ErrRevoked) {
		t.Fatalf("sync after the second revocation: %v", err)
	}
	fresh.close()
	assertOpensRevoked(t, fresh.paths)
}

// assertOpensRevoked opens the device as Fay and wants it wiped.
func assertOpensRevoked(t *testing.T, paths device.Paths) {
	t.Helper()
	kf, err := keyslot.Open(paths.Keys, keyslot.Options{})
	if err != nil {
		t.Fatal(err)
	}
	u, err := kf.Unlock("fay", tabletFayPIN)
	if err != nil {
		t.Fatal(err)
	}
	if st, err := device.OpenStore(paths, u.Key(), storage.Options{}); !errors.Is(err, device.ErrRevoked) {
		if st != nil {
			st.Close()
		}
		t.Fatalf("a revoked device that had synced since its restore opened: %v", err)
	}
	assertWiped(t, paths)
}

// TestWindowRestoredFromRevokedTabletSaysWhatToDo: the window restores the
// lost tablet's backup from set-up and syncs at once; it hears "revoked",
// keeps the device open with every record, and Settings says in words that
// an administrator must connect it again, with the form to do it.
func TestWindowRestoredFromRevokedTabletSaysWhatToDo(t *testing.T) {
	orig, srv, url := newGardenTablet(t)
	offline := orig.mark("2026-11-09", 6)
	file, _ := backUpAndLose(t, orig, srv)

	a := test.NewTempApp(t)
	w := a.NewWindow("Gather")
	w.Resize(fyne.NewSize(1280, 800))
	paths := device.PathsIn(filepath.Join(t.TempDir(), "laptop"))
	s := bareSession(t, a, w, paths)
	if err := s.start("", ""); err != nil {
		t.Fatal(err)
	}
	s.showRestore(file)
	pin, _ := find[*widget.Entry](t, w.Content(), func(e *widget.Entry) bool { return e.Password })
	restore, _ := find[*widget.Button](t, w.Content(), func(b *widget.Button) bool { return b.Text == "Restore" })
	test.Type(pin, tabletAdminPIN)
	test.Tap(restore)
	waitFor(t, "the restored device open", func() bool { return s.st != nil })
	waitFor(t, "the first sync refused", func() bool { return s.client.Revoked() || s.st == nil })
	if s.st == nil || !paths.IsSetUp() {
		t.Fatalf("the restored device was wiped:\n%s", windowText(t, w))
	}
	for _, id := range offline {
		if e, err := s.st.Entity(domain.KindAttendance, id); err != nil || e.Get("status") != domain.StatusPresent {
			t.Fatalf("the restored device lost the mark %s (%v)", id, err)
		}
	}
	s.ui.ShowNav("settings")
	shotWindow(t, w, "restored-revoked-settings")
	text := windowText(t, w)
	for _, words := range []string{"The device this backup came from was removed", "new connection code", "Connect"} {
		if !strings.Contains(text, words) {
			t.Errorf("Settings does not say %q:\n%s", words, text)
		}
	}
	if strings.Contains(text, "keeps trying") {
		t.Errorf("Settings says Gather keeps trying, but it has stopped:\n%s", text)
	}
	// Only the new code is left to type: the server is known.
	e, _ := find[*widget.Entry](t, w.Content(), func(e *widget.Entry) bool { return e.PlaceHolder == "https://gather.example.org" })
	if e == nil {
		t.Fatal("no server address to connect again")
	}
	if e.Text != url {
		t.Errorf("the server address to connect again reads %q, want %q", e.Text, url)
	}
}

// shotWindow writes what w shows to GATHER_SHOTS/name.png when
// GATHER_SHOTS is set, to be looked at.
func shotWindow(t *testing.T, w fyne.Window, name string) {
	t.Helper()
	dir := os.Getenv("GATHER_SHOTS")
	if dir == "" {
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(filepath.Join(dir, name+".png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, w.Canvas().Capture()); err != nil {
		t.Fatal(err)
	}
}
