package storage

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/dgraph-io/badger/v4"

	"github.com/gather-sp/gather/domain"
)

// SetDevice gives this store a new device id for the stamps it makes from
// now on. A store copied from another device's files shares that device's
// id; it takes one of its own before it enrols, so the server can tell the
// two apart. Stamps already made keep the old id, which the store records
// among its earlier ones (Formerly) in the same transaction.
func (s *Store) SetDevice(id string) error {
	if id == "" {
		return errors.New("storage: a device id cannot be empty")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	old := s.clock.Device()
	err := s.db.Update(func(txn *badger.Txn) error {
		if old != "" && old != id {
			ids, err := formerly(txn)
			if err != nil {
				return err
			}
			if !slices.Contains(ids, old) {
				b, _ := json.Marshal(append(ids, old))
				if err := txn.Set(metaKey(metaFormerly), b); err != nil {
					return err
				}
			}
		}
		return txn.Set(metaKey(metaDevice), []byte(id))
	})
	if err != nil {
		return fmt.Errorf("storage: recording the new device id: %w", err)
	}
	s.clock.SetDevice(id)
	return nil
}

// Formerly lists the device ids this store stamped its writes with before
// it took the one it has (SetDevice), oldest first. A store that changed
// its id before it kept this list does not know the ids it had then.
func (s *Store) Formerly() ([]string, error) {
	var ids []string
	err := s.db.View(func(txn *badger.Txn) error {
		var err error
		ids, err = formerly(txn)
		return err
	})
	return ids, err
}

// MadeHere reports whether a write stamped by device was made on this
// store: under its device id, or one it had before (Formerly). Writes
// pulled from the server, made on other devices, were not.
func (s *Store) MadeHere(device string) (bool, error) {
	if device == s.Device() {
		return true, nil
	}
	ids, err := s.Formerly()
	return slices.Contains(ids, device), err
}

func formerly(txn *badger.Txn) ([]string, error) {
	b, err := getMeta(txn, metaFormerly)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var ids []string
	if err := json.Unmarshal(b, &ids); err != nil {
		return nil, fmt.Errorf("storage: the list of this device's earlier ids is damaged: %w", err)
	}
	return ids, nil
}

// Instance names this opening of the store: random, made by Open and never
// saved, so two openings never share one, whether of the same folder, a
// copy of it or a backup put back. The sync client sends it with pushes
// and pulls, and the server leaves out of this instance's pulls what its
// pushes sent (no echo): while the store is open it holds every write it
// committed.
func (s *Store) Instance() string { return s.instance }

func newInstance() string {
	var b [16]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// NewDeviceID is the id a store takes when it must stop sharing one.
func NewDeviceID() string { return domain.NewID() }

// Renumber queues this store's whole state again with sequences from next
// on, drops the queued writes numbered below next, and sets meta. The sync
// client calls it when the server says the store was restored from an
// earlier copy: the server already holds writes numbered up to next-1 from
// the original, so this copy's writes must be numbered after them. The
// whole state is queued, not only the queue, because the copy cannot know
// which of its older writes the server lost with the original.
//
// The saves still queued (this copy has not sent them, some made since it
// was put back) are queued once more after the whole state, past
// FreshFrom, by RequeueAll: the server meets them for the first time, and
// keeps one that loses to a change made without knowing it as a conflict
// (sync/server: freshWrites). A state queued again before, still waiting
// in the backup put back, is no save and is not.
//
// Each step is safe to repeat after a crash: a write is dropped only once
// its state is queued again under a new number, and a crash while it is
// queued again leaves the rest for Open (see RequeueAll).
func (s *Store) Renumber(next uint64, meta map[string][]byte) error {
	s.mu.Lock()
	// The jump is made in the run's first transaction: a crash after it
	// and before the saves are queued again would leave them numbered
	// among the server's, which takes them for writes it holds.
	err := s.requeueAll(next - min(next, 1))
	s.mu.Unlock()
	if err != nil {
		return err
	}
	if next > 1 {
		if err := s.Ack(next - 1); err != nil {
			return err
		}
	}
	return s.SetMeta(meta)
}
