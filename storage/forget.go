package storage

import (
	"fmt"

	"github.com/dgraph-io/badger/v4"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

// ForgetCaseFields drops from this device every person case field
// (domain.IsCaseData) of people with no write waiting to be sent, and
// returns how many people it changed. A venue tablet calls it after a sync
// (sync/client): a walk-in's phone number or date of birth typed there is
// passed to the server, which keeps it for the organisation, and the
// tablet keeps none once the server has it. While a person has a write
// waiting, their fields stay, so nothing is dropped before the server
// holds it. It queues nothing: the values are not deleted, only no longer
// held here, and the server never sends them back to a venue device.
func (s *Store) ForgetCaseFields() (int, error) {
	if s.closed.Load() {
		return 0, ErrClosed
	}
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
	if len(ids) == 0 {
		return 0, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed.Load() {
		return 0, ErrClosed
	}
	var touched []*record.Entity
	err := s.db.Update(func(txn *badger.Txn) error {
		for _, id := range ids {
			rec := recordKey(domain.KindPerson, id)
			if s.waiting[string(rec)] > 0 {
				continue // not on the server yet
			}
			e, err := loadEntity(txn, domain.KindPerson, id)
			if err != nil {
				return err
			}
			dropped := false
			for f := range e.Fields {
				if domain.IsCaseData(domain.KindPerson, f) {
					delete(e.Fields, f)
					dropped = true
				}
			}
			if !dropped {
				continue
			}
			if err := setEntity(txn, e); err != nil {
				return err
			}
			touched = append(touched, e)
		}
		if len(touched) > 0 {
			return wrapTxn(txn.Set(metaKey(metaCompact), []byte("1")))
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("storage: forgetting case details: %w", err)
	}
	if len(touched) == 0 {
		return 0, nil
	}
	// Compact soon, so older versions of these records holding the values
	// leave the files too (as after an erasure).
	s.scheduleCompact()
	return len(touched), s.publish(touched)
}

// ForgetCaseRecords drops from this device every case record
// (domain.IsCaseKind: referrals, matches, follow-ups, contacts, measures,
// consents, conflicts, the audit trail, settings, practices) with no write
// waiting to be sent, then every person's case fields (ForgetCaseFields).
// It returns how many records it dropped. A device calls it when its
// scope narrows to venues (sync/client, Connect): an office laptop handed
// to a venue keeps no case data it held as an organisation device. What
// waits to be sent stays until the server holds it, so nothing is lost;
// the next call (after a sync) drops it. Like ForgetCaseFields it queues
// nothing: the records are not deleted, only no longer held here.
func (s *Store) ForgetCaseRecords() (int, error) {
	if s.closed.Load() {
		return 0, ErrClosed
	}
	s.mu.Lock()
	var dropped []*record.Entity
	err := s.db.Update(func(txn *badger.Txn) error {
		for _, kind := range domain.Kinds {
			if !domain.IsCaseKind(kind) {
				continue
			}
			var keys [][]byte
			it := txn.NewIterator(badger.IteratorOptions{Prefix: entityKindPrefix(kind)})
			for it.Rewind(); it.Valid(); it.Next() {
				_, id, err := parseEntityKey(it.Item().Key())
				if err != nil {
					it.Close()
					return err
				}
				if s.waiting[string(recordKey(kind, string(id)))] > 0 {
					continue // not on the server yet
				}
				keys = append(keys, it.Item().KeyCopy(nil))
				// The read model forgets it as it does a deleted record.
				gone := record.NewEntity(kind, string(id))
				gone.Fields[record.FieldDeleted] = record.FieldState{Value: "true"}
				dropped = append(dropped, gone)
			}
			it.Close()
			for _, k := range keys {
				if err := txn.Delete(k); err != nil {
					return wrapTxn(err)
				}
			}
		}
		if len(dropped) > 0 {
			return wrapTxn(txn.Set(metaKey(metaCompact), []byte("1")))
		}
		return nil
	})
	s.mu.Unlock()
	if err != nil {
		return 0, fmt.Errorf("storage: forgetting case records: %w", err)
	}
	if len(dropped) > 0 {
		s.scheduleCompact()
		if err := s.publish(dropped); err != nil {
			return 0, err
		}
	}
	if _, err := s.ForgetCaseFields(); err != nil {
		return 0, err
	}
	return len(dropped), nil
}
