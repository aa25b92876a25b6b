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
	return s.save(staff, append(changes, extra...), true, nil)
}

// ErasureChanges returns the changes that erase a person: their card and
// case fields, referrals, matches, follow-ups, contacts, measures, consents
// and enrolments become tombstones, and their attendance marks lose the note
// and companion but keep the status, so attendance counts in reports stay
// right without saying who came. Duplicate records merged into the person
// are erased with them, each with its own records (a duplicate on its own
// is refused while its survivor is here: see mergedAway), and so are the
// conflict records this device holds about any of these (they hold the
// values that lost a merge), so they leave the screen at once. The server applies the same rules to what it holds
// and to what reaches it later (sync/server), its conflict records
// included: it is their only author, so no device holds one it lacks.
func ErasureChanges(v *View, personID string) ([]record.Change, error) {
	if _, ok := v.Get(domain.KindPerson, personID); !ok {
		return nil, fmt.Errorf("storage: there is no person %q to erase", personID)
	}
	if err := mergedAway(v, personID); err != nil {
		return nil, err
	}
	erase := func(kind record.Kind, id string) record.Change {
		return record.Change{Kind: kind, ID: id, Fields: map[string]string{record.FieldErased: "true"}}
	}
	people := []string{personID}
	seen := map[string]bool{personID: true}
	for i := 0; i < len(people); i++ { // the person and every duplicate merged into them
		for _, r := range v.All(domain.KindPerson) {
			if into := r.Get(record.FieldMergedInto); into == people[i] && !seen[r.ID] {
				seen[r.ID] = true
				people = append(people, r.ID)
			}
		}
	}
	var out []record.Change
	gone := erasedSet{entities: map[string]bool{}, people: map[string]bool{}}
	for _, p := range people {
		out = append(out, erase(domain.KindPerson, p))
		gone.people[p] = true
		for _, kind := range domain.ErasedWithPerson {
			// Each record's own: By would resolve the merge, and for a
			// duplicate give the survivor's records too.
			for _, r := range v.ownRecords(kind, p) {
				out = append(out, erase(kind, r.ID))
				gone.entities[string(entityKey(kind, r.ID))] = true
			}
		}
		// Each record's own marks: By would resolve the merge and give the
		// survivor's mark for the duplicate too, leaving the duplicate's note.
		for _, r := range v.ownMarks(p) {
			blank := map[string]string{}
			for _, f := range domain.ErasedMarkFields {
				blank[f] = ""
			}
			out = append(out, record.Change{Kind: domain.KindAttendance, ID: r.ID, Fields: blank})
		}
	}
	for _, id := range gone.conflicts(v) {
		out = append(out, erase(domain.KindConflict, id))
	}
	return out, nil
}

// mergedAway refuses to erase a duplicate record on its own while the
// record it was merged into is here: the person is that survivor with
// every record merged into it, and erasing one of them alone would leave
// the rest of them. A duplicate whose survivor this device does not hold
// (not synced here, or already erased) takes only its own records, as the
// server erases it.
func mergedAway(v *View, id string) error {
	root := v.ResolvePerson(id)
	if root == id {
		return nil
	}
	if _, held := v.Get(domain.KindPerson, root); !held {
		return nil
	}
	return fmt.Errorf("storage: person %q was merged into %q: erase that person, which erases both records", id, root)
}

// erasedSet is what an erasure removed: entities (by entity key) and people.
type erasedSet struct {
	entities map[string]bool
	people   map[string]bool
}

// covers reports whether a record is one that was erased, or an attendance
// mark or enrolment of an erased person (their ids name the person).
func (s erasedSet) covers(kind record.Kind, id string) bool {
	if s.entities[string(entityKey(kind, id))] {
		return true
	}
	if kind == domain.KindPerson {
		return s.people[id]
	}
	person := domain.PersonInID(kind, id)
	return person != "" && s.people[person]
}

// conflicts lists the conflict records about what the set covers.
func (s erasedSet) conflicts(v *View) []string {
	if len(s.entities) == 0 && len(s.people) == 0 {
		return nil
	}
	var out []string
	for _, r := range v.All(domain.KindConflict) {
		if s.covers(record.Kind(r.Get("entity_kind")), r.Get("entity_id")) {
			out = append(out, r.ID)
		}
	}
	return out
}

// ExpiredCases lists the people whose cases have been closed for longer than
// the retention period: every referral closed or declined on or before
// cutoff (YYYY-MM-DD), and no attendance after it. A person is listed once,
// by their surviving record, and their case is every referral made for any
// record merged into them (as View.By shows it): a referral for a duplicate
// that was never re-pointed, or made offline after the merge, is theirs. An
// administrator reviews the list and erases them with ErasePerson. People
// without a referral (met only at a venue) are not cases and are never
// listed.
func ExpiredCases(v *View, cutoff string) []string {
	var out []string
	for id, open := range casesEnded(v, cutoff) {
		if !open && !seenSince(v, id, cutoff) {
			out = append(out, id)
		}
	}
	sort.Strings(out)
	return out
}

// casesEnded maps each surviving person with a referral to whether any of
// their referrals is still open, or ended after cutoff.
func casesEnded(v *View, cutoff string) map[string]bool {
	open := map[string]bool{}
	for _, r := range v.All(domain.KindReferral) {
		var ref domain.Referral
		r.Decode(&ref)
		if ref.PersonID == "" {
			continue
		}
		id := v.ResolvePerson(ref.PersonID)
		ended := ref.Closed
		if ended == "" {
			ended = ref.Declined
		}
		open[id] = open[id] || ended == "" || ended > cutoff
	}
	return open
}

// seenSince reports whether a person has an attendance mark, under any of
// their records, dated after cutoff.
func seenSince(v *View, id, cutoff string) bool {
	for _, m := range v.By(domain.KindAttendance, "person_id", id) {
		if m.Get("date") > cutoff {
			return true
		}
	}
	return false
}
