package app

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/app/kit"
	"github.com/gather-sp/gather/domain"
)

// TestReceptionCardPrintsWithoutScrolling: at every text size, on a laptop
// and a portrait tablet, in the app's frame (header, navigation, footer),
// the reception desk sees the first info sheet's print button as the card
// opens: printing is its main work there (access.CardLeadsWithPrinting),
// and at Largest on a laptop the card falls to one column, which put the
// buttons under the access needs, the emergency contact and the contact
// details, below the fold.
//
// Each at a laptop's common sizes (1280x800, 1366x768) and with the
// access needs as the demo has them or written out at length, as a link
// worker may: the access needs come first and push the buttons down.
func TestReceptionCardPrintsWithoutScrolling(t *testing.T) {
	const longNeeds = "Uses a wheelchair: needs step-free access and a table she can sit at. " +
		"Hard of hearing in her left ear: sit on her right, face her when speaking, and write down times and places. " +
		"Comes with her daughter, who drives her. Gets tired after an hour: offer a seat near the door and a break halfway. Type 2 diabetes: may need a snack."
	for _, size := range []fyne.Size{desktopSize, fyne.NewSize(1366, 768), fyne.NewSize(800, 1280)} {
		for _, ts := range uitest.TextSizes {
			for _, needs := range []string{"", longNeeds} {
				name := fmt.Sprintf("%.0fx%.0f-%s", size.Width, size.Height, ts.Name)
				if needs != "" {
					name += "-long-access-needs"
				}
				t.Run(name, func(t *testing.T) {
					h := newHarness(t, true, size)
					h.u.SetAppearance(ts.Name, AppearanceLight)
					if needs != "" {
						setAccessNeeds(t, h, scenePersonEnrolled(h.st.View()), needs)
					}
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
}

// setAccessNeeds writes person id's access needs as a link worker would.
func setAccessNeeds(t *testing.T, h *harness, id, needs string) {
	t.Helper()
	before, ok := h.st.View().Person(id)
	if !ok {
		t.Fatalf("no person %q", id)
	}
	after := before
	after.AccessNeeds = needs
	if err := h.st.Save("test", domain.Changed(domain.KindPerson, id, before, after)...); err != nil {
		t.Fatal(err)
	}
}
