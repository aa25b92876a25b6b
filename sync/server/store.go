package server

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/dgraph-io/badger/v4"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/hlc"
	"github.com/gather-sp/gather/internal/walfix"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/protocol"
)

// MaxClockAhead is how far ahead of the server's clock a write may be
// stamped. Further ahead and it is refused: a tablet with its date set a
// year ahead must not win every merge for a year.
const MaxClockAhead = 5 * time.Minute

// ServerDevice is the device id in stamps the server makes itself (venues
// added by an administrator, conflict records).
const ServerDevice = "server"

// Errors of the store that callers can act on.
var (
	ErrLocked       = errors.New("the data folder is in use by a running gather-server; use the running server (the command does that by itself when it can reach it) or stop it first")
	ErrUnknownVenue = errors.New("no such venue")
	ErrNoDevice     = errors.New("no such device")
)

// StoreOptions configure OpenStore.
type StoreOptions struct {
	// Now replaces the wall clock (tests and the chaos simulation).
	Now func() time.Time
	// InMemory keeps everything in memory (tests and benchmarks only).
	InMemory bool
	// MaxGroupWrites bounds the writes applied in one commit group.
	MaxGroupWrites int
	// CompactDelay is how long after an erasure the store waits before
	// rewriting its files (Compact); 0 means 10 seconds.
	CompactDelay time.Duration
	// EncryptionKey, when set, is the 32-byte (AES-256) key the store is
	// encrypted with at rest, and the key its backups are sealed with (see
	// atrest.go). A store made with a key opens only with that key; one
	// made without opens only without.
	EncryptionKey []byte
}

// Store is the server's embedded store.
type Store struct {
	db    *badger.DB
	key   []byte // the at-rest key (atrest.go); nil for a plain store
	now   func() time.Time
	clock *hlc.Clock
	epoch string

	commitMu sync.Mutex // serialises commits, so sequences follow commit order
	seq      uint64     // last assigned commit sequence; guarded by commitMu
	erasures uint64     // commits that erased something; guarded by commitMu
	head     atomicU64  // last committed sequence, for progress

	devMu   sync.RWMutex
	devices map[string]*device // by id
	tokens  map[string]string  // token hash (hex) -> device id

	jobs     chan *pushJob
	maxGroup int
	stop     context.CancelFunc
	done     chan struct{}
	closed   sync.Once

	compactMu   sync.Mutex    // one Compact at a time
	compactSoon chan struct{} // an erasure was committed
	bg          sync.WaitGroup
}

// device is an enrolled device as the server keeps it.
type device struct {
	ID       string         `json:"id"`
	Name     string         `json:"name"`
	Scope    protocol.Scope `json:"scope"`
	Role     string         `json:"role,omitempty"`
	Enrolled int64          `json:"enrolled"`
	LastSeen int64          `json:"last_seen,omitempty"`
	// LastSynced is when the device last finished a pull: it was up to
	// date then.
	LastSynced int64  `json:"last_synced,omitempty"`
	LastSeq    uint64 `json:"last_seq"`
	// Incarnation is the copy of the device's store the server accepts
	// pushes from (see checkIncarnation).
	Incarnation string `json:"incarnation,omitempty"`
	Revoked     bool   `json:"revoked,omitempty"`
	TokenHash   string `json:"token_hash"`
}

func (d *device) info() protocol.DeviceInfo {
	return protocol.DeviceInfo{ID: d.ID, Name: d.Name, Scope: d.Scope, Role: d.Role, Enrolled: d.Enrolled,
		LastSeen: d.LastSeen, LastSynced: d.LastSynced, LastSeq: d.LastSeq, Revoked: d.Revoked}
}

// enrolCode is a one-time enrolment code as stored (under its hash).
type enrolCode struct {
	Scope   protocol.Scope `json:"scope"`
	Role    string         `json:"role,omitempty"`
	Expires int64          `json:"expires"`
}

// OpenStore opens (or creates) the server store in dir/db.
func OpenStore(dir string, opts StoreOptions) (*Store, error) {
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
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	s := &Store{db: db, key: opts.EncryptionKey, now: now, clock: hlc.NewClock(ServerDevice, now),
		devices: map[string]*device{}, tokens: map[string]string{},
		jobs: make(chan *pushJob, 1024), maxGroup: opts.MaxGroupWrites, done: make(chan struct{}),
		compactSoon: make(chan struct{}, 1)}
	if s.maxGroup <= 0 {
		s.maxGroup = 2 * protocol.MaxPushWrites
	}
	if err := s.load(); err != nil {
		db.Close()
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	s.stop = cancel
	go s.commitLoop(ctx)
	delay := opts.CompactDelay
	if delay <= 0 {
		delay = 10 * time.Second
	}
	s.bg.Add(1)
	go s.compactor(ctx, delay)
	if err := db.View(func(txn *badger.Txn) error {
		_, err := txn.Get(metaKey(metaCompactPending))
		return err
	}); err == nil {
		s.scheduleCompact() // an erasure the last run did not compact away
	}
	return s, nil
}

func (s *Store) load() error {
	return s.db.Update(func(txn *badger.Txn) error {
		if b, err := getValue(txn, metaKey("epoch")); err == nil {
			s.epoch = string(b)
		} else if errors.Is(err, badger.ErrKeyNotFound) {
			s.epoch = newEpoch()
			if err := txn.Set(metaKey("epoch"), []byte(s.epoch)); err != nil {
				return err
			}
		} else {
			return err
		}
		if b, err := getValue(txn, metaKey("seq")); err == nil && len(b) == 8 {
			s.seq = binary.BigEndian.Uint64(b)
		}
		if b, err := getValue(txn, metaKey("hlc")); err == nil {
			if t, err := hlc.Parse(string(b)); err == nil {
				s.clock.Observe(t)
			}
		}
		s.head.store(s.seq)
		opts := badger.DefaultIteratorOptions
		opts.Prefix = []byte{prefixDevice}
		it := txn.NewIterator(opts)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			var d device
			if err := it.Item().Value(func(v []byte) error { return json.Unmarshal(v, &d) }); err != nil {
				return fmt.Errorf("device record %q is damaged: %w", it.Item().Key(), err)
			}
			s.devices[d.ID] = &d
			if d.TokenHash != "" {
				s.tokens[d.TokenHash] = d.ID
			}
		}
		return nil
	})
}

func newEpoch() string {
	var b [8]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// Epoch is the store's epoch; it changes when the store is restored from a
// backup, telling devices to re-pull and re-push.
func (s *Store) Epoch() string { return s.epoch }

// Head is the last committed sequence.
func (s *Store) Head() uint64 { return s.head.load() }

// Close stops the committer and closes Badger.
func (s *Store) Close() error {
	var err error
	s.closed.Do(func() {
		s.stop()
		<-s.done
		s.bg.Wait()
		s.compactMu.Lock() // a Compact called by hand finishes first
		defer s.compactMu.Unlock()
		err = s.db.Close()
	})
	return err
}

func getValue(txn *badger.Txn, key []byte) ([]byte, error) {
	item, err := txn.Get(key)
	if err != nil {
		return nil, err
	}
	return item.ValueCopy(nil)
}

func hashSecret(secret string) []byte {
	h := sha256.Sum256([]byte(secret))
	return h[:]
}

// ---- devices and enrolment ----

// Authenticate finds the device a bearer token belongs to. Revoked devices
// are returned with the error so the caller can say so.
func (s *Store) Authenticate(token string) (*device, *protocol.Error) {
	if token == "" {
		return nil, &protocol.Error{Code: protocol.CodeNotEnrolled, Message: "this device is not connected to the server: enrol it with a code from your administrator (Settings, Connect to server)"}
	}
	hash := hex.EncodeToString(hashSecret(token))
	s.devMu.RLock()
	defer s.devMu.RUnlock()
	d := s.devices[s.tokens[hash]]
	switch {
	case d == nil:
		return nil, &protocol.Error{Code: protocol.CodeNotEnrolled, Message: "the server does not know this device's token: enrol it again with a new code from your administrator"}
	case d.Revoked:
		return nil, &protocol.Error{Code: protocol.CodeRevoked, Message: "this device was removed by an administrator and can no longer sync; ask your administrator if this is a mistake"}
	}
	cp := *d
	return &cp, nil
}

// CreateCode makes a one-time enrolment code for a scope, valid for the
// given time. Venues in the scope must exist.
func (s *Store) CreateCode(scope protocol.Scope, role string, validFor time.Duration) (string, time.Time, error) {
	if !scope.Organisation && len(scope.Venues) == 0 {
		return "", time.Time{}, errors.New("a code needs the organisation scope or at least one venue")
	}
	if validFor <= 0 {
		validFor = 24 * time.Hour
	}
	if err := s.db.View(func(txn *badger.Txn) error {
		for _, v := range scope.Venues {
			e, _, err := loadEntity(txn, domain.KindVenue, v)
			if err != nil {
				return err
			}
			if len(e.Fields) == 0 || e.Deleted() {
				return fmt.Errorf("%w %q: add it first with add-venue", ErrUnknownVenue, v)
			}
		}
		return nil
	}); err != nil {
		return "", time.Time{}, err
	}
	code := newCode()
	expires := s.now().Add(validFor)
	b, _ := json.Marshal(enrolCode{Scope: scope, Role: role, Expires: expires.UnixMilli()})
	s.commitMu.Lock() // Compact holds writers off while Badger flushes
	defer s.commitMu.Unlock()
	err := s.db.Update(func(txn *badger.Txn) error {
		return txn.Set(codeKey(hashSecret(normaliseCode(code))), b)
	})
	return code, expires, err
}

// codeEncoding leaves out characters people confuse (0/O, 1/I).
var codeEncoding = base32.NewEncoding("ABCDEFGHJKLMNPQRSTUVWXYZ23456789").WithPadding(base32.NoPadding)

// newCode makes a code like "K7QM-3XPA-9TRD": 60 random bits.
func newCode() string {
	var b [8]byte
	rand.Read(b[:])
	c := codeEncoding.EncodeToString(b[:])[:12]
	return c[:4] + "-" + c[4:8] + "-" + c[8:12]
}

// normaliseCode forgives case, spaces and dashes in a typed code.
func normaliseCode(c string) string {
	c = strings.ToUpper(c)
	return strings.Map(func(r rune) rune {
		if r == '-' || r == ' ' {
			return -1
		}
		return r
	}, c)
}

// Enrol trades a code for a device token. The code works once.
func (s *Store) Enrol(req protocol.EnrolRequest) (*protocol.EnrolResponse, *protocol.Error, error) {
	s.commitMu.Lock()
	defer s.commitMu.Unlock()
	txn := s.db.NewTransaction(true)
	defer txn.Discard()
	key := codeKey(hashSecret(normaliseCode(req.Code)))
	b, err := getValue(txn, key)
	badCode := &protocol.Error{Code: protocol.CodeBadCode, Message: "this enrolment code is not valid: it may be mistyped, already used or expired; check it, or ask your administrator for a new one"}
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, badCode, nil
	}
	if err != nil {
		return nil, nil, err
	}
	var c enrolCode
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, nil, fmt.Errorf("enrolment code record is damaged: %w", err)
	}
	if s.now().UnixMilli() > c.Expires {
		txn.Delete(key)
		txn.Commit()
		return nil, badCode, nil
	}
	s.devMu.RLock()
	old := s.devices[req.DeviceID]
	s.devMu.RUnlock()
	if perr := mayTakeDeviceID(old, req.Token); perr != nil {
		return nil, perr, nil // the code stays valid for the device's next try
	}
	var tok [32]byte
	rand.Read(tok[:])
	token := base64.RawURLEncoding.EncodeToString(tok[:])
	hash := hex.EncodeToString(hashSecret(token))
	d := &device{ID: req.DeviceID, Name: req.DeviceName, Scope: c.Scope, Role: c.Role,
		Enrolled: s.now().UnixMilli(), TokenHash: hash}
	if old != nil {
		// The same store enrolling again keeps its numbering and copy.
		d.LastSeq, d.Incarnation = old.LastSeq, old.Incarnation
	}
	db, _ := json.Marshal(d)
	if err := txn.Delete(key); err != nil {
		return nil, nil, err
	}
	if err := txn.Set(deviceKey(d.ID), db); err != nil {
		return nil, nil, err
	}
	if err := txn.Commit(); err != nil {
		return nil, nil, err
	}
	s.devMu.Lock()
	if old != nil {
		delete(s.tokens, old.TokenHash)
	}
	s.devices[d.ID] = d
	s.tokens[hash] = d.ID
	s.devMu.Unlock()
	return &protocol.EnrolResponse{Schema: protocol.Schema, Token: token, DeviceID: d.ID, Epoch: s.epoch,
		Scope: c.Scope, Role: c.Role}, nil, nil
}

// mayTakeDeviceID refuses an enrolment that would replace another device.
// Device ids are in every stamp, so they are public: only the device's
// current token proves an id is the caller's own. A revoked id stays
// revoked; a device set up again after revocation has a new id.
func mayTakeDeviceID(old *device, token string) *protocol.Error {
	switch {
	case old == nil:
		return nil
	case old.Revoked:
		return &protocol.Error{Code: protocol.CodeRevoked, Message: "this device was removed by an administrator and cannot be connected again as it is; its records are wiped when Gather next opens, and it can then be set up as a new device"}
	case token != "" && subtle.ConstantTimeCompare([]byte(hex.EncodeToString(hashSecret(token))), []byte(old.TokenHash)) == 1:
		return nil
	}
	return &protocol.Error{Code: protocol.CodeDeviceIDTaken, Message: "another device is already enrolled with this device's id (this device's records may have been copied from it); the device will take a new id and try again"}
}

// Devices lists enrolled devices, newest first.
func (s *Store) Devices() []protocol.DeviceInfo {
	s.devMu.RLock()
	defer s.devMu.RUnlock()
	out := make([]protocol.DeviceInfo, 0, len(s.devices))
	for _, d := range s.devices {
		out = append(out, d.info())
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Enrolled != out[j].Enrolled {
			return out[i].Enrolled > out[j].Enrolled
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// Revoke removes a device: it is refused from its next request on.
func (s *Store) Revoke(id string) error {
	s.commitMu.Lock()
	defer s.commitMu.Unlock()
	s.devMu.RLock()
	d := s.devices[id]
	s.devMu.RUnlock()
	if d == nil {
		return fmt.Errorf("%w %q: list devices to see their ids", ErrNoDevice, id)
	}
	cp := *d
	cp.Revoked = true
	b, _ := json.Marshal(&cp)
	if err := s.db.Update(func(txn *badger.Txn) error { return txn.Set(deviceKey(id), b) }); err != nil {
		return err
	}
	s.devMu.Lock()
	s.devices[id] = &cp
	s.devMu.Unlock()
	return nil
}

// AddVenue creates a venue record, stamped by the server, so it reaches
// devices like any other change. An empty id gets a new one.
func (s *Store) AddVenue(id, name, address string) (string, error) {
	if strings.TrimSpace(name) == "" {
		return "", errors.New("a venue needs a name")
	}
	if id == "" {
		id = domain.NewID()
	}
	if len(id) > protocol.MaxIDBytes || strings.IndexByte(id, 0) >= 0 {
		return "", errors.New("a venue id must be at most 256 bytes without NUL")
	}
	fields := map[string]string{"name": name, "address": address}
	var ws []record.Write
	for _, f := range []string{"address", "name"} {
		if fields[f] == "" {
			continue
		}
		ws = append(ws, record.Write{Kind: domain.KindVenue, ID: id, Field: f, Value: fields[f], Stamp: s.clock.Now(), Staff: "administrator"})
	}
	job := &pushJob{server: ws, done: make(chan pushResult, 1)}
	if err := s.submit(context.Background(), job); err != nil {
		return "", err
	}
	return id, nil
}

// ---- backup and restore ----

// backupMagic starts a plain backup: one made by a store without a key,
// or by a version before backups were sealed. Restore still reads it.
const backupMagic = "GATHER-SERVER-BACKUP-1\n"

// Backup streams a full backup while the server runs. A store with a key
// writes it sealed with that key (EncryptedBackupMagic, atrest.go): Badger's
// own backup stream is plain even for an encrypted store.
func (s *Store) Backup(w io.Writer) error {
	if s.key == nil {
		if _, err := io.WriteString(w, backupMagic); err != nil {
			return err
		}
		_, err := s.db.Backup(w, 0)
		return err
	}
	sw, err := newSealWriter(w, s.key)
	if err != nil {
		return err
	}
	if _, err := s.db.Backup(sw, 0); err != nil {
		return err
	}
	return sw.Close()
}

// Restore fills an empty data folder from a backup and gives it a new
// epoch, so every device re-pulls what it may see and pushes back whatever
// the backup lacks. opts (at most one) gives the key: the restored store is
// encrypted with it, and a sealed backup is opened with it. A plain backup
// may be restored with or without a key.
func Restore(dir string, r io.Reader, opts ...StoreOptions) error {
	var key []byte
	if len(opts) > 0 {
		key = opts[0].EncryptionKey
	}
	if key != nil && len(key) != KeySize {
		return fmt.Errorf("the server key must be %d bytes, not %d", KeySize, len(key))
	}
	dbDir := filepath.Join(dir, "db")
	if entries, err := os.ReadDir(dbDir); err == nil && len(entries) > 0 {
		return fmt.Errorf("restore needs an empty data folder; %s already holds a store", dir)
	}
	magic := make([]byte, len(backupMagic))
	if _, err := io.ReadFull(r, magic); err != nil {
		return errors.New("this file is not a gather-server backup")
	}
	var in io.Reader
	switch string(magic) {
	case backupMagic:
		in = r
	case EncryptedBackupMagic:
		or, err := newOpenReader(r, key)
		if err != nil {
			return err
		}
		in = or
	default:
		return errors.New("this file is not a gather-server backup")
	}
	bo := badger.DefaultOptions(dbDir).WithLogger(quietLogger{}).WithSyncWrites(true)
	if key != nil {
		bo = bo.WithEncryptionKey(key).WithIndexCacheSize(64 << 20)
	}
	db, err := badger.Open(bo)
	if err != nil {
		return err
	}
	err = loadBackup(db, in)
	if err == nil {
		// Load stops at the end of Badger's stream; a sealed file must
		// also end there, with its last frame.
		_, err = io.Copy(io.Discard, in)
	}
	if err == nil {
		err = db.Update(func(txn *badger.Txn) error { return txn.Set(metaKey("epoch"), []byte(newEpoch())) })
	}
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.RemoveAll(dbDir) // nothing half-restored is left to be served
		if errors.Is(err, ErrBackupCut) || errors.Is(err, errBackupTrailer) {
			return err
		}
		return fmt.Errorf("the backup is damaged: %w", err)
	}
	return nil
}

// loadBackup runs Badger's Load, which panics on some damaged input.
func loadBackup(db *badger.DB, r io.Reader) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%v", p)
		}
	}()
	return db.Load(r, 256)
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

// loadEntity reads an entity's state and its current log sequence (0 when
// the server has never seen it).
func loadEntity(txn *badger.Txn, kind record.Kind, id string) (*record.Entity, uint64, error) {
	item, err := txn.Get(entityKey(kind, id))
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

// Entity returns a record's merged state as the server holds it (tests and
// tools).
func (s *Store) Entity(kind record.Kind, id string) (*record.Entity, error) {
	var e *record.Entity
	err := s.db.View(func(txn *badger.Txn) error {
		var err error
		e, _, err = loadEntity(txn, kind, id)
		return err
	})
	return e, err
}

// conflictEntity makes the server's conflict records: the server is their
// only author, and their id and content derive from the pair of writes.
var conflictEntity = domain.ConflictEntity
