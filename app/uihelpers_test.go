package app

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/audit"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/keyslot"
)

// Helpers the window's tests share (they came with the Admin screen's
// tests, which moved to app/admin).

// fileKeys is StaffKeys on a real key file, acting as the administrator
// who unlocked it, as the shell's adapter does.
type fileKeys struct {
	f     *keyslot.File
	admin *keyslot.Unlocked
}

func (k *fileKeys) Members() []keyslot.Member                   { return k.f.Members() }
func (k *fileKeys) Status(id string) (keyslot.Status, error)    { return k.f.Status(id) }
func (k *fileKeys) AddStaff(m keyslot.Member, pin string) error { return k.f.AddStaff(k.admin, m, pin) }
func (k *fileKeys) UpdateStaff(m keyslot.Member) error          { return k.f.UpdateStaff(k.admin, m) }
func (k *fileKeys) RemoveStaff(id string) error                 { return k.f.RemoveStaff(k.admin, id) }
func (k *fileKeys) ResetPIN(id, pin string) error               { return k.f.ResetPIN(k.admin, id, pin) }
func (k *fileKeys) ClearLockout(id string) error                { return k.f.ClearLockout(k.admin, id) }
func (k *fileKeys) MinPINLength() int                           { return keyslot.DefaultMinPINLength }

// fakeLock records the idle time it is given.
type fakeLock struct{ idle time.Duration }

func (l *fakeLock) LockNow()                    {}
func (l *fakeLock) SwitchStaff()                {}
func (l *fakeLock) LockUntilStaff(func(string)) {}
func (l *fakeLock) Touch()                      {}
func (l *fakeLock) Idle() time.Duration         { return l.idle }
func (l *fakeLock) SetIdle(d time.Duration)     { l.idle = d }

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
