package domain

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// CheckWalkIn checks what a walk-in form collected on today (YYYY-MM-DD),
// with a message a facilitator can act on: a name is needed, everything
// else is optional and, when given, must make sense (a date of birth as
// every form reads it, BirthDate).
func CheckWalkIn(p Person, today string) error {
	if strings.TrimSpace(p.GivenName) == "" || strings.TrimSpace(p.FamilyName) == "" {
		return errors.New("Type their given name and family name. Everything else can wait.")
	}
	if err := CheckCard(p); err != nil {
		return err
	}
	if _, err := BirthDate(p.DateOfBirth, today); err != nil {
		return fmt.Errorf("%w Or leave it empty.", err)
	}
	if p.Gender != "" && !oneOf(p.Gender, Genders) {
		return errors.New("Choose their gender from the list, or leave it as not recorded.")
	}
	if p.Ethnicity != "" && !oneOf(p.Ethnicity, EthnicGroups) {
		return errors.New("Choose their ethnic group from the list, or leave it as not recorded.")
	}
	return nil
}

// CheckCard says, in words for whoever typed it, when a person's card is
// longer than the server keeps (MaxCardBytes), so the form stops it before
// it is saved and refused on every sync.
func CheckCard(p Person) error {
	if n := CardBytes(Values(Encode(p)).Get); n > MaxCardBytes {
		return fmt.Errorf("Their card (names, access needs and emergency contact together) has %d KiB of text, and a card holds at most %d KiB. Shorten what was typed, the access needs most likely.", (n+1023)>>10, MaxCardBytes>>10)
	}
	return nil
}

func oneOf(s string, list []string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// WalkIn returns what registering a newcomer at a session saves, checked
// (CheckWalkIn): the person under a new id, their enrolment on the
// session's activity from that day, and their mark, present.
func WalkIn(p Person, s Session, markedBy string, at time.Time) (Person, Enrolment, Attendance, error) {
	if err := CheckWalkIn(p, DateOf(at)); err != nil {
		return Person{}, Enrolment{}, Attendance{}, err
	}
	p.ID = NewID()
	p.DateOfBirth = StoredDay(p.DateOfBirth) // typed 21/03/1956 too
	e := Enrolment{ID: EnrolmentID(s.ActivityID, p.ID), ActivityID: s.ActivityID, PersonID: p.ID,
		VenueID: s.VenueID, Started: s.Date}
	m := Attendance{ID: AttendanceID(s.ID, p.ID), SessionID: s.ID, PersonID: p.ID, ActivityID: s.ActivityID,
		VenueID: s.VenueID, Date: s.Date, Status: StatusPresent, MarkedBy: markedBy, MarkedAt: at.UTC()}
	return p, e, m, nil
}
