package storage

import (
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

func TestErasePerson(t *testing.T) {
	s, _ := openTemp(t, Options{})
	sid := domain.SessionID("garden", "2026-11-21")
	must(t, s.Save("ann",
		personChange("p1", "Wilhelmina", "Quarrington", ""),
		personChange("p2", "Ann", "Lee", ""),
		record.Change{Kind: domain.KindEnrolment, ID: domain.EnrolmentID("garden", "p1"), Fields: map[string]string{"activity_id": "garden", "person_id": "p1"}},
		record.Change{Kind: domain.KindReferral, ID: "r1", Fields: map[string]string{"person_id": "p1", "notes": "lonely since bereavement"}},
		record.Change{Kind: domain.KindAttendance, ID: domain.AttendanceID(sid, "p1"),
			Fields: map[string]string{"session_id": sid, "person_id": "p1", "status": domain.StatusPresent, "note": "came with daughter"}},
	))
	must(t, s.ErasePerson("admin", "p1"))

	v := s.View()
	if _, ok := v.Person("p1"); ok {
		t.Fatal("erased person still readable")
	}
	if got := v.SearchPeople("wilhelmina", 10); len(got) != 0 {
		t.Fatalf("erased person still found by search: %v", got)
	}
	if _, ok := v.Get(domain.KindReferral, "r1"); ok {
		t.Fatal("erased person's referral still readable")
	}
	mark, ok := v.Get(domain.KindAttendance, domain.AttendanceID(sid, "p1"))
	if !ok || mark.Get("status") != domain.StatusPresent || mark.Get("note") != "" {
		t.Fatalf("mark after erasure: %v %v; want status kept for counts, note gone", mark, ok)
	}
	if _, ok := v.Person("p2"); !ok {
		t.Fatal("erasing one person touched another")
	}
	e, _ := s.Entity(domain.KindPerson, "p1")
	if len(e.Fields) != 1 || !e.Erased() {
		t.Fatalf("stored state keeps %v", e.Fields)
	}
	// Nothing queued for push still carries the erased values.
	queued, _ := s.PendingWrites(0, 1000)
	for _, q := range queued {
		if q.Write.Value == "Wilhelmina" || q.Write.Value == "lonely since bereavement" || q.Write.Value == "came with daughter" ||
			q.Write.Value == "943 476 5919" && q.Write.ID == "p1" {
			t.Fatalf("queue still holds erased value %+v", q.Write)
		}
	}
	if _, ok := v.Person("p2"); !ok || s.PendingCount() != len(queued) {
		t.Fatalf("pending count %d, queue holds %d", s.PendingCount(), len(queued))
	}
	if err := s.ErasePerson("admin", "p1"); err == nil {
		t.Fatal("erasing an erased person again did not say so")
	}
}

func TestExpiredCases(t *testing.T) {
	s, _ := openTemp(t, Options{})
	ref := func(id, person, closed, declined string) record.Change {
		return record.Change{Kind: domain.KindReferral, ID: id, Fields: map[string]string{"person_id": person, "closed": closed, "declined": declined}}
	}
	sid := domain.SessionID("garden", "2026-06-01")
	must(t, s.Save("ann",
		ref("r1", "old", "2025-01-10", ""),                               // closed long ago: expired
		ref("r2", "declined", "", "2025-02-01"),                          // declined long ago: expired
		ref("r3", "recent", "2026-10-01", ""),                            // closed recently: kept
		ref("r4", "mixed", "2025-01-01", ""), ref("r5", "mixed", "", ""), // one still open: kept
		ref("r6", "attends", "2025-01-01", ""), // closed but still comes to the garden: kept
		record.Change{Kind: domain.KindEnrolment, ID: domain.EnrolmentID("garden", "attends"), Fields: map[string]string{"activity_id": "garden", "person_id": "attends"}},
		record.Change{Kind: domain.KindAttendance, ID: domain.AttendanceID(sid, "attends"),
			Fields: map[string]string{"session_id": sid, "person_id": "attends", "date": "2026-06-01", "status": domain.StatusPresent}},
	))
	got := ExpiredCases(s.View(), "2025-11-21")
	if len(got) != 2 || got[0] != "declined" || got[1] != "old" {
		t.Fatalf("ExpiredCases = %v, want [declined old]", got)
	}
}
