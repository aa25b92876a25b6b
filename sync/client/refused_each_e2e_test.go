package client_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/client"
	"github.com/gather-sp/gather/sync/internal/testenv"
	"github.com/gather-sp/gather/sync/protocol"
)

// pushCounter counts the pushes a device sends.
type pushCounter struct{ pushes atomic.Int64 }

func (p *pushCounter) RoundTrip(req *http.Request) (*http.Response, error) {
	if strings.HasSuffix(req.URL.Path, protocol.PathPush) {
		p.pushes.Add(1)
	}
	return http.DefaultTransport.RoundTrip(req)
}

// TestAServerRestoreSettlesAnotherRolesWritesInOnePush: the office merges
// 50 people registered twice, and the reception desk pulls the merges.
// The server is then restored from the night before, and the desk, which
// sends everything it holds again, sends the 50 merges with the rest. The
// server refuses each from a reception desk (checkRole), rightly; it used
// to refuse the whole batch at the first, so the desk sent the writes
// before it, then it alone, then the next batch to find the next one:
// three pushes a merge (151 for 50). Now the server refuses them one by
// one in its answer and saves the rest, so the desk's whole state goes in
// one push a batch; nothing is listed as
// refused on the desk (the merges are the office's), nothing waits, and
// the office sends its merges back.
func TestAServerRestoreSettlesAnotherRolesWritesInOnePush(t *testing.T) {
	testenv.RequireBadger(t, "it restores the server from Store.Backup")
	const merges = 50
	w := newWorld(t)
	for i := range merges {
		w.person(fmt.Sprintf("p%02d", i), "Person", "", "")
		w.person(fmt.Sprintf("p%02d-dup", i), "Person", "", "")
	}
	w.office.Sync()
	var counter pushCounter
	desk := w.env.NewDeviceAs("desk", org, domain.RoleReception, client.Options{HTTPClient: testenv.HTTPClient(&counter), PushBatch: 100}, nil)
	desk.Sync()
	backup := w.env.Backup()
	for i := range merges {
		w.office.Save(domain.KindPerson, fmt.Sprintf("p%02d-dup", i), map[string]string{record.FieldMergedInto: fmt.Sprintf("p%02d", i)})
	}
	w.office.Sync()
	desk.Sync()

	w.env.RestoreFrom(backup)
	counter.pushes.Store(0)
	desk.Client.SyncOnce(t.Context()) // hears of the new epoch: queues everything again
	desk.Sync()
	pushes := counter.pushes.Load()
	t.Logf("the desk sent its whole state, with %d merges it may not make, in %d pushes", merges, pushes)
	// About 520 writes in batches of 100: six pushes, one a batch, and
	// one more to spare. (Refused at the first of each, they took 151.)
	if pushes > 7 {
		t.Errorf("the desk needed %d pushes to send its state with %d refused merges; want at most 7", pushes, merges)
	}
	if n := desk.Store.PendingCount(); n != 0 {
		t.Errorf("%d changes still wait on the desk", n)
	}
	if refused := desk.Client.Refused(); len(refused) != 0 {
		t.Errorf("the desk lists the office's merges as its refused changes: %+v", refused[:min(3, len(refused))])
	}
	if got := desk.Get(domain.KindPerson, "p07-dup", record.FieldMergedInto); got != "p07" {
		t.Errorf("the desk no longer holds the merge (%q)", got)
	}
	if e, _ := w.env.Store.Entity(domain.KindPerson, "p07-dup"); e.Get(record.FieldMergedInto) != "" {
		t.Errorf("the restored server took the merge from the reception desk")
	}
	if e, _ := w.env.Store.Entity(domain.KindPerson, "p07"); e.Get("given_name") != "Person" {
		t.Errorf("the restored server lacks the rest of the desk's state")
	}

	w.office.Client.SyncOnce(t.Context())
	w.office.Sync()
	for i := range merges {
		if e, _ := w.env.Store.Entity(domain.KindPerson, fmt.Sprintf("p%02d-dup", i)); e.Get(record.FieldMergedInto) != fmt.Sprintf("p%02d", i) {
			t.Fatalf("the office's merge of p%02d-dup is not back on the server", i)
		}
	}
}
