package domain

import (
	"strings"
	"testing"
	"time"
)

func TestMeetsOn(t *testing.T) {
	weekly := Activity{Schedule: ScheduleWeekly, Weekday: time.Saturday, StartDate: "2026-10-01", EndDate: "2026-12-31"}
	oneOff := Activity{Schedule: ScheduleOneOff, StartDate: "2026-11-21"}
	cases := []struct {
		name string
		a    Activity
		date string
		want bool
	}{
		{"weekly on its day", weekly, "2026-11-21", true},
		{"weekly other day", weekly, "2026-11-20", false},
		{"weekly before start", weekly, "2026-09-26", false},
		{"weekly after end", weekly, "2027-01-02", false},
		{"one-off on its date", oneOff, "2026-11-21", true},
		{"one-off other date", oneOff, "2026-11-28", false},
		{"deleted", Activity{Deleted: true, Weekday: time.Saturday}, "2026-11-21", false},
		{"bad date", weekly, "21/11/2026", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := MeetsOn(tc.a, tc.date); got != tc.want {
				t.Fatalf("MeetsOn = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestEnrolledOn(t *testing.T) {
	cases := []struct {
		name string
		e    Enrolment
		want bool
	}{
		{"open", Enrolment{Started: "2026-01-01"}, true},
		{"starts later", Enrolment{Started: "2026-12-01"}, false},
		{"ended before", Enrolment{Started: "2026-01-01", Ended: "2026-11-01"}, false},
		{"ends after", Enrolment{Started: "2026-01-01", Ended: "2026-12-01"}, true},
		{"deleted", Enrolment{Deleted: true}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := EnrolledOn(tc.e, "2026-11-21"); got != tc.want {
				t.Fatalf("got %v", got)
			}
		})
	}
}

func TestSummarise(t *testing.T) {
	marks := []Attendance{
		{PersonID: "a", Status: StatusPresent, Companion: "carer"},
		{PersonID: "b", Status: StatusLate},
		{PersonID: "c", Status: StatusApologies},
		{PersonID: "w", Status: StatusPresent},
		{PersonID: "d", Status: ""}, // undone
	}
	s := Summarise([]string{"a", "b", "c", "d", "e"}, marks)
	want := Summary{Expected: 5, Present: 3, Late: 1, Apologies: 1, Unmarked: 2, WalkIns: 1, Companion: 1,
		ExpectedHere: 2, WalkInsHere: 1}
	if s != want {
		t.Fatalf("got %+v want %+v", s, want)
	}
	if got := s.String(); got != "3 here: 2 of 5 expected + 1 walk-in, 1 late, 1 sent apologies, 2 not marked, 1 with a friend or carer" {
		t.Fatalf("String = %q", got)
	}
}

func TestScheduleText(t *testing.T) {
	cases := []struct {
		a    Activity
		want string
	}{
		{Activity{Weekday: time.Tuesday, StartTime: "10:00", EndTime: "12:00"}, "Tuesdays, 10:00–12:00"},
		{Activity{Schedule: ScheduleOneOff, StartDate: "2026-12-05", StartTime: "11:00"}, "Saturday 5 December 2026, 11:00"},
	}
	for _, tc := range cases {
		t.Run(tc.want, func(t *testing.T) {
			if got := ScheduleText(tc.a); got != tc.want {
				t.Fatalf("got %q", got)
			}
		})
	}
}

func TestFindDuplicates(t *testing.T) {
	people := []Person{
		{ID: "1", GivenName: "Margaret", FamilyName: "O'Brien", Phone: "07700 900123", DateOfBirth: "1950-02-03"},
		{ID: "2", GivenName: "Peggy", FamilyName: "Smith", DateOfBirth: "1950-02-03"},
		{ID: "3", GivenName: "Tom", FamilyName: "Hughes"},
		{ID: "4", GivenName: "Margaret", FamilyName: "OBrien", MergedInto: "1"},
	}
	cases := []struct {
		name   string
		c      Person
		want   []string
		likely bool
	}{
		{"typo and same phone", Person{GivenName: "Margret", FamilyName: "O Brien", Phone: "+44 7700 900123"}, []string{"1"}, true},
		{"short name and same dob", Person{GivenName: "Marg", FamilyName: "obrien", DateOfBirth: "1950-02-03"}, []string{"1"}, true},
		{"similar name only", Person{GivenName: "Margret", FamilyName: "OBrien"}, nil, false},
		{"same name exactly", Person{GivenName: "tom", FamilyName: "Hughes"}, []string{"3"}, false},
		{"different name same dob", Person{GivenName: "Anne", FamilyName: "Smith", DateOfBirth: "1950-02-03"}, nil, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := FindDuplicates(tc.c, people)
			var ids []string
			for _, d := range got {
				ids = append(ids, d.Person.ID)
				if d.Likely != tc.likely {
					t.Errorf("%s likely = %v", d.Person.ID, d.Likely)
				}
			}
			if len(ids) != len(tc.want) || len(ids) > 0 && ids[0] != tc.want[0] {
				t.Fatalf("got %v want %v", ids, tc.want)
			}
		})
	}
}

func TestNormalizePhone(t *testing.T) {
	for in, want := range map[string]string{"+44 7700 900123": "07700900123", "07700-900-123": "07700900123", "": "", "0044 7700900123": "07700900123"} {
		if got := NormalizePhone(in); got != want {
			t.Errorf("NormalizePhone(%q) = %q want %q", in, got, want)
		}
	}
}

// TestSchedules: every week, every two weeks, the nth or last weekday of
// the month, and one-off, with dates skipped. The calendar facts: in 2026
// March has five Tuesdays (3, 10, 17, 24, 31), April four (7 ... 28),
// February four (3 ... 24); February 2028 has five (1 ... 29, a leap day);
// Tuesday 30 December 2025 and Tuesday 6 January 2026 are a week apart
// across the year end.
func TestSchedules(t *testing.T) {
	tue := func(schedule string, week int) Activity {
		return Activity{Schedule: schedule, Weekday: time.Tuesday, WeekOfMonth: week, StartDate: "2025-12-30"}
	}
	fortnightly := tue(ScheduleFortnightly, 0)
	first, fourth, fifth, last := tue(ScheduleMonthly, 1), tue(ScheduleMonthly, 4), tue(ScheduleMonthly, 5), tue(ScheduleMonthly, LastWeekOfMonth)
	skipping := tue(ScheduleWeekly, 0)
	skipping.SkipDates = []string{"2026-03-10", "2026-03-17"}
	monthlySkip := first
	monthlySkip.SkipDates = []string{"2026-04-07"}
	cases := []struct {
		name string
		a    Activity
		date string
		want bool
	}{
		{"fortnightly: its first week", fortnightly, "2025-12-30", true},
		{"fortnightly: the week after, over the year end", fortnightly, "2026-01-06", false},
		{"fortnightly: two weeks on", fortnightly, "2026-01-13", true},
		{"fortnightly: 10 weeks on", fortnightly, "2026-03-10", true},
		{"fortnightly: 11 weeks on", fortnightly, "2026-03-17", false},
		{"fortnightly: on week, wrong day", fortnightly, "2026-01-14", false},
		{"fortnightly: before it starts", fortnightly, "2025-12-16", false},
		{"fortnightly without a first date", Activity{Schedule: ScheduleFortnightly, Weekday: time.Tuesday}, "2026-01-13", false},
		{"first Tuesday", first, "2026-03-03", true},
		{"first Tuesday: the second", first, "2026-03-10", false},
		{"first Tuesday on the 1st", first, "2026-09-01", true},
		{"first Tuesday: a Wednesday the 4th", first, "2026-03-04", false},
		{"fourth Tuesday in a five-Tuesday month", fourth, "2026-03-24", true},
		{"fourth Tuesday: the fifth is not it", fourth, "2026-03-31", false},
		{"fifth Tuesday, where there is one", fifth, "2026-03-31", true},
		{"fifth Tuesday on a leap day", fifth, "2028-02-29", true},
		{"last Tuesday is the fifth", last, "2026-03-31", true},
		{"last Tuesday: not the fourth of five", last, "2026-03-24", false},
		{"last Tuesday is the fourth", last, "2026-04-28", true},
		{"last Tuesday of February", last, "2026-02-24", true},
		{"last Tuesday on a leap day", last, "2028-02-29", true},
		{"last Tuesday: not the 22nd in a leap February", last, "2028-02-22", false},
		{"last Tuesday at a month end", last, "2026-06-30", true},
		{"weekly, skipped", skipping, "2026-03-10", false},
		{"weekly, the week after the skips", skipping, "2026-03-24", true},
		{"monthly, skipped", monthlySkip, "2026-04-07", false},
		{"monthly, next month", monthlySkip, "2026-05-05", true},
		{"one-off, skipped", Activity{Schedule: ScheduleOneOff, StartDate: "2026-03-03", SkipDates: []string{"2026-03-03"}}, "2026-03-03", false},
		{"no schedule is weekly", Activity{Weekday: time.Tuesday}, "2026-03-03", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := MeetsOn(tc.a, tc.date); got != tc.want {
				t.Fatalf("MeetsOn(%s) = %v, want %v", tc.date, got, tc.want)
			}
		})
	}
}

func TestNextMeetings(t *testing.T) {
	fifth := Activity{Schedule: ScheduleMonthly, Weekday: time.Tuesday, WeekOfMonth: 5}
	ended := Activity{Schedule: ScheduleWeekly, Weekday: time.Tuesday, EndDate: "2026-03-17"}
	cases := []struct {
		name, from string
		a          Activity
		n          int
		want       []string
	}{
		// No fifth Tuesday in April or May 2026: June 30 is next, then
		// September 29 and December 29.
		{"fifth Tuesdays skip months", "2026-04-01", fifth, 3, []string{"2026-06-30", "2026-09-29", "2026-12-29"}},
		{"from a meeting day", "2026-03-31", fifth, 1, []string{"2026-03-31"}},
		{"fortnightly", "2026-01-01", Activity{Schedule: ScheduleFortnightly, Weekday: time.Tuesday, StartDate: "2025-12-30"}, 3,
			[]string{"2026-01-13", "2026-01-27", "2026-02-10"}},
		{"until its end", "2026-03-09", ended, 5, []string{"2026-03-10", "2026-03-17"}},
		{"ended", "2026-03-18", ended, 1, nil},
		{"one-off to come", "2026-03-01", Activity{Schedule: ScheduleOneOff, StartDate: "2026-03-03"}, 2, []string{"2026-03-03"}},
		{"one-off gone", "2026-03-04", Activity{Schedule: ScheduleOneOff, StartDate: "2026-03-03"}, 2, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := NextMeetings(tc.a, tc.from, tc.n)
			if strings.Join(got, ",") != strings.Join(tc.want, ",") {
				t.Fatalf("NextMeetings = %v, want %v", got, tc.want)
			}
			next := ""
			if len(tc.want) > 0 {
				next = tc.want[0]
			}
			if got := NextMeeting(tc.a, tc.from); got != next {
				t.Errorf("NextMeeting = %q, want %q", got, next)
			}
		})
	}
	// A period's expected sessions: March 2026's Tuesdays, less a skip.
	a := Activity{Weekday: time.Tuesday, SkipDates: []string{"2026-03-17"}}
	if got := strings.Join(MeetingsBetween(a, "2026-03-01", "2026-03-31"), ","); got != "2026-03-03,2026-03-10,2026-03-24,2026-03-31" {
		t.Errorf("MeetingsBetween = %s", got)
	}
}

func TestCheckSchedule(t *testing.T) {
	cases := []struct {
		name string
		a    Activity
		want string // words the one problem holds; "" for none
	}{
		{"weekly", Activity{Schedule: ScheduleWeekly, Weekday: time.Monday}, ""},
		{"fortnightly", Activity{Schedule: ScheduleFortnightly, Weekday: time.Tuesday, StartDate: "2026-03-03"}, ""},
		{"fortnightly without a start", Activity{Schedule: ScheduleFortnightly, Weekday: time.Tuesday}, "first session"},
		{"fortnightly starting on another day", Activity{Schedule: ScheduleFortnightly, Weekday: time.Tuesday, StartDate: "2026-03-04"}, "is not a Tuesday"},
		{"monthly without a week", Activity{Schedule: ScheduleMonthly, Weekday: time.Tuesday}, "which week"},
		{"monthly last", Activity{Schedule: ScheduleMonthly, Weekday: time.Tuesday, WeekOfMonth: LastWeekOfMonth}, ""},
		{"one-off without a date", Activity{Schedule: ScheduleOneOff}, "date it happens"},
		{"ends before it starts", Activity{Weekday: time.Monday, StartDate: "2026-03-03", EndDate: "2026-03-01"}, "before the first"},
		{"a skip that is no date", Activity{Weekday: time.Monday, SkipDates: []string{"Christmas"}}, "not a date"},
		{"unknown", Activity{Schedule: "hourly"}, "not a schedule"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := CheckSchedule(tc.a)
			switch {
			case tc.want == "" && len(got) > 0:
				t.Fatalf("problems %q for a good schedule", got)
			case tc.want != "" && (len(got) != 1 || !strings.Contains(got[0], tc.want)):
				t.Fatalf("problems %q, want one saying %q", got, tc.want)
			}
		})
	}
}

func TestScheduleTextInWords(t *testing.T) {
	cases := []struct {
		a    Activity
		want string
	}{
		{Activity{Schedule: ScheduleFortnightly, Weekday: time.Tuesday, StartTime: "10:00"}, "Every other Tuesday, 10:00"},
		{Activity{Schedule: ScheduleMonthly, Weekday: time.Tuesday, WeekOfMonth: 1}, "First Tuesday of the month"},
		{Activity{Schedule: ScheduleMonthly, Weekday: time.Friday, WeekOfMonth: LastWeekOfMonth, EndDate: "2027-07-31"},
			"Last Friday of the month until 31 July 2027"},
		{Activity{Weekday: time.Tuesday, SkipDates: []string{"2026-12-22", "2026-12-29", "2026-12-25"}},
			"Tuesdays; not 22 December 2026, 29 December 2026"},
	}
	for _, tc := range cases {
		if got := ScheduleText(tc.a); got != tc.want {
			t.Errorf("ScheduleText = %q, want %q", got, tc.want)
		}
	}
}

func TestUpcomingSessions(t *testing.T) {
	// A weekly Saturday group, 10:00 to 12:00; 21 November 2026 is a Saturday.
	a := Activity{ID: "garden", Schedule: ScheduleWeekly, Weekday: time.Saturday, StartDate: "2026-01-03", StartTime: "10:00", EndTime: "12:00"}
	at := func(clock string) time.Time {
		t, _ := time.Parse("2006-01-02 15:04", "2026-11-21 "+clock)
		return t
	}
	for _, tc := range []struct {
		name      string
		now       time.Time
		cancelled string
		want      string
	}{
		{"before today's session", at("09:59"), "", "2026-11-21 2026-11-28"},
		{"as it starts", at("10:00"), "", "2026-11-28 2026-12-05"},
		{"during it", at("10:20"), "", "2026-11-28 2026-12-05"},
		{"after it ended", at("12:30"), "", "2026-11-28 2026-12-05"},
		{"next week's called off", at("12:30"), "2026-11-28", "2026-12-05 2026-12-12"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := UpcomingSessions(a, tc.now, func(d string) bool { return d == tc.cancelled }, 2)
			if strings.Join(got, " ") != tc.want {
				t.Errorf("UpcomingSessions = %v, want %s", got, tc.want)
			}
		})
	}
}
