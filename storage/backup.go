package storage

import (
	"fmt"
	"io"
	"os"

	"github.com/dgraph-io/badger/v4"
)

// backupMagic starts every backup file, so a restore can tell a Gather
// backup from any other file before handing it to Badger.
const backupMagic = "GATHER-BACKUP-1\n"

// Backup writes a full backup of the store to w as a single stream.
func (s *Store) Backup(w io.Writer) error {
	if _, err := io.WriteString(w, backupMagic); err != nil {
		return fmt.Errorf("storage: backup: %w", err)
	}
	_, err := s.db.Backup(w, 0)
	if err != nil {
		return fmt.Errorf("storage: backup: %w", err)
	}
	return nil
}

// Restore creates a store in dir (which must be empty or missing) from a
// backup made by Backup.
func Restore(dir string, r io.Reader, opts Options) error {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return fmt.Errorf("storage: restore needs an empty folder; %s has files in it", dir)
	}
	magic := make([]byte, len(backupMagic))
	if _, err := io.ReadFull(r, magic); err != nil || string(magic) != backupMagic {
		return fmt.Errorf("storage: restore: this file is not a Gather backup")
	}
	bo := badger.DefaultOptions(dir).WithLogger(quietLogger{}).WithSyncWrites(true)
	if opts.EncryptionKey != nil {
		bo = bo.WithEncryptionKey(opts.EncryptionKey).WithIndexCacheSize(16 << 20)
	}
	db, err := badger.Open(bo)
	if err != nil {
		return openError(dir, err)
	}
	if err := load(db, r); err != nil {
		db.Close()
		os.RemoveAll(dir)
		return fmt.Errorf("storage: restore: the backup is damaged: %w", err)
	}
	return db.Close()
}

// load runs Badger's Load, which panics on some damaged input.
func load(db *badger.DB, r io.Reader) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%v", p)
		}
	}()
	return db.Load(r, 256)
}
