package people

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

// TestCardDetailsAreOneSet: the contact details reception and link workers
// see on a card (phone, born, how they agreed to be contacted) sit in a
// panel headed "Contact details", as access needs and the emergency
// contact do, their text in line with theirs; they lay loose under the
// panels, at the panels' outer edge, at 1280x800 and on a portrait tablet.
func TestCardDetailsAreOneSet(t *testing.T) {
	for name, size := range map[string]fyne.Size{"1280x800": desktopSize, "800x1280": portraitSize} {
		for _, ts := range uitest.TextSizes {
			t.Run(fmt.Sprint(name, " ", ts.Name), func(t *testing.T) {
				h := newHarness(t, true, size)
				uitest.UseTextSize(ts.Scale)
				h.signIn(domain.RoleReception)
				id, _ := personAtTwoVenues(t, h.st.View())
				if err := h.st.Save("tester", record.Change{Kind: domain.KindPerson, ID: id, Fields: map[string]string{
					"phone": "07700 900556", "date_of_birth": "1959-04-15"}}); err != nil {
					t.Fatal(err)
				}
				ps := NewCard(h.sh, id)
				h.sh.Push(ps)
				ps.Refresh()
				h.w.Content().Refresh()
				uitest.Shot(t, h.w, fmt.Sprint("card-details-", name, "-", ts.Name))
				if !ps.contact.Visible() {
					t.Fatal("no contact details on show")
				}
				uitest.MustShow(t, ps.Content(), "Contact details")
				d := fyne.CurrentApp().Driver()
				x := func(l *widget.Label) float32 { return d.AbsolutePositionForObject(l).X }
				if got, want := x(ps.contact), x(ps.emergency); got != want {
					t.Errorf("the contact details start at x=%.0f, the emergency contact's at x=%.0f: not in a panel as it is", got, want)
				}
				if got, want := x(ps.emergency), x(ps.access); got != want {
					t.Errorf("the emergency contact starts at x=%.0f, the access needs at x=%.0f", got, want)
				}
			})
		}
	}
}
