package server_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/internal/testenv"
	"github.com/gather-sp/gather/sync/protocol"
	"github.com/gather-sp/gather/sync/server"
)

// budgetDevice sends batches numbered by the test, so a batch held back
// can be sent again under the same numbers, as a device's queue is.
type budgetDevice struct {
	t   *testing.T
	raw *testenv.Raw
}

// send pushes ws numbered from first on and returns the answer's status
// and refusal.
func (d budgetDevice) send(first uint64, ws []record.Write) (int, *protocol.Error) {
	d.t.Helper()
	req := protocol.PushRequest{Schema: protocol.Schema, Epoch: d.raw.Epoch, Writes: make([]protocol.Write, len(ws))}
	for i, w := range ws {
		req.Writes[i] = protocol.FromRecord(first+uint64(i), w)
	}
	var resp protocol.PushResponse
	status, err := d.raw.Do(protocol.PathPush, &req, &resp)
	return status, refusal(d.t, err)
}

// newRecords makes n new records of kind, one write each, with ids from
// prefix: staff as "Add me" does, people as a walk-in's card.
func newRecords(d *testenv.Raw, kind record.Kind, prefix string, n int) []record.Write {
	field := map[record.Kind]string{domain.KindStaff: "name", domain.KindPerson: "given_name"}[kind]
	ws := make([]record.Write, n)
	for i := range ws {
		ws[i] = record.Write{Kind: kind, ID: fmt.Sprintf("%s-%d", prefix, i), Field: field, Value: fmt.Sprint("Name ", i), Stamp: d.Clock.Now(), Staff: "staff"}
	}
	return ws
}

// TestVenueDeviceBudgetOfNewRecords: a venue device makes at most its
// day's budget of new staff and people; a batch past it waits on the
// device (rate limited from its first new record past the budget, nothing
// stored) and goes through the next day. A
// record the server already holds does not count, and organisation
// devices have no budget.
func TestVenueDeviceBudgetOfNewRecords(t *testing.T) {
	cases := []struct {
		kind   record.Kind
		budget int
	}{
		{domain.KindStaff, server.VenueNewStaffPerDay},
		{domain.KindPerson, server.VenueNewPersonsPerDay},
	}
	for _, tc := range cases {
		t.Run(string(tc.kind), func(t *testing.T) {
			env := testenv.Start(t, server.Options{})
			venue := env.Venue("v1", "Hall")
			tablet := budgetDevice{t, newRaw(t, env, "tablet", protocol.Scope{Venues: []string{venue}})}
			office := newRaw(t, env, "office", protocol.Scope{Organisation: true})

			full := newRecords(tablet.raw, tc.kind, "first", tc.budget)
			if _, perr := tablet.send(1, full); perr != nil {
				t.Fatalf("a day's budget of new %s records was refused: %v", tc.kind, perr)
			}
			// Sent again (a reply lost on the way): the server holds them.
			if _, perr := tablet.send(1, full); perr != nil {
				t.Fatalf("re-sending records the server holds counted against the budget: %v", perr)
			}
			next := uint64(len(full)) + 1
			if tc.kind == domain.KindStaff { // a tablet changes only its own staff records
				// A change to a record the server holds is not a new record.
				edit := full[0]
				edit.Value, edit.Stamp = "Renamed", tablet.raw.Clock.Now()
				if _, perr := tablet.send(next, []record.Write{edit}); perr != nil {
					t.Fatalf("a change to a record the server holds counted against the budget: %v", perr)
				}
				next++
			}
			over := newRecords(tablet.raw, tc.kind, "over", 2)
			status, perr := tablet.send(next, over)
			if perr == nil || perr.Code != protocol.CodeRateLimited || status != http.StatusTooManyRequests || perr.RetryAfterSeconds <= 0 || perr.RefusedSeq != next {
				t.Fatalf("past the budget: status %d, %+v; want 429 rate limited with a wait, from write %d on", status, perr, next)
			}
			if held := heldOf(t, office, over); held != 0 {
				t.Fatalf("the server stored %d records of a batch it held back", held)
			}
			// Still held back the same day, and held again does not count.
			if _, perr := tablet.send(next, over); perr == nil || perr.Code != protocol.CodeRateLimited {
				t.Fatalf("sent again the same day: %v", perr)
			}

			env.Clock.Advance(time.Duration(perr.RetryAfterSeconds) * time.Second)
			if _, perr := tablet.send(next, over); perr != nil {
				t.Fatalf("the next day, the held batch is still refused: %v", perr)
			}
			if held := heldOf(t, office, over); held != len(over) {
				t.Fatalf("the next day the server holds %d of the %d held records", held, len(over))
			}

			// An organisation device has no budget.
			officeDev := budgetDevice{t, office}
			if _, perr := officeDev.send(1, newRecords(office, tc.kind, "office", tc.budget+1)); perr != nil {
				t.Fatalf("an organisation device was limited: %v", perr)
			}
		})
	}
}

// heldOf counts the records of ws the office pulls.
func heldOf(t *testing.T, office *testenv.Raw, ws []record.Write) int {
	t.Helper()
	got := pullVisible(t, office)
	n := 0
	for _, w := range ws {
		if got[string(w.Kind)+"/"+w.ID] != nil {
			n++
		}
	}
	return n
}
