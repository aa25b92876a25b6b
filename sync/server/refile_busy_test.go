package server_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/hlc"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/protocol"
	"github.com/gather-sp/gather/sync/server"
	"github.com/gather-sp/gather/sync/server/badgerstore"
)

// gatedBackend holds its first Update once armed until gate closes, and
// notes what each Update logged: "move" (an activity), "push" (a person's
// card) or "refile" (only sessions and marks).
type gatedBackend struct {
	*badgerstore.DB
	armed   atomic.Bool
	held    chan struct{} // the held Update has begun
	gate    chan struct{}
	mu      sync.Mutex
	updates []string
}

func (g *gatedBackend) Update(ctx context.Context, fn func(server.Tx) error) error {
	if g.armed.CompareAndSwap(true, false) {
		close(g.held)
		<-g.gate
	}
	tx := &loggedKinds{}
	err := g.DB.Update(ctx, func(t server.Tx) error {
		tx.Tx = t
		return fn(tx)
	})
	if err == nil {
		var what string
		switch {
		case tx.kinds[domain.KindActivity]:
			what = "move"
		case tx.kinds[domain.KindPerson]:
			what = "push"
		case tx.kinds[domain.KindSession] || tx.kinds[domain.KindAttendance]:
			what = "refile"
		}
		g.mu.Lock()
		g.updates = append(g.updates, what)
		g.mu.Unlock()
	}
	return err
}

type loggedKinds struct {
	server.Tx
	kinds map[record.Kind]bool
}

func (t *loggedKinds) PutLog(seq uint64, e server.LogEntry, venues []string) error {
	if t.kinds == nil {
		t.kinds = map[record.Kind]bool{}
	}
	t.kinds[e.Kind] = true
	return t.Tx.PutLog(seq, e, venues)
}

// TestRefileGoesOnWhilePushesKeepWaiting: a move's background re-filing
// ran only when no push waited, so on a server whose pushes never stopped
// coming the new venue's tablets waited for the older register for as
// long as they came. Here 24 laptops' pushes wait while the move commits:
// a re-filing batch now goes between every few groups of them, not after
// the last.
func TestRefileGoesOnWhilePushesKeepWaiting(t *testing.T) {
	db, err := badgerstore.Open(t.TempDir(), badgerstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	gb := &gatedBackend{DB: db, held: make(chan struct{}), gate: make(chan struct{})}
	now := func() time.Time { return time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC) }
	// One push a group, so 24 waiting pushes are 24 groups.
	st, err := server.NewStore(gb, server.StoreOptions{MaxRefiled: 3, MaxGroupWrites: 1, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	push := refileOffice(t, st, now)
	ws, register := registerAtV1(september1, 10)
	push(ws...)
	const laptops = 24
	devs := make([]*server.Device, laptops)
	for i := range devs {
		devs[i] = enrolOffice(t, st, fmt.Sprint("laptop-", i))
	}

	gb.armed.Store(true) // the move's commit waits at the gate
	moved := make(chan struct{})
	go func() { defer close(moved); push(moveToV2) }()
	<-gb.held
	errs := make(chan error, laptops)
	for i, dev := range devs {
		go func() {
			clock := hlc.NewClock(dev.ID, now)
			w := record.Write{Kind: domain.KindPerson, ID: fmt.Sprint("p", i), Field: "given_name", Value: "Pat", Stamp: clock.Now(), Staff: "sam"}
			req := &protocol.PushRequest{Schema: protocol.Schema, Epoch: st.Epoch(), Writes: []protocol.Write{protocol.FromRecord(1, w)}}
			_, perr, err := st.Push(context.Background(), dev, req)
			if perr != nil {
				err = perr
			}
			errs <- err
		}()
	}
	for deadline := time.Now().Add(10 * time.Second); st.WaitingPushes() < laptops; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d pushes waiting", st.WaitingPushes(), laptops)
		}
	}
	close(gb.gate)
	<-moved
	for range laptops {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if got := refiledAtV2(t, st, len(register), 10*time.Second); len(got) != len(register) {
		t.Fatalf("%d of %d records re-filed at the new venue", len(got), len(register))
	}

	gb.mu.Lock()
	defer gb.mu.Unlock()
	// What committed from the move on (the register's set-up logged an
	// activity too).
	var order []string
	for _, what := range gb.updates {
		if what == "move" {
			order = nil
		}
		if what != "" {
			order = append(order, what)
		}
	}
	firstRefile, lastPush := slices.Index(order, "refile"), -1
	for i, what := range order {
		if what == "push" {
			lastPush = i
		}
	}
	if firstRefile < 0 || firstRefile > lastPush {
		t.Errorf("no re-filing batch went until every waiting push had: %s", strings.Join(order, " "))
	}
}
