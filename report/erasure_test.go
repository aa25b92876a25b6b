package report

import (
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/storage"
)

// TestErasedMergedPersonStillCountsOnce: Priya was registered twice (p1, and p2
// merged into p1) and came to three sessions: under p1, under both, and
// under p2 only. Before
// erasure the report counts one person; erasing her (which erases the
// duplicate too) must keep the counts right, as ErasureChanges promises.
func TestErasedMergedPersonStillCountsOnce(t *testing.T) {
	s, err := storage.Open(t.TempDir(), storage.Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	person := func(id, into string) record.Change {
		f := map[string]string{"given_name": "Priya", "family_name": "Patel"}
		if into != "" {
			f[record.FieldMergedInto] = into
		}
		return record.Change{Kind: domain.KindPerson, ID: id, Fields: f}
	}
	mark := func(date, p string) record.Change {
		sid := domain.SessionID("garden", date)
		return record.Change{Kind: domain.KindAttendance, ID: domain.AttendanceID(sid, p), Fields: map[string]string{
			"session_id": sid, "person_id": p, "activity_id": "garden", "date": date, "status": domain.StatusPresent}}
	}
	sid1, sid2, sid3 := domain.SessionID("garden", "2026-03-02"), domain.SessionID("garden", "2026-03-09"), domain.SessionID("garden", "2026-03-16")
	if err := s.Save("ann",
		record.Change{Kind: domain.KindActivity, ID: "garden", Fields: map[string]string{"name": "Garden group"}},
		record.Change{Kind: domain.KindSession, ID: sid1, Fields: map[string]string{"activity_id": "garden", "date": "2026-03-02"}},
		record.Change{Kind: domain.KindSession, ID: sid2, Fields: map[string]string{"activity_id": "garden", "date": "2026-03-09"}},
		record.Change{Kind: domain.KindSession, ID: sid3, Fields: map[string]string{"activity_id": "garden", "date": "2026-03-16"}},
		person("p1", ""), person("p2", "p1"),
		record.Change{Kind: domain.KindEnrolment, ID: domain.EnrolmentID("garden", "p1"), Fields: map[string]string{"activity_id": "garden", "person_id": "p1", "started": "2026-03-02"}},
		record.Change{Kind: domain.KindEnrolment, ID: domain.EnrolmentID("garden", "p2"), Fields: map[string]string{"activity_id": "garden", "person_id": "p2", "started": "2026-03-09"}},
		mark("2026-03-02", "p1"), mark("2026-03-09", "p2"), mark("2026-03-16", "p2"),
		// Both records ticked at the same session (two tablets, offline).
		mark("2026-03-09", "p1"),
	); err != nil {
		t.Fatal(err)
	}
	opt := Options{From: "2026-03-01", To: "2026-03-31", Today: "2026-04-01"}
	before, err := Build(Load(s.View()), opt)
	if err != nil {
		t.Fatal(err)
	}
	if before.Attendance.People.N != 1 || before.Attendance.Attendances.Value != 3 {
		t.Fatalf("before erasure: %d people, %v attendances; want 1 and 3", before.Attendance.People.N, before.Attendance.Attendances.Value)
	}
	if err := s.ErasePerson("admin", "p1"); err != nil {
		t.Fatal(err)
	}
	after, err := Build(Load(s.View()), opt)
	if err != nil {
		t.Fatal(err)
	}
	check(t, []figure{
		{"people", itoa(after.Attendance.People.N), "1"},
		{"attendances", itoa(int(after.Attendance.Attendances.Value)), "3"},
		{"new people", itoa(after.Attendance.NewPeople.N), "1"},
	})
}

// TestErasedPersonKeepsTheirAttendances: erasing someone on their own (no
// duplicate) keeps their marks' status, so the sessions and attendances of
// a past period still add up; their referral goes with them.
func TestErasedPersonKeepsTheirAttendances(t *testing.T) {
	s, err := storage.Open(t.TempDir(), storage.Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	sid := domain.SessionID("garden", "2026-03-02")
	mark := func(p string) record.Change {
		return record.Change{Kind: domain.KindAttendance, ID: domain.AttendanceID(sid, p), Fields: map[string]string{
			"session_id": sid, "person_id": p, "activity_id": "garden", "date": "2026-03-02",
			"status": domain.StatusPresent, "companion": "friend"}}
	}
	if err := s.Save("ann",
		record.Change{Kind: domain.KindActivity, ID: "garden", Fields: map[string]string{"name": "Garden group"}},
		record.Change{Kind: domain.KindPerson, ID: "p1", Fields: map[string]string{"given_name": "Jo", "date_of_birth": "1950-01-01"}},
		record.Change{Kind: domain.KindPerson, ID: "p2", Fields: map[string]string{"given_name": "Sam"}},
		record.Change{Kind: domain.KindReferral, ID: "r1", Fields: map[string]string{"person_id": "p1", "received": "2026-03-01"}},
		// Every mark taken in Gather has an enrolment behind it (the
		// register enrols walk-ins); erasure finds the marks through it.
		record.Change{Kind: domain.KindEnrolment, ID: domain.EnrolmentID("garden", "p1"), Fields: map[string]string{
			"activity_id": "garden", "person_id": "p1", "started": "2026-03-02"}},
		mark("p1"), mark("p2"),
	); err != nil {
		t.Fatal(err)
	}
	if err := s.ErasePerson("admin", "p1"); err != nil {
		t.Fatal(err)
	}
	rep, err := Build(Load(s.View()), Options{From: "2026-03-01", To: "2026-03-31", Today: "2026-04-01"})
	if err != nil {
		t.Fatal(err)
	}
	a := rep.Attendance
	check(t, []figure{
		{"people", itoa(a.People.N), "2"},
		{"attendances", itoa(int(a.Attendances.Value)), "2"},
		{"sessions held", itoa(a.SessionsHeld), "1"},
		{"friends (the erased mark's companion is blanked)", itoa(a.Friends.N), "1"},
		{"referrals received (erased with the person)", itoa(rep.Referrals.Received.N), "0"},
	})
}
