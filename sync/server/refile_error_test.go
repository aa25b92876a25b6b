package server_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/server"
	"github.com/gather-sp/gather/sync/server/badgerstore"
)

// flakyBackend fails one Update that logs sessions or marks (a dropped
// database connection, say): the one after skip more have run, once
// armed. Other Updates (a code made, a device enrolled) pass.
type flakyBackend struct {
	*badgerstore.DB
	armed atomic.Bool
	skip  atomic.Int32
}

func (f *flakyBackend) Update(ctx context.Context, fn func(server.Tx) error) error {
	if !f.armed.Load() {
		return f.DB.Update(ctx, fn)
	}
	return f.DB.Update(ctx, func(tx server.Tx) error {
		ft := &flakyTx{Tx: tx}
		if err := fn(ft); err != nil {
			return err
		}
		if ft.register && f.skip.Add(-1) < 0 && f.armed.CompareAndSwap(true, false) {
			return errors.New("connection reset by peer")
		}
		return nil
	})
}

type flakyTx struct {
	server.Tx
	register bool // it logs a session or a mark
}

func (t *flakyTx) PutLog(seq uint64, e server.LogEntry, venues []string) error {
	t.register = t.register || registerKind(e.Kind)
	return t.Tx.PutLog(seq, e, venues)
}

// TestRefileGoesOnAfterAFailedBatch: a background batch of a move's
// re-filing that failed once (one transient backend error) dropped the
// move until the next start, so the new venue's tablets lacked the older
// register for as long as the server ran, though the next batch would
// have succeeded. The move is now kept and tried again after a pause.
func TestRefileGoesOnAfterAFailedBatch(t *testing.T) {
	db, err := badgerstore.Open(t.TempDir(), badgerstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	fb := &flakyBackend{DB: db}
	now := func() time.Time { return time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC) }
	st, err := server.NewStore(fb, server.StoreOptions{MaxRefiled: 3, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	push := refileOffice(t, st, now)
	ws, register := registerAtV1(september1, 10)
	push(ws...)
	// The move's own commit passes; the first background batch fails.
	fb.skip.Store(1)
	fb.armed.Store(true)
	push(moveToV2)
	got := refiledAtV2(t, st, len(register), 5*time.Second)
	if fb.armed.Load() {
		t.Fatal("no Update failed: the test did not reach a background batch")
	}
	for _, id := range register {
		if !got[id] {
			t.Errorf("%s was not re-filed at the new venue after one failed batch", id)
		}
	}
}

// countingBackend counts, in each Update after it is armed, the sessions
// and marks read (one by one, or listed) while the commit lock is held.
type countingBackend struct {
	*badgerstore.DB
	armed   atomic.Bool
	mu      sync.Mutex
	updates []readCount
}

type readCount struct{ read, listed int }

func (c *countingBackend) Update(ctx context.Context, fn func(server.Tx) error) error {
	if !c.armed.Load() {
		return c.DB.Update(ctx, fn)
	}
	tx := &countingTx{}
	err := c.DB.Update(ctx, func(t server.Tx) error {
		tx.Tx = t
		return fn(tx)
	})
	c.mu.Lock()
	c.updates = append(c.updates, tx.n)
	c.mu.Unlock()
	return err
}

type countingTx struct {
	server.Tx
	n readCount
}

func registerKind(k record.Kind) bool { return k == domain.KindSession || k == domain.KindAttendance }

func (t *countingTx) Entity(kind record.Kind, id string) (*record.Entity, uint64, error) {
	if registerKind(kind) {
		t.n.read++
	}
	return t.Tx.Entity(kind, id)
}

func (t *countingTx) Entities(kind record.Kind, prefix string, fn func(string, *record.Entity) error) error {
	return t.Tx.Entities(kind, prefix, func(id string, e *record.Entity) error {
		if registerKind(kind) {
			t.n.listed++
		}
		return fn(id, e)
	})
}

// TestRefileBatchesReadOnlyTheirBatch: every background batch of a move's
// re-filing listed the whole register and read each record already
// filed, under the commit lock, so a push behind it waited in proportion
// to the register (41,000 marks: 2.5 s on PostgreSQL). A batch now goes
// on from where the last one stopped: it lists nothing and reads a
// bounded number of records, however long the register. The move's own
// commit still lists the register, once.
func TestRefileBatchesReadOnlyTheirBatch(t *testing.T) {
	db, err := badgerstore.Open(t.TempDir(), badgerstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	cb := &countingBackend{DB: db}
	now := func() time.Time { return time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC) }
	const maxRefiled = 3
	st, err := server.NewStore(cb, server.StoreOptions{MaxRefiled: maxRefiled, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	push := refileOffice(t, st, now)
	ws, register := registerAtV1(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), 40)
	push(ws...)
	cb.armed.Store(true)
	push(moveToV2)
	got := refiledAtV2(t, st, len(register), 10*time.Second)
	if len(got) != len(register) {
		t.Fatalf("%d of %d records re-filed at the new venue", len(got), len(register))
	}
	cb.mu.Lock()
	defer cb.mu.Unlock()
	batches := 0
	for i, n := range cb.updates[1:] { // [0] is the move's commit
		if n.read == 0 && n.listed == 0 {
			continue // a code made, a device enrolled
		}
		batches++
		// Each record of a batch: checked, then loaded; at most twice the
		// bound checked.
		if n.listed > 0 || n.read > 4*maxRefiled {
			t.Errorf("background batch %d listed %d sessions and marks and read %d under the commit lock, want none listed and at most %d read",
				i+1, n.listed, n.read, 4*maxRefiled)
		}
	}
	if batches < len(register)/maxRefiled-2 {
		t.Errorf("%d background batches counted, want about %d", batches, len(register)/maxRefiled)
	}
}
