package activities

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/domain"
)

// TestActivitiesFitTheWidth: at every text size, on a portrait tablet and
// a laptop, as a facilitator (two print buttons) and a link worker (Edit
// too) see it, no activity's buttons or details run past the window's
// right edge: the print buttons go under a long name when they do not fit
// beside it. (At Large text on a portrait tablet "Print in large print"
// was half off the screen, and with it "Where" and "How to get there".)
func TestActivitiesFitTheWidth(t *testing.T) {
	for _, size := range []fyne.Size{fyne.NewSize(800, 1280), desktopSize} {
		for _, ts := range uitest.TextSizes {
			for _, role := range []string{domain.RoleFacilitator, domain.RoleLinkWorker} {
				t.Run(fmtSize(size)+"-"+ts.Name+"-"+role, func(t *testing.T) {
					h := newHarness(t, true, size)
					h.signIn(role)
					fyne.CurrentApp().Settings().SetTheme(uitest.TextSize{Theme: theme.DefaultTheme(), Scale: ts.Scale})
					s := h.activitiesScreen()
					s.Refresh()
					h.Win.Content().Refresh()
					uitest.Shot(t, h.Win, "activities-"+fmtSize(size)+"-"+ts.Name+"-"+role)
					if got := uitest.PastRightEdge(h.Win.Content(), 0, size.Width); len(got) > 0 {
						t.Errorf("past the right edge of the %.0f wide window: %q", size.Width, got)
					}
				})
			}
		}
	}
}

func fmtSize(s fyne.Size) string {
	return fmt.Sprintf("%.0fx%.0f", s.Width, s.Height)
}
