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

// TestWalkInSameNameOnlyGivesCluesNotANudge: a walk-in has the same name
// as someone already enrolled here. A facilitator on the venue's tablet
// is shown what the register knows and they can ask about (enrolled in
// Garden group, the day they last came), is told only the name matches,
// and "This is them" is not the highlighted choice; the panel is whole
// inside the dialog on a portrait tablet. When a phone number or date of
// birth matches too (a link worker, who may see them), it is.
func TestWalkInSameNameOnlyGivesCluesNotANudge(t *testing.T) {
	for _, size := range []fyne.Size{fyne.NewSize(800, 1280), desktopSize} {
		t.Run(sizeName(size), func(t *testing.T) {
			h := newHarness(t, true, size)
			a, _ := h.sh.View().Get(domain.KindActivity, garden)
			h.sh.SetVenueDevice(a.Get("venue_id"))
			h.signIn(domain.RoleFacilitator)
			r := h.openRegister(garden)
			var known domain.Person
			var last string
			for _, id := range r.expected {
				for _, m := range h.st.View().PersonAttendance(id) {
					// At this tablet's venue: the only marks it would
					// hold, and the only ones the clues may name.
					if domain.Attended(m.Status) && m.VenueID == a.Get("venue_id") && m.Date > last {
						known, last = r.people[id], m.Date
					}
				}
				if known.ID != "" {
					break
				}
			}
			if known.ID == "" {
				t.Fatal("nobody on the demo's garden register has come before")
			}
			test.Tap(r.walkInBtn)
			test.Type(r.walkIn.given, known.GivenName)
			test.Type(r.walkIn.family, known.FamilyName)
			test.Tap(r.walkIn.addBtn)
			if !r.walkIn.dupBox.Visible() {
				t.Fatal("no duplicate question for the same name")
			}
			h.w.Canvas().Overlays().Top().Refresh()
			uitest.Shot(t, h.w, "walkin-clues-"+sizeName(size))
			text := strings.Join(uitest.Texts(r.walkIn.dupBox), "\n")
			for _, want := range []string{"enrolled in ", "Garden group", "last came " + domain.DayInWords(last), "Only the name matches"} {
				if !strings.Contains(text, want) {
					t.Errorf("the question does not say %q:\n%s", want, text)
				}
			}
			if imp := r.walkIn.dupUse[0].Importance; imp == widget.HighImportance {
				t.Error("\"This is them\" is the highlighted choice on a name alone")
			}
			if cut := clippedEdges(r.walkIn.scroll); len(cut) > 0 {
				t.Errorf("cut off at the dialog's right edge: %q", cut)
			}
		})
	}
	t.Run("likely", func(t *testing.T) {
		h := newHarness(t, true, desktopSize)
		h.signIn(domain.RoleLinkWorker)
		r := h.openRegister(garden)
		known := someoneElseWithCaseFields(t, h, r)
		test.Tap(r.walkInBtn)
		test.Type(r.walkIn.given, known.GivenName)
		test.Type(r.walkIn.family, known.FamilyName)
		test.Type(r.walkIn.dob, known.DateOfBirth)
		test.Tap(r.walkIn.addBtn)
		if len(r.walkIn.dupUse) == 0 || r.walkIn.dupUse[0].Importance != widget.HighImportance {
			t.Error("with the date of birth matching too, \"This is them\" is not the highlighted choice")
		}
		if text := strings.Join(uitest.Texts(r.walkIn.dupBox), "\n"); strings.Contains(text, "Only the name matches") {
			t.Errorf("says only the name matches when the date of birth does too:\n%s", text)
		}
	})
}
