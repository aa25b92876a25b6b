package storage

import (
	"fmt"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

// ErasePerson erases a person (the right to erasure) in one durable
// transaction, with any extra changes (an audit entry): see ErasureChanges
// for what is kept. Queued writes that still hold the erased values are
// dropped; the tombstones are queued, and sync carries them to the server and
// every device.
func (s *Store) ErasePerson(staff, personID string, extra ...record.Change) error {
	changes, err := ErasureChanges(s.View(), personID)
	if err != nil {
		return err
	}
	return s.save(staff, append(changes, extra...), true)
}

// ErasureChanges returns the changes that erase a person: their card and case fields, referrals, matches, follow-ups,
// contacts, measures, consents and enrolments become tombstones, and their
// attendance marks lose the note and companion but keep the status, so
// attendance counts in reports stay right without saying who came.
func ErasureChanges(v *View, personID string) ([]record.Change, error) {
	if _, ok := v.Get(domain.KindPerson, personID); !ok {
		return nil, fmt.Errorf("storage: there is no person %q to erase", personID)
	}
	erase := func(kind record.Kind, id string) record.Change {
		return record.Change{Kind: kind, ID: id, Fields: map[string]string{record.FieldErased: "true"}}
	}
	out := []record.Change{erase(domain.KindPerson, personID)}
	for _, kind := range []record.Kind{domain.KindReferral, domain.KindMatch, domain.KindFollowUp, domain.KindContact,
		domain.KindMeasure, domain.KindConsent, domain.KindEnrolment} {
		for _, r := range v.By(kind, "person_id", personID) {
			out = append(out, erase(kind, r.ID))
		}
	}
	for _, r := range v.By(domain.KindAttendance, "person_id", personID) {
		out = append(out, record.Change{Kind: domain.KindAttendance, ID: r.ID, Fields: map[string]string{"note": "", "companion": ""}})
	}
	return out, nil
}
