package lock

import (
	"path/filepath"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/access"
	"github.com/gather-sp/gather/app/internal/uitest"
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

// texts, shows, mustShow and mustNotShow read what a screen shows (uitest).
func texts(o fyne.CanvasObject) []string          { return uitest.Texts(o) }
func shows(o fyne.CanvasObject, want string) bool { return uitest.Shows(o, want) }
func mustShow(t *testing.T, o fyne.CanvasObject, want ...string) {
	t.Helper()
	uitest.MustShow(t, o, want...)
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
