package app

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/app/register"
	"github.com/gather-sp/gather/demo"
	"github.com/gather-sp/gather/domain"
)

// TestDemoFacilitatorsSeeTheirVenues: on the demo's device, which serves
// every venue, each demo facilitator unlocking with their PIN (the lock
// names them, not where they work) sees on Today the sessions of the
// venues where they work, as their venue's tablet would, and opens those
// registers; the administrator sees every venue's.
func TestDemoFacilitatorsSeeTheirVenues(t *testing.T) {
	for _, tc := range []struct {
		id        string
		see, miss []string
	}{
		{demo.StaffFacilitator, []string{"Garden group", "Crafternoon"}, []string{"Drawing at the gallery"}},
		{demo.IDPrefix + "staff-hannah", []string{"Crafternoon", "Drawing at the gallery"}, []string{"Garden group"}},
		{demo.StaffAdmin, []string{"Garden group", "Crafternoon", "Drawing at the gallery"}, nil},
	} {
		t.Run(tc.id, func(t *testing.T) {
			h := newHarness(t, true, fyne.NewSize(1280, 800))
			var st domain.Staff
			for _, s := range demo.Staff() {
				if s.ID == tc.id {
					st = domain.Staff{ID: s.ID, Name: s.Name, Role: s.Role} // as the lock knows them
				}
			}
			h.u.StartSignedIn(st)
			today, ok := h.u.current().(*register.Today)
			if !ok {
				t.Fatalf("signed in, the screen is %T, not Today", h.u.current())
			}
			var names []string
			for _, si := range today.Sessions() {
				names = append(names, si.Activity.Name)
			}
			for _, n := range tc.see {
				if !slices.Contains(names, n) {
					t.Errorf("Today lists %q, without %s", names, n)
				}
			}
			for _, n := range tc.miss {
				if slices.Contains(names, n) {
					t.Errorf("Today lists %q, with %s, at a venue where they do not work", names, n)
				}
			}
			today.Open(0)
			if _, ok := h.u.current().(*register.Register); !ok {
				t.Errorf("opening the first session showed %T, not its register", h.u.current())
			}
		})
	}
}

// TestTodayFollowsWhereTheyWorkWhileSignedIn: an administrator changes
// where Bev works while she is signed in (on another device, and the
// change arrives by sync, or on this one): her Today follows it the next
// time it refreshes, without signing in again. The garden taken from her,
// the garden group goes; given the gallery, its drawing session comes.
func TestTodayFollowsWhereTheyWorkWhileSignedIn(t *testing.T) {
	h := newHarness(t, true, fyne.NewSize(1280, 800))
	h.u.StartSignedIn(domain.Staff{ID: demo.StaffFacilitator, Name: "Bev Okafor", Role: domain.RoleFacilitator})
	today, ok := h.u.current().(*register.Today)
	if !ok {
		t.Fatalf("signed in, the screen is %T, not Today", h.u.current())
	}
	names := func() []string {
		var out []string
		for _, si := range today.Sessions() {
			out = append(out, si.Activity.Name)
		}
		return out
	}
	if got := names(); !slices.Contains(got, "Garden group") || slices.Contains(got, "Drawing at the gallery") {
		t.Fatalf("before the change Today lists %q", got)
	}
	if err := h.st.Save(demo.StaffAdmin, domain.ChangeStaffVenues(demo.StaffFacilitator, "Bev Okafor", []string{demo.VenueHall, demo.VenueGallery})); err != nil {
		t.Fatal(err)
	}
	today.Refresh()
	got := names()
	if slices.Contains(got, "Garden group") {
		t.Errorf("Today still lists the garden group after the garden was taken from Bev: %q", got)
	}
	if !slices.Contains(got, "Drawing at the gallery") || !slices.Contains(got, "Crafternoon") {
		t.Errorf("Today lists %q, without her venues' sessions (Crafternoon, Drawing at the gallery)", got)
	}
}

// TestTodaySaysWhatItLeavesOut: Bev, covering Hannah's drawing session at
// the gallery, signs in on the office laptop (every venue). Today lists
// the garden's and the hall's sessions only, and said nothing of the
// gallery's: no register to open, no word that it was left out or how to
// have it listed. Today names what it leaves out and who can change it.
func TestTodaySaysWhatItLeavesOut(t *testing.T) {
	h := newHarness(t, true, fyne.NewSize(1280, 800))
	h.u.StartSignedIn(domain.Staff{ID: demo.StaffFacilitator, Name: "Bev Okafor", Role: domain.RoleFacilitator})
	if _, ok := h.u.current().(*register.Today); !ok {
		t.Fatalf("signed in, the screen is %T, not Today", h.u.current())
	}
	uitest.MustShow(t, h.u.win.Canvas().Content(),
		"Not listed, at venues where you do not work: Drawing at the gallery (Vale Gallery).",
		"Covering one? An administrator can add its venue to where you work (Admin › Staff, Where they work).")

	h.u.StartSignedIn(domain.Staff{ID: demo.StaffAdmin, Name: "Alex", Role: domain.RoleAdministrator})
	uitest.MustNotShow(t, h.u.win.Canvas().Content(), "Not listed")
}
