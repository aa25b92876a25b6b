package domain

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// CheckWalkIn checks what a walk-in form collected, with a message a
// facilitator can act on: a name is needed, everything else is optional
// and, when given, must make sense (a date of birth typed either way
// TypedDay reads).
func CheckWalkIn(p Person) error {
	switch {
	case strings.TrimSpace(p.GivenName) == "" || strings.TrimSpace(p.FamilyName) == "":
		return errors.New("Type their given name and family name. Everything else can wait.")
	case p.DateOfBirth != "":
		if _, ok := TypedDay(p.DateOfBirth); !ok {
			return fmt.Errorf("The date of birth %q is not a date we can read. Type it like 21/03/1956 or 1956-03-21, or leave it empty.", strings.TrimSpace(p.DateOfBirth))
		}
	}
	if p.Gender != "" && !oneOf(p.Gender, Genders) {
		return errors.New("Choose their gender from the list, or leave it as not recorded.")
	}
	if p.Ethnicity != "" && !oneOf(p.Ethnicity, EthnicGroups) {
		return errors.New("Choose their ethnic group from the list, or leave it as not recorded.")
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
	if err := CheckWalkIn(p); err != nil {
		return Person{}, Enrolment{}, Attendance{}, err
	}
	p.ID = NewID()
	if p.DateOfBirth != "" {
		p.DateOfBirth, _ = TypedDay(p.DateOfBirth) // as stored: typed 21/03/1956 too
	}
	e := Enrolment{ID: EnrolmentID(s.ActivityID, p.ID), ActivityID: s.ActivityID, PersonID: p.ID,
		VenueID: s.VenueID, Started: s.Date}
	m := Attendance{ID: AttendanceID(s.ID, p.ID), SessionID: s.ID, PersonID: p.ID, ActivityID: s.ActivityID,
		VenueID: s.VenueID, Date: s.Date, Status: StatusPresent, MarkedBy: markedBy, MarkedAt: at.UTC()}
	return p, e, m, nil
}
