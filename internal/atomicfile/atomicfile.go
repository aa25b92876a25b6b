package atomicfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
)

// Write calls write with a new temporary file in path's folder, named
// after path and hidden (".name.*.part"), whose mode is perm exactly (the
// umask does not narrow it). Once write returns nil the file is synced,
// closed and renamed over path, replacing any file there (a new file, so
// one others could read before is not written into), and the folder is
// synced where the OS allows it. On any error, or a panic in write, the
// temporary file is removed and path is as it was, and the error is
// returned as it came (write's own, or the file system's); a failed rename
// says which file it was saving. The folder must exist.
func Write(path string, perm fs.FileMode, write func(io.Writer) error) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.part")
	if err != nil {
		return err
	}
	done := false
	defer func() {
		if !done {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if err := f.Chmod(perm); err != nil && !errors.Is(err, errors.ErrUnsupported) {
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
		return fmt.Errorf("saving %s: %w", filepath.Base(path), err)
	}
	done = true
	syncDir(filepath.Dir(path))
	return nil
}

// syncDir makes the rename durable where the OS can sync a folder. The
// file is in place by then, so a failure here is not one of Write's.
func syncDir(dir string) {
	if runtime.GOOS == "windows" {
		return
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
