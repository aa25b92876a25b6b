package client_test

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/sync/client"
	"github.com/gather-sp/gather/sync/internal/testenv"
	"github.com/gather-sp/gather/sync/protocol"
)

// loseAnswer passes requests on and loses the answer to the push numbered
// lose (1 the first), as a dropped connection does once the server has
// committed it.
type loseAnswer struct {
	pushes, lose atomic.Int64
}

func (t *loseAnswer) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err == nil && strings.HasSuffix(req.URL.Path, protocol.PathPush) && t.pushes.Add(1) == t.lose.Load() {
		resp.Body.Close()
		return nil, errors.New("connection reset: the answer was lost")
	}
	return resp, err
}

// TestOneTabletsOwnEditsOfAFieldMakeNoConflict: a tablet changes Ann's
// emergency phone three times offline, each knowing the one before, with
// marks saved in between, and sends them in several batches: as they
// are, after an answer lost and the batch sent again, or queued again
// with its whole state over a server put back from a backup. The office
// must find no conflict to review: no save was lost, each was replaced
// by the person who made it.
func TestOneTabletsOwnEditsOfAFieldMakeNoConflict(t *testing.T) {
	for _, tc := range []struct {
		name    string
		lose    int64 // the push whose answer is lost, 0 none
		restore bool  // the server is put back from a backup taken before the edits
	}{
		{"in several batches", 0, false},
		{"an answer lost and sent again", 2, false},
		{"queued again over a restored server", 0, true},
		{"an answer lost, then queued again over a restored server", 3, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.restore {
				testenv.RequireBadger(t, "it restores the server from Store.Backup")
			}
			w := newWorld(t)
			w.person("ann", "Ann", w.act1, w.v1)
			w.office.Sync()
			w.env.Clock.Set(time.Now())
			rt := &loseAnswer{}
			tablet := w.env.NewDevice("tablet", protocol.Scope{Venues: []string{w.v1}},
				client.Options{PushBatch: 1, HTTPClient: testenv.HTTPClient(rt)}, w.env.Clock.Now)
			tablet.Sync()
			var backup []byte
			if tc.restore {
				backup = w.env.Backup()
			}
			for i := range 3 {
				tablet.Save(domain.KindPerson, "ann", map[string]string{"emergency_contact_phone": fmt.Sprintf("07700 90033%d", i)})
				mark(tablet, w.act1, w.v1, fmt.Sprintf("2026-11-0%d", i+2), fmt.Sprintf("p%d", i), "present")
				w.env.Clock.Advance(time.Minute)
			}
			rt.pushes.Store(0)
			rt.lose.Store(tc.lose)
			if tc.lose > 0 {
				if err := tablet.Client.SyncOnce(t.Context()); err == nil {
					t.Fatal("the sync whose answer was lost went through")
				}
			}
			if tc.restore {
				w.env.RestoreFrom(backup)
			}
			tablet.Sync()
			tablet.Sync()
			w.office.Sync()
			if got := w.office.Get(domain.KindPerson, "ann", "emergency_contact_phone"); got != "07700 900332" {
				t.Fatalf("the office holds Ann's emergency phone %q, want the tablet's last save", got)
			}
			for _, v := range []string{"07700 900330", "07700 900331", "07700 900332"} {
				if keptAsConflict(t, w.office, "ann", "emergency_contact_phone", v) {
					t.Errorf("the tablet's own %s, replaced by its own next save, is a conflict for the office to review", v)
				}
			}
		})
	}
}
