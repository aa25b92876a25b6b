package client_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/client"
	"github.com/gather-sp/gather/sync/internal/testenv"
	"github.com/gather-sp/gather/sync/protocol"
	"github.com/gather-sp/gather/sync/server"
)

// TestChangesHeldBackByTheDailyBudgetWaitOnTheDevice: a tablet adds more
// new staff in a day than a venue device may. The server takes the day's
// budget and holds the rest back (rate limited): it stays queued, none is
// listed as refused, the status says why in words, and the tablet still
// fetches what others changed. The next day it goes through.
func TestChangesHeldBackByTheDailyBudgetWaitOnTheDevice(t *testing.T) {
	env := testenv.Start(t, server.Options{})
	venue := env.Venue("v1", "Hall")
	office := env.NewDevice("office", protocol.Scope{Organisation: true}, client.Options{}, nil)
	tablet := env.NewDevice("garden", protocol.Scope{Venues: []string{venue}}, client.Options{}, nil)
	var added []record.Change
	for i := range server.VenueNewStaffPerDay + 1 {
		added = append(added, record.Change{Kind: domain.KindStaff, ID: fmt.Sprint("helper-", i),
			Fields: map[string]string{"name": fmt.Sprint("Helper ", i), "role": domain.RoleVolunteer}})
	}
	if err := tablet.Store.Save("tester", added...); err != nil {
		t.Fatal(err)
	}
	office.Save(domain.KindActivity, "garden", map[string]string{"name": "Garden club", "venue_id": venue})
	office.Sync()

	err := tablet.Client.SyncOnce(t.Context())
	var perr *protocol.Error
	if !errors.As(err, &perr) || perr.Code != protocol.CodeRateLimited {
		t.Fatalf("a sync past the day's budget: %v; want rate limited", err)
	}
	// The day's budget went; the one past it waits, both its writes.
	if n := tablet.Store.PendingCount(); n != 2 {
		t.Errorf("%d changes wait on the tablet after the held sync, want the 2 of the helper past the budget", n)
	}
	office.Sync()
	if got := heldBy(office, added); got != server.VenueNewStaffPerDay {
		t.Errorf("the office holds %d of the new staff, want the day's budget of %d", got, server.VenueNewStaffPerDay)
	}
	if refused := tablet.Client.Refused(); len(refused) != 0 {
		t.Errorf("held changes were listed as refused: %+v", refused)
	}
	if st := tablet.Client.Status(); st.State != client.StateError || !strings.Contains(st.Err, "wait on this device") {
		t.Errorf("status after the held sync: %+v; want an error saying the changes wait", st)
	}
	if !tablet.Has(domain.KindActivity, "garden") {
		t.Error("the tablet did not fetch the office's activity while its own changes were held back")
	}

	env.Clock.Advance(time.Duration(perr.RetryAfterSeconds) * time.Second)
	tablet.Sync()
	if n := tablet.Store.PendingCount(); n != 0 {
		t.Errorf("the next day %d changes still wait", n)
	}
	office.Sync()
	if got := heldBy(office, added); got != len(added) {
		t.Errorf("the next day the office holds %d of the %d new staff", got, len(added))
	}
}

// heldBy counts the records of changes d holds.
func heldBy(d *testenv.Device, changes []record.Change) int {
	n := 0
	for _, c := range changes {
		if d.Has(c.Kind, c.ID) {
			n++
		}
	}
	return n
}
