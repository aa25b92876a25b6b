package domain

import "testing"

func TestMarkRestAbsent(t *testing.T) {
	base := Attendance{SessionID: "act@2026-03-18", ActivityID: "act", VenueID: "v1", Date: "2026-03-18", MarkedBy: "s1"}
	marks := []Attendance{
		{PersonID: "p1", Status: StatusPresent},
		{PersonID: "p2", Status: ""}, // cleared: not marked
		{PersonID: "w1", Status: StatusPresent},
	}
	got := MarkRestAbsent([]string{"p1", "p2", "p3", "p3"}, marks, base)
	if len(got) != 2 || got[0].PersonID != "p2" || got[1].PersonID != "p3" {
		t.Fatalf("marked %+v, want p2 and p3", got)
	}
	for _, m := range got {
		if m.Status != StatusAbsent || m.ID != AttendanceID(base.SessionID, m.PersonID) || m.VenueID != "v1" || m.MarkedBy != "s1" {
			t.Errorf("mark %+v", m)
		}
	}
	if s := Summarise([]string{"p1", "p2", "p3"}, append(marks, got...)); s.Unmarked != 0 || s.Absent != 2 {
		t.Errorf("after: %+v", s)
	}
}
