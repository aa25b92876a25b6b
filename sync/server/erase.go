package server

import (
	"fmt"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

// Right to erasure on the server.
//
// A device erases a person by pushing tombstones (record.FieldErased) for
// the person and their records (storage.ErasureChanges). Merging a
// tombstone drops every other field but merged_into (record.KeptByErasure:
// the survivor's random id, which reports need to count an erased
// duplicate once), and the commit that stores it also
// removes the entity's previous log entry, so the server's current state
// and log hold nothing of the erased values. In the same transaction the
// server finishes what the erasing device could not see:
//
//   - every record of the person it holds (referrals, matches, follow-ups,
//     contacts, measures, consents, enrolments, and duplicate people merged
//     into them) is erased, and the person's attendance marks lose their note
//     and companion but keep their status, for anonymous counts;
//   - conflict records about any erased record, or about the person's marks,
//     are erased: they hold the values that lost a merge;
//   - and later, writes that still carry the person's details (a note typed
//     on an offline tablet, a referral made on a laptop that had not synced)
//     are answered with the server's own tombstone or blank note, stamped
//     after them, so every device ends erased.
//
// Links between the person's random id and venues stay: they hold no
// personal data and carry the tombstone to the venues' tablets.
//
// The commit tells the backend it erased something (Tx.Erased), and the
// backend makes the old values leave its files soon after: badgerstore
// compacts, pgstore vacuums.

// personKinds are the kinds whose records belong to one person, by
// person_id (or, for enrolments, the derived id), and are erased with them:
// the devices' list (domain.ErasedWithPerson).
var personKinds = domain.ErasedWithPerson

func isPersonKind(k record.Kind) bool {
	for _, p := range personKinds {
		if p == k {
			return true
		}
	}
	return false
}

// serverWrite stamps a write the server makes itself (on behalf of an
// erasure, or breaking a cycle of merges). Its stamp orders after the
// field's current one, so it wins: the clock has observed every stamp the
// server accepted, and never wraps (hlc.Clock).
func (g *group) serverWrite(c *cached, field, value, staff string) error {
	cur := c.e.Fields[field].Stamp
	g.s.clock.Observe(cur)
	stamp := g.s.clock.Now()
	if !cur.Less(stamp) {
		return fmt.Errorf("writing %s of %s %q: the server's clock (%v) cannot order after %v", field, c.e.Kind, c.e.ID, stamp, cur)
	}
	w := record.Write{Kind: c.e.Kind, ID: c.e.ID, Field: field, Value: value, Stamp: stamp, Base: cur, Staff: staff}
	_, _, err := g.merge(w, false)
	return err
}

// erasedBy returns who erased a person, and whether they are erased.
func (g *group) erasedBy(person string) (string, bool, error) {
	if person == "" {
		return "", false, nil
	}
	p, err := g.entity(domain.KindPerson, person)
	if err != nil {
		return "", false, err
	}
	return p.e.Fields[record.FieldErased].Staff, p.e.Erased(), nil
}

// enforceErasure answers a write that reached a record of an erased person
// after the erasure: the record is erased (case records, enrolments) or its
// note and companion are blanked (attendance marks).
// A conflict record this group made about such a record (it holds the
// value that lost, or won, against the server's own) is erased too.
func (g *group) enforceErasure(c *cached) error {
	conflicts := g.conflictsOf[ekey(c.e.Kind, c.e.ID)]
	switch {
	case c.e.Kind == domain.KindAttendance:
		if !holdsAny(c.e, domain.ErasedMarkFields) && len(conflicts) == 0 {
			return nil
		}
		staff, erased, err := g.erasedBy(personOf(c.e))
		if err != nil || !erased {
			return err
		}
		if err := g.stripMark(c, staff); err != nil {
			return err
		}
		return g.eraseAll(conflicts, staff)
	case isPersonKind(c.e.Kind) && !c.e.Erased(),
		c.e.Kind == domain.KindPerson && !c.e.Erased() && c.e.Get(record.FieldMergedInto) != "":
		// A person merged into an erased one is their duplicate, erased
		// with them as sweepErasures does when the merge came first.
		person := personOf(c.e)
		if c.e.Kind == domain.KindPerson {
			person = c.e.Get(record.FieldMergedInto)
		}
		staff, erased, err := g.erasedBy(person)
		if err != nil || !erased {
			return err
		}
		if err := g.serverWrite(c, record.FieldErased, "true", staff); err != nil {
			return err
		}
		return g.eraseAll(conflicts, staff)
	}
	return nil
}

// erasesByMoving says whether w brings a record the server holds, not
// erased, under a person who is: a case record's person_id, or a person's
// merged_into, naming them. The server then erases the record
// (enforceErasure), so the write amounts to erasing it, which only a
// device enrolled for a role that may erase people may do (checkRole):
// else a reception desk erased anyone's referral for good by naming an
// erased person's id (the audit trail and every tombstone keep it), and a
// link worker's laptop that merged someone into a person erased meanwhile
// erased them and their case. A new record (nothing held: what the device
// made about the erased person offline) is erased without asking, as
// before; nothing anyone else saved goes with it.
func (g *group) erasesByMoving(w record.Write) (bool, error) {
	moves := w.Kind == domain.KindPerson && w.Field == record.FieldMergedInto || isPersonKind(w.Kind) && w.Field == "person_id"
	if !moves || w.Value == "" {
		return false, nil
	}
	c, err := g.entity(w.Kind, w.ID)
	if err != nil {
		return false, err
	}
	if len(c.e.Fields) == 0 || c.e.Erased() || c.e.Get(w.Field) == w.Value || losesToHeld(c, w) {
		return false, nil
	}
	_, erased, err := g.erasedBy(w.Value)
	return erased, err
}

// holdsAny reports whether e has a value in any of fields.
func holdsAny(e *record.Entity, fields []string) bool {
	for _, f := range fields {
		if e.Get(f) != "" {
			return true
		}
	}
	return false
}

// eraseAll erases records on behalf of staff.
func (g *group) eraseAll(cs []*cached, staff string) error {
	for _, c := range cs {
		if !c.e.Erased() {
			if err := g.serverWrite(c, record.FieldErased, "true", staff); err != nil {
				return err
			}
		}
	}
	return nil
}

func (g *group) stripMark(c *cached, staff string) error {
	for _, f := range domain.ErasedMarkFields {
		if c.e.Get(f) != "" {
			if err := g.serverWrite(c, f, "", staff); err != nil {
				return err
			}
		}
	}
	return nil
}

// sweepErasures finishes the erasures made in this group: see the top of
// this file. It runs after every job of the group is applied, before the
// commit writes anything.
func (g *group) sweepErasures() error {
	if len(g.erased) == 0 {
		return nil
	}
	done := map[*cached]bool{}
	for i := 0; i < len(g.erased); i++ { // the list grows as duplicates are found
		c := g.erased[i]
		if c.e.Kind != domain.KindPerson || done[c] {
			continue
		}
		done[c] = true
		if err := g.erasePersonRecords(c.e.ID, c.e.Fields[record.FieldErased].Staff); err != nil {
			return err
		}
	}
	if err := g.eraseConflicts(); err != nil {
		return err
	}
	return g.sealErasures()
}

// erasePersonRecords erases what the server holds of one erased person.
func (g *group) erasePersonRecords(person, staff string) error {
	var activities []string
	err := g.scanKinds(personKinds, func(c *cached) error {
		if personOf(c.e) != person && !(c.e.Kind == domain.KindEnrolment && enrolmentPerson(c.e.ID) == person) {
			return nil
		}
		if c.e.Kind == domain.KindEnrolment {
			if a, _, ok := domain.ParseEnrolmentID(c.e.ID); ok {
				activities = append(activities, a)
			}
		}
		if c.e.Erased() {
			return nil
		}
		return g.serverWrite(c, record.FieldErased, "true", staff)
	}, func(kind record.Kind, id string, e *record.Entity) bool {
		return personOf(e) == person || kind == domain.KindEnrolment && enrolmentPerson(id) == person
	})
	if err != nil {
		return err
	}
	// Marks: every mark has an enrolment behind it (the register enrols
	// walk-ins), and a mark's id is activity@date/person.
	seen := map[string]bool{}
	for _, a := range activities {
		if seen[a] {
			continue
		}
		seen[a] = true
		var marks []string
		err := g.tx.Entities(domain.KindAttendance, a+"@", func(id string, _ *record.Entity) error {
			if _, p, ok := domain.ParseAttendanceID(id); ok && p == person {
				marks = append(marks, id)
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, k := range g.order { // marks new in this group
			if k.e.Kind == domain.KindAttendance && k.oldSeq == 0 {
				if s, p, ok := domain.ParseAttendanceID(k.e.ID); ok && p == person {
					if act, _, _ := domain.ParseSessionID(s); act == a {
						marks = append(marks, k.e.ID)
					}
				}
			}
		}
		for _, id := range marks {
			c, err := g.entity(domain.KindAttendance, id)
			if err != nil {
				return err
			}
			if err := g.stripMark(c, staff); err != nil {
				return err
			}
		}
	}
	// Duplicates merged into the person go with them.
	return g.scanKinds([]record.Kind{domain.KindPerson}, func(c *cached) error {
		if c.e.Erased() || c.e.Get(record.FieldMergedInto) != person {
			return nil
		}
		return g.serverWrite(c, record.FieldErased, "true", staff)
	}, func(_ record.Kind, _ string, e *record.Entity) bool { return e.Get(record.FieldMergedInto) == person })
}

func enrolmentPerson(id string) string {
	_, p, _ := domain.ParseEnrolmentID(id)
	return p
}

// eraseConflicts erases the conflict records about what this group erased.
func (g *group) eraseConflicts() error {
	erased := map[entKey]string{} // who erased each
	people := map[string]string{}
	for _, c := range g.erased {
		by := c.e.Fields[record.FieldErased].Staff
		erased[ekey(c.e.Kind, c.e.ID)] = by
		if c.e.Kind == domain.KindPerson {
			people[c.e.ID] = by
		}
	}
	about := func(e *record.Entity) (string, bool) {
		kind, id := record.Kind(e.Get("entity_kind")), e.Get("entity_id")
		if by, ok := erased[ekey(kind, id)]; ok {
			return by, true
		}
		var person string
		switch kind {
		case domain.KindAttendance:
			_, person, _ = domain.ParseAttendanceID(id)
		case domain.KindEnrolment:
			person = enrolmentPerson(id)
		}
		by, ok := people[person]
		return by, ok && person != ""
	}
	return g.scanKinds([]record.Kind{domain.KindConflict}, func(c *cached) error {
		by, ok := about(c.e)
		if !ok || c.e.Erased() {
			return nil
		}
		return g.serverWrite(c, record.FieldErased, "true", by)
	}, func(_ record.Kind, _ string, e *record.Entity) bool { _, ok := about(e); return ok })
}

// scanKinds calls fn for every record of the kinds that match says may
// concern it, as this group sees it (its own changes first, then the
// committed state). Only matching records are loaded into the group.
func (g *group) scanKinds(kinds []record.Kind, fn func(*cached) error, match func(record.Kind, string, *record.Entity) bool) error {
	var hits []*cached
	cachedKeys := map[entKey]bool{}
	for _, c := range g.order {
		for _, k := range kinds {
			if c.e.Kind == k {
				cachedKeys[ekey(c.e.Kind, c.e.ID)] = true
				if match(c.e.Kind, c.e.ID, c.e) {
					hits = append(hits, c)
				}
			}
		}
	}
	for _, kind := range kinds {
		var found []string
		err := g.tx.Entities(kind, "", func(id string, e *record.Entity) error {
			if !cachedKeys[ekey(kind, id)] && match(kind, id, e) {
				found = append(found, id)
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, id := range found {
			c, err := g.entity(kind, id)
			if err != nil {
				return err
			}
			hits = append(hits, c)
		}
	}
	for _, c := range hits {
		if err := fn(c); err != nil {
			return err
		}
	}
	return nil
}
