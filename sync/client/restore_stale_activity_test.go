package client_test

import (
	"bytes"
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/sync/client"
	"github.com/gather-sp/gather/sync/internal/testenv"
	"github.com/gather-sp/gather/sync/protocol"
)

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
	testenv.RequireBadger(t, "it restores the server from Store.Backup")
	w := newWorld(t)
	w.person("ann", "Ann", w.act1, w.v1)
	w.office.Sync()
	tablet := w.env.NewDevice("tablet", protocol.Scope{Venues: []string{w.v1}}, client.Options{}, nil)
	tablet.Sync()
	var backup bytes.Buffer
	if err := w.env.Store.Backup(&backup); err != nil {
		t.Fatal(err)
	}
	w.office.Save(domain.KindActivity, w.act2, map[string]string{"venue_id": w.v1}) // moved to the garden
	w.office.Sync()
	tablet.Sync()
	if got := tablet.Get(domain.KindActivity, w.act2, "venue_id"); got != w.v1 {
		t.Fatalf("tablet holds the craft club at %q", got)
	}
	w.env.RestoreFrom(backup.Bytes())
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
