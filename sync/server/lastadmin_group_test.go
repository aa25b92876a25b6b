package server_test

import (
	"context"
	"strings"
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

// TestTwoOfficesDemotingEachOtherInOneCommitLeaveAnAdministrator: the
// committer saves the pushes waiting together in one transaction. Two
// administrators' devices, each removing the other administrator, both
// passed when their pushes were saved together: each was checked against
// the records as committed before, where the other was still an
// administrator. The second is now checked against the first as saved,
// and refused. (The backend is held to line the pushes up, so Badger
// only: the rule is the same on PostgreSQL.)
func TestTwoOfficesDemotingEachOtherInOneCommitLeaveAnAdministrator(t *testing.T) {
	db, err := badgerstore.Open(t.TempDir(), badgerstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	gb := &gatedBackend{DB: db, held: make(chan struct{}), gate: make(chan struct{})}
	var ticks atomic.Int64 // each stamp a millisecond after the last
	now := func() time.Time {
		return time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC).Add(time.Duration(ticks.Add(1)) * time.Millisecond)
	}
	st, err := server.NewStore(gb, server.StoreOptions{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	enrol := func(id string) *server.Device {
		code, _, err := st.CreateCode(org, domain.RoleAdministrator, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		er, perr, err := st.Enrol(protocol.EnrolRequest{Schema: protocol.Schema, Code: code, DeviceID: id})
		if err != nil || perr != nil {
			t.Fatal(err, perr)
		}
		dev, perr := st.Authenticate(er.Token)
		if perr != nil {
			t.Fatal(perr)
		}
		return dev
	}
	push := func(dev *server.Device, seq uint64, ws ...record.Write) error {
		clock := hlc.NewClock(dev.ID, now)
		req := &protocol.PushRequest{Schema: protocol.Schema, Epoch: st.Epoch()}
		for _, w := range ws {
			w.Stamp, w.Staff = clock.Now(), "ada"
			req.Writes = append(req.Writes, protocol.FromRecord(seq, w))
			seq++
		}
		_, perr, err := st.Push(context.Background(), dev, req)
		if perr != nil {
			return perr
		}
		return err
	}
	office, laptop, other := enrol("office"), enrol("laptop"), enrol("other")
	if err := push(office, 1,
		record.Write{Kind: domain.KindStaff, ID: "ada", Field: "role", Value: domain.RoleAdministrator},
		record.Write{Kind: domain.KindStaff, ID: "bea", Field: "role", Value: domain.RoleAdministrator}); err != nil {
		t.Fatal(err)
	}

	gb.armed.Store(true) // this push's commit waits at the gate
	first := make(chan error, 1)
	go func() {
		first <- push(other, 1, record.Write{Kind: domain.KindStaff, ID: "cy", Field: "name", Value: "Cy"})
	}()
	<-gb.held
	errs := make(chan error, 2)
	go func() {
		errs <- push(office, 3, record.Write{Kind: domain.KindStaff, ID: "bea", Field: "deleted", Value: "true"})
	}()
	for deadline := time.Now().Add(10 * time.Second); st.WaitingPushes() < 1; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the office's push is not waiting")
		}
	}
	go func() {
		errs <- push(laptop, 1, record.Write{Kind: domain.KindStaff, ID: "ada", Field: "role", Value: domain.RoleLinkWorker})
	}()
	for deadline := time.Now().Add(10 * time.Second); st.WaitingPushes() < 2; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the laptop's push is not waiting")
		}
	}
	close(gb.gate)
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	refused := 0
	for range 2 {
		if err := <-errs; err != nil {
			if !strings.Contains(err.Error(), "last administrator") {
				t.Errorf("refused for another reason: %v", err)
			}
			refused++
		}
	}
	admins := 0
	for _, id := range []string{"ada", "bea"} {
		e, err := st.Entity(domain.KindStaff, id)
		if err != nil {
			t.Fatal(err)
		}
		if !e.Deleted() && e.Get("role") == domain.RoleAdministrator {
			admins++
		}
	}
	if admins != 1 || refused != 1 {
		t.Errorf("after both offices removed the other administrator, %d administrators are on record and %d of the pushes was refused; want 1 and 1", admins, refused)
	}
}
