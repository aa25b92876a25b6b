package admin

import (
	"testing"

	"fyne.io/fyne/v2"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/keyslot"
)

// TestStaffRowsFitTheWidth: at every text size, on a portrait tablet and
// a laptop, no staff member's buttons (New PIN, Change role, Remove, Clear
// lockout) run past the window's right edge: they go under the name, and
// onto more rows, when they do not fit beside it; and no explanation is
// cut short with "…".
func TestStaffRowsFitTheWidth(t *testing.T) {
	for _, size := range []fyne.Size{fyne.NewSize(800, 1280), desktopSize} {
		for _, ts := range uitest.TextSizes {
			t.Run(sizeName(size)+"-"+ts.Name, func(t *testing.T) {
				h, keys, a := newAdminHarness(t, size)
				if err := keys.AddStaff(keyslot.Member{ID: "staff-sam", Name: "Sam Green", Role: domain.RoleVolunteer}, "902731"); err != nil {
					t.Fatal(err)
				}
				uitest.UseTextSize(ts.Scale)
				a.staff.refresh()
				h.w.Content().Refresh()
				uitest.Shot(t, h.w, "staff-width-"+sizeName(size)+"-"+ts.Name)
				root := h.w.Content()
				if got := uitest.PastRightEdge(root, 0, size.Width); len(got) > 0 {
					t.Errorf("past the right edge of the %.0f wide window: %q", size.Width, got)
				}
				if cut := uitest.CutShort(root); len(cut) > 0 {
					t.Errorf("cut short: %q", cut)
				}
			})
		}
	}
}
