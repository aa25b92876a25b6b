package app

import (
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

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
	r := h.openRegister(garden)
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
	step("focusing the search", func() { h.w.Canvas().Focus(r.search) })
	step("typing a letter in the search", func() { test.Type(r.search, "A") })
	step("typing another letter", func() { test.Type(r.search, "g") })
	step("moving the cursor in the field", func() { r.search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyLeft}) })
	r.search.SetText("")
	step("scrolling the register", func() { r.list.ScrollToBottom() })

	h.u.ShowNav("settings")
	s := h.u.current().(*settingsScreen)
	step("choosing a text size", func() { s.textSize.SetSelected(textSizeNames[1]) })
	step("ticking a venue", func() { s.venues.SetSelected(s.venues.Options[:1]) })
	step("scrolling the page", func() {
		sc := s.content.(*container.Scroll)
		sc.ScrollToBottom()
	})

	// A Match-like form: a multi-line field, typed into word by word.
	h.u.ShowNav("today")
	r = h.openRegister(garden)
	test.Tap(r.walkInBtn)
	step("typing in a dialog's field", func() { test.Type(r.walkIn.given, "Win") })
	step("typing more in it", func() { test.Type(r.walkIn.given, "ifred") })
}
