package client_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/sync/client"
	"github.com/gather-sp/gather/sync/internal/testenv"
	"github.com/gather-sp/gather/sync/protocol"
)

// afterPush runs f once, when the next push's answer has come back and
// before the client reads it: the push pipeline has read its next batch
// from the queue by then.
type afterPush struct {
	mu   sync.Mutex
	next http.RoundTripper
	f    func()
}

func (t *afterPush) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(req)
	if strings.HasSuffix(req.URL.Path, protocol.PathPush) {
		t.mu.Lock()
		f := t.f
		t.f = nil
		t.mu.Unlock()
		if f != nil {
			time.Sleep(100 * time.Millisecond) // the next batch's read is done
			f()
		}
	}
	return resp, err
}

// TestErasureDuringAPipelinedPushDoesNotResendTheWholeStore: an erasure
// saved while a push is on its way drops queued writes after the batch
// the pipeline has already read. The batch read before the erasure is
// sent with the new "renumbered" mark and clears it; the batch after it
// then starts past a dropped number without the mark, the server answers
// sequence_gap, and the device queues its whole store again (RequeueAll),
// which the erasure's mark was there to prevent.
func TestErasureDuringAPipelinedPushDoesNotResendTheWholeStore(t *testing.T) {
	rt := &afterPush{next: http.DefaultTransport}
	w := newWorld(t)
	office := w.env.NewDeviceAs("office 2", org, domain.RoleAdministrator, client.Options{PushBatch: 4, HTTPClient: testenv.HTTPClient(rt)}, nil)
	office.Save(domain.KindPerson, "wil", map[string]string{"given_name": "Wilhelmina"})
	office.Sync()
	// Offline: eight changes (two batches), then Wilhelmina's phone, then
	// three more.
	for i := 0; i < 8; i++ {
		office.Save(domain.KindPerson, fmt.Sprintf("x%d", i), map[string]string{"given_name": "X"})
	}
	office.Save(domain.KindPerson, "wil", map[string]string{"phone": "07700 900456"})
	for i := 0; i < 3; i++ {
		office.Save(domain.KindPerson, fmt.Sprintf("y%d", i), map[string]string{"given_name": "Y"})
	}
	var head uint64
	rt.mu.Lock()
	rt.f = func() { // while the first batch is answered, she is erased
		if err := office.Store.ErasePerson("admin", "wil"); err != nil {
			t.Error(err)
		}
		head = office.Store.QueueSeq()
	}
	rt.mu.Unlock()
	office.Sync()
	if head == 0 {
		t.Fatal("the erasure did not run")
	}
	if got := office.Store.QueueSeq(); got != head {
		t.Errorf("the office queued %d writes again after its erasure (its whole store): the server took the dropped number for data it lost", got-head)
	}
	if n := office.Store.PendingCount(); n != 0 {
		t.Errorf("%d writes still waiting", n)
	}
}

// TestErasingUnsentChangesPastTheFirstBatch: as
// TestErasingUnsentChangesDoesNotResendTheWholeStore, with the dropped
// change beyond the push's first batch. The first batch says "renumbered"
// and clears the mark; the second starts past the dropped number without
// it, and the server takes the jump for data it lost.
func TestErasingUnsentChangesPastTheFirstBatch(t *testing.T) {
	w := newWorld(t)
	office := w.env.NewDeviceAs("office 2", org, domain.RoleAdministrator, client.Options{PushBatch: 4}, nil)
	office.Save(domain.KindPerson, "wil", map[string]string{"given_name": "Wilhelmina"})
	office.Sync()
	for i := 0; i < 4; i++ {
		office.Save(domain.KindPerson, fmt.Sprintf("x%d", i), map[string]string{"given_name": "X"})
	}
	office.Save(domain.KindPerson, "wil", map[string]string{"phone": "07700 900456"})
	for i := 0; i < 3; i++ {
		office.Save(domain.KindPerson, fmt.Sprintf("y%d", i), map[string]string{"given_name": "Y"})
	}
	if err := office.Store.ErasePerson("admin", "wil"); err != nil {
		t.Fatal(err)
	}
	head := office.Store.QueueSeq()
	office.Sync()
	if got := office.Store.QueueSeq(); got != head {
		t.Errorf("the office queued %d writes again after its erasure (its whole store): the server took the dropped number for data it lost", got-head)
	}
	if n := office.Store.PendingCount(); n != 0 {
		t.Errorf("%d writes still waiting", n)
	}
}
