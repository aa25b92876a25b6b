package lock

import (
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/keyslot"
)

// TestPINWaitCountsDown: the wait after wrong PINs counts down each second
// on the pad, a digit typed or tapped during it is answered in words, and
// the count stops when the pad goes.
func TestPINWaitCountsDown(t *testing.T) {
	wd := newWorld(t, keyslot.Lockout{Delays: []time.Duration{0, 28 * time.Second}})
	var got unlocks
	s := newUnlock(wd.keys, syncRun, wd.clock, got.add, nil)
	w := test.NewWindow(s.Content())
	defer w.Close()
	w.Resize(fyne.NewSize(800, 1280))
	test.Tap(s.tiles["val"])
	typePIN(s, "111222")
	typePIN(s, "111223")
	mustShow(t, s.Content(), "Wait 28 seconds")
	shotLock(t, w, "pin-wait-28")

	wd.clock.Advance(time.Second)
	mustShow(t, s.Content(), "Wait 27 seconds")
	wd.clock.Advance(10 * time.Second)
	mustShow(t, s.Content(), "Wait 17 seconds")

	// A digit typed on the keyboard, then one tapped, during the wait.
	test.Type(s.pin, "4")
	if s.pin.Text != "" {
		t.Errorf("the PIN entry took %q during the wait", s.pin.Text)
	}
	mustShow(t, s.Content(), "Wait until the count ends: 17 seconds")
	s.msg.SetText("")
	for _, b := range s.digits {
		if b.Text == "8" {
			test.Tap(b)
		}
	}
	mustShow(t, s.Content(), "Wait until the count ends: 17 seconds")
	wd.clock.Advance(time.Second)
	mustShow(t, s.Content(), "Wait until the count ends: 16 seconds")
	shotLock(t, w, "pin-wait-typed")

	// The count ends: the pad takes the PIN again and says no more of it.
	wd.clock.Advance(16 * time.Second)
	if s.unlock.Disabled() || s.pin.Disabled() {
		t.Fatal("the pad is still shut after the wait")
	}
	if m := s.Message(); strings.Contains(m, "Wait") {
		t.Errorf("after the wait the pad says %q", m)
	}
	typePIN(s, "482916")
	if got.n() != 1 {
		t.Fatalf("the right PIN after the wait opened %d times", got.n())
	}
}

// TestPINWaitStopsWhenThePadGoes: choosing someone else stops the count.
func TestPINWaitStopsWhenThePadGoes(t *testing.T) {
	wd := newWorld(t, keyslot.Lockout{Delays: []time.Duration{0, 28 * time.Second}})
	s := newUnlock(wd.keys, syncRun, wd.clock, nil, nil)
	w := test.NewWindow(s.Content())
	defer w.Close()
	test.Tap(s.tiles["val"])
	typePIN(s, "111222")
	typePIN(s, "111223")
	s.ShowTiles()
	wd.clock.Advance(3 * time.Second)
	if m := s.Message(); m != "" {
		t.Errorf("the count went on after the pad went: %q", m)
	}
}

func shotLock(t *testing.T, w fyne.Window, name string) {
	if dir := testShotsDir(); dir != "" {
		// The real driver lays out again when a label's lines change; the
		// test canvas does so when asked.
		w.Content().Refresh()
		writeLockPNG(t, filepath.Join(dir, name+".png"), w.Canvas().Capture())
	}
}

func testShotsDir() string { return os.Getenv("GATHER_SHOTS") }

func writeLockPNG(t *testing.T, path string, img image.Image) {
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}
