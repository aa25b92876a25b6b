package server_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gather-sp/gather/hlc"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/protocol"
	"github.com/gather-sp/gather/sync/server"
	"github.com/gather-sp/gather/sync/server/badgerstore"
)

// groupedStore is a server store on Badger whose next commit can be held
// (gatedBackend), so that the pushes after it wait and are saved together
// in one commit group. Badger only: the rules it tests are the same on
// PostgreSQL.
type groupedStore struct {
	t   *testing.T
	st  *server.Store
	gb  *gatedBackend
	now func() time.Time
}

func newGroupedStore(t *testing.T) *groupedStore {
	t.Helper()
	db, err := badgerstore.Open(t.TempDir(), badgerstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	g := &groupedStore{t: t, gb: &gatedBackend{DB: db, held: make(chan struct{}), gate: make(chan struct{})}}
	var ticks atomic.Int64 // each stamp a millisecond after the last
	g.now = func() time.Time {
		return time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC).Add(time.Duration(ticks.Add(1)) * time.Millisecond)
	}
	if g.st, err = server.NewStore(g.gb, server.StoreOptions{Now: g.now}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { g.st.Close() })
	return g
}

// enrol enrols a device id with a code for role.
func (g *groupedStore) enrol(id, role string) *server.Device {
	g.t.Helper()
	code, _, err := g.st.CreateCode(org, role, time.Hour)
	if err != nil {
		g.t.Fatal(err)
	}
	er, perr, err := g.st.Enrol(protocol.EnrolRequest{Schema: protocol.Schema, Code: code, DeviceID: id})
	if err != nil || perr != nil {
		g.t.Fatal(err, perr)
	}
	dev, perr := g.st.Authenticate(er.Token)
	if perr != nil {
		g.t.Fatal(perr)
	}
	return dev
}

// push sends ws from dev, numbered from seq, stamped now by staff (by the
// record's own id when ""), and returns the refusal or error.
func (g *groupedStore) push(dev *server.Device, staff string, seq uint64, ws ...record.Write) error {
	clock := hlc.NewClock(dev.ID, g.now)
	req := &protocol.PushRequest{Schema: protocol.Schema, Epoch: g.st.Epoch()}
	for _, w := range ws {
		w.Stamp, w.Staff = clock.Now(), staff
		if staff == "" {
			w.Staff = w.ID
		}
		req.Writes = append(req.Writes, protocol.FromRecord(seq, w))
		seq++
	}
	_, perr, err := g.st.Push(context.Background(), dev, req)
	if perr != nil {
		return perr
	}
	return err
}

// inOneCommit holds first's commit at the gate, starts each of pushes in
// turn once the ones before wait behind it, then lets them all through:
// pushes are saved together, in that order, in the commit after first's.
// It returns their errors, in the order they finish.
func (g *groupedStore) inOneCommit(first func() error, pushes ...func() error) []error {
	g.t.Helper()
	g.gb.armed.Store(true)
	held := make(chan error, 1)
	go func() { held <- first() }()
	<-g.gb.held
	errs := make(chan error, len(pushes))
	for i, p := range pushes {
		go func() { errs <- p() }()
		for deadline := time.Now().Add(10 * time.Second); g.st.WaitingPushes() < i+1; time.Sleep(5 * time.Millisecond) {
			if time.Now().After(deadline) {
				g.t.Fatalf("push %d is not waiting", i+1)
			}
		}
	}
	close(g.gb.gate)
	if err := <-held; err != nil {
		g.t.Fatal(err)
	}
	out := make([]error, len(pushes))
	for i := range out {
		out[i] = <-errs
	}
	return out
}
