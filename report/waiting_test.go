package report

import (
	"testing"

	"github.com/gather-sp/gather/domain"
)

// TestWaitingLists: the report counts, per activity and in all, who was on
// a waiting list at the end of the period, who joined one and who was
// given a place in it, how long those given a place waited and the
// longest wait so far. Worked out by hand below.
func TestWaitingLists(t *testing.T) {
	ds := &Dataset{
		Venues: []domain.Venue{{ID: "v1", Name: "Garden"}, {ID: "v2", Name: "Hall"}},
		Activities: []domain.Activity{{ID: "a1", Name: "Garden group", VenueID: "v1", Capacity: 2},
			{ID: "a2", Name: "Crafternoon", VenueID: "v2", Capacity: 8}},
	}
	for _, p := range []string{"p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8", "p10"} {
		ds.People = append(ds.People, domain.Person{ID: p, GivenName: p})
	}
	ds.People = append(ds.People, domain.Person{ID: "p9", GivenName: "p3 again", MergedInto: "p3"})
	w := func(id, p, act, waiting, placed, ended string) domain.Match {
		return domain.Match{ID: id, PersonID: p, ActivityID: act, Date: waiting, Waiting: waiting, PlaceGiven: placed, Ended: ended}
	}
	ds.Matches = []domain.Match{
		w("m1", "p1", "a1", "2026-02-20", "2026-03-05", ""), // placed in the period after 13 days; joined before it
		w("m2", "p2", "a1", "2026-03-02", "2026-03-12", ""), // joined and placed: 10 days
		w("m3", "p3", "a1", "2026-03-03", "", ""),           // still waiting: 28 days at 31 March
		w("m4", "p4", "a1", "2026-03-10", "", "2026-03-20"), // joined, then left the list
		w("m5", "p5", "a1", "2026-03-15", "2026-04-02", ""), // waiting at the end (placed after): 16 days
		w("m6", "p6", "a1", "2026-04-05", "", ""),           // after the period
		{ID: "m7", PersonID: "p7", ActivityID: "a1", Waiting: "2026-03-05", Deleted: true},
		{ID: "m8", PersonID: "p8", ActivityID: "a1", Date: "2026-03-05"}, // enrolled at once
		w("m9", "p9", "a1", "2026-03-04", "", ""),                        // p3 registered twice: once
		w("m10", "p10", "a2", "2026-03-06", "", ""),                      // 25 days
	}
	rep, err := Build(ds, Options{From: "2026-03-01", To: "2026-03-31"})
	if err != nil {
		t.Fatal(err)
	}
	wl := rep.WaitingLists
	check := func(what string, got, want int) {
		t.Helper()
		if got != want {
			t.Errorf("%s = %d, want %d", what, got, want)
		}
	}
	check("waiting at the end", wl.AtEnd.N, 3)                // p3, p5, p10
	check("joined", wl.Joined.N, 5)                           // p2, p3, p4, p5, p10
	check("given a place", wl.Placed.N, 2)                    // p1, p2
	check("median days waited", int(wl.MedianDays.Value), 11) // (10 + 13) / 2 = 11.5
	if wl.MedianDays.Value != 11.5 || !wl.MedianDays.Hidden {
		t.Errorf("median %v hidden %v: want 11.5, hidden (2 people)", wl.MedianDays.Value, wl.MedianDays.Hidden)
	}
	check("longest wait", int(wl.LongestDays.Value), 28)
	if wl.Joined.Hidden || !wl.AtEnd.Hidden {
		t.Errorf("joined (5) hidden %v, at end (3) hidden %v", wl.Joined.Hidden, wl.AtEnd.Hidden)
	}
	if len(wl.ByActivity) != 2 {
		t.Fatalf("rows %+v", wl.ByActivity)
	}
	craft, garden := wl.ByActivity[1], wl.ByActivity[0] // by venue: Garden, Hall
	if garden.ActivityID != "a1" || garden.AtEnd.N != 2 || garden.Joined.N != 4 || garden.Placed.N != 2 || garden.LongestDays.Value != 28 {
		t.Errorf("garden row %+v", garden)
	}
	if craft.ActivityID != "a2" || craft.AtEnd.N != 1 || craft.LongestDays.Value != 25 || !craft.LongestDays.Hidden {
		t.Errorf("craft row %+v", craft)
	}
	var table Table
	for _, tb := range rep.Tables() {
		if tb.Name == "waiting_lists" {
			table = tb
		}
	}
	if len(table.Rows) != 2 || table.Rows[0][3] != Suppressed || table.Rows[0][4] != Suppressed {
		t.Errorf("waiting_lists table %q", table.Rows)
	}

	// With a venue filter, only its activity's list.
	rep, _ = Build(ds, Options{From: "2026-03-01", To: "2026-03-31", VenueID: "v2"})
	if rep.WaitingLists.AtEnd.N != 1 || len(rep.WaitingLists.ByActivity) != 1 {
		t.Errorf("venue filter: %+v", rep.WaitingLists)
	}
}
