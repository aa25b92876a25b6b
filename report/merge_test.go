package report

import (
	"testing"

	"github.com/gather-sp/gather/domain"
)

// TestMergedPersonMarkedTwiceCountsOnce: Priya's two records were both
// marked at two sessions (two tablets, offline, before the merge; or a
// tablet that had not heard of it): each session counts her once, her own
// record's mark first.
func TestMergedPersonMarkedTwiceCountsOnce(t *testing.T) {
	base, err := Build(fixture(), Options{From: fixFrom, To: fixTo, Today: fixToday})
	if err != nil {
		t.Fatal(err)
	}
	ds := fixture()
	add := func(date, person, status string) {
		sid := domain.SessionID("garden", date)
		ds.Attendance = append(ds.Attendance, domain.Attendance{ID: domain.AttendanceID(sid, person), SessionID: sid,
			PersonID: person, ActivityID: "garden", Date: date, Status: status})
	}
	add("2026-03-16", "g3", domain.StatusPresent) // the duplicate was marked present there too
	add("2026-03-09", "g3dup", domain.StatusAbsent)
	got, err := Build(ds, Options{From: fixFrom, To: fixTo, Today: fixToday})
	if err != nil {
		t.Fatal(err)
	}
	a, b := got.Attendance, base.Attendance
	check(t, []figure{
		{"attendances", a.Attendances.Format(0), b.Attendances.Format(0)},
		{"no-shows", a.NoShows.String(), b.NoShows.String()},
		{"people", a.People.String(), b.People.String()},
	})
	if b.Attendances.Format(0) != "30" {
		t.Fatalf("the fixture changed: %s attendances", b.Attendances.Format(0))
	}
}
