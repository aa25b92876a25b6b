package paper

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// Printouts name people, so on a computer others use they are kept from
// them: files readable and writable by their owner only, and folders Gather
// makes open to their owner only.
const (
	FileMode fs.FileMode = 0o600
	DirMode  fs.FileMode = 0o700
)

// WriteFile writes a printout to path, readable by its owner only: into a
// temporary file beside it, renamed into place once complete, so a failure
// never leaves half a PDF and an existing file of that name (even one
// others could read) is replaced, not written into. Missing folders are
// made with DirMode.
func WriteFile(path string, write func(w io.Writer) error) (err error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, DirMode); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.part")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if err := f.Chmod(FileMode); err != nil && !errors.Is(err, errors.ErrUnsupported) {
		return err
	}
	if err := write(f); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("paper: saving %s: %w", filepath.Base(path), err)
	}
	return nil
}

// PrivateDir makes Gather's own printouts folder (and any missing parents)
// with DirMode, and takes away other people's access to it if it already
// lets them in: the names of printouts name people too. Use it only for a
// folder Gather chose and named, never for one a person picked.
func PrivateDir(dir string) error {
	if err := os.MkdirAll(dir, DirMode); err != nil {
		return err
	}
	st, err := os.Stat(dir)
	if err != nil {
		return err
	}
	if st.Mode().Perm()&0o077 != 0 {
		return os.Chmod(dir, st.Mode().Perm()&DirMode)
	}
	return nil
}
