package domain

import "testing"

func TestTurnoutSince(t *testing.T) {
	mark := func(sid, act, date, status string) Attendance {
		return Attendance{SessionID: sid, ActivityID: act, Date: date, Status: status}
	}
	cancelled := func(sid string) bool { return sid == "s-cancelled" }
	cases := []struct {
		name  string
		marks []Attendance
		want  Turnout
		words string
	}{
		{"nothing marked", nil, Turnout{}, "No sessions marked for them since"},
		{"here and late came, apologies and absent did not", []Attendance{
			mark("s1", "a", "2026-10-24", StatusPresent),
			mark("s2", "a", "2026-10-31", StatusLate),
			mark("s3", "a", "2026-11-07", StatusApologies),
			mark("s4", "a", "2026-11-14", StatusAbsent),
			mark("s5", "a", "2026-11-21", StatusPresent),
		}, Turnout{Came: 3, Sessions: 5, Last: "2026-11-21"}, "Came 3 of 5 sessions since, last on Sat 21 Nov 2026"},
		{"left early came", []Attendance{mark("s1", "a", "2026-10-24", StatusLeftEarly), mark("s2", "a", "2026-10-31", StatusAbsent)},
			Turnout{Came: 1, Sessions: 2, Last: "2026-10-24"}, "Came 1 of 2 sessions since, last on Sat 24 Oct 2026"},
		{"a cancelled session is not counted", []Attendance{
			mark("s1", "a", "2026-10-24", StatusPresent),
			mark("s-cancelled", "a", "2026-10-31", StatusAbsent),
		}, Turnout{Came: 1, Sessions: 1, Last: "2026-10-24"}, "Came to the 1 session since, on Sat 24 Oct 2026"},
		{"before matching, another activity and undone marks are not counted", []Attendance{
			mark("s0", "a", "2026-10-19", StatusPresent),
			mark("b1", "b", "2026-10-24", StatusPresent),
			mark("s1", "a", "2026-10-24", ""),
			mark("s2", "a", "2026-10-31", StatusAbsent),
		}, Turnout{Sessions: 1}, "Came to none of 1 session since"},
		{"the matching day counts", []Attendance{mark("s1", "a", "2026-10-20", StatusPresent)},
			Turnout{Came: 1, Sessions: 1, Last: "2026-10-20"}, "Came to the 1 session since, on Tue 20 Oct 2026"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := TurnoutSince(tc.marks, "a", "2026-10-20", cancelled)
			if got != tc.want {
				t.Errorf("TurnoutSince = %+v, want %+v", got, tc.want)
			}
			if w := got.Words(); w != tc.words {
				t.Errorf("Words = %q, want %q", w, tc.words)
			}
		})
	}
}
