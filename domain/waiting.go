package domain

import (
	"errors"
	"fmt"
	"sort"
	"time"
)

// Waiting lists. Matching someone to an activity whose places are all
// taken puts them on its waiting list: the match is kept, with the date
// (Match.Waiting), and they are not enrolled. When a place frees (someone
// finishes, or the places go up), the first on the list is the one to
// offer it to; giving them the place enrols them (GivePlace). The waiting
// list is case data, like the match it lives on: it stays on organisation
// devices.

// PlacesTaken counts the current enrolments among an activity's.
func PlacesTaken(enrolments []Enrolment) int {
	n := 0
	for _, e := range enrolments {
		if e.Active() {
			n++
		}
	}
	return n
}

// IsFull reports whether an activity with a limit on places has them all
// taken.
func IsFull(a Activity, taken int) bool { return a.Capacity > 0 && taken >= a.Capacity }

// FreePlaces is how many places an activity has free; -1 when it has no
// limit.
func FreePlaces(a Activity, taken int) int {
	if a.Capacity <= 0 {
		return -1
	}
	return max(a.Capacity-taken, 0)
}

// MustWait reports whether someone matched now goes on an activity's
// waiting list: its places are all taken, or the ones free are owed to
// those already waiting.
func MustWait(a Activity, taken, waiting int) bool {
	return a.Capacity > 0 && taken+waiting >= a.Capacity
}

// OnWaitingList reports whether a match is a place on a waiting list still
// waiting: not given a place, not ended, not deleted.
func OnWaitingList(m Match) bool {
	return !m.Deleted && m.Waiting != "" && m.PlaceGiven == "" && m.Ended == ""
}

// WaitingList is an activity's waiting list: the matches to it still
// waiting, first come first: by the date put on it, then the match's date
// and id, so every device orders it the same. A person is listed once.
func WaitingList(matches []Match, activityID string) []Match {
	var out []Match
	for _, m := range matches {
		if m.ActivityID == activityID && OnWaitingList(m) {
			out = append(out, m)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Waiting != b.Waiting {
			return a.Waiting < b.Waiting
		}
		if !a.WaitingAt.Equal(b.WaitingAt) {
			return a.WaitingAt.Before(b.WaitingAt)
		}
		if a.Date != b.Date {
			return a.Date < b.Date
		}
		return a.ID < b.ID
	})
	seen := map[string]bool{}
	kept := out[:0]
	for _, m := range out {
		if !seen[m.PersonID] {
			seen[m.PersonID] = true
			kept = append(kept, m)
		}
	}
	return kept
}

// PlaceInLine is a person's place on a waiting list, 1 for the next; 0
// when they are not on it.
func PlaceInLine(list []Match, personID string) int {
	for i, m := range list {
		if m.PersonID == personID {
			return i + 1
		}
	}
	return 0
}

// PutOnWaitingList is a match made to a full activity: it waits from at
// (its date, in at's own location, is the day put on the list).
func PutOnWaitingList(m Match, at time.Time) Match {
	m.Waiting = DateOf(at)
	m.WaitingAt = at.UTC()
	m.PlaceGiven = ""
	return m
}

// GivePlace takes someone off a waiting list into a place on date, when
// one is free (taken is how many are taken now): the match records when,
// and the enrolment puts them on the register, with the welcome written
// for the venue at matching.
func GivePlace(m Match, a Activity, taken int, date string) (Match, Enrolment, error) {
	switch {
	case !OnWaitingList(m):
		return m, Enrolment{}, errors.New("they are not waiting for a place on this activity")
	case a.ID != m.ActivityID:
		return m, Enrolment{}, errors.New("that is not the activity they are waiting for")
	case a.Deleted:
		return m, Enrolment{}, errors.New("the activity has been archived")
	case IsFull(a, taken):
		return m, Enrolment{}, fmt.Errorf("no place is free: all %d are taken", a.Capacity)
	}
	if _, ok := ParseDate(date); !ok {
		return m, Enrolment{}, errors.New("the date is not a date")
	}
	m.PlaceGiven = date
	e := WelcomeFromMatch(Enrolment{ID: EnrolmentID(a.ID, m.PersonID), ActivityID: a.ID, PersonID: m.PersonID, VenueID: a.VenueID, Started: date}, m)
	return m, e, nil
}

// DaysWaited is how long a match waited for a place: to the day it was
// given one, or to asOf while it still waits; -1 for a match never put on
// a waiting list.
func DaysWaited(m Match, asOf string) int {
	if m.Waiting == "" {
		return -1
	}
	end := asOf
	if m.PlaceGiven != "" {
		end = m.PlaceGiven
	}
	n, err := DaysBetween(m.Waiting, end)
	if err != nil || n < 0 {
		return 0
	}
	return n
}

// PlacesWords is how every screen says where an activity's places stand,
// with taken of them enrolled and waiting on its waiting list, in words a
// link worker can repeat: "15 of 20 places taken"; "Full: all 12 places
// taken"; "Over capacity: 18 enrolled for 16 places" (places went down, or
// devices enrolled offline); "Full: 1 place free, owed to the 2 people
// waiting". full is MustWait: matching now puts them on the waiting list.
func PlacesWords(a Activity, taken, waiting int) (words string, full bool) {
	full = MustWait(a, taken, waiting)
	switch {
	case a.Capacity <= 0:
		return Count(taken, "person", "people") + " enrolled; no limit on places", false
	case taken > a.Capacity:
		words = fmt.Sprintf("Over capacity: %d enrolled for %s", taken, Count(a.Capacity, "place", "places"))
	case taken == a.Capacity:
		words = fmt.Sprintf("Full: all %s taken", Count(a.Capacity, "place", "places"))
		if a.Capacity == 1 {
			words = "Full: the one place is taken"
		}
	case full:
		return fmt.Sprintf("Full: %s free, owed to the %s waiting", Count(a.Capacity-taken, "place", "places"), Count(waiting, "person", "people")), true
	default:
		return fmt.Sprintf("%d of %d places taken", taken, a.Capacity), false
	}
	if waiting > 0 {
		words += fmt.Sprintf(", %s on the waiting list", Count(waiting, "person", "people"))
	}
	return words, true
}
