package durable

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestCreateNew(t *testing.T) {
	path := filepath.Join(t.TempDir(), "key")
	if err := CreateNew(path, []byte("first")); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v, %v; want 0600", info.Mode().Perm(), err)
	}
	if err := CreateNew(path, []byte("second")); !errors.Is(err, os.ErrExist) {
		t.Fatalf("a second write: %v, want ErrExist", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "first" {
		t.Fatalf("the file holds %q after a refused write", b)
	}
	if err := CreateNew(filepath.Join(t.TempDir(), "no", "such", "folder"), nil); err == nil {
		t.Fatal("a write into a missing folder succeeded")
	}
}
