package admin

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/domain"
)

// TestMakeCodeFormFitsTheWidth: the form that makes a connection code
// has nothing past the window's right edge at any text size, on a
// portrait tablet and a laptop: its two choices of who will use the
// device are short enough to sit inside the dialog. (At the largest text
// on a portrait tablet "The whole organisation: an office computer or a
// link worker's laptop" took the form to 847 of 800, the line above it
// cut off mid-word.)
func TestMakeCodeFormFitsTheWidth(t *testing.T) {
	for _, size := range []fyne.Size{fyne.NewSize(800, 1280), desktopSize} {
		for _, ts := range uitest.TextSizes {
			t.Run(sizeName(size)+"-"+ts.Name, func(t *testing.T) {
				h, a := devicesHarness(t, domain.RoleAdministrator, demoDevices())
				h.w.Resize(size)
				fyne.CurrentApp().Settings().SetTheme(uitest.TextSize{Theme: theme.DefaultTheme(), Scale: ts.Scale})
				a.onSection(adminDevices)
				test.Tap(a.devices.makeBtn)
				if a.devices.form == nil {
					t.Fatal("no form")
				}
				uitest.Shot(t, h.w, "make-code-"+sizeName(size)+"-"+ts.Name)
				for _, ov := range h.w.Canvas().Overlays().List() {
					if got := uitest.PastRightEdge(ov, 0, size.Width); len(got) > 0 {
						t.Errorf("past the right edge of the %.0f wide window: %q", size.Width, got)
					}
				}
			})
		}
	}
}
