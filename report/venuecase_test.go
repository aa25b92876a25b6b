package report

import (
	"testing"

	"github.com/gather-sp/gather/domain"
)

// TestVenueFilterCaseRecordsWhereTheyHappened: under a venue filter, case
// records follow the rule sessions do, the venue where the thing happened,
// not where the activity meets now. The garden group met at Riverside
// (v1) until February and at St Anne's (v2) from March. Five people matched
// in February, and their referrals, follow-ups and waiting-list places,
// are Riverside's; five matched in March are St Anne's.
func TestVenueFilterCaseRecordsWhereTheyHappened(t *testing.T) {
	ds := &Dataset{
		Venues:     []domain.Venue{{ID: "v1", Name: "Riverside"}, {ID: "v2", Name: "St Anne's"}},
		Activities: []domain.Activity{{ID: "a1", Name: "Garden group", VenueID: "v2", Capacity: 20}},
	}
	for _, d := range []string{"2026-02-02", "2026-02-09", "2026-02-16", "2026-02-23"} {
		ds.Sessions = append(ds.Sessions, domain.Session{ID: domain.SessionID("a1", d), ActivityID: "a1", VenueID: "v1", Date: d})
	}
	for _, d := range []string{"2026-03-02", "2026-03-09", "2026-03-16", "2026-03-23"} {
		ds.Sessions = append(ds.Sessions, domain.Session{ID: domain.SessionID("a1", d), ActivityID: "a1", VenueID: "v2", Date: d})
	}
	person := func(group string, i int, matched, venue string) {
		id := group + itoa(i)
		ds.People = append(ds.People, domain.Person{ID: id, GivenName: id})
		ds.Referrals = append(ds.Referrals, domain.Referral{ID: "r" + id, PersonID: id, Received: "2026-02-01", Contacted: "2026-02-01"})
		ds.Matches = append(ds.Matches, domain.Match{ID: "m" + id, PersonID: id, ActivityID: "a1", Date: matched, Waiting: matched})
		ds.Enrolments = append(ds.Enrolments, domain.Enrolment{ID: domain.EnrolmentID("a1", id), ActivityID: "a1", PersonID: id, VenueID: venue, Started: matched})
		ds.FollowUps = append(ds.FollowUps, domain.FollowUp{ID: "f" + id, PersonID: id, Due: "2026-03-20", Done: "2026-03-19"})
	}
	for i := range 5 {
		person("feb", i, "2026-02-10", "v1")
		person("mar", i, "2026-03-10", "v2")
	}
	for _, c := range []struct {
		venue string
		want  int
	}{{"", 10}, {"v1", 5}, {"v2", 5}} {
		rep, err := Build(ds, Options{From: "2026-02-01", To: "2026-03-31", Today: "2026-04-02", VenueID: c.venue})
		if err != nil {
			t.Fatal(err)
		}
		rf := rep.Referrals
		matched := 0
		for _, g := range rf.MatchedTo {
			matched += g.Count.N
		}
		for what, got := range map[string]int{
			"referrals received":      rf.Received.N,
			"first contacted":         rf.Waiting.Contacted.N,
			"matched":                 matched,
			"follow-ups due":          rep.FollowUps.Due.N,
			"put on a waiting list":   rep.WaitingLists.Joined.N,
			"still on a waiting list": rep.WaitingLists.AtEnd.N,
		} {
			if got != c.want {
				t.Errorf("venue %q: %s = %d, want %d", c.venue, what, got, c.want)
			}
		}
	}
}
