package storage

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/gather-sp/gather/record"
)

// DropLocalWrites takes back writes this device made that the server will
// not take (sync/client's UndoRefused): each field whose state is still
// exactly the write given (value and stamp) leaves the store, with any
// write of that field still queued, so the refused value is never sent
// again. A field written since (here or elsewhere) is left as it is: that
// later value is someone's save; only a copy of the write given still
// queued (RequeueAll queued it before the later write) goes. A record left
// with no field leaves the store and the read model, as a forgotten one
// does (ForgetRecords).
//
// The fields are not deleted, only no longer held here: nothing is queued,
// and the server's state of them comes back with a pull (the caller asks
// for one). meta, called with the number of fields dropped, gives meta
// values written in the same transaction, so a crash leaves the fields and
// the caller's record of them consistent. It returns that number.
func (s *Store) DropLocalWrites(ws []record.Write, meta func(dropped int) map[string][]byte) (int, error) {
	if s.closed.Load() {
		return 0, ErrClosed
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed.Load() { // Close ran while this waited for the lock
		return 0, ErrClosed
	}
	txn := s.db.NewTransaction(true)
	defer txn.Discard()
	loaded := map[string]*record.Entity{}
	var changed []*record.Entity // in the order first dropped from
	var purge []record.Change
	var sentAgain []record.Write // written since: only a queued copy of the refused write goes
	for _, w := range ws {
		rec := string(recordKey(w.Kind, w.ID))
		e := loaded[rec]
		if e == nil {
			var err error
			if e, err = loadEntity(txn, w.Kind, w.ID); err != nil {
				return 0, err
			}
			loaded[rec] = e
		}
		f, ok := e.Fields[w.Field]
		if !ok || f.Stamp != w.Stamp || f.Value != w.Value {
			// Written since, or no longer held: the field stays, but a copy
			// of the refused write queued again (RequeueAll, before the
			// later write) would be refused again and listed again.
			sentAgain = append(sentAgain, w)
			continue
		}
		if !slices.Contains(changed, e) {
			changed = append(changed, e)
		}
		delete(e.Fields, w.Field)
		// The value "" never reads as an erasure, so only this field's
		// queued writes go (purgeQueued).
		purge = append(purge, record.Change{Kind: w.Kind, ID: w.ID, Fields: map[string]string{w.Field: ""}})
	}
	counts, err := purgeQueued(txn, purge, sentAgain, s.queueLow.Load())
	if err != nil {
		return 0, err
	}
	var published []*record.Entity
	for _, e := range changed {
		if len(e.Fields) > 0 {
			if err := setEntity(txn, e); err != nil {
				return 0, err
			}
			published = append(published, e)
			continue
		}
		if err := txn.Delete(entityKey(e.Kind, e.ID)); err != nil {
			return 0, wrapTxn(err)
		}
		// The read model forgets it as it does a forgotten record: deleted
		// with no stamp. A mark's register is named by its id.
		gone := e.Clone()
		gone.Fields[record.FieldDeleted] = record.FieldState{Value: "true"}
		published = append(published, gone)
	}
	values := meta(len(purge))
	if len(purge) > 0 {
		// The values leave the files too at the next compaction.
		values = withValue(values, metaCompact, []byte("1"))
	}
	purged := 0
	for _, c := range counts {
		purged += c.n
	}
	if purged > 0 {
		// Numbers the server never got are gone from the queue: the next
		// push says so (as Save after an erasure), up to the last number.
		values = withValue(values, MetaRebase, strconv.AppendUint(nil, s.queueSeq, 10))
	}
	for k, v := range values {
		if err := txn.Set(metaKey(k), v); err != nil {
			return 0, wrapTxn(err)
		}
	}
	if err := txn.Commit(); err != nil {
		return 0, fmt.Errorf("storage: taking back refused changes: %w", err)
	}
	if purged > 0 {
		s.pending.Add(-int64(purged))
		for _, c := range counts {
			s.wait(c.rec, -c.n)
		}
		s.notifyQueue()
	}
	if len(purge) > 0 {
		s.scheduleCompact()
	}
	if len(published) == 0 {
		return 0, nil
	}
	return len(purge), s.publish(published)
}

// withValue is values with name set to v, made if values is nil.
func withValue(values map[string][]byte, name string, v []byte) map[string][]byte {
	if values == nil {
		values = map[string][]byte{}
	}
	values[name] = v
	return values
}
