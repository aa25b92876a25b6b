package storage

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/options"
	"github.com/hashicorp/go-memdb"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/hlc"
	"github.com/gather-sp/gather/internal/walfix"
)

// Meta names kept by the store itself.
const (
	metaDevice   = "device"
	metaHLC      = "hlc"
	metaQueueSeq = "queue_seq"
	// metaQueueLow is the queue's low-water mark: no queued write has a
	// lower sequence. Ack sets it in the transaction that drops the writes
	// below it, so reading the queue seeks straight past the deletions
	// Badger keeps until compaction instead of walking them.
	metaQueueLow = "queue_low"
	// metaCompact is set in the transaction that erases a record and cleared
	// once Compact has rewritten the files, so an erasure made just before
	// the app closes is still compacted away at the next open.
	metaCompact = "compact_pending"
	// metaFormerly lists, as JSON, the device ids the store had before the
	// one it has (SetDevice, Formerly).
	metaFormerly = "device_formerly"
	// metaRequeued is the last queue number RequeueAll used, set in each
	// of its transactions: writes numbered past it are saves of this store
	// (FreshFrom).
	metaRequeued = "queue_requeued"
	// metaRequeueSaves is set while RequeueAll runs, from its first
	// transaction to its last: the ranges of queue numbers holding the
	// saves not yet sent that it queues once more past FreshFrom. Open
	// (and FreshFrom) finish a run a crash (or an error) stopped, so those
	// saves still go as fresh.
	metaRequeueSaves = "queue_requeue_saves"
)

// MetaRebase is set (not empty) while the next push must tell the server
// that the queue's numbering jumps (sync/client's MetaRebase is this name).
// Save sets it when an erasure drops queued writes the server never
// acknowledged: their numbers will be missing from what the device sends,
// and the server would otherwise take the jump for writes it lost and have
// the device queue its whole store again.
const MetaRebase = "sync.rebase"

// scratchKey is written and dropped by Compact (see package compact); its
// prefix is used for nothing else.
var scratchKey = []byte("Zcompact")

// valueThreshold: record states smaller than this live in Badger's tables,
// which Compact rewrites; larger ones live in the value log, whose newest file
// Badger never rewrites (see Compact). 64 KiB keeps every ordinary record in
// the tables (a person's full card and case fields are 1–2 KiB).
const valueThreshold = 64 << 10

// memTableSize is the device store's Badger memtable. Its memory is held
// for as long as the store is open, and each flush to disk builds a table
// of its size in memory, so it sets much of a device's peak during a first
// pull: collecting at GOGC 50, 16 MiB made a pulling device peak at
// 175–194 MB and 8 MiB at 127–145 MB, at the same speed
// (docs/performance.md, issue 13).
const memTableSize = 8 << 20

// MaxBatchBytes is the most one transaction may write (Badger refuses more
// than 15% of the memtable): what one save, or one page applied from the
// server, can hold. Callers that save in parts size them from it.
const MaxBatchBytes = memTableSize * 15 / 100

// maxFieldName bounds field names; the read model's row layout needs < 256.
const maxFieldName = 64

// Errors a caller can act on.
var (
	ErrWrongKey = errors.New("storage: the encryption key does not open this store")
	ErrLocked   = errors.New("storage: the store is already open in another Gather window or process")
	ErrClosed   = errors.New("storage: the store is closed")
)

// Options configure Open.
type Options struct {
	// EncryptionKey, when set, must be 32 bytes; the store is encrypted at rest
	// with it. A store created with a key can only be opened with that key.
	EncryptionKey []byte
	// Now replaces the wall clock, for tests.
	Now func() time.Time
	// GCInterval is how often value-log garbage collection runs; 0 means 10 minutes.
	GCInterval time.Duration
	// InMemory keeps everything in memory (tests and benchmarks only).
	InMemory bool
	// CompactDelay is how long after an erasure the store waits before
	// rewriting its files so the erased values leave the disk (Compact);
	// erasures within it share one rewrite. 0 means 5 seconds.
	CompactDelay time.Duration
	// Interrupt, for tests, is called where a job done in several
	// transactions (RequeueAll, Renumber) has committed one and goes on to
	// the next, with the name of that point; an error stops the job there,
	// leaving what was committed, as a crash would.
	Interrupt func(point string) error
}

// Store is the device store. It is safe for concurrent use; writes are
// serialised so each one sees the last.
type Store struct {
	db    *badger.DB
	dir   string // "" in memory
	mem   *memdb.MemDB
	clock *hlc.Clock
	// instance names this opening of the store (see Instance).
	instance string

	mu       sync.Mutex // serialises writers
	queueSeq uint64
	pending  atomic.Int64
	// queueLow: no queued write has a sequence below it (set at open and by
	// Ack, under mu). PendingWrites, Ack and the purge of an erasure start
	// from it, so their cost does not grow with the writes acknowledged
	// before.
	queueLow atomic.Uint64
	// waiting counts the queued writes of each record (keyed by the
	// encoded kind and id that start a queued write; see queuedRecord),
	// guarded by mu; changes is its size: the records changed here and not
	// yet on the server, which is what "N changes waiting to send" tells a person.
	waiting map[string]int
	changes atomic.Int64

	// changedMu guards the change notices: changed is closed at the next
	// commit that changes records (version counts them), queued at the next
	// change to the outbound queue.
	changedMu sync.Mutex
	changed   chan struct{}
	version   uint64
	queued    chan struct{}

	compactMu   sync.Mutex    // one Compact (or value-log GC) at a time
	compactSoon chan struct{} // an erasure was committed: Compact after CompactDelay
	erasures    uint64        // erasures committed so far; guarded by mu

	stop   context.CancelFunc
	bg     sync.WaitGroup
	closed atomic.Bool

	interrupt func(point string) error // Options.Interrupt
}

// BadgerOptions are the options Open gives Badger for a store in dir: the
// benchmarks measure plain Badger set up as a device's store with them.
func BadgerOptions(dir string, opts Options) badger.Options {
	bo := badger.DefaultOptions(dir).
		WithSyncWrites(true).
		WithLogger(quietLogger{}).
		WithMemTableSize(memTableSize).
		// A small memtable makes more level-0 tables; letting ten gather
		// before they are compacted takes back most of what it costs a
		// bulk save (100k marks: 2.8–3.0 s against 3.0–3.3 s at Badger's
		// five, and 2.7–2.8 s with 16 MiB, in one interleaved set).
		WithNumLevelZeroTables(10).
		WithNumLevelZeroTablesStall(20).
		WithBlockCacheSize(32 << 20).
		WithCompression(options.None).
		WithIndexCacheSize(16 << 20).
		WithNumCompactors(2).
		WithValueThreshold(valueThreshold).
		WithInMemory(opts.InMemory)
	if opts.InMemory {
		bo = bo.WithDir("").WithValueDir("")
	}
	if opts.EncryptionKey != nil {
		bo = bo.WithEncryptionKey(opts.EncryptionKey)
	}
	return bo
}

// Open opens (or creates) the store in dir.
func Open(dir string, opts Options) (*Store, error) {
	if opts.EncryptionKey != nil && len(opts.EncryptionKey) != 32 {
		return nil, fmt.Errorf("storage: encryption key must be 32 bytes, got %d", len(opts.EncryptionKey))
	}
	bo := BadgerOptions(dir, opts)
	if !opts.InMemory {
		// A crash while Badger makes a new log leaves an empty file it will
		// not open; it never held a write (see walfix).
		if _, err := walfix.DropEmptyMemtables(dir); err != nil {
			return nil, openError(dir, err)
		}
	}
	db, err := badger.Open(bo)
	if err != nil {
		return nil, openError(dir, err)
	}
	s := &Store{db: db, instance: newInstance(), changed: make(chan struct{}), queued: make(chan struct{}), compactSoon: make(chan struct{}, 1)}
	if !opts.InMemory {
		s.dir = dir
	}
	s.interrupt = opts.Interrupt
	if err := s.load(opts.Now); err != nil {
		db.Close()
		return nil, err
	}
	if err := s.finishRequeue(); err != nil {
		db.Close()
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	s.stop = cancel
	interval := opts.GCInterval
	if interval == 0 {
		interval = 10 * time.Minute
	}
	delay := opts.CompactDelay
	if delay <= 0 {
		delay = 5 * time.Second
	}
	if !opts.InMemory {
		if b, err := s.Meta(metaCompact); err == nil && len(b) > 0 {
			s.compactSoon <- struct{}{} // an erasure the last run did not compact away
		}
		s.bg.Add(1)
		go s.collectGarbage(ctx, interval, delay)
	}
	return s, nil
}

func openError(dir string, err error) error {
	msg := err.Error()
	switch {
	case errors.Is(err, badger.ErrEncryptionKeyMismatch), strings.Contains(msg, "Encryption key mismatch"),
		strings.Contains(msg, "encryption"), strings.Contains(msg, "checksum"):
		return ErrWrongKey
	case strings.Contains(msg, "Cannot acquire directory lock"), strings.Contains(msg, "resource temporarily unavailable"):
		return ErrLocked
	}
	return fmt.Errorf("storage: cannot open the store in %s: %w", dir, err)
}

// load reads meta and rebuilds the read model from Badger.
func (s *Store) load(now func() time.Time) error {
	mem, err := memdb.NewMemDB(schema())
	if err != nil {
		return fmt.Errorf("storage: read model schema: %w", err)
	}
	s.mem = mem
	var device string
	var last hlc.Timestamp
	err = s.db.View(func(txn *badger.Txn) error {
		if b, err := getMeta(txn, metaDevice); err == nil {
			device = string(b)
		}
		if b, err := getMeta(txn, metaHLC); err == nil {
			if t, err := hlc.Parse(string(b)); err == nil {
				last = t
			}
		}
		if b, err := getMeta(txn, metaQueueSeq); err == nil && len(b) == 8 {
			s.queueSeq = binary.BigEndian.Uint64(b)
		}
		if b, err := getMeta(txn, metaQueueLow); err == nil && len(b) == 8 {
			s.queueLow.Store(binary.BigEndian.Uint64(b))
		}
		return nil
	})
	if err != nil {
		return err
	}
	if device == "" {
		device = domain.NewID()
		if err := s.db.Update(func(txn *badger.Txn) error { return txn.Set(metaKey(metaDevice), []byte(device)) }); err != nil {
			return fmt.Errorf("storage: cannot record the device id: %w", err)
		}
	}
	s.clock = hlc.NewClock(device, now)
	s.clock.Observe(last)
	if err := s.rebuild(); err != nil {
		return err
	}
	return s.countPending()
}

// stopAt gives a test's Options.Interrupt the chance to stop a job at
// point, as a crash there would.
func (s *Store) stopAt(point string) error {
	if s.interrupt == nil {
		return nil
	}
	return s.interrupt(point)
}

// Device returns this store's device id.
func (s *Store) Device() string { return s.clock.Device() }

// Clock returns the store's hybrid logical clock.
func (s *Store) Clock() *hlc.Clock { return s.clock }

// Changed returns a channel that is closed at the next commit that changes
// records, local (Save) or remote (ApplyRemote): what screens repaint for.
// Take a new one after each close. Work on the outbound queue alone (an
// acknowledgement, a requeue) changes no record and closes QueueChanged
// instead.
func (s *Store) Changed() <-chan struct{} {
	s.changedMu.Lock()
	defer s.changedMu.Unlock()
	return s.changed
}

// Version counts the commits that changed records: Changed is closed each
// time it moves. The read model holds at least every commit it counts, so
// a screen that notes the version before it reads the View knows it shows
// them, and need not repaint for the notice of a commit it has already
// shown (its own save).
func (s *Store) Version() uint64 {
	s.changedMu.Lock()
	defer s.changedMu.Unlock()
	return s.version
}

// QueueChanged returns a channel that is closed at the next change to the
// outbound queue: a save, an acknowledgement, a requeue. The sync client
// watches it for what to push and how many changes wait. Take a new one
// after each close.
func (s *Store) QueueChanged() <-chan struct{} {
	s.changedMu.Lock()
	defer s.changedMu.Unlock()
	return s.queued
}

// notify wakes the watchers of records (after the read model is updated).
func (s *Store) notify() {
	s.changedMu.Lock()
	s.version++
	close(s.changed)
	s.changed = make(chan struct{})
	s.changedMu.Unlock()
}

// notifyQueue wakes the watchers of the outbound queue.
func (s *Store) notifyQueue() {
	s.changedMu.Lock()
	close(s.queued)
	s.queued = make(chan struct{})
	s.changedMu.Unlock()
}

// Close stops background work and closes the store.
func (s *Store) Close() error {
	if s.closed.Swap(true) {
		return nil
	}
	s.stop()
	s.bg.Wait()
	s.compactMu.Lock() // a Compact called by hand finishes first
	defer s.compactMu.Unlock()
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.db.Close()
}

// quietLogger keeps Badger's informational chatter out of the app's output.
type quietLogger struct{}

func (quietLogger) Errorf(f string, a ...any) {
	fmt.Fprintln(os.Stderr, "badger:", strings.TrimSpace(fmt.Sprintf(f, a...)))
}
func (quietLogger) Warningf(f string, a ...any) {
	fmt.Fprintln(os.Stderr, "badger:", strings.TrimSpace(fmt.Sprintf(f, a...)))
}
func (quietLogger) Infof(string, ...any)  {}
func (quietLogger) Debugf(string, ...any) {}
