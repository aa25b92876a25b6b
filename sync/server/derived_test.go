package server_test

import (
	"fmt"
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/hlc"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/protocol"
)

// TestVenueMarkFieldsMustNameTheActivityItsIDNames: venue A's
// tablet sends a mark whose id is under its own activity a1 but whose
// activity_id and session_id name venue B's activity a2. Reports on
// organisation devices count a mark by its activity_id
// (report/build.go), so the mark would count as attendance at venue B.
// The server takes a derived record's venue from the activity its id
// names; the fields that name that activity must agree with the id too.
func TestVenueMarkFieldsMustNameTheActivityItsIDNames(t *testing.T) {
	f := newFixture(t)
	date := "2026-11-20"
	mark := domain.AttendanceID(domain.SessionID("a1", date), "ann")
	var ws []record.Write
	for _, kv := range [][2]string{{"activity_id", "a2"}, {"session_id", domain.SessionID("a2", date)}, {"venue_id", f.v1}, {"date", date}, {"status", domain.StatusPresent}, {"person_id", "ann"}} {
		ws = append(ws, record.Write{Kind: domain.KindAttendance, ID: mark, Field: kv[0], Value: kv[1], Stamp: f.clock.Now(), Staff: "sam"})
	}
	perr := refusal(t, f.tablet.Push(ws, 100))
	if perr == nil || perr.Code != protocol.CodeOutOfScope {
		t.Errorf("a venue A tablet filed a mark under venue B's activity: %+v", perr)
	}
	if m, _ := f.env.Store.Entity(domain.KindAttendance, mark); m.Get("activity_id") == "a2" {
		t.Errorf("the server holds a venue A mark that names venue B's activity: %v", m.Values())
	}
}

// TestDerivedRecordFieldsMustAgreeWithTheirID: a session, enrolment or mark
// whose fields name another activity, person, session or date than its id
// is refused from every device; one that agrees is taken.
func TestDerivedRecordFieldsMustAgreeWithTheirID(t *testing.T) {
	f := newFixture(t)
	date := "2026-11-20"
	session := domain.SessionID("a1", date)
	mark := domain.AttendanceID(session, "ann")
	enrolment := domain.EnrolmentID("a1", "ann")
	fields := map[record.Kind]map[string]string{
		domain.KindSession:    {"activity_id": "a1", "date": date, "venue_id": f.v1},
		domain.KindEnrolment:  {"activity_id": "a1", "person_id": "ann", "venue_id": f.v1},
		domain.KindAttendance: {"session_id": session, "person_id": "ann", "activity_id": "a1", "date": date, "venue_id": f.v1, "status": domain.StatusPresent},
	}
	ids := map[record.Kind]string{domain.KindSession: session, domain.KindEnrolment: enrolment, domain.KindAttendance: mark}
	cases := []struct {
		name         string
		kind         record.Kind
		field, value string // "" for a record that agrees with its id
	}{
		{"a session that agrees", domain.KindSession, "", ""},
		{"an enrolment that agrees", domain.KindEnrolment, "", ""},
		{"a mark that agrees", domain.KindAttendance, "", ""},
		{"a session on another date", domain.KindSession, "date", "2026-11-27"},
		{"a session of another activity", domain.KindSession, "activity_id", "a2"},
		{"an enrolment of another person", domain.KindEnrolment, "person_id", "zed"},
		{"an enrolment on another activity", domain.KindEnrolment, "activity_id", "a2"},
		{"a mark in another session", domain.KindAttendance, "session_id", domain.SessionID("a1", "2026-11-27")},
		{"a mark of another person", domain.KindAttendance, "person_id", "zed"},
		{"a mark at another activity", domain.KindAttendance, "activity_id", "a2"},
		{"a mark on another date", domain.KindAttendance, "date", "2026-11-27"},
		{"a mark with its activity left out", domain.KindAttendance, "activity_id", ""},
	}
	for _, scope := range []protocol.Scope{org, {Venues: []string{f.v1}}} {
		for i, tc := range cases {
			t.Run(scope.String()+"/"+tc.name, func(t *testing.T) {
				dev := newRaw(t, f.env, fmt.Sprintf("d%d-%t", i, scope.Organisation), scope)
				clock := hlc.NewClock(dev.ID, f.env.Clock.Now)
				id := ids[tc.kind]
				var ws []record.Write
				for name, v := range fields[tc.kind] {
					if name == tc.field {
						v = tc.value
					}
					ws = append(ws, record.Write{Kind: tc.kind, ID: id, Field: name, Value: v, Stamp: clock.Now(), Staff: "s1"})
				}
				perr := refusal(t, dev.Push(ws, 100))
				if tc.field == "" {
					if perr != nil {
						t.Errorf("refused: %v", perr)
					}
					return
				}
				if perr == nil || perr.Code != protocol.CodeOutOfScope {
					t.Errorf("not refused: %+v", perr)
				}
				if e, _ := f.env.Store.Entity(tc.kind, id); tc.value != "" && e.Get(tc.field) == tc.value {
					t.Errorf("the server holds %s %q with %s %q", tc.kind, id, tc.field, tc.value)
				}
			})
		}
	}
}

// TestVenueDeviceMayNotWriteAMarkWhoseIDNamesNoActivity: the server finds
// the venue of a session, enrolment or mark through the activity its id
// names; a venue tablet's mark with an id that names none would be placed
// by its own venue_id while naming any activity in its fields.
func TestVenueDeviceMayNotWriteAMarkWhoseIDNamesNoActivity(t *testing.T) {
	f := newFixture(t)
	var ws []record.Write
	for _, kv := range [][2]string{{"activity_id", "a2"}, {"venue_id", f.v1}, {"status", domain.StatusPresent}, {"person_id", "ann"}} {
		ws = append(ws, record.Write{Kind: domain.KindAttendance, ID: "m1", Field: kv[0], Value: kv[1], Stamp: f.clock.Now(), Staff: "sam"})
	}
	perr := refusal(t, f.tablet.Push(ws, 100))
	if perr == nil || perr.Code != protocol.CodeOutOfScope {
		t.Errorf("not refused: %+v", perr)
	}
	if m, _ := f.env.Store.Entity(domain.KindAttendance, "m1"); m.Get("activity_id") != "" {
		t.Errorf("the server holds a mark at activity %q", m.Get("activity_id"))
	}
}
