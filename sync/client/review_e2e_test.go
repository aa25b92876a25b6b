package client_test

import (
	"errors"
	"fmt"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/sync/client"
	"github.com/gather-sp/gather/sync/internal/testenv"
	"github.com/gather-sp/gather/sync/protocol"
)

// lostAckAndRestart lets the nth push reach the server, then restarts the
// server and loses the answer.
type lostAckAndRestart struct {
	env    *testenv.Env
	n      int32
	pushes atomic.Int32
}

func (t *lostAckAndRestart) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil || req.URL.Path != protocol.PathPush || t.pushes.Add(1) != t.n {
		return resp, err
	}
	resp.Body.Close()
	t.env.Restart()
	return nil, errors.New("connection reset (test)")
}

// A pipelined push of many batches loses the answer to its second batch
// and the server restarts; the device is then killed and opened again
// before it syncs. Every mark reaches the server once, in its latest
// state, with no conflict, and the queue ends empty.
func TestPipelinedPushLostAckServerRestartDeviceCrash(t *testing.T) {
	w := newWorld(t)
	for i := 0; i < 10; i++ {
		w.person(fmt.Sprintf("p%d", i), fmt.Sprintf("P%d", i), w.act1, w.v1)
	}
	w.office.Sync()
	tr := &lostAckAndRestart{env: w.env, n: 2}
	tablet := w.env.NewDevice("garden tablet", protocol.Scope{Venues: []string{w.v1}},
		client.Options{HTTPClient: testenv.HTTPClient(tr), PushBatch: 40}, nil)
	tablet.Sync()
	tr.pushes.Store(0)
	var marks []string
	for d := 1; d <= 8; d++ {
		date := fmt.Sprintf("2026-11-%02d", d)
		for i := 0; i < 10; i++ {
			marks = append(marks, mark(tablet, w.act1, w.v1, date, fmt.Sprintf("p%d", i), domain.StatusPresent))
		}
	}
	// Corrections, queued after the marks they correct.
	for _, id := range marks[:20] {
		tablet.Save(domain.KindAttendance, id, map[string]string{"status": domain.StatusLate})
	}
	if err := tablet.Client.SyncOnce(t.Context()); err == nil {
		t.Fatal("the sync whose answer was lost says it succeeded")
	}
	tablet.Restart()
	tablet.Sync()
	tablet.Sync()
	if n := tablet.Store.PendingCount(); n != 0 {
		t.Errorf("%d writes still waiting", n)
	}
	for i, id := range marks {
		want := domain.StatusPresent
		if i < 20 {
			want = domain.StatusLate
		}
		e, err := w.env.Store.Entity(domain.KindAttendance, id)
		if err != nil {
			t.Fatal(err)
		}
		if got := e.Get("status"); got != want {
			t.Errorf("server: mark %s is %q, want %q", id, got, want)
		}
	}
	w.office.Sync()
	if n := len(w.office.Store.View().All(domain.KindConflict)); n != 0 {
		t.Errorf("%d conflict records from re-sent batches", n)
	}
	for i, id := range marks {
		want := domain.StatusPresent
		if i < 20 {
			want = domain.StatusLate
		}
		if got := w.office.Get(domain.KindAttendance, id, "status"); got != want {
			t.Errorf("office: mark %s is %q, want %q", id, got, want)
		}
	}
}

// duringPush runs f (once) while the first push is on its way.
type duringPush struct {
	f    func()
	done atomic.Bool
}

func (t *duringPush) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Path == protocol.PathPush && !t.done.Swap(true) {
		t.f()
	}
	return http.DefaultTransport.RoundTrip(req)
}

// An erasure saved while a push that says "renumbered" is on its way drops
// a change made after that push's batch: the push's success must not
// clear the mark the erasure set, or the next push shows the server a gap
// and the device queues its whole store again.
func TestErasureDuringARenumberedPushKeepsItsRebase(t *testing.T) {
	w := newErasureWorld(t)
	dp := &duringPush{}
	// Enrolled as an administrator's: it erases.
	laptop := w.env.NewDeviceAs("link worker laptop", org, domain.RoleAdministrator, client.Options{HTTPClient: testenv.HTTPClient(dp)}, nil)
	laptop.Sync()
	laptop.Save(domain.KindPerson, "ann", map[string]string{"phone": "07700 900777"})
	// As after a change set aside: the next push says the numbering jumps.
	if err := laptop.Store.SetMeta(map[string][]byte{client.MetaRebase: []byte("1")}); err != nil {
		t.Fatal(err)
	}
	dp.done.Store(false)
	var head uint64
	dp.f = func() {
		laptop.Save(domain.KindPerson, "wil", map[string]string{"phone": "07700 900456"})
		if err := laptop.Store.ErasePerson("admin", "wil"); err != nil {
			t.Error(err)
		}
		head = laptop.Store.QueueSeq()
	}
	laptop.Sync()
	laptop.Sync()
	if got := laptop.Store.QueueSeq(); got != head {
		t.Errorf("the laptop queued %d writes again (its whole store) after an erasure made during a push", got-head)
	}
	if n := laptop.Store.PendingCount(); n != 0 {
		t.Errorf("%d writes still waiting", n)
	}
	w.assertServerErased(t)
}
