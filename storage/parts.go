package storage

import (
	"errors"

	"github.com/dgraph-io/badger/v4"

	"github.com/gather-sp/gather/record"
)

// updateInParts runs step(txn, i) for i in [0, n) in write transactions,
// committing one and going on in the next whenever Badger finds it full,
// so that a pass over many records (an office laptop handed to a venue
// dropping tens of thousands of case records) is not refused for its size.
// A step returns the entity it changed, or nil; each part's are published
// to the read model once it commits, and the count of them all is
// returned. Each part stands on its own: a crash between parts leaves the
// earlier ones done, so a step must be safe to run again, and a step
// refused as too big is run again in the next part. The caller holds s.mu.
func (s *Store) updateInParts(n int, step func(txn *badger.Txn, i int) (*record.Entity, error)) (int, error) {
	done := 0
	for from := 0; from < n; {
		txn := s.db.NewTransaction(true)
		var part []*record.Entity
		i := from
		for ; i < n; i++ {
			e, err := step(txn, i)
			if err != nil {
				if errors.Is(err, badger.ErrTxnTooBig) && i > from {
					break // full: commit what it holds, go on in the next
				}
				txn.Discard()
				return done, err
			}
			if e != nil {
				part = append(part, e)
			}
		}
		if err := txn.Commit(); err != nil {
			return done, err
		}
		if len(part) > 0 {
			done += len(part)
			if err := s.publish(part); err != nil {
				return done, err
			}
		}
		from = i
	}
	return done, nil
}
