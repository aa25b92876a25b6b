package domain

import (
	"crypto/rand"
	"encoding/base32"
	"strings"

	"github.com/gather-sp/gather/record"
)

var idEncoding = base32.NewEncoding("abcdefghijkmnpqrstuvwxyz23456789").WithPadding(base32.NoPadding)

// NewID returns a random id for records that are created once, such as a
// person or a referral: 80 random bits, 16 lower-case characters.
func NewID() string {
	var b [10]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("domain: no randomness: " + err.Error())
	}
	return idEncoding.EncodeToString(b[:])
}

// SessionID derives the id of an activity's session on a date (YYYY-MM-DD),
// so two devices opening the same session create one record.
func SessionID(activityID, date string) string { return activityID + "@" + date }

// ParseSessionID inverts SessionID.
func ParseSessionID(id string) (activityID, date string, ok bool) {
	i := strings.LastIndexByte(id, '@')
	if i <= 0 || i == len(id)-1 {
		return "", "", false
	}
	return id[:i], id[i+1:], true
}

// AttendanceID derives the id of a person's mark in a session.
func AttendanceID(sessionID, personID string) string { return sessionID + "/" + personID }

// ParseAttendanceID inverts AttendanceID.
func ParseAttendanceID(id string) (sessionID, personID string, ok bool) {
	i := strings.LastIndexByte(id, '/')
	if i <= 0 || i == len(id)-1 {
		return "", "", false
	}
	return id[:i], id[i+1:], true
}

// EnrolmentID derives the id of a person's enrolment on an activity.
func EnrolmentID(activityID, personID string) string { return activityID + "+" + personID }

// ParseEnrolmentID inverts EnrolmentID.
func ParseEnrolmentID(id string) (activityID, personID string, ok bool) {
	i := strings.LastIndexByte(id, '+')
	if i <= 0 || i == len(id)-1 {
		return "", "", false
	}
	return id[:i], id[i+1:], true
}

// DerivedFields returns the fields of a session, enrolment or mark that
// its id determines, with the values the id names: a session's activity_id
// and date; an enrolment's activity_id and person_id; a mark's session_id,
// person_id, activity_id and date. It returns nil for other kinds, and for
// an id that does not parse (the app never makes one).
func DerivedFields(kind record.Kind, id string) map[string]string {
	var out map[string]string
	for _, f := range [...]string{"session_id", "person_id", "activity_id", "date"} {
		if v, ok := DerivedField(kind, id, f); ok {
			if out == nil {
				out = map[string]string{}
			}
			out[f] = v
		}
	}
	return out
}

// DerivedField is DerivedFields(kind, id)[field] without making the map:
// the server asks it of every write it takes.
func DerivedField(kind record.Kind, id, field string) (string, bool) {
	var session, activity, person, date string
	switch kind {
	case KindSession:
		var ok bool
		if activity, date, ok = ParseSessionID(id); !ok || field != "activity_id" && field != "date" {
			return "", false
		}
	case KindEnrolment:
		var ok bool
		if activity, person, ok = ParseEnrolmentID(id); !ok || field != "activity_id" && field != "person_id" {
			return "", false
		}
	case KindAttendance:
		var ok, sok bool
		session, person, ok = ParseAttendanceID(id)
		if activity, date, sok = ParseSessionID(session); !ok || !sok {
			return "", false
		}
	default:
		return "", false
	}
	switch field {
	case "session_id":
		return session, session != ""
	case "activity_id":
		return activity, true
	case "person_id":
		return person, true
	case "date":
		return date, true
	}
	return "", false
}

// ActivityInID returns the activity a session, enrolment or mark id names
// (each id derives from it), or "" for any other kind: the server places
// such a record by that activity, and a device asks the same of it.
func ActivityInID(kind record.Kind, id string) string {
	var activity string
	switch kind {
	case KindSession:
		activity, _, _ = ParseSessionID(id)
	case KindEnrolment:
		activity, _, _ = ParseEnrolmentID(id)
	case KindAttendance:
		if session, _, ok := ParseAttendanceID(id); ok {
			activity, _, _ = ParseSessionID(session)
		}
	}
	return activity
}
