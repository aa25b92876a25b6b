package people

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

// TestCardPrintButtonsAreClear: reception prints someone's info sheet
// from their card with buttons that look like buttons, in the Activities
// screen's words ("Print info sheet", "Print in large print"), each with
// the print icon; the size their access needs ask for comes first, and
// large print, when they need it, highlighted; and at 1280×800 every
// activity's buttons are on the screen as a full card opens, not under
// its bottom edge.
func TestCardPrintButtonsAreClear(t *testing.T) {
	for name, size := range map[string]fyne.Size{"1280x800": desktopSize, "800x1280": portraitSize} {
		for _, needsLarge := range []bool{false, true} {
			t.Run(fmt.Sprint(name, " large print ", needsLarge), func(t *testing.T) {
				h := newHarness(t, true, size)
				h.signIn(domain.RoleReception)
				id, _ := personAtTwoVenues(t, h.st.View())
				// A full card: access needs, emergency contact and
				// contact details each run to several lines.
				needs := "Uses a walking frame; type 1 diabetes, keeps glucose tablets in her bag; hard of hearing on the left; needs a chair with arms"
				if needsLarge {
					needs = "Partially sighted: large print, please. " + needs
				}
				if err := h.st.Save("tester", record.Change{Kind: domain.KindPerson, ID: id, Fields: map[string]string{"access_needs": needs,
					"emergency_contact_name": "Daughter, Aisha Jones (works nights: try her husband, Sam, first on 07700 900999)",
					"email":                  "fatima.jones@example.org", "contact_preferences": `["phone","text","email","letter"]`}}); err != nil {
					t.Fatal(err)
				}
				ps := NewCard(h.sh, id)
				h.sh.Push(ps)
				ps.Refresh()
				uitest.Shot(t, h.w, fmt.Sprint("card-print-", name, "-", needsLarge))
				if len(ps.printBtns) < 2 || len(ps.altPrintBtns) != len(ps.printBtns) {
					t.Fatalf("%d info-sheet buttons and %d in the other size, want a pair for each of two or more activities", len(ps.printBtns), len(ps.altPrintBtns))
				}
				first, other := "Print info sheet", "Print in large print"
				if needsLarge {
					first, other = other, first
				}
				for i := range ps.printBtns {
					for _, c := range []struct {
						b    *widget.Button
						text string
					}{{ps.printBtns[i], first}, {ps.altPrintBtns[i], other}} {
						if c.b.Text != c.text {
							t.Errorf("activity %d: a print button says %q, want %q", i, c.b.Text, c.text)
						}
						if c.b.Icon == nil || c.b.Icon.Name() != theme.DocumentPrintIcon().Name() {
							t.Errorf("activity %d: %q has no print icon", i, c.b.Text)
						}
						if c.b.Importance == widget.LowImportance {
							t.Errorf("activity %d: %q is a low-emphasis text button", i, c.b.Text)
						}
					}
					if needsLarge && ps.printBtns[i].Importance != widget.HighImportance {
						t.Errorf("activity %d: %q, the size they need, is not the highlighted button", i, first)
					}
				}
				if size != desktopSize {
					return
				}
				for i, b := range ps.printBtns {
					pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(b)
					if bottom := pos.Y + b.Size().Height; b.Size().Height == 0 || bottom > h.w.Canvas().Size().Height {
						t.Errorf("activity %d's %q ends at %.0f, below the window's %.0f", i, b.Text, bottom, h.w.Canvas().Size().Height)
					}
				}
			})
		}
	}
}
