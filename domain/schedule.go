package domain

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// DateLayout is how dates are stored: YYYY-MM-DD.
const DateLayout = "2006-01-02"

// DateOf returns t's calendar date as stored (in t's own location).
func DateOf(t time.Time) string { return t.Format(DateLayout) }

// ParseDate parses a stored date; ok is false when it does not parse.
func ParseDate(s string) (time.Time, bool) {
	t, err := time.Parse(DateLayout, s)
	return t, err == nil
}

// AddDays returns the stored date n days after date (n may be negative).
// A date that does not parse is returned unchanged.
func AddDays(date string, n int) string {
	t, ok := ParseDate(date)
	if !ok {
		return date
	}
	return t.AddDate(0, 0, n).Format(DateLayout)
}

// MeetsOn reports whether an activity has a session on date (YYYY-MM-DD):
// a weekly activity on its weekday between its start and end dates, a
// one-off on its start date. Deleted activities never meet.
func MeetsOn(a Activity, date string) bool {
	if a.Deleted {
		return false
	}
	d, ok := ParseDate(date)
	if !ok {
		return false
	}
	if a.Schedule == ScheduleOneOff {
		return a.StartDate == date
	}
	if a.StartDate != "" && date < a.StartDate {
		return false
	}
	if a.EndDate != "" && date > a.EndDate {
		return false
	}
	return d.Weekday() == a.Weekday
}

// ActivitiesOn returns the activities that meet on date, earliest start first.
func ActivitiesOn(acts []Activity, date string) []Activity {
	var out []Activity
	for _, a := range acts {
		if MeetsOn(a, date) {
			out = append(out, a)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].StartTime != out[j].StartTime {
			return out[i].StartTime < out[j].StartTime
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// EnrolledOn reports whether an enrolment puts its person on the register
// for date: not deleted, started on or before it, not ended by it.
func EnrolledOn(e Enrolment, date string) bool {
	if e.Deleted {
		return false
	}
	if e.Started != "" && e.Started > date {
		return false
	}
	return e.Ended == "" || e.Ended > date
}

// TimeRange is "10:00–12:00", or just the start when there is no end.
func TimeRange(a Activity) string {
	switch {
	case a.StartTime == "":
		return ""
	case a.EndTime == "":
		return a.StartTime
	}
	return a.StartTime + "–" + a.EndTime
}

// ScheduleText says when an activity meets in plain words:
// "Tuesdays, 10:00–12:00" or "Saturday 5 December 2026, 11:00–13:00".
func ScheduleText(a Activity) string {
	var when string
	if a.Schedule == ScheduleOneOff {
		if d, ok := ParseDate(a.StartDate); ok {
			when = LongDate(d)
		} else {
			when = "One-off (date to be confirmed)"
		}
	} else {
		when = a.Weekday.String() + "s"
		if a.EndDate != "" {
			if d, ok := ParseDate(a.EndDate); ok {
				when += " until " + d.Format("2 January 2006")
			}
		}
	}
	if tr := TimeRange(a); tr != "" {
		when += ", " + tr
	}
	return when
}

// LongDate is "Saturday 5 December 2026".
func LongDate(t time.Time) string { return t.Format("Monday 2 January 2006") }

// Summary counts the marks of a session against its expected people.
type Summary struct {
	Expected  int // people on the register
	Present   int // present, late or left early
	Late      int
	LeftEarly int
	Apologies int
	Absent    int
	Unmarked  int // expected people with no mark
	WalkIns   int // marked people who were not expected
	Companion int // came with a friend or carer

	ExpectedHere int // of Present, those who were expected
	WalkInsHere  int // of Present, walk-ins: Present = ExpectedHere + WalkInsHere
}

// Summarise counts marks against the expected person ids.
func Summarise(expected []string, marks []Attendance) Summary {
	s := Summary{Expected: len(expected)}
	exp := make(map[string]bool, len(expected))
	for _, id := range expected {
		exp[id] = true
	}
	marked := map[string]bool{}
	for _, m := range marks {
		if m.Status == "" {
			continue
		}
		marked[m.PersonID] = true
		if !exp[m.PersonID] {
			s.WalkIns++
		}
		if Attended(m.Status) {
			if exp[m.PersonID] {
				s.ExpectedHere++
			} else {
				s.WalkInsHere++
			}
		}
		switch m.Status {
		case StatusPresent:
			s.Present++
		case StatusLate:
			s.Present++
			s.Late++
		case StatusLeftEarly:
			s.Present++
			s.LeftEarly++
		case StatusApologies:
			s.Apologies++
		case StatusAbsent:
			s.Absent++
		}
		if m.Companion != "" && Attended(m.Status) {
			s.Companion++
		}
	}
	for _, id := range expected {
		if !marked[id] {
			s.Unmarked++
		}
	}
	return s
}

// String is the summary in one plain line.
func (s Summary) String() string {
	parts := []string{s.Headline()}
	add := func(n int, what string) {
		if n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, what))
		}
	}
	add(s.Late, "late")
	add(s.LeftEarly, "left early")
	add(s.Apologies, "sent apologies")
	add(s.Absent, "absent")
	add(s.Unmarked, "not marked")
	add(s.Companion, "with a friend or carer")
	return strings.Join(parts, ", ")
}

// MarkRestAbsent is the closing of a session with "mark everyone not
// marked as absent": an absent mark, like base (session, activity, venue,
// date, who marked and when), for each expected person with no mark yet.
func MarkRestAbsent(expected []string, marks []Attendance, base Attendance) []Attendance {
	marked := make(map[string]bool, len(marks))
	for _, m := range marks {
		if m.Status != "" {
			marked[m.PersonID] = true
		}
	}
	var out []Attendance
	for _, id := range expected {
		if marked[id] {
			continue
		}
		m := base
		m.PersonID = id
		m.ID = AttendanceID(base.SessionID, id)
		m.Status = StatusAbsent
		m.Companion, m.Note = "", ""
		out = append(out, m)
		marked[id] = true // listed twice in expected: one mark
	}
	return out
}
