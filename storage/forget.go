package storage

import (
	"fmt"
	"slices"

	"github.com/dgraph-io/badger/v4"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/hlc"
	"github.com/gather-sp/gather/record"
)

// Keep names records a device holds whatever the forget functions would
// drop: changes the server refused (sync/client's Refused), which stay on
// this device only and are acknowledged, so no longer waiting. Nil keeps
// nothing beyond what waits to be sent.
type Keep func(kind record.Kind, id string) bool

// keeps reports whether k keeps the record.
func (k Keep) keeps(kind record.Kind, id string) bool { return k != nil && k(kind, id) }

// ForgetCaseFields drops from this device every person case field
// (domain.IsCaseData) of people with no write waiting to be sent and not
// in keep, and returns how many people it changed. A venue tablet calls it
// after a sync (sync/client): a walk-in's phone number or date of birth
// typed there is passed to the server, which keeps it for the
// organisation, and the tablet keeps none once the server has it. While a
// person has a write waiting, their fields stay, so nothing is dropped
// before the server holds it. It queues nothing: the values are not deleted, only no longer
// held here, and the server never sends them back to a venue device.
func (s *Store) ForgetCaseFields(keep Keep) (int, error) {
	if s.closed.Load() {
		return 0, ErrClosed
	}
	ids := s.caseFieldPeople()
	if len(ids) == 0 {
		return 0, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed.Load() {
		return 0, ErrClosed
	}
	ids = s.forgettable(ids, keep)
	if len(ids) == 0 {
		return 0, nil
	}
	// Compact soon, so older versions of these records holding the values
	// leave the files too (as after an erasure); marked first, so that a
	// crash part-way still compacts.
	if err := s.markCompact(); err != nil {
		return 0, fmt.Errorf("storage: forgetting case details: %w", err)
	}
	forgot, err := s.updateInParts(len(ids), func(txn *badger.Txn, i int) (*record.Entity, error) {
		e, err := loadEntity(txn, domain.KindPerson, ids[i])
		if err != nil {
			return nil, err
		}
		dropped := false
		for f := range e.Fields {
			if domain.IsCaseData(domain.KindPerson, f) {
				delete(e.Fields, f)
				dropped = true
			}
		}
		if !dropped {
			return nil, nil
		}
		return e, setEntity(txn, e)
	})
	s.scheduleCompact()
	if err != nil {
		return forgot, fmt.Errorf("storage: forgetting case details: %w", err)
	}
	return forgot, nil
}

// caseFieldPeople lists the people the read model holds case fields of.
func (s *Store) caseFieldPeople() []string {
	var ids []string
	for _, r := range s.View().All(domain.KindPerson) {
		r.each(func(name, _ string) bool {
			if domain.IsCaseData(domain.KindPerson, name) {
				ids = append(ids, r.ID)
				return false
			}
			return true
		})
	}
	return ids
}

// forgettable keeps of ids the people whose case fields the server holds:
// none of their writes waits to be sent, and keep does not keep them.
// Callers hold mu.
func (s *Store) forgettable(ids []string, keep Keep) []string {
	return slices.DeleteFunc(ids, func(id string) bool {
		return s.waiting[string(recordKey(domain.KindPerson, id))] > 0 || // not on the server yet
			keep.keeps(domain.KindPerson, id) // refused: this device's only copy
	})
}

// CaseHeld is a person whose case fields ForgetCaseFields would drop, with
// the newest stamp among those fields (it changes when one is typed again).
type CaseHeld struct {
	ID     string
	Newest hlc.Timestamp
}

// CaseFieldsHeld lists the people whose case fields ForgetCaseFields(keep)
// would drop now, so a caller can keep them a while longer (sync/client
// holds a walk-in's details for a server restored from a backup).
func (s *Store) CaseFieldsHeld(keep Keep) ([]CaseHeld, error) {
	if s.closed.Load() {
		return nil, ErrClosed
	}
	ids := s.caseFieldPeople()
	s.mu.Lock()
	ids = s.forgettable(ids, keep)
	s.mu.Unlock()
	out := make([]CaseHeld, 0, len(ids))
	err := s.db.View(func(txn *badger.Txn) error {
		for _, id := range ids {
			e, held, err := lookupEntity(txn, domain.KindPerson, id)
			if err != nil {
				return err
			}
			if !held {
				continue
			}
			h := CaseHeld{ID: id}
			for name, f := range e.Fields {
				if domain.IsCaseData(domain.KindPerson, name) && h.Newest.Less(f.Stamp) {
					h.Newest = f.Stamp
				}
			}
			out = append(out, h)
		}
		return nil
	})
	return out, err
}

// markCompact notes in the store that it should be compacted soon, so that
// values no longer held leave the files (see Compact).
func (s *Store) markCompact() error {
	return s.db.Update(func(txn *badger.Txn) error { return txn.Set(metaKey(metaCompact), []byte("1")) })
}

// ForgetRecords drops from this device every record of a kind for which
// kinds is true (kinds unknown to this version included) with no write
// waiting to be sent and not in keep, then every person's case fields
// (ForgetCaseFields), and returns how many records it dropped. A device
// calls it once when its scope narrows (sync/client, forgetOutOfScope): an
// office laptop handed to a venue keeps no case data it held as an
// organisation device, and a tablet moved to another venue keeps nothing
// of the venue it left. What waits to be sent stays, so nothing is lost:
// the server takes it or refuses it, and a refused change stays here. It
// queues nothing: the records are not deleted, only no longer held here.
func (s *Store) ForgetRecords(kinds func(record.Kind) bool, keep Keep) (int, error) {
	if s.closed.Load() {
		return 0, ErrClosed
	}
	n, err := s.forgetRecords(kinds, keep)
	if err != nil {
		return n, fmt.Errorf("storage: forgetting records: %w", err)
	}
	if _, err := s.ForgetCaseFields(keep); err != nil {
		return n, err
	}
	return n, nil
}

// forgetRecords drops the records of ForgetRecords, in as many
// transactions as they need.
func (s *Store) forgetRecords(kinds func(record.Kind) bool, keep Keep) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed.Load() {
		return 0, ErrClosed
	}
	var keys []Key
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{prefixEntity}})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			kind, id, err := parseEntityKey(it.Item().Key())
			if err != nil {
				return err
			}
			if !kinds(kind) || s.waiting[string(recordKey(kind, string(id)))] > 0 || keep.keeps(kind, string(id)) {
				continue // another kind; not on the server yet, or refused: this device's only copy
			}
			keys = append(keys, Key{Prefix: prefixEntity, Kind: kind, ID: string(id)})
		}
		return nil
	})
	if err != nil || len(keys) == 0 {
		return 0, err
	}
	// Compact soon so the values leave the files too, marked first so that
	// a crash part-way still compacts.
	if err := s.markCompact(); err != nil {
		return 0, err
	}
	dropped, err := s.updateInParts(len(keys), func(txn *badger.Txn, i int) (*record.Entity, error) {
		k := keys[i]
		// The read model forgets it as it does a deleted record, found by
		// its fields (a mark's register may be named only in them).
		gone, err := loadEntity(txn, k.Kind, k.ID)
		if err != nil {
			return nil, err
		}
		gone.Fields[record.FieldDeleted] = record.FieldState{Value: "true"}
		return gone, txn.Delete(entityKey(k.Kind, k.ID))
	})
	s.scheduleCompact()
	return dropped, err
}
