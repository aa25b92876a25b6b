package lock

import (
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/keyslot"
)

func TestSignInRole(t *testing.T) {
	lw := keyslot.Member{ID: "s1", Name: "Sam", Role: domain.RoleLinkWorker}
	admin := keyslot.Member{ID: "s2", Name: "Ada", Role: domain.RoleAdministrator}
	for _, c := range []struct {
		name      string
		m         keyslot.Member
		rec       domain.Staff
		found     bool
		lastAdmin bool
		want      string // "" when refused
	}{
		{"no record", lw, domain.Staff{}, false, false, domain.RoleLinkWorker},
		{"record lowers", lw, domain.Staff{Role: domain.RoleVolunteer}, true, false, domain.RoleVolunteer},
		{"record raises nothing", lw, domain.Staff{Role: domain.RoleAdministrator}, true, false, domain.RoleLinkWorker},
		{"record without a role", lw, domain.Staff{Name: "Sam"}, true, false, domain.RoleLinkWorker},
		{"record deleted", lw, domain.Staff{Deleted: true}, true, false, ""},
		{"last administrator deleted", admin, domain.Staff{Deleted: true}, true, true, domain.RoleAdministrator},
		{"last administrator lowered", admin, domain.Staff{Role: domain.RoleVolunteer}, true, true, domain.RoleAdministrator},
		{"another administrator deleted", admin, domain.Staff{Deleted: true}, true, false, ""},
		// Reception is not below a coordinator: it reads contact details.
		{"record says reception to a coordinator", keyslot.Member{ID: "s3", Name: "Cy", Role: domain.RoleCoordinator}, domain.Staff{Role: domain.RoleReception}, true, false, domain.RoleVolunteer},
	} {
		t.Run(c.name, func(t *testing.T) {
			st, err := SignInRole(c.m, c.rec, c.found, c.lastAdmin)
			switch {
			case c.want == "" && !IsRemoved(err):
				t.Fatalf("signed in as %+v (%v), want refused", st, err)
			case c.want != "" && (err != nil || st.Role != c.want):
				t.Fatalf("signed in as %q (%v), want %q", st.Role, err, c.want)
			}
		})
	}
}
