package domain

import (
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
