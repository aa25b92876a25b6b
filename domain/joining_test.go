package domain

import (
	"strings"
	"testing"
)

// TestCheckJoinLink: a way to join holds a link someone can open or a
// number to dial; a link mistyped, or words with neither, are refused in
// words that quote what was typed.
func TestCheckJoinLink(t *testing.T) {
	for _, ok := range []string{
		"",
		"https://meet.example.org/garden",
		"HTTPS://Meet.Example.org/j/123?pwd=abc",
		"http://meet.example.org/garden",
		"www.example.org/garden",
		"Dial 0330 088 5830, then code 123 456",
		"https://meet.example.org/garden or dial 0330 088 5830 (code 123 456)",
		"Join at <https://meet.example.org/garden>.",
	} {
		if why := CheckJoinLink(ok); why != "" {
			t.Errorf("%q refused: %s", ok, why)
		}
	}
	for _, tc := range []struct{ in, says string }{
		{"htps://meet.example.org/garden", `"htps://meet.example.org/garden" must start with https://`},
		{"javascript://alert(1)", "must start with https://"},
		{"https//meet.example.org/garden", "not written in full"},
		{"https:meet.example.org", "not written in full"},
		{"https://garden", "names no website"},
		{"https://", "names no website"},
		{"Ask Bev for the link", `"Ask Bev for the link" is neither`},
		{"zoom", "is neither"},
		{"https://meet.example.org/" + strings.Repeat("x", MaxJoinLinkChars), "keep it to 300"},
	} {
		why := CheckJoinLink(tc.in)
		if !strings.Contains(why, tc.says) {
			t.Errorf("CheckJoinLink(%q) = %q, want it to say %q", tc.in, why, tc.says)
		}
	}
}

// TestSessionReminderLetterSaysWhereToMeetOrHowToJoin: a reminder for an
// activity met in person says where to meet on arrival; one for an online
// activity says how to join and sends nobody to the venue.
func TestSessionReminderLetterSaysWhereToMeetOrHowToJoin(t *testing.T) {
	a := Activity{Name: "Garden group", StartTime: "10:00", ContactName: "Bev",
		MeetingPoint: "At the green gate on Elm Road; we start in the polytunnel", JoinLink: "https://meet.example.org/garden"}
	v := Venue{Name: "Riverside Surgery Garden", Address: "12 Mill Lane", Directions: "Bus 22 to Mill Lane."}
	inPerson := strings.Join(SessionReminderLetter(a, v, "2026-11-28", ServiceContact{}), "\n")
	for _, want := range []string{"Where to meet: At the green gate on Elm Road; we start in the polytunnel", "12 Mill Lane", "Bus 22", "ask for Bev"} {
		if !strings.Contains(inPerson, want) {
			t.Errorf("the in-person letter does not say %q:\n%s", want, inPerson)
		}
	}
	if strings.Contains(inPerson, "meet.example.org") {
		t.Errorf("the in-person letter gives a link to join:\n%s", inPerson)
	}
	a.Online = true
	online := strings.Join(SessionReminderLetter(a, v, "2026-11-28", ServiceContact{}), "\n")
	for _, want := range []string{"How to join: https://meet.example.org/garden", "join from home", "Bev will welcome you"} {
		if !strings.Contains(online, want) {
			t.Errorf("the online letter does not say %q:\n%s", want, online)
		}
	}
	for _, not := range []string{"12 Mill Lane", "Bus 22", "green gate", "When you arrive"} {
		if strings.Contains(online, not) {
			t.Errorf("the online letter says %q, sending them to the venue:\n%s", not, online)
		}
	}
}

func TestNeedsRoute(t *testing.T) {
	for _, tc := range []struct {
		name string
		a    Activity
		want bool
	}{
		{"in a building", Activity{Name: "Garden group"}, true},
		{"online", Activity{Name: "Chair yoga online", Online: true}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := NeedsRoute(tc.a); got != tc.want {
				t.Errorf("NeedsRoute = %v, want %v", got, tc.want)
			}
		})
	}
}
