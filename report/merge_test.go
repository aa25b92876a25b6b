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
		{"absent", a.Absent.String(), b.Absent.String()},
		{"people", a.People.String(), b.People.String()},
	})
	if b.Attendances.Format(0) != "30" {
		t.Fatalf("the fixture changed: %s attendances", b.Attendances.Format(0))
	}
}

// TestMergedWalkInPresentCountsOverTheirAbsent: Priya is enrolled on the
// garden group (g3). On 16 March nobody finds her on the register, so she is
// added as a walk-in (g3dup, present); the facilitator closes the register
// with "mark the rest absent", which marks her enrolled record absent. Her
// records are merged later. She came: the session must count her attendance,
// not an absence.
func TestMergedWalkInPresentCountsOverTheirAbsent(t *testing.T) {
	base, err := Build(fixture(), Options{From: fixFrom, To: fixTo, Today: fixToday})
	if err != nil {
		t.Fatal(err)
	}
	ds := fixture()
	sid := domain.SessionID("garden", "2026-03-16")
	// The fixture already has g3dup present on 16 March; g3 gets the
	// rest-absent mark from closing the register.
	ds.Attendance = append(ds.Attendance, domain.Attendance{ID: domain.AttendanceID(sid, "g3"), SessionID: sid,
		PersonID: "g3", ActivityID: "garden", Date: "2026-03-16", Status: domain.StatusAbsent})
	got, err := Build(ds, Options{From: fixFrom, To: fixTo, Today: fixToday})
	if err != nil {
		t.Fatal(err)
	}
	a, b := got.Attendance, base.Attendance
	check(t, []figure{
		{"attendances", a.Attendances.Format(0), b.Attendances.Format(0)},
		{"absent", a.Absent.String(), b.Absent.String()},
	})
}
