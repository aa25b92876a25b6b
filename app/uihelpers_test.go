package app

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/audit"
	"github.com/gather-sp/gather/domain"
)

// Helpers the window's tests share (they came with the Admin screen's
// tests, which moved to app/admin).

// fakeLock records the idle time it is given, and what LockUntilStaff
// would call once staff unlock (a test calls it as the PIN pad would).
type fakeLock struct {
	idle        time.Duration
	afterUnlock func(staffID string)
}

func (l *fakeLock) LockNow()                         {}
func (l *fakeLock) SwitchStaff()                     {}
func (l *fakeLock) LockUntilStaff(then func(string)) { l.afterUnlock = then }
func (l *fakeLock) Touch()                           {}
func (l *fakeLock) Idle() time.Duration              { return l.idle }
func (l *fakeLock) SetIdle(d time.Duration)          { l.idle = d }

// dialogButton is the button text on the dialog on top, or nil.
func dialogButton(h *harness, text string) *widget.Button {
	top := h.w.Canvas().Overlays().Top()
	if top == nil {
		return nil
	}
	for _, o := range test.LaidOutObjects(top) {
		if b, ok := o.(*widget.Button); ok && b.Text == text && b.Visible() {
			return b
		}
	}
	return nil
}

func auditEntries(h *harness, f audit.Filter) []domain.Audit { return audit.List(h.st.View(), f) }

func sizeName(s fyne.Size) string {
	if s.Width > s.Height {
		return "1280x800"
	}
	return "800x1280"
}
