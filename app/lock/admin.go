package lock

import (
	"errors"

	"github.com/gather-sp/gather/keyslot"
)

// Admin manages who may unlock the device, acting as whoever unlocked it
// now; it has the shape of the app's StaffKeys. Every change fails once the
// device has locked (Current returns nil).
type Admin struct {
	File    *keyslot.File
	Current func() *keyslot.Unlocked // the gate's Current
}

// ErrDeviceLocked: the change needs an administrator, and the device locked.
var ErrDeviceLocked = errors.New("the device locked: unlock it and try again")

// Members lists the staff on the key file.
func (a Admin) Members() []keyslot.Member { return a.File.Members() }

// Status is one staff member's wrong PINs and lockout.
func (a Admin) Status(id string) (keyslot.Status, error) { return a.File.Status(id) }

// MinPINLength is the shortest PIN the key file accepts.
func (a Admin) MinPINLength() int { return keyslot.DefaultMinPINLength }

// AddStaff gives a new staff member a PIN on this device.
func (a Admin) AddStaff(m keyslot.Member, pin string) error {
	return a.as(func(u *keyslot.Unlocked) error { return a.File.AddStaff(u, m, pin) })
}

// UpdateStaff changes a staff member's name or role.
func (a Admin) UpdateStaff(m keyslot.Member) error {
	return a.as(func(u *keyslot.Unlocked) error { return a.File.UpdateStaff(u, m) })
}

// RemoveStaff takes a staff member's PIN off this device.
func (a Admin) RemoveStaff(id string) error {
	return a.as(func(u *keyslot.Unlocked) error { return a.File.RemoveStaff(u, id) })
}

// ResetPIN sets a new PIN for someone who forgot theirs.
func (a Admin) ResetPIN(id, pin string) error {
	return a.as(func(u *keyslot.Unlocked) error { return a.File.ResetPIN(u, id, pin) })
}

// ClearLockout lets a locked-out staff member try again.
func (a Admin) ClearLockout(id string) error {
	return a.as(func(u *keyslot.Unlocked) error { return a.File.ClearLockout(u, id) })
}

func (a Admin) as(f func(*keyslot.Unlocked) error) error {
	u := a.Current()
	if u == nil {
		return ErrDeviceLocked
	}
	return f(u)
}
