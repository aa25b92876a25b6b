package storage

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/dgraph-io/badger/v4"

	"github.com/gather-sp/gather/internal/compact"
)

// collectGarbage runs value-log GC every so often, and Compact a little
// after an erasure.
func (s *Store) collectGarbage(ctx context.Context, every, compactDelay time.Duration) {
	defer s.bg.Done()
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			s.compactMu.Lock()
			for ctx.Err() == nil && s.db.RunValueLogGC(0.5) == nil {
			}
			s.compactMu.Unlock()
		case <-s.compactSoon:
			select {
			case <-ctx.Done():
				return
			case <-time.After(compactDelay):
			}
			if err := s.Compact(); err != nil && !errors.Is(err, ErrClosed) {
				quietLogger{}.Warningf("storage: rewriting the store after an erasure: %v (tried again at the next open)", err)
			}
		}
	}
}

// scheduleCompact asks collectGarbage to Compact soon.
func (s *Store) scheduleCompact() {
	select {
	case s.compactSoon <- struct{}{}:
	default: // one is already due
	}
}

// Compact rewrites the store's files so that values an erasure removed are
// no longer in them: it flushes Badger's write-ahead log into a table,
// compacts every table into one level (an erased record's state is written
// so that this drops all its earlier versions) and runs value-log GC. The
// store does it by itself a few seconds after an erasure (Options.CompactDelay)
// and at the next open if the app closed first.
//
// Saves wait while the write-ahead log is flushed (a fraction of a second
// on a tablet); the rest runs alongside them. What it cannot reach is
// written in docs/security.md: a record state of 64 KiB or more lives in
// Badger's value log, and the newest value-log file is never rewritten.
func (s *Store) Compact() error {
	if s.closed.Load() {
		return ErrClosed
	}
	s.compactMu.Lock()
	defer s.compactMu.Unlock()
	s.mu.Lock()
	if s.closed.Load() {
		s.mu.Unlock()
		return ErrClosed
	}
	erasures := s.erasures
	err := compact.Flush(s.db, scratchKey)
	s.mu.Unlock()
	if err != nil {
		return fmt.Errorf("storage: %w", err)
	}
	if err := compact.Rewrite(s.db); err != nil {
		return fmt.Errorf("storage: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed.Load() {
		return ErrClosed
	}
	if s.erasures != erasures {
		return nil // another erasure came meanwhile: its own Compact clears the flag
	}
	return s.db.Update(func(txn *badger.Txn) error { return txn.Delete(metaKey(metaCompact)) })
}
