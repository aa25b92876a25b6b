package server

import (
	"fmt"
	"strings"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

// holds reports whether the server has exactly this write already: the
// whole field state, not the stamp alone. Only then is the write a no-op
// that needs no check. A write that shares the stored stamp but not its
// value, base or staff is not one (record.Apply settles that tie by the
// greater value), so it is checked like any other: otherwise a device that
// learns or guesses a stamp could replace any value with no check at all.
// Nor is such a write refused outright: checked, it can do nothing a write
// with a fresh stamp could not, and two copies of one store (sharing a
// device id until the server tells them apart) make such pairs honestly.
func holds(c *cached, w record.Write) bool {
	f, ok := c.e.Fields[w.Field]
	return ok && f == record.FieldState{Value: w.Value, Stamp: w.Stamp, Base: w.Base, Staff: w.Staff}
}

// losesToHeld says the server holds a newer write of w's field than w, so
// merging w changes nothing: an honest device's older write sent again (its
// answer lost, or its store restored) after the office moved the activity,
// or after a move gave a session planned ahead the new venue (move.go).
func losesToHeld(c *cached, w record.Write) bool {
	f, ok := c.e.Fields[w.Field]
	return ok && w.Stamp.Less(f.Stamp)
}

// heldFor is holds for what a venue device may know: the server has exactly
// this write, and it is a field the device may read, or one it wrote
// itself (a walk-in's detail it registered, sent again after a restore).
// A case field written elsewhere never counts as held: its stamp, base and
// staff show on the card the device holds (storage.Save stamps a change's
// fields one after another), so passing over the right value while
// refusing any other would tell the device whether a guessed date of birth,
// gender or ethnic group is someone's.
func heldFor(dev *Device, c *cached, w record.Write) bool {
	return holds(c, w) && (!domain.IsCaseData(w.Kind, w.Field) || dev.Is(w.Stamp.Device))
}

// settlesAlone says whether checkScope, refusing w for good, may refuse it
// alone to a device that settles refusals one by one (checkWrites), the
// rest of the batch saved: the server would send the device c as it holds
// it, and w's field (visible, venueKeeps), or the field is case data
// stamped as another device's, which never passes as held (heldFor). Whether such
// a write passes, as held, or is refused then tells the device nothing it
// does not pull, so listing thousands a push is safe: after a server
// restore a tablet sends again, with the whole state of its people, the
// merges, deletions and photo consent the office wrote. Of a record it is
// not sent (another venue's, a person it does not see, one it reads no
// field of), a refusal still refuses the batch at its write: a device
// sending guesses stamped as the server's learns one a push, as before,
// and not which of thousands the server holds. A venue's activity moved
// away (venuesBeyond) is sent to its tablets but counts here as another
// venue's: refusing its batch loses nothing.
func (g *group) settlesAlone(dev *Device, c *cached, w record.Write) (bool, error) {
	if !venueKeeps(w.Kind, w.Field) && !domain.IsCaseData(w.Kind, w.Field) {
		return false, nil
	}
	if domain.IsCaseData(w.Kind, w.Field) && dev.Is(w.Stamp.Device) {
		// heldFor passes it if the server holds exactly this value under
		// this stamp: a walk-in's detail the device typed and then forgot
		// (ForgetCaseFields), or one an id it had before wrote (Formerly).
		// Listed alone, thousands of guesses a push would find it.
		return false, nil
	}
	aud, venue, err := g.audience(c.e)
	if err != nil {
		return false, err
	}
	switch aud {
	case AudienceEveryone:
		return true, nil
	case AudienceVenue:
		return dev.Scope.HasVenue(venue), nil
	case AudiencePerson:
		return g.seenBy(dev, w.ID)
	}
	return false, nil
}

// venuePersonRefusal says why a venue device may not write a field of a
// person record, or "" if it may. It may write the card its screens edit
// (domain.PersonCardFields); the case fields are checked apart
// (domain.IsCaseData: a walk-in's own details pass), and every other field
// is the organisation's.
func venuePersonRefusal(field string) string {
	switch {
	case domain.IsPersonCardField(field), domain.IsCaseData(domain.KindPerson, field):
		return ""
	case field == record.FieldMergedInto:
		// Every record of a person resolves through merged_into, so only
		// those who may see the whole case merge.
		return "only organisation devices merge people's records"
	case field == record.FieldDeleted:
		// A deleted person leaves every device's read model, their case
		// with them; duplicates are merged and people erased instead.
		return "people are never deleted from a venue device: duplicates are merged, and a person's records are erased by an administrator, on an organisation device"
	case field == "photo_consent":
		// It mirrors a consent recorded on the case, which venue devices
		// never hold.
		return "photo consent is recorded on the person's case, on an organisation device"
	}
	return fmt.Sprintf("venue devices change only a person's card (%s), not %q", cardFieldList, field)
}

var cardFieldList = strings.Join(domain.PersonCardFields, ", ")

// seenBy says whether a venue device may see a person now: their card
// reaches it on pull (visible), as they are enrolled at or attended one of
// its venues.
func (g *group) seenBy(dev *Device, person string) (bool, error) {
	for _, v := range dev.Scope.Venues {
		if ok, err := g.linked(person, v); err != nil || ok {
			return ok, err
		}
	}
	return false, nil
}

// mayEnrol says whether a venue device may put a person on a register at
// one of its venues (an enrolment or a mark, which links them there and
// sends their card to its tablets): someone it may see now (seenBy), or
// its own walk-in. That is a person the server holds nothing of (new to
// it: registered in this batch, or whose card follows, as a store sent
// again after a server restore sends enrolments before people), or one on
// no venue's register of whose card this device wrote a field: registered
// in an earlier push whose enrolment or mark comes in a later batch (a
// batch cut between them, an answer lost), the card perhaps edited at the
// office meanwhile. A venue device writes the card of a newcomer or of
// someone it sees, and someone it saw is on its venue's register for good
// (links stay), so such a field on someone linked nowhere is its own
// walk-in's; and so is one it wrote since it was enrolled for the venues
// it has now, though the office put the walk-in on another venue's
// register meanwhile (fields stamped less than MaxClockAhead after the
// enrolment do not count that way: a device may stamp that far ahead, so
// it could have written them under an earlier enrolment; nor do fields
// stamped by an id it had before, Formerly: once enrolled under its
// current id it writes under no other, so such a field written since is
// another live device's, the original of a copy of its store).
//
// Anyone else it may not, whatever ids it knows: a person of another
// venue, or one it saw before it was enrolled again for other venues (its
// own walk-in of then included: they are on that venue's register).
// Otherwise knowing an id would be enough to pull that person's card.
// (Links stay, so a person who left an activity of its venues stays
// seen, and may be enrolled again.)
func (g *group) mayEnrol(dev *Device, person string) (bool, error) {
	if ok, err := g.seenBy(dev, person); err != nil || ok {
		return ok, err
	}
	p, err := g.entity(domain.KindPerson, person)
	if err != nil {
		return false, err
	}
	if len(p.e.Fields) == 0 {
		return true, nil
	}
	mine, since := false, dev.Enrolled+MaxClockAhead.Milliseconds()
	for _, f := range p.e.Fields {
		if !dev.Is(f.Stamp.Device) {
			continue
		}
		// Only its current id counts as written since its enrolment: the
		// store writes under no other once enrolled with it, so a later
		// stamp of an id it had before (Formerly) is another live
		// device's, the original of a copy, at its own venues.
		if f.Stamp.Device == dev.ID && f.Stamp.Wall > since {
			return true, nil // written under this enrolment, so as a walk-in
		}
		mine = true
	}
	if !mine {
		return false, nil
	}
	for k := range g.links {
		if k.person == person {
			return false, nil
		}
	}
	vs, err := g.tx.PersonVenues(person)
	return len(vs) == 0, err
}

// enrolRefusal says why a venue device may not make write w of enrolment
// or mark c (whose venues vs are the device's), or "" if it may: each
// person the record may name must already be linked to its venue, or be
// one the device may put on a register (mayEnrol, asked through may).
func (g *group) enrolRefusal(dev *Device, c *cached, w record.Write, vs []string, may func(string) (bool, error)) (string, error) {
	var people []string
	switch w.Kind {
	case domain.KindEnrolment:
		_, p, _ := domain.ParseEnrolmentID(w.ID)
		people = append(people, p)
	case domain.KindAttendance:
		_, p, _ := domain.ParseAttendanceID(w.ID)
		people = append(people, p)
	}
	people = append(people, c.e.Get("person_id"))
	if w.Field == "person_id" {
		people = append(people, w.Value)
	}
	for _, p := range people {
		if p == "" {
			continue
		}
		for _, v := range vs {
			ok, err := g.linked(p, v)
			if err == nil && !ok {
				ok, err = may(p)
			}
			if err != nil {
				return "", err
			}
			if ok {
				continue
			}
			return fmt.Sprintf("person %q is not enrolled at and has not attended any of this device's venues, and a venue device puts on a register only people it may see or newcomers it registers itself", p), nil
		}
	}
	return "", nil
}

// registerPeople lists the people an activity's register held on the
// server names (its enrolments and marks with fields, not erased, as this
// group holds them): those refileActivity links to the venue the activity
// is given. The activity's id is the prefix of theirs; a longer activity
// id sharing the prefix is left out, as refileActivity leaves it.
func (g *group) registerPeople(activity string) ([]string, error) {
	seen := map[string]bool{}
	var out []string
	add := func(kind record.Kind, id string, e *record.Entity) {
		if domain.ActivityInID(kind, id) != activity || len(e.Fields) == 0 || e.Erased() {
			return
		}
		if p := personOf(e); p != "" && !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	for _, c := range g.order { // records of this group, not committed yet
		if c.e.Kind == domain.KindEnrolment || c.e.Kind == domain.KindAttendance {
			add(c.e.Kind, c.e.ID, c.e)
		}
	}
	for _, p := range []struct {
		kind   record.Kind
		prefix string
	}{
		{domain.KindEnrolment, activity + "+"},
		{domain.KindAttendance, activity + "@"},
	} {
		err := g.tx.Entities(p.kind, p.prefix, func(id string, e *record.Entity) error {
			if c, ok := g.cache[ekey(p.kind, id)]; ok {
				e = c.e // as this group holds it
			}
			add(p.kind, id, e)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}
