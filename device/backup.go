package device

import (
	"bufio"
	"crypto/hkdf"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/gather-sp/gather/access"
	"github.com/gather-sp/gather/internal/durable"
	"github.com/gather-sp/gather/internal/sealed"
	"github.com/gather-sp/gather/keyslot"
	"github.com/gather-sp/gather/storage"
	"github.com/gather-sp/gather/sync/client"
)

// A device backup is one file holding everything a data folder needs to
// be put back on another machine: the key file, and the store sealed with
// a key of its own.
//
//	"GATHER-DEVICE-BACKUP-2\n"
//	4 bytes, big-endian: the length of the key file (at most 1 MiB)
//	the key file as it was on the device (every copy of the data key in
//	    it is wrapped by a staff PIN, so it is safe to carry)
//	4 bytes, big-endian: the length of the lock (at most 1 MiB)
//	the lock (keyslot.SealFileKey): a fresh file key sealed to the backup
//	    key of each member of staff who may restore the device
//	    (RestoreAction), from their slot in that key file
//	the store's backup stream (storage.Store.Backup, which is plain even
//	    for an encrypted store) sealed with a key derived from the file
//	    key and the data key, bound to all of the above (recordsKey;
//	    internal/sealed: AES-256-GCM in 64 KiB chunks, so a cut, changed
//	    or extended file, or a header put in front of other records, is
//	    refused)
//
// So the file opens with the PIN of someone who could restore the device
// when it was made, and with nothing else: not with the data key, which
// every PIN ever on the device released, so a PIN removed or changed
// before the backup was made does not open it, even with an earlier
// backup's key file (TestRemovedStaffsOldPINDoesNotOpenALaterBackup).
// And only someone who held the data key could have sealed it: the lock
// is sealed to public keys, which anyone with a copy of the key file has
// (TestBackupForgedWithoutAPINIsRefused).
//
// Version 1 ("GATHER-DEVICE-BACKUP-1\n", no lock, the store sealed with
// the data key) is still restored, with any PIN from when it was made.
const (
	BackupMagic   = "GATHER-DEVICE-BACKUP-2\n"
	backupMagicV1 = "GATHER-DEVICE-BACKUP-1\n"
)

// RestoreAction is who may back up a device and restore it: the people
// a backup's lock is sealed to.
const RestoreAction = access.ActionManageDevices

// maxKeyFile bounds the key file, and the lock, read from a backup before
// anything checks them.
const maxKeyFile = 1 << 20

// backupLabels keep a device backup apart from every other sealed stream
// (the server's backups), even one made with the same key; version 1's
// were sealed with the data key under their own.
var (
	backupLabels   = sealed.Labels{Seal: "gather device backup v2 seal", Check: "gather device backup v2 key check"}
	backupLabelsV1 = sealed.Labels{Seal: "gather device backup v1 seal", Check: "gather device backup v1 key check"}
)

// Errors about a backup file, in words an administrator can act on.
var (
	ErrNotBackup     = errors.New("this file is not a Gather device backup")
	ErrBackupDamaged = errors.New("the backup is damaged or cut short, so it was not restored; nothing was written. Use another copy of the backup")
	ErrNotEmpty      = errors.New("a backup is restored only into an empty data folder")
	ErrNewerBackup   = errors.New("this backup was made by a newer version of Gather than the one on this computer: install the newest Gather here, then restore it again. Nothing was written, and the backup is not damaged: keep it")
)

// recordsKey is the key a version 2 backup's records are sealed with: the
// file key, which only the lock releases, with the data key, which only a
// PIN of the device releases (as version 1 needed), bound to the header
// before the records (head: magic, key file and lock, with their lengths).
// The lock alone is no proof: it is sealed to public keys, which anyone
// with a copy of the key file can seal a file key of their own to.
func recordsKey(fileKey, dataKey, head []byte) ([]byte, error) {
	h := sha256.Sum256(head)
	secret := append(append(make([]byte, 0, len(fileKey)+len(dataKey)), fileKey...), dataKey...)
	defer wipe(secret)
	return hkdf.Key(sha256.New, secret, h[:], "gather device backup v2 records key", sealed.KeySize)
}

// wipe zeroes key material once it is used.
func wipe(b []byte) {
	for i := range b {
		b[i] = 0
	}
}

// WriteBackup writes a backup of the device to w: its key file, and the
// open store st sealed with a fresh file key, itself sealed to everyone
// who may restore the device (key is the data key, from the staff member
// who unlocked it, which checks the key file's table first). The store
// stays open and in use; the backup is a consistent snapshot of it. It
// returns who can open the backup, and who may restore but cannot yet
// (keyslot.FileKey's To and NotYet).
func WriteBackup(w io.Writer, p Paths, st *storage.Store, key []byte) (to, notYet []keyslot.Member, err error) {
	kf, err := os.ReadFile(p.Keys)
	if err != nil {
		return nil, nil, fmt.Errorf("cannot read this device's key file: %w", err)
	}
	if len(kf) > maxKeyFile {
		return nil, nil, fmt.Errorf("this device's key file %s is too large to back up", p.Keys)
	}
	// A key file that cannot be read would only be found out at the
	// restore, when the device it came from may be gone.
	if _, err := keyslot.MembersIn(kf); err != nil {
		return nil, nil, fmt.Errorf("this device's key file cannot be read: %w", err)
	}
	fk, err := keyslot.SealFileKey(kf, key, func(role string) bool { return access.CanDo(role, RestoreAction) })
	if errors.Is(err, keyslot.ErrNoBackupKey) {
		return nil, nil, err // says what to do
	}
	if err != nil {
		return nil, nil, fmt.Errorf("cannot back up this device: %w", err)
	}
	defer fk.Forget()
	head := backupHead(kf, fk.Lock)
	if _, err := w.Write(head); err != nil {
		return nil, nil, err
	}
	rk, err := recordsKey(fk.Key, key, head)
	if err != nil {
		return nil, nil, err
	}
	sw, err := sealed.NewWriter(w, rk, backupLabels)
	wipe(rk)
	if err != nil {
		return nil, nil, err
	}
	bw := bufio.NewWriterSize(sw, 64<<10)
	if err := st.Backup(bw); err != nil {
		return nil, nil, err
	}
	if err := bw.Flush(); err != nil {
		return nil, nil, err
	}
	return fk.To, fk.NotYet, sw.Close()
}

// backupHead is what a version 2 backup holds before its records.
func backupHead(keyFile, lock []byte) []byte {
	head := make([]byte, 0, len(BackupMagic)+8+len(keyFile)+len(lock))
	head = append(head, BackupMagic...)
	head = binary.BigEndian.AppendUint32(head, uint32(len(keyFile)))
	head = append(head, keyFile...)
	head = binary.BigEndian.AppendUint32(head, uint32(len(lock)))
	return append(head, lock...)
}

// Backup is a backup file opened up to its records: who can restore it.
type Backup struct {
	keyFile []byte
	lock    []byte          // nil in a version 1 backup
	holders map[string]bool // whom lock is sealed to
	r       io.Reader       // positioned at the sealed records
}

// OpenBackup reads the header, key file and lock of a backup from r.
func OpenBackup(r io.Reader) (*Backup, error) {
	magic := make([]byte, len(BackupMagic))
	if _, err := io.ReadFull(r, magic); err != nil || string(magic) != BackupMagic && string(magic) != backupMagicV1 {
		if err == nil && strings.HasPrefix(string(magic), BackupMagic[:len(BackupMagic)-2]) {
			return nil, ErrNewerBackup // "GATHER-DEVICE-BACKUP-3\n", say
		}
		if err == nil && string(magic[:len("GATHER-")]) == "GATHER-" {
			return nil, fmt.Errorf("%w (it is another kind of Gather file, or one made by a newer version of Gather)", ErrNotBackup)
		}
		if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, fmt.Errorf("cannot read the backup: %w", err)
		}
		return nil, ErrNotBackup
	}
	kf, err := readPart(r)
	if err != nil {
		return nil, err
	}
	if _, err := keyslot.MembersIn(kf); errors.Is(err, keyslot.ErrNewer) {
		return nil, ErrNewerBackup
	} else if err != nil {
		return nil, ErrBackupDamaged
	}
	b := &Backup{keyFile: kf, r: r}
	if string(magic) == backupMagicV1 {
		return b, nil
	}
	if b.lock, err = readPart(r); err != nil {
		return nil, err
	}
	ids, err := keyslot.LockHolders(b.lock)
	if errors.Is(err, keyslot.ErrNewer) {
		return nil, ErrNewerBackup
	} else if err != nil {
		return nil, ErrBackupDamaged
	}
	b.holders = make(map[string]bool, len(ids))
	for _, id := range ids {
		b.holders[id] = true
	}
	return b, nil
}

// readPart reads one length-prefixed part of a backup's header.
func readPart(r io.Reader) ([]byte, error) {
	var n [4]byte
	if _, err := io.ReadFull(r, n[:]); err != nil {
		return nil, ErrBackupDamaged
	}
	size := binary.BigEndian.Uint32(n[:])
	if size == 0 || size > maxKeyFile {
		return nil, ErrBackupDamaged
	}
	b := make([]byte, size)
	if _, err := io.ReadFull(r, b); err != nil {
		return nil, ErrBackupDamaged
	}
	return b, nil
}

// Members are the staff whose PINs open the backup: those who could
// restore the device when it was made (of a version 1 backup, everyone
// on the device then).
func (b *Backup) Members() []keyslot.Member {
	m, _ := keyslot.MembersIn(b.keyFile) // checked by OpenBackup
	if b.lock == nil {
		return m
	}
	out := m[:0]
	for _, x := range m {
		if b.holders[x.ID] {
			out = append(out, x)
		}
	}
	return out
}

// KeyFile is the key file in the backup, as it was on the device: every
// member of staff on it then, whether or not the backup opens for them.
func (b *Backup) KeyFile() []byte { return b.keyFile }

// Unlock checks a staff member's PIN against the backup's key file. It
// writes nothing, and nothing counts a wrong PIN (see keyslot.UnlockCopy).
// Someone the backup is not sealed to is told their PIN does not open it
// before it is tried.
func (b *Backup) Unlock(staffID, pin string) (*keyslot.Unlocked, error) {
	if b.lock != nil && !b.holders[staffID] {
		return nil, keyslot.ErrNotInLock
	}
	u, err := keyslot.UnlockCopy(b.keyFile, staffID, pin)
	if errors.Is(err, keyslot.ErrTampered) || errors.Is(err, keyslot.ErrCorrupt) {
		return nil, ErrBackupDamaged
	}
	return u, err
}

// LastAdministrator reports whether staffID is the only administrator in
// the backup's key file (keyslot.File.LastAdministrator).
func (b *Backup) LastAdministrator(staffID string) bool {
	return keyslot.LastAdministratorIn(b.keyFile, staffID)
}

// CheckEmpty says whether a backup may be restored into p: only into a
// data folder that holds no records, so a restore can never mix with or
// replace a device's records. What Gather leaves behind once a device
// holds none is no obstacle (leftBehind): after "Put them aside" the
// window has no other folder to offer.
func CheckEmpty(p Paths) error {
	entries, err := os.ReadDir(p.Dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("cannot read the folder %s: %w", p.Dir, err)
	}
	for _, e := range entries {
		if !leftBehind(p, e) {
			return fmt.Errorf("%w; %s already holds files (%s): choose a new folder", ErrNotEmpty, p.Dir, e.Name())
		}
	}
	return nil
}

// leftBehind reports whether e, in the data folder, is something a restore
// may sit beside: records set aside (SetAsideStore), the mark a wipe
// leaves (which the restored window clears), or an empty store folder.
func leftBehind(p Paths, e fs.DirEntry) bool {
	path := filepath.Join(p.Dir, e.Name())
	switch {
	case e.IsDir() && strings.HasPrefix(e.Name(), setAsidePrefix):
		return true
	case !e.IsDir() && path == p.Wiped:
		return true
	case e.IsDir() && path == p.Store:
		inside, err := os.ReadDir(path)
		return err == nil && len(inside) == 0
	}
	return false
}

// RestoreInto puts the backup's store and key file into the empty data
// folder p, once u (from Unlock) has opened its key file. The store comes
// first and the key file last, so a restore that fails part-way leaves no
// key file, and the folder is emptied again: the device is not set up, and
// the restore can be tried again. A damaged or cut file is refused with
// ErrBackupDamaged.
//
// admit, if not nil, is given the restored records before the key file is
// written, and its error refuses the restore as any failure does (the
// folder emptied again): who may restore can depend on what the records
// say of them (their staff record), which nothing can read sooner.
//
// The restored device is the same device to the server, with the same
// token: the server recognises a store put back from an earlier copy by
// its queue and has it send everything again under new numbers (see
// sync/server/incarnation.go), so nothing made after the restore is lost.
// The device the backup came from must not be used alongside it. If an
// administrator revoked that device, the restored one keeps its records
// until it is connected again (markRestored).
func (b *Backup) RestoreInto(p Paths, u *keyslot.Unlocked, admit func(*storage.Store) error) (err error) {
	if err := CheckEmpty(p); err != nil {
		return err
	}
	madeDir := false
	if _, statErr := os.Stat(p.Dir); errors.Is(statErr, fs.ErrNotExist) {
		madeDir = true
	}
	if err := os.MkdirAll(p.Dir, 0o700); err != nil {
		return fmt.Errorf("cannot make the folder %s: %w", p.Dir, err)
	}
	defer func() {
		if err != nil {
			os.Remove(p.Keys)
			os.RemoveAll(p.Store)
			if madeDir {
				os.Remove(p.Dir)
			}
		}
	}()
	key := u.Key()
	recKey, labels := key, backupLabelsV1
	if b.lock != nil {
		fileKey, err := u.OpenFileKey(b.lock)
		if err != nil {
			// The PIN opened the key file, and the lock names them: the
			// lock was not sealed with that key file.
			return ErrBackupDamaged
		}
		recKey, err = recordsKey(fileKey, key, backupHead(b.keyFile, b.lock))
		wipe(fileKey)
		if err != nil {
			return err
		}
		defer wipe(recKey)
		labels = backupLabels
	}
	sr, err := sealed.NewReader(b.r, recKey, labels)
	if err != nil {
		// The PIN opened the key file (and the lock), so its key is
		// right: the records are not the ones it was written with, or
		// not by someone who held the data key.
		return ErrBackupDamaged
	}
	if err := storage.Restore(p.Store, sr, storage.Options{EncryptionKey: key}); err != nil {
		if errors.Is(sr.Err(), sealed.ErrCut) || errors.Is(sr.Err(), sealed.ErrTrailer) {
			return ErrBackupDamaged
		}
		return fmt.Errorf("%w (%v)", ErrBackupDamaged, err)
	}
	// Badger's stream has ended; the file must end with it, with its last
	// sealed frame and nothing after.
	if _, err := io.Copy(io.Discard, sr); err != nil {
		return ErrBackupDamaged
	}
	if err := markRestored(p, key, admit); err != nil {
		return err
	}
	if err := durable.CreateNew(p.Keys, b.keyFile); err != nil {
		return fmt.Errorf("cannot write the key file: %w", err)
	}
	// A slot from before backup keys gets its pair at an unlock on the
	// device: the restore was one, so the restored device's first backup
	// opens for whoever restored it. The restore is whole without it;
	// failing, the pair comes at their next unlock.
	if kf, err := keyslot.Open(p.Keys, keyslot.Options{}); err == nil {
		_ = kf.AdoptBackupKey(u)
	}
	return nil
}

// markRestored notes in the restored store that it came from a backup
// (client.MetaRestored), before the key file makes the restore whole: until
// it has synced, hearing that its device was revoked does not wipe it, as
// the backup may hold what nothing else does (client.MustWipe says why).
// admit (RestoreInto's) looks at the records first.
func markRestored(p Paths, key []byte, admit func(*storage.Store) error) error {
	st, err := storage.Open(p.Store, storage.Options{EncryptionKey: key})
	if err != nil {
		return fmt.Errorf("%w (%v)", ErrBackupDamaged, err)
	}
	if admit != nil {
		if err := admit(st); err != nil {
			st.Close()
			return err
		}
	}
	if err := st.SetMeta(map[string][]byte{client.MetaRestored: []byte("1")}); err != nil {
		st.Close()
		return fmt.Errorf("cannot note the restore in the records: %w", err)
	}
	return st.Close()
}
