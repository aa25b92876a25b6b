package access

import (
	"testing"

	"github.com/gather-sp/gather/domain"
)

// TestSignInRoleNeverRaises: for every role a key file may give and every
// role a record may say, the role signed in with does and sees nothing the
// key file's does not (but the volunteer's register, the floor), nor
// anything the record's does not; a record within the key file's role is
// taken as it is.
func TestSignInRoleNeverRaises(t *testing.T) {
	for _, key := range domain.Roles {
		for _, rec := range append([]string{"", "superuser"}, domain.Roles...) {
			t.Run(key+"/"+rec, func(t *testing.T) {
				got := SignInRole(key, rec)
				if got != domain.RoleVolunteer && !Within(got, key) {
					t.Errorf("key file %s, record %s: signed in as %s, which may do or see more than a %s", key, rec, got, key)
				}
				if KnownRole(rec) && got != domain.RoleVolunteer && !Within(got, rec) {
					t.Errorf("key file %s, record %s: signed in as %s, more than the record's", key, rec, got)
				}
				if !KnownRole(rec) && got != key {
					t.Errorf("key file %s, record %q: signed in as %s, want the key file's", key, rec, got)
				}
				if KnownRole(rec) && Within(rec, key) && got != rec {
					t.Errorf("key file %s, record %s: signed in as %s, want the record's", key, rec, got)
				}
			})
		}
	}
	if got := SignInRole(domain.RoleCoordinator, domain.RoleReception); got != domain.RoleVolunteer {
		t.Errorf("a coordinator whose record says reception signs in as %s: the desk reads contact details a coordinator does not", got)
	}
}
