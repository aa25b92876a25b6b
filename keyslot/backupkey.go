package keyslot

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"unicode/utf8"

	"golang.org/x/crypto/chacha20poly1305"
	"golang.org/x/crypto/curve25519"
	"golang.org/x/crypto/nacl/box"
)

// Backup keys: a device backup must open only with a PIN of someone who
// could restore it when it was made, never with one taken off the device
// before (docs/security.md). Every slot wraps the same data key, so the
// data key cannot seal a backup: a PIN removed on Monday, with Monday's
// key file, still releases it on Friday. So each slot also holds an
// X25519 key pair of its own: the public half in the clear (in the table
// MAC), the private half sealed under the same PIN-derived key as the
// data key. A backup is sealed with a fresh file key, and the file key
// is sealed to the public key of each slot that may restore it
// (SealFileKey), which needs no PIN. A PIN removed, changed or reset
// since leaves no slot whose private key opens a later backup.
//
// Slots made before backup keys get their pair at their owner's next
// unlock (finishAttempt): the unlock has just derived the key that seals
// it. Until then that person cannot open a new backup. So does a slot
// whose pair does not open with its PIN: the table's MAC is keyed from
// the data key, which every PIN releases, so anyone on the device who can
// write the file could have put in their own public key; until its
// owner's next unlock, backups are sealed to that key.

const (
	backupPubLen  = curve25519.PointSize
	backupPrivLen = chacha20poly1305.NonceSizeX + curve25519.ScalarSize + chacha20poly1305.Overhead
)

// backupPair is a slot's backup key pair: Pub, and Priv sealed under the
// slot's PIN-derived key.
type backupPair struct{ Pub, Priv []byte }

// backupKeyData binds a slot's sealed private key to its staff id and
// public key, apart from the data key's own sealing.
func backupKeyData(staffID string, pub []byte) []byte {
	return append(append([]byte("gather keyslot backup key v1\x00"), pub...), staffID...)
}

// newBackupPair makes a key pair and seals its private half with kek.
func newBackupPair(kek []byte, staffID string) (backupPair, error) {
	pub, priv, err := box.GenerateKey(rand.Reader)
	if err != nil {
		return backupPair{}, err
	}
	defer wipe(priv[:])
	aead, err := chacha20poly1305.NewX(kek)
	if err != nil {
		return backupPair{}, err
	}
	nonce := make([]byte, chacha20poly1305.NonceSizeX, backupPrivLen)
	if _, err := rand.Read(nonce); err != nil {
		return backupPair{}, err
	}
	return backupPair{Pub: pub[:], Priv: aead.Seal(nonce, nonce, priv[:], backupKeyData(staffID, pub[:]))}, nil
}

// openBackupKey unseals slot s's private backup key with kek, checking
// that it is the private half of s's public key; nil for a slot made
// before backup keys, or one whose pair does not open.
func openBackupKey(s *slotData, kek []byte) []byte {
	if len(s.BackupPub) == 0 {
		return nil
	}
	aead, err := chacha20poly1305.NewX(kek)
	if err != nil {
		return nil
	}
	n := chacha20poly1305.NonceSizeX
	priv, err := aead.Open(nil, s.BackupPriv[:n], s.BackupPriv[n:], backupKeyData(s.Staff, s.BackupPub))
	if err != nil {
		return nil
	}
	if pub, err := curve25519.X25519(priv, curve25519.Basepoint); err != nil || !bytes.Equal(pub, s.BackupPub) {
		wipe(priv)
		return nil
	}
	return priv
}

// validateBackupPair checks a slot's pair has the shape one is made with:
// both halves, or neither (a slot made before backup keys).
func (s *slotData) validateBackupPair() error {
	if len(s.BackupPub) == 0 && len(s.BackupPriv) == 0 {
		return nil
	}
	if len(s.BackupPub) != backupPubLen || len(s.BackupPriv) != backupPrivLen {
		return corrupt("bad backup key for staff %q", s.Staff)
	}
	return nil
}

// The lock a backup carries: the file key sealed to each slot that may
// restore it.
const (
	lockFormat  = "gather-backup-lock"
	lockVersion = 1
	maxLockSize = 1 << 20
	fileKeyLen  = 32
)

type lockData struct {
	Format  string      `json:"format"`
	Version int         `json:"version"`
	Entries []lockEntry `json:"entries"`
}

// lockEntry is the file key sealed (an anonymous NaCl box) to one staff
// member's backup public key.
type lockEntry struct {
	Staff  string `json:"staff"`
	Sealed []byte `json:"sealed"`
}

// Errors about a backup's lock, in words a person can act on.
var (
	// ErrNoBackupKey: nobody who may restore a backup has a backup key
	// yet (their slots were made before backup keys, and they have not
	// unlocked since).
	ErrNoBackupKey = errors.New("nobody who may restore a backup has unlocked this device since Gather was updated, " +
		"so a backup could not be opened by anyone: lock the device, unlock it with an administrator's PIN and back up again")
	// ErrNotInLock: the staff member's PIN does not open this backup,
	// though it may open the key file in it: they could not restore the
	// device when the backup was made.
	ErrNotInLock = errors.New("this PIN does not open this backup")
)

// FileKey is a backup's file key, sealed for whoever may restore it.
type FileKey struct {
	Lock []byte // to write in the backup
	Key  []byte // to seal the backup with; Forget it once done
	// To are those the lock opens for; NotYet, those who may restore but
	// whose slots were made before backup keys and who have not unlocked
	// the device since, so it does not open for them.
	To, NotYet []Member
}

// Forget zeroes the file key, once the backup is sealed with it.
func (k *FileKey) Forget() { wipe(k.Key) }

// SealFileKey makes a fresh file key for a backup of the device whose key
// file is keyFile, and seals it to every slot whose role restores (and
// which has a backup key). dataKey, from whoever unlocked the device,
// first checks the table: a public key swapped into the file by someone
// without the data key would otherwise receive every later backup.
func SealFileKey(keyFile, dataKey []byte, restores func(role string) bool) (*FileKey, error) {
	data, err := decode(keyFile)
	if err != nil {
		return nil, err
	}
	if !macEqual(tableMAC(dataKey, data.Slots), data.MAC) {
		return nil, ErrTampered
	}
	fk := &FileKey{Key: make([]byte, fileKeyLen)}
	if _, err := rand.Read(fk.Key); err != nil {
		return nil, err
	}
	l := lockData{Format: lockFormat, Version: lockVersion}
	for _, s := range data.Slots {
		switch {
		case !restores(s.Role):
			continue
		case len(s.BackupPub) == 0:
			fk.NotYet = append(fk.NotYet, s.member())
			continue
		}
		sealed, err := box.SealAnonymous(nil, fk.Key, (*[32]byte)(s.BackupPub), rand.Reader)
		if err != nil {
			wipe(fk.Key)
			return nil, err
		}
		l.Entries = append(l.Entries, lockEntry{Staff: s.Staff, Sealed: sealed})
		fk.To = append(fk.To, s.member())
	}
	if len(l.Entries) == 0 {
		wipe(fk.Key)
		return nil, ErrNoBackupKey
	}
	if fk.Lock, err = json.Marshal(l); err != nil {
		wipe(fk.Key)
		return nil, err
	}
	byName := func(m []Member) {
		sort.SliceStable(m, func(i, j int) bool { return m[i].Name < m[j].Name })
	}
	byName(fk.To)
	byName(fk.NotYet)
	return fk, nil
}

// LockHolders lists the staff ids a backup's lock (from SealFileKey) was
// sealed to, checking its shape; ErrCorrupt, or ErrNewer for a lock a
// newer Gather wrote.
func LockHolders(lock []byte) ([]string, error) {
	l, err := decodeLock(lock)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(l.Entries))
	for i, e := range l.Entries {
		out[i] = e.Staff
	}
	return out, nil
}

func decodeLock(b []byte) (*lockData, error) {
	return decodeStrict[lockData](b, maxLockSize, lockFormat, lockVersion, "backup lock")
}

func (l *lockData) formatVersion() (string, int) { return l.Format, l.Version }

// check validates a decoded lock.
func (l *lockData) check() error {
	switch {
	case l.Format != lockFormat:
		return corrupt("not a backup lock")
	case l.Version > lockVersion:
		return newerError{fmt.Sprintf("backup lock version %d", l.Version)}
	case l.Version != lockVersion:
		return corrupt("backup lock version %d is not supported", l.Version)
	case len(l.Entries) == 0 || len(l.Entries) > maxSlots:
		return corrupt("%d entries in the backup lock", len(l.Entries))
	}
	seen := make(map[string]bool, len(l.Entries))
	for _, e := range l.Entries {
		if e.Staff == "" || len(e.Staff) > maxIDLen || !utf8.ValidString(e.Staff) || seen[e.Staff] ||
			len(e.Sealed) != fileKeyLen+box.AnonymousOverhead {
			return corrupt("bad entry in the backup lock")
		}
		seen[e.Staff] = true
	}
	return nil
}

// OpenFileKey opens a backup's lock with the backup key u's PIN released
// from the key file in the same backup (UnlockCopy), and returns the file
// key. ErrNotInLock if the lock was not sealed to them, or not to the
// key they hold; ErrCorrupt for a lock that cannot be read.
func (u *Unlocked) OpenFileKey(lock []byte) ([]byte, error) {
	l, err := decodeLock(lock)
	if err != nil {
		return nil, err
	}
	u.mu.Lock()
	defer u.mu.Unlock()
	if len(u.backupKey) != curve25519.ScalarSize {
		return nil, ErrNotInLock
	}
	pub, err := curve25519.X25519(u.backupKey, curve25519.Basepoint)
	if err != nil {
		return nil, ErrNotInLock
	}
	for _, e := range l.Entries {
		if e.Staff != u.ID {
			continue
		}
		key, ok := box.OpenAnonymous(nil, e.Sealed, (*[32]byte)(pub), (*[32]byte)(u.backupKey))
		if !ok || len(key) != fileKeyLen {
			return nil, ErrNotInLock
		}
		return key, nil
	}
	return nil, ErrNotInLock
}
