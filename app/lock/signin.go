package lock

import (
	"errors"
	"fmt"

	"github.com/gather-sp/gather/access"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/keyslot"
)

// RemovedError is the refusal of a right PIN whose staff record an
// administrator deleted (domain.RemoveStaff): the gate shows its words as
// they are, and nobody is signed in.
type RemovedError struct{ Name string }

func (e *RemovedError) Error() string {
	who := e.Name
	if who == "" {
		who = "this member of staff"
	}
	return fmt.Sprintf("An administrator removed %s's access to Gather, so this PIN no longer opens it. "+
		"If that is a mistake, ask your administrator to add you again.", who)
}

// SignInRole is who u signs in as, given their staff record here (rec;
// found false when there is none yet): the key file's role, lowered to the
// record's when that is within it (access.SignInRole), since staff
// records sync from the device where an administrator changed the role and
// the key file is this device's alone. A role raised in the record alone
// raises no one: only an administrator on this device does
// (keyslot.UpdateStaff). A deleted record refuses them (*RemovedError).
//
// The key file's last administrator (lastAdmin) is neither refused nor
// lowered, as keyslot.ErrLastAdministrator says: a device with no
// administrator could not add or reset anyone again.
func SignInRole(u keyslot.Member, rec domain.Staff, found, lastAdmin bool) (domain.Staff, error) {
	st := domain.Staff{ID: u.ID, Name: u.Name, Role: u.Role}
	if !found || lastAdmin && u.Role == domain.RoleAdministrator {
		return st, nil
	}
	if rec.Deleted {
		return domain.Staff{}, &RemovedError{Name: u.Name}
	}
	st.Role = access.SignInRole(u.Role, rec.Role)
	return st, nil
}

// IsRemoved reports whether err is SignInRole's refusal.
func IsRemoved(err error) bool {
	var r *RemovedError
	return errors.As(err, &r)
}

// RemovalKeys is what SyncRemovals needs from the key file (*keyslot.File
// has it).
type RemovalKeys interface {
	Members() []keyslot.Member
	RemoveStaff(admin *keyslot.Unlocked, staffID string) error
	UpdateStaff(admin *keyslot.Unlocked, m keyslot.Member) error
}

// SyncRemovals brings the key file's slots in line with what an
// administrator did to staff records elsewhere, acting as whoever has the
// device unlocked (by) when that is an administrator (keyslot's rule for
// slots; otherwise it does nothing, and SignInRole still refuses or lowers
// at each sign-in): the slot of someone whose record was deleted goes, and
// a role the record lowers is lowered here (one within the slot's:
// access.Within). A raised role, or one neither above nor below, is left
// as it is (SignInRole). The last administrator stays (keyslot.ErrLastAdministrator
// is not an error here). It returns how many slots changed.
func SyncRemovals(keys RemovalKeys, by *keyslot.Unlocked, staff []domain.Staff) (int, error) {
	if by == nil || by.Role != domain.RoleAdministrator {
		return 0, nil
	}
	records := map[string]domain.Staff{}
	for _, st := range staff {
		records[st.ID] = st
	}
	changed := 0
	var errs []error
	for _, m := range keys.Members() {
		rec, ok := records[m.ID]
		if !ok || m.ID == by.ID {
			continue // the administrator using the device: at their next sign-in
		}
		var err error
		switch {
		case rec.Deleted:
			err = keys.RemoveStaff(by, m.ID)
		case rec.Role != m.Role && access.Within(rec.Role, m.Role):
			err = keys.UpdateStaff(by, keyslot.Member{ID: m.ID, Name: m.Name, Role: rec.Role})
		default:
			continue
		}
		switch {
		case err == nil:
			changed++
		case !errors.Is(err, keyslot.ErrLastAdministrator):
			errs = append(errs, err)
		}
	}
	return changed, errors.Join(errs...)
}
