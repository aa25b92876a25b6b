package badgerstore

import (
	"context"
	"errors"
	"time"

	"github.com/dgraph-io/badger/v4"

	"github.com/gather-sp/gather/internal/compact"
)

// metaCompactPending is set in a commit that erases something and cleared
// once Compact has rewritten the files (also after a restart in between).
const metaCompactPending = "compact_pending"

// scratchKey is written and dropped by Compact; no other key starts with 'Z'.
var scratchKey = []byte("Zcompact")

// Compact rewrites the store's files so that the values an erasure removed
// are no longer in them (package compact): Badger's write-ahead log is
// flushed into a table and every table compacted into one level, which
// drops the superseded versions. The server does it by itself a little after
// an erasure (Options.CompactDelay), and at the next start if it
// stopped first. Pushes wait while the write-ahead log is flushed (about a
// second for a full 128 MiB memtable); the compaction runs alongside them.
func (d *DB) Compact() error {
	d.compactMu.Lock()
	defer d.compactMu.Unlock()
	if d.db.IsClosed() {
		return errors.New("the store is closed")
	}
	d.mu.Lock()
	erasures := d.erasures
	err := compact.Flush(d.db, scratchKey)
	d.mu.Unlock()
	if err != nil {
		return err
	}
	if err := compact.Rewrite(d.db); err != nil {
		return err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.erasures != erasures {
		return nil // another erasure came meanwhile: its own Compact clears the flag
	}
	return d.db.Update(func(txn *badger.Txn) error { return txn.Delete(metaKey(metaCompactPending)) })
}

// scheduleCompact asks the compactor to run soon.
func (d *DB) scheduleCompact() {
	select {
	case d.compactSoon <- struct{}{}:
	default: // one is already due
	}
}

// compactor runs Compact CompactDelay after an erasure; erasures in the
// meantime share the run.
func (d *DB) compactor(ctx context.Context, delay time.Duration) {
	defer d.bg.Done()
	for {
		select {
		case <-ctx.Done():
			return
		case <-d.compactSoon:
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(delay):
		}
		if err := d.Compact(); err != nil {
			quietLogger{}.Warningf("rewriting the store after an erasure: %v (tried again at the next start)", err)
		}
	}
}
