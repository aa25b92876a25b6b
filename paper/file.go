package paper

import (
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/gather-sp/gather/internal/atomicfile"
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
// made with DirMode. (The rule is atomicfile's, shared by every file Gather
// saves for a person.)
func WriteFile(path string, write func(w io.Writer) error) error {
	if err := os.MkdirAll(filepath.Dir(path), DirMode); err != nil {
		return err
	}
	return atomicfile.Write(path, FileMode, write)
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
