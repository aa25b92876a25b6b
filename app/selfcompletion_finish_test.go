package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/domain"
)

// TestFinishedSelfCompletionStaysHeld: a link worker hands the tablet to
// a person for their wellbeing questions. The person answers and taps "I
// have finished"; the screen tells them to hand the device back, so it is
// still in their hands. Nothing of the link worker's session may be
// reachable until staff take it back: no navigation bar, no Back to the
// case, no Find a person. "Staff: unlock" locks the device until staff
// unlock it (Lock.LockUntilStaff); after the link worker's PIN, one Back
// is their case.
func TestFinishedSelfCompletionStaysHeld(t *testing.T) {
	h := newHarness(t, true, fyne.NewSize(800, 1280))
	lock := &fakeLock{}
	h.u.opts.Lock = lock
	h.signIn(domain.RoleLinkWorker)
	pid := h.st.View().SearchPeople("a", 1)[0].ID
	openCase(t, h, pid)
	caseTitle := h.u.current().Title()
	c := h.w.Canvas().Content()
	test.Tap(uitest.Button(t, c, "Wellbeing questions"))
	test.Tap(uitest.Button(t, c, "Hand to the person to fill in"))
	if h.u.navBar.Visible() || h.u.backBtn.Visible() {
		t.Fatal("not held after hand-over")
	}
	for q := 0; q < domain.ONS4Items; q++ {
		bs := buttonsNamed(h, "7")
		test.Tap(bs[q])
	}
	test.Tap(uitest.Button(t, c, "I have finished"))
	shot(t, h, "self-completion-finished")
	if h.u.navBar.Visible() || h.u.backBtn.Visible() || !h.u.staffBtn.Disabled() {
		t.Errorf("after \"I have finished\", still in the person's hands: nav bar %v, Back %v, switch enabled %v",
			h.u.navBar.Visible(), h.u.backBtn.Visible(), !h.u.staffBtn.Disabled())
	}
	h.u.Back()
	if s := h.u.current(); s.Title() != "Wellbeing questions" {
		t.Errorf("Back from the finished form shows %q (the link worker's case)", s.Title())
	}
	h.u.ShowNav("people")
	if s := h.u.current(); s.Title() != "Wellbeing questions" {
		t.Errorf("the navigation bar took the person to %q", s.Title())
	}

	// Staff take it back with their PIN, on the lock's own unlock screen.
	test.Tap(uitest.Button(t, c, "Staff: unlock"))
	if lock.afterUnlock == nil {
		t.Fatal("Staff: unlock did not lock the device until staff unlock it")
	}
	lock.afterUnlock(h.u.staff.ID)
	shot(t, h, "self-completion-handed-back")
	if !h.u.navBar.Visible() || !h.u.backBtn.Visible() || h.u.staffBtn.Disabled() {
		t.Errorf("after the staff PIN: nav bar %v, Back %v, switch enabled %v",
			h.u.navBar.Visible(), h.u.backBtn.Visible(), !h.u.staffBtn.Disabled())
	}
	h.u.Back()
	if s := h.u.current(); s.Title() != caseTitle {
		t.Errorf("one Back after the staff PIN shows %q, want the case %q", s.Title(), caseTitle)
	}
}
