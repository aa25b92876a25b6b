package app

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/domain"
)

// TestPracticesAreAList: an administrator keeps the GP practices like
// venues (add one with the other names it goes by; a name already on the
// list is refused in words); a person's practice is then picked from the
// list, and typed as another name it is saved under the list's name, so
// reports count one practice.
func TestPracticesAreAList(t *testing.T) {
	h := newHarness(t, true, fyne.NewSize(1280, 800))
	h.signIn(domain.RoleAdministrator)
	h.u.ShowNav("activities")
	acts := h.u.current().(*activitiesScreen)
	if !acts.practicesBtn.Visible() {
		t.Fatal("an administrator is not offered the GP practices")
	}
	test.Tap(acts.practicesBtn)
	list := h.u.current().(*practicesScreen)
	test.Tap(list.addBtn)
	f := h.u.current().(*practiceForm)
	f.name.SetText("Riverside Surgery")
	f.others.SetText("Riverside Medical Centre\nRiverside MC")
	test.Tap(f.saveBtn)
	if h.u.current() != list {
		t.Fatalf("after Save: on %T (problem %q)", h.u.current(), f.problem.Text)
	}
	uitest.MustShow(t, list.Content(), "Riverside Surgery", "Also called Riverside Medical Centre, Riverside MC")

	test.Tap(list.addBtn)
	dup := h.u.current().(*practiceForm)
	dup.name.SetText("riverside medical centre")
	test.Tap(dup.saveBtn)
	if h.u.current() != dup || !uitest.Shows(dup.Content(), "already Riverside Surgery") {
		t.Errorf("a second practice by another's name was not refused in words (problem %q)", dup.problem.Text)
	}
	if n := len(h.st.View().Practices()); n != 1 {
		t.Errorf("%d practices saved, want 1", n)
	}
	h.u.Pop()

	ps, pf, id := openPersonEdit(t, h)
	if got := pf.knownPractices(); !slices.Equal(got, []string{"Riverside Surgery"}) {
		t.Errorf("the practice picker offers %v, not the list", got)
	}
	pf.practice.SetText("riverside mc")
	test.Tap(pf.saveBtn)
	if h.u.current() != ps {
		t.Fatalf("after Save: on %T (problem %q)", h.u.current(), pf.problem.Text)
	}
	if p, _ := h.st.View().Person(id); p.Practice != "Riverside Surgery" {
		t.Errorf("practice saved as %q, want the list's name Riverside Surgery", p.Practice)
	}

	// Archived, it is no longer offered; it stays restorable.
	h.signIn(domain.RoleAdministrator)
	pr := h.st.View().Practices()[0]
	af := newPracticeForm(h.u, pr.ID, func(string) {})
	h.u.Push(af)
	test.Tap(af.archiveBtn)
	test.Tap(af.archiveYes)
	if n := len(h.st.View().Practices()); n != 0 {
		t.Errorf("%d practices offered after archiving, want 0", n)
	}

	for _, role := range []string{domain.RoleFacilitator, domain.RoleReception} {
		h.signIn(role)
		h.u.ShowNav("activities")
		if a, ok := h.u.current().(*activitiesScreen); ok && a.practicesBtn.Visible() {
			t.Errorf("a %s is offered to keep the GP practices", role)
		}
	}
}
