package domain

import (
	"reflect"
	"strings"
	"testing"
)

func TestHeadline(t *testing.T) {
	ids := func(n int, prefix string) []string {
		var out []string
		for i := 0; i < n; i++ {
			out = append(out, prefix+string(rune('a'+i)))
		}
		return out
	}
	marks := func(status string, people ...string) []Attendance {
		var out []Attendance
		for _, p := range people {
			out = append(out, Attendance{PersonID: p, Status: status})
		}
		return out
	}
	cat := func(ms ...[]Attendance) []Attendance {
		var out []Attendance
		for _, m := range ms {
			out = append(out, m...)
		}
		return out
	}
	exp18 := ids(18, "e")
	cases := []struct {
		name     string
		expected []string
		marks    []Attendance
		want     string
		progress string
		phrases  []string // where a line may break: never "+ 1" above "walk-in"
	}{
		{"nobody expected, nobody here", nil, nil, "Nobody here yet", "", []string{"Nobody here yet"}},
		{"none marked", exp18, nil, "0 here of 18 expected", "18 to mark", nil},
		{"some here", exp18, marks(StatusPresent, exp18[:3]...), "3 here of 18 expected", "15 to mark", []string{"3 here", "of 18 expected"}},
		// The case: 9 here, one of them a walk-in, not "9 here of 18 expected + 1 walk-in".
		{"8 expected and 1 walk-in here", exp18, cat(marks(StatusPresent, exp18[:8]...), marks(StatusPresent, "w1")),
			"9 here: 8 of 18 expected + 1 walk-in", "10 to mark", []string{"9 here:", "8 of 18 expected", "+ 1 walk-in"}},
		{"two walk-ins", exp18, cat(marks(StatusLate, exp18[:1]...), marks(StatusPresent, "w1", "w2")),
			"3 here: 1 of 18 expected + 2 walk-ins", "17 to mark", []string{"3 here:", "1 of 18 expected", "+ 2 walk-ins"}},
		// Not "1 here of 0 expected + 1 walk-in".
		{"one walk-in, nobody expected", nil, marks(StatusPresent, "w1"), "1 walk-in here", "", []string{"1 walk-in here"}},
		{"two walk-ins, nobody expected", nil, marks(StatusPresent, "w1", "w2"), "2 walk-ins here", "", nil},
		{"apologies are not here", exp18[:2], marks(StatusApologies, exp18[:2]...), "0 here of 2 expected", "all marked", nil},
		{"a walk-in marked absent is not here", exp18[:2], cat(marks(StatusPresent, exp18[:2]...), marks(StatusAbsent, "w1")),
			"2 here of 2 expected", "all marked", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := Summarise(tc.expected, tc.marks)
			if got := s.Headline(); got != tc.want {
				t.Errorf("Headline() = %q, want %q", got, tc.want)
			}
			if got := s.HeadlinePhrases(); tc.phrases != nil && !reflect.DeepEqual(got, tc.phrases) {
				t.Errorf("HeadlinePhrases() = %q, want %q", got, tc.phrases)
			}
			if got := s.Progress(); got != tc.progress {
				t.Errorf("Progress() = %q, want %q", got, tc.progress)
			}
			if s.Present != s.ExpectedHere+s.WalkInsHere {
				t.Errorf("%d here is not %d expected + %d walk-ins", s.Present, s.ExpectedHere, s.WalkInsHere)
			}
			if strings.Contains(s.String(), "1 walk-ins") || strings.Contains(s.String(), "2 walk-in,") {
				t.Errorf("String() = %q", s.String())
			}
		})
	}
}

func TestCountAgrees(t *testing.T) {
	for n, want := range map[int]string{0: "0 walk-ins", 1: "1 walk-in", 2: "2 walk-ins"} {
		if got := Count(n, "walk-in", "walk-ins"); got != want {
			t.Errorf("Count(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestExpectedAt(t *testing.T) {
	const date = "2026-11-21"
	en := func(person, started string) Enrolment {
		return Enrolment{ActivityID: "a", PersonID: person, Started: started}
	}
	enrolments := []Enrolment{
		en("ann", "2026-01-01"),
		en("bob", "2026-01-01"),
		en("walkin", date),     // enrolled as they walked in, and marked
		en("late-match", date), // matched that day, not marked
		en("future", "2026-12-01"),
		{ActivityID: "a", PersonID: "gone", Started: "2026-01-01", Ended: "2026-11-01"},
	}
	marks := []Attendance{{PersonID: "ann", Status: StatusPresent}, {PersonID: "walkin", Status: StatusPresent}}
	cases := []struct {
		name    string
		session Session
		want    []string
	}{
		{"open: everyone enrolled that day but walk-ins", Session{Date: date}, []string{"ann", "bob", "late-match"}},
		{"closed, as it was when closed", Session{Date: date, Closed: true, ExpectedAtClose: []string{"ann", "bob"}}, []string{"ann", "bob"}},
		{"closed with nobody expected", Session{Date: date, Closed: true, ExpectedAtClose: []string{}}, []string{}},
		{"closed before the list was kept: same-day matches left out", Session{Date: date, Closed: true}, []string{"ann", "bob"}},
		{"reopened: live again", Session{Date: date, Closed: false, ExpectedAtClose: []string{"ann"}}, []string{"ann", "bob", "late-match"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := ExpectedAt(tc.session, enrolments, marks); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("ExpectedAt = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestExpectedAtCloseFieldRoundTrips(t *testing.T) {
	for _, list := range [][]string{nil, {}, {"ann", "bob"}} {
		var s Session
		Decode("s", fieldMap{"expected_at_close": ExpectedAtCloseField(list)}, &s)
		if s.ExpectedAtClose == nil || len(s.ExpectedAtClose) != len(list) {
			t.Errorf("%v came back as %#v", list, s.ExpectedAtClose)
		}
	}
}

type fieldMap map[string]string

func (m fieldMap) Get(f string) string { return m[f] }
