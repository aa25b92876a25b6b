package domain

import (
	"errors"
	"sort"
	"strings"
	"time"

	"github.com/gather-sp/gather/record"
)

// Reasons a session is cancelled, in the order the form offers them.
const (
	CancelWeather     = "Bad weather"
	CancelHoliday     = "Holiday"
	CancelUnwell      = "Facilitator unwell"
	CancelVenueClosed = "Venue not available"
	CancelOther       = "Other"
)

// CancelReasons lists the reasons a cancellation offers.
var CancelReasons = []string{CancelWeather, CancelHoliday, CancelUnwell, CancelVenueClosed, CancelOther}

// maxCancelDetail bounds the words added to a reason: a line, not a letter.
const maxCancelDetail = 200

// CancelSession is the cancelling of a session (bad weather, a holiday, the
// facilitator ill): the writes to its record, which create it when nobody
// has opened it yet (its id is derived, so two devices make one). reason is
// one of CancelReasons; detail adds a few words, and is needed for Other.
// A cancelled session keeps its marks, but counts in no report.
func CancelSession(s Session, reason, detail, staff string, at time.Time) (record.Change, error) {
	detail = strings.Join(strings.Fields(detail), " ")
	known := false
	for _, r := range CancelReasons {
		known = known || r == reason
	}
	switch {
	case s.ID == "" || s.ActivityID == "" || s.Date == "":
		return record.Change{}, errors.New("this session is not known on this device")
	case !known:
		return record.Change{}, errors.New("choose why the session is cancelled")
	case reason == CancelOther && detail == "":
		return record.Change{}, errors.New("say in a few words why the session is cancelled")
	case len([]rune(detail)) > maxCancelDetail:
		return record.Change{}, errors.New("keep the reason to a line or two (200 letters at most)")
	}
	text := reason
	switch {
	case reason == CancelOther:
		text = detail
	case detail != "":
		text = reason + ": " + detail
	}
	return record.Change{Kind: KindSession, ID: s.ID, Fields: map[string]string{
		"activity_id": s.ActivityID, "venue_id": s.VenueID, "date": s.Date,
		"cancelled": "true", "cancel_reason": text, "cancelled_by": staff,
		"cancelled_at": at.UTC().Format(time.RFC3339Nano),
	}}, nil
}

// UncancelSession undoes a cancellation: the session is held again, and
// marks taken before it was cancelled count once more.
func UncancelSession(s Session) (record.Change, error) {
	if !s.Cancelled {
		return record.Change{}, errors.New("this session is not cancelled")
	}
	return record.Change{Kind: KindSession, ID: s.ID, Fields: map[string]string{
		"cancelled": "", "cancel_reason": "", "cancelled_by": "", "cancelled_at": "",
	}}, nil
}

// ToLetKnow is one person expected at a cancelled session, as the list of
// people to let know shows them. The contact fields are empty unless the
// list was made with contact details.
type ToLetKnow struct {
	PersonID  string
	Name      string
	Ways      string // how they agreed to be contacted, in words (ContactWaysWords)
	Phone     string
	Email     string
	Apologies bool // they had already sent apologies
}

// PeopleToLetKnow lists the people a session expected, by name, so someone
// can let them know it is cancelled. withContact adds how each agreed to
// be contacted on today, from their consents (ContactWaysWords, as the card
// and the case say it: a way withdrawn is not to be used), with their phone
// and email: case data, for organisation devices and the roles that may
// see it; without it the list holds names only. People not on this device
// are listed as such.
func PeopleToLetKnow(expected []string, people map[string]Person, consents map[string][]Consent, marks []Attendance, today string, withContact bool) []ToLetKnow {
	apologies := map[string]bool{}
	for _, m := range marks {
		if m.Status == StatusApologies {
			apologies[m.PersonID] = true
		}
	}
	seen := map[string]bool{}
	var out []ToLetKnow
	for _, id := range expected {
		if seen[id] {
			continue
		}
		seen[id] = true
		p, ok := people[id]
		t := ToLetKnow{PersonID: id, Name: p.DisplayName(), Apologies: apologies[id]}
		if !ok || t.Name == "" {
			t.Name = "(not on this device yet)"
		}
		if withContact {
			t.Ways = ContactWaysWords(p, consents[id], today)
			t.Phone, t.Email = p.Phone, p.Email
		}
		out = append(out, t)
	}
	sort.SliceStable(out, func(i, j int) bool {
		return Fold(out[i].Name) < Fold(out[j].Name)
	})
	return out
}

// ContactLine is how to reach someone on the list, in words:
// "Agreed to contact by: text · phone 07700 900123", or "No contact
// preference recorded · phone 07700 900123".
func (t ToLetKnow) ContactLine() string {
	parts := []string{t.Ways}
	if t.Ways == "" {
		parts[0] = NoContactWays
	}
	if t.Phone != "" {
		parts = append(parts, "phone "+t.Phone)
	}
	if t.Email != "" {
		parts = append(parts, "email "+t.Email)
	}
	if t.Phone == "" && t.Email == "" {
		parts = append(parts, "no phone or email recorded")
	}
	return strings.Join(parts, " · ")
}
