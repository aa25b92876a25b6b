package storage

import (
	"fmt"
	"slices"
	"strings"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

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
