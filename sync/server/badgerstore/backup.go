package badgerstore

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"

	"github.com/dgraph-io/badger/v4"

	"github.com/gather-sp/gather/sync/server"
)

// backupMagic starts a plain backup: one made by a store without a key,
// or by a version before backups were sealed. Restore still reads it.
const backupMagic = "GATHER-SERVER-BACKUP-1\n"

// Backup streams a full backup while the server runs. A store with a key
// writes it sealed with that key (EncryptedBackupMagic, atrest.go): Badger's
// own backup stream is plain even for an encrypted store.
func (d *DB) Backup(w io.Writer) error {
	if d.key == nil {
		if _, err := io.WriteString(w, backupMagic); err != nil {
			return err
		}
		return d.snapshot(w)
	}
	sw, err := newSealWriter(w, d.key)
	if err != nil {
		return err
	}
	if err := d.snapshot(sw); err != nil {
		return err
	}
	return sw.Close()
}

// snapshot writes Badger's backup stream of one moment of the store.
// DB.Backup streams with several goroutines, each reading in its own
// transaction opened when it starts (badger stream.go, produceKVs), so a
// backup taken while devices push could pair a log with an older meta
// sequence or a device ahead of its data. One goroutine reads every range
// in one transaction.
func (d *DB) snapshot(w io.Writer) error {
	st := d.db.NewStream()
	st.NumGo = 1
	st.LogPrefix = "gather-server backup"
	_, err := st.Backup(w, 0)
	return err
}

// Restore fills an empty data folder from a backup and gives it a new
// epoch, so every device re-pulls what it may see and pushes back whatever
// the backup lacks. opts (at most one) gives the key: the restored store is
// encrypted with it, and a sealed backup is opened with it. A plain backup
// may be restored with or without a key.
func Restore(dir string, r io.Reader, opts ...Options) error {
	var key []byte
	if len(opts) > 0 {
		key = opts[0].EncryptionKey
	}
	if key != nil && len(key) != KeySize {
		return fmt.Errorf("the server key must be %d bytes, not %d", KeySize, len(key))
	}
	dbDir := filepath.Join(dir, "db")
	if entries, err := os.ReadDir(dbDir); err == nil && len(entries) > 0 {
		return fmt.Errorf("restore needs an empty data folder; %s already holds a store", dir)
	}
	magic := make([]byte, len(backupMagic))
	if _, err := io.ReadFull(r, magic); err != nil {
		return errors.New("this file is not a gather-server backup")
	}
	var in io.Reader
	switch string(magic) {
	case backupMagic:
		in = r
	case EncryptedBackupMagic:
		or, err := newOpenReader(r, key)
		if err != nil {
			return err
		}
		in = or
	default:
		return errors.New("this file is not a gather-server backup")
	}
	// The store is made beside the data's place and moved there only once
	// whole: a restore killed part-way (a power cut, Ctrl-C) leaves a
	// folder nobody opens, which the next restore clears, instead of a
	// partial store that serve would open and devices would fill anew.
	work := dbDir + ".restoring"
	if err := os.RemoveAll(work); err != nil {
		return err
	}
	bo := badger.DefaultOptions(work).WithLogger(quietLogger{}).WithSyncWrites(true)
	if key != nil {
		bo = bo.WithEncryptionKey(key).WithIndexCacheSize(64 << 20)
	}
	db, err := badger.Open(bo)
	if err != nil {
		return err
	}
	err = loadBackup(db, in)
	if err == nil {
		// Load stops at the end of Badger's stream; a sealed file must
		// also end there, with its last frame.
		_, err = io.Copy(io.Discard, in)
	}
	if err == nil {
		// A new epoch, and no enrolment code: one used after the backup
		// was taken would otherwise connect another device (as
		// server.Store.RotateEpoch does).
		err = db.Update(func(txn *badger.Txn) error {
			if err := deleteCodes(txn); err != nil {
				return err
			}
			return txn.Set(metaKey("epoch"), []byte(server.NewEpoch()))
		})
	}
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.RemoveAll(work)
		if errors.Is(err, ErrBackupCut) || errors.Is(err, errBackupTrailer) {
			return err
		}
		return fmt.Errorf("the backup is damaged: %w", err)
	}
	if err := os.Remove(dbDir); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err // an empty db folder, checked above, is in the way
	}
	if err := os.Rename(work, dbDir); err != nil {
		return err
	}
	return syncDir(dir)
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && runtime.GOOS != "windows" {
		return err
	}
	return nil
}

// loadBackup runs Badger's Load, which panics on some damaged input.
func loadBackup(db *badger.DB, r io.Reader) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%v", p)
		}
	}()
	return db.Load(r, 256)
}
