package domain

import "testing"

func TestTurnoutSince(t *testing.T) {
	mark := func(sid, act, date, status string) Attendance {
		return Attendance{SessionID: sid, ActivityID: act, Date: date, Status: status}
	}
	sessions := []Session{{ID: "s-cancelled", ActivityID: "a", Date: "2026-10-31", Cancelled: true}}
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
			got := TurnoutSince("pat", tc.marks, sessions, "a", "2026-10-20")
			if got != tc.want {
				t.Errorf("TurnoutSince = %+v, want %+v", got, tc.want)
			}
			if w := got.Words(); w != tc.words {
				t.Errorf("Words = %q, want %q", w, tc.words)
			}
		})
	}
}

// TestTurnoutCountsRegistersClosedWithoutAMark: a register closed
// expecting them with no mark for them is neither coming nor not: "Came
// 1 of 1" would overstate how often they came when two more registers
// closed without a word about them. Those are said apart; a register
// closed before they were expected, one called off, one before matching
// and another activity's are not.
func TestTurnoutCountsRegistersClosedWithoutAMark(t *testing.T) {
	closed := func(id, act, date string, expected ...string) Session {
		return Session{ID: id, ActivityID: act, Date: date, Closed: true, ExpectedAtClose: expected}
	}
	sessions := []Session{
		closed("s1", "a", "2026-10-24", "pat", "sam"),
		closed("s2", "a", "2026-10-31", "pat", "sam"),
		closed("s3", "a", "2026-11-07", "pat"),
		closed("s4", "a", "2026-11-14", "sam"),                                            // before they were expected
		{ID: "s5", ActivityID: "a", Date: "2026-11-21", ExpectedAtClose: []string{"pat"}}, // still open
		{ID: "s6", ActivityID: "a", Date: "2026-11-28", Closed: true, Cancelled: true, ExpectedAtClose: []string{"pat"}},
		closed("s0", "a", "2026-10-17", "pat"), // before matching
		closed("b1", "b", "2026-10-24", "pat"), // another activity
	}
	marks := []Attendance{{SessionID: "s1", ActivityID: "a", Date: "2026-10-24", Status: StatusPresent}}
	got := TurnoutSince("pat", marks, sessions, "a", "2026-10-20")
	if want := (Turnout{Came: 1, Sessions: 1, Last: "2026-10-24", NotMarked: 2}); got != want {
		t.Fatalf("TurnoutSince = %+v, want %+v", got, want)
	}
	if w, want := got.Words(), "Came to the 1 session since, on Sat 24 Oct 2026; 2 registers were closed without marking them"; w != want {
		t.Errorf("Words = %q, want %q", w, want)
	}
	if w := (Turnout{NotMarked: 1}).Words(); w != "No sessions marked for them since; 1 register was closed without marking them" {
		t.Errorf("Words with none marked = %q", w)
	}
}
