package app

import (
	"fmt"
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/domain"
)

// TestNavigationNamesAndPlaces: each role's navigation bar, by what it
// says. The referral form is "New referral" (it takes GPs' and other
// professionals' referrals as well as self-referrals); the inbox is
// "Referrals" for reception, and a section of Casework for link workers,
// whose entry holds their follow-ups too. The GP practices are a section
// of Admin for those who keep them, and no longer under Activities.
func TestNavigationNamesAndPlaces(t *testing.T) {
	tests := []struct {
		role      string
		bar       []string
		practices bool // Admin has a GP practices section
	}{
		{domain.RoleAdministrator, []string{"Today", "Find a person", "Casework", "Reminders", "New referral", "Activities", "Reports", "Admin", "Settings"}, true},
		{domain.RoleLinkWorker, []string{"Today", "Find a person", "Casework", "Reminders", "New referral", "Activities", "Reports", "Admin", "Settings"}, true},
		{domain.RoleCoordinator, []string{"Today", "Activities", "Reports", "Settings"}, false},
		{domain.RoleReception, []string{"Today", "Find a person", "Referrals", "New referral", "Activities", "Settings"}, false},
		{domain.RoleFacilitator, []string{"Today", "Activities", "Settings"}, false},
		{domain.RoleVolunteer, []string{"Today", "Activities", "Settings"}, false},
	}
	for _, tc := range tests {
		t.Run(tc.role, func(t *testing.T) {
			h := newHarness(t, true, fyne.NewSize(1280, 800))
			h.signIn(tc.role)
			h.u.ShowNav("today")
			var bar []string
			for _, o := range h.u.navBar.Objects {
				if b := navButton(o); b != nil {
					bar = append(bar, b.Text)
				}
			}
			if !slices.Equal(bar, tc.bar) {
				t.Errorf("the navigation bar says %q, want %q", bar, tc.bar)
			}

			h.u.ShowNav("activities")
			if uitest.Shows(h.u.current().Content(), "GP practices") {
				t.Error("Activities offers the GP practices; they are in Admin")
			}
			if !slices.Contains(bar, "Admin") {
				if tc.practices {
					t.Error("no Admin to keep the GP practices in")
				}
				return
			}
			h.u.ShowNav("admin")
			tabs := uitest.Buttons(h.u.current().Content(), "GP practices")
			if len(tabs) == 1 != tc.practices {
				t.Errorf("Admin offers the GP practices: %v, want %v", len(tabs) == 1, tc.practices)
			}
			if len(tabs) == 1 {
				// The tab shows the list itself, in the Admin screen.
				test.Tap(tabs[0])
				uitest.MustShow(t, h.u.current().Content(), "Add a practice")
			}
		})
	}
}

// navButton is the button a navigation bar object is, or holds (it may
// be wrapped to size it).
func navButton(o fyne.CanvasObject) *widget.Button {
	if b, ok := o.(*widget.Button); ok {
		return b
	}
	if c, ok := o.(*fyne.Container); ok {
		for _, x := range c.Objects {
			if b := navButton(x); b != nil {
				return b
			}
		}
	}
	return nil
}

// TestAdminTabsFitAPortraitTablet: an administrator's Admin tabs (six,
// with Devices and GP practices) fold into rows on an 800 px wide tablet
// rather than run past the window's right edge.
func TestAdminTabsFitAPortraitTablet(t *testing.T) {
	for _, size := range []fyne.Size{fyne.NewSize(800, 1280), fyne.NewSize(1280, 800)} {
		h := newHarness(t, true, size)
		h.u.runAsync = func(work, done func()) { work(); done() } // the devices list loads before the test reads it
		if err := h.u.ShowScene("admin-devices"); err != nil {
			t.Fatal(err)
		}
		content := h.u.current().Content()
		for _, name := range []string{"Staff", "Devices", "Audit trail", "Conflicts", "Erasure", "GP practices"} {
			uitest.Button(t, content, name)
		}
		mustFitTheWindow(t, h, fmt.Sprintf("Admin at %.0fx%.0f", size.Width, size.Height))
	}
}
