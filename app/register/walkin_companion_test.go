package register

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/domain"
)

// TestWalkInSaysWhoTheyCameWith: a newcomer who walks in with a friend or
// a carer is added with that said, in the same form ("Came"), at either
// size: the mark keeps it (Reports count friends and carers) and their row
// says so. Before, the facilitator had to find the new row, tap its
// button, choose "With a friend" and save again, while others queued.
// Choosing "This is them" for someone already known keeps it too.
func TestWalkInSaysWhoTheyCameWith(t *testing.T) {
	for _, size := range []fyne.Size{fyne.NewSize(800, 1280), desktopSize} {
		t.Run(sizeName(size), func(t *testing.T) {
			h := newHarness(t, true, size)
			h.signIn(domain.RoleFacilitator)
			r := h.openRegister(garden)
			test.Tap(r.walkInBtn)
			came := cameChoice(t, h)
			if came.Selected != "On their own" {
				t.Errorf("Came starts at %q, want On their own", came.Selected)
			}
			test.Type(r.walkIn.given, "Winifred")
			test.Type(r.walkIn.family, "Ashworth-Kaye")
			came.SetSelected("With a friend")
			uitest.Shot(t, h.w, "walkin-came-"+sizeName(size))
			test.Tap(r.walkIn.addBtn)
			found := h.st.View().SearchPeople("Winifred Ashworth", 2)
			if len(found) != 1 {
				t.Fatalf("found %d people", len(found))
			}
			m := h.mark(r.sessionID, found[0].ID)
			if m.Status != domain.StatusPresent || m.Companion != "friend" {
				t.Errorf("the walk-in's mark is %q with companion %q, want present with a friend", m.Status, m.Companion)
			}
			if row := uitest.LaidOutText(h.row(r, found[0].ID)); !strings.Contains(row, "came with a friend") {
				t.Errorf("their row does not say they came with a friend:\n%s", row)
			}

			// Someone already known, walking in with their carer.
			known := someoneElseWithCaseFields(t, h, r)
			test.Tap(r.walkInBtn)
			test.Type(r.walkIn.given, known.GivenName)
			test.Type(r.walkIn.family, known.FamilyName)
			cameChoice(t, h).SetSelected("With a carer")
			test.Tap(r.walkIn.addBtn)
			if !r.walkIn.dupBox.Visible() {
				t.Fatal("no duplicate question for the same name")
			}
			test.Tap(r.walkIn.dupUse[0])
			if m := h.mark(r.sessionID, known.ID); m.Status != domain.StatusPresent || m.Companion != "carer" {
				t.Errorf("This is them marked %q with companion %q, want present with a carer", m.Status, m.Companion)
			}
		})
	}
}

// cameChoice is the "Came" choice on the dialog on top.
func cameChoice(t *testing.T, h *harness) *widget.RadioGroup {
	t.Helper()
	top := h.w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog open")
	}
	for _, o := range test.LaidOutObjects(top) {
		if rg, ok := o.(*widget.RadioGroup); ok && rg.Visible() && len(rg.Options) > 1 && rg.Options[1] == "With a friend" {
			return rg
		}
	}
	t.Fatalf("the dialog does not ask who they came with:\n%s", uitest.DialogText(h.w))
	return nil
}

// TestWalkInDateOfBirthTypedDayFirst: a walk-in's date of birth typed as
// it is said in the UK, 21/03/1956, is taken (as the edit form takes it),
// and one that cannot be a date says how to type it.
func TestWalkInDateOfBirthTypedDayFirst(t *testing.T) {
	h := newHarness(t, true, desktopSize)
	h.signIn(domain.RoleFacilitator)
	r := h.openRegister(garden)
	test.Tap(r.walkInBtn)
	test.Type(r.walkIn.given, "Winifred")
	test.Type(r.walkIn.family, "Ashworth-Kaye")
	test.Type(r.walkIn.dob, "31/02/1956")
	test.Tap(r.walkIn.addBtn)
	if want := "The date of birth \"31/02/1956\" is not a date we can read. Type it like 21/03/1956 or 1956-03-21. Or leave it empty."; r.walkIn.errLabel.Text != want || !r.walkIn.errLabel.Visible() {
		t.Errorf("the walk-in form says %q (shown %v), want %q", r.walkIn.errLabel.Text, r.walkIn.errLabel.Visible(), want)
	}
	r.walkIn.dob.SetText("21/03/1956")
	test.Tap(r.walkIn.addBtn)
	if r.walkIn != nil {
		t.Fatalf("the walk-in was not added: %q", r.walkIn.errLabel.Text)
	}
	found := h.st.View().SearchPeople("Winifred Ashworth", 2)
	if len(found) != 1 {
		t.Fatalf("found %d people", len(found))
	}
	// The tablet keeps no date of birth on a venue device; here it does.
	if p, _ := h.st.View().Person(found[0].ID); p.DateOfBirth != "1956-03-21" {
		t.Errorf("date of birth saved as %q, want 1956-03-21", p.DateOfBirth)
	}
}
