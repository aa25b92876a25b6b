package register

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/domain"
)

// TestWalkInFormFitsTheWidth: at every text size, on a portrait tablet and
// a laptop, nothing on the walk-in form runs past the window's right edge:
// no answer to "Came" cut off, no text box or dropdown losing its right
// edge, however long the labels ("Emergency contact's phone").
func TestWalkInFormFitsTheWidth(t *testing.T) {
	for _, size := range []fyne.Size{fyne.NewSize(800, 1280), desktopSize} {
		for _, ts := range uitest.TextSizes {
			t.Run(sizeName(size)+"-"+ts.Name, func(t *testing.T) {
				h := newHarness(t, true, size)
				fyne.CurrentApp().Settings().SetTheme(uitest.TextSize{Theme: theme.DefaultTheme(), Scale: ts.Scale})
				h.signIn(domain.RoleFacilitator)
				r := h.openRegister(garden)
				test.Tap(r.walkInBtn)
				top := h.w.Canvas().Overlays().Top()
				top.Refresh()
				uitest.Shot(t, h.w, "walkin-width-"+sizeName(size)+"-"+ts.Name)
				if got := uitest.PastRightEdge(top, 0, size.Width); len(got) > 0 {
					t.Errorf("past the right edge of the %.0f wide window: %q", size.Width, got)
				}
				if cut := uitest.CutShort(top); len(cut) > 0 {
					t.Errorf("cut short: %q", cut)
				}
			})
		}
	}
}
