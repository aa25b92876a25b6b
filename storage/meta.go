package storage

import (
	"bytes"
	"errors"

	"github.com/dgraph-io/badger/v4"
)

// Meta reads a meta value; nil when unset.
func (s *Store) Meta(name string) ([]byte, error) {
	var out []byte
	err := s.db.View(func(txn *badger.Txn) error {
		b, err := getMeta(txn, name)
		if errors.Is(err, badger.ErrKeyNotFound) {
			return nil
		}
		out = b
		return err
	})
	return out, err
}

// SetMeta writes meta values durably in one transaction.
func (s *Store) SetMeta(values map[string][]byte) error {
	if s.closed.Load() {
		return ErrClosed
	}
	s.mu.Lock() // Compact holds writers off while Badger flushes
	defer s.mu.Unlock()
	if s.closed.Load() { // Close ran while this waited for the lock
		return ErrClosed
	}
	return s.db.Update(func(txn *badger.Txn) error {
		for k, v := range values {
			if err := txn.Set(metaKey(k), v); err != nil {
				return err
			}
		}
		return nil
	})
}

// SetMetaIf writes meta values durably in one transaction, as SetMeta,
// only if meta name still holds want (empty: unset), and reports whether
// it did: a caller clears a mark it acted on without clearing one set
// again meanwhile.
func (s *Store) SetMetaIf(name string, want []byte, values map[string][]byte) (bool, error) {
	if s.closed.Load() {
		return false, ErrClosed
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed.Load() {
		return false, ErrClosed
	}
	done := false
	err := s.db.Update(func(txn *badger.Txn) error {
		cur, err := getMeta(txn, name)
		if err != nil && !errors.Is(err, badger.ErrKeyNotFound) {
			return err
		}
		if !bytes.Equal(cur, want) {
			return nil
		}
		for k, v := range values {
			if err := txn.Set(metaKey(k), v); err != nil {
				return err
			}
		}
		done = true
		return nil
	})
	return done && err == nil, err
}

func getMeta(txn *badger.Txn, name string) ([]byte, error) {
	item, err := txn.Get(metaKey(name))
	if err != nil {
		return nil, err
	}
	return item.ValueCopy(nil)
}
