package storage

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/dgraph-io/badger/v4"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

// Save records one user action: every field of every change is stamped,
// merged into its entity and queued for sync, all in one durable transaction.
// Fields whose value is unchanged are not written. When Save returns nil the
// action is on disk.
func (s *Store) Save(staff string, changes ...record.Change) error {
	return s.save(staff, changes, false, nil)
}

// SaveWithMeta is Save, with meta values written in the same transaction
// (also when no field changes): a caller's note about the changes (which
// record first-time setup wrote, say) is on disk exactly when they are.
func (s *Store) SaveWithMeta(staff string, meta map[string][]byte, changes ...record.Change) error {
	return s.save(staff, changes, false, meta)
}

// save is Save; with purge, queued writes to the fields being changed are
// dropped first (all of an entity's writes when it is erased), so values an
// erasure removes do not linger in the outbound queue. meta is written in
// the same transaction.
func (s *Store) save(staff string, changes []record.Change, purge bool, meta map[string][]byte) error {
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
	if purge {
		counts, err := purgeQueued(txn, changes, nil, s.queueLow.Load())
		if err != nil {
			return err
		}
		for _, c := range counts {
			purged += int64(c.n)
		}
		unqueued = counts
	}
	for _, c := range changes {
		if c.Kind == "" || c.ID == "" || strings.IndexByte(string(c.Kind), 0) >= 0 {
			return fmt.Errorf("storage: a change needs a kind and an id (got %q/%q)", c.Kind, c.ID)
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
	for k, v := range meta {
		if err := txn.Set(metaKey(k), v); err != nil {
			return wrapTxn(err)
		}
	}
	if seq == s.queueSeq {
		if len(meta) == 0 {
			return nil // nothing changed
		}
		if err := txn.Commit(); err != nil {
			return fmt.Errorf("storage: saving: %w", err)
		}
		return nil
	}
	if err := s.setClockAndSeq(txn, seq); err != nil {
		return err
	}
	if erased {
		if err := txn.Set(metaKey(metaCompact), []byte("1")); err != nil {
			return wrapTxn(err)
		}
	}
	if purged > 0 {
		// Numbers the server never got are gone from the queue. The mark
		// is new each time (this save's last number), so a push that
		// said "renumbered" before it does not clear it (SetMetaIf).
		if err := txn.Set(metaKey(MetaRebase), strconv.AppendUint(nil, seq, 10)); err != nil {
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
	return setEntityState(txn, e, record.AppendEntity(nil, e))
}

// setEntityState stores e as state, its encoding (record.AppendEntity).
func setEntityState(txn *badger.Txn, e *record.Entity, state []byte) error {
	return wrapTxn(txn.SetEntry(badger.NewEntry(entityKey(e.Kind, e.ID), state).WithDiscard()))
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
	// Marks are gathered per session, so each register is copied and
	// inserted once per commit rather than once per mark (a page of a
	// first pull holds forty marks a session).
	marks := map[string]map[string]*Row{}
	for _, e := range es {
		if e.Kind == domain.KindAttendance {
			sid := sessionOfMark(e)
			if marks[sid] == nil {
				marks[sid] = map[string]*Row{}
			}
			var row *Row
			if !e.Deleted() {
				row = newRow(e)
			}
			marks[sid][e.ID] = row
			continue
		}
		if err := upsert(txn, e); err != nil {
			return fmt.Errorf("storage: updating the read model: %w", err)
		}
	}
	for sid, rows := range marks {
		reg := &register{sessionID: sid}
		if obj, err := txn.First(string(domain.KindAttendance), indexID, sid); err != nil {
			return fmt.Errorf("storage: updating the read model: %w", err)
		} else if obj != nil {
			reg = obj.(*register)
		}
		if err := txn.Insert(string(domain.KindAttendance), reg.withAll(rows)); err != nil {
			return fmt.Errorf("storage: updating the read model: %w", err)
		}
	}
	txn.Commit()
	s.notify()
	return nil
}

func loadEntity(txn *badger.Txn, kind record.Kind, id string) (*record.Entity, error) {
	e, _, err := lookupEntity(txn, kind, id)
	return e, err
}

// lookupEntity is loadEntity saying whether the store holds the record.
func lookupEntity(txn *badger.Txn, kind record.Kind, id string) (*record.Entity, bool, error) {
	item, err := txn.Get(entityKey(kind, id))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return record.NewEntity(kind, id), false, nil
	}
	if err != nil {
		return nil, false, err
	}
	var e *record.Entity
	err = item.Value(func(v []byte) error {
		var err error
		e, err = record.DecodeEntity(kind, id, v, nil)
		return err
	})
	return e, err == nil, err
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

// eachEntity calls fn with every record the store holds, in key order, in
// one snapshot.
func (s *Store) eachEntity(fn func(e *record.Entity)) error {
	return s.db.View(func(txn *badger.Txn) error {
		opts := badger.DefaultIteratorOptions
		opts.Prefix = []byte{prefixEntity}
		it := txn.NewIterator(opts)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			k, err := ParseKey(it.Item().Key())
			if err != nil {
				return err
			}
			err = it.Item().Value(func(v []byte) error {
				e, err := record.DecodeEntity(k.Kind, k.ID, v, nil)
				if err == nil {
					fn(e)
				}
				return err
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
}
