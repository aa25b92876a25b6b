package server_test

import (
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

// TestSealedStaffErasureFromADeskAfterARestore: a member of staff the
// server erased (an administrator removed them for good) is back on a
// server put back from before it. A reception desk sends their sealed
// tombstone again, as it does every record's state after a new epoch.
// The server took that erasure from an administrator's device once, and
// an erasure is for good: it takes it again from the desk, seal and all,
// as it does a person's, so Sam's PIN is not good again on every device
// enrolled since the restore. Removing staff still needs an administrator's
// device otherwise (TestAttackForgedErasureSeal's forgeries are refused).
func TestSealedStaffErasureFromADeskAfterARestore(t *testing.T) {
	w := newSealWorld(t)
	now := w.office.Clock.Now
	if err := w.office.Push([]record.Write{
		{Kind: domain.KindStaff, ID: "ada", Field: "name", Value: "Ada", Stamp: now(), Staff: "ada"},
		{Kind: domain.KindStaff, ID: "ada", Field: "role", Value: domain.RoleAdministrator, Stamp: now(), Staff: "ada"},
		{Kind: domain.KindStaff, ID: "sam", Field: "name", Value: "Sam", Stamp: now(), Staff: "ada"},
		{Kind: domain.KindStaff, ID: "sam", Field: "role", Value: domain.RoleReception, Stamp: now(), Staff: "ada"},
	}, 10); err != nil {
		t.Fatal(err)
	}
	backup := w.env.Backup()
	if err := w.office.Push([]record.Write{{Kind: domain.KindStaff, ID: "sam", Field: record.FieldErased, Value: "true", Stamp: now(), Staff: "ada"}}, 1); err != nil {
		t.Fatal(err)
	}
	sam, _ := w.env.Store.Entity(domain.KindStaff, "sam")
	sealOf(t, w.env, domain.KindStaff, "sam")
	w.env.RestoreFrom(backup)

	desk, err := w.env.NewRawAs("desk", sealOrg, domain.RoleReception, nil)
	if err != nil {
		t.Fatal(err)
	}
	ws := sealedTombstone(sam)
	resp, err := settlingPush(t, desk, ws)
	if err != nil || len(resp.Refused) > 0 {
		t.Fatalf("Sam's sealed erasure sent back by the desk: %v, refused %+v", err, resp.Refused)
	}
	if got, _ := w.env.Store.Entity(domain.KindStaff, "sam"); !got.Erased() || got.Get("name") != "" || got.Get(record.FieldErasureSeal) != sam.Get(record.FieldErasureSeal) {
		t.Errorf("Sam on the server after the desk sent the sealed erasure: %v", got.Values())
	}
	if ada, _ := w.env.Store.Entity(domain.KindStaff, "ada"); ada.Erased() || ada.Get("name") != "Ada" {
		t.Errorf("Ada was touched: %v", ada.Values())
	}
}

// TestSealedErasureOfTheLastAdministratorAfterARestore: Ada, the only
// administrator when the backup was made, was erased once Ben was made
// one. On the server put back from the backup she is the last on record
// again, and her sealed erasure sent back by a desk is refused as any
// device's removal of the last administrator is (checkLastAdministrator).
func TestSealedErasureOfTheLastAdministratorAfterARestore(t *testing.T) {
	w := newSealWorld(t)
	now := w.office.Clock.Now
	staff := func(id, name string) []record.Write {
		return []record.Write{
			{Kind: domain.KindStaff, ID: id, Field: "name", Value: name, Stamp: now(), Staff: "ada"},
			{Kind: domain.KindStaff, ID: id, Field: "role", Value: domain.RoleAdministrator, Stamp: now(), Staff: "ada"},
		}
	}
	if err := w.office.Push(staff("ada", "Ada"), 10); err != nil {
		t.Fatal(err)
	}
	backup := w.env.Backup()
	if err := w.office.Push(append(staff("ben", "Ben"), record.Write{Kind: domain.KindStaff, ID: "ada", Field: record.FieldErased, Value: "true", Stamp: now(), Staff: "ben"}), 10); err != nil {
		t.Fatal(err)
	}
	ada, _ := w.env.Store.Entity(domain.KindStaff, "ada")
	sealOf(t, w.env, domain.KindStaff, "ada")
	w.env.RestoreFrom(backup)

	desk, err := w.env.NewRawAs("desk", sealOrg, domain.RoleReception, nil)
	if err != nil {
		t.Fatal(err)
	}
	ws := sealedTombstone(ada)
	_, err = settlingPush(t, desk, ws)
	assertRefused(t, err, "the last administrator's sealed erasure")
	if got, _ := w.env.Store.Entity(domain.KindStaff, "ada"); got.Erased() || got.Get("name") != "Ada" {
		t.Errorf("Ada, the last administrator on record: %v", got.Values())
	}
}
