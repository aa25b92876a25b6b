package activities

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/demo"
	"github.com/gather-sp/gather/domain"
)

// listedActivities are the names of the activities the screen lists, in
// order, archived ones left out.
func listedActivities(s *Screen) []string {
	var out []string
	for _, a := range s.shown {
		out = append(out, a.Name)
	}
	return out
}

// TestActivitiesShowWhereTheyWorkFirst: Bev, a facilitator at the garden
// and the church hall, signs in on the office laptop (every venue). Her
// Activities listed every activity of the organisation, the gallery's too.
// It now lists those at the venues where she works, as Today does
// (access.TodayVenues), says so, and one tap shows all of them, and one
// more only hers again. A link worker, and a facilitator listed at no
// venue, see everything with no switch; on a venue tablet everyone sees
// its venues' activities, which are all it holds.
func TestActivitiesShowWhereTheyWorkFirst(t *testing.T) {
	gallery := []string{"Drawing at the gallery", "Museum visit: Kirkby Vale at work"}
	for _, tc := range []struct {
		name       string
		role       string
		tablet     []string // a venue tablet enrolled for these
		everywhere bool     // listed at no venue: they work at every one
		offers     bool     // the switch to see all
		see        []string
		miss       []string
	}{
		{name: "facilitator at two venues", role: domain.RoleFacilitator, offers: true,
			see: []string{"Garden group", "Crafternoon"}, miss: gallery},
		{name: "link worker", role: domain.RoleLinkWorker, see: append([]string{"Garden group"}, gallery...)},
		{name: "facilitator at every venue", role: domain.RoleFacilitator, everywhere: true,
			see: append([]string{"Garden group"}, gallery...)},
		{name: "venue tablet", role: domain.RoleLinkWorker, tablet: []string{demo.VenueGallery},
			see: gallery, miss: []string{"Garden group"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, true, desktopSize)
			if tc.tablet != nil {
				h.SetVenueDevice(tc.tablet...)
			}
			h.signIn(tc.role)
			if tc.everywhere {
				h.Who.Venues = nil
			}
			s := h.activitiesScreen()
			s.Refresh()
			got := listedActivities(s)
			for _, n := range tc.see {
				if !slices.Contains(got, n) {
					t.Errorf("Activities lists %q, without %s", got, n)
				}
			}
			for _, n := range tc.miss {
				if slices.Contains(got, n) {
					t.Errorf("Activities lists %q, with %s, at a venue where they do not work", got, n)
				}
			}
			all := uitest.Buttons(h.Win.Content(), "Show all activities")
			if !tc.offers {
				if len(all) > 0 {
					t.Errorf("Activities offers %q with nothing left out", all[0].Text)
				}
				return
			}
			uitest.MustShow(t, h.Win.Content(), "Showing the activities at the venues where you work: Riverside Surgery Garden, St Anne's Church Hall.")
			test.Tap(uitest.Button(t, h.Win.Content(), "Show all activities"))
			got = listedActivities(s)
			for _, n := range append(tc.see, tc.miss...) {
				if !slices.Contains(got, n) {
					t.Errorf("after Show all activities, Activities lists %q, without %s", got, n)
				}
			}
			// Their own venues' still come first.
			if i, j := slices.Index(got, "Crafternoon"), slices.Index(got, "Drawing at the gallery"); i > j {
				t.Errorf("after Show all activities, the gallery's come before the venues where they work: %q", got)
			}
			test.Tap(uitest.Button(t, h.Win.Content(), "Show only where you work"))
			if got := listedActivities(s); slices.Contains(got, "Drawing at the gallery") {
				t.Errorf("after Show only where you work, Activities lists %q", got)
			}
		})
	}
}
