package storage

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/options"
	"github.com/hashicorp/go-memdb"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/hlc"
	"github.com/gather-sp/gather/internal/compact"
	"github.com/gather-sp/gather/internal/walfix"
	"github.com/gather-sp/gather/record"
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
)

// scratchKey is written and dropped by Compact (see package compact); its
// prefix is used for nothing else.
var scratchKey = []byte("Zcompact")

// valueThreshold: record states smaller than this live in Badger's tables,
// which Compact rewrites; larger ones live in the value log, whose newest file
// Badger never rewrites (see Compact). 64 KiB keeps every ordinary record in
// the tables (a person's full card and case fields are 1–2 KiB).
const valueThreshold = 64 << 10

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
	// yet on the server, which is what "N waiting" tells a person.
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
}

// Open opens (or creates) the store in dir.
func Open(dir string, opts Options) (*Store, error) {
	if opts.EncryptionKey != nil && len(opts.EncryptionKey) != 32 {
		return nil, fmt.Errorf("storage: encryption key must be 32 bytes, got %d", len(opts.EncryptionKey))
	}
	bo := badger.DefaultOptions(dir).
		WithSyncWrites(true).
		WithLogger(quietLogger{}).
		WithMemTableSize(16 << 20).
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
	if err := s.load(opts.Now); err != nil {
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

// rebuild fills the read model from every entity in Badger. One goroutine
// reads Badger, a worker per core decodes, and this goroutine inserts into
// memdb (a single writer).
func (s *Store) rebuild() error {
	// Keys and values are copied into reusable batch buffers rather than one
	// allocation each: a million marks would otherwise leave ~300 MB of
	// garbage behind and double the peak memory of the open.
	type span struct{ k0, k1, v1 int }
	type batch struct {
		buf   []byte
		items []span
	}
	const batchSize = 512
	// The tables' pages this scan touches are released every so often
	// (see releaseTables), so they do not add up to the whole store.
	const releaseEvery = 32 << 20
	pool := sync.Pool{New: func() any { return &batch{buf: make([]byte, 0, 256<<10)} }}
	items := make(chan *batch, 8)
	rows := make(chan []Row, 8)
	var decodeErr atomic.Value
	var wg sync.WaitGroup
	for i := 0; i < runtime.GOMAXPROCS(0); i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			dec := newRowDecoder()
			for b := range items {
				out := make([]Row, len(b.items))
				n := 0
				for _, it := range b.items {
					key, val := b.buf[it.k0:it.k1], b.buf[it.k1:it.v1]
					kind, id, err := parseEntityKey(key)
					if err == nil {
						var live bool
						if live, err = dec.decode(&out[n], kind, id, val); live {
							n++
						}
					}
					if err != nil {
						decodeErr.Store(fmt.Errorf("record %q: %w", key, err))
					}
				}
				out = out[:n:n]
				b.buf, b.items = b.buf[:0], b.items[:0]
				pool.Put(b)
				rows <- out
			}
		}()
	}
	go func() { wg.Wait(); close(rows) }()

	iterErr := make(chan error, 1)
	go func() {
		defer close(items)
		iterErr <- s.db.View(func(txn *badger.Txn) error {
			opts := badger.DefaultIteratorOptions
			opts.Prefix = []byte{prefixEntity}
			opts.PrefetchSize = 256
			it := txn.NewIterator(opts)
			defer it.Close()
			b := pool.Get().(*batch)
			read := 0
			for it.Rewind(); it.Valid(); it.Next() {
				k0 := len(b.buf)
				b.buf = append(b.buf, it.Item().Key()...)
				k1 := len(b.buf)
				err := it.Item().Value(func(v []byte) error {
					b.buf = append(b.buf, v...)
					return nil
				})
				if err != nil {
					return err
				}
				b.items = append(b.items, span{k0, k1, len(b.buf)})
				if read += len(b.buf) - k0; read >= releaseEvery {
					releaseTables(s.dir)
					read = 0
				}
				if len(b.items) == batchSize {
					items <- b
					b = pool.Get().(*batch)
				}
			}
			if len(b.items) > 0 {
				items <- b
			}
			return nil
		})
	}()

	txn := s.mem.Txn(true)
	defer txn.Abort()
	var insertErr error
	registers := registerBuilder{}
	for batch := range rows {
		for i := 0; i < len(batch); i++ {
			r := &batch[i]
			if !hasTable(r.Kind) {
				continue // kinds from a newer version stay in Badger only
			}
			if r.Kind == domain.KindAttendance {
				j := i + 1
				for j < len(batch) && batch[j].Kind == domain.KindAttendance {
					j++
				}
				registers.add(batch[i:j])
				i = j - 1
				continue
			}
			if err := txn.Insert(string(r.Kind), r); err != nil && insertErr == nil {
				insertErr = err
			}
		}
	}
	if insertErr == nil {
		insertErr = registers.insertAll(txn)
	}
	if err := <-iterErr; err != nil {
		return fmt.Errorf("storage: reading the store: %w", err)
	}
	if err, _ := decodeErr.Load().(error); err != nil {
		return fmt.Errorf("storage: the store holds a damaged record: %w", err)
	}
	if insertErr != nil {
		return fmt.Errorf("storage: building the read model: %w", insertErr)
	}
	txn.Commit()
	releaseTables(s.dir)
	return nil
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

// Save records one user action: every field of every change is stamped,
// merged into its entity and queued for sync, all in one durable transaction.
// Fields whose value is unchanged are not written. When Save returns nil the
// action is on disk.
func (s *Store) Save(staff string, changes ...record.Change) error {
	return s.save(staff, changes, false)
}

// save is Save; with purge, queued writes to the fields being changed are
// dropped first (all of an entity's writes when it is erased), so values an
// erasure removes do not linger in the outbound queue.
func (s *Store) save(staff string, changes []record.Change, purge bool) error {
	if s.closed.Load() {
		return ErrClosed
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed.Load() { // Close ran while this save waited for the lock
		return ErrClosed
	}
	txn := s.db.NewTransaction(true)
	defer txn.Discard()
	seq := s.queueSeq
	var touched []*record.Entity
	var purged int64
	var queued, unqueued []recordCount // writes queued and purged, by record, for s.waiting
	erased := false
	for _, c := range changes {
		if c.Kind == "" || c.ID == "" || strings.IndexByte(string(c.Kind), 0) >= 0 {
			return fmt.Errorf("storage: a change needs a kind and an id (got %q/%q)", c.Kind, c.ID)
		}
		if purge {
			n, err := purgeQueued(txn, c, s.queueLow.Load())
			if err != nil {
				return err
			}
			purged += n
			unqueued = append(unqueued, recordCount{recordKey(c.Kind, c.ID), int(n)})
		}
		e, err := loadEntity(txn, c.Kind, c.ID)
		if err != nil {
			return err
		}
		wasErased := e.Erased()
		names := make([]string, 0, len(c.Fields))
		for name := range c.Fields {
			if name == "" || len(name) > maxFieldName {
				return fmt.Errorf("storage: field name %q must be 1 to %d bytes", name, maxFieldName)
			}
			names = append(names, name)
		}
		sort.Strings(names)
		var nums []uint64
		var ws []record.Write
		for _, name := range names {
			cur, exists := e.Fields[name]
			if exists && cur.Value == c.Fields[name] || !exists && c.Fields[name] == "" {
				continue
			}
			w := record.Write{Kind: c.Kind, ID: c.ID, Field: name, Value: c.Fields[name],
				Stamp: s.clock.Now(), Base: cur.Stamp, Staff: staff}
			e.Apply(w)
			seq++
			nums, ws = append(nums, seq), append(ws, w)
		}
		if len(ws) == 0 {
			continue // every field already holds its value: nothing to rewrite or publish
		}
		// The change's writes are queued together, one entry (queue.go).
		if err := txn.Set(queueKey(nums[0]), record.AppendGroup(nil, nums[0], nums, ws)); err != nil {
			return wrapTxn(err)
		}
		queued = append(queued, recordCount{recordKey(c.Kind, c.ID), len(ws)})
		if err := setEntity(txn, e); err != nil {
			return err
		}
		if e.Erased() && !wasErased {
			erased = true
		}
		touched = append(touched, e)
	}
	if seq == s.queueSeq {
		return nil // nothing changed
	}
	if err := s.setClockAndSeq(txn, seq); err != nil {
		return err
	}
	if erased {
		if err := txn.Set(metaKey(metaCompact), []byte("1")); err != nil {
			return wrapTxn(err)
		}
	}
	if err := txn.Commit(); err != nil {
		return fmt.Errorf("storage: saving: %w", err)
	}
	s.pending.Add(int64(seq-s.queueSeq) - purged)
	s.queueSeq = seq
	for _, r := range queued {
		s.wait(r.rec, r.n)
	}
	for _, r := range unqueued {
		s.wait(r.rec, -r.n)
	}
	if erased {
		s.erasures++
		s.scheduleCompact()
	}
	s.notifyQueue()
	return s.publish(touched)
}

// setEntity stores an entity's state, telling Badger that earlier versions
// of it are no longer needed: the store never reads them, the next
// compaction drops them, and backups leave them out. That matters most for
// an erasure, whose tombstone must not leave the erased values behind in an
// older version (see Compact).
func setEntity(txn *badger.Txn, e *record.Entity) error {
	k, v := entityKey(e.Kind, e.ID), record.AppendEntity(nil, e)
	return wrapTxn(txn.SetEntry(badger.NewEntry(k, v).WithDiscard()))
}

func (s *Store) setClockAndSeq(txn *badger.Txn, seq uint64) error {
	if err := txn.Set(metaKey(metaHLC), []byte(s.clock.Last().String())); err != nil {
		return wrapTxn(err)
	}
	return wrapTxn(txn.Set(metaKey(metaQueueSeq), binary.BigEndian.AppendUint64(nil, seq)))
}

func wrapTxn(err error) error {
	if errors.Is(err, badger.ErrTxnTooBig) {
		return fmt.Errorf("storage: too many changes for one save; split them: %w", err)
	}
	return err
}

// publish puts committed entities into the read model and wakes watchers.
func (s *Store) publish(es []*record.Entity) error {
	txn := s.mem.Txn(true)
	defer txn.Abort()
	for _, e := range es {
		if err := upsert(txn, e); err != nil {
			return fmt.Errorf("storage: updating the read model: %w", err)
		}
	}
	txn.Commit()
	s.notify()
	return nil
}

func loadEntity(txn *badger.Txn, kind record.Kind, id string) (*record.Entity, error) {
	item, err := txn.Get(entityKey(kind, id))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return record.NewEntity(kind, id), nil
	}
	if err != nil {
		return nil, err
	}
	var e *record.Entity
	err = item.Value(func(v []byte) error {
		var err error
		e, err = record.DecodeEntity(kind, id, v, nil)
		return err
	})
	return e, err
}

// Entity returns the full merged state (with stamps) of one entity.
func (s *Store) Entity(kind record.Kind, id string) (*record.Entity, error) {
	var e *record.Entity
	err := s.db.View(func(txn *badger.Txn) error {
		var err error
		e, err = loadEntity(txn, kind, id)
		return err
	})
	return e, err
}

// Applied reports what ApplyRemote did.
type Applied struct {
	Changed   int // entities whose state the writes changed, conflict records included
	Conflicts int // conflict records new to this device, for a person to review
}

// ApplyRemote merges writes that arrived by sync and sets the given meta
// values (the sync cursor) in the same durable transaction, so a crash can
// never record a cursor without its changes. Remote writes are not queued.
// The clock advances past every stamp applied.
//
// Two writes that meet here may be concurrent, but the device records no
// conflict about them: the server is the only author of conflict records
// (it meets every write; domain.ConflictEntity), and they arrive here by
// pull like any other case record, so every device that may see them holds
// the same set as the server.
func (s *Store) ApplyRemote(ws []record.Write, meta map[string][]byte) (Applied, error) {
	if s.closed.Load() {
		return Applied{}, ErrClosed
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed.Load() { // Close ran while this waited for the lock
		return Applied{}, ErrClosed
	}
	txn := s.db.NewTransaction(true)
	defer txn.Discard()
	var res Applied
	entities := map[string]*record.Entity{}
	wasErased := map[*record.Entity]bool{}
	wasEmpty := map[*record.Entity]bool{}
	var order []*record.Entity
	changed := map[*record.Entity]bool{}
	hlcBefore := s.clock.Last()
	for _, w := range ws {
		if w.Kind == "" || w.ID == "" || strings.IndexByte(string(w.Kind), 0) >= 0 {
			return Applied{}, fmt.Errorf("storage: remote write without kind or id")
		}
		key := string(entityKey(w.Kind, w.ID))
		e, ok := entities[key]
		if !ok {
			var err error
			if e, err = loadEntity(txn, w.Kind, w.ID); err != nil {
				return Applied{}, err
			}
			entities[key] = e
			wasErased[e] = e.Erased()
			wasEmpty[e] = len(e.Fields) == 0
			order = append(order, e)
		}
		if e.Apply(w).Changed {
			changed[e] = true
		}
		s.clock.Observe(w.Stamp)
	}
	// An entity the writes did not change (this device's own writes coming
	// back, a page pulled again after a crash) is neither written nor
	// published: a page that changes nothing writes only its meta.
	order = slices.DeleteFunc(order, func(e *record.Entity) bool { return !changed[e] })
	erased := false
	for _, e := range order {
		if e.Erased() && !wasErased[e] {
			erased = true
		}
		if e.Kind == domain.KindConflict && wasEmpty[e] && !e.Erased() {
			res.Conflicts++
		}
		if err := setEntity(txn, e); err != nil {
			return Applied{}, err
		}
	}
	if erased { // compact soon, so the erased values leave the files
		if err := txn.Set(metaKey(metaCompact), []byte("1")); err != nil {
			return Applied{}, wrapTxn(err)
		}
	}
	for name, v := range meta {
		if err := txn.Set(metaKey(name), v); err != nil {
			return Applied{}, wrapTxn(err)
		}
	}
	if s.clock.Last() != hlcBefore {
		if err := s.setClockAndSeq(txn, s.queueSeq); err != nil {
			return Applied{}, err
		}
	}
	if err := txn.Commit(); err != nil {
		return Applied{}, fmt.Errorf("storage: applying synced changes: %w", err)
	}
	res.Changed = len(order)
	if erased {
		s.erasures++
		s.scheduleCompact()
	}
	if len(order) == 0 {
		return res, nil // nothing changed: nothing to publish, no one to wake
	}
	return res, s.publish(order)
}

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

func getMeta(txn *badger.Txn, name string) ([]byte, error) {
	item, err := txn.Get(metaKey(name))
	if err != nil {
		return nil, err
	}
	return item.ValueCopy(nil)
}

// backupMagic starts every backup file, so a restore can tell a Gather
// backup from any other file before handing it to Badger.
const backupMagic = "GATHER-BACKUP-1\n"

// Backup writes a full backup of the store to w as a single stream.
func (s *Store) Backup(w io.Writer) error {
	if _, err := io.WriteString(w, backupMagic); err != nil {
		return fmt.Errorf("storage: backup: %w", err)
	}
	_, err := s.db.Backup(w, 0)
	if err != nil {
		return fmt.Errorf("storage: backup: %w", err)
	}
	return nil
}

// Restore creates a store in dir (which must be empty or missing) from a
// backup made by Backup.
func Restore(dir string, r io.Reader, opts Options) error {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return fmt.Errorf("storage: restore needs an empty folder; %s has files in it", dir)
	}
	magic := make([]byte, len(backupMagic))
	if _, err := io.ReadFull(r, magic); err != nil || string(magic) != backupMagic {
		return fmt.Errorf("storage: restore: this file is not a Gather backup")
	}
	bo := badger.DefaultOptions(dir).WithLogger(quietLogger{}).WithSyncWrites(true)
	if opts.EncryptionKey != nil {
		bo = bo.WithEncryptionKey(opts.EncryptionKey).WithIndexCacheSize(16 << 20)
	}
	db, err := badger.Open(bo)
	if err != nil {
		return openError(dir, err)
	}
	if err := load(db, r); err != nil {
		db.Close()
		os.RemoveAll(dir)
		return fmt.Errorf("storage: restore: the backup is damaged: %w", err)
	}
	return db.Close()
}

// load runs Badger's Load, which panics on some damaged input.
func load(db *badger.DB, r io.Reader) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%v", p)
		}
	}()
	return db.Load(r, 256)
}

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
