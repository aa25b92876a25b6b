package storage

import (
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

// TestEraseMergedPersonBlanksEveryMarkNote: Priya was registered twice (p2
// merged into p1) and both records were ticked at the same session, each
// with a note. Erasing her must blank the notes of every one of her marks,
// the duplicate's too.
func TestEraseMergedPersonBlanksEveryMarkNote(t *testing.T) {
	s, _ := openTemp(t, Options{})
	sid := domain.SessionID("garden", "2026-03-09")
	p2 := personChange("p2", "Priya", "Patel", "")
	p2.Fields[record.FieldMergedInto] = "p1"
	must(t, s.Save("ann",
		personChange("p1", "Priya", "Patel", ""), p2,
		record.Change{Kind: domain.KindEnrolment, ID: domain.EnrolmentID("garden", "p1"), Fields: map[string]string{"activity_id": "garden", "person_id": "p1"}},
		record.Change{Kind: domain.KindEnrolment, ID: domain.EnrolmentID("garden", "p2"), Fields: map[string]string{"activity_id": "garden", "person_id": "p2"}},
		record.Change{Kind: domain.KindAttendance, ID: domain.AttendanceID(sid, "p1"),
			Fields: map[string]string{"session_id": sid, "person_id": "p1", "status": domain.StatusPresent, "note": "came with daughter"}},
		record.Change{Kind: domain.KindAttendance, ID: domain.AttendanceID(sid, "p2"),
			Fields: map[string]string{"session_id": sid, "person_id": "p2", "status": domain.StatusPresent, "note": "upset about her diagnosis", "companion": "carer"}},
	))
	must(t, s.ErasePerson("admin", "p1"))
	for _, p := range []string{"p1", "p2"} {
		m, ok := s.View().Get(domain.KindAttendance, domain.AttendanceID(sid, p))
		if !ok {
			t.Fatalf("%s's mark is gone; its status should stay for counts", p)
		}
		if m.Get("note") != "" || m.Get("companion") != "" {
			t.Errorf("%s's mark keeps note %q, companion %q after erasure", p, m.Get("note"), m.Get("companion"))
		}
	}
}
