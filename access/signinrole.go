package access

import "github.com/gather-sp/gather/domain"

// Within reports whether role may do and see nothing than may not: every
// action, every kind, every field of a person. Roles are not a ladder (a
// coordinator reads no contact details, which the reception desk does),
// so domain.Roles' order cannot say it. Unknown roles are within nothing.
func Within(role, than string) bool {
	if !KnownRole(role) || !KnownRole(than) {
		return false
	}
	for _, a := range Actions {
		if CanDo(role, a) && !CanDo(than, a) {
			return false
		}
	}
	for _, k := range domain.Kinds {
		if CanSeeKind(role, k) && !CanSeeKind(than, k) {
			return false
		}
	}
	for f := range domain.Encode(domain.Person{}) {
		if CanSeeField(role, domain.KindPerson, f) && !CanSeeField(than, domain.KindPerson, f) {
			return false
		}
	}
	return true
}

// SignInRole is the role someone signs in with whose key file gives them
// keyRole and whose staff record says recordRole: the record's when it is
// within the key file's (Within), since an administrator elsewhere may
// lower it but only one on this device may raise it; a record with no
// role, or one unknown here, changes nothing. Where neither is within the
// other, the most trusted role within both, or at least the volunteer's:
// never one that may do or see what the key file's may not, beyond the
// volunteer's register.
func SignInRole(keyRole, recordRole string) string {
	switch {
	case !KnownRole(recordRole) || recordRole == keyRole:
		return keyRole
	case Within(recordRole, keyRole):
		return recordRole
	}
	for _, r := range domain.Roles {
		if Within(r, keyRole) && Within(r, recordRole) {
			return r
		}
	}
	return domain.RoleVolunteer
}
