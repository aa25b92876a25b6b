//go:build unix

package paper

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

func perm(t *testing.T, path string) os.FileMode {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return st.Mode().Perm()
}

// TestWriteFileOwnerOnly: a printout is readable by its owner only, in
// folders only its owner may open, whatever the umask and whatever file of
// that name was there; a failed write leaves nothing half done.
func TestWriteFileOwnerOnly(t *testing.T) {
	old := syscall.Umask(0)
	defer syscall.Umask(old)
	root := t.TempDir()
	path := filepath.Join(root, "new", "folder", "register.pdf")
	if err := WriteFile(path, func(w io.Writer) error { _, err := w.Write([]byte("%PDF-1.4")); return err }); err != nil {
		t.Fatal(err)
	}
	if got := perm(t, path); got != 0o600 {
		t.Errorf("printout mode %v, want 0600", got)
	}
	for _, d := range []string{filepath.Join(root, "new"), filepath.Join(root, "new", "folder")} {
		if got := perm(t, d); got != 0o700 {
			t.Errorf("folder %s mode %v, want 0700", d, got)
		}
	}

	// An existing file others could read is replaced by an owner-only one.
	open := filepath.Join(root, "open.pdf")
	os.WriteFile(open, []byte("old"), 0o644)
	if err := WriteFile(open, func(w io.Writer) error { _, err := w.Write([]byte("new")); return err }); err != nil {
		t.Fatal(err)
	}
	if got := perm(t, open); got != 0o600 {
		t.Errorf("replaced printout mode %v, want 0600", got)
	}

	// A failure keeps the old file and leaves no temporary one.
	boom := errors.New("boom")
	if err := WriteFile(open, func(w io.Writer) error { w.Write([]byte("half")); return boom }); !errors.Is(err, boom) {
		t.Fatalf("err = %v, want boom", err)
	}
	if b, _ := os.ReadFile(open); !bytes.Equal(b, []byte("new")) {
		t.Errorf("a failed write changed the file to %q", b)
	}
	if es, _ := os.ReadDir(root); len(es) != 2 {
		t.Errorf("left behind: %v", es)
	}
}

// TestPrivateDir: Gather's own printouts folder is made, or made, private.
func TestPrivateDir(t *testing.T) {
	old := syscall.Umask(0)
	defer syscall.Umask(old)
	made := filepath.Join(t.TempDir(), "Documents", "Gather")
	if err := PrivateDir(made); err != nil {
		t.Fatal(err)
	}
	if got := perm(t, made); got != 0o700 {
		t.Errorf("new folder mode %v, want 0700", got)
	}
	open := filepath.Join(t.TempDir(), "Gather")
	os.Mkdir(open, 0o755)
	if err := PrivateDir(open); err != nil {
		t.Fatal(err)
	}
	if got := perm(t, open); got != 0o700 {
		t.Errorf("an existing open folder is %v, want 0700", got)
	}
}
