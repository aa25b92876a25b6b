package activities

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/domain"
)

// TestPracticesAreAList: an administrator keeps the GP practices like
// venues (add one with the other names it goes by; a name already on the
// list is refused in words); archived, a practice is no longer offered
// and can be restored. Only those who keep the list are offered it. (The
// window's TestPracticesAreAList picks a person's practice from it.)
func TestPracticesAreAList(t *testing.T) {
	h := newHarness(t, true, fyne.NewSize(1280, 800))
	h.signIn(domain.RoleAdministrator)
	acts := h.activitiesScreen()
	if !acts.practicesBtn.Visible() {
		t.Fatal("an administrator is not offered the GP practices")
	}
	test.Tap(acts.practicesBtn)
	list := h.current().(*practicesScreen)
	test.Tap(list.addBtn)
	f := h.current().(*practiceForm)
	f.name.SetText("Riverside Surgery")
	f.others.SetText("Riverside Medical Centre\nRiverside MC")
	test.Tap(f.saveBtn)
	if h.current() != list {
		t.Fatalf("after Save: on %T (problem %q)", h.current(), f.problem.Text)
	}
	uitest.MustShow(t, list.Content(), "Riverside Surgery", "Also called Riverside Medical Centre, Riverside MC")
	if ps := h.st.View().Practices(); len(ps) != 1 || ps[0].Name != "Riverside Surgery" || len(ps[0].OtherNames) != 2 {
		t.Fatalf("saved %+v", ps)
	}

	test.Tap(list.addBtn)
	dup := h.current().(*practiceForm)
	dup.name.SetText("riverside medical centre")
	if !dup.Unsaved() {
		t.Error("a form with a name typed says nothing is unsaved")
	}
	test.Tap(dup.saveBtn)
	if h.current() != dup || !uitest.Shows(dup.Content(), "already Riverside Surgery") {
		t.Errorf("a second practice by another's name was not refused in words (problem %q)", dup.problem.Text)
	}
	if n := len(h.st.View().Practices()); n != 1 {
		t.Errorf("%d practices saved, want 1", n)
	}
	h.Pop()

	// Archived, it is no longer offered; it stays restorable.
	pr := h.st.View().Practices()[0]
	test.Tap(list.editBtns[pr.ID])
	af := h.current().(*practiceForm)
	if af.Unsaved() {
		t.Error("an untouched form says something is unsaved")
	}
	test.Tap(af.archiveBtn)
	test.Tap(af.archiveYes)
	if n := len(h.st.View().Practices()); n != 0 {
		t.Errorf("%d practices offered after archiving, want 0", n)
	}
	if h.current() != list || !uitest.Shows(list.Content(), "Archived Riverside Surgery.") {
		t.Fatalf("after archiving: on %T", h.current())
	}
	test.Tap(list.archivedBtn)
	test.Tap(list.restoreBtns[pr.ID])
	if ps := h.st.View().Practices(); len(ps) != 1 || ps[0].ID != pr.ID {
		t.Errorf("restoring gave %+v", ps)
	}

	for _, role := range []string{domain.RoleFacilitator, domain.RoleReception} {
		h.signIn(role)
		if a := h.activitiesScreen(); a.practicesBtn.Visible() {
			t.Errorf("a %s is offered to keep the GP practices", role)
		}
	}
}
