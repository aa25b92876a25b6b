package client_test

import (
	"context"
	"errors"
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/sync/client"
	"github.com/gather-sp/gather/sync/protocol"
)

// A server put back from a backup holds its devices and enrolment codes as
// they were when the backup was taken. What an administrator did to them
// afterwards must not be undone in a way that opens the organisation's
// records to a device it was closed to.

// The administrator's office device revoked the tablet, so it remembers
// the revocation and sends it again when it hears the server was restored
// (revocations.go): the tablet's next sync after the office's is refused.
func TestAttackTabletRevokedAfterTheServersBackupStaysRevoked(t *testing.T) {
	w := newWorld(t)
	w.person("ann", "Ann", w.act1, w.v1)
	w.office.Sync()
	stolen := w.env.NewDevice("stolen tablet", protocol.Scope{Venues: []string{w.v1}}, client.Options{}, nil)
	stolen.Sync()
	backup := w.env.Backup()

	// The tablet is stolen; the administrator revokes it from the office.
	// The thief keeps it offline, so it never hears and never wipes itself.
	if err := w.office.Client.Revoke(context.Background(), stolen.Store.Device()); err != nil {
		t.Fatal(err)
	}
	w.env.RestoreFrom(backup)
	w.person("bob", "Bob", w.act1, w.v1) // a newcomer the thief must never read
	w.office.Sync()

	err := stolen.Client.SyncOnce(context.Background())
	if !errors.Is(err, client.ErrRevoked) {
		t.Errorf("the stolen tablet's sync after the restore: %v, want ErrRevoked", err)
	}
	if stolen.Has(domain.KindPerson, "bob") {
		t.Error("the revoked tablet pulled a newcomer's card from the restored server")
	}
}

// Not covered whole: a revoked tablet that syncs after the restore before
// any administrator's device does is not refused, and gets what the
// restored server sends it then (the backup's records, and whatever other
// devices sent since), until an administrator's device syncs and revokes
// it again; restore and rotate-epoch still tell the operator to revoke
// such devices by hand before serving. From then it is refused and gets
// nothing new.
func TestRevokedTabletThatSyncsFirstAfterTheServersRestoreIsRefusedOnceTheOfficeSyncs(t *testing.T) {
	w := newWorld(t)
	w.person("ann", "Ann", w.act1, w.v1)
	w.office.Sync()
	stolen := w.env.NewDevice("stolen tablet", protocol.Scope{Venues: []string{w.v1}}, client.Options{}, nil)
	stolen.Sync()
	backup := w.env.Backup()
	if err := w.office.Client.Revoke(context.Background(), stolen.Store.Device()); err != nil {
		t.Fatal(err)
	}
	w.env.RestoreFrom(backup)

	if err := stolen.Client.SyncOnce(context.Background()); err != nil {
		t.Logf("the stolen tablet's first sync after the restore: %v", err)
	} else {
		t.Log("as documented: the stolen tablet syncs with the restored server until an administrator's device has synced")
	}
	w.person("bob", "Bob", w.act1, w.v1)
	w.office.Sync()

	err := stolen.Client.SyncOnce(context.Background())
	if !errors.Is(err, client.ErrRevoked) {
		t.Errorf("the stolen tablet's sync after the office's: %v, want ErrRevoked", err)
	}
	if stolen.Has(domain.KindPerson, "bob") {
		t.Error("the revoked tablet pulled a newcomer's card after the office synced")
	}
}

func TestAttackCodeUsedAfterTheServersBackupIsNotUsedAgain(t *testing.T) {
	w := newWorld(t)
	code := w.env.CodeAs(protocol.Scope{Organisation: true}, domain.RoleLinkWorker)
	backup := w.env.Backup()
	// The laptop the code was made for uses it; someone who saw it written
	// down tries it again after the server is restored.
	laptop := w.env.NewUnenrolled("link worker's laptop", client.Options{}, nil)
	if err := laptop.Client.Connect(context.Background(), w.env.URL, code); err != nil {
		t.Fatal(err)
	}
	w.env.RestoreFrom(backup)
	other := w.env.NewUnenrolled("someone else's laptop", client.Options{}, nil)
	if err := other.Client.Connect(context.Background(), w.env.URL, code); err == nil {
		t.Error("a connection code used before the restore connected another device after it")
	}
}

func TestTabletEnrolledAfterTheServersBackupLosesNothing(t *testing.T) {
	w := newWorld(t)
	w.person("ann", "Ann", w.act1, w.v1)
	w.office.Sync()
	backup := w.env.Backup()
	tablet := w.env.NewDevice("new tablet", protocol.Scope{Venues: []string{w.v1}}, client.Options{}, nil)
	tablet.Sync()
	synced := mark(tablet, w.act1, w.v1, "2026-11-20", "ann", domain.StatusPresent)
	tablet.Sync()
	w.env.RestoreFrom(backup)

	// The server does not know the tablet now. It is told so, keeps what
	// it saved (the mark it had synced, one saved since), and sends it all
	// once connected again.
	offline := mark(tablet, w.act1, w.v1, "2026-11-27", "ann", domain.StatusLate)
	if err := tablet.Client.SyncOnce(context.Background()); err == nil || errors.Is(err, client.ErrRevoked) {
		t.Fatalf("the tablet's sync with a server that lost its enrolment: %v, want not enrolled", err)
	}
	if st := tablet.Client.Status(); st.Err == "" {
		t.Errorf("the tablet says nothing: %+v", st)
	}
	if tablet.Get(domain.KindAttendance, synced, "status") != domain.StatusPresent {
		t.Fatal("the tablet dropped a mark the server lost")
	}
	tablet.Enrol(w.env, protocol.Scope{Venues: []string{w.v1}}, "")
	tablet.Sync()
	for id, want := range map[string]string{synced: domain.StatusPresent, offline: domain.StatusLate} {
		if e, _ := w.env.Store.Entity(domain.KindAttendance, id); e.Get("status") != want {
			t.Errorf("mark %s on the server: %q, want %q", id, e.Get("status"), want)
		}
	}
}

func TestStaffRemovedAfterTheServersBackupStayRemoved(t *testing.T) {
	w := newWorld(t)
	w.office.Save(domain.KindStaff, "sam", map[string]string{"name": "Sam", "role": domain.RoleVolunteer})
	w.office.Sync()
	desk := w.env.NewDeviceAs("desk", org, domain.RoleReception, client.Options{}, nil)
	desk.Sync()
	backup := w.env.Backup()
	if err := w.office.Store.Save("tester", domain.RemoveStaff("sam")); err != nil {
		t.Fatal(err)
	}
	w.office.Sync()
	desk.Sync()
	w.env.RestoreFrom(backup)

	// The desk syncs first: it holds the removal but may not make one,
	// and must neither lose it nor list it as refused; then the office
	// sends it back.
	desk.Sync()
	w.office.Sync()
	desk.Sync()
	if e, _ := w.env.Store.Entity(domain.KindStaff, "sam"); !e.Deleted() {
		t.Error("a volunteer removed after the backup is back on the restored server")
	}
	if e, _ := desk.Store.Entity(domain.KindStaff, "sam"); !e.Deleted() {
		t.Error("the desk lets a removed volunteer unlock again")
	}
	if n := len(desk.Client.Refused()); n != 0 {
		t.Errorf("the desk lists %d refused changes after the restore", n)
	}
}
