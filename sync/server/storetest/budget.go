package storetest

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/hlc"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/protocol"
	"github.com/gather-sp/gather/sync/server"
)

// testNewRecords: a count of new records is kept by device and kind, and
// replaced whole.
func testNewRecords(t *testing.T, b server.Backend) {
	update(t, b, func(tx server.Tx) error {
		if c, err := tx.NewRecords("tablet", domain.KindStaff); err != nil || c != (server.NewRecords{}) {
			t.Fatalf("before any count: %+v %v", c, err)
		}
		if err := tx.PutNewRecords("tablet", domain.KindStaff, server.NewRecords{Day: 20000, N: 3}); err != nil {
			return err
		}
		return tx.PutNewRecords("tablet", domain.KindPerson, server.NewRecords{Day: 20000, N: 7})
	})
	update(t, b, func(tx server.Tx) error {
		return tx.PutNewRecords("tablet", domain.KindStaff, server.NewRecords{Day: 20001, N: 1})
	})
	update(t, b, func(tx server.Tx) error {
		cases := []struct {
			device string
			kind   record.Kind
			want   server.NewRecords
		}{
			{"tablet", domain.KindStaff, server.NewRecords{Day: 20001, N: 1}},
			{"tablet", domain.KindPerson, server.NewRecords{Day: 20000, N: 7}},
			{"other", domain.KindStaff, server.NewRecords{}},
		}
		for _, tc := range cases {
			if got, err := tx.NewRecords(tc.device, tc.kind); err != nil || got != tc.want {
				t.Errorf("%s %s: %+v %v, want %+v", tc.device, tc.kind, got, err, tc.want)
			}
		}
		return nil
	})
}

// testSharedBudget: one venue device pushes new staff through two server
// processes at once, one record a push. Exactly its budget is taken, the
// rest held back as rate limited: the count is read and written in the
// push's own transaction, which is serialised across processes.
func testSharedBudget(t *testing.T, bs Backends) {
	const budget, pushes = 5, 16
	now := time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)
	p := newPair(t, bs, server.StoreOptions{Now: func() time.Time { return now },
		VenueBudgets: map[record.Kind]int{domain.KindStaff: budget}})
	if _, err := p.a.AddVenue("v1", "Hall", ""); err != nil {
		t.Fatal(err)
	}
	d := enrolDevice(t, p.a, "tablet", protocol.Scope{Venues: []string{"v1"}})
	stores := []*server.Store{p.a, p.b}
	var taken, held atomic.Int32
	var wg sync.WaitGroup
	for i := range pushes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := stores[i%2]
			dev, perr := s.Authenticate(d.token)
			if perr != nil {
				t.Error(perr)
				return
			}
			w := record.Write{Kind: domain.KindStaff, ID: fmt.Sprint("helper", i), Field: "name", Value: "Helper",
				Stamp: hlc.Timestamp{Wall: now.UnixMilli(), Counter: uint32(i), Device: d.id}, Staff: "staff"}
			// Rebase: the pushes arrive in any order, each numbered on its own.
			req := &protocol.PushRequest{Schema: protocol.Schema, Epoch: s.Epoch(), Rebase: true,
				Writes: []protocol.Write{protocol.FromRecord(uint64(i+1), w)}}
			_, perr, err := s.Push(context.Background(), dev, req)
			switch {
			case err != nil:
				t.Error(err)
			case perr == nil:
				taken.Add(1)
			case perr.Code == protocol.CodeRateLimited && perr.RetryAfterSeconds == 12*3600+1:
				held.Add(1)
			default:
				t.Errorf("push %d: %+v", i, perr)
			}
		}()
	}
	wg.Wait()
	if taken.Load() != budget || held.Load() != pushes-budget {
		t.Fatalf("%d pushes took a place and %d were held back; want %d and %d", taken.Load(), held.Load(), budget, pushes-budget)
	}
}

// testBudgetOfAllKinds: records of every kind count together against
// server.AllKinds, besides any budget of their own kind.
func testBudgetOfAllKinds(t *testing.T, bs Backends) {
	p := newPair(t, bs, server.StoreOptions{VenueBudgets: map[record.Kind]int{server.AllKinds: 3, domain.KindStaff: 5}})
	if _, err := p.a.AddVenue("v1", "Hall", ""); err != nil {
		t.Fatal(err)
	}
	d := enrolDevice(t, p.a, "tablet-all", protocol.Scope{Venues: []string{"v1"}})
	d.mustPush(p.a, domain.KindStaff, "helper", "name", "Helper")
	// A change to a record the server holds is not a new one.
	d.mustPush(p.b, domain.KindStaff, "helper", "name", "Helper Two")
	d.mustPush(p.b, domain.KindPerson, "walk-in", "given_name", "Walk-in")
	d.mustPush(p.a, domain.KindAudit, "entry", "action", "viewed", "device", d.id)
	sent := d.seq
	if _, perr := d.push(p.b, domain.KindStaff, "another", "name", "Another"); perr == nil || perr.Code != protocol.CodeRateLimited {
		t.Fatalf("a fourth new record past a budget of three of every kind: %v", perr)
	}
	// Past it, nothing more is taken that day: a device that made that
	// many records (or conflicts) is broken or hostile.
	d.seq = sent
	if _, perr := d.push(p.a, domain.KindStaff, "helper", "name", "Helper Three"); perr == nil || perr.Code != protocol.CodeRateLimited {
		t.Fatalf("a change from a device past its budget of every kind: %v", perr)
	}
}

// testBudgetPerKind: each budgeted kind (staff, walk-ins, audit entries,
// activities) is held back at its own budget, and spending one leaves the others.
func testBudgetPerKind(t *testing.T, bs Backends) {
	const budget = 2
	kinds := []struct {
		kind   record.Kind
		fields func(d *device) []string
	}{
		{domain.KindStaff, func(*device) []string { return []string{"name", "Helper"} }},
		{domain.KindPerson, func(*device) []string { return []string{"given_name", "Walk-in"} }},
		{domain.KindAudit, func(d *device) []string { return []string{"action", "viewed", "device", d.id} }},
		{domain.KindActivity, func(*device) []string { return []string{"venue_id", "v1", "name", "Walk"} }},
	}
	budgets := map[record.Kind]int{}
	for _, k := range kinds {
		budgets[k.kind] = budget
	}
	p := newPair(t, bs, server.StoreOptions{VenueBudgets: budgets})
	if _, err := p.a.AddVenue("v1", "Hall", ""); err != nil {
		t.Fatal(err)
	}
	for _, k := range kinds {
		t.Run(string(k.kind), func(t *testing.T) {
			d := enrolDevice(t, p.a, "tablet-"+string(k.kind), protocol.Scope{Venues: []string{"v1"}})
			for i := range budget {
				d.mustPush(p.a, k.kind, fmt.Sprint(d.id, "-", i), k.fields(d)...)
			}
			sent := d.seq
			_, perr := d.push(p.b, k.kind, d.id+"-over", k.fields(d)...)
			if perr == nil || perr.Code != protocol.CodeRateLimited {
				t.Fatalf("past the budget of %d new %s records: %v", budget, k.kind, perr)
			}
			for _, other := range kinds {
				if other.kind != k.kind {
					d.seq = sent // the held push is sent again later; this one comes first
					d.mustPush(p.b, other.kind, d.id+"-other", other.fields(d)...)
					break
				}
			}
		})
	}
}
