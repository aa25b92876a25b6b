package server_test

import (
	"context"
	"errors"
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

// TestTwoDesksMakingTheFirstAdministratorInOneCommit: the committer saves
// the pushes waiting together in one transaction. Two reception desks,
// each making a new member of staff the organisation's first
// administrator, are saved together: the second is checked against the
// first as saved (administratorOnRecord reads the group), and refused as
// from any desk once the organisation has one. (The backend is held to
// line the pushes up, so Badger only: the rule is the same on
// PostgreSQL.)
func TestTwoDesksMakingTheFirstAdministratorInOneCommit(t *testing.T) {
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
		code, _, err := st.CreateCode(org, domain.RoleReception, time.Hour)
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
	push := func(dev *server.Device, ws ...record.Write) error {
		clock := hlc.NewClock(dev.ID, now)
		req := &protocol.PushRequest{Schema: protocol.Schema, Epoch: st.Epoch()}
		for i, w := range ws {
			w.Stamp, w.Staff = clock.Now(), w.ID
			req.Writes = append(req.Writes, protocol.FromRecord(uint64(i+1), w))
		}
		_, perr, err := st.Push(context.Background(), dev, req)
		if perr != nil {
			return perr
		}
		return err
	}
	other, north, south := enrol("other"), enrol("north"), enrol("south")

	gb.armed.Store(true) // this push's commit waits at the gate
	first := make(chan error, 1)
	go func() {
		first <- push(other, record.Write{Kind: domain.KindStaff, ID: "cy", Field: "name", Value: "Cy"})
	}()
	<-gb.held
	errs := make(chan error, 2)
	for i, p := range []struct {
		dev *server.Device
		id  string
	}{{north, "ann"}, {south, "bob"}} {
		go func() {
			errs <- push(p.dev, record.Write{Kind: domain.KindStaff, ID: p.id, Field: "role", Value: domain.RoleAdministrator})
		}()
		for deadline := time.Now().Add(10 * time.Second); st.WaitingPushes() < i+1; time.Sleep(5 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("%s's push is not waiting", p.dev.ID)
			}
		}
	}
	close(gb.gate)
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	refused := 0
	for range 2 {
		if err := <-errs; err != nil {
			var perr *protocol.Error
			if !errors.As(err, &perr) || !strings.Contains(perr.Message, "giving someone the administrator role") {
				t.Errorf("refused for another reason: %v", err)
			}
			refused++
		}
	}
	admins := 0
	for _, id := range []string{"ann", "bob"} {
		e, err := st.Entity(domain.KindStaff, id)
		if err != nil {
			t.Fatal(err)
		}
		if e.Get("role") == domain.RoleAdministrator {
			admins++
		}
	}
	if admins != 1 || refused != 1 {
		t.Errorf("after two desks each made a first administrator in one commit, %d administrators are on record and %d of the pushes was refused; want 1 and 1", admins, refused)
	}
}
