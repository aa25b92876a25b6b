package server_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/server"
	"github.com/gather-sp/gather/sync/server/badgerstore"
)

// TestRefileAfterRestartFindsAMoveWhoseOldestRecordWasLoggedSince: a
// server's start read only the oldest session and the oldest mark of each
// activity, taking a move to re-file newest first so those go last. But
// any write after the move logs a record under the activity's venue
// whatever its date: here the office back-fills a paper register from
// before the first session (a new oldest session and mark). The server
// stopped in the middle of re-filing then found nothing left at its
// start, and the middle of the register was never filed under the new
// venue (17 of 22 records on PostgreSQL). The start now checks every
// session and mark (findRefiling).
func TestRefileAfterRestartFindsAMoveWhoseOldestRecordWasLoggedSince(t *testing.T) {
	place := newRefileStore(t)
	st := place.open(server.StoreOptions{MaxRefiled: 3, NoRefileInBackground: true})
	defer func() { st.Close() }()
	push := refileOffice(t, st, place.now)
	ws, register := registerAtV1(september1.AddDate(0, 0, 9), 10)
	push(ws...)
	push(moveToV2)
	// The office back-fills the first week from paper, dated before any
	// session the server holds: logged under v2 at once.
	early := domain.SessionID("a1", "2026-09-01")
	earlyMark := domain.AttendanceID(early, "wally")
	register = append(register, early, earlyMark)
	push(record.Write{Kind: domain.KindSession, ID: early, Field: "venue_id", Value: "v2"},
		record.Write{Kind: domain.KindAttendance, ID: earlyMark, Field: "status", Value: domain.StatusPresent})
	st.Close()
	st = place.open(server.StoreOptions{MaxRefiled: 3})
	got := refiledAtV2(t, st, len(register), 10*time.Second)
	for _, id := range register {
		if !got[id] {
			t.Errorf("%s was not re-filed at the new venue after the restart", id)
		}
	}
}

// scanFailingBackend fails, once armed, the first read that lists the
// activities (the start's search for unfinished moves: findRefiling).
type scanFailingBackend struct {
	*badgerstore.DB
	armed atomic.Bool
}

func (b *scanFailingBackend) View(ctx context.Context, fn func(server.Reader) error) error {
	return b.DB.View(ctx, func(r server.Reader) error { return fn(scanFailingReader{r, b}) })
}

type scanFailingReader struct {
	server.Reader
	b *scanFailingBackend
}

func (r scanFailingReader) Entities(kind record.Kind, prefix string, fn func(string, *record.Entity) error) error {
	if kind == domain.KindActivity && prefix == "" && r.b.armed.CompareAndSwap(true, false) {
		return errors.New("connection reset by peer")
	}
	return r.Reader.Entities(kind, prefix, fn)
}

// TestRefileAfterRestartWhenTheFirstSearchFails: the search a start makes
// for moves left half re-filed failed once (a dropped connection) and was
// not made again, so the rest of the register stayed at the old venue
// until the next start. It is now tried again after a pause.
func TestRefileAfterRestartWhenTheFirstSearchFails(t *testing.T) {
	dir := t.TempDir()
	now := func() time.Time { return time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC) }
	open := func(opts server.StoreOptions) (*server.Store, *scanFailingBackend) {
		t.Helper()
		db, err := badgerstore.Open(dir, badgerstore.Options{})
		if err != nil {
			t.Fatal(err)
		}
		b := &scanFailingBackend{DB: db}
		b.armed.Store(true)
		opts.Now = now
		st, err := server.NewStore(b, opts)
		if err != nil {
			t.Fatal(err)
		}
		return st, b
	}
	st, _ := open(server.StoreOptions{MaxRefiled: 3, NoRefileInBackground: true})
	defer func() { st.Close() }()
	push := refileOffice(t, st, now)
	ws, register := registerAtV1(september1.AddDate(0, 0, 9), 10)
	push(ws...)
	push(moveToV2)
	st.Close()
	st, b := open(server.StoreOptions{MaxRefiled: 3})
	got := refiledAtV2(t, st, len(register), 10*time.Second)
	if b.armed.Load() {
		t.Fatal("the start's search did not fail: the test did not reach it")
	}
	for _, id := range register {
		if !got[id] {
			t.Errorf("%s was not re-filed at the new venue after the start's search failed once", id)
		}
	}
}
