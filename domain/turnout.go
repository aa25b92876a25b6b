package domain

import (
	"fmt"
	"slices"
)

// Turnout is how often someone has come to one activity since a day: the
// day they were matched to it, so a follow-up can say whether they went.
type Turnout struct {
	Came     int    // sessions they came to (Attended: here, late, left early)
	Sessions int    // sessions with a mark for them, cancelled ones left out
	Last     string // YYYY-MM-DD of the last session they came to; "" if none
	// NotMarked is the sessions whose register was closed expecting them
	// with no mark for them: whether they came nobody said, so they are
	// neither counted as coming nor as not.
	NotMarked int
}

// TurnoutSince counts a person's marks at one activity on or after since
// (YYYY-MM-DD), and the activity's sessions (its sessions; others are
// passed over) whose register closed expecting them unmarked. A session
// counts when it has a mark for them (apologies and absent count as not
// coming); a mark undone (no status) is not counted, and a session called
// off counts nowhere, whatever was marked at it.
func TurnoutSince(personID string, marks []Attendance, sessions []Session, activityID, since string) Turnout {
	var t Turnout
	cancelled := map[string]bool{}
	for _, s := range sessions {
		if s.Cancelled {
			cancelled[s.ID] = true
		}
	}
	marked := map[string]bool{}
	for _, m := range marks {
		if m.ActivityID != activityID || m.Status == "" || m.Date < since || cancelled[m.SessionID] {
			continue
		}
		marked[m.SessionID] = true
		t.Sessions++
		if Attended(m.Status) {
			t.Came++
			if m.Date > t.Last {
				t.Last = m.Date
			}
		}
	}
	for _, s := range sessions {
		if s.ActivityID == activityID && s.Closed && !s.Cancelled && s.Date >= since && !marked[s.ID] &&
			slices.Contains(s.ExpectedAtClose, personID) {
			t.NotMarked++
		}
	}
	return t
}

// Words is the turnout as a follow-up says it, beside the match: "Came 4
// of 5 sessions since, last on Sat 21 Nov 2026", and the registers closed
// without a mark for them when there are any.
func (t Turnout) Words() string {
	var w string
	switch {
	case t.Sessions == 0:
		w = "No sessions marked for them since"
	case t.Came == 0:
		w = fmt.Sprintf("Came to none of %d %s since", t.Sessions, map[bool]string{true: "session", false: "sessions"}[t.Sessions == 1])
	case t.Sessions == 1:
		w = "Came to the 1 session since, on " + DayInWords(t.Last)
	default:
		w = fmt.Sprintf("Came %d of %d sessions since, last on %s", t.Came, t.Sessions, DayInWords(t.Last))
	}
	if t.NotMarked > 0 {
		w += "; " + t.NotMarkedWords()
	}
	return w
}

// NotMarkedWords says how many registers closed without a mark for them:
// "2 registers were closed without marking them"; "" when none.
func (t Turnout) NotMarkedWords() string {
	switch t.NotMarked {
	case 0:
		return ""
	case 1:
		return "1 register was closed without marking them"
	}
	return fmt.Sprintf("%d registers were closed without marking them", t.NotMarked)
}
