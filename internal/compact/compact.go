// Package compact rewrites a Badger store's files so that values that were
// overwritten or deleted are no longer on disk: what erasing a person (the
// right to erasure) needs beyond the logical tombstones.
//
// Badger keeps old versions of a key in its write-ahead log (the memtable's
// .mem file) and in its tables until a compaction that sees the newer
// version drops them, and keeps values at or above its value threshold in
// value-log files until value-log GC rewrites them. Left alone, an erased
// name can stay in those files for a long time on a quiet store: a 128 MiB
// memtable may take weeks to fill.
//
// Run Flush (with the store's own writers held off) and then Rewrite.
package compact

import (
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"
)

// Flush writes the memtable out as a table, deleting its write-ahead log,
// and compacts level 0 into the level below, dropping versions that a newer
// version supersedes.
//
// scratch is a key under a prefix the store never uses: Badger has no public
// "flush the memtable", but dropping a prefix that holds a key flushes it.
// While it flushes, Badger refuses writes (ErrBlockedWrites), so the caller
// must keep its own writers out until Flush returns.
func Flush(db *badger.DB, scratch []byte) error {
	if db.Opts().InMemory {
		return nil
	}
	err := db.Update(func(txn *badger.Txn) error { return txn.Set(scratch, nil) })
	if err == nil {
		// A read that starts after the last commit moves the point at or
		// below which compactions may drop old versions past that commit.
		err = db.View(func(*badger.Txn) error { return nil })
	}
	if err == nil {
		err = db.DropPrefix(scratch)
	}
	if err != nil {
		return fmt.Errorf("flushing the store: %w", err)
	}
	return nil
}

// Rewrite compacts every table into one level, so no superseded version
// survives in a lower level, and runs value-log GC until it finds nothing
// more to rewrite. Writers may run alongside.
//
// Versions newer than the oldest read still in progress are kept (that read
// may need them). Badger's GC never rewrites the newest value-log file, so a
// value at or above the store's value threshold that sits in it stays until
// that file is full.
func Rewrite(db *badger.DB) error {
	if db.Opts().InMemory {
		return nil
	}
	if err := db.Flatten(1); err != nil {
		return fmt.Errorf("compacting the store: %w", err)
	}
	for {
		err := db.RunValueLogGC(1e-6)
		if errors.Is(err, badger.ErrNoRewrite) || errors.Is(err, badger.ErrRejected) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("value-log GC: %w", err)
		}
	}
}
