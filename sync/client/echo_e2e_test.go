package client_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/client"
	"github.com/gather-sp/gather/sync/internal/testenv"
	"github.com/gather-sp/gather/sync/protocol"
)

// pullCounter is a transport that counts the records pull answers carry
// (a page, or the records an undo asks for again: PathPull's prefix),
// by kind and id, on their way to the client.
type pullCounter struct {
	mu   sync.Mutex
	seen map[string]int // "kind/id" -> times received
}

func (c *pullCounter) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil || !strings.HasPrefix(req.URL.Path, protocol.PathPull) || resp.StatusCode != http.StatusOK {
		return resp, err
	}
	raw, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(raw))
	gz := strings.EqualFold(resp.Header.Get("Content-Encoding"), "gzip")
	var page *protocol.PullResponse
	if resp.Header.Get("Content-Type") == protocol.ContentTypePage {
		page, err = protocol.DecodePage(bytes.NewReader(raw), gz, 1<<30)
	} else {
		page = new(protocol.PullResponse)
		err = protocol.Decode(bytes.NewReader(raw), gz, 1<<30, 1<<30, page)
	}
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, e := range page.Entities {
		c.seen[e.Kind+"/"+e.ID]++
	}
	return resp, nil
}

// take returns what was received since the last take.
func (c *pullCounter) take() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := c.seen
	c.seen = map[string]int{}
	return out
}

func countingDevice(env *testenv.Env, name string, scope protocol.Scope) (*testenv.Device, *pullCounter) {
	pc := &pullCounter{seen: map[string]int{}}
	d := env.NewDevice(name, scope, client.Options{HTTPClient: testenv.HTTPClient(pc)}, nil)
	return d, pc
}

// No echo (issue 13): a device's sync does not bring back the writes it
// just pushed, while what another device changed, a conflict it lost and
// everything a store put back from a backup lacks still come.
func TestNoEcho(t *testing.T) {
	w := newWorld(t)
	for _, p := range []string{"ann", "bob"} {
		w.person(p, p, w.act1, w.v1)
	}
	w.office.Sync()
	scope := protocol.Scope{Venues: []string{w.v1}}
	a, fromA := countingDevice(w.env, "tablet-a", scope)
	b, fromB := countingDevice(w.env, "tablet-b", scope)
	a.Sync()
	b.Sync()
	fromA.take()
	fromB.take()
	before := a.Snapshot()

	// Tablet A takes 60 registers of two people offline and syncs: its
	// pull brings none of them back.
	const sessions = 60
	var marks []record.Change
	for i := range sessions {
		date := fmt.Sprintf("2026-%02d-%02d", 1+i/28, 1+i%28)
		sid := domain.SessionID(w.act1, date)
		marks = append(marks, record.Change{Kind: domain.KindSession, ID: sid, Fields: map[string]string{"activity_id": w.act1, "venue_id": w.v1, "date": date}})
		for _, p := range []string{"ann", "bob"} {
			marks = append(marks, record.Change{Kind: domain.KindAttendance, ID: domain.AttendanceID(sid, p), Fields: map[string]string{
				"session_id": sid, "person_id": p, "activity_id": w.act1, "venue_id": w.v1, "date": date, "status": domain.StatusPresent}})
		}
	}
	if err := a.Store.Save("sam", marks...); err != nil {
		t.Fatal(err)
	}
	a.Sync()
	if got := fromA.take(); len(got) != 0 {
		t.Errorf("tablet A pushed %d records and its pull brought %d back: %v", len(marks), len(got), got)
	}
	if n := a.Store.PendingCount(); n != 0 {
		t.Fatalf("%d writes still queued on A", n)
	}
	// Tablet B gets them all, once.
	b.Sync()
	if got := fromB.take(); len(got) != len(marks) {
		t.Errorf("tablet B received %d records, want the %d A made", len(got), len(marks))
	}
	if b.Store.View().Count(domain.KindAttendance) != 2*sessions {
		t.Errorf("tablet B holds %d marks, want %d", b.Store.View().Count(domain.KindAttendance), 2*sessions)
	}

	// A conflict: both tablets change Ann's first mark offline, A first
	// (B's clock has seen A's change, but B has not). B syncs first, and
	// its change to A's mark does not come back to it: it holds the rest
	// of the mark. A's change loses and A gets B's.
	ann := domain.AttendanceID(domain.SessionID(w.act1, "2026-01-01"), "ann")
	a.Save(domain.KindAttendance, ann, map[string]string{"status": domain.StatusLate})
	e, err := a.Store.Entity(domain.KindAttendance, ann)
	if err != nil {
		t.Fatal(err)
	}
	b.Store.Clock().Observe(e.Fields["status"].Stamp)
	b.Save(domain.KindAttendance, ann, map[string]string{"status": domain.StatusApologies})
	b.Sync()
	if got := fromB.take(); len(got) != 0 {
		t.Errorf("tablet B's own change came back to it: %v", got)
	}
	a.Sync()
	if got := fromA.take(); len(got) != 1 || got[string(domain.KindAttendance)+"/"+ann] != 1 {
		t.Errorf("tablet A lost a conflict and its pull brought %v, want the mark", got)
	}
	if got := a.Get(domain.KindAttendance, ann, "status"); got != domain.StatusApologies {
		t.Errorf("tablet A holds Ann's mark as %q, want B's %q", got, domain.StatusApologies)
	}
	w.office.Sync()
	if n := len(w.office.Store.View().All(domain.KindConflict)); n != 1 {
		t.Errorf("the office holds %d conflict records, want 1", n)
	}
	// A change that wins: B gets it, A does not get it back.
	a.Save(domain.KindAttendance, ann, map[string]string{"status": domain.StatusPresent})
	a.Sync()
	b.Sync()
	if got := fromA.take(); len(got) != 0 {
		t.Errorf("tablet A's winning change came back to it: %v", got)
	}
	if got := fromB.take(); len(got) != 1 || b.Get(domain.KindAttendance, ann, "status") != domain.StatusPresent {
		t.Errorf("tablet B received %v and holds %q, want A's present", got, b.Get(domain.KindAttendance, ann, "status"))
	}

	// Tablet A's store is put back from the copy made before the registers:
	// it opens as another instance, so its next sync brings back everything
	// it lacks (its own registers included), though it pushed them itself.
	a.PutBack(before)
	a.Sync()
	if n := a.Store.View().Count(domain.KindAttendance); n != 2*sessions {
		t.Errorf("tablet A put back from a copy holds %d marks after syncing, want %d", n, 2*sessions)
	}
	if got := a.Get(domain.KindAttendance, ann, "status"); got != domain.StatusPresent {
		t.Errorf("tablet A put back holds Ann's mark as %q, want present", got)
	}
}
