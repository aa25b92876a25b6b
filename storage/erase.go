package storage

import (
	"fmt"
	"sort"

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

// ExpiredCases lists the people whose cases have been closed for longer than
// the retention period: every referral closed or declined on or before
// cutoff (YYYY-MM-DD), and no attendance after it. An administrator reviews
// the list and erases them with ErasePerson. People without a referral (met
// only at a venue) are not cases and are never listed.
func ExpiredCases(v *View, cutoff string) []string {
	type state struct{ open, expired bool }
	people := map[string]*state{}
	for _, r := range v.All(domain.KindReferral) {
		var ref domain.Referral
		r.Decode(&ref)
		if ref.PersonID == "" {
			continue
		}
		st := people[ref.PersonID]
		if st == nil {
			st = &state{}
			people[ref.PersonID] = st
		}
		ended := ref.Closed
		if ended == "" {
			ended = ref.Declined
		}
		switch {
		case ended == "" || ended > cutoff:
			st.open = true
		default:
			st.expired = true
		}
	}
	var out []string
	for id, st := range people {
		if st.open || !st.expired {
			continue
		}
		recent := false
		for _, m := range v.By(domain.KindAttendance, "person_id", id) {
			if m.Get("date") > cutoff {
				recent = true
				break
			}
		}
		if !recent {
			out = append(out, id)
		}
	}
	sort.Strings(out)
	return out
}
