package domain

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Count is "1 walk-in", "2 walk-ins": a number with the word that agrees.
func Count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// Headline is the attendance of a session in words for its register and
// Today's card: how many are here, and of them how many were expected and
// how many walked in. Present counts walk-ins, so they are never added on
// top of it: "9 here: 8 of 18 expected + 1 walk-in", "3 here of 17
// expected", "1 walk-in here" when nobody was expected.
func (s Summary) Headline() string { return strings.Join(s.HeadlinePhrases(), " ") }

// HeadlinePhrases is Headline in the phrases a line may break between
// where the whole does not fit ("9 here:", "8 of 18 expected", "+ 1
// walk-in"), so it never breaks inside one, as "+ 1" above "walk-in".
func (s Summary) HeadlinePhrases() []string {
	switch {
	case s.WalkInsHere == 0:
		if s.Expected == 0 {
			return []string{"Nobody here yet"}
		}
		return []string{fmt.Sprintf("%d here", s.Present), fmt.Sprintf("of %d expected", s.Expected)}
	case s.Expected == 0:
		return []string{Count(s.WalkInsHere, "walk-in", "walk-ins") + " here"}
	}
	return []string{fmt.Sprintf("%d here:", s.Present), fmt.Sprintf("%d of %d expected", s.ExpectedHere, s.Expected),
		"+ " + Count(s.WalkInsHere, "walk-in", "walk-ins")}
}

// Progress is how far the marking has got, in the same words on the
// register and Today's card: "13 to mark", "all marked", or "" when nobody
// is expected.
func (s Summary) Progress() string {
	switch {
	case s.Unmarked > 0:
		return fmt.Sprintf("%d to mark", s.Unmarked)
	case s.Expected > 0:
		return "all marked"
	}
	return ""
}

// ExpectedAt is who a session's register expects: the people enrolled on
// its date, leaving out walk-ins (enrolled that day and marked in it: the
// register enrols them as they arrive).
//
// A closed register keeps to the people it expected when it was closed
// (Session.ExpectedAtClose), so someone matched to the activity afterwards
// does not appear on it as still to mark. For a session closed before that
// was kept, people enrolled on its date and not marked are left out: they
// were matched the same day, most likely after it closed.
func ExpectedAt(s Session, enrolments []Enrolment, marks []Attendance) []string {
	marked := map[string]bool{}
	for _, m := range marks {
		if m.Status != "" {
			marked[m.PersonID] = true
		}
	}
	if s.Closed && s.ExpectedAtClose != nil {
		return append([]string{}, s.ExpectedAtClose...)
	}
	var ids []string
	for _, e := range enrolments {
		if !EnrolledOn(e, s.Date) {
			continue
		}
		sameDay := e.Started == s.Date
		switch {
		case sameDay && marked[e.PersonID]: // a walk-in
		case sameDay && s.Closed && s.ExpectedAtClose == nil: // matched after it closed
		default:
			ids = append(ids, e.PersonID)
		}
	}
	return ids
}

// ExpectedAtCloseField is the value of a session's expected_at_close field
// for the people expected when it closes: a list, empty but present when
// nobody was expected, so a kept "nobody" differs from "not kept".
func ExpectedAtCloseField(expected []string) string {
	if expected == nil {
		expected = []string{}
	}
	b, _ := json.Marshal(expected)
	return string(b)
}
