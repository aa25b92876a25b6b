package lock

import (
	"errors"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/keyslot"
)

// InviteKeys is what SyncInvites needs from the key file (*keyslot.File
// has it).
type InviteKeys interface {
	Members() []keyslot.Member
	Invited() []keyslot.Member
	InvitedWith(staffID string) (keyslot.Invite, bool)
	AddInvite(by *keyslot.Unlocked, m keyslot.Member, inv keyslot.Invite) error
	RemoveInvite(by *keyslot.Unlocked, staffID string) error
}

// SyncInvites brings the device's pending slots in line with the staff
// records it holds, acting as whoever has it unlocked (by): each staff
// member known here (domain.StaffKnownAt) with a setup code and no PIN
// here gets a pending slot for it; one whose record was deleted, whose
// code was withdrawn or replaced, or who no longer works here loses it.
// It returns how many were added. Run it after each unlock and each sync
// while the device is unlocked; with nobody unlocked it does nothing.
func SyncInvites(keys InviteKeys, by *keyslot.Unlocked, staff []domain.Staff, org bool, venues []string) (int, error) {
	if by == nil {
		return 0, nil
	}
	hasPIN := map[string]bool{}
	for _, m := range keys.Members() {
		hasPIN[m.ID] = true
	}
	wanted := map[string]bool{}
	added := 0
	var errs []error
	for _, st := range staff {
		inv, ok := keyslot.ParseInvite(st.Invite)
		if !ok || hasPIN[st.ID] || !domain.StaffKnownAt(st, org, venues) {
			continue
		}
		wanted[st.ID] = true
		have, had := keys.InvitedWith(st.ID)
		// AddInvite does nothing for the invite already here, unless their
		// name or role changed since.
		err := keys.AddInvite(by, keyslot.Member{ID: st.ID, Name: st.Name, Role: st.Role}, inv)
		switch {
		case err == nil:
			if !had || have.String() != inv.String() {
				added++
			}
		case errors.Is(err, keyslot.ErrInviteExpired), errors.Is(err, keyslot.ErrStaffExists):
			delete(wanted, st.ID)
		default:
			errs = append(errs, err)
		}
	}
	for _, m := range keys.Invited() {
		if !wanted[m.ID] {
			if err := keys.RemoveInvite(by, m.ID); err != nil {
				errs = append(errs, err)
			}
		}
	}
	return added, errors.Join(errs...)
}
