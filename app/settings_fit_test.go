package app

import (
	"testing"

	"fyne.io/fyne/v2"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/domain"
)

// TestSettingsExplanationsReadInFull: on a portrait tablet and a laptop,
// at every text size, no explanation in Settings is cut short with "…"
// ("It applies on every office computer and lin…"), nor any entry's
// placeholder ("one-time connection code from your administra…").
func TestSettingsExplanationsReadInFull(t *testing.T) {
	for _, size := range []fyne.Size{fyne.NewSize(800, 1280), desktopSize} {
		for _, ts := range uitest.TextSizes {
			t.Run(sizeName(size)+"-"+ts.Name, func(t *testing.T) {
				h := newHarness(t, true, size)
				uitest.UseTextSize(ts.Scale)
				h.signIn(domain.RoleAdministrator)
				h.u.ShowNav("settings")
				root := h.w.Canvas().Content()
				root.Refresh()
				if cut := uitest.CutShort(root); len(cut) > 0 {
					t.Errorf("cut short: %q", cut)
				}
				if cut := uitest.PlaceholdersCutShort(root); len(cut) > 0 {
					t.Errorf("placeholders cut off in their boxes: %s", cut)
				}
			})
		}
	}
}
