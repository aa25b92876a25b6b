package client_test

import (
	"bytes"
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/sync/client"
	"github.com/gather-sp/gather/sync/internal/testenv"
	"github.com/gather-sp/gather/sync/protocol"
)

// TestMarkWaitsOnlyForAnActivityTheTabletHoldsAtItsVenue: the server gives
// a tablet one answer for an activity it does not hold and for one held at
// another venue (so a tablet learns nothing of other venues). The tablet
// tells them apart from what it holds: a mark of an activity it holds at
// its own venue, which the server lost in a restore from an older backup,
// waits and goes in once the office has sent the activity again; a mark of
// an activity it does not hold at its venues is set aside and listed as
// refused, kept on the tablet, and holds up nothing.
func TestMarkWaitsOnlyForAnActivityTheTabletHoldsAtItsVenue(t *testing.T) {
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
	w.office.Save(domain.KindActivity, "walk", map[string]string{"name": "Walk and talk", "venue_id": w.v1})
	w.office.Sync()
	tablet.Sync()
	walked := mark(tablet, "walk", w.v1, "2026-11-20", "ann", domain.StatusPresent)
	elsewhere := mark(tablet, w.act2, w.v1, "2026-11-20", "ann", domain.StatusPresent) // the arts centre's club
	after := mark(tablet, w.act1, w.v1, "2026-11-20", "ann", domain.StatusPresent)
	w.env.RestoreFrom(backup.Bytes())

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
