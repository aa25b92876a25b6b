package client_test

import (
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/sync/client"
	"github.com/gather-sp/gather/sync/internal/testenv"
	"github.com/gather-sp/gather/sync/protocol"
)

// syncedTabletAndBackup is a world whose garden tablet has synced Ann
// (of the garden club), and a backup of the server taken then, for tests
// of what a tablet does after the server is restored from it.
func syncedTabletAndBackup(t *testing.T) (*world, *testenv.Device, []byte) {
	t.Helper()
	testenv.RequireBadger(t, "it restores the server from Store.Backup")
	w := newWorld(t)
	w.person("ann", "Ann", w.act1, w.v1)
	w.office.Sync()
	tablet := w.env.NewDevice("tablet", protocol.Scope{Venues: []string{w.v1}}, client.Options{}, nil)
	tablet.Sync()
	backup := w.env.Backup()
	return w, tablet, backup
}

// TestMarkWaitsOnlyForAnActivityTheTabletHoldsAtItsVenue: the server
// answers a mark of an activity it does not hold "activity unknown" (one
// held at another venue is refused, naming no venue). The tablet then goes
// by what it holds: a mark of an activity it holds at its own venue, which
// the server lost in a restore from an older backup, waits and goes in
// once the office has sent the activity again; a mark of an activity it
// does not hold at its venues is set aside and listed as refused, kept on
// the tablet, and holds up nothing.
func TestMarkWaitsOnlyForAnActivityTheTabletHoldsAtItsVenue(t *testing.T) {
	w, tablet, backup := syncedTabletAndBackup(t)
	w.office.Save(domain.KindActivity, "walk", map[string]string{"name": "Walk and talk", "venue_id": w.v1})
	w.office.Sync()
	tablet.Sync()
	walked := mark(tablet, "walk", w.v1, "2026-11-20", "ann", domain.StatusPresent)
	elsewhere := mark(tablet, w.act2, w.v1, "2026-11-20", "ann", domain.StatusPresent) // the arts centre's club
	after := mark(tablet, w.act1, w.v1, "2026-11-20", "ann", domain.StatusPresent)
	w.env.RestoreFrom(backup)

	tablet.Sync() // before the office: the server lacks the walk
	for _, r := range tablet.Client.Refused() {
		if r.ID == walked || r.ID == domain.SessionID("walk", "2026-11-20") {
			t.Fatalf("the mark of the tablet's own activity was set aside: %+v", r)
		}
	}
	if tablet.Store.PendingCount() == 0 {
		t.Fatal("the mark of the activity the server lost does not wait on the tablet")
	}
	w.office.Sync()
	tablet.Sync()
	if n := tablet.Store.PendingCount(); n != 0 {
		t.Fatalf("%d changes still wait on the tablet", n)
	}
	for id, want := range map[string]string{walked: domain.StatusPresent, after: domain.StatusPresent, elsewhere: ""} {
		if e, _ := w.env.Store.Entity(domain.KindAttendance, id); e.Get("status") != want {
			t.Errorf("mark %s on the server: %q, want %q", id, e.Get("status"), want)
		}
	}
	listed := false
	for _, r := range tablet.Client.Refused() {
		listed = listed || r.ID == elsewhere
		if r.ID == walked {
			t.Errorf("the walk's mark is listed as refused: %+v", r)
		}
	}
	if !listed {
		t.Errorf("the mark at another venue's activity is not listed as refused: %+v", tablet.Client.Refused())
	}
	if got := tablet.Get(domain.KindAttendance, elsewhere, "status"); got != domain.StatusPresent {
		t.Errorf("the tablet lost the refused mark (status %q)", got)
	}
}

// The server is restored from a backup taken before the office moved the
// craft club to the garden (v1). The office laptop that made the move never
// syncs again (replaced), so the server holds the club at v2 for good and
// never tells the v1 tablet (no moved_from: the server never saw the move).
// The tablet holds the club at v1, so it would wait for it if the server
// answered as for an activity it does not hold, and its craft-club mark
// would block every later change at the head of its queue. The server
// answers out_of_scope (naming no venue): the tablet sets the one write
// aside, listed and kept, and the rest goes on. (Found by a review.)
func TestMarkOfAnActivityMovedAwayBeforeARestoreDoesNotBlockTheQueue(t *testing.T) {
	w, tablet, backup := syncedTabletAndBackup(t)
	w.office.Save(domain.KindActivity, w.act2, map[string]string{"venue_id": w.v1}) // moved to the garden
	w.office.Sync()
	tablet.Sync()
	if got := tablet.Get(domain.KindActivity, w.act2, "venue_id"); got != w.v1 {
		t.Fatalf("tablet holds the craft club at %q", got)
	}
	w.env.RestoreFrom(backup)
	// The office never syncs again.
	mark(tablet, w.act2, w.v1, "2026-11-20", "ann", domain.StatusPresent)
	garden := mark(tablet, w.act1, w.v1, "2026-11-21", "ann", domain.StatusPresent)
	for i := 0; i < 5; i++ {
		tablet.Sync()
	}
	e, _ := w.env.Store.Entity(domain.KindAttendance, garden)
	if e.Get("status") != domain.StatusPresent {
		t.Errorf("after 5 syncs the garden-club mark never reached the server; %d changes wait on the tablet, %d listed as refused",
			tablet.Store.PendingCount(), len(tablet.Client.Refused()))
	}
	if len(tablet.Client.Refused()) == 0 {
		t.Error("the craft-club mark was neither sent nor listed as refused: it must stay on the tablet, listed")
	}
}
