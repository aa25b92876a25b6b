// Package storagetest opens device stores for tests: in a temporary folder
// that goes with the test, closed when it ends.
package storagetest

import (
	"testing"

	"github.com/gather-sp/gather/storage"
)

// Open opens an empty store for t, unencrypted, closed when t ends.
func Open(t testing.TB) *storage.Store {
	t.Helper()
	return OpenWith(t, storage.Options{})
}

// OpenWith opens a store for t with opts, closed when t ends.
func OpenWith(t testing.TB, opts storage.Options) *storage.Store {
	t.Helper()
	st, err := storage.Open(t.TempDir(), opts)
	if err != nil {
		t.Fatalf("opening a test store: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}
