package atomicfile

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

func TestWrite(t *testing.T) {
	errFull := errors.New("no space left on device")
	writes := func(s string) func(io.Writer) error {
		return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
	}
	// half writes part of a file, then fails (or panics, in then).
	half := func(then func()) func(io.Writer) error {
		return func(w io.Writer) error {
			io.WriteString(w, "half a ne")
			then()
			return errFull
		}
	}
	const last = "last month's export"
	tests := []struct {
		name    string
		old     string      // the file at path before; "" for none
		oldMode fs.FileMode // its mode
		perm    fs.FileMode
		write   func(io.Writer) error
		fails   bool   // Write returns an error (or write panics)
		want    string // the file at path afterwards; "" for none
	}{
		{name: "new file", perm: 0o600, write: writes("new"), want: "new"},
		{name: "new file, wider mode than the umask's", perm: 0o666, write: writes("new"), want: "new"},
		{name: "replaces content and mode", old: last, oldMode: 0o644, perm: 0o600, write: writes("new"), want: "new"},
		{name: "replaces with a wider mode", old: last, oldMode: 0o600, perm: 0o640, write: writes("new"), want: "new"},
		{name: "replaces with an empty file", old: last, oldMode: 0o600, perm: 0o600, write: writes(""), want: ""},
		{name: "failing write keeps the old file", old: last, oldMode: 0o644, perm: 0o600, write: half(func() {}), fails: true, want: last},
		{name: "failing write makes no file", perm: 0o600, write: half(func() {}), fails: true},
		{name: "panicking write keeps the old file", old: last, oldMode: 0o640, perm: 0o600,
			write: half(func() { panic("boom") }), fails: true, want: last},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "report.csv")
			if tc.old != "" {
				if err := os.WriteFile(path, []byte(tc.old), tc.oldMode); err != nil {
					t.Fatal(err)
				}
				if err := os.Chmod(path, tc.oldMode); err != nil { // past the umask
					t.Fatal(err)
				}
			}
			err := func() (err error) {
				defer func() {
					if p := recover(); p != nil {
						err = errors.New("panicked")
					}
				}()
				return Write(path, tc.perm, tc.write)
			}()
			if (err != nil) != tc.fails {
				t.Fatalf("err %v, want an error: %v", err, tc.fails)
			}
			if err != nil && err.Error() != "panicked" && !errors.Is(err, errFull) {
				t.Fatalf("err %v, want write's own error", err)
			}

			exists := tc.old != "" || !tc.fails
			if got := names(t, dir); exists && (len(got) != 1 || got[0] != "report.csv") || !exists && len(got) != 0 {
				t.Fatalf("the folder holds %q", got)
			}
			if !exists {
				return
			}
			if got, err := os.ReadFile(path); err != nil || string(got) != tc.want {
				t.Fatalf("the file holds %q (%v), want %q", got, err, tc.want)
			}
			wantMode := tc.perm
			if tc.fails {
				wantMode = tc.oldMode
			}
			if st, err := os.Stat(path); runtime.GOOS != "windows" && (err != nil || st.Mode().Perm() != wantMode) {
				t.Fatalf("mode %v (%v), want %v", st.Mode().Perm(), err, wantMode)
			}
		})
	}
}

// Where the rename cannot happen (a folder has the file's name) the error
// is Write's, the folder stays, and no temporary file is left.
func TestWriteRenameFails(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "report.csv")
	if err := os.MkdirAll(filepath.Join(path, "inside"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := Write(path, 0o600, func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err }); err == nil {
		t.Fatal("renamed over a folder")
	}
	if got := names(t, dir); len(got) != 1 || got[0] != "report.csv" {
		t.Fatalf("the folder holds %q", got)
	}
	if st, err := os.Stat(path); err != nil || !st.IsDir() {
		t.Fatalf("the folder at path: %v", err)
	}
}

// A missing folder is an error, and Write makes nothing.
func TestWriteMissingFolder(t *testing.T) {
	dir := t.TempDir()
	err := Write(filepath.Join(dir, "no", "such", "folder", "a.csv"), 0o600, func(io.Writer) error { return nil })
	if !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("err %v, want ErrNotExist", err)
	}
	if got := names(t, dir); len(got) != 0 {
		t.Fatalf("the folder holds %q", got)
	}
}

func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}
