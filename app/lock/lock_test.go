package lock

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/access"
	"github.com/gather-sp/gather/audit"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/keyslot"
	"github.com/gather-sp/gather/storage"
)

func TestSetup(t *testing.T) {
	test.NewTempApp(t)
	cases := []struct {
		name, who, pin, again string
		wantAdvice            string
		wantCreated           bool
	}{
		{"too easy", "Ada", "123456", "123456", "too easy to guess", false},
		{"too short", "Ada", "4071", "4071", "too short: use at least 6 digits", false},
		{"not the same", "Ada", "739155", "739156", "not the same", false},
		{"no name", "", "739155", "739155", "Good", false},
		{"good", "Ada Lovelace", "739155", "739155", "Good", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), keyslot.FileName)
			var got *keyslot.Unlocked
			s := NewSetup(SetupOptions{Path: path, Keys: keyslot.Options{Params: keyslot.TestParams}, Run: syncRun,
				OnDone: func(_ *keyslot.File, u *keyslot.Unlocked) { got = u }})
			w := test.NewWindow(s.Content())
			defer w.Close()
			test.Type(s.name, tc.who)
			test.Type(s.pin, tc.pin)
			test.Type(s.again, tc.again)
			mustShow(t, s.Content(), tc.wantAdvice)
			test.Tap(s.create)
			if (got != nil) != tc.wantCreated || keyslot.Exists(path) != tc.wantCreated {
				t.Fatalf("created %v (file %v), want %v", got != nil, keyslot.Exists(path), tc.wantCreated)
			}
			if got != nil && (got.Role != domain.RoleAdministrator || got.Name != "Ada Lovelace" || len(got.Key()) != 32) {
				t.Errorf("first administrator %+v", got.Member)
			}
		})
	}
}

func TestUnlockScreen(t *testing.T) {
	cases := []struct {
		name    string
		lockout keyslot.Lockout
		pins    []string
		advance time.Duration
		want    string // message after the last PIN
		opened  bool
	}{
		{"wrong PIN shows the message and opens nothing", keyslot.Lockout{}, []string{"111222"}, 0, "That PIN is not right. 4 tries left.", false},
		{"lockout after three wrong PINs", keyslot.Lockout{MaxFailures: 3, Delays: []time.Duration{0}}, []string{"111222", "111223", "111224"},
			0, "Locked after too many tries: ask an administrator to unlock you.", false},
		{"locked stays locked with the right PIN", keyslot.Lockout{MaxFailures: 2, Delays: []time.Duration{0}}, []string{"111222", "111223", "482916"},
			0, "Locked after too many tries", false},
		{"a wait after two wrong PINs", keyslot.Lockout{}, []string{"111222", "111223"}, 0, "Wait 5 seconds before the next try", false},
		{"the right PIN after the wait opens", keyslot.Lockout{}, []string{"111222", "111223", "482916"}, 5 * time.Second, "", true},
		{"the right PIN opens", keyslot.Lockout{}, []string{"482916"}, 0, "", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			wd := newWorld(t, tc.lockout)
			var got unlocks
			s := newUnlock(wd.keys, syncRun, wd.clock, got.add, nil)
			w := test.NewWindow(s.Content())
			defer w.Close()
			w.Resize(fyne.NewSize(1280, 800))
			mustShow(t, s.Content(), "Ada Lovelace", "Val Jones", "volunteer")
			test.Tap(s.tiles["val"])
			mustShow(t, s.Content(), "Val Jones", "Unlock")
			for i, pin := range tc.pins {
				if i == len(tc.pins)-1 && tc.advance > 0 {
					if !s.unlock.Disabled() {
						t.Error("the pad is open during the wait")
					}
					wd.clock.Advance(tc.advance)
					if s.unlock.Disabled() {
						t.Fatal("the pad is still shut after the wait")
					}
				}
				typePIN(s, pin)
			}
			if tc.want != "" && !shows(s.Content(), tc.want) {
				t.Errorf("message %q, want %q", s.Message(), tc.want)
			}
			if (got.n() == 1) != tc.opened {
				t.Fatalf("opened %d times, want %v", got.n(), tc.opened)
			}
			if tc.opened {
				u := got.got[0]
				if u.ID != "val" || u.Role != domain.RoleVolunteer {
					t.Errorf("unlocked %+v", u.Member)
				}
				// The key opens an encrypted store.
				st, err := storage.Open(filepath.Join(wd.dir, "store"), storage.Options{EncryptionKey: u.Key()})
				if err != nil {
					t.Fatal(err)
				}
				st.Close()
				if shows(s.Content(), "Unlock") {
					t.Error("the PIN pad is still up after unlocking")
				}
			}
		})
	}
}

func TestPINPadKeyboard(t *testing.T) {
	wd := newWorld(t, keyslot.Lockout{})
	var got unlocks
	s := newUnlock(wd.keys, syncRun, wd.clock, got.add, nil)
	w := test.NewWindow(s.Content())
	defer w.Close()
	s.ShowPIN("ada")
	test.Type(s.pin, "739155")
	s.pin.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if got.n() != 1 || got.got[0].ID != "ada" {
		t.Fatalf("Enter on the PIN did not unlock: %v", s.Message())
	}
}

// gateWorld is a gate in a window over app content, with the store opened
// on the first unlock as main.go does.
type gateWorld struct {
	*world
	win    fyne.Window
	gate   *Gate
	app    *widget.Label
	store  *storage.Store
	opened []string
	same   []bool
}

func newGateWorld(t *testing.T, lockout keyslot.Lockout) *gateWorld {
	wd := newWorld(t, lockout)
	g := &gateWorld{world: wd, app: widget.NewLabel("Today's register")}
	g.win = test.NewWindow(nil)
	g.win.Resize(fyne.NewSize(1280, 800))
	t.Cleanup(g.win.Close)
	g.gate = NewGate(GateOptions{Window: g.win, Keys: wd.keys, Clock: wd.clock, Now: wd.clock.Now, Run: syncRun,
		OnUnlock: func(u *keyslot.Unlocked, same bool) error {
			g.opened = append(g.opened, u.ID)
			g.same = append(g.same, same)
			if g.store == nil {
				st, err := storage.Open(filepath.Join(wd.dir, "store"), storage.Options{EncryptionKey: u.Key()})
				if err != nil {
					return err
				}
				t.Cleanup(func() { st.Close() })
				g.store = st
				g.win.SetContent(g.app)
				g.gate.SetAudit(audit.Recorder{Device: st.Device(), Now: wd.clock.Now}, st.Save)
			}
			return nil
		}})
	t.Cleanup(g.gate.Stop)
	g.gate.Start()
	return g
}

func (g *gateWorld) unlockAs(id, pin string) {
	s := g.gate.Screen()
	s.ShowPIN(id)
	typePIN(s, pin)
}

func (g *gateWorld) locked() bool { return g.win.Content() == g.gate.Screen().Content() }

func TestGateAutoLock(t *testing.T) {
	g := newGateWorld(t, keyslot.Lockout{})
	if !g.locked() {
		t.Fatal("the device does not start locked")
	}
	g.unlockAs("val", "482916")
	if g.locked() || g.win.Content() != g.app || g.gate.Current() == nil {
		t.Fatal("unlocking did not show the app")
	}
	u := g.gate.Current()
	d := dialog.NewInformation("Ann Lee", "Access needs: wheelchair", g.win)
	d.Show()

	g.clock.Advance(90 * time.Second)
	g.gate.Touch() // input puts the lock off
	g.clock.Advance(90 * time.Second)
	if g.locked() {
		t.Fatal("locked although touched 90 seconds ago")
	}
	g.clock.Advance(31 * time.Second)
	if !g.locked() {
		t.Fatal("not locked after two idle minutes")
	}
	if g.gate.Current() != nil || !bytes.Equal(u.Key(), make([]byte, 32)) {
		t.Error("the key was not forgotten on lock")
	}
	for _, o := range g.win.Canvas().Overlays().List() {
		if o.Visible() {
			t.Error("a dialog stays visible over the lock screen")
		}
	}
	// The PIN pad of the person who was using it is ready.
	mustShow(t, g.win.Content(), "Val Jones", "Unlock")

	// Someone else unlocks: the shell is told, and the old dialog is gone.
	g.unlockAs("ada", "739155")
	if g.locked() || len(g.opened) != 2 || g.same[1] {
		t.Fatalf("second unlock: opened %v same %v", g.opened, g.same)
	}
	if n := len(g.win.Canvas().Overlays().List()); n != 0 {
		t.Errorf("%d dialogs of the previous person left", n)
	}

	// Lock now, and the same person again: same is true. The PIN pad
	// has the keyboard once it is on show.
	g.gate.LockNow()
	if !g.locked() {
		t.Fatal("Lock now did not lock")
	}
	if g.win.Canvas().Focused() == nil {
		t.Error("the PIN pad does not have the keyboard after Lock now")
	}
	g.unlockAs("ada", "739155")
	if !g.same[2] {
		t.Error("the same person unlocking again was not told apart")
	}
	// Switch staff shows the tiles.
	g.gate.SwitchStaff()
	mustShow(t, g.win.Content(), "Who is using Gather?", "Val Jones", "Ada Lovelace")
}

func TestGateAudit(t *testing.T) {
	g := newGateWorld(t, keyslot.Lockout{MaxFailures: 3, Delays: []time.Duration{0}})
	// Before the store is open: two wrong PINs for Val, three for Ada
	// (locked out).
	for _, pin := range []string{"111222", "111223"} {
		g.unlockAs("val", pin)
	}
	for _, pin := range []string{"111222", "111223", "111224"} {
		g.unlockAs("ada", pin)
	}
	// Val unlocks: the store opens and everything is written, once.
	g.unlockAs("val", "482916")
	if g.store == nil {
		t.Fatal("the store was not opened")
	}
	count := func(staff, action string) int {
		return len(audit.List(g.store.View(), audit.Filter{Staff: staff, Action: action}))
	}
	want := []struct {
		staff, action string
		n             int
	}{
		{"val", audit.ActionFailedUnlock, 2}, {"val", audit.ActionUnlocked, 1},
		{"ada", audit.ActionFailedUnlock, 3}, {"ada", audit.ActionLockedOut, 1},
	}
	for _, w := range want {
		if got := count(w.staff, w.action); got != w.n {
			t.Errorf("%s %s: %d entries, want %d", w.staff, w.action, got, w.n)
		}
	}
	// With the store open, a wrong PIN is written at once.
	g.gate.LockNow()
	g.unlockAs("val", "999888")
	if got := count("val", audit.ActionFailedUnlock); got != 3 {
		t.Errorf("failed unlocks for val: %d, want 3", got)
	}
	g.unlockAs("val", "482916")
	if got := count("val", audit.ActionFailedUnlock); got != 3 {
		t.Errorf("the unlock wrote the wrong PIN twice: %d entries", got)
	}
}

func TestChangePIN(t *testing.T) {
	cases := []struct {
		name, current, pin string
		want               string
		changed            bool
	}{
		{"wrong current PIN", "000111", "407152", "Your PIN now is not right. 4 tries left.", false},
		{"too easy", "482916", "222222", "too easy to guess", false},
		{"changed", "482916", "407152", "Your PIN is changed", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			wd := newWorld(t, keyslot.Lockout{})
			done := false
			s := NewChangePIN(wd.keys, ChangePINOptions{StaffID: "val", Run: syncRun, OnDone: func() { done = true }})
			w := test.NewWindow(s.Content())
			defer w.Close()
			test.Type(s.current, tc.current)
			test.Type(s.pin, tc.pin)
			test.Type(s.again, tc.pin)
			test.Tap(s.save)
			mustShow(t, s.Content(), tc.want)
			if done != tc.changed {
				t.Errorf("done %v, want %v", done, tc.changed)
			}
			if _, err := wd.keys.Unlock("val", tc.pin); (err == nil) != tc.changed {
				t.Errorf("new PIN unlocks: %v, want %v", err == nil, tc.changed)
			}
		})
	}
}

var _ = access.DefaultIdle

// TestLockUntilStaff: a self-completion form handed back locks the device;
// the callback waits for a right PIN (an empty or wrong one does not call
// it), comes after the app is back on screen, names who unlocked, and runs
// once.
func TestLockUntilStaff(t *testing.T) {
	g := newGateWorld(t, keyslot.Lockout{})
	g.unlockAs("val", "482916")
	var got []string
	g.gate.LockUntilStaff(func(id string) {
		if g.locked() {
			t.Error("the callback ran while the unlock screen was still up")
		}
		got = append(got, id)
	})
	if !g.locked() || g.gate.Current() != nil {
		t.Fatal("handing back did not lock the device")
	}
	mustShow(t, g.gate.Screen().Content(), "Val Jones", "Staff: type your PIN")
	test.Tap(g.gate.Screen().unlock) // no PIN
	g.unlockAs("val", "000111")
	if len(got) != 0 || !g.locked() {
		t.Fatalf("unlocked without the right PIN (callback %v, locked %v)", got, g.locked())
	}
	g.unlockAs("val", "482916")
	if len(got) != 1 || got[0] != "val" || g.locked() {
		t.Fatalf("after the right PIN: callback %v, locked %v", got, g.locked())
	}
	g.gate.LockNow()
	g.unlockAs("val", "482916")
	if len(got) != 1 {
		t.Errorf("the callback ran again on a later unlock: %v", got)
	}
}

// TestPINPadClearAndDelete: the key beside 0 takes one digit off and says
// so, with a backspace icon, not a bare cross that was pressed to clear;
// "Clear" empties the PIN and carries no undo arrow.
func TestPINPadClearAndDelete(t *testing.T) {
	wd := newWorld(t, keyslot.Lockout{})
	s := newUnlock(wd.keys, syncRun, wd.clock, nil, nil)
	w := test.NewWindow(s.Content())
	defer w.Close()
	w.Resize(fyne.NewSize(800, 1280))
	s.ShowPIN("val")
	for _, d := range "4829" {
		for _, b := range s.digits {
			if b.Text == string(d) {
				test.Tap(b)
			}
		}
	}
	if s.back.Text == "" || s.back.Icon == nil || s.back.Icon.Name() == theme.CancelIcon().Name() || s.back.Icon.Name() == theme.ContentUndoIcon().Name() {
		t.Errorf("the delete-one key reads %q with icon %v", s.back.Text, s.back.Icon)
	}
	test.Tap(s.back)
	if s.pin.Text != "482" {
		t.Errorf("after %q the PIN is %q, want 482", s.back.Text, s.pin.Text)
	}
	if s.clear.Text != "Clear" || s.clear.Icon != nil {
		t.Errorf("Clear reads %q with icon %v", s.clear.Text, s.clear.Icon)
	}
	test.Tap(s.clear)
	if s.pin.Text != "" {
		t.Errorf("after Clear the PIN is %q", s.pin.Text)
	}
}

// TestWrongPINSaysTriesLeftOnce: a wrong PIN says how many tries are left
// once, not in red and again in the grey hint; when typing again clears
// the message, the hint keeps the count.
func TestWrongPINSaysTriesLeftOnce(t *testing.T) {
	wd := newWorld(t, keyslot.Lockout{})
	s := newUnlock(wd.keys, syncRun, wd.clock, nil, nil)
	w := test.NewWindow(s.Content())
	defer w.Close()
	w.Resize(fyne.NewSize(800, 1280))
	s.ShowPIN("val")
	count := func() int {
		n := 0
		for _, txt := range texts(s.Content()) {
			n += strings.Count(txt, "4 tries left")
		}
		return n
	}
	typePIN(s, "111222")
	if n := count(); n != 1 {
		t.Errorf("after a wrong PIN, \"4 tries left\" is said %d times: %q", n, texts(s.Content()))
	}
	test.Tap(s.digits[0])
	if n := count(); n != 1 {
		t.Errorf("typing again, \"4 tries left\" is said %d times: %q", n, texts(s.Content()))
	}
}
