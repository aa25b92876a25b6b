package server_test

import (
	"testing"
	"time"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/hlc"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/internal/testenv"
	"github.com/gather-sp/gather/sync/protocol"
)

// sendAgain sends ws numbered from seq on, as a device does when the
// answer to a push was lost on a flaky network and it sends the same
// batch again.
func sendAgain(r *testenv.Raw, seq uint64, ws []record.Write) error {
	req := protocol.PushRequest{Schema: protocol.Schema, Epoch: r.Epoch, Writes: make([]protocol.Write, len(ws))}
	for i, w := range ws {
		req.Writes[i] = protocol.FromRecord(seq+uint64(i), w)
	}
	var resp protocol.PushResponse
	_, err := r.Do(protocol.PathPush, &req, &resp)
	return err
}

// TestResentActivityOfATwoVenueTabletAfterTheOfficeMovedItIsNotRefused:
// a tablet enrolled for both venues adds an activity at venue 1; the
// server saves it but the answer is lost. Meanwhile the office moves the
// activity to venue 2. The tablet sends the same batch again, unchanged
// (same numbers, same stamps). Its venue_id write is older than the
// office's, so it cannot move anything, and before this change the server
// took it as a no-op. checkScope's new "only organisation devices may
// move an activity" compares the write's value with the venue held, not
// whether the write would win, so the honest re-send is refused as out of
// scope and the client sets it aside as refused, with a message blaming
// the tablet for a move it never made.
func TestResentActivityOfATwoVenueTabletAfterTheOfficeMovedItIsNotRefused(t *testing.T) {
	f := newFixture(t)
	tablet := newRaw(t, f.env, "two-venue-tablet", protocol.Scope{Venues: []string{f.v1, f.v2}})
	ws := []record.Write{
		{Kind: domain.KindActivity, ID: "a-choir", Field: "venue_id", Value: f.v1, Stamp: tablet.Clock.Now(), Staff: "sam"},
		{Kind: domain.KindActivity, ID: "a-choir", Field: "name", Value: "Choir", Stamp: tablet.Clock.Now(), Staff: "sam"},
	}
	if err := sendAgain(tablet, 1, ws); err != nil {
		t.Fatal(err)
	}
	oc := hlc.NewClock("office", f.env.Clock.Now)
	oc.Observe(ws[len(ws)-1].Stamp) // the office moves it later (it pulled the tablet's writes)
	if err := f.office.Push([]record.Write{{Kind: domain.KindActivity, ID: "a-choir", Field: "venue_id", Value: f.v2, Stamp: oc.Now(), Staff: "office"}}, 100); err != nil {
		t.Fatal(err)
	}
	if perr := refusal(t, sendAgain(tablet, 1, ws)); perr != nil {
		t.Errorf("the tablet's unchanged re-send of its own activity was refused: %s: %s", perr.Code, perr.Message)
	}
	if a, _ := f.env.Store.Entity(domain.KindActivity, "a-choir"); a.Get("venue_id") != f.v2 {
		t.Errorf("the activity is at %q after the re-send, want the office's move to %q", a.Get("venue_id"), f.v2)
	}
}

// TestResentFutureSessionOfATwoVenueTabletAfterAMoveIsNotRefused:
// a tablet enrolled for both venues plans next week's session of a1 (at
// venue 1) ahead; the server saves it but the answer is lost. The office
// moves a1 to venue 2, and refileActivity now gives the future session
// venue 2 by a server write. The tablet sends the same batch again: before
// this change the server held exactly that write (heldFor) and passed over
// it; now it does not, and checkScope refuses it ("its activity is at
// venue v2, not v1"), so an honest retry is set aside as refused.
func TestResentFutureSessionOfATwoVenueTabletAfterAMoveIsNotRefused(t *testing.T) {
	f := newFixture(t)
	tablet := newRaw(t, f.env, "two-venue-planner", protocol.Scope{Venues: []string{f.v1, f.v2}})
	day := f.env.Clock.Now().AddDate(0, 0, 7).UTC().Format(time.DateOnly)
	sess := domain.SessionID("a1", day)
	ws := []record.Write{
		{Kind: domain.KindSession, ID: sess, Field: "activity_id", Value: "a1", Stamp: tablet.Clock.Now(), Staff: "sam"},
		{Kind: domain.KindSession, ID: sess, Field: "date", Value: day, Stamp: tablet.Clock.Now(), Staff: "sam"},
		{Kind: domain.KindSession, ID: sess, Field: "venue_id", Value: f.v1, Stamp: tablet.Clock.Now(), Staff: "sam"},
		{Kind: domain.KindSession, ID: sess, Field: "cancelled", Value: "true", Stamp: tablet.Clock.Now(), Staff: "sam"},
	}
	if err := sendAgain(tablet, 1, ws); err != nil {
		t.Fatal(err)
	}
	oc := hlc.NewClock("office", f.env.Clock.Now)
	oc.Observe(ws[len(ws)-1].Stamp) // the office moves it later (it pulled the tablet's writes)
	if err := f.office.Push([]record.Write{{Kind: domain.KindActivity, ID: "a1", Field: "venue_id", Value: f.v2, Stamp: oc.Now(), Staff: "office"}}, 100); err != nil {
		t.Fatal(err)
	}
	if perr := refusal(t, sendAgain(tablet, 1, ws)); perr != nil {
		t.Errorf("the tablet's unchanged re-send of its planned session was refused after the move: %s: %s", perr.Code, perr.Message)
	}
	if s, _ := f.env.Store.Entity(domain.KindSession, sess); s.Get("cancelled") != "true" {
		t.Errorf("the planned session lost its cancellation: %v", s.Values())
	}
}
