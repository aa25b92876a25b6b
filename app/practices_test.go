package app

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

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
	// The demo has practices of its own (demo.Practices); this one is new.
	demoPractices := domain.PracticeChoices(h.st.View().Practices())
	// Admin › GP practices › Add a practice, by what they show.
	h.u.ShowNav("admin")
	test.Tap(uitest.Button(t, h.u.current().Content(), "GP practices"))
	list := h.u.current()
	add := func() Screen {
		t.Helper()
		test.Tap(uitest.Button(t, list.Content(), "Add a practice"))
		if h.u.current() == list || h.u.current().Title() != "New practice" {
			t.Fatalf("Add a practice showed %q", h.u.current().Title())
		}
		return h.u.current()
	}
	f := add()
	uitest.Entry(t, f.Content(), "For example: Riverside Surgery").SetText("Hillside Surgery")
	uitest.Entry(t, f.Content(), "One a line, for example: Riverside Medical Centre").SetText("Hillside Medical Centre\nHillside MC")
	test.Tap(uitest.Button(t, f.Content(), "Save"))
	if h.u.current() != list {
		t.Fatalf("after Save: on %T (it shows %q)", h.u.current(), uitest.Texts(f.Content()))
	}
	uitest.MustShow(t, list.Content(), "Hillside Surgery", "Also called Hillside Medical Centre, Hillside MC")

	dup := add()
	uitest.Entry(t, dup.Content(), "For example: Riverside Surgery").SetText("hillside medical centre")
	test.Tap(uitest.Button(t, dup.Content(), "Save"))
	if h.u.current() != dup || !uitest.Shows(dup.Content(), "already Hillside Surgery") {
		t.Errorf("a second practice by another's name was not refused in words (it shows %q)", uitest.Texts(dup.Content()))
	}
	if n := len(h.st.View().Practices()); n != len(demoPractices)+1 {
		t.Errorf("%d practices saved, want the demo's %d and 1", n, len(demoPractices))
	}
	h.u.Pop()

	ps, pf, id := openPersonEdit(t, h)
	if got := pf.knownPractices(); !slices.Contains(got, "Hillside Surgery") || len(got) != len(demoPractices)+1 {
		t.Errorf("the practice picker offers %v, not the list", got)
	}
	pf.practice.SetText("hillside mc")
	test.Tap(pf.saveBtn)
	if h.u.current() != ps {
		t.Fatalf("after Save: on %T (problem %q)", h.u.current(), pf.problem.Text)
	}
	if p, _ := h.st.View().Person(id); p.Practice != "Hillside Surgery" {
		t.Errorf("practice saved as %q, want the list's name Hillside Surgery", p.Practice)
	}

	// Archived, it is no longer offered; it stays restorable.
	h.signIn(domain.RoleAdministrator)
	h.u.ShowNav("admin")
	test.Tap(uitest.Button(t, h.u.current().Content(), "GP practices"))
	// The list is by name: Hillside Surgery comes before the demo's.
	test.Tap(uitest.Buttons(h.u.current().Content(), "Edit")[0])
	if !uitest.Shows(h.u.current().Content(), "Hillside Surgery") {
		t.Fatalf("the first Edit opened %q", uitest.Texts(h.u.current().Content()))
	}
	test.Tap(uitest.Button(t, h.u.current().Content(), "Archive this practice"))
	var yes *widget.Button
	uitest.VisibleButtons(h.w.Canvas().Overlays().Top(), func(b *widget.Button) {
		if b.Text == "Archive" {
			yes = b
		}
	})
	if yes == nil {
		t.Fatal("Archive this practice did not ask first")
	}
	test.Tap(yes)
	if got := domain.PracticeChoices(h.st.View().Practices()); slices.Contains(got, "Hillside Surgery") {
		t.Errorf("practices offered after archiving: %v", got)
	}
	// Who is offered the list, and where: TestNavigationNamesAndPlaces.
}
