// Package durable writes files that must survive a crash and must never
// replace what is there: key files and the key file a backup restores.
package durable

import (
	"os"
	"path/filepath"
)

// CreateNew writes b to a new file at path, readable by its owner only,
// and syncs the file and its folder before it returns. It fails with an
// error satisfying errors.Is(err, os.ErrExist) when path exists, and
// leaves no partial file behind on any other failure.
func CreateNew(path string, b []byte) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	_, err = f.Write(b)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return err
	}
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}
