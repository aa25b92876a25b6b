package lock

import (
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/access"
	"github.com/gather-sp/gather/keyslot"
)

var start = time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)

// world is a key file on a manual clock, shared by keyslot's waits and the
// gate's idle timer.
type world struct {
	dir   string
	path  string
	clock *access.ManualClock
	opts  keyslot.Options
	keys  *keyslot.File
}

func newWorld(t *testing.T, lockout keyslot.Lockout) *world {
	t.Helper()
	test.NewTempApp(t)
	w := &world{dir: t.TempDir(), clock: access.NewManualClock(start)}
	w.path = filepath.Join(w.dir, keyslot.FileName)
	w.opts = keyslot.Options{Params: keyslot.TestParams, Lockout: lockout, Now: w.clock.Now}
	kf, admin, err := keyslot.Create(w.path, keyslot.Member{ID: "ada", Name: "Ada Lovelace"}, "739155", w.opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := kf.AddStaff(admin, keyslot.Member{ID: "val", Name: "Val Jones", Role: "volunteer"}, "482916"); err != nil {
		t.Fatal(err)
	}
	admin.Forget()
	w.keys = kf
	return w
}

// texts collects the visible text under o: labels, buttons, entries.
func texts(o fyne.CanvasObject) []string {
	var out []string
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() {
			return
		}
		switch x := o.(type) {
		case *widget.Label:
			out = append(out, x.Text)
		case *widget.Button:
			out = append(out, x.Text)
		case *container.Scroll:
			walk(x.Content)
		case *fyne.Container:
			for _, k := range x.Objects {
				walk(k)
			}
		}
	}
	walk(o)
	return out
}

func shows(o fyne.CanvasObject, want string) bool {
	for _, s := range texts(o) {
		if strings.Contains(s, want) {
			return true
		}
	}
	return false
}

func mustShow(t *testing.T, o fyne.CanvasObject, want ...string) {
	t.Helper()
	for _, w := range want {
		if !shows(o, w) {
			t.Errorf("screen does not show %q; it shows:\n%s", w, strings.Join(texts(o), "\n"))
		}
	}
}

// typePIN taps the PIN pad's digits, then Unlock.
func typePIN(s *Unlock, pin string) {
	for _, d := range pin {
		for _, b := range s.digits {
			if b.Text == string(d) {
				test.Tap(b)
			}
		}
	}
	test.Tap(s.unlock)
}

// unlocks counts what the unlock screen handed over.
type unlocks struct {
	mu  sync.Mutex
	got []*keyslot.Unlocked
}

func (u *unlocks) add(x *keyslot.Unlocked) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.got = append(u.got, x)
}

func (u *unlocks) n() int {
	u.mu.Lock()
	defer u.mu.Unlock()
	return len(u.got)
}
