package domain

import (
	"strings"
)

// maxWelcomeNote bounds the note for the venue: a line or two.
const maxWelcomeNote = 300

// WelcomeFromMatch puts on an enrolment what the link worker wrote at
// matching for the venue: who will meet them, whether a friend is coming
// along, and the note for the facilitator. Only these reach the venue; the
// route, the referral and the rest of the match stay on organisation
// devices.
func WelcomeFromMatch(e Enrolment, m Match) Enrolment {
	e.WelcomeMeetBy = strings.TrimSpace(m.MeetBy)
	e.WelcomeWithFriend = m.WithFriend
	note := strings.Join(strings.Fields(m.VenueNote), " ")
	if r := []rune(note); len(r) > maxWelcomeNote {
		note = string(r[:maxWelcomeNote]) + "…"
	}
	e.WelcomeNote = note
	return e
}

// FirstSession reports whether a session of an activity on date is a
// person's first there: they have no mark of having come (present, late or
// left early) at that activity before that date. marks are the person's
// marks, at any activity.
func FirstSession(marks []Attendance, activityID, date string) bool {
	for _, m := range marks {
		if m.ActivityID == activityID && m.Date < date && Attended(m.Status) {
			return false
		}
	}
	return true
}

// WelcomeLine is the register's line for someone's first session: "First
// time here · met by Bev at the gate · coming with a friend · “nervous
// about groups”".
func WelcomeLine(e Enrolment) string { return strings.Join(WelcomeParts(e), " · ") }

// WelcomeParts are WelcomeLine's parts, "First time here" first.
func WelcomeParts(e Enrolment) []string {
	parts := []string{"First time here"}
	if e.WelcomeMeetBy != "" {
		parts = append(parts, "met by "+e.WelcomeMeetBy)
	}
	if e.WelcomeWithFriend {
		parts = append(parts, "coming with a friend")
	}
	if e.WelcomeNote != "" {
		parts = append(parts, "“"+e.WelcomeNote+"”")
	}
	return parts
}
