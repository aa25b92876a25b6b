package app

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/app/kit"
)

// TestReceptionCardPrintsWithoutScrolling: at every text size, on a laptop
// and a portrait tablet, in the app's frame (header, navigation, footer),
// the reception desk sees the first info sheet's print button as the card
// opens: printing is its main work there (access.CardLeadsWithPrinting),
// and at Largest on a laptop the card falls to one column, which put the
// buttons under the access needs, the emergency contact and the contact
// details, below the fold.
func TestReceptionCardPrintsWithoutScrolling(t *testing.T) {
	for _, size := range []fyne.Size{desktopSize, fyne.NewSize(800, 1280)} {
		for _, ts := range uitest.TextSizes {
			name := fmt.Sprintf("%.0fx%.0f-%s", size.Width, size.Height, ts.Name)
			t.Run(name, func(t *testing.T) {
				h := newHarness(t, true, size)
				h.u.SetAppearance(ts.Name, AppearanceLight)
				if err := h.u.ShowScene("person-reception"); err != nil {
					t.Fatal(err)
				}
				h.w.Resize(size)
				h.w.Content().Refresh()
				uitest.Shot(t, h.w, "card-reception-"+name)
				var first *widget.Button
				uitest.VisibleButtons(h.w.Content(), func(b *widget.Button) {
					if first == nil && (b.Text == kit.PrintInfoSheet || b.Text == kit.PrintInLargePrint) {
						first = b
					}
				})
				if first == nil {
					t.Fatal("the card has no print button")
				}
				if first.Importance != widget.HighImportance {
					t.Errorf("the first print button, %q, is not the primary action", first.Text)
				}
				if why := uitest.OutOfSight(h.w, first); why != "" {
					t.Errorf("%q cannot be seen without scrolling: %s", first.Text, why)
				}
			})
		}
	}
}
