package app

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"github.com/gather-sp/gather/access"
	"github.com/gather-sp/gather/app/register"
	"github.com/gather-sp/gather/domain"
)

// TestSelfCompletionHoldsTheScreen: while a wellbeing form is in the
// person's hands (casework's OnLock(true)), the shell offers no way away
// from it: no navigation bar, no Back, no switching staff; OnLock(false)
// gives them back.
func TestSelfCompletionHoldsTheScreen(t *testing.T) {
	h := newHarness(t, true, fyne.NewSize(800, 1280))
	h.signIn(domain.RoleLinkWorker)
	h.u.ShowNav("casework")
	h.u.Push(newSettingsScreen(h.u)) // something to go Back from
	onLock := h.u.caseworkContext().OnLock
	onLock(true)
	held := h.u.current()
	if h.u.navBar.Visible() || h.u.backBtn.Visible() || !h.u.staffBtn.Disabled() {
		t.Errorf("while held: nav bar %v, Back %v, switch enabled %v", h.u.navBar.Visible(), h.u.backBtn.Visible(), !h.u.staffBtn.Disabled())
	}
	h.u.ShowNav("today")
	h.u.Back()
	h.u.showWhoIsUsing()
	if h.u.current() != held || h.u.staff.ID == "" {
		t.Fatalf("the held screen was left (now %T, staff %q)", h.u.current(), h.u.staff.ID)
	}
	onLock(false)
	if !h.u.navBar.Visible() || !h.u.backBtn.Visible() || h.u.staffBtn.Disabled() {
		t.Errorf("after the form: nav bar %v, Back %v, switch enabled %v", h.u.navBar.Visible(), h.u.backBtn.Visible(), !h.u.staffBtn.Disabled())
	}
	h.u.ShowNav("today")
	if _, ok := h.u.current().(*register.Today); !ok {
		t.Errorf("navigation after the form went to %T", h.u.current())
	}
}

// TestAnotherPersonUnlockingDropsTheHeldForm: when someone else unlocks
// while a self-completion form held the screen, they get their own Today,
// not the link worker's casework.
func TestAnotherPersonUnlockingDropsTheHeldForm(t *testing.T) {
	h := newHarness(t, true, fyne.NewSize(800, 1280))
	h.signIn(domain.RoleLinkWorker)
	h.u.ShowNav("casework")
	h.u.caseworkContext().OnLock(true)
	h.u.SignIn(domain.Staff{ID: "vol-1", Name: "Val", Role: domain.RoleVolunteer})
	if _, ok := h.u.current().(*register.Today); !ok {
		t.Fatalf("the volunteer sees %T, want their Today", h.u.current())
	}
	if h.u.navLocked || !h.u.navBar.Visible() {
		t.Errorf("navigation still held for the volunteer (locked %v, bar %v)", h.u.navLocked, h.u.navBar.Visible())
	}
	if _, ok := h.u.screens["casework"]; ok {
		t.Error("the link worker's casework screen is still kept for the volunteer")
	}
}

// TestSelfCompletionKeepsTheDeviceAwake: while the person has the form, the
// device does not lock in their hands; afterwards the idle time is back.
func TestSelfCompletionKeepsTheDeviceAwake(t *testing.T) {
	h := newHarness(t, true, fyne.NewSize(800, 1280))
	lock := &fakeLock{idle: 2 * time.Minute}
	h.u.opts.Lock = lock
	h.signIn(domain.RoleLinkWorker)
	onLock := h.u.caseworkContext().OnLock
	onLock(true)
	if lock.idle != access.MaxIdle {
		t.Errorf("idle time while the person has the form: %v, want %v", lock.idle, access.MaxIdle)
	}
	onLock(true) // said twice: still restores the right time
	onLock(false)
	if lock.idle != 2*time.Minute {
		t.Errorf("idle time after the form: %v, want 2m", lock.idle)
	}
}
