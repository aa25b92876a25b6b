package storage

import (
	"fmt"
	"strings"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/hlc"
	"github.com/gather-sp/gather/record"
)

// Applied reports what ApplyRemote did.
type Applied struct {
	Changed   int // records whose state the page changed, each once, conflict records included
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
	for _, w := range ws {
		// A kind with a NUL would make two records one when the writes
		// are grouped (EntitiesOf) and one key in the store.
		if w.Kind == "" || w.ID == "" || strings.IndexByte(string(w.Kind), 0) >= 0 {
			return Applied{}, fmt.Errorf("storage: remote write without kind or id")
		}
	}
	return s.ApplyRemoteEntities(record.EntitiesOf(ws), nil, meta)
}

// ApplyRemoteEntities is ApplyRemote for records as the server sends them:
// each remote state is merged into the one held here. A record this device
// does not hold is taken as it came, without a field-by-field merge (a
// first pull is all such records). states, when not nil, holds each
// record's encoding as it arrived (record.AppendEntity, the bytes es[i] was
// decoded from): a record taken as it came is stored in those bytes, not
// encoded again.
func (s *Store) ApplyRemoteEntities(es []*record.Entity, states [][]byte, meta map[string][]byte) (Applied, error) {
	if states != nil && len(states) != len(es) {
		return Applied{}, fmt.Errorf("storage: %d remote records with %d states", len(es), len(states))
	}
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
	// An entity the states did not change (this device's own writes coming
	// back, a page pulled again after a crash) is neither written nor
	// published: a page that changes nothing writes only its meta.
	changed := make([]*record.Entity, 0, len(es))
	// A record a page holds twice is counted, and published, once, in
	// the state it ends in: at, by key, its place in changed, and whether
	// it was empty here before the page.
	at := make(map[string]int, len(es))
	var emptyBefore []bool
	erased := false
	var latest hlc.Timestamp
	for i, r := range es {
		if r.Kind == "" || r.ID == "" || strings.IndexByte(string(r.Kind), 0) >= 0 {
			return Applied{}, fmt.Errorf("storage: remote record without kind or id")
		}
		for _, f := range r.Fields {
			if latest.Less(f.Stamp) {
				latest = f.Stamp
			}
		}
		// Read within the transaction: a record sent twice in one page
		// meets its own first merge.
		e, found, err := lookupEntity(txn, r.Kind, r.ID)
		if err != nil {
			return Applied{}, err
		}
		wasErased, wasEmpty := e.Erased(), len(e.Fields) == 0
		if !found && !r.Erased() && len(r.Fields) > 0 {
			e = r // nothing here to merge with: stored as it came
			if states != nil {
				err = setEntityState(txn, e, states[i])
			} else {
				err = setEntity(txn, e)
			}
		} else if e.Merge(r) {
			err = setEntity(txn, e)
		} else {
			continue
		}
		if err != nil {
			return Applied{}, err
		}
		if e.Erased() && !wasErased {
			erased = true
		}
		key := string(e.Kind) + "\x00" + e.ID // kinds hold no NUL (checked above)
		if i, ok := at[key]; ok {
			changed[i] = e
			continue
		}
		at[key] = len(changed)
		changed = append(changed, e)
		emptyBefore = append(emptyBefore, wasEmpty)
	}
	for i, e := range changed {
		if e.Kind == domain.KindConflict && emptyBefore[i] && !e.Erased() {
			res.Conflicts++
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
	hlcBefore := s.clock.Last()
	s.clock.Observe(latest)
	if s.clock.Last() != hlcBefore {
		if err := s.setClockAndSeq(txn, s.queueSeq); err != nil {
			return Applied{}, err
		}
	}
	if err := txn.Commit(); err != nil {
		return Applied{}, fmt.Errorf("storage: applying synced changes: %w", err)
	}
	res.Changed = len(changed)
	if erased {
		s.erasures++
		s.scheduleCompact()
	}
	if len(changed) == 0 {
		return res, nil // nothing changed: nothing to publish, no one to wake
	}
	return res, s.publish(changed)
}
