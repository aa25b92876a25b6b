package people

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

// TestCardPrimaryActionFollowsTheRolesWork: the highlighted button on a
// person card is the work the role does there. At the reception desk
// that is printing the info sheet for what they go to, so the print
// buttons (the sheet in the size they need) are the primary ones and
// "Open their case" is plain; for a link worker the card is the way into
// the case, which stays the one highlighted, the print buttons plain.
func TestCardPrimaryActionFollowsTheRolesWork(t *testing.T) {
	for name, size := range map[string]fyne.Size{"1280x800": desktopSize, "800x1280": portraitSize} {
		for _, c := range []struct {
			role          string
			caseImp       widget.Importance
			printImp      widget.Importance
			otherPrintImp widget.Importance
		}{
			{domain.RoleReception, widget.MediumImportance, widget.HighImportance, widget.MediumImportance},
			{domain.RoleLinkWorker, widget.HighImportance, widget.MediumImportance, widget.MediumImportance},
		} {
			t.Run(fmt.Sprint(name, " ", c.role), func(t *testing.T) {
				h := newHarness(t, true, size)
				h.signIn(c.role)
				id, _ := personAtTwoVenues(t, h.st.View())
				if err := h.st.Save("tester", record.Change{Kind: domain.KindPerson, ID: id, Fields: map[string]string{"access_needs": ""}}); err != nil {
					t.Fatal(err)
				}
				ps := NewCard(h.sh, id)
				h.sh.Push(ps)
				ps.Refresh()
				if !ps.caseBtn.Visible() {
					t.Fatalf("%s has no %q button", c.role, ps.caseBtn.Text)
				}
				if ps.caseBtn.Importance != c.caseImp {
					t.Errorf("%q has importance %v, want %v", ps.caseBtn.Text, ps.caseBtn.Importance, c.caseImp)
				}
				if len(ps.printBtns) == 0 {
					t.Fatal("no print buttons")
				}
				for i := range ps.printBtns {
					if b := ps.printBtns[i]; b.Importance != c.printImp {
						t.Errorf("activity %d: %q has importance %v, want %v", i, b.Text, b.Importance, c.printImp)
					}
					if b := ps.altPrintBtns[i]; b.Importance != c.otherPrintImp {
						t.Errorf("activity %d: %q has importance %v, want %v", i, b.Text, b.Importance, c.otherPrintImp)
					}
				}
			})
		}
	}
}
