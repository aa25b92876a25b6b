package keyslot

import (
	"fmt"
	"os"
	"path/filepath"
)

// writeAtomic replaces path with b so that a crash leaves either the old
// file or the new one, never a torn one: write a temp file in the same
// folder, fsync it, rename it over path, fsync the folder. With create it
// refuses to replace an existing file.
func writeAtomic(path string, b []byte, create bool) (err error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("keyslot: cannot write the key file: %w", err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err = tmp.Chmod(0o600); err != nil {
		return fmt.Errorf("keyslot: cannot write the key file: %w", err)
	}
	if _, err = tmp.Write(b); err != nil {
		return fmt.Errorf("keyslot: cannot write the key file: %w", err)
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("keyslot: cannot write the key file: %w", err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("keyslot: cannot write the key file: %w", err)
	}
	if create {
		// Link fails if path exists, where rename would silently replace it.
		if err = os.Link(tmp.Name(), path); err != nil {
			if os.IsExist(err) {
				return ErrExists
			}
			// Some file systems have no hard links; checking first is the
			// best they allow.
			if _, statErr := os.Stat(path); statErr == nil {
				return ErrExists
			}
			if err = os.Rename(tmp.Name(), path); err != nil {
				return fmt.Errorf("keyslot: cannot write the key file: %w", err)
			}
		} else {
			os.Remove(tmp.Name())
		}
	} else {
		// An update never brings back a key file that was destroyed (a
		// revoked device wiping itself) by another File on the same path.
		if _, statErr := os.Stat(path); os.IsNotExist(statErr) {
			os.Remove(tmp.Name())
			return ErrNotFound
		}
		if err = os.Rename(tmp.Name(), path); err != nil {
			return fmt.Errorf("keyslot: cannot write the key file: %w", err)
		}
	}
	syncDir(dir)
	return nil
}

// syncDir makes the rename itself durable. Some systems (Windows) cannot
// sync a folder; the rename is still atomic there.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
