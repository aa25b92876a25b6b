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
// and can be restored. Only those who keep the list may (CanKeepPractices,
// which the Admin screen's section reads), and Activities no longer shows it. (The
// window's TestPracticesAreAList picks a person's practice from it.)
func TestPracticesAreAList(t *testing.T) {
	h := newHarness(t, true, fyne.NewSize(1280, 800))
	h.signIn(domain.RoleAdministrator)
	// The demo has practices of its own (demo.Practices); this one is new.
	demoCount := len(h.st.View().Practices())
	hillside := func() (domain.Practice, bool) {
		for _, p := range h.st.View().Practices() {
			if p.Name == "Hillside Surgery" {
				return p, true
			}
		}
		return domain.Practice{}, false
	}
	if !CanKeepPractices(h) {
		t.Fatal("an administrator does not keep the GP practices")
	}
	// The Admin screen shows the list as a section; here it is the screen
	// forms go back to.
	h.Stack = nil
	h.Push(NewPractices(h))
	list := h.current().(*practicesScreen)
	test.Tap(list.addBtn)
	f := h.current().(*practiceForm)
	f.name.SetText("Hillside Surgery")
	f.others.SetText("Hillside Medical Centre\nHillside MC")
	test.Tap(f.saveBtn)
	if h.current() != list {
		t.Fatalf("after Save: on %T (problem %q)", h.current(), f.problem.Text)
	}
	uitest.MustShow(t, list.Content(), "Hillside Surgery", "Also called Hillside Medical Centre, Hillside MC")
	if p, ok := hillside(); !ok || len(p.OtherNames) != 2 || len(h.st.View().Practices()) != demoCount+1 {
		t.Fatalf("saved %+v", h.st.View().Practices())
	}

	test.Tap(list.addBtn)
	dup := h.current().(*practiceForm)
	dup.name.SetText("hillside medical centre")
	if !dup.Unsaved() {
		t.Error("a form with a name typed says nothing is unsaved")
	}
	test.Tap(dup.saveBtn)
	if h.current() != dup || !uitest.Shows(dup.Content(), "already Hillside Surgery") {
		t.Errorf("a second practice by another's name was not refused in words (problem %q)", dup.problem.Text)
	}
	if n := len(h.st.View().Practices()); n != demoCount+1 {
		t.Errorf("%d practices saved, want the demo's %d and 1", n, demoCount)
	}
	h.Pop()

	// Archived, it is no longer offered; it stays restorable.
	pr, _ := hillside()
	test.Tap(list.editBtns[pr.ID])
	af := h.current().(*practiceForm)
	if af.Unsaved() {
		t.Error("an untouched form says something is unsaved")
	}
	test.Tap(af.archiveBtn)
	test.Tap(af.archiveYes)
	if _, ok := hillside(); ok || len(h.st.View().Practices()) != demoCount {
		t.Errorf("practices offered after archiving: %+v", h.st.View().Practices())
	}
	if h.current() != list || !uitest.Shows(list.Content(), "Archived Hillside Surgery.") {
		t.Fatalf("after archiving: on %T", h.current())
	}
	test.Tap(list.archivedBtn)
	test.Tap(list.restoreBtns[pr.ID])
	if p, ok := hillside(); !ok || p.ID != pr.ID {
		t.Errorf("restoring gave %+v", h.st.View().Practices())
	}

	for _, role := range []string{domain.RoleFacilitator, domain.RoleReception, domain.RoleCoordinator} {
		h.signIn(role)
		if CanKeepPractices(h) {
			t.Errorf("a %s keeps the GP practices", role)
		}
		if a := h.activitiesScreen(); uitest.Shows(a.Content(), "GP practices") {
			t.Errorf("Activities offers a %s the GP practices (they are in Admin)", role)
		}
	}
	// Nor does Activities offer them to those who keep them: the list is
	// in Admin (app's navigation test).
	h.signIn(domain.RoleAdministrator)
	if a := h.activitiesScreen(); uitest.Shows(a.Content(), "GP practices") {
		t.Error("Activities still offers the GP practices")
	}
}
