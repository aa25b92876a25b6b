package keyslot

import "bytes"

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
		o, ok := open(s, pin, true, true)
		if !ok {
			return nil, ErrWrongPIN
		}
		key := o.key
		if !macEqual(tableMAC(key, data.Slots), data.MAC) {
			wipe(key)
			wipe(o.backupKey)
			return nil, ErrTampered
		}
		return &Unlocked{Member: s.member(), PriorFailures: s.Failures, LastFailure: s.LastFailure, key: key, backupKey: o.backupKey,
			newPair: o.pair, slotWrapped: s.Wrapped, slotPub: s.BackupPub}, nil
	}
	return nil, ErrWrongPIN
}

// AdoptBackupKey gives u's slot in f the backup key pair UnlockCopy made
// for it, when the copy u unlocked was of a slot from before backup keys
// (or whose pair its PIN did not open) and f is that copy put back (a
// restored device): otherwise the restored device's first backup would
// not open for whoever restored it until they unlocked it again. It does
// nothing if the slot has changed since, or already has a pair of its own.
func (f *File) AdoptBackupKey(u *Unlocked) error {
	u.mu.Lock()
	pair, wrapped, pub, key := u.newPair, u.slotWrapped, u.slotPub, append([]byte(nil), u.key...)
	u.mu.Unlock()
	defer wipe(key)
	if pair == nil {
		return nil
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	i := f.find(u.ID)
	if i < 0 || !bytes.Equal(f.data.Slots[i].Wrapped, wrapped) || !bytes.Equal(f.data.Slots[i].BackupPub, pub) {
		return nil
	}
	if !macEqual(tableMAC(key, f.data.Slots), f.data.MAC) {
		return ErrTampered
	}
	next := f.clone()
	next.Slots[i].BackupPub, next.Slots[i].BackupPriv = pair.Pub, pair.Priv
	next.MAC = tableMAC(key, next.Slots)
	return f.commit(next, false)
}
