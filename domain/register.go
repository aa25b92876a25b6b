package domain

import (
	"strings"
	"time"

	"github.com/gather-sp/gather/record"
)

// The register's actions: what a tap on the register saves, built here so
// the screen only shows the result. Each returns the changes to save as one
// action and, where the register offers Undo, the changes that undo it.

// RegisterAction is one register action: the changes to save together, and
// the changes that undo it (none when it cannot be undone from the
// register).
type RegisterAction struct {
	Changes []record.Change
	Undo    []record.Change
}

// SessionChange makes sure a session's record exists: sessions are derived
// from their activity and date, so two devices opening the same register
// offline make one.
func SessionChange(s Session) record.Change {
	return record.Change{Kind: KindSession, ID: SessionID(s.ActivityID, s.Date), Fields: map[string]string{
		"activity_id": s.ActivityID, "venue_id": s.VenueID, "date": s.Date}}
}

// markFields are the fields a mark writes; undo writes the previous values
// of the same fields back.
var markFields = []string{"status", "companion", "note", "marked_by", "marked_at"}

func markValues(m Attendance) map[string]string {
	all := Encode(m)
	out := make(map[string]string, len(markFields))
	for _, k := range markFields {
		out[k] = all[k]
	}
	return out
}

// MarkPerson is a person's mark on a session's register, set to m (status,
// companion, note) by staff at at, replacing prev (their mark until now,
// zero when none). A mark cleared (no status) keeps no companion or note,
// and only someone who came (Attended) came with anyone: apologies or an
// absence keeps no companion, whatever was chosen or marked before.
// enrol, when not nil, is their enrolment as the device holds it (or a zero
// one): someone marked who was not expected (found by search) is enrolled,
// so they are expected next time, unless a current enrolment stands;
// undoing the mark takes that new enrolment back too.
func MarkPerson(s Session, personID string, prev, m Attendance, staff string, at time.Time, enrol *Enrolment) RegisterAction {
	sid := SessionID(s.ActivityID, s.Date)
	m.ID = AttendanceID(sid, personID)
	m.SessionID, m.PersonID = sid, personID
	m.ActivityID, m.VenueID, m.Date = s.ActivityID, s.VenueID, s.Date
	m.MarkedBy, m.MarkedAt = staff, at.UTC()
	if m.Status == "" {
		m.Companion, m.Note = "", ""
	}
	if !Attended(m.Status) {
		m.Companion = ""
	}
	a := RegisterAction{
		Changes: []record.Change{SessionChange(s), {Kind: KindAttendance, ID: m.ID, Fields: Encode(m)}},
		Undo:    []record.Change{{Kind: KindAttendance, ID: m.ID, Fields: markValues(prev)}},
	}
	if enrol != nil && (enrol.ID == "" || enrol.Deleted || enrol.Ended != "") {
		e := Enrolment{ID: EnrolmentID(s.ActivityID, personID), ActivityID: s.ActivityID,
			PersonID: personID, VenueID: s.VenueID, Started: s.Date}
		a.Changes = append(a.Changes, record.Change{Kind: KindEnrolment, ID: e.ID, Fields: Encode(e)})
		a.Undo = append(a.Undo, record.Change{Kind: KindEnrolment, ID: e.ID, Fields: map[string]string{record.FieldDeleted: "true"}})
	}
	return a
}

// AddWalkIn is a newcomer added at the register and marked here (see
// WalkIn, which checks p), with who came with them (Attendance.Companion:
// "friend", "carer" or ""): the session, the person, their enrolment and
// the mark; undo clears the mark and ends the enrolment, and keeps the
// person (someone else may already have seen them).
func AddWalkIn(p Person, s Session, companion, staff string, at time.Time) (Person, RegisterAction, error) {
	s.ID = SessionID(s.ActivityID, s.Date)
	p, e, m, err := WalkIn(p, s, staff, at)
	if err != nil {
		return Person{}, RegisterAction{}, err
	}
	m.Companion = companion
	return p, RegisterAction{
		Changes: []record.Change{SessionChange(s),
			{Kind: KindPerson, ID: p.ID, Fields: Encode(p)},
			{Kind: KindEnrolment, ID: e.ID, Fields: Encode(e)},
			{Kind: KindAttendance, ID: m.ID, Fields: Encode(m)}},
		Undo: []record.Change{
			{Kind: KindAttendance, ID: m.ID, Fields: markValues(Attendance{})},
			{Kind: KindEnrolment, ID: e.ID, Fields: map[string]string{record.FieldDeleted: "true"}}},
	}, nil
}

// CloseSession closes a session's register, by staff at at, keeping who it
// expected then (so someone matched later is not "to mark" on it) and the
// note to pass on; with restAbsent, everyone expected and not yet marked is
// marked absent in the same action (MarkRestAbsent).
func CloseSession(s Session, expected []string, marks []Attendance, note string, restAbsent bool, staff string, at time.Time) []record.Change {
	ch := SessionChange(s)
	ch.Fields["closed"] = "true"
	ch.Fields["closed_by"] = staff
	ch.Fields["closed_at"] = at.UTC().Format(time.RFC3339Nano)
	ch.Fields["expected_at_close"] = ExpectedAtCloseField(expected)
	ch.Fields["note"] = strings.TrimSpace(note)
	changes := []record.Change{ch}
	if restAbsent {
		base := Attendance{SessionID: ch.ID, ActivityID: s.ActivityID, VenueID: s.VenueID, Date: s.Date,
			MarkedBy: staff, MarkedAt: at.UTC()}
		for _, m := range MarkRestAbsent(expected, marks, base) {
			changes = append(changes, record.Change{Kind: KindAttendance, ID: m.ID, Fields: Encode(m)})
		}
	}
	return changes
}

// ReopenSession opens a closed register again; its marks stay.
func ReopenSession(s Session) record.Change {
	return record.Change{Kind: KindSession, ID: SessionID(s.ActivityID, s.Date), Fields: map[string]string{
		"closed": "", "closed_by": "", "closed_at": "", "expected_at_close": ""}}
}
