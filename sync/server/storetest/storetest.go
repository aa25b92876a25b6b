package storetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/hlc"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/protocol"
	"github.com/gather-sp/gather/sync/server"
)

// Backends makes the backends under test.
type Backends struct {
	// New returns a new, empty backend, closed when the test ends.
	New func(t testing.TB) server.Backend
	// Pair returns two backends over one new, empty store, as two server
	// processes sharing a database see it (they may be one backend for a
	// backend that serves one process only: then each store's Close must
	// leave it open for the other). Closed when the test ends.
	Pair func(t testing.TB) (a, b server.Backend)
}

// Run runs the suite.
func Run(t *testing.T, bs Backends) {
	t.Run("meta", func(t *testing.T) { testMeta(t, bs.New(t)) })
	t.Run("a view is one snapshot", func(t *testing.T) { testSnapshot(t, bs.New(t)) })
	t.Run("entities", func(t *testing.T) { testEntities(t, bs.New(t)) })
	t.Run("many entities", func(t *testing.T) { testManyEntities(t, bs.New(t)) })
	t.Run("log", func(t *testing.T) { testLog(t, bs.New(t)) })
	t.Run("links", func(t *testing.T) { testLinks(t, bs.New(t)) })
	t.Run("devices", func(t *testing.T) { testDevices(t, bs.New(t)) })
	t.Run("codes", func(t *testing.T) { testCodes(t, bs.New(t)) })
	t.Run("failures", func(t *testing.T) { testFailures(t, bs.New(t)) })
	t.Run("new records", func(t *testing.T) { testNewRecords(t, bs.New(t)) })
	t.Run("two stores", func(t *testing.T) { testTwoStores(t, bs) })
	t.Run("the erasure seal key", func(t *testing.T) { testSealKey(t, bs) })
	t.Run("a panic while saving fails one push", func(t *testing.T) { testPanicWhileSaving(t, bs.New(t)) })
}

func update(t testing.TB, b server.Backend, fn func(server.Tx) error) {
	t.Helper()
	if err := b.Update(context.Background(), fn); err != nil {
		t.Fatal(err)
	}
}

func view(t testing.TB, b server.Backend, fn func(server.Reader) error) {
	t.Helper()
	if err := b.View(context.Background(), fn); err != nil {
		t.Fatal(err)
	}
}

func testMeta(t *testing.T, b server.Backend) {
	view(t, b, func(r server.Reader) error {
		if m, err := r.Meta(); err != nil || m != (server.Meta{}) {
			t.Errorf("a new store's meta: %+v %v", m, err)
		}
		return nil
	})
	want := server.Meta{Seq: 42, Epoch: "e1", HLC: "1700000000000.0.server", Organisation: "org1"}
	update(t, b, func(tx server.Tx) error { return tx.SetMeta(want) })
	// A failed update leaves nothing behind.
	boom := errors.New("boom")
	err := b.Update(context.Background(), func(tx server.Tx) error {
		if err := tx.SetMeta(server.Meta{Seq: 99, Epoch: "e2"}); err != nil {
			return err
		}
		if err := tx.PutEntity("person", "p1", []byte{0}, 99); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("a failing update: %v", err)
	}
	view(t, b, func(r server.Reader) error {
		if m, err := r.Meta(); err != nil || m != want {
			t.Errorf("meta: %+v %v, want %+v", m, err, want)
		}
		if _, seq, err := r.Entity("person", "p1"); err != nil || seq != 0 {
			t.Errorf("a failed update's entity is there: seq %d %v", seq, err)
		}
		return nil
	})
}

// A pull reads its head and its page in one snapshot: a commit that lands
// in between is in neither, so the head never runs ahead of the page.
func testSnapshot(t *testing.T, b server.Backend) {
	_, st := state(map[string]string{"name": "Garden"})
	commit := func(seq uint64) {
		update(t, b, func(tx server.Tx) error {
			if err := tx.PutLog(seq, entry(fmt.Sprint("s", seq), server.AudienceVenue, "a"), []string{"a"}); err != nil {
				return err
			}
			if err := tx.PutEntity(domain.KindSession, fmt.Sprint("s", seq), st, seq); err != nil {
				return err
			}
			return tx.SetMeta(server.Meta{Seq: seq, Epoch: "e"})
		})
	}
	commit(1)
	view(t, b, func(r server.Reader) error {
		m, err := r.Meta()
		if err != nil || m.Seq != 1 {
			t.Fatalf("head: %+v %v", m, err)
		}
		done := make(chan struct{})
		go func() { defer close(done); commit(2) }() // another process commits meanwhile
		<-done
		var seen []uint64
		for _, venues := range [][]string{nil, {"a"}} {
			fn := func(seq uint64, _ server.LogEntry) (bool, error) { seen = append(seen, seq); return true, nil }
			if venues == nil {
				err = r.Log(0, fn)
			} else {
				err = r.VenueLog(venues, 0, fn)
			}
			if err != nil {
				return err
			}
		}
		if !slices.Equal(seen, []uint64{1, 1}) {
			t.Errorf("a view that read head 1 saw log entries %v", seen)
		}
		if _, seq, err := r.Entity(domain.KindSession, "s2"); err != nil || seq != 0 {
			t.Errorf("a view that read head 1 saw s2 at %d (%v)", seq, err)
		}
		if m, err := r.Meta(); err != nil || m.Seq != 1 {
			t.Errorf("the head read again: %+v %v", m, err)
		}
		return nil
	})
	view(t, b, func(r server.Reader) error {
		if m, err := r.Meta(); err != nil || m.Seq != 2 {
			t.Errorf("a new view's head: %+v %v", m, err)
		}
		return nil
	})
}

func state(fields map[string]string) (*record.Entity, []byte) {
	e := record.NewEntity("person", "x")
	stamp := hlc.Timestamp{Wall: 1700000000000, Device: "d"}
	for f, v := range fields {
		stamp.Counter++
		e.Apply(record.Write{Kind: "person", ID: "x", Field: f, Value: v, Stamp: stamp})
	}
	return e, record.AppendEntity(nil, e)
}

func testEntities(t *testing.T, b server.Backend) {
	_, st := state(map[string]string{"given_name": "Ada", "note": "nul\x00inside"})
	ids := []string{"act1@2026-11-02/p1", "act1@2026-11-01/p2", "act10@2026-11-01/p1", "act2@2026-11-01/p1", "act1"}
	update(t, b, func(tx server.Tx) error {
		for i, id := range ids {
			if err := tx.PutEntity(domain.KindAttendance, id, st, uint64(i+1)); err != nil {
				return err
			}
		}
		return tx.PutEntity(domain.KindPerson, "act1@x", st, 9) // another kind, same prefix
	})
	update(t, b, func(tx server.Tx) error { return tx.PutEntity(domain.KindAttendance, "act1", st, 7) }) // replaced
	view(t, b, func(r server.Reader) error {
		e, seq, err := r.Entity(domain.KindAttendance, "act1")
		if err != nil || seq != 7 || e.Get("note") != "nul\x00inside" || e.Get("given_name") != "Ada" {
			t.Errorf("entity: %v %d %v", e.Values(), seq, err)
		}
		e, seq, err = r.Entity(domain.KindAttendance, "nobody")
		if err != nil || seq != 0 || len(e.Fields) != 0 || e.ID != "nobody" {
			t.Errorf("a missing entity: %v %d %v", e, seq, err)
		}
		for _, tc := range []struct {
			prefix string
			want   []string
		}{
			{"act1@", []string{"act1@2026-11-01/p2", "act1@2026-11-02/p1"}},
			// Byte order: '0' sorts before '@'.
			{"act1", []string{"act1", "act10@2026-11-01/p1", "act1@2026-11-01/p2", "act1@2026-11-02/p1"}},
			{"", []string{"act1", "act10@2026-11-01/p1", "act1@2026-11-01/p2", "act1@2026-11-02/p1", "act2@2026-11-01/p1"}},
			{"zzz", nil},
		} {
			var got []string
			err := r.Entities(domain.KindAttendance, tc.prefix, func(id string, e *record.Entity) error {
				if e.Get("given_name") != "Ada" {
					t.Errorf("entity %q decoded as %v", id, e.Values())
				}
				got = append(got, id)
				return nil
			})
			if err != nil || !slices.Equal(got, tc.want) {
				t.Errorf("Entities(%q) = %q %v, want %q", tc.prefix, got, err, tc.want)
			}
		}
		return nil
	})
}

// Many records of a kind: a backend reading in chunks must list each once,
// in order.
func testManyEntities(t *testing.T, b server.Backend) {
	_, st := state(map[string]string{"given_name": "Ada"})
	const n = 4500
	update(t, b, func(tx server.Tx) error {
		for i := range n {
			if err := tx.PutEntity(domain.KindReferral, fmt.Sprintf("r%05d", i), st, uint64(i+1)); err != nil {
				return err
			}
		}
		return nil
	})
	view(t, b, func(r server.Reader) error {
		var got []string
		err := r.Entities(domain.KindReferral, "r", func(id string, _ *record.Entity) error {
			got = append(got, id)
			return nil
		})
		if err != nil || len(got) != n || !slices.IsSorted(got) || got[0] != "r00000" || got[n-1] != fmt.Sprintf("r%05d", n-1) {
			t.Errorf("%d records listed (%v), want %d in order", len(got), err, n)
		}
		return nil
	})
}

func entry(id string, aud server.Audience, venue string) server.LogEntry {
	return server.LogEntry{Kind: domain.KindSession, ID: id, Audience: aud, Venue: venue, State: []byte("state of " + id), Origin: originOf(id)}
}

// originOf is the origin testLog gives entry id ("s" and a number): none
// when the number's last digit is 0, 3, 6 or 9, otherwise bytes a backend
// must keep as bytes.
func originOf(id string) string {
	if (id[len(id)-1]-'0')%3 == 0 {
		return ""
	}
	return "\x00\xff origin of " + id
}

func testLog(t *testing.T, b server.Backend) {
	venuesOf := map[uint64][]string{1: {"a"}, 2: {"b"}, 3: {"a", "b"}, 4: {""}, 5: nil, 6: {"a"}}
	update(t, b, func(tx server.Tx) error {
		for seq := uint64(1); seq <= 6; seq++ {
			if err := tx.PutLog(seq, entry(fmt.Sprint("s", seq), server.AudienceVenue, "a"), venuesOf[seq]); err != nil {
				return err
			}
		}
		return nil
	})
	collect := func(r server.Reader, venues []string, after uint64, stopAt int) []uint64 {
		var got []uint64
		fn := func(seq uint64, e server.LogEntry) (bool, error) {
			if want := fmt.Sprint("s", seq); e.ID != want || string(e.State) != "state of "+want || e.Venue != "a" || e.Audience != server.AudienceVenue || e.Origin != originOf(want) {
				t.Errorf("entry %d: %+v", seq, e)
			}
			got = append(got, seq)
			return len(got) != stopAt, nil
		}
		var err error
		if venues == nil {
			err = r.Log(after, fn)
		} else {
			err = r.VenueLog(venues, after, fn)
		}
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	check := func(name string, got, want []uint64) {
		t.Helper()
		if !slices.Equal(got, want) {
			t.Errorf("%s: %v, want %v", name, got, want)
		}
	}
	view(t, b, func(r server.Reader) error {
		check("the whole log", collect(r, nil, 0, -1), []uint64{1, 2, 3, 4, 5, 6})
		check("after 2", collect(r, nil, 2, -1), []uint64{3, 4, 5, 6})
		check("stopping", collect(r, nil, 0, 2), []uint64{1, 2})
		check("venue a", collect(r, []string{"a"}, 0, -1), []uint64{1, 3, 6})
		check("venues a, b and every venue, each once", collect(r, []string{"", "a", "b"}, 0, -1), []uint64{1, 2, 3, 4, 6})
		check("after 3", collect(r, []string{"", "a", "b"}, 3, -1), []uint64{4, 6})
		check("stopping", collect(r, []string{"a", "b"}, 0, 2), []uint64{1, 2})
		check("no such venue", collect(r, []string{"c"}, 0, -1), nil)
		e, ok, err := r.LogEntry(3)
		if err != nil || !ok || e.ID != "s3" || e.Origin != originOf("s3") || string(e.State) != "state of s3" {
			t.Errorf("LogEntry(3): %+v %v %v", e, ok, err)
		}
		if _, ok, err := r.LogEntry(99); ok || err != nil {
			t.Errorf("LogEntry(99): %v %v", ok, err)
		}
		return nil
	})
	update(t, b, func(tx server.Tx) error { return tx.DeleteLog(3, []string{"a", "b"}) })
	view(t, b, func(r server.Reader) error {
		check("after deleting 3", collect(r, nil, 0, -1), []uint64{1, 2, 4, 5, 6})
		check("venues after deleting 3", collect(r, []string{"a", "b"}, 0, -1), []uint64{1, 2, 6})
		return nil
	})
	// Many entries: a backend reading in chunks must not lose any.
	update(t, b, func(tx server.Tx) error {
		for seq := uint64(7); seq <= 1000; seq++ {
			if err := tx.PutLog(seq, entry(fmt.Sprint("s", seq), server.AudienceVenue, "a"), []string{"a", "b"}); err != nil {
				return err
			}
		}
		return nil
	})
	view(t, b, func(r server.Reader) error {
		if got := collect(r, []string{"b", "a"}, 5, -1); len(got) != 995 || got[0] != 6 || got[994] != 1000 {
			t.Errorf("many entries: %d from %d", len(got), got[0])
		}
		if got := collect(r, nil, 0, -1); len(got) != 999 {
			t.Errorf("the whole log of many: %d", len(got))
		}
		return nil
	})
}

func testLinks(t *testing.T, b server.Backend) {
	update(t, b, func(tx server.Tx) error {
		for _, l := range [][2]string{{"p1", "v2"}, {"p1", "v1"}, {"p1", "v1"}, {"p2", "v1"}, {"p10", "v3"}} {
			if err := tx.PutLink(l[0], l[1]); err != nil {
				return err
			}
		}
		return nil
	})
	view(t, b, func(r server.Reader) error {
		vs, err := r.PersonVenues("p1")
		slices.Sort(vs)
		if err != nil || !slices.Equal(vs, []string{"v1", "v2"}) {
			t.Errorf("p1's venues: %v %v", vs, err)
		}
		for _, tc := range []struct {
			person, venue string
			want          bool
		}{{"p1", "v1", true}, {"p2", "v1", true}, {"p2", "v2", false}, {"p1", "v3", false}, {"p10", "v3", true}} {
			if ok, err := r.Linked(tc.person, tc.venue); err != nil || ok != tc.want {
				t.Errorf("Linked(%s, %s) = %v %v", tc.person, tc.venue, ok, err)
			}
		}
		return nil
	})
}

func testDevices(t *testing.T, b server.Backend) {
	ctx := context.Background()
	d := &server.Device{ID: "tab", Name: "Garden tablet", Scope: protocol.Scope{Venues: []string{"v1"}}, Role: "facilitator",
		Enrolled: 1000, LastSeq: 7, Incarnation: "inc", TokenHash: "hash1"}
	update(t, b, func(tx server.Tx) error { return tx.PutDevice(d) })
	got, err := b.DeviceByTokenHash(ctx, "hash1")
	if err != nil || got == nil || got.ID != "tab" || got.LastSeq != 7 || !got.Scope.HasVenue("v1") || got.Incarnation != "inc" {
		t.Fatalf("by token: %+v %v", got, err)
	}
	got.Name = "changed" // a copy
	if again, _ := b.DeviceByTokenHash(ctx, "hash1"); again.Name != "Garden tablet" {
		t.Fatal("DeviceByTokenHash returned the backend's own record")
	}
	if none, err := b.DeviceByTokenHash(ctx, "nope"); none != nil || err != nil {
		t.Fatalf("an unknown token: %+v %v", none, err)
	}
	if err := b.Touch(ctx, "tab", 5000, true); err != nil {
		t.Fatal(err)
	}
	if err := b.Touch(ctx, "tab", 4000, false); err != nil { // never backwards
		t.Fatal(err)
	}
	if err := b.Touch(ctx, "nobody", 4000, false); err != nil {
		t.Fatal(err)
	}
	// A new token replaces the old one; the touch survives the rewrite.
	update(t, b, func(tx server.Tx) error {
		cur, err := tx.Device("tab")
		if err != nil || cur == nil {
			return fmt.Errorf("Device in a transaction: %+v %v", cur, err)
		}
		if cur.LastSeen != 5000 || cur.LastSynced != 5000 {
			t.Errorf("touched times: %d %d", cur.LastSeen, cur.LastSynced)
		}
		cur.TokenHash, cur.Revoked = "hash2", true
		return tx.PutDevice(cur)
	})
	if old, _ := b.DeviceByTokenHash(ctx, "hash1"); old != nil {
		t.Fatalf("the old token still finds %+v", old)
	}
	got, _ = b.DeviceByTokenHash(ctx, "hash2")
	if got == nil || !got.Revoked || got.LastSeen != 5000 {
		t.Fatalf("after the new token: %+v", got)
	}
	update(t, b, func(tx server.Tx) error {
		return tx.PutDevice(&server.Device{ID: "lap", TokenHash: "hash3", Enrolled: 2000})
	})
	list, err := b.Devices(ctx)
	if err != nil || len(list) != 2 {
		t.Fatalf("devices: %+v %v", list, err)
	}
	view(t, b, func(r server.Reader) error {
		if d, err := r.Device("nobody"); d != nil || err != nil {
			t.Errorf("an unknown device: %+v %v", d, err)
		}
		return nil
	})
}

func testCodes(t *testing.T, b server.Backend) {
	hash := []byte{1, 2, 3, 0, 4}
	c := server.EnrolCode{Scope: protocol.Scope{Organisation: true}, Role: "administrator", Expires: 12345}
	update(t, b, func(tx server.Tx) error { return tx.PutCode(hash, c) })
	view(t, b, func(r server.Reader) error {
		got, err := r.Code(hash)
		if err != nil || got == nil || got.Role != c.Role || !got.Scope.Organisation || got.Expires != c.Expires {
			t.Errorf("code: %+v %v", got, err)
		}
		if got, err := r.Code([]byte{1, 2, 3}); got != nil || err != nil {
			t.Errorf("another code: %+v %v", got, err)
		}
		return nil
	})
	update(t, b, func(tx server.Tx) error { return tx.DeleteCode(hash) })
	view(t, b, func(r server.Reader) error {
		if got, err := r.Code(hash); got != nil || err != nil {
			t.Errorf("a deleted code: %+v %v", got, err)
		}
		return nil
	})
}

func testFailures(t *testing.T, b server.Backend) {
	ctx := context.Background()
	f := b.Failures()
	t0 := time.UnixMilli(1_700_000_000_000)
	window := 15 * time.Minute
	for i := range 3 {
		if err := f.Add(ctx, "192.0.2.1", t0.Add(time.Duration(i)*time.Minute), window); err != nil {
			t.Fatal(err)
		}
	}
	if start, n, err := f.Get(ctx, "192.0.2.1"); err != nil || n != 3 || !start.Equal(t0) {
		t.Fatalf("three failures: %v %d %v", start, n, err)
	}
	if _, n, err := f.Get(ctx, "192.0.2.2"); err != nil || n != 0 {
		t.Fatalf("another client: %d %v", n, err)
	}
	later := t0.Add(window)
	if err := f.Add(ctx, "192.0.2.1", later, window); err != nil {
		t.Fatal(err)
	}
	if start, n, err := f.Get(ctx, "192.0.2.1"); err != nil || n != 1 || !start.Equal(later) {
		t.Fatalf("after the window: %v %d %v", start, n, err)
	}
	f.Add(ctx, "192.0.2.2", t0, window)
	if n, err := f.Len(ctx); err != nil || n != 2 {
		t.Fatalf("len: %d %v", n, err)
	}
	if err := f.Prune(ctx, t0); err != nil {
		t.Fatal(err)
	}
	if n, _ := f.Len(ctx); n != 1 {
		t.Fatalf("after pruning: %d", n)
	}
	if _, n, _ := f.Get(ctx, "192.0.2.1"); n != 1 {
		t.Fatal("pruning dropped a client still inside its window")
	}
}

// ---- two stores over one backend ----

type pair struct {
	a, b *server.Store
}

func newPair(t *testing.T, bs Backends, opts server.StoreOptions) pair {
	t.Helper()
	ba, bb := bs.Pair(t)
	a, err := server.NewStore(ba, opts)
	if err != nil {
		t.Fatal(err)
	}
	b, err := server.NewStore(bb, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close(); b.Close() })
	if a.Epoch() == "" || a.Epoch() != b.Epoch() {
		t.Fatalf("the two stores' epochs: %q %q", a.Epoch(), b.Epoch())
	}
	return pair{a, b}
}

// device is an enrolled device pushing to the stores.
type device struct {
	t     testing.TB
	id    string
	token string
	clock *hlc.Clock
	seq   uint64
	// instance is sent with pushes and pulls (no echo); "" sends none.
	// cursor is sent with pushes: where the device's pulls have reached.
	instance string
	cursor   uint64
	// states is the newest entity encoding its pulls say it reads.
	states int
}

func enrolDevice(t testing.TB, via *server.Store, id string, scope protocol.Scope) *device {
	t.Helper()
	code, _, err := via.CreateCode(scope, domain.RoleAdministrator, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	resp, perr, err := via.Enrol(protocol.EnrolRequest{Schema: protocol.Schema, Code: code, DeviceID: id})
	if err != nil || perr != nil {
		t.Fatalf("enrol %s: %v %v", id, err, perr)
	}
	return &device{t: t, id: id, token: resp.Token, clock: hlc.NewClock(id, nil), states: record.EntityVersion}
}

// push sends one batch through s; fields are written in name order.
func (d *device) push(s *server.Store, kind record.Kind, id string, fields ...string) (*protocol.PushResponse, *protocol.Error) {
	d.t.Helper()
	// The device has seen the record as the server holds it (base).
	cur, err := s.Entity(kind, id)
	if err != nil {
		d.t.Fatal(err)
	}
	var ws []record.Write
	for i := 0; i+1 < len(fields); i += 2 {
		ws = append(ws, record.Write{Kind: kind, ID: id, Field: fields[i], Value: fields[i+1], Stamp: d.clock.Now(),
			Base: cur.Fields[fields[i]].Stamp, Staff: "staff"})
	}
	return d.pushWrites(s, ws)
}

// pushWrites sends writes already stamped, numbered after the last.
func (d *device) pushWrites(s *server.Store, writes []record.Write) (*protocol.PushResponse, *protocol.Error) {
	d.t.Helper()
	dev, perr := s.Authenticate(d.token)
	if perr != nil {
		return nil, perr
	}
	var ws []protocol.Write
	for _, w := range writes {
		d.seq++
		ws = append(ws, protocol.FromRecord(d.seq, w))
	}
	resp, perr, err := s.Push(context.Background(), dev, &protocol.PushRequest{Schema: protocol.Schema, Epoch: s.Epoch(), Writes: ws, Instance: d.instance, Cursor: d.cursor})
	if err != nil {
		d.t.Errorf("push through the store: %v", err)
		return nil, &protocol.Error{Code: protocol.CodeUnavailable, Message: err.Error()}
	}
	return resp, perr
}

func (d *device) mustPush(s *server.Store, kind record.Kind, id string, fields ...string) {
	d.t.Helper()
	if _, perr := d.push(s, kind, id, fields...); perr != nil {
		d.t.Fatalf("%s pushing %s %s: %v", d.id, kind, id, perr)
	}
}

// pull reads one page after cursor through s.
func (d *device) pull(s *server.Store, after uint64, limit int) (*protocol.PullResponse, error) {
	dev, perr := s.Authenticate(d.token)
	if perr != nil {
		return nil, perr
	}
	resp, perr, err := s.Pull(dev, &protocol.PullRequest{Schema: protocol.Schema, Epoch: s.Epoch(), After: after, Limit: limit, Instance: d.instance, States: d.states},
		server.PullOptions{MaxEntities: 1000, MaxBytes: protocol.MaxPageBytes})
	if err != nil {
		return nil, err
	}
	if perr != nil {
		return nil, perr
	}
	return resp, nil
}

func testTwoStores(t *testing.T, bs Backends) {
	t.Run("no echo: a store's pulls leave out what it pushed, and only that", func(t *testing.T) { testNoEcho(t, bs) })
	t.Run("a venue device's budget is shared: two processes never both take the last place", func(t *testing.T) { testSharedBudget(t, bs) })
	t.Run("each budgeted kind has a budget of its own", func(t *testing.T) { testBudgetPerKind(t, bs) })
	t.Run("records of every kind count together against a budget of all kinds", func(t *testing.T) { testBudgetOfAllKinds(t, bs) })
	t.Run("concurrent pushes through both: every pull sees a gap-free prefix", func(t *testing.T) {
		p := newPair(t, bs, server.StoreOptions{})
		stores := []*server.Store{p.a, p.b}
		org := protocol.Scope{Organisation: true}
		const writers, each = 6, 12
		var devs []*device
		for i := range writers {
			devs = append(devs, enrolDevice(t, stores[i%2], fmt.Sprint("writer", i), org))
		}
		watchers := []*device{enrolDevice(t, p.a, "watcher-a", org), enrolDevice(t, p.b, "watcher-b", org)}
		var acked sync.Map // entity id -> true, once acknowledged
		var wg sync.WaitGroup
		for i, d := range devs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for k := range each {
					id := fmt.Sprintf("w%d-%02d", i, k)
					// Each write goes through the other store from the last.
					if _, perr := d.push(stores[(i+k)%2], domain.KindStaff, id, "name", id); perr != nil {
						t.Errorf("%s: %v", id, perr)
						return
					}
					acked.Store(id, true)
				}
			}()
		}
		done := make(chan struct{})
		go func() { wg.Wait(); close(done) }()
		// Each watcher follows the log page by page, alternating stores,
		// while the writers write; then drains it. It must end up with
		// every acknowledged write: a cursor that moved past a commit still
		// in flight would never see it.
		var watch sync.WaitGroup
		for wi, w := range watchers {
			watch.Add(1)
			go func() {
				defer watch.Done()
				seen := map[string]bool{}
				var cursor uint64
				step := func(n int) (bool, error) {
					resp, err := w.pull(stores[n%2], cursor, 5)
					if err != nil {
						return false, err
					}
					if resp.Next < cursor || resp.Head < resp.Next {
						return false, fmt.Errorf("cursor %d, next %d, head %d", cursor, resp.Next, resp.Head)
					}
					for _, e := range resp.Entities {
						seen[e.ID] = true
					}
					cursor = resp.Next
					return resp.More, nil
				}
				for n := wi; ; n++ {
					select {
					case <-done:
					default:
						if _, err := step(n); err != nil {
							t.Error(err)
							return
						}
						continue
					}
					break
				}
				for n := 0; ; n++ {
					more, err := step(n)
					if err != nil {
						t.Error(err)
						return
					}
					if !more {
						break
					}
				}
				acked.Range(func(k, _ any) bool {
					if !seen[k.(string)] {
						t.Errorf("%s never saw %s", w.id, k)
					}
					return true
				})
			}()
		}
		watch.Wait()
		n := 0
		acked.Range(func(any, any) bool { n++; return true })
		if n != writers*each {
			t.Fatalf("%d writes acknowledged, want %d", n, writers*each)
		}
	})

	t.Run("a store from before organisation names is named once, keeping its epoch", func(t *testing.T) {
		ba, bb := bs.Pair(t)
		update(t, ba, func(tx server.Tx) error { return tx.SetMeta(server.Meta{Seq: 7, Epoch: "e-old"}) })
		a, err := server.NewStore(ba, server.StoreOptions{})
		if err != nil {
			t.Fatal(err)
		}
		defer a.Close()
		b, err := server.NewStore(bb, server.StoreOptions{})
		if err != nil {
			t.Fatal(err)
		}
		defer b.Close()
		if a.Organisation() == "" || b.Organisation() != a.Organisation() || a.Epoch() != "e-old" || a.Head() != 7 {
			t.Errorf("organisations %q and %q, epoch %q, head %d", a.Organisation(), b.Organisation(), a.Epoch(), a.Head())
		}
	})
	t.Run("two stores starting at once on an empty store name one organisation and one epoch", func(t *testing.T) {
		for round := range 5 {
			ba, bb := bs.Pair(t)
			stores := startAtOnce(t, round, ba, bb)
			a, b := stores[0], stores[1]
			if a.Organisation() == "" || a.Organisation() != b.Organisation() || a.Epoch() == "" || a.Epoch() != b.Epoch() {
				t.Fatalf("round %d: the stores name organisations %q and %q, epochs %q and %q",
					round, a.Organisation(), b.Organisation(), a.Epoch(), b.Epoch())
			}
		}
	})
	t.Run("both stores name one organisation, which a new epoch keeps", func(t *testing.T) {
		p := newPair(t, bs, server.StoreOptions{})
		org := p.a.Organisation()
		if org == "" || p.b.Organisation() != org {
			t.Fatalf("the stores name organisations %q and %q", org, p.b.Organisation())
		}
		if _, err := p.b.RotateEpoch(context.Background()); err != nil {
			t.Fatal(err)
		}
		if p.a.Organisation() != org {
			t.Errorf("after a new epoch the organisation is %q, was %q", p.a.Organisation(), org)
		}
		// A rebuilt store adopts its devices' name, through either store.
		if was, err := p.b.AdoptOrganisation(context.Background(), "3f9c2a1b7d4e6f80"); err != nil || was != org {
			t.Fatalf("adopting: was %q, %v", was, err)
		}
		if got := p.a.Organisation(); got != "3f9c2a1b7d4e6f80" {
			t.Errorf("after adopting, the other store names %q", got)
		}
		if _, err := p.a.AdoptOrganisation(context.Background(), "two words"); err == nil {
			t.Error("a name with a space was adopted")
		}
	})
	t.Run("a new epoch drops every enrolment code", func(t *testing.T) {
		// After a point-in-time restore, a code used since the moment
		// restored to would connect whoever saw it written down.
		p := newPair(t, bs, server.StoreOptions{})
		code, _, err := p.a.CreateCode(protocol.Scope{Organisation: true}, "", time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := p.b.RotateEpoch(context.Background()); err != nil {
			t.Fatal(err)
		}
		_, perr, err := p.a.Enrol(protocol.EnrolRequest{Schema: protocol.Schema, Code: code, DeviceID: "laptop"})
		if err != nil || perr == nil || perr.Code != protocol.CodeBadCode {
			t.Errorf("a code made before the new epoch, used after it: %+v %v, want %s", perr, err, protocol.CodeBadCode)
		}
	})
	t.Run("a device's last sequence carries across stores", func(t *testing.T) {
		p := newPair(t, bs, server.StoreOptions{})
		d := enrolDevice(t, p.a, "laptop", protocol.Scope{Organisation: true})
		d.mustPush(p.a, domain.KindPerson, "p1", "given_name", "Ada", "family_name", "Lovelace", "notes", "x")
		resp, perr := d.push(p.b, domain.KindPerson, "p2", "given_name", "Bea", "family_name", "Barr", "notes", "y")
		if perr != nil || resp.AckedSeq != 6 {
			t.Fatalf("writes 4 to 6 through the other store: %+v %v", resp, perr)
		}
		d.seq++ // write 7 is lost on the way
		_, perr = d.push(p.a, domain.KindPerson, "p3", "given_name", "Cy")
		if perr == nil || perr.Code != protocol.CodeSequenceGap || perr.ExpectedSeq != 7 {
			t.Fatalf("a gap after writes through the other store: %+v", perr)
		}
		for _, s := range []*server.Store{p.a, p.b} {
			list, err := s.DeviceList()
			if err != nil || len(list) != 1 || list[0].LastSeq != 6 {
				t.Fatalf("devices: %+v %v", list, err)
			}
		}
	})

	t.Run("a device revoked through one store is refused by the other", func(t *testing.T) {
		p := newPair(t, bs, server.StoreOptions{})
		d := enrolDevice(t, p.a, "tablet", protocol.Scope{Organisation: true})
		dev, perr := p.b.Authenticate(d.token)
		if perr != nil {
			t.Fatal(perr)
		}
		if err := p.a.Revoke("tablet"); err != nil {
			t.Fatal(err)
		}
		if _, perr := p.b.Authenticate(d.token); perr == nil || perr.Code != protocol.CodeRevoked {
			t.Fatalf("authenticating on the other store: %+v", perr)
		}
		// A push already past authentication is refused at commit.
		_, perr, err := p.b.Push(context.Background(), dev, &protocol.PushRequest{Schema: protocol.Schema, Writes: []protocol.Write{
			protocol.FromRecord(1, record.Write{Kind: domain.KindStaff, ID: "s1", Field: "name", Value: "x", Stamp: d.clock.Now()})}})
		if err != nil || perr == nil || perr.Code != protocol.CodeRevoked {
			t.Fatalf("a push in flight: %v %+v", err, perr)
		}
		if _, err := d.pull(p.b, 0, 10); err == nil {
			t.Fatal("a revoked device pulled")
		}
	})

	t.Run("an enrolment code works once across stores", func(t *testing.T) {
		p := newPair(t, bs, server.StoreOptions{})
		code, _, err := p.a.CreateCode(protocol.Scope{Organisation: true}, "", time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		results := make([]*protocol.Error, 2)
		for i, s := range []*server.Store{p.a, p.b} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, perr, err := s.Enrol(protocol.EnrolRequest{Schema: protocol.Schema, Code: code, DeviceID: fmt.Sprint("dev", i)})
				if err != nil {
					t.Error(err)
				}
				results[i] = perr
			}()
		}
		wg.Wait()
		ok := 0
		for _, perr := range results {
			switch {
			case perr == nil:
				ok++
			case perr.Code != protocol.CodeBadCode:
				t.Errorf("the losing enrolment: %+v", perr)
			}
		}
		if ok != 1 {
			t.Fatalf("%d enrolments with one code", ok)
		}
		if list, _ := p.b.DeviceList(); len(list) != 1 {
			t.Fatalf("devices: %+v", list)
		}
	})

	t.Run("wrong codes count across stores", func(t *testing.T) {
		p := newPair(t, bs, server.StoreOptions{})
		opts := server.Options{EnrolFailures: 3, EnrolWindow: time.Hour}
		handlers := []http.Handler{server.New(p.a, opts).Handler(), server.New(p.b, opts).Handler()}
		try := func(h http.Handler, addr string) int {
			body, _ := protocol.Encode(protocol.EnrolRequest{Schema: protocol.Schema, Code: "WRNG-CODE-AAAA", DeviceID: "guesser"})
			req := httptest.NewRequest(http.MethodPost, protocol.PathEnrol, bytes.NewReader(body))
			protocol.SetHeaders(req.Header)
			req.RemoteAddr = addr + ":40000"
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			return rec.Code
		}
		for i := range 3 {
			if code := try(handlers[i%2], "198.51.100.7"); code != http.StatusForbidden {
				t.Fatalf("guess %d: %d", i, code)
			}
		}
		for i, h := range handlers {
			if code := try(h, "198.51.100.7"); code != http.StatusTooManyRequests {
				t.Fatalf("store %d after three wrong codes: %d", i, code)
			}
		}
		if code := try(handlers[1], "198.51.100.8"); code != http.StatusForbidden {
			t.Fatalf("another client: %d", code)
		}
	})

	t.Run("an erasure through one store races an offline edit through the other", func(t *testing.T) {
		for round := range 4 {
			p := newPair(t, bs, server.StoreOptions{})
			org := protocol.Scope{Organisation: true}
			office := enrolDevice(t, p.a, "office", org)
			laptop := enrolDevice(t, p.b, "laptop", org)
			laptop.mustPush(p.b, domain.KindPerson, "wil", "given_name", "Wilhelmina", "nhs_number", "401 023 2137")
			laptop.mustPush(p.b, domain.KindReferral, "ref1", "person_id", "wil", "notes", "referred by GP")
			var wg sync.WaitGroup
			wg.Add(2)
			go func() {
				defer wg.Done()
				office.mustPush(p.a, domain.KindPerson, "wil", record.FieldErased, "true")
			}()
			go func() {
				defer wg.Done()
				// Typed offline before the erasure; arrives around it.
				if round%2 == 1 {
					time.Sleep(time.Millisecond)
				}
				laptop.mustPush(p.b, domain.KindReferral, "ref1", "notes", "lives alone since the flood")
			}()
			wg.Wait()
			for i, s := range []*server.Store{p.a, p.b} {
				for _, k := range []struct {
					kind record.Kind
					id   string
				}{{domain.KindPerson, "wil"}, {domain.KindReferral, "ref1"}} {
					e, err := s.Entity(k.kind, k.id)
					if err != nil {
						t.Fatal(err)
					}
					if !e.Erased() || e.Get("notes") != "" || e.Get("given_name") != "" {
						t.Errorf("round %d, store %d: %s %s after the race: %v", round, i, k.kind, k.id, e.Values())
					}
				}
			}
			// The pulls carry the erasure, not the details.
			resp, err := laptop.pull(p.a, 0, 1000)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range resp.Entities {
				if bytes.Contains(e.State, []byte("flood")) || bytes.Contains(e.State, []byte("Wilhelmina")) {
					t.Errorf("round %d: a pull still carries %s %s: %q", round, e.Kind, e.ID, e.State)
				}
			}
		}
	})

	t.Run("a device from before entity encoding 2 is sent encoding 1", func(t *testing.T) { testOldReader(t, bs) })
	t.Run("opposite merges close a cycle, which the commit breaks", func(t *testing.T) { testMergeCycles(t, bs) })
	t.Run("opposite merges through both stores at once: the second commit breaks the cycle", func(t *testing.T) { testMergeCyclesAtOnce(t, bs) })
	t.Run("a venue device pulls only its venue through either store", func(t *testing.T) {
		p := newPair(t, bs, server.StoreOptions{})
		for _, v := range []string{"v1", "v2"} {
			if _, err := p.a.AddVenue(v, "Venue "+v, ""); err != nil {
				t.Fatal(err)
			}
		}
		office := enrolDevice(t, p.a, "office", protocol.Scope{Organisation: true})
		office.mustPush(p.b, domain.KindActivity, "garden", "name", "Garden", "venue_id", "v1")
		office.mustPush(p.a, domain.KindActivity, "craft", "name", "Craft", "venue_id", "v2")
		office.mustPush(p.b, domain.KindPerson, "ann", "given_name", "Ann", "nhs_number", "943 476 5919")
		office.mustPush(p.a, domain.KindEnrolment, domain.EnrolmentID("garden", "ann"), "person_id", "ann", "activity_id", "garden", "venue_id", "v1")
		tablet := enrolDevice(t, p.b, "tablet", protocol.Scope{Venues: []string{"v1"}})
		for i, s := range []*server.Store{p.a, p.b} {
			resp, err := tablet.pull(s, 0, 1000)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range resp.Entities {
				got = append(got, e.Kind+"/"+e.ID)
				if bytes.Contains(e.State, []byte("943 476 5919")) {
					t.Errorf("store %d: the tablet got case data in %s", i, e.ID)
				}
			}
			slices.Sort(got)
			want := []string{"activity/garden", "enrolment/" + domain.EnrolmentID("garden", "ann"), "person/ann", "venue/v1"}
			if !slices.Equal(got, want) {
				t.Errorf("store %d: the tablet pulled %q, want %q", i, got, want)
			}
			if resp.More || resp.Next != resp.Head || resp.Head != p.a.Head() {
				t.Errorf("store %d: next %d head %d more %v (store head %d)", i, resp.Next, resp.Head, resp.More, p.a.Head())
			}
		}
	})
}

// testOldReader: the same records reach a device that reads entity
// encoding 1 only (it sends no States) in encoding 1, and one that reads 2
// in encoding 2, case data stripped alike, through either store.
func testOldReader(t *testing.T, bs Backends) {
	p := newPair(t, bs, server.StoreOptions{})
	if _, err := p.a.AddVenue("v1", "Hall", ""); err != nil {
		t.Fatal(err)
	}
	office := enrolDevice(t, p.a, "office", protocol.Scope{Organisation: true})
	office.mustPush(p.a, domain.KindActivity, "garden", "name", "Garden", "venue_id", "v1")
	office.mustPush(p.b, domain.KindPerson, "ann", "given_name", "Ann", "nhs_number", "943 476 5919")
	office.mustPush(p.a, domain.KindEnrolment, domain.EnrolmentID("garden", "ann"), "person_id", "ann", "activity_id", "garden", "venue_id", "v1")
	for _, scope := range []protocol.Scope{{Organisation: true}, {Venues: []string{"v1"}}} {
		old := enrolDevice(t, p.a, fmt.Sprint("old-", scope.Organisation), scope)
		old.states = 0
		current := enrolDevice(t, p.b, fmt.Sprint("current-", scope.Organisation), scope)
		for i, s := range []*server.Store{p.a, p.b} {
			was, err := old.pull(s, 0, 1000)
			if err != nil {
				t.Fatal(err)
			}
			is, err := current.pull(s, 0, 1000)
			if err != nil {
				t.Fatal(err)
			}
			if len(was.Entities) != len(is.Entities) || len(is.Entities) < 3 {
				t.Fatalf("store %d, organisation %v: %d entities to the old device, %d to the current", i, scope.Organisation, len(was.Entities), len(is.Entities))
			}
			for j, e := range was.Entities {
				if v := record.EntityVersionOf(e.State); v != 1 {
					t.Errorf("store %d: %s %s reached the old device in encoding %d", i, e.Kind, e.ID, v)
				}
				if v := record.EntityVersionOf(is.Entities[j].State); v != record.EntityVersion {
					t.Errorf("store %d: %s %s reached the current device in encoding %d", i, e.Kind, e.ID, v)
				}
				a, err := record.DecodeEntity(record.Kind(e.Kind), e.ID, e.State, nil)
				if err != nil {
					t.Fatal(err)
				}
				b, err := record.DecodeEntity(record.Kind(e.Kind), e.ID, is.Entities[j].State, nil)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(a, b) {
					t.Errorf("store %d: %s %s differs: %+v to the old device, %+v to the current", i, e.Kind, e.ID, a, b)
				}
				if !scope.Organisation && a.Fields["nhs_number"].Value != "" {
					t.Errorf("store %d: the old venue device got case data in %s", i, e.ID)
				}
			}
		}
	}
}

// testNoEcho: a push through one process and the pull through the other
// (the origin lives in the backend). A device's instance does not get
// back records whose whole state it pushed; anything holding another's
// write still comes, and so does everything for another instance.
func testNoEcho(t *testing.T, bs Backends) {
	p := newPair(t, bs, server.StoreOptions{})
	org := protocol.Scope{Organisation: true}
	d1, d2 := enrolDevice(t, p.a, "d1", org), enrolDevice(t, p.b, "d2", org)
	d1.instance, d2.instance = "d1-first-opening", "d2-opening"
	// pulled pulls d's pages after its cursor through s and returns what
	// came, as "kind/id".
	pulled := func(d *device, s *server.Store) []string {
		t.Helper()
		var got []string
		for {
			resp, err := d.pull(s, d.cursor, 2)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range resp.Entities {
				got = append(got, e.Kind+"/"+e.ID)
			}
			d.cursor = resp.Next
			if !resp.More {
				break
			}
		}
		if d.cursor != s.Head() {
			t.Fatalf("%s's cursor %d, head %d", d.id, d.cursor, s.Head())
		}
		slices.Sort(got)
		return got
	}
	check := func(what string, got []string, want ...string) {
		t.Helper()
		if !slices.Equal(got, want) {
			t.Errorf("%s: pulled %q, want %q", what, got, want)
		}
	}
	pulled(d1, p.b)
	pulled(d2, p.a)

	// Many records pushed through a, pulled through b: none come back, and
	// the cursor passes them all (pages of 2 entities, 0 sent).
	for i := range 7 {
		d1.mustPush(p.a, domain.KindSession, fmt.Sprint("s", i), "date", "2026-12-01", "venue_id", "v1")
	}
	check("d1 after pushing 7 sessions", pulled(d1, p.b))
	check("d2", pulled(d2, p.a), "session/s0", "session/s1", "session/s2", "session/s3", "session/s4", "session/s5", "session/s6")
	// Another opening of d1's store (a restart, a copy, a backup put back)
	// may not hold them: it gets everything.
	other := *d1
	other.instance = "d1-second-opening"
	if resp, err := other.pull(p.a, 0, 100); err != nil || len(resp.Entities) < 7 {
		t.Fatalf("another instance of d1 pulled %v (%v), want the 7 sessions", resp, err)
	}

	// A second push to a record d1 alone wrote: still d1's whole.
	d1.mustPush(p.b, domain.KindSession, "s0", "note", "rain")
	check("d1 after adding a field to its own record", pulled(d1, p.a))

	// A device that changes a field of a record it has pulled (its push's
	// cursor is past the record) holds the result: it does not come back.
	// The record comes to the other device, which holds the rest.
	check("d2 before", pulled(d2, p.a), "session/s0")
	d2.mustPush(p.a, domain.KindSession, "s1", "note", "sunny")
	check("d2 after writing to d1's record", pulled(d2, p.b))
	check("d1 after d2 wrote to its record", pulled(d1, p.b), "session/s1")
	d1.mustPush(p.a, domain.KindSession, "s1", "date", "2026-12-02")
	check("d1 after writing again to the shared record", pulled(d1, p.b))
	check("d2 after that", pulled(d2, p.b), "session/s1")
	// Without a cursor past the other device's change, the server cannot
	// tell: it comes back.
	d2.mustPush(p.a, domain.KindSession, "s1", "note", "cloudy")
	check("d2", pulled(d2, p.b))
	cursor := d1.cursor
	d1.cursor = 0
	d1.mustPush(p.a, domain.KindSession, "s1", "date", "2026-12-03")
	d1.cursor = cursor
	check("d1 after a push without its cursor", pulled(d1, p.b), "session/s1")
	check("d2 after that", pulled(d2, p.b), "session/s1")

	// A conflict d1 lost: the winner's value comes to d1, and so does the
	// conflict record.
	older := record.Write{Kind: domain.KindSession, ID: "s2", Field: "note", Value: "d1's note", Stamp: d1.clock.Now(), Staff: "staff"}
	// A second behind: in the same millisecond d1's counter could win.
	older.Stamp.Wall -= 1000
	d2.mustPush(p.b, domain.KindSession, "s2", "note", "d2's note")
	if resp, perr := d1.pushWrites(p.a, []record.Write{older}); perr != nil || resp.Conflicts != 1 {
		t.Fatalf("the concurrent push: %+v %v", resp, perr)
	}
	winner := mustEntity(t, p.a, domain.KindSession, "s2").Fields["note"]
	conflict := "conflict/" + domain.ConflictID(&record.Conflict{Kind: domain.KindSession, ID: "s2", Field: "note", Winner: winner,
		Loser: record.FieldState{Value: older.Value, Stamp: older.Stamp, Staff: older.Staff}})
	got := pulled(d1, p.b)
	if len(got) != 2 || got[0] != conflict || got[1] != "session/s2" || winner.Value != "d2's note" {
		t.Errorf("d1 after losing a conflict pulled %q, want the conflict record and session/s2", got)
	}
	check("d2, which won, after the conflict", pulled(d2, p.a), conflict)

	// A conflict d1 won: d1 holds the winner, but the conflict record is
	// the server's and comes; d2 gets d1's value.
	d2.mustPush(p.a, domain.KindSession, "s3", "note", "d2's")
	later := record.Write{Kind: domain.KindSession, ID: "s3", Field: "note", Value: "d1's", Stamp: d1.clock.Now(), Staff: "staff"}
	later.Stamp.Wall += 1000 // d1's clock is ahead; neither saw the other
	pulled(d2, p.b)
	if resp, perr := d1.pushWrites(p.b, []record.Write{later}); perr != nil || resp.Conflicts != 1 {
		t.Fatalf("the concurrent push: %+v %v", resp, perr)
	}
	if e := mustEntity(t, p.a, domain.KindSession, "s3"); e.Get("note") != "d1's" {
		t.Fatalf("s3's note %q, want d1's", e.Get("note"))
	}
	got = pulled(d1, p.a)
	if len(got) != 2 || !strings.HasPrefix(got[0], "conflict/") || got[1] != "session/s3" {
		// s3 comes too: it was d2's record before, so it holds d2's fields.
		t.Errorf("d1 after winning a conflict pulled %q, want the conflict record and session/s3", got)
	}
	got = pulled(d2, p.b)
	if len(got) != 2 || !strings.HasPrefix(got[0], "conflict/") || got[1] != "session/s3" {
		t.Errorf("d2 after losing a conflict pulled %q, want the conflict record and session/s3", got)
	}

	// d1's store put back from a copy made before it pulled anything: a new
	// instance with its cursor back at 0. A push over a record the first
	// instance wrote cannot count on the rest of it: it comes.
	pulled(d2, p.a)
	d1.instance, d1.cursor = "d1-put-back", 0
	d1.mustPush(p.a, domain.KindSession, "s4", "note", "again")
	if got := pulled(d1, p.b); !slices.Contains(got, "session/s4") {
		t.Errorf("d1 put back pulled %q, want session/s4 among them", got)
	}
	// And writes it replaces whole are its own again.
	d1.mustPush(p.a, domain.KindSession, "s5", "date", "2026-12-03", "venue_id", "v1")
	check("d1 replacing every field of its record", pulled(d1, p.b))
}

func mustEntity(t *testing.T, s *server.Store, kind record.Kind, id string) *record.Entity {
	t.Helper()
	e, err := s.Entity(kind, id)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// startAtOnce starts a store on each backend at the same moment (server
// processes starting together over one database), closed when the test
// ends.
func startAtOnce(t *testing.T, round int, backends ...server.Backend) []*server.Store {
	t.Helper()
	stores := make([]*server.Store, len(backends))
	errs := make([]error, len(backends))
	var wg sync.WaitGroup
	for i, b := range backends {
		wg.Add(1)
		go func() {
			defer wg.Done()
			stores[i], errs[i] = server.NewStore(b, server.StoreOptions{})
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("round %d: starting store %d: %v", round, i, err)
		}
		t.Cleanup(func() { stores[i].Close() })
	}
	return stores
}
