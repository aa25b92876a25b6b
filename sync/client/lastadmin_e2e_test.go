package client_test

import (
	"strings"
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/sync/client"
	"github.com/gather-sp/gather/sync/internal/testenv"
	"github.com/gather-sp/gather/sync/server"
)

// TestLastAdministratorHandedOver: Ada, the organisation's only
// administrator, hands over to Bea on the office device. Saved in one
// push, the hand-over is taken in whatever order she made the two
// changes. Made in the wrong order (Ada lowered first) and pushed in
// batches so small that the lowering goes alone, it is refused: it stays
// on the office device, listed as refused in words that say what to do;
// Bea's promotion is taken; and once undone and made again, the lowering
// is taken too. Nothing is lost on the way.
func TestLastAdministratorHandedOver(t *testing.T) {
	for _, tc := range []struct {
		name      string
		batch     int
		demoteFst bool
		refused   bool
	}{
		{"in one push, Bea first", 0, false, false},
		{"in one push, Ada first", 0, true, false},
		{"a change a push, Ada first", 1, true, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := testenv.Start(t, server.Options{})
			office := env.NewDeviceAs("office", org, domain.RoleAdministrator, client.Options{PushBatch: tc.batch}, nil)
			office.Save(domain.KindStaff, "ada", map[string]string{"name": "Ada", "role": domain.RoleAdministrator, "deleted": ""})
			office.Save(domain.KindStaff, "bea", map[string]string{"name": "Bea", "role": domain.RoleLinkWorker, "deleted": ""})
			office.Sync()

			demote := func() { office.Save(domain.KindStaff, "ada", map[string]string{"role": domain.RoleLinkWorker}) }
			promote := func() { office.Save(domain.KindStaff, "bea", map[string]string{"role": domain.RoleAdministrator}) }
			if tc.demoteFst {
				demote()
				promote()
			} else {
				promote()
				demote()
			}
			office.Sync()
			server := func(id string) string {
				e, err := env.Store.Entity(domain.KindStaff, id)
				if err != nil {
					t.Fatal(err)
				}
				return e.Get("role")
			}
			if got := server("bea"); got != domain.RoleAdministrator {
				t.Errorf("Bea's role on the server is %q", got)
			}
			refused := office.Client.Refused()
			if !tc.refused {
				if len(refused) != 0 || server("ada") != domain.RoleLinkWorker {
					t.Fatalf("the hand-over in one push: Ada's role on the server is %q, refused %+v", server("ada"), refused)
				}
				return
			}
			if len(refused) != 1 || refused[0].ID != "ada" || refused[0].Field != "role" {
				t.Fatalf("refused %+v, want Ada's new role alone", refused)
			}
			for _, s := range []string{"last administrator", "stays on this device", "Give someone else the administrator role first", "undo this change"} {
				if !strings.Contains(refused[0].Reason, s) {
					t.Errorf("the refusal does not say %q: %q", s, refused[0].Reason)
				}
			}
			if got := office.Get(domain.KindStaff, "ada", "role"); got != domain.RoleLinkWorker {
				t.Errorf("the office device lost Ada's new role: it shows %q", got)
			}
			if got := server("ada"); got != domain.RoleAdministrator {
				t.Errorf("Ada's role on the server is %q", got)
			}
			// As the refusal says: undo it, and make it again.
			if n, err := office.Client.UndoRefused(t.Context(), refused[0].Key()); err != nil || n != 1 {
				t.Fatalf("undo: %d, %v", n, err)
			}
			office.Sync()
			demote()
			office.Sync()
			if got := server("ada"); got != domain.RoleLinkWorker || len(office.Client.Refused()) != 0 {
				t.Errorf("made again after Bea became an administrator: Ada's role on the server is %q, refused %+v", got, office.Client.Refused())
			}
		})
	}
}
