package domain

import (
	"reflect"
	"testing"

	"github.com/gather-sp/gather/record"
)

// Every record that names a person by person_id goes with them when they
// are erased (ErasedWithPerson), except attendance marks, which keep their
// status for anonymous counts and lose ErasedMarkFields.
func TestErasedWithPersonCoversPersonRecords(t *testing.T) {
	records := map[record.Kind]any{
		KindVenue: Venue{}, KindActivity: Activity{}, KindSession: Session{}, KindPerson: Person{},
		KindEnrolment: Enrolment{}, KindAttendance: Attendance{}, KindReferral: Referral{}, KindMatch: Match{},
		KindFollowUp: FollowUp{}, KindContact: Contact{}, KindMeasure: Measure{}, KindConsent: Consent{},
	}
	fields := func(v any) map[string]bool {
		out := map[string]bool{}
		ty := reflect.TypeOf(v)
		for i := 0; i < ty.NumField(); i++ {
			out[ty.Field(i).Tag.Get("field")] = true
		}
		return out
	}
	for kind, v := range records {
		f := fields(v)
		switch {
		case kind == KindAttendance:
			for _, m := range ErasedMarkFields {
				if !f[m] {
					t.Errorf("an erasure blanks the mark's %q, which a mark does not have", m)
				}
			}
			if IsErasedWithPerson(kind) {
				t.Errorf("attendance marks must keep their status, not be erased")
			}
		case f["person_id"] && !IsErasedWithPerson(kind):
			t.Errorf("%s names a person but is not erased with them", kind)
		case !f["person_id"] && IsErasedWithPerson(kind):
			t.Errorf("%s is erased with a person but names none", kind)
		}
	}
	for _, tc := range []struct {
		kind record.Kind
		id   string
		want string
	}{
		{KindAttendance, AttendanceID(SessionID("act", "2026-01-02"), "p1"), "p1"},
		{KindEnrolment, EnrolmentID("act", "p2"), "p2"},
		{KindSession, SessionID("act", "2026-01-02"), ""},
		{KindReferral, "r1", ""},
	} {
		if got := PersonInID(tc.kind, tc.id); got != tc.want {
			t.Errorf("PersonInID(%s, %q) = %q, want %q", tc.kind, tc.id, got, tc.want)
		}
	}
}
