package domain

import (
	"testing"

	"github.com/gather-sp/gather/record"
)

func TestActivityInID(t *testing.T) {
	session := SessionID("act-1", "2026-11-21")
	for _, tc := range []struct {
		kind record.Kind
		id   string
		want string
	}{
		{KindSession, session, "act-1"},
		{KindEnrolment, EnrolmentID("act-1", "p1"), "act-1"},
		{KindAttendance, AttendanceID(session, "p1"), "act-1"},
		{KindPerson, "act-1", ""},
		{KindAttendance, "no-slash", ""},
	} {
		t.Run(string(tc.kind)+" "+tc.id, func(t *testing.T) {
			if got := ActivityInID(tc.kind, tc.id); got != tc.want {
				t.Errorf("ActivityInID(%s, %q) = %q, want %q", tc.kind, tc.id, got, tc.want)
			}
		})
	}
}
