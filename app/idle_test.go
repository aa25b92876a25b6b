package app

import (
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/domain"
)

// touchLock counts the input the lock was told of.
type touchLock struct {
	mu      sync.Mutex
	touches int
	idle    time.Duration
}

func (l *touchLock) LockNow()                    {}
func (l *touchLock) SwitchStaff()                {}
func (l *touchLock) LockUntilStaff(func(string)) {}
func (l *touchLock) Idle() time.Duration         { return l.idle }
func (l *touchLock) SetIdle(d time.Duration)     { l.idle = d }
func (l *touchLock) Touch() {
	l.mu.Lock()
	l.touches++
	l.mu.Unlock()
}
func (l *touchLock) n() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.touches
}

// TestInputPutsOffTheIdleLock: typing in a field, ticking, choosing and
// scrolling each put off the idle lock, as the once-a-second look at the
// window (noticeInput) sees them; a second with no input does not.
func TestInputPutsOffTheIdleLock(t *testing.T) {
	h := newHarness(t, true, desktopSize)
	lock := &touchLock{idle: 2 * time.Minute}
	h.u.opts.Lock = lock
	h.signIn(domain.RoleFacilitator)
	h.openRegister(garden)
	look := h.u.noticeInput // what the ticker runs each second

	look()
	before := lock.n()
	look()
	if lock.n() != before {
		t.Fatal("a second with no input put off the lock")
	}
	step := func(what string, do func()) {
		t.Helper()
		look()
		n := lock.n()
		do()
		look()
		if lock.n() == n {
			t.Errorf("%s did not put off the idle lock", what)
		}
	}
	search := first[*widget.Entry](t, h.w.Canvas().Content())
	step("focusing the search", func() { h.w.Canvas().Focus(search) })
	step("typing a letter in the search", func() { test.Type(search, "A") })
	step("typing another letter", func() { test.Type(search, "g") })
	step("moving the cursor in the field", func() { search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyLeft}) })
	search.SetText("")
	list := first[*widget.List](t, h.w.Canvas().Content())
	step("scrolling the register", func() { list.ScrollToBottom() })

	h.u.ShowNav("settings")
	s := h.u.current().(*settingsScreen)
	step("choosing a text size", func() { s.textSize.SetSelected(textSizeNames[1]) })
	// (A facilitator ticks no venues: TestDeviceSettingsAreForThoseWhoSetDevicesUp.)
	step("choosing dark", func() { s.appearance.SetSelected(appearanceNames[1]) })
	step("scrolling the page", func() {
		sc := s.content.(*container.Scroll)
		sc.ScrollToBottom()
	})

	// A Match-like form: a multi-line field, typed into word by word.
	h.u.ShowNav("today")
	h.openRegister(garden)
	test.Tap(uitest.Button(t, h.w.Canvas().Content(), "Add walk-in"))
	given := first[*widget.Entry](t, h.w.Canvas().Overlays().Top())
	step("typing in a dialog's field", func() { test.Type(given, "Win") })
	step("typing more in it", func() { test.Type(given, "ifred") })
}

// first is the first object of type T laid out under o.
func first[T fyne.CanvasObject](t *testing.T, o fyne.CanvasObject) T {
	t.Helper()
	for _, x := range test.LaidOutObjects(o) {
		if v, ok := x.(T); ok && x.Visible() {
			return v
		}
	}
	var zero T
	t.Fatalf("no %T on show", zero)
	return zero
}
