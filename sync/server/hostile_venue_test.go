package server_test

import (
	"context"
	"testing"
	"time"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/hlc"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/client"
	"github.com/gather-sp/gather/sync/protocol"
)

// What a hostile venue tablet could do with an activity's venue, found by
// a review from the attacker's side: each test failed before its fix.

// TestVenueTabletCannotPutANewActivityAtAnotherVenueWithTwoVenueWrites:
// checkScope judges an activity's venue by the last venue_id the batch
// sends for it (batchVenue), not by each write's value, while the merge
// keeps the write with the greater stamp. So a venue-1 tablet that sends
// venue_id=v2 (stamped later) and then venue_id=v1 (stamped earlier) gets
// an activity of its making onto venue 2's register, with its sessions
// and enrolments.
func TestVenueTabletCannotPutANewActivityAtAnotherVenueWithTwoVenueWrites(t *testing.T) {
	f := newFixture(t)
	dev := newRaw(t, f.env, "hostile-new-act", protocol.Scope{Venues: []string{f.v1}})
	early, late := dev.Clock.Now(), dev.Clock.Now()
	sess := domain.SessionID("a-evil", "2026-11-20")
	ws := []record.Write{
		{Kind: domain.KindActivity, ID: "a-evil", Field: "venue_id", Value: f.v2, Stamp: late, Staff: "x"},
		{Kind: domain.KindActivity, ID: "a-evil", Field: "name", Value: "Bring your bank card", Stamp: dev.Clock.Now(), Staff: "x"},
		{Kind: domain.KindSession, ID: sess, Field: "date", Value: "2026-11-20", Stamp: dev.Clock.Now(), Staff: "x"},
		{Kind: domain.KindActivity, ID: "a-evil", Field: "venue_id", Value: f.v1, Stamp: early, Staff: "x"},
	}
	perr := refusal(t, dev.Push(ws, 100))
	a, _ := f.env.Store.Entity(domain.KindActivity, "a-evil")
	if got := a.Get("venue_id"); got == f.v2 {
		t.Errorf("a venue-1 tablet made an activity at venue 2 (refusal: %+v)", perr)
	}
	got := pullVisible(t, newRaw(t, f.env, "v2-reader-new-act", protocol.Scope{Venues: []string{f.v2}}))
	for _, key := range []string{"activity/a-evil", "session/" + sess} {
		if got[key] != nil {
			t.Errorf("venue 2's tablet received %s made by a venue-1 tablet: %v", key, got[key].Values())
		}
	}
}

// TestVenueTabletCannotMoveItsActivityToAnotherVenueWithTwoVenueWrites:
// the same two writes move an existing activity of the tablet's venue to
// another venue, which only an organisation device may do. The move
// re-files its register and links its people to the other venue, whose
// tablets then receive their cards (names, access needs, emergency
// contacts), and the venue's own tablets are told the activity left.
func TestVenueTabletCannotMoveItsActivityToAnotherVenueWithTwoVenueWrites(t *testing.T) {
	f := newFixture(t)
	// Ann is on venue 1's garden group (a1).
	ws := []record.Write{
		{Kind: domain.KindPerson, ID: "ann", Field: "given_name", Value: "Ann", Stamp: f.tablet.Clock.Now(), Staff: "sam"},
		{Kind: domain.KindPerson, ID: "ann", Field: "access_needs", Value: "uses a wheelchair; epilepsy", Stamp: f.tablet.Clock.Now(), Staff: "sam"},
		{Kind: domain.KindEnrolment, ID: domain.EnrolmentID("a1", "ann"), Field: "person_id", Value: "ann", Stamp: f.tablet.Clock.Now(), Staff: "sam"},
	}
	if err := f.tablet.Push(ws, 100); err != nil {
		t.Fatal(err)
	}
	dev := newRaw(t, f.env, "hostile-move", protocol.Scope{Venues: []string{f.v1}})
	early, late := dev.Clock.Now(), dev.Clock.Now()
	perr := refusal(t, dev.Push([]record.Write{
		{Kind: domain.KindActivity, ID: "a1", Field: "venue_id", Value: f.v2, Stamp: late, Staff: "x"},
		{Kind: domain.KindActivity, ID: "a1", Field: "venue_id", Value: f.v1, Stamp: early, Staff: "x"},
	}, 100))
	if a, _ := f.env.Store.Entity(domain.KindActivity, "a1"); a.Get("venue_id") != f.v1 {
		t.Errorf("a venue tablet moved its activity to %q (moved_from %q; refusal: %+v)", a.Get("venue_id"), a.Get(domain.FieldMovedFrom), perr)
	}
	got := pullVisible(t, newRaw(t, f.env, "v2-reader-move", protocol.Scope{Venues: []string{f.v2}}))
	if p := got["person/ann"]; p != nil {
		t.Errorf("venue 2's tablet received the card of venue 1's Ann: %v", p.Values())
	}
}

// TestCompactPushRefusesAnEmptyFieldName: the JSON form refuses a write
// with no field name (Write.ToRecord), but the compact form
// (protocol.DecodePush) reads a field name of zero bytes and the server
// stores it: the two forms of one push must be held to the same rules.
// (Devices still sync with such a field on a record; no further harm was
// shown.)
func TestCompactPushRefusesAnEmptyFieldName(t *testing.T) {
	f := newFixture(t)
	dev := newRaw(t, f.env, "hostile-empty-field", protocol.Scope{Venues: []string{f.v1}})
	sid := domain.SessionID("a1", "2026-11-20")
	_, err := dev.PushCompact([]record.Write{
		{Kind: domain.KindSession, ID: sid, Field: "", Value: "x", Stamp: dev.Clock.Now(), Staff: "x"},
	}, "inst", 0)
	perr := refusal(t, err)
	if perr == nil || perr.Code != protocol.CodeBadRequest {
		t.Errorf("a write with an empty field name was not refused as a bad request: %+v", perr)
	}
	if s, _ := f.env.Store.Entity(domain.KindSession, sid); len(s.Fields) > 0 {
		t.Errorf("the server stored %v", s.Values())
	}
	// The venue's other tablets still pull.
	pullVisible(t, newRaw(t, f.env, "v1-reader-empty-field", protocol.Scope{Venues: []string{f.v1}}))
	d := f.env.NewDevice("v1-tablet-empty-field", protocol.Scope{Venues: []string{f.v1}}, client.Options{}, nil)
	if err := d.Client.SyncOnce(context.Background()); err != nil {
		t.Errorf("venue 1's tablet cannot sync: %v", err)
	}
	d.Save(domain.KindSession, sid, map[string]string{"cancelled": "true"})
	if err := d.Client.SyncOnce(context.Background()); err != nil {
		t.Errorf("venue 1's tablet cannot sync a change to the session: %v", err)
	}
	o := f.env.NewDevice("office-empty-field", org, client.Options{}, nil)
	if err := o.Client.SyncOnce(context.Background()); err != nil {
		t.Errorf("an organisation device cannot sync: %v", err)
	}
}

// TestSessionMadeAheadAtTheOldVenueDoesNotCarryTheNewVenuesRegisterBack:
// a venue tablet may make sessions of its own activity for any date, and
// a session keeps the venue_id it was made with. Once the office moves the
// activity to another venue, venuesBeyond sends every later change to
// such a session (and to marks that copy its venue_id) to the old venue,
// as if it had been taken there. So a tablet that made a year of sessions
// ahead receives the new venue's registers: who was expected
// (expected_at_close: people's ids, with which it can then enrol them at
// its own activity and pull their cards), the closing note, and marks.
func TestSessionMadeAheadAtTheOldVenueDoesNotCarryTheNewVenuesRegisterBack(t *testing.T) {
	f := newFixture(t)
	date := f.env.Clock.Now().AddDate(0, 0, 18).Format(time.DateOnly)
	sid := domain.SessionID("a1", date)
	hostile := newRaw(t, f.env, "hostile-ahead", protocol.Scope{Venues: []string{f.v1}})
	if err := hostile.Push([]record.Write{
		{Kind: domain.KindSession, ID: sid, Field: "activity_id", Value: "a1", Stamp: hostile.Clock.Now(), Staff: "x"},
		{Kind: domain.KindSession, ID: sid, Field: "venue_id", Value: f.v1, Stamp: hostile.Clock.Now(), Staff: "x"},
		{Kind: domain.KindSession, ID: sid, Field: "date", Value: date, Stamp: hostile.Clock.Now(), Staff: "x"},
	}, 100); err != nil {
		t.Fatalf("a venue tablet could not make a session of its own activity: %v", err)
	}
	// The office moves the garden group to venue 2 for the winter.
	oc := hlc.NewClock("office", f.env.Clock.Now)
	a, _ := f.env.Store.Entity(domain.KindActivity, "a1")
	oc.Observe(a.Fields["venue_id"].Stamp)
	if err := f.office.Push([]record.Write{{Kind: domain.KindActivity, ID: "a1", Field: "venue_id", Value: f.v2, Stamp: oc.Now(), Staff: "admin"}}, 100); err != nil {
		t.Fatal(err)
	}
	// Venue 2's tablet closes the register for that date as the app does,
	// expecting Zed (one of venue 2's people), with a note.
	d := f.env.NewDevice("v2-tablet-ahead", protocol.Scope{Venues: []string{f.v2}}, client.Options{}, nil)
	d.Sync()
	v := d.Store.View()
	row, ok := v.Get(domain.KindActivity, "a1")
	if !ok {
		t.Fatal("venue 2's tablet did not receive the moved activity")
	}
	var act domain.Activity
	row.Decode(&act)
	si := v.SessionInfo(sid, act)
	changes := domain.CloseSession(si.Session, []string{"zed"}, nil, "Zed was upset about his benefits letter", true, "bo", f.env.Clock.Now())
	if err := d.Store.Save("bo", changes...); err != nil {
		t.Fatal(err)
	}
	d.Client.SyncOnce(context.Background())
	if s, _ := f.env.Store.Entity(domain.KindSession, sid); s.Get("closed") != "true" {
		t.Errorf("venue 2's tablet could not close its register (refused: %+v)", d.Client.Refused())
	}
	// The new venue's register is its own: a mark copies the session's
	// venue, and is taken.
	d.Save(domain.KindAttendance, domain.AttendanceID(sid, "zed"), map[string]string{
		"session_id": sid, "person_id": "zed", "activity_id": "a1", "venue_id": v.SessionInfo(sid, act).Session.VenueID, "status": "present"})
	d.Client.SyncOnce(context.Background())
	if r := d.Client.Refused(); len(r) > 0 {
		t.Errorf("venue 2's tablet had its own register refused: %+v", r)
	}
	// The hostile tablet's venue pulls.
	got := pullVisible(t, hostile)
	if s := got["session/"+sid]; s != nil && (s.Get("expected_at_close") != "" || s.Get("note") != "") {
		t.Errorf("venue 1's tablet received venue 2's register for %s: %v", date, s.Values())
	}
	if m := got["attendance/"+domain.AttendanceID(sid, "zed")]; m != nil {
		t.Errorf("venue 1's tablet received venue 2's mark for Zed: %v", m.Values())
	}
}

// TestSessionIdsNameADay: a session or mark whose id names no day that
// exists is refused, so a tablet cannot make sessions of its activity
// without end under made-up "dates", and registers and reports only ever
// read real days.
func TestSessionIdsNameADay(t *testing.T) {
	f := newFixture(t)
	for _, day := range []string{"someday", "2026-02-30", "2026-11-2", "9999-99-99"} {
		t.Run(day, func(t *testing.T) {
			sid := domain.SessionID("a1", day)
			for _, kind := range []record.Kind{domain.KindSession, domain.KindAttendance} {
				dev := newRaw(t, f.env, "tablet-"+string(kind)+"-"+day, protocol.Scope{Venues: []string{f.v1}})
				w := record.Write{Kind: kind, ID: sid, Field: "activity_id", Value: "a1", Stamp: dev.Clock.Now(), Staff: "sam"}
				if kind == domain.KindAttendance {
					w.ID, w.Field, w.Value = domain.AttendanceID(sid, "ann"), "status", "present"
				}
				perr := refusal(t, dev.Push([]record.Write{w}, 100))
				if perr == nil || perr.Code != protocol.CodeOutOfScope {
					t.Errorf("%s %q was not refused: %+v", w.Kind, w.ID, perr)
				}
				if e, _ := f.env.Store.Entity(w.Kind, w.ID); len(e.Fields) > 0 {
					t.Errorf("the server stored %s %q: %v", w.Kind, w.ID, e.Values())
				}
			}
		})
	}
	// A real day is taken.
	sid := domain.SessionID("a1", "2026-11-20")
	if err := f.tablet.Push([]record.Write{{Kind: domain.KindSession, ID: sid, Field: "activity_id", Value: "a1", Stamp: f.tablet.Clock.Now(), Staff: "sam"}}, 100); err != nil {
		t.Fatalf("a session on a real day was refused: %v", err)
	}
}
