package client_test

import (
	"testing"

	"github.com/gather-sp/gather/access"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/client"
	"github.com/gather-sp/gather/sync/internal/testenv"
	"github.com/gather-sp/gather/sync/protocol"
	"github.com/gather-sp/gather/sync/server"
)

// TestFirstSetupThenEnrolled: a device is set up first (its first user,
// Rex, becomes its administrator: client.SaveFirstAdministrator saves the
// staff record lock.FirstAdminChanges makes) and enrolled afterwards, as
// Settings does. A reception desk or a venue tablet joining an
// organisation that has an administrator (Ada, from the office) shows no
// refused change at its first sync: the server would not take a new
// administrator from it, so enrolling takes the role setup wrote back
// before it is ever sent, and Rex's record reaches the server without a
// role, as the organisation has it. Nothing else is lost, and Rex still
// signs in on the device with the key file's role: a record without a
// role lowers no one (access.SignInRole), also once he is not the key
// file's last administrator. A venue tablet never gives the administrator
// role (domain.VenueMayWriteStaff), so it takes it back also as the
// organisation's first device. The organisation's first device enrolled
// for a role that may (a desk in an organisation with no administrator
// yet), and any office, still make Rex an administrator on record.
func TestFirstSetupThenEnrolled(t *testing.T) {
	for _, tc := range []struct {
		name          string
		venue         bool
		role          string
		adminOnRecord bool   // Ada is on record before the device enrols
		want          string // Rex's role on the server and the device
	}{
		{"a reception desk", false, domain.RoleReception, true, ""},
		{"a venue tablet", true, domain.RoleFacilitator, true, ""},
		{"a volunteers' venue tablet", true, domain.RoleVolunteer, true, ""},
		{"a venue tablet, the organisation's first device", true, domain.RoleFacilitator, false, ""},
		{"a reception desk, the organisation's first device", false, domain.RoleReception, false, domain.RoleAdministrator},
		{"a second office", false, domain.RoleAdministrator, true, domain.RoleAdministrator},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := testenv.Start(t, server.Options{})
			scope := org
			if tc.venue {
				scope = protocol.Scope{Venues: []string{env.Venue("garden", "Garden")}}
			}
			if tc.adminOnRecord {
				office := env.NewDeviceAs("office", org, domain.RoleAdministrator, client.Options{}, nil)
				office.Save(domain.KindStaff, "ada", map[string]string{"name": "Ada", "role": domain.RoleAdministrator})
				office.Sync()
			}
			d := env.NewUnenrolled("new", client.Options{}, nil)
			if err := client.SaveFirstAdministrator(d.Store, "rex",
				record.Change{Kind: domain.KindStaff, ID: "rex", Fields: map[string]string{"name": "Rex", "role": domain.RoleAdministrator}}); err != nil {
				t.Fatal(err)
			}
			if !tc.venue {
				d.Save(domain.KindPerson, "p-rex", map[string]string{"first_name": "Pat", "last_name": "Rex"})
			}
			d.Enrol(env, scope, tc.role)
			d.Sync()

			if refused := d.Client.Refused(); len(refused) != 0 {
				t.Fatalf("the first sync shows refused changes: %+v", refused)
			}
			if n := d.Store.PendingCount(); n != 0 {
				t.Errorf("%d changes still queued", n)
			}
			srv, err := env.Store.Entity(domain.KindStaff, "rex")
			if err != nil {
				t.Fatal(err)
			}
			if srv.Get("name") != "Rex" || srv.Get("role") != tc.want {
				t.Errorf("Rex on the server: name %q, role %q; want role %q", srv.Get("name"), srv.Get("role"), tc.want)
			}
			if got := d.Get(domain.KindStaff, "rex", "role"); got != tc.want {
				t.Errorf("Rex's role on the device is %q, want %q", got, tc.want)
			}
			if !tc.venue {
				if e, _ := env.Store.Entity(domain.KindPerson, "p-rex"); e.Get("last_name") != "Rex" {
					t.Error("what the device saved after setup did not reach the server")
				}
			}
			// The key file keeps him its administrator; his record does
			// not lower him, whether or not he is its last one.
			if got := access.SignInRole(domain.RoleAdministrator, d.Get(domain.KindStaff, "rex", "role")); got != domain.RoleAdministrator {
				t.Errorf("Rex signs in on the device as %q", got)
			}
		})
	}
}

// TestFirstSetupNeverEnrolled: a device that is never enrolled keeps its
// first user's record as setup wrote it, role and all, queued as any
// change is (for the day it is enrolled).
func TestFirstSetupNeverEnrolled(t *testing.T) {
	env := testenv.Start(t, server.Options{})
	d := env.NewUnenrolled("standalone", client.Options{}, nil)
	if err := client.SaveFirstAdministrator(d.Store, "rex",
		record.Change{Kind: domain.KindStaff, ID: "rex", Fields: map[string]string{"name": "Rex", "role": domain.RoleAdministrator}}); err != nil {
		t.Fatal(err)
	}
	if got := d.Get(domain.KindStaff, "rex", "role"); got != domain.RoleAdministrator {
		t.Errorf("Rex's role on the standalone device is %q", got)
	}
	if n := d.Store.PendingCount(); n != 2 {
		t.Errorf("%d writes queued, want his name and role", n)
	}
}

// TestFirstSetupOnlyTheFirstEnrolmentDecides: an office set up and
// enrolled sends its first user's administrator role; enrolled again
// later as a reception desk, it leaves the record as the organisation
// holds it (nothing is taken back that the server has).
func TestFirstSetupOnlyTheFirstEnrolmentDecides(t *testing.T) {
	env := testenv.Start(t, server.Options{})
	d := env.NewUnenrolled("office", client.Options{}, nil)
	if err := client.SaveFirstAdministrator(d.Store, "rex",
		record.Change{Kind: domain.KindStaff, ID: "rex", Fields: map[string]string{"name": "Rex", "role": domain.RoleAdministrator}}); err != nil {
		t.Fatal(err)
	}
	d.Enrol(env, org, domain.RoleAdministrator)
	d.Sync()
	d.Enrol(env, org, domain.RoleReception)
	if got := d.Get(domain.KindStaff, "rex", "role"); got != domain.RoleAdministrator {
		t.Errorf("enrolled again, the device holds Rex's role as %q", got)
	}
	d.Sync()
	if refused := d.Client.Refused(); len(refused) != 0 {
		t.Fatalf("refused %+v", refused)
	}
	srv, err := env.Store.Entity(domain.KindStaff, "rex")
	if err != nil {
		t.Fatal(err)
	}
	if srv.Get("role") != domain.RoleAdministrator || d.Get(domain.KindStaff, "rex", "role") != domain.RoleAdministrator {
		t.Errorf("Rex's role: %q on the server, %q on the device", srv.Get("role"), d.Get(domain.KindStaff, "rex", "role"))
	}
}
