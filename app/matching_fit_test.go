package app

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/casework"
	"github.com/gather-sp/gather/app/internal/uitest"
)

// TestMatchingShowsAnActivityWithoutScrolling: at every text size, on a
// laptop and a portrait tablet, in the app's frame (header, navigation,
// footer), the link worker matching someone sees the first activity's
// Match tick as the screen opens. At Largest on a laptop the filters
// alone filled the screen: no activity showed before scrolling.
func TestMatchingShowsAnActivityWithoutScrolling(t *testing.T) {
	for _, size := range []fyne.Size{desktopSize, fyne.NewSize(800, 1280)} {
		for _, ts := range uitest.TextSizes {
			name := fmt.Sprintf("%.0fx%.0f-%s", size.Width, size.Height, ts.Name)
			t.Run(name, func(t *testing.T) {
				h := newHarness(t, true, size)
				if err := casework.SeedDemo(h.st, testNow); err != nil {
					t.Fatal(err)
				}
				h.u.SetAppearance(ts.Name, AppearanceLight)
				if err := h.u.ShowScene("matching"); err != nil {
					t.Fatal(err)
				}
				h.w.Resize(size)
				h.w.Content().Refresh()
				uitest.Shot(t, h.w, "matching-"+name)
				var first *widget.Button
				uitest.VisibleButtons(h.w.Content(), func(b *widget.Button) {
					if first == nil && b.Text == "Match" {
						first = b
					}
				})
				if first == nil {
					t.Fatal("no activity with a Match tick")
				}
				if why := uitest.OutOfSight(h.w, first); why != "" {
					t.Errorf("the first activity's Match tick cannot be seen without scrolling: %s", why)
				}
			})
		}
	}
}
