//go:build review

package server_test

import (
	"context"
	"errors"
	"fmt"
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

// flakyBackend fails one Update (a dropped database connection, say):
// the one after skip more have run, once armed.
type flakyBackend struct {
	*badgerstore.DB
	armed atomic.Bool
	skip  atomic.Int32
}

func (f *flakyBackend) Update(ctx context.Context, fn func(server.Tx) error) error {
	if f.armed.Load() {
		if f.skip.Add(-1) < 0 {
			f.armed.Store(false)
			return errors.New("connection reset by peer")
		}
	}
	return f.DB.Update(ctx, fn)
}

// TestReviewOneFailedRefileBatchLeavesTheRegisterUnfiled: a background
// batch of a move's re-filing that fails once (one transient backend
// error) drops the move from s.refiling (commitLoop: "the rest waits for
// the next start"), so the new venue's tablets lack the older register
// for as long as the server runs, though the next batch would succeed.
func TestReviewOneFailedRefileBatchLeavesTheRegisterUnfiled(t *testing.T) {
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
	for _, v := range []string{"v1", "v2"} {
		if _, err := st.AddVenue(v, "Hall "+v, ""); err != nil {
			t.Fatal(err)
		}
	}
	code, _, err := st.CreateCode(org, "", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	er, perr, err := st.Enrol(protocol.EnrolRequest{Schema: protocol.Schema, Code: code, DeviceID: "office"})
	if err != nil || perr != nil {
		t.Fatal(err, perr)
	}
	office, perr := st.Authenticate(er.Token)
	if perr != nil {
		t.Fatal(perr)
	}
	clock := hlc.NewClock("office", now)
	seq := uint64(0)
	push := func(ws ...record.Write) {
		t.Helper()
		req := &protocol.PushRequest{Schema: protocol.Schema, Epoch: st.Epoch()}
		for _, w := range ws {
			seq++
			w.Stamp, w.Staff = clock.Now(), "sam"
			req.Writes = append(req.Writes, protocol.FromRecord(seq, w))
		}
		if _, perr, err := st.Push(context.Background(), office, req); err != nil || perr != nil {
			t.Fatal(err, perr)
		}
	}
	ws := []record.Write{{Kind: domain.KindActivity, ID: "a1", Field: "venue_id", Value: "v1"},
		{Kind: domain.KindPerson, ID: "wally", Field: "given_name", Value: "Wally"}}
	var register []string
	for i := range 10 {
		session := domain.SessionID("a1", fmt.Sprintf("2026-09-%02d", i+1))
		mark := domain.AttendanceID(session, "wally")
		register = append(register, session, mark)
		ws = append(ws, record.Write{Kind: domain.KindSession, ID: session, Field: "venue_id", Value: "v1"},
			record.Write{Kind: domain.KindAttendance, ID: mark, Field: "status", Value: domain.StatusPresent})
	}
	push(ws...)
	// The move's own commit passes; the first background batch fails.
	fb.skip.Store(1)
	fb.armed.Store(true)
	push(record.Write{Kind: domain.KindActivity, ID: "a1", Field: "venue_id", Value: "v2"})
	var got map[string]bool
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if got = pulledRegister(t, st, "v2", "a1"); len(got) == len(register) || time.Now().After(deadline) {
			break
		}
	}
	if fb.armed.Load() {
		t.Fatal("no Update failed: the test did not reach a background batch")
	}
	for _, id := range register {
		if !got[id] {
			t.Errorf("%s was not re-filed at the new venue after one failed batch", id)
		}
	}
}
