package admin

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

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
				uitest.UseTextSize(ts.Scale)
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

// TestMakeCodeFormShowsTheRole: the form that makes a connection code is
// as tall as it needs, up to the window, so on a portrait tablet the role
// the device is for, which decides what the server takes from it, is in
// sight as the form opens, not below a fold in a short dialog with the
// window empty beneath it; and what is wrong after Make is in sight too.
func TestMakeCodeFormShowsTheRole(t *testing.T) {
	for _, size := range []fyne.Size{fyne.NewSize(800, 1280), desktopSize} {
		for _, ts := range uitest.TextSizes {
			t.Run(sizeName(size)+"-"+ts.Name, func(t *testing.T) {
				h, a := devicesHarness(t, domain.RoleAdministrator, demoDevices())
				h.w.Resize(size)
				uitest.UseTextSize(ts.Scale)
				a.onSection(adminDevices)
				test.Tap(a.devices.makeBtn)
				f := a.devices.form
				if f == nil {
					t.Fatal("no form")
				}
				if size.Height > size.Width || ts.Scale == 1 {
					// A laptop at the larger text sizes has no room for all of it.
					if why := uitest.OutOfSight(h.w, f.role); why != "" {
						t.Errorf("the role cannot be seen: %s", why)
					}
				}
				test.Tap(f.makeBtn) // no venue ticked
				uitest.Shot(t, h.w, "make-code-role-"+sizeName(size)+"-"+ts.Name)
				if f.msg.Text == "" {
					t.Fatal("nothing said after Make with no venue ticked")
				}
				if why := uitest.OutOfSight(h.w, f.msg); why != "" && (size.Height > size.Width || ts.Scale == 1) {
					t.Errorf("%q cannot be seen: %s", f.msg.Text, why)
				}
			})
		}
	}
}
