package client_test

import (
	"testing"
	"time"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/sync/client"
	"github.com/gather-sp/gather/sync/protocol"
)

// TestClonedTabletsEditingOneFieldKeepBoth: a tablet's folder is copied
// onto a second tablet just after it pulled a change stamped by a device
// whose clock runs a few minutes fast (the server takes up to five). Both
// copies share the device id and the clock, which now reads ahead of
// either tablet's own, so the first change each makes carries the same
// stamp. Both change Ann's emergency contact, differently: neither save
// may vanish. One value wins on every device, and the other is kept as a
// conflict record for the office to review.
func TestClonedTabletsEditingOneFieldKeepBoth(t *testing.T) {
	w := newWorld(t)
	w.person("ann", "Ann", w.act1, w.v1)
	w.office.Sync()
	scope := protocol.Scope{Venues: []string{w.v1}}
	fast := w.env.NewDevice("fast tablet", scope, client.Options{}, func() time.Time { return time.Now().Add(3 * time.Minute) })
	fast.Sync()
	fast.Save(domain.KindPerson, "ann", map[string]string{"access_needs": "step-free; hearing loop"})
	fast.Sync()

	first := w.env.NewDevice("garden tablet", scope, client.Options{}, nil)
	first.Sync() // its clock now reads past its own wall clock
	second := first.Clone("copied tablet", client.Options{}, nil)
	first.Save(domain.KindPerson, "ann", map[string]string{"emergency_contact_phone": "07700 900001"})
	second.Save(domain.KindPerson, "ann", map[string]string{"emergency_contact_phone": "07700 900002"})
	first.Sync()
	if err := second.Client.SyncOnce(t.Context()); err != nil {
		t.Logf("the copy's sync: %v", err)
	}
	w.office.Sync()

	got := w.office.Get(domain.KindPerson, "ann", "emergency_contact_phone")
	var lost string
	switch got {
	case "07700 900001":
		lost = "07700 900002"
	case "07700 900002":
		lost = "07700 900001"
	default:
		t.Fatalf("the office holds Ann's emergency phone %q, neither tablet's", got)
	}
	found := false
	for _, r := range w.office.Store.View().All(domain.KindConflict) {
		e, err := w.office.Store.Entity(domain.KindConflict, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if e.Get("entity_id") == "ann" && e.Get("field") == "emergency_contact_phone" && e.Get("loser_value") == lost {
			found = true
		}
	}
	if !found {
		t.Errorf("Ann's emergency phone is %q everywhere and the other tablet's %q is nowhere: no conflict record keeps it", got, lost)
	}
}
