package client_test

import (
	"strings"
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/sync/client"
	"github.com/gather-sp/gather/sync/internal/testenv"
	"github.com/gather-sp/gather/sync/server"
)

// TestEachDevicesFirstAdministrator: first-time setup makes every
// device's first user an administrator (lock.FirstAdminChanges writes
// their name and role), a reception desk's too. The organisation's first
// is taken from any device. Once the server holds an administrator, a
// desk's sent all the same (here saved after enrolling, without the note
// client.SaveFirstAdministrator makes, as an older app sent it; the app
// takes it back at enrolment: TestFirstSetupThenEnrolled) is refused alone: their name is taken, the role stays on the
// desk (which signs them in with it) and is listed there in words that
// say who may, and what the desk saved after it still reaches the server.
func TestEachDevicesFirstAdministrator(t *testing.T) {
	for _, officeFirst := range []bool{true, false} {
		name := "the office first"
		if !officeFirst {
			name = "the desk first"
		}
		t.Run(name, func(t *testing.T) {
			env := testenv.Start(t, server.Options{})
			setUp := func(d *testenv.Device, id, who string) {
				d.Save(domain.KindStaff, id, map[string]string{"name": who, "role": domain.RoleAdministrator})
				d.Save(domain.KindPerson, "p-"+id, map[string]string{"first_name": "Pat", "last_name": who})
				d.Sync()
			}
			office := env.NewDeviceAs("office", org, domain.RoleAdministrator, client.Options{}, nil)
			desk := env.NewDeviceAs("desk", org, domain.RoleReception, client.Options{}, nil)
			if officeFirst {
				setUp(office, "ada", "Ada")
			}
			setUp(desk, "rex", "Rex")
			if !officeFirst {
				setUp(office, "ada", "Ada")
			}
			role := func(id string) string {
				e, err := env.Store.Entity(domain.KindStaff, id)
				if err != nil {
					t.Fatal(err)
				}
				return e.Get("role")
			}
			if got := role("ada"); got != domain.RoleAdministrator {
				t.Errorf("the office's first administrator is %q on the server", got)
			}
			for _, d := range []*testenv.Device{office, desk} {
				if n := d.Store.PendingCount(); n != 0 {
					t.Errorf("%s: %d changes still queued", d.Name, n)
				}
			}
			if e, _ := env.Store.Entity(domain.KindPerson, "p-rex"); e.Get("last_name") != "Rex" {
				t.Error("what the desk saved after its first administrator did not reach the server")
			}
			if e, _ := env.Store.Entity(domain.KindStaff, "rex"); e.Get("name") != "Rex" {
				t.Errorf("the desk's first administrator's name is %q on the server", e.Get("name"))
			}
			refused := desk.Client.Refused()
			if !officeFirst {
				if got := role("rex"); got != domain.RoleAdministrator || len(refused) != 0 {
					t.Errorf("the organisation's first administrator, from the desk: %q on the server, refused %+v", got, refused)
				}
				return
			}
			if got := role("rex"); got != "" {
				t.Errorf("the desk made Rex %q on the server", got)
			}
			if len(refused) != 1 || refused[0].ID != "rex" || refused[0].Field != "role" {
				t.Fatalf("refused %+v, want Rex's role alone", refused)
			}
			for _, s := range []string{"giving someone the administrator role", "enrolled for administrator", "stays on this device"} {
				if !strings.Contains(refused[0].Reason, s) {
					t.Errorf("the refusal does not say %q: %q", s, refused[0].Reason)
				}
			}
			if got := desk.Get(domain.KindStaff, "rex", "role"); got != domain.RoleAdministrator {
				t.Errorf("the desk lost Rex's role: it shows %q", got)
			}
		})
	}
}
