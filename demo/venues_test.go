package demo

import (
	"slices"
	"testing"

	"github.com/gather-sp/gather/domain"
)

// TestFacilitatorsWorkAtTheirActivitiesVenues: in the demo data as
// written, each facilitator works at the venues of the activities they
// run and nowhere else, so signed in they see their own sessions as their
// venue's tablet would (access.TodayVenues) rather than every venue's.
func TestFacilitatorsWorkAtTheirActivitiesVenues(t *testing.T) {
	var rec recorder
	if _, err := Generate(&rec, Options{Seed: 1, Today: today}); err != nil {
		t.Fatal(err)
	}
	var staffs []domain.Staff
	runs := map[string][]string{} // facilitator's name: venues of their activities
	for _, c := range rec.changes {
		switch c.Kind {
		case domain.KindStaff:
			var s domain.Staff
			domain.Decode(c.ID, domain.Values(c.Fields), &s)
			staffs = append(staffs, s)
		case domain.KindActivity:
			var a domain.Activity
			domain.Decode(c.ID, domain.Values(c.Fields), &a)
			if !slices.Contains(runs[a.Facilitator], a.VenueID) {
				runs[a.Facilitator] = append(runs[a.Facilitator], a.VenueID)
			}
		}
	}
	facilitators := 0
	for _, s := range staffs {
		if s.Role != domain.RoleFacilitator {
			continue
		}
		facilitators++
		want := runs[s.Name]
		slices.Sort(want)
		got := slices.Sorted(slices.Values(s.Venues))
		if len(want) == 0 || !slices.Equal(got, want) {
			t.Errorf("%s works at %v; the activities they run meet at %v", s.Name, got, want)
		}
	}
	if facilitators < 2 {
		t.Fatalf("%d facilitators in the demo, want 2 or more", facilitators)
	}
}
