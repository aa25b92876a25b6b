package server_test

import (
	"strings"
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/internal/testenv"
	"github.com/gather-sp/gather/sync/protocol"
	"github.com/gather-sp/gather/sync/server"
)

// TestAttackCardWriteRidesOnAMarkOfAnotherVenuesPerson: a venue tablet's
// card write is taken for someone the same batch puts on one of its
// registers (sync/client's TestCardWrittenInTheBatchThatLinksThePerson),
// but only when that mark or enrolment is one the tablet may make: a
// tablet that knows the id of another venue's person cannot write their
// card, nor pull it, by marking them at its own activity in the same
// batch, in either order, nor to a push that settles refusals one by one.
// The batch is refused whole, and nothing of it is saved.
func TestAttackCardWriteRidesOnAMarkOfAnotherVenuesPerson(t *testing.T) {
	for _, tc := range []struct {
		name      string
		cardFirst bool
		each      bool
	}{
		{"the mark first", false, false},
		{"the card first", true, false},
		{"the card first, refusals one by one", true, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := testenv.Start(t, server.Options{})
			garden, arts := env.Venue("garden", "Garden"), env.Venue("arts", "Arts Centre")
			office := newRaw(t, env, "office", protocol.Scope{Organisation: true})
			ws := append(testenv.ActivityWrites(office.Clock, garden, "digging", "ola"), testenv.ActivityWrites(office.Clock, arts, "craft", "ola")...)
			for f, v := range map[string]string{"given_name": "Dan", "access_needs": "none"} {
				ws = append(ws, record.Write{Kind: domain.KindPerson, ID: "dan", Field: f, Value: v, Stamp: office.Clock.Now(), Staff: "ola"})
			}
			enrol := domain.EnrolmentID("craft", "dan")
			for f, v := range map[string]string{"activity_id": "craft", "person_id": "dan", "venue_id": arts} {
				ws = append(ws, record.Write{Kind: domain.KindEnrolment, ID: enrol, Field: f, Value: v, Stamp: office.Clock.Now(), Staff: "ola"})
			}
			if err := office.Push(ws, len(ws)); err != nil {
				t.Fatal(err)
			}

			tablet := newRaw(t, env, "tablet", protocol.Scope{Venues: []string{garden}})
			session := domain.SessionID("digging", "2026-11-21")
			markID := domain.AttendanceID(session, "dan")
			var batch []record.Write
			for f, v := range map[string]string{"session_id": session, "person_id": "dan", "activity_id": "digging", "venue_id": garden, "date": "2026-11-21", "status": domain.StatusPresent} {
				batch = append(batch, record.Write{Kind: domain.KindAttendance, ID: markID, Field: f, Value: v, Stamp: tablet.Clock.Now(), Staff: "sam"})
			}
			card := record.Write{Kind: domain.KindPerson, ID: "dan", Field: "access_needs", Value: "changed by the garden", Stamp: tablet.Clock.Now(), Staff: "sam"}
			if tc.cardFirst {
				batch = append([]record.Write{card}, batch...)
			} else {
				batch = append(batch, card)
			}
			req := protocol.PushRequest{Schema: protocol.Schema, Epoch: tablet.Epoch, SettlesRefused: tc.each}
			for i, w := range batch {
				req.Writes = append(req.Writes, protocol.FromRecord(uint64(i+1), w))
			}
			var resp protocol.PushResponse
			_, err := tablet.Do(protocol.PathPush, &req, &resp)
			perr := refusal(t, err)
			if perr == nil || perr.Code != protocol.CodeOutOfScope || !strings.Contains(perr.Message, "Nothing from this batch was saved") {
				t.Errorf("answered %v (%+v), want the batch refused", err, resp)
			}
			if e, _ := env.Store.Entity(domain.KindPerson, "dan"); e.Get("access_needs") != "none" {
				t.Errorf("the garden tablet changed Dan's access needs to %q", e.Get("access_needs"))
			}
			if e, _ := env.Store.Entity(domain.KindAttendance, markID); e != nil && len(e.Fields) > 0 {
				t.Errorf("the garden's mark of Dan was saved: %v", e.Values())
			}
			if _, ok := pullVisible(t, tablet)["person/dan"]; ok {
				t.Error("the garden tablet pulls Dan's card")
			}
		})
	}
}
