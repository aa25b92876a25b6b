package storetest

import (
	"sync"
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/hlc"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/protocol"
	"github.com/gather-sp/gather/sync/server"
)

// testMergeCycles: desks merging the same records in opposite directions,
// one of them offline, through either store, close a cycle of merged_into.
// The commit that closes it breaks it with the server's own write: the
// smallest id's merged_into is cleared, stamped after every merge, so the
// person is found again, once, on every device. A chain is left alone.
func testMergeCycles(t *testing.T, bs Backends) {
	type push struct {
		via    int         // 0: the office, through store a; 1: the desk, through store b
		merges [][2]string // duplicate, survivor
	}
	for _, c := range []struct {
		name   string
		pushes []push
		want   map[string]string // merged_into of p1, p2, p3 afterwards
		broken string            // the record whose merge the server cleared
	}{
		{"opposite merges of one pair, the second on the record kept",
			[]push{{0, [][2]string{{"p2", "p1"}}}, {1, [][2]string{{"p1", "p2"}}}},
			map[string]string{"p1": "", "p2": "p1", "p3": ""}, "p1"},
		{"opposite merges of one pair, the second on the other record",
			[]push{{0, [][2]string{{"p1", "p2"}}}, {1, [][2]string{{"p2", "p1"}}}},
			map[string]string{"p1": "", "p2": "p1", "p3": ""}, "p1"},
		{"three merges through both stores close a ring",
			[]push{{0, [][2]string{{"p1", "p2"}}}, {1, [][2]string{{"p2", "p3"}}}, {0, [][2]string{{"p3", "p1"}}}},
			map[string]string{"p1": "", "p2": "p3", "p3": "p1"}, "p1"},
		{"a ring in one batch",
			[]push{{1, [][2]string{{"p3", "p1"}, {"p1", "p2"}, {"p2", "p3"}}}},
			map[string]string{"p1": "", "p2": "p3", "p3": "p1"}, "p1"},
		{"a chain is no cycle",
			[]push{{0, [][2]string{{"p1", "p2"}}}, {1, [][2]string{{"p2", "p3"}}}},
			map[string]string{"p1": "p2", "p2": "p3", "p3": ""}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := newPair(t, bs, server.StoreOptions{})
			org := protocol.Scope{Organisation: true}
			stores := []*server.Store{p.a, p.b}
			devs := []*device{enrolDevice(t, p.a, "office", org), enrolDevice(t, p.b, "desk", org)}
			people := []string{"p1", "p2", "p3"}
			for _, id := range people {
				devs[0].mustPush(p.a, domain.KindPerson, id, "given_name", "Wilhelmina", "family_name", "Quarrington")
			}
			var last hlc.Timestamp // the latest merge stamp
			merged := map[string]bool{}
			for _, ps := range c.pushes {
				var ws []record.Write
				for _, m := range ps.merges {
					merged[m[0]], merged[m[1]] = true, true
					last = devs[ps.via].clock.Now()
					ws = append(ws, record.Write{Kind: domain.KindPerson, ID: m[0], Field: record.FieldMergedInto, Value: m[1], Stamp: last, Staff: "staff"})
				}
				if _, perr := devs[ps.via].pushWrites(stores[ps.via], ws); perr != nil {
					t.Fatalf("merging %v: %v", ps.merges, perr)
				}
			}
			for i, s := range stores {
				for _, id := range people {
					f := mustEntity(t, s, domain.KindPerson, id).Fields[record.FieldMergedInto]
					if f.Value != c.want[id] {
						t.Errorf("store %d: %s merged_into %q, want %q", i, id, f.Value, c.want[id])
					}
					byServer := f.Stamp.Device == server.ServerDevice
					if byServer != (id == c.broken) {
						t.Errorf("store %d: %s merged_into written by %q at %v", i, id, f.Stamp.Device, f.Stamp)
					}
					if byServer && !last.Less(f.Stamp) {
						t.Errorf("store %d: the server cleared %s's merge at %v, not after the last merge at %v", i, id, f.Stamp, last)
					}
				}
			}
			// A device pulling a page at a time, through either store, ends
			// with one person everyone resolves to.
			laptop := enrolDevice(t, p.a, "laptop", org)
			held := pullAll(t, laptop, p.b, 1)
			into := func(id string) string { return held[id].Get(record.FieldMergedInto) }
			for _, id := range people {
				if got := into(id); got != c.want[id] {
					t.Errorf("pulled %s merged_into %q, want %q", id, got, c.want[id])
				}
				if !merged[id] {
					continue
				}
				if root := domain.ResolvePerson(id, into); into(root) != "" || root != domain.ResolvePerson("p1", into) {
					t.Errorf("pulled: %s resolves to %s (merged_into %q), p1 to %s", id, root, into(root), domain.ResolvePerson("p1", into))
				}
			}
		})
	}
}

// testMergeCyclesAtOnce: the two opposite merges arrive at once, through
// two server processes sharing the store: whichever commits second sees
// the first, and breaks the cycle.
func testMergeCyclesAtOnce(t *testing.T, bs Backends) {
	for round := range 4 {
		p := newPair(t, bs, server.StoreOptions{})
		org := protocol.Scope{Organisation: true}
		office, desk := enrolDevice(t, p.a, "office", org), enrolDevice(t, p.b, "desk", org)
		for _, id := range []string{"p1", "p2"} {
			office.mustPush(p.a, domain.KindPerson, id, "given_name", "Wilhelmina")
		}
		var wg sync.WaitGroup
		wg.Add(2)
		go func() { defer wg.Done(); office.mustPush(p.a, domain.KindPerson, "p2", record.FieldMergedInto, "p1") }()
		go func() { defer wg.Done(); desk.mustPush(p.b, domain.KindPerson, "p1", record.FieldMergedInto, "p2") }()
		wg.Wait()
		for i, s := range []*server.Store{p.a, p.b} {
			p1, p2 := mustEntity(t, s, domain.KindPerson, "p1"), mustEntity(t, s, domain.KindPerson, "p2")
			if p1.Get(record.FieldMergedInto) != "" || p2.Get(record.FieldMergedInto) != "p1" {
				t.Errorf("round %d, store %d: p1 merged_into %q, p2 merged_into %q; want p2 merged into p1 alone",
					round, i, p1.Get(record.FieldMergedInto), p2.Get(record.FieldMergedInto))
			}
		}
	}
}

// pullAll pulls every page after d's cursor through s, limit records a
// page, and merges the people into what it returns, as a device does.
func pullAll(t *testing.T, d *device, s *server.Store, limit int) map[string]*record.Entity {
	t.Helper()
	held := map[string]*record.Entity{}
	for {
		resp, err := d.pull(s, d.cursor, limit)
		if err != nil {
			t.Fatal(err)
		}
		for _, pe := range resp.Entities {
			if record.Kind(pe.Kind) != domain.KindPerson {
				continue
			}
			e, err := record.DecodeEntity(domain.KindPerson, pe.ID, pe.State, nil)
			if err != nil {
				t.Fatal(err)
			}
			if held[pe.ID] == nil {
				held[pe.ID] = e
			} else {
				held[pe.ID].Merge(e)
			}
		}
		d.cursor = resp.Next
		if !resp.More {
			return held
		}
	}
}
