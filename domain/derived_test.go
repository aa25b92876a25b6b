package domain

import (
	"testing"
	"time"

	"github.com/gather-sp/gather/record"
)

// TestRegisterActionsAgreeWithDerivedFields: every session, enrolment and
// mark the register saves names in its fields what its id names, as the
// server requires of every device (DerivedFields).
func TestRegisterActionsAgreeWithDerivedFields(t *testing.T) {
	at := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	s := Session{ActivityID: "a1", VenueID: "v1", Date: "2026-11-20"}
	s.ID = SessionID(s.ActivityID, s.Date)
	_, walkIn, err := AddWalkIn(Person{GivenName: "Cal", FamilyName: "Jones"}, s, "friend", "sam", at)
	if err != nil {
		t.Fatal(err)
	}
	cancel, err := CancelSession(s, CancelOther, "Snow", "sam", at)
	if err != nil {
		t.Fatal(err)
	}
	actions := map[string][]record.Change{
		"walk-in":            walkIn.Changes,
		"walk-in undone":     walkIn.Undo,
		"mark and enrol":     MarkPerson(s, "ann", Attendance{}, Attendance{Status: StatusPresent}, "sam", at, &Enrolment{}).Changes,
		"close, rest absent": CloseSession(s, []string{"ann", "bob"}, nil, "", true, "sam", at),
		"cancel":             []record.Change{cancel},
	}
	for name, changes := range actions {
		t.Run(name, func(t *testing.T) {
			for _, c := range changes {
				for field, want := range DerivedFields(c.Kind, c.ID) {
					if got, ok := c.Fields[field]; ok && got != want {
						t.Errorf("%s %q has %s %q; its id names %q", c.Kind, c.ID, field, got, want)
					}
				}
			}
		})
	}
}

func TestDerivedFields(t *testing.T) {
	session := SessionID("a1", "2026-11-20")
	for _, tc := range []struct {
		kind record.Kind
		id   string
		want map[string]string
	}{
		{KindSession, session, map[string]string{"activity_id": "a1", "date": "2026-11-20"}},
		{KindEnrolment, EnrolmentID("a1", "ann"), map[string]string{"activity_id": "a1", "person_id": "ann"}},
		{KindAttendance, AttendanceID(session, "ann"), map[string]string{"session_id": session, "person_id": "ann", "activity_id": "a1", "date": "2026-11-20"}},
		{KindAttendance, "m1", nil},
		{KindAttendance, "s1/ann", nil},
		{KindSession, "s1", nil},
		{KindPerson, "ann", nil},
	} {
		t.Run(string(tc.kind)+"/"+tc.id, func(t *testing.T) {
			got := DerivedFields(tc.kind, tc.id)
			if len(got) != len(tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
			for k, v := range tc.want {
				if got[k] != v {
					t.Errorf("%s: got %q, want %q", k, got[k], v)
				}
			}
		})
	}
}
