// Package storagetest opens device stores for tests: in a temporary folder
// that goes with the test, closed when it ends.
package storagetest

import (
	"sort"
	"testing"

	"github.com/gather-sp/gather/record"
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

// Recording is a store that remembers every save made through it, and
// refuses them all with Fail when set: tests check what a screen saved
// (and that it keeps what was typed when a save fails).
type Recording struct {
	*storage.Store
	Saved [][]record.Change
	Fail  error
}

// Save records the changes and saves them, or refuses with Fail.
func (s *Recording) Save(staff string, changes ...record.Change) error {
	if s.Fail != nil {
		return s.Fail
	}
	s.Saved = append(s.Saved, changes)
	return s.Store.Save(staff, changes...)
}

// Writes are the field names saved to one record over every save, sorted.
func (s *Recording) Writes(kind record.Kind, id string) []string {
	var out []string
	for _, cs := range s.Saved {
		for _, c := range cs {
			if c.Kind == kind && c.ID == id {
				for f := range c.Fields {
					out = append(out, f)
				}
			}
		}
	}
	sort.Strings(out)
	return out
}
