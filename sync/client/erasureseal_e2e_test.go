package client_test

import (
	"bytes"
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/client"
	"github.com/gather-sp/gather/sync/internal/testenv"
	"github.com/gather-sp/gather/sync/protocol"
)

// The administrator's laptop erases Ann and is then lost; the server is put
// back from a backup made before the erasure. The reception desk, which
// synced the tombstone with the server's seal, sends it again by itself
// (the new epoch), and the server takes it from a desk because the seal
// is the server's own: Ann is erased again, and a device enrolled
// afterwards never receives her.
func TestSealedErasureComesBackFromADeskAfterARestore(t *testing.T) {
	testenv.RequireBadger(t, "it restores the server from Store.Backup")
	w := newWorld(t)
	w.person("ann", "Ann", w.act1, w.v1)
	w.person("bob", "Bob", w.act1, w.v1)
	w.office.Save(domain.KindReferral, "ref-ann", map[string]string{"person_id": "ann", "source": domain.SourceGP, "notes": "Ann's referral words"})
	w.office.Sync()
	tablet := w.env.NewDevice("garden tablet", protocol.Scope{Venues: []string{w.v1}}, client.Options{}, nil)
	desk := w.env.NewDeviceAs("reception desk", org, domain.RoleReception, client.Options{}, nil)
	tablet.Sync()
	desk.Sync()
	if desk.Get(domain.KindPerson, "ann", "given_name") != "Ann" || tablet.Get(domain.KindPerson, "ann", "given_name") != "Ann" {
		t.Fatal("the desk or the tablet never received Ann")
	}
	backup := w.env.Backup()

	if err := w.office.Store.ErasePerson("admin", "ann"); err != nil {
		t.Fatal(err)
	}
	w.office.Sync()
	tablet.Sync()
	desk.Sync()
	for _, d := range []*testenv.Device{desk, tablet} {
		if d.Get(domain.KindPerson, "ann", record.FieldErasureSeal) == "" {
			t.Errorf("%s holds Ann's tombstone without the server's seal", d.Name)
		}
	}
	// The office laptop is lost: it never syncs again.

	w.env.RestoreFrom(backup)
	if e, _ := w.env.Store.Entity(domain.KindPerson, "ann"); e.Erased() {
		t.Fatal("the backup already held the erasure: the test would prove nothing")
	}
	desk.Sync()
	tablet.Sync()
	desk.Sync()

	if refused := desk.Client.Refused(); len(refused) != 0 {
		t.Errorf("the desk lists refused changes after the restore: %+v", refused)
	}
	for _, k := range []struct {
		kind record.Kind
		id   string
	}{{domain.KindPerson, "ann"}, {domain.KindReferral, "ref-ann"}, {domain.KindEnrolment, domain.EnrolmentID(w.act1, "ann")}} {
		e, err := w.env.Store.Entity(k.kind, k.id)
		if err != nil {
			t.Fatal(err)
		}
		if !e.Erased() {
			t.Errorf("server: %s %s is back after the restore: %v", k.kind, k.id, e.Values())
		}
	}
	if e, _ := w.env.Store.Entity(domain.KindPerson, "bob"); e.Get("given_name") != "Bob" {
		t.Errorf("Bob was touched: %v", e.Values())
	}

	fresh := w.env.NewDeviceAs("new laptop", org, domain.RoleAdministrator, client.Options{}, nil)
	fresh.Sync()
	if _, ok := fresh.Store.View().Person("ann"); ok {
		t.Error("a device enrolled after the restore reads Ann")
	}
	for _, e := range pullAll(t, w.env, fresh) {
		for _, s := range []string{"Ann", "Ann's referral words"} {
			if e.ID != "bob" && bytes.Contains(e.State, []byte(s)) {
				t.Errorf("the server sends %s %s holding %q to a new device", e.Kind, e.ID, s)
			}
		}
	}
	if fresh.Get(domain.KindPerson, "bob", "given_name") != "Bob" {
		t.Error("the new device lacks Bob")
	}
}
