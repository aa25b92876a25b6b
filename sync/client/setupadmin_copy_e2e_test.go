package client_test

import (
	"bytes"
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/storage"
	"github.com/gather-sp/gather/sync/client"
	"github.com/gather-sp/gather/sync/internal/testenv"
	"github.com/gather-sp/gather/sync/server"
)

// TestFirstSetupCopyEnrolledAfterTheOriginal: a copy of a device made
// before its first enrolment (a backup put back on another machine) still
// names setup's record. The original becomes the organisation's first
// administrator's office; the copy, enrolled as a reception desk, takes
// the role back at its enrolment, which the organisation holds: its pull
// brings it back, and nothing is refused or lost on either.
func TestFirstSetupCopyEnrolledAfterTheOriginal(t *testing.T) {
	env := testenv.Start(t, server.Options{})
	d := env.NewUnenrolled("office", client.Options{}, nil)
	if err := client.SaveFirstAdministrator(d.Store, "rex",
		record.Change{Kind: domain.KindStaff, ID: "rex", Fields: map[string]string{"name": "Rex", "role": domain.RoleAdministrator}}); err != nil {
		t.Fatal(err)
	}
	var backup bytes.Buffer
	if err := d.Store.Backup(&backup); err != nil {
		t.Fatal(err)
	}
	d.Enrol(env, org, domain.RoleAdministrator)
	d.Sync()

	cp := &testenv.Device{T: t, Name: "copy", Dir: t.TempDir()}
	if err := storage.Restore(cp.Dir, &backup, storage.Options{}); err != nil {
		t.Fatal(err)
	}
	st, err := storage.Open(cp.Dir, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	cp.Store, cp.Client = st, client.New(st, client.Options{})
	cp.Enrol(env, org, domain.RoleReception)
	cp.Sync()
	cp.Sync()
	if refused := cp.Client.Refused(); len(refused) != 0 {
		t.Fatalf("the copy shows refused changes: %+v", refused)
	}
	srv, err := env.Store.Entity(domain.KindStaff, "rex")
	if err != nil {
		t.Fatal(err)
	}
	if srv.Get("role") != domain.RoleAdministrator || cp.Get(domain.KindStaff, "rex", "role") != domain.RoleAdministrator {
		t.Errorf("Rex's role: %q on the server, %q on the copy", srv.Get("role"), cp.Get(domain.KindStaff, "rex", "role"))
	}
}
