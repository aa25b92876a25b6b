package domain

import "fmt"

// Turnout is how often someone has come to one activity since a day: the
// day they were matched to it, so a follow-up can say whether they went.
type Turnout struct {
	Came     int    // sessions they came to (Attended: here, late, left early)
	Sessions int    // sessions with a mark for them, cancelled ones left out
	Last     string // YYYY-MM-DD of the last session they came to; "" if none
}

// TurnoutSince counts a person's marks at one activity on or after since
// (YYYY-MM-DD). A session counts when it has a mark for them (apologies
// and absent count as not coming); a mark undone (no status) and a
// session cancelled (cancelled says, by session id) are not counted, as
// marks taken at a session later cancelled count nowhere.
func TurnoutSince(marks []Attendance, activityID, since string, cancelled func(sessionID string) bool) Turnout {
	var t Turnout
	for _, m := range marks {
		if m.ActivityID != activityID || m.Status == "" || m.Date < since || (cancelled != nil && cancelled(m.SessionID)) {
			continue
		}
		t.Sessions++
		if Attended(m.Status) {
			t.Came++
			if m.Date > t.Last {
				t.Last = m.Date
			}
		}
	}
	return t
}

// Words is the turnout as a follow-up says it, beside the match: "Came 4
// of 5 sessions since, last on Sat 21 Nov 2026".
func (t Turnout) Words() string {
	switch {
	case t.Sessions == 0:
		return "No sessions marked for them since"
	case t.Came == 0:
		return fmt.Sprintf("Came to none of %d %s since", t.Sessions, map[bool]string{true: "session", false: "sessions"}[t.Sessions == 1])
	case t.Sessions == 1:
		return "Came to the 1 session since, on " + DayInWords(t.Last)
	}
	return fmt.Sprintf("Came %d of %d sessions since, last on %s", t.Came, t.Sessions, DayInWords(t.Last))
}
