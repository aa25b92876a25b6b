package storage

import (
	"errors"

	"github.com/dgraph-io/badger/v4"
)

// updateInParts runs step(txn, i) for i in [0, n) in write transactions,
// committing one and going on in the next whenever Badger finds it full,
// so that a pass over many records (an office laptop handed to a venue
// dropping tens of thousands of case records) is not refused for its size.
// committed runs after each commit. Each part stands on its own: a crash
// between parts leaves the earlier ones done, so a step must be safe to
// run again, and a step refused as too big is run again in the next part.
func (s *Store) updateInParts(n int, step func(txn *badger.Txn, i int) error, committed func() error) error {
	for from := 0; from < n; {
		txn := s.db.NewTransaction(true)
		i := from
		for ; i < n; i++ {
			if err := step(txn, i); err != nil {
				if errors.Is(err, badger.ErrTxnTooBig) && i > from {
					break // full: commit what it holds, go on in the next
				}
				txn.Discard()
				return err
			}
		}
		if err := txn.Commit(); err != nil {
			return err
		}
		if err := committed(); err != nil {
			return err
		}
		from = i
	}
	return nil
}
