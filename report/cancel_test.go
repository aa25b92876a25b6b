package report

import (
	"testing"

	"github.com/gather-sp/gather/domain"
)

// TestCancelledSessionsAreNotHeld: a cancelled session counts in no figure:
// not in sessions held, attendances, apologies or absent marks, whatever marks
// were taken before it was called off. A session cancelled ahead and put
// back on is not held until it happens.
func TestCancelledSessionsAreNotHeld(t *testing.T) {
	dates := []string{"2026-03-03", "2026-03-10", "2026-03-17"}
	data := func(cancelled map[string]bool, extra ...domain.Session) *Dataset {
		ds := &Dataset{
			Venues:     []domain.Venue{{ID: "v1", Name: "Garden"}},
			Activities: []domain.Activity{{ID: "a1", Name: "Garden group", VenueID: "v1", Capacity: 10}},
		}
		for _, p := range []string{"p1", "p2", "p3"} {
			ds.People = append(ds.People, domain.Person{ID: p, GivenName: p})
		}
		for _, d := range dates {
			sid := domain.SessionID("a1", d)
			ds.Sessions = append(ds.Sessions, domain.Session{ID: sid, ActivityID: "a1", VenueID: "v1", Date: d, Cancelled: cancelled[d]})
			for p, st := range map[string]string{"p1": domain.StatusPresent, "p2": domain.StatusAbsent, "p3": domain.StatusApologies} {
				ds.Attendance = append(ds.Attendance, domain.Attendance{ID: domain.AttendanceID(sid, p), SessionID: sid,
					PersonID: p, ActivityID: "a1", VenueID: "v1", Date: d, Status: st})
			}
		}
		ds.Sessions = append(ds.Sessions, extra...)
		return ds
	}
	cases := []struct {
		name                                 string
		ds                                   *Dataset
		held, attendances, apologies, absent int
	}{
		{"none cancelled", data(nil), 3, 3, 3, 3},
		{"one cancelled after marking", data(map[string]bool{"2026-03-10": true}), 2, 2, 2, 2},
		{"all cancelled", data(map[string]bool{"2026-03-03": true, "2026-03-10": true, "2026-03-17": true}), 0, 0, 0, 0},
		{"cancelled ahead, with no marks", data(nil, domain.Session{ID: domain.SessionID("a1", "2026-03-24"), ActivityID: "a1",
			VenueID: "v1", Date: "2026-03-24", Cancelled: true}), 3, 3, 3, 3},
		{"put back on, still to come", data(nil, domain.Session{ID: domain.SessionID("a1", "2026-03-26"), ActivityID: "a1",
			VenueID: "v1", Date: "2026-03-26"}), 3, 3, 3, 3},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rep, err := Build(tc.ds, Options{From: "2026-03-01", To: "2026-03-31", Today: "2026-03-20"})
			if err != nil {
				t.Fatal(err)
			}
			a := rep.Attendance
			if a.SessionsHeld != tc.held || int(a.Attendances.Value) != tc.attendances || a.Apologies.N != tc.apologies || a.Absent.N != tc.absent {
				t.Fatalf("held %d, attendances %v, apologies %d, absent %d; want %d, %d, %d, %d",
					a.SessionsHeld, a.Attendances.Value, a.Apologies.N, a.Absent.N, tc.held, tc.attendances, tc.apologies, tc.absent)
			}
			var rowHeld int
			for _, r := range a.ByActivity {
				rowHeld += r.SessionsHeld
			}
			if rowHeld != tc.held {
				t.Errorf("the activity rows hold %d sessions, the total %d", rowHeld, tc.held)
			}
		})
	}
}
