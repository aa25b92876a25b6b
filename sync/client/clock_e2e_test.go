package client_test

import (
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/sync/client"
	"github.com/gather-sp/gather/sync/protocol"
)

// A tablet whose date was set a year ahead saves marks the server refuses
// (they would win every merge for a year). Once the date is put right,
// the marks are stamped again and sent, and so is the note added after.
func TestChangesSavedWithTheDateAheadAreSentOnceItIsRight(t *testing.T) {
	w := newWorld(t)
	w.person("ann", "Ann", w.act1, w.v1)
	w.office.Sync()
	var ahead atomic.Int64
	ahead.Store(int64(365 * 24 * time.Hour))
	now := func() time.Time { return time.Now().Add(time.Duration(ahead.Load())) }
	tab := w.env.NewDevice("tablet", protocol.Scope{Venues: []string{w.v1}}, client.Options{}, now)
	tab.Sync()
	id := mark(tab, w.act1, w.v1, "2026-11-20", "ann", domain.StatusPresent)
	err := tab.Client.SyncOnce(t.Context())
	if err == nil || !strings.Contains(err.Error(), "ahead") {
		t.Fatalf("the server took changes stamped a year ahead (%v)", err)
	}
	if got := tab.Client.Status().Err; !strings.Contains(got, "Set the correct date") {
		t.Errorf("the status does not ask for the date to be put right: %q", got)
	}
	if tab.Store.PendingCount() == 0 {
		t.Fatal("the refused mark is no longer waiting")
	}

	ahead.Store(0) // the facilitator sets the right date
	tab.Restart()
	tab.Save(domain.KindAttendance, id, map[string]string{"note": "came with a friend"})
	if err := tab.Client.SyncOnce(t.Context()); err != nil {
		t.Fatalf("with the date put right the sync still fails: %v", err)
	}
	if n := tab.Store.PendingCount(); n != 0 {
		t.Errorf("%d writes still wait", n)
	}
	w.office.Sync()
	if got := w.office.Get(domain.KindAttendance, id, "status"); got != domain.StatusPresent {
		t.Errorf("the office has the mark's status %q, want present", got)
	}
	if got := w.office.Get(domain.KindAttendance, id, "note"); got != "came with a friend" {
		t.Errorf("the office has the note %q", got)
	}
	// The tablet's next change is not stamped ahead: the office's later
	// edit wins over the tablet's earlier one.
	tab.Save(domain.KindAttendance, id, map[string]string{"note": "tablet"})
	tab.Sync()
	w.office.Save(domain.KindAttendance, id, map[string]string{"note": "office, later"})
	w.office.Sync()
	tab.Sync()
	if got := tab.Get(domain.KindAttendance, id, "note"); got != "office, later" {
		t.Errorf("the tablet holds the note %q: its change still orders after the office's later one", got)
	}
}

// The server's clock jumps a year ahead for a while, and a tablet that
// synced then follows it. Once the server's clock is right again, the
// tablet's changes are stamped again and accepted instead of being
// refused for a year.
func TestAServerClockThatWasAheadDoesNotStopTablets(t *testing.T) {
	w := newWorld(t)
	w.person("ann", "Ann", w.act1, w.v1)
	w.office.Sync()
	tab := w.env.NewDevice("tablet", protocol.Scope{Venues: []string{w.v1}}, client.Options{}, nil)
	tab.Sync()
	w.env.Clock.Advance(365 * 24 * time.Hour)
	tab.Sync() // follows the server's time
	w.env.Clock.Advance(-365 * 24 * time.Hour)
	id := mark(tab, w.act1, w.v1, "2026-11-20", "ann", domain.StatusPresent)
	if err := tab.Client.SyncOnce(t.Context()); err != nil {
		t.Fatalf("a mark saved after the server's clock was put right is refused: %v", err)
	}
	w.office.Sync()
	if got := w.office.Get(domain.KindAttendance, id, "status"); got != domain.StatusPresent {
		t.Fatalf("the office has the mark's status %q, want present", got)
	}
}
