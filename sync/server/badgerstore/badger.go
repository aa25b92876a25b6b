package badgerstore

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/dgraph-io/badger/v4"

	"github.com/gather-sp/gather/internal/walfix"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/server"
)

// ErrLocked says another process holds the data folder.
var ErrLocked = errors.New("the data folder is in use by a running gather-server; use the running server (the command does that by itself when it can reach it) or stop it first")

// Options configure Open.
type Options struct {
	// InMemory keeps everything in memory (tests and benchmarks only).
	InMemory bool
	// CompactDelay is how long after an erasure the store waits before
	// rewriting its files (Compact); 0 means 10 seconds.
	CompactDelay time.Duration
	// EncryptionKey, when set, is the 32-byte (AES-256) key the store is
	// encrypted with at rest, and the key its backups are sealed with (see
	// atrest.go). A store made with a key opens only with that key; one
	// made without opens only without.
	EncryptionKey []byte
}

// DB is a Badger-backed server.Backend.
type DB struct {
	db  *badger.DB
	key []byte // the at-rest key (atrest.go); nil for a plain store

	mu       sync.Mutex // serialises updates, so sequences follow commit order
	erasures uint64     // commits that erased something; guarded by mu

	// The device registry, loaded at Open and kept in step with every
	// commit: Badger's lock means no other process changes it.
	devMu   sync.RWMutex
	devices map[string]*server.Device // by id
	tokens  map[string]string         // token hash (hex) -> device id

	failures *memFailures
	room     *diskRoom // nil in memory

	stop        context.CancelFunc
	closed      sync.Once
	compactMu   sync.Mutex    // one Compact at a time
	compactSoon chan struct{} // an erasure was committed
	bg          sync.WaitGroup
}

var _ server.Backend = (*DB)(nil)

// Open opens (or creates) the store in dir/db.
func Open(dir string, opts Options) (*DB, error) {
	bo := badger.DefaultOptions(filepath.Join(dir, "db")).
		WithSyncWrites(true).
		WithLogger(quietLogger{}).
		WithMemTableSize(128 << 20).
		WithNumCompactors(2).
		WithInMemory(opts.InMemory)
	if opts.InMemory {
		bo = bo.WithDir("").WithValueDir("")
	}
	if opts.EncryptionKey != nil {
		// Badger needs an index cache when it encrypts: tables' indexes
		// are decrypted into it rather than read from the mapped file.
		bo = bo.WithEncryptionKey(opts.EncryptionKey).WithIndexCacheSize(64 << 20)
	}
	if !opts.InMemory {
		if err := checkStoreKey(dir, opts.EncryptionKey); err != nil {
			return nil, err
		}
		if err := lowSpace(dir); err != nil {
			return nil, err
		}
		// A crash while Badger makes a new log leaves an empty file it will
		// not open; it never held a write (see walfix).
		if _, err := walfix.DropEmptyMemtables(bo.Dir); err != nil {
			return nil, fmt.Errorf("opening the server store in %s: %w", dir, err)
		}
	}
	db, err := badger.Open(bo)
	if err != nil {
		if strings.Contains(err.Error(), "Cannot acquire directory lock") {
			return nil, ErrLocked
		}
		if kerr := keyError(err, opts.EncryptionKey); kerr != nil {
			return nil, kerr
		}
		return nil, fmt.Errorf("opening the server store in %s: %w", dir, err)
	}
	d := &DB{db: db, key: opts.EncryptionKey, devices: map[string]*server.Device{}, tokens: map[string]string{},
		failures: &memFailures{m: map[string]*failure{}}, compactSoon: make(chan struct{}, 1)}
	if !opts.InMemory {
		d.room = &diskRoom{dir: dir}
	}
	if err := d.load(); err != nil {
		db.Close()
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	d.stop = cancel
	delay := opts.CompactDelay
	if delay <= 0 {
		delay = 10 * time.Second
	}
	d.bg.Add(1)
	go d.compactor(ctx, delay)
	if err := db.View(func(txn *badger.Txn) error {
		_, err := txn.Get(metaKey(metaCompactPending))
		return err
	}); err == nil {
		d.scheduleCompact() // an erasure the last run did not compact away
	}
	return d, nil
}

func (d *DB) load() error {
	return d.db.View(func(txn *badger.Txn) error {
		opts := badger.DefaultIteratorOptions
		opts.Prefix = []byte{prefixDevice}
		it := txn.NewIterator(opts)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			var dev server.Device
			if err := it.Item().Value(func(v []byte) error { return json.Unmarshal(v, &dev) }); err != nil {
				return fmt.Errorf("device record %q is damaged: %w", it.Item().Key(), err)
			}
			d.devices[dev.ID] = &dev
			if dev.TokenHash != "" {
				d.tokens[dev.TokenHash] = dev.ID
			}
		}
		return nil
	})
}

// Close stops the compactor and closes Badger.
func (d *DB) Close() error {
	var err error
	d.closed.Do(func() {
		d.stop()
		d.bg.Wait()
		d.compactMu.Lock() // a Compact called by hand finishes first
		defer d.compactMu.Unlock()
		err = d.db.Close()
	})
	return err
}

// Update runs fn in one Badger transaction under the update lock.
func (d *DB) Update(_ context.Context, fn func(server.Tx) error) error {
	if err := d.room.check(); err != nil {
		return err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	txn := d.db.NewTransaction(true)
	defer txn.Discard()
	t := &tx{d: d, txn: txn, devs: map[string]*server.Device{}}
	err := fn(t)
	if err == nil && t.erased {
		err = txn.Set(metaKey(metaCompactPending), []byte("1"))
	}
	if err == nil {
		err = txn.Commit()
	}
	if errors.Is(err, badger.ErrTxnTooBig) {
		return fmt.Errorf("%w: %w", server.ErrTxnTooBig, err)
	}
	if err != nil {
		return err
	}
	d.devMu.Lock()
	for id, dev := range t.devs {
		if old := d.devices[id]; old != nil && old.TokenHash != dev.TokenHash {
			delete(d.tokens, old.TokenHash)
		}
		d.devices[id] = dev
		if dev.TokenHash != "" {
			d.tokens[dev.TokenHash] = id
		}
	}
	d.devMu.Unlock()
	if t.erased {
		d.erasures++
		d.scheduleCompact()
	}
	return nil
}

// View runs fn in one Badger read snapshot.
func (d *DB) View(_ context.Context, fn func(server.Reader) error) error {
	return d.db.View(func(txn *badger.Txn) error { return fn(&tx{d: d, txn: txn}) })
}

// DeviceByTokenHash implements server.Backend.
func (d *DB) DeviceByTokenHash(_ context.Context, hash string) (*server.Device, error) {
	d.devMu.RLock()
	defer d.devMu.RUnlock()
	if dev := d.devices[d.tokens[hash]]; dev != nil {
		cp := *dev
		return &cp, nil
	}
	return nil, nil
}

// Devices implements server.Backend.
func (d *DB) Devices(context.Context) ([]server.Device, error) {
	d.devMu.RLock()
	defer d.devMu.RUnlock()
	out := make([]server.Device, 0, len(d.devices))
	for _, dev := range d.devices {
		out = append(out, *dev)
	}
	return out, nil
}

// Touch keeps the times in memory; they are saved with the device's next
// push, so a pull costs no write.
func (d *DB) Touch(_ context.Context, id string, now int64, synced bool) error {
	d.devMu.Lock()
	defer d.devMu.Unlock()
	if dev := d.devices[id]; dev != nil {
		cp := *dev
		cp.LastSeen = max(cp.LastSeen, now)
		if synced {
			cp.LastSynced = max(cp.LastSynced, now)
		}
		d.devices[id] = &cp
	}
	return nil
}

// Failures counts wrong codes in memory: one process serves the folder.
func (d *DB) Failures() server.FailureTable { return d.failures }

// AdminTokenHash is nil: the admin token of a Badger server is in its data
// folder and given to server.New (cmd/gather-server).
func (d *DB) AdminTokenHash(context.Context) ([]byte, error) { return nil, nil }

// tx is a Badger transaction seen through server.Tx.
type tx struct {
	d      *DB
	txn    *badger.Txn
	devs   map[string]*server.Device // devices put in this transaction
	erased bool
}

func getValue(txn *badger.Txn, key []byte) ([]byte, error) {
	item, err := txn.Get(key)
	if err != nil {
		return nil, err
	}
	return item.ValueCopy(nil)
}

func (t *tx) Meta() (server.Meta, error) {
	var m server.Meta
	if b, err := getValue(t.txn, metaKey("epoch")); err == nil {
		m.Epoch = string(b)
	} else if !errors.Is(err, badger.ErrKeyNotFound) {
		return m, err
	}
	if b, err := getValue(t.txn, metaKey("seq")); err == nil && len(b) == 8 {
		m.Seq = binary.BigEndian.Uint64(b)
	} else if err != nil && !errors.Is(err, badger.ErrKeyNotFound) {
		return m, err
	}
	if b, err := getValue(t.txn, metaKey("hlc")); err == nil {
		m.HLC = string(b)
	} else if !errors.Is(err, badger.ErrKeyNotFound) {
		return m, err
	}
	if b, err := getValue(t.txn, metaKey("organisation")); err == nil {
		m.Organisation = string(b)
	} else if !errors.Is(err, badger.ErrKeyNotFound) {
		return m, err
	}
	if b, err := getValue(t.txn, metaKey("sealkey")); err == nil {
		m.SealKey = string(b)
	} else if !errors.Is(err, badger.ErrKeyNotFound) {
		return m, err
	}
	return m, nil
}

func (t *tx) SetMeta(m server.Meta) error {
	if err := t.txn.Set(metaKey("epoch"), []byte(m.Epoch)); err != nil {
		return err
	}
	if err := t.txn.Set(metaKey("seq"), appendSeq(nil, m.Seq)); err != nil {
		return err
	}
	if m.Organisation != "" {
		if err := t.txn.Set(metaKey("organisation"), []byte(m.Organisation)); err != nil {
			return err
		}
	}
	if m.SealKey != "" {
		// Made once (server.Meta): only a store without one takes it.
		_, err := t.txn.Get(metaKey("sealkey"))
		if errors.Is(err, badger.ErrKeyNotFound) {
			err = t.txn.Set(metaKey("sealkey"), []byte(m.SealKey))
		}
		if err != nil {
			return err
		}
	}
	if m.HLC == "" {
		return nil
	}
	return t.txn.Set(metaKey("hlc"), []byte(m.HLC))
}

func (t *tx) Entity(kind record.Kind, id string) (*record.Entity, uint64, error) {
	item, err := t.txn.Get(entityKey(kind, id))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return record.NewEntity(kind, id), 0, nil
	}
	if err != nil {
		return nil, 0, err
	}
	var e *record.Entity
	var seq uint64
	err = item.Value(func(v []byte) error {
		if len(v) < 8 {
			return errBadLogEntry
		}
		seq = binary.BigEndian.Uint64(v)
		var err error
		e, err = record.DecodeEntity(kind, id, v[8:], nil)
		return err
	})
	return e, seq, err
}

func (t *tx) Entities(kind record.Kind, prefix string, fn func(string, *record.Entity) error) error {
	base := entityKey(kind, "")
	opts := badger.DefaultIteratorOptions
	opts.Prefix = entityKey(kind, prefix)
	it := t.txn.NewIterator(opts)
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		item := it.Item()
		id := string(item.Key()[len(base):])
		err := item.Value(func(v []byte) error {
			if len(v) < 8 {
				return errBadLogEntry
			}
			e, err := record.DecodeEntity(kind, id, v[8:], nil)
			if err != nil {
				return fmt.Errorf("%s %q: %w", kind, id, err)
			}
			return fn(id, e)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func (t *tx) LogEntry(seq uint64) (server.LogEntry, bool, error) {
	v, err := getValue(t.txn, logKey(seq))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return server.LogEntry{}, false, nil
	}
	if err != nil {
		return server.LogEntry{}, false, err
	}
	e, err := parseLogEntry(v)
	return e, err == nil, err
}

func (t *tx) Log(after uint64, fn func(uint64, server.LogEntry) (bool, error)) error {
	opts := badger.DefaultIteratorOptions
	opts.Prefix = []byte{prefixLog}
	// Entries are read in place: fn copies what it keeps (e.State is only
	// valid during the call), and prefetching made a copy of every entry
	// first, which was the biggest cost of an organisation device's pull
	// under load (docs/performance.md, issue 13).
	opts.PrefetchValues = false
	it := t.txn.NewIterator(opts)
	defer it.Close()
	for it.Seek(logKey(after + 1)); it.Valid(); it.Next() {
		item := it.Item()
		if !isLogKey(item.Key()) {
			continue
		}
		seq := seqFromLogKey(item.Key())
		more := true
		err := item.Value(func(v []byte) error {
			e, err := parseLogEntry(v)
			if err != nil {
				return err
			}
			more, err = fn(seq, e)
			return err
		})
		if err != nil || !more {
			return err
		}
	}
	return nil
}

// VenueLog merges the venues' partitions of the log index in sequence
// order.
func (t *tx) VenueLog(venues []string, after uint64, fn func(uint64, server.LogEntry) (bool, error)) error {
	type part struct {
		it     *badger.Iterator
		prefix []byte
	}
	var parts []part
	defer func() {
		for _, p := range parts {
			p.it.Close()
		}
	}()
	for _, v := range venues {
		opts := badger.DefaultIteratorOptions
		opts.Prefix = indexPrefix(v)
		opts.PrefetchValues = false
		it := t.txn.NewIterator(opts)
		it.Seek(appendSeq(indexPrefix(v), after+1))
		parts = append(parts, part{it, opts.Prefix})
	}
	seqOf := func(p part) uint64 { return binary.BigEndian.Uint64(p.it.Item().Key()[len(p.prefix):]) }
	last := after
	for {
		best := -1
		for i, p := range parts {
			if p.it.Valid() && (best < 0 || seqOf(p) < seqOf(parts[best])) {
				best = i
			}
		}
		if best < 0 {
			return nil
		}
		seq := seqOf(parts[best])
		parts[best].it.Next()
		if seq == last {
			continue // a person linked to two of the venues
		}
		last = seq
		v, err := getValue(t.txn, logKey(seq))
		if errors.Is(err, badger.ErrKeyNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		e, err := parseLogEntry(v)
		if err != nil {
			return err
		}
		if more, err := fn(seq, e); err != nil || !more {
			return err
		}
	}
}

func (t *tx) Linked(person, venue string) (bool, error) {
	_, err := t.txn.Get(linkKey(person, venue))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return false, nil
	}
	return err == nil, err
}

func (t *tx) PersonVenues(person string) ([]string, error) {
	prefix := linkPrefix(person)
	opts := badger.DefaultIteratorOptions
	opts.Prefix = prefix
	opts.PrefetchValues = false
	it := t.txn.NewIterator(opts)
	defer it.Close()
	var out []string
	for it.Rewind(); it.Valid(); it.Next() {
		out = append(out, string(it.Item().Key()[len(prefix):]))
	}
	return out, nil
}

func (t *tx) Device(id string) (*server.Device, error) {
	if dev, ok := t.devs[id]; ok {
		cp := *dev
		return &cp, nil
	}
	t.d.devMu.RLock()
	defer t.d.devMu.RUnlock()
	if dev := t.d.devices[id]; dev != nil {
		cp := *dev
		return &cp, nil
	}
	return nil, nil
}

func (t *tx) Code(hash []byte) (*server.EnrolCode, error) {
	b, err := getValue(t.txn, codeKey(hash))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var c server.EnrolCode
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, fmt.Errorf("enrolment code record is damaged: %w", err)
	}
	return &c, nil
}

func (t *tx) PutEntity(kind record.Kind, id string, state []byte, seq uint64) error {
	// The store never reads an older version of a state: let Badger drop
	// them at the next compaction and leave them out of backups, which is
	// what makes an erasure leave no old values behind.
	return t.txn.SetEntry(badger.NewEntry(entityKey(kind, id), append(appendSeq(nil, seq), state...)).WithDiscard())
}

func (t *tx) PutLog(seq uint64, e server.LogEntry, venues []string) error {
	if err := t.txn.Set(logKey(seq), appendLogEntry(nil, e)); err != nil {
		return err
	}
	for _, v := range venues {
		if err := t.txn.Set(indexKey(v, seq), nil); err != nil {
			return err
		}
	}
	return nil
}

func (t *tx) DeleteLog(seq uint64, venues []string) error {
	for _, v := range venues {
		if err := t.txn.Delete(indexKey(v, seq)); err != nil {
			return err
		}
	}
	return t.txn.Delete(logKey(seq))
}

func (t *tx) PutLink(person, venue string) error { return t.txn.Set(linkKey(person, venue), nil) }

func (t *tx) PutDevice(dev *server.Device) error {
	b, err := json.Marshal(dev)
	if err != nil {
		return err
	}
	if err := t.txn.Set(deviceKey(dev.ID), b); err != nil {
		return err
	}
	cp := *dev
	t.devs[dev.ID] = &cp
	return nil
}

func (t *tx) PutCode(hash []byte, c server.EnrolCode) error {
	b, err := json.Marshal(c)
	if err != nil {
		return err
	}
	return t.txn.Set(codeKey(hash), b)
}

func (t *tx) DeleteCode(hash []byte) error { return t.txn.Delete(codeKey(hash)) }

func (t *tx) DeleteCodes() error { return deleteCodes(t.txn) }

// deleteCodes removes every enrolment code in txn (there are a few: each
// lasts a day or so).
func deleteCodes(txn *badger.Txn) error {
	it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{prefixCode}})
	var keys [][]byte
	for it.Rewind(); it.Valid(); it.Next() {
		keys = append(keys, it.Item().KeyCopy(nil))
	}
	it.Close()
	for _, k := range keys {
		if err := txn.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

func (t *tx) Erased() { t.erased = true }

func (t *tx) NewRecords(device string, kind record.Kind) (server.NewRecords, error) {
	b, err := getValue(t.txn, newRecordsKey(device, kind))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return server.NewRecords{}, nil
	}
	if err != nil {
		return server.NewRecords{}, err
	}
	if len(b) != 16 {
		return server.NewRecords{}, fmt.Errorf("the count of new %s records of device %q is damaged", kind, device)
	}
	return server.NewRecords{Day: int64(binary.BigEndian.Uint64(b)), N: int(binary.BigEndian.Uint64(b[8:]))}, nil
}

func (t *tx) PutNewRecords(device string, kind record.Kind, c server.NewRecords) error {
	v := binary.BigEndian.AppendUint64(appendSeq(nil, uint64(c.Day)), uint64(c.N))
	return t.txn.Set(newRecordsKey(device, kind), v)
}

// memFailures is the wrong-code table in memory, bounded by the limiter.
type memFailures struct {
	mu sync.Mutex
	m  map[string]*failure
}

type failure struct {
	start time.Time
	n     int
}

func (f *memFailures) Get(_ context.Context, key string) (time.Time, int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if g := f.m[key]; g != nil {
		return g.start, g.n, nil
	}
	return time.Time{}, 0, nil
}

func (f *memFailures) Add(_ context.Context, key string, now time.Time, window time.Duration) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	switch g := f.m[key]; {
	case g == nil:
		f.m[key] = &failure{start: now, n: 1}
	case now.Sub(g.start) >= window:
		g.start, g.n = now, 1
	default:
		g.n++
	}
	return nil
}

func (f *memFailures) Len(context.Context) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.m), nil
}

func (f *memFailures) Prune(_ context.Context, before time.Time) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	for k, g := range f.m {
		if !g.start.After(before) {
			delete(f.m, k)
		}
	}
	return nil
}

type quietLogger struct{}

func (quietLogger) Errorf(f string, a ...any) {
	fmt.Fprintln(os.Stderr, "badger:", strings.TrimSpace(fmt.Sprintf(f, a...)))
}
func (quietLogger) Warningf(f string, a ...any) {
	fmt.Fprintln(os.Stderr, "badger:", strings.TrimSpace(fmt.Sprintf(f, a...)))
}
func (quietLogger) Infof(string, ...any)  {}
func (quietLogger) Debugf(string, ...any) {}

// OpenStore opens the Badger store in dir and runs a server.Store over it;
// closing the Store closes the database.
func OpenStore(dir string, opts Options, sopts server.StoreOptions) (*server.Store, error) {
	db, err := Open(dir, opts)
	if err != nil {
		return nil, err
	}
	s, err := server.NewStore(db, sopts)
	if err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}
