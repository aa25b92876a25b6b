package keyslot

// A key file may travel inside a device backup (package device): it is
// safe there, as every copy of the data key in it is wrapped by a staff
// PIN. These read such a copy from memory and write nothing.

// MembersIn lists the staff on a key file held in memory (b, as read from
// a backup), sorted by name, or ErrCorrupt.
func MembersIn(b []byte) ([]Member, error) {
	data, err := decode(b)
	if err != nil {
		return nil, err
	}
	return (&File{data: data}).Members(), nil
}

// LastAdministratorIn is File.LastAdministrator for a key file held in
// memory (b, as read from a backup); false if it cannot be read.
func LastAdministratorIn(b []byte, staffID string) bool {
	data, err := decode(b)
	if err != nil {
		return false
	}
	return (&File{data: data}).LastAdministrator(staffID)
}

// UnlockCopy tries a staff member's PIN on a key file held in memory, and
// returns the data key as Unlock does. Nothing is written, so nothing
// counts the attempt: it is for a copy that is thrown away unless the PIN
// is right (a backup being restored). Whoever holds a copy of a key file
// can try PINs on it anyway; Argon2id's cost is what slows them down. A
// slot that was locked when the copy was made stays locked.
func UnlockCopy(b []byte, staffID, pin string) (*Unlocked, error) {
	data, err := decode(b)
	if err != nil {
		return nil, err
	}
	for i := range data.Slots {
		s := &data.Slots[i]
		if s.Staff != staffID {
			continue
		}
		if s.Failures >= (Lockout{}).maxFailures() {
			return nil, ErrLockedOut
		}
		o, ok := open(s, pin, true, false)
		if !ok {
			return nil, ErrWrongPIN
		}
		key := o.key
		if !macEqual(tableMAC(key, data.Slots), data.MAC) {
			wipe(key)
			wipe(o.backupKey)
			return nil, ErrTampered
		}
		return &Unlocked{Member: s.member(), PriorFailures: s.Failures, LastFailure: s.LastFailure, key: key, backupKey: o.backupKey}, nil
	}
	return nil, ErrWrongPIN
}
