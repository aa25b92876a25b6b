package client_test

import (
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/sync/client"
	"github.com/gather-sp/gather/sync/internal/testenv"
)

// TestOppositeMergesOfflineKeepThePersonFindable: the office merges p2
// into p1 while a desk, offline, merges p1 into p2. Both merges are
// accepted; the server breaks the cycle they make, so every device ends
// with one person, found by name, whom the referral belongs to.
func TestOppositeMergesOfflineKeepThePersonFindable(t *testing.T) {
	w := newWorld(t)
	w.office.Save(domain.KindPerson, "p1", map[string]string{"given_name": "Wilhelmina", "family_name": "Quarrington", "phone": "07700 900111"})
	w.office.Save(domain.KindPerson, "p2", map[string]string{"given_name": "Wilhelmina", "family_name": "Quarrington", "phone": "07700 900222"})
	w.office.Save(domain.KindReferral, "r1", map[string]string{"person_id": "p1", "status": "received"})
	w.office.Sync()
	desk := w.env.NewDeviceAs("desk", org, domain.RoleLinkWorker, client.Options{}, nil)
	desk.Sync()
	merge := func(d *testenv.Device, survivor, dup string) {
		t.Helper()
		s, _ := d.Store.View().Person(survivor)
		u, _ := d.Store.View().Person(dup)
		res, err := domain.MergePeople(domain.Merge{Survivor: s, Duplicate: u, Today: "2026-11-20"})
		if err != nil {
			t.Fatal(err)
		}
		if err := d.Store.Save("tester", res.Changes...); err != nil {
			t.Fatal(err)
		}
	}
	merge(w.office, "p1", "p2") // office keeps p1
	merge(desk, "p2", "p1")     // the desk, offline, keeps p2
	w.office.Sync()
	desk.Sync()
	w.office.Sync()
	for _, d := range []*testenv.Device{w.office, desk} {
		v := d.Store.View()
		got := v.SearchPeople("Wilhelmina", 10)
		if len(got) != 1 {
			t.Errorf("%s: %d people found for Wilhelmina, want 1 (p1 merged_into %q, p2 merged_into %q)",
				d.Name, len(got), d.Get(domain.KindPerson, "p1", "merged_into"), d.Get(domain.KindPerson, "p2", "merged_into"))
			continue
		}
		if got[0].ID != "p1" {
			t.Errorf("%s: Wilhelmina is %s, want p1 (the smallest id of the two, which the server keeps)", d.Name, got[0].ID)
		}
		for _, id := range []string{"p1", "p2"} {
			if p, ok := v.Person(id); !ok || p.ID != got[0].ID {
				t.Errorf("%s: %s opens %q, want %s", d.Name, id, p.ID, got[0].ID)
			}
		}
		if r := v.ResolvePerson(d.Get(domain.KindReferral, "r1", "person_id")); r != got[0].ID {
			t.Errorf("%s: the referral resolves to %q, want %s", d.Name, r, got[0].ID)
		}
	}
}
