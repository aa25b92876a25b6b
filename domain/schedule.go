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

// MeetsOn reports whether an activity has a session on date (YYYY-MM-DD),
// as its schedule says: a weekly activity on its weekday; a fortnightly
// one on its weekday every other week, counted from the week of its start
// date; a monthly one on the nth (or last) of its weekday in the month; a
// one-off on its start date. Regular ones meet only between their start
// and end dates, never on a skipped date. Deleted activities never meet.
func MeetsOn(a Activity, date string) bool {
	if a.Deleted {
		return false
	}
	d, ok := ParseDate(date)
	if !ok {
		return false
	}
	for _, skip := range a.SkipDates {
		if skip == date {
			return false
		}
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
	if d.Weekday() != a.Weekday {
		return false
	}
	switch a.Schedule {
	case ScheduleFortnightly:
		start, ok := ParseDate(a.StartDate)
		if !ok {
			return false // no first week: no way to tell which week is on
		}
		// Days from the start's Monday: even weeks are on.
		monday := start.AddDate(0, 0, -((int(start.Weekday()) + 6) % 7))
		days := int(d.Sub(monday).Hours()/24 + 0.5)
		return (days/7)%2 == 0
	case ScheduleMonthly:
		return NthWeekdayOfMonth(d) == a.WeekOfMonth ||
			(a.WeekOfMonth == LastWeekOfMonth && d.AddDate(0, 0, 7).Month() != d.Month())
	}
	return true
}

// NthWeekdayOfMonth is which of its weekday in the month d is: 1 for the
// first Tuesday, 5 for a fifth.
func NthWeekdayOfMonth(d time.Time) int { return (d.Day()-1)/7 + 1 }

// maxScheduleLookahead bounds the search for the next meetings: a monthly
// activity on a fifth weekday can go over three months without one.
const maxScheduleLookahead = 400

// NextMeetings lists up to n dates on or after from that an activity
// meets, in order.
func NextMeetings(a Activity, from string, n int) []string {
	var out []string
	if _, ok := ParseDate(from); !ok || n <= 0 {
		return nil
	}
	if a.Schedule == ScheduleOneOff {
		if a.StartDate >= from && MeetsOn(a, a.StartDate) {
			return []string{a.StartDate}
		}
		return nil
	}
	if a.StartDate > from {
		from = a.StartDate
	}
	for i, d := 0, from; i < maxScheduleLookahead && len(out) < n; i, d = i+1, AddDays(d, 1) {
		if a.EndDate != "" && d > a.EndDate {
			break
		}
		if MeetsOn(a, d) {
			out = append(out, d)
		}
	}
	return out
}

// NextMeeting is the first date on or after from that an activity meets,
// or "" when it has none in the next year or so (ended, say).
func NextMeeting(a Activity, from string) string {
	if next := NextMeetings(a, from, 1); len(next) > 0 {
		return next[0]
	}
	return ""
}

// MeetingsBetween lists the dates from from to to (inclusive) that an
// activity's schedule says it meets: the sessions expected in a period.
func MeetingsBetween(a Activity, from, to string) []string {
	f, ok1 := ParseDate(from)
	t, ok2 := ParseDate(to)
	if !ok1 || !ok2 || t.Before(f) {
		return nil
	}
	var out []string
	for d := f; !d.After(t); d = d.AddDate(0, 0, 1) {
		if s := DateOf(d); MeetsOn(a, s) {
			out = append(out, s)
		}
	}
	return out
}

// weekWords names the weeks of a monthly schedule.
var weekWords = map[int]string{1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", LastWeekOfMonth: "last"}

// WeekOfMonthWords is "first", "second" ... "last" for a WeekOfMonth, "" for
// one that is not.
func WeekOfMonthWords(n int) string { return weekWords[n] }

// CheckSchedule says in plain words what is wrong with an activity's
// schedule, or nil: what a form shows before saving.
func CheckSchedule(a Activity) []string {
	var out []string
	bad := func(s string) { out = append(out, s) }
	start, startOK := ParseDate(a.StartDate)
	switch a.Schedule {
	case "", ScheduleWeekly:
	case ScheduleOneOff:
		if !startOK {
			bad("Type the date it happens.")
		}
	case ScheduleFortnightly:
		if !startOK {
			bad("Type the date of the first session: every two weeks is counted from it.")
		} else if start.Weekday() != a.Weekday {
			bad(fmt.Sprintf("The first date, %s, is not a %s. Type the date of the first session.", LongDate(start), a.Weekday))
		}
	case ScheduleMonthly:
		if weekWords[a.WeekOfMonth] == "" {
			bad("Choose which week of the month it meets: first, second, third, fourth or last.")
		}
	default:
		bad(fmt.Sprintf("%q is not a schedule Gather knows: choose every week, every two weeks, monthly or once.", a.Schedule))
	}
	if startOK && a.EndDate != "" {
		if end, ok := ParseDate(a.EndDate); ok && end.Before(start) {
			bad("The last date is before the first date. Check the dates under When.")
		}
	}
	for _, d := range a.SkipDates {
		if _, ok := ParseDate(d); !ok {
			bad(fmt.Sprintf("%q is not a date: write dates to skip like 2026-12-24.", d))
		}
	}
	return out
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

// ScheduleText says when an activity meets in plain words: "Tuesdays,
// 10:00–12:00", "Every other Tuesday", "First Tuesday of the month", "Last
// Friday of the month until 31 July 2027", "Saturday 5 December 2026,
// 11:00–13:00", ending "; not 24 December 2026, 31 December 2026" for the
// dates skipped.
func ScheduleText(a Activity) string {
	var when string
	day := a.Weekday.String()
	switch a.Schedule {
	case ScheduleOneOff:
		if d, ok := ParseDate(a.StartDate); ok {
			when = LongDate(d)
		} else {
			when = "One-off (date to be confirmed)"
		}
	case ScheduleFortnightly:
		when = "Every other " + day
	case ScheduleMonthly:
		w := weekWords[a.WeekOfMonth]
		if w == "" {
			w = "one"
		}
		when = strings.ToUpper(w[:1]) + w[1:] + " " + day + " of the month"
	default:
		when = day + "s"
	}
	if a.Schedule != ScheduleOneOff && a.EndDate != "" {
		if d, ok := ParseDate(a.EndDate); ok {
			when += " until " + d.Format("2 January 2006")
		}
	}
	if tr := TimeRange(a); tr != "" {
		when += ", " + tr
	}
	if a.Schedule != ScheduleOneOff && len(a.SkipDates) > 0 {
		var skips []string
		for _, s := range a.SkipDates {
			if d, ok := ParseDate(s); ok && d.Weekday() == a.Weekday {
				skips = append(skips, d.Format("2 January 2006"))
			}
		}
		if len(skips) > 0 {
			when += "; not " + strings.Join(skips, ", ")
		}
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

// UpcomingSessions lists up to n dates of an activity's sessions that have
// not started yet at now: from today, leaving out today's once its start
// time (or, without one, its end time) has come, and any date cancelled
// says was called off (nil: none). For what a person is handed: the next
// time they can go. A session under way is not one: a newcomer handed a
// sheet at 10:20 that lists today's 10:00 first reads "go today", and
// arrives when it is ending.
func UpcomingSessions(a Activity, now time.Time, cancelled func(date string) bool, n int) []string {
	today := DateOf(now)
	var out []string
	for _, d := range NextMeetings(a, today, n+8) {
		if len(out) == n {
			break
		}
		if d == today {
			begun := a.StartTime
			if begun == "" {
				begun = a.EndTime
			}
			if begun != "" && now.Format("15:04") >= begun {
				continue
			}
		}
		if cancelled != nil && cancelled(d) {
			continue
		}
		out = append(out, d)
	}
	return out
}
