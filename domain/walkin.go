package domain

import (
	"errors"
	"strings"
	"time"
)

// CheckWalkIn checks what a walk-in form collected, with a message a
// facilitator can act on: a name is needed, everything else is optional
// and, when given, must make sense.
func CheckWalkIn(p Person) error {
	switch {
	case strings.TrimSpace(p.GivenName) == "" || strings.TrimSpace(p.FamilyName) == "":
		return errors.New("Type their given name and family name. Everything else can wait.")
	case p.DateOfBirth != "":
		if _, ok := ParseDate(p.DateOfBirth); !ok {
			return errors.New("Write the date of birth as year-month-day, like 1956-03-21, or leave it empty.")
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
	e := Enrolment{ID: EnrolmentID(s.ActivityID, p.ID), ActivityID: s.ActivityID, PersonID: p.ID,
		VenueID: s.VenueID, Started: s.Date}
	m := Attendance{ID: AttendanceID(s.ID, p.ID), SessionID: s.ID, PersonID: p.ID, ActivityID: s.ActivityID,
		VenueID: s.VenueID, Date: s.Date, Status: StatusPresent, MarkedBy: markedBy, MarkedAt: at.UTC()}
	return p, e, m, nil
}
