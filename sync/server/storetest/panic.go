package storetest

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/protocol"
	"github.com/gather-sp/gather/sync/server"
)

// bugID is the id of a record whose saving panics in the panicky backend,
// as a bug a crafted push reached would.
const bugID = "reaches-a-bug"

// panicky is a backend whose transactions panic when they store bugID.
// Once held, its next transaction waits, having said so on entered, until
// hold is closed: the pushes sent meanwhile queue, and the commit loop
// takes them as one group.
type panicky struct {
	server.Backend
	held    atomic.Bool
	entered chan struct{}
	hold    chan struct{}
	panics  atomic.Int32
}

type panickyTx struct {
	server.Tx
	p *panicky
}

func (p *panicky) Update(ctx context.Context, fn func(server.Tx) error) error {
	if p.held.CompareAndSwap(true, false) {
		close(p.entered)
		<-p.hold
	}
	return p.Backend.Update(ctx, func(tx server.Tx) error { return fn(panickyTx{tx, p}) })
}

func (t panickyTx) PutEntity(kind record.Kind, id string, state []byte, seq uint64) error {
	if id == bugID {
		t.p.panics.Add(1)
		panic("a bug reached while saving " + id)
	}
	return t.Tx.PutEntity(kind, id, state, seq)
}

// testPanicWhileSaving: a push that reaches a bug while the server saves
// it fails alone, in words; the pushes committed beside it, in the same
// group or not, are saved; nothing of the failed one is; and the server
// goes on taking pushes. Before, a panic in the commit loop stopped the
// whole server for every device.
func testPanicWhileSaving(t *testing.T, b server.Backend) {
	p := &panicky{Backend: b, entered: make(chan struct{}), hold: make(chan struct{})}
	s, err := server.NewStore(p, server.StoreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	const n = 6
	devs := make([]*device, n)
	for i := range devs {
		devs[i] = enrolDevice(t, s, fmt.Sprintf("office-%d", i), protocol.Scope{Organisation: true})
	}
	push := func(d *device, id string) error {
		dev, perr := s.Authenticate(d.token)
		if perr != nil {
			return perr
		}
		d.seq++
		w := protocol.FromRecord(d.seq, record.Write{Kind: domain.KindActivity, ID: id, Field: "name", Value: "Garden group " + id,
			Stamp: d.clock.Now(), Staff: "staff"})
		_, perr, err := s.Push(context.Background(), dev, &protocol.PushRequest{Schema: protocol.Schema, Epoch: s.Epoch(), Writes: []protocol.Write{w}})
		if err != nil {
			return err
		}
		if perr != nil {
			return perr
		}
		return nil
	}
	// The first push holds the commit loop while the rest queue, so they,
	// the one that reaches the bug among them, are committed as one group.
	errs := make([]error, n)
	var wg sync.WaitGroup
	send := func(i int) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			id := fmt.Sprintf("activity-%d", i)
			if i == n/2 {
				id = bugID
			}
			errs[i] = push(devs[i], id)
		}()
	}
	p.held.Store(true)
	send(0)
	<-p.entered
	for i := 1; i < n; i++ {
		send(i)
	}
	time.Sleep(200 * time.Millisecond) // for them to queue
	close(p.hold)
	wg.Wait()
	if got := p.panics.Load(); got < 2 {
		t.Errorf("the push that reaches the bug panicked %d times: it was not committed in a group with others, split until it stood alone", got)
	}
	for i, err := range errs {
		switch {
		case i == n/2 && (err == nil || !strings.Contains(err.Error(), "internal error")):
			t.Errorf("the push that reached the bug answered %v, want an internal error in words", err)
		case i == n/2 && strings.Contains(err.Error(), "a bug reached"):
			t.Errorf("the panic's own words reach the device (they may quote records it may not see): %v", err)
		case i != n/2 && err != nil:
			t.Errorf("push %d, committed beside the one that reached the bug: %v", i, err)
		}
	}
	for i := range devs {
		id := fmt.Sprintf("activity-%d", i)
		if i == n/2 {
			id = bugID
		}
		e, err := s.Entity(domain.KindActivity, id)
		if err != nil {
			t.Fatal(err)
		}
		if saved := e != nil && e.Get("name") != ""; saved != (i != n/2) {
			t.Errorf("%s saved = %v", id, saved)
		}
	}
	// The server still takes pushes, the failed device's too (from its
	// change 1 again: nothing of the failed push was kept).
	devs[n/2].seq = 0
	if err := push(devs[n/2], "activity-after"); err != nil {
		t.Fatalf("a push after the panic: %v", err)
	}
}
