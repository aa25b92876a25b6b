package domain

import (
	"strings"
	"testing"
)

func TestWelcome(t *testing.T) {
	m := Match{PersonID: "p", ActivityID: "a", MeetBy: " Bev at the gate ", WithFriend: true,
		VenueNote: "Nervous about\n groups", TravelRoute: "Bus 22 to Mill Lane", ReferralID: "r1"}
	e := WelcomeFromMatch(Enrolment{ActivityID: "a", PersonID: "p", Started: "2026-03-18"}, m)
	if e.WelcomeMeetBy != "Bev at the gate" || !e.WelcomeWithFriend || e.WelcomeNote != "Nervous about groups" {
		t.Fatalf("welcome %+v", e)
	}
	// Nothing else of the match is on the enrolment, which venues see.
	for field, v := range Encode(e) {
		if strings.Contains(v, "Bus 22") || strings.Contains(v, "r1") {
			t.Errorf("the enrolment's %s carries %q from the match", field, v)
		}
	}
	if got := WelcomeLine(e); got != "First time here · met by Bev at the gate · coming with a friend · “Nervous about groups”" {
		t.Errorf("WelcomeLine = %q", got)
	}
	if got := WelcomeLine(Enrolment{}); got != "First time here" {
		t.Errorf("WelcomeLine of a bare enrolment = %q", got)
	}
	long := WelcomeFromMatch(Enrolment{}, Match{VenueNote: strings.Repeat("x", 400)})
	if n := len([]rune(long.WelcomeNote)); n != maxWelcomeNote+1 {
		t.Errorf("a long note kept %d letters", n)
	}
}

func TestFirstSession(t *testing.T) {
	marks := []Attendance{
		{ActivityID: "garden", Date: "2026-03-04", Status: StatusAbsent},
		{ActivityID: "garden", Date: "2026-03-11", Status: StatusApologies},
		{ActivityID: "craft", Date: "2026-03-05", Status: StatusPresent},
		{ActivityID: "garden", Date: "2026-03-18", Status: StatusPresent}, // this session
	}
	cases := []struct {
		name, activity, date string
		want                 bool
	}{
		{"never came to the garden before: absent and apologies do not count", "garden", "2026-03-18", true},
		{"came to the garden on the 18th: the 25th is not the first", "garden", "2026-03-25", false},
		{"came to craft before", "craft", "2026-03-12", false},
		{"craft's first session itself", "craft", "2026-03-05", true},
		{"another activity", "singing", "2026-03-18", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := FirstSession(marks, tc.activity, tc.date); got != tc.want {
				t.Fatalf("FirstSession = %v, want %v", got, tc.want)
			}
		})
	}
}
