package server

import (
	"slices"
	"strings"
	"time"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

// An activity that moves to another venue (an organisation device changes
// its venue_id: the garden group goes into the church hall for winter)
// takes its register with it. Its sessions, enrolments and marks belong to
// the activity's venue (checkScope, audience), but each was logged, and
// filed in the pull index, under the venue it had when it last changed: the
// new venue's tablets would never receive them, and the old venue's would
// keep receiving them. So the commit that moves the activity logs them
// again (within the bound below), now under the new venue (their states
// unchanged: a mark's own venue_id still says where it was taken), and
// links the people on them to the new venue, which re-logs their cards, so
// the new venue's next pull brings the register. A session or mark dated
// after the move's day that carries another venue was made ahead (a
// session planned or cancelled in advance), not taken there: the move
// gives it the new venue, so the new venue's marks (which copy the
// session's venue) are taken, and the old venue does not receive the
// register it will hold.
//
// The old venue keeps its person–venue links (links only grow: the person
// took part there, and DESIGN.md sends the card to every venue where a
// person is enrolled or attended), so its tablets keep receiving those
// people's cards; they keep the records they hold, and of the moved
// register receive later changes only to the sessions and marks taken
// there (venuesBeyond), so an erasure's blanked note reaches them.
//
// The old venue's tablets must still hear that the activity moved: they
// hold it at their venue, so would list it on Today as theirs, and every
// mark taken there would be refused. So the same commit adds the old venue
// to the activity's moved_from (domain.FieldMovedFrom, a server write:
// devices may not write it, checkClaims), and the activity, only it, is
// filed in the pull index under those venues too (indexVenues) and shown
// to their devices (visible). The register stays with the new venue.
//
// The work is one re-log per record, in the move's transaction (the
// records are found by id prefix, not a scan of the store), so it is
// bounded: every enrolment (one per person ever on the activity), and the
// newest maxRefiled sessions and marks. Without a bound, a long-running
// activity's move could not fit one transaction at all (60,000 marks do
// not on Badger) and would be refused for good. The older sessions and
// marks stay filed under the venue they were taken at: its tablets may
// still pull them, the new venue's do not get them (its registers show
// the recent history), and a later change to one is logged under the
// activity's venue like any other.

// maxRefiled bounds the sessions and marks one move logs again: the newest
// 5,000 (two and a half years of a weekly group of forty), about a second
// of the commit lock on Badger and two on PostgreSQL. Older ones stay filed
// under the venue where they were taken.
const maxRefiled = 5000

type ref struct {
	kind record.Kind
	id   string
}

// refDate is the date (YYYY-MM-DD) in a session's or mark's id.
func refDate(kind record.Kind, id string) string {
	if kind == domain.KindAttendance {
		id, _, _ = domain.ParseAttendanceID(id)
	}
	_, date, _ := domain.ParseSessionID(id)
	return date
}

// refileMoves re-logs the register of every activity this group moved to
// another venue, and links its people there. It runs after every job of
// the group is applied, before the commit logs anything.
func (g *group) refileMoves() error {
	for i := 0; i < len(g.order); i++ { // the loop loads more records
		a := g.order[i]
		if a.e.Kind != domain.KindActivity || !a.dirty {
			continue
		}
		venue := a.e.Get("venue_id")
		if venue == "" || venue == a.venueBefore {
			continue
		}
		if err := g.refileActivity(a.e.ID); err != nil {
			return err
		}
		if a.venueBefore == "" {
			continue // new here, or had no venue: no tablet holds it elsewhere
		}
		list := movedFromAfter(a.e.Get(domain.FieldMovedFrom), a.venueBefore, venue)
		if list != a.e.Get(domain.FieldMovedFrom) {
			// Stamped on behalf of whoever moved it, for the trail.
			if err := g.serverWrite(a, domain.FieldMovedFrom, list, a.e.Fields["venue_id"].Staff); err != nil {
				return err
			}
		}
	}
	return nil
}

// maxMovedFrom bounds the venues in an activity's moved_from, so the
// record and the venues its every change is filed under stay small. An
// activity moved among more venues than that keeps the venue it left
// last; the others' tablets stop receiving it.
const maxMovedFrom = 16

// movedFromAfter is an activity's moved_from once it moves from before to
// now: the venues held, and before, but not now (an activity moved back is
// its venue's again), sorted, at most maxMovedFrom.
func movedFromAfter(held, before, now string) string {
	vs := append(movedFromList(held), before)
	slices.Sort(vs)
	vs = slices.Compact(vs)
	vs = slices.DeleteFunc(vs, func(v string) bool { return v == now || v == "" })
	for i := 0; len(vs) > maxMovedFrom; {
		if vs[i] == before {
			i++
			continue
		}
		vs = slices.Delete(vs, i, i+1)
	}
	return strings.Join(vs, ",")
}

// movedFromList splits a moved_from value.
func movedFromList(v string) []string {
	if v == "" {
		return nil
	}
	return strings.Split(v, ",")
}

// venuesBeyond lists the venues besides its own (e.Venue) that a venue log
// entry reaches. An activity reaches those it moved from (moved_from), so
// their tablets learn where it went. A session or a mark reaches the venue
// it was taken at (its venue_id) when that is one its activity moved from:
// that venue's tablets hold it, and must get its later changes, an
// erasure's blanked note above all ("every device ends erased"). A
// venue_id that names any other venue (an office's mistake) sends it
// nowhere else: a session's venue is its activity's. Only the server
// writes moved_from (falseClaim). ent is the entry's state decoded, or nil
// to decode it here; activity reads an activity's state.
func venuesBeyond(e LogEntry, ent *record.Entity, activity func(id string) (*record.Entity, error)) ([]string, error) {
	if e.Kind != domain.KindActivity && e.Kind != domain.KindSession && e.Kind != domain.KindAttendance {
		return nil, nil
	}
	if ent == nil {
		var err error
		if ent, err = record.DecodeEntity(e.Kind, e.ID, e.State, nil); err != nil {
			return nil, err
		}
	}
	if e.Kind == domain.KindActivity {
		return movedFromList(ent.Get(domain.FieldMovedFrom)), nil
	}
	taken := ent.Get("venue_id")
	if taken == "" || taken == e.Venue {
		return nil, nil
	}
	a, err := activity(domain.ActivityInID(e.Kind, e.ID))
	if err != nil {
		return nil, err
	}
	if slices.Contains(movedFromList(a.Get(domain.FieldMovedFrom)), taken) {
		return []string{taken}, nil
	}
	return nil, nil
}

// refileActivity marks the enrolments, sessions and marks of activity for
// logging again (audience then files it under the activity's venue) and
// links the people on them to that venue.
func (g *group) refileActivity(activity string) error {
	var refs []ref
	seen := map[entKey]bool{}
	add := func(kind record.Kind, id string) {
		if domain.ActivityInID(kind, id) == activity && !seen[ekey(kind, id)] {
			seen[ekey(kind, id)] = true
			refs = append(refs, ref{kind, id})
		}
	}
	for _, c := range g.order { // records new in this group are not committed yet
		add(c.e.Kind, c.e.ID)
	}
	// Session and mark ids start activity@, enrolment ids activity+; the
	// prefix can also match another activity whose id extends this one's,
	// which add leaves out.
	for _, p := range []struct {
		kind   record.Kind
		prefix string
	}{
		{domain.KindSession, activity + "@"},
		{domain.KindEnrolment, activity + "+"},
		{domain.KindAttendance, activity + "@"},
	} {
		err := g.tx.Entities(p.kind, p.prefix, func(id string, _ *record.Entity) error {
			add(p.kind, id)
			return nil
		})
		if err != nil {
			return err
		}
	}
	// Every enrolment goes (they are who the register expects, and link
	// the people); sessions and marks newest first, up to the bound.
	dated := slices.DeleteFunc(slices.Clone(refs), func(r ref) bool { return r.kind == domain.KindEnrolment })
	slices.SortStableFunc(dated, func(a, b ref) int { return strings.Compare(refDate(b.kind, b.id), refDate(a.kind, a.id)) })
	keep := map[ref]bool{}
	for _, r := range dated[:min(len(dated), maxRefiled)] {
		keep[r] = true
	}
	a, err := g.entity(domain.KindActivity, activity)
	if err != nil {
		return err
	}
	venue, today := a.e.Get("venue_id"), g.now.UTC().Format(time.DateOnly)
	for _, r := range refs {
		if r.kind != domain.KindEnrolment && !keep[r] {
			continue
		}
		c, err := g.entity(r.kind, r.id)
		if err != nil {
			return err
		}
		if len(c.e.Fields) == 0 {
			continue
		}
		c.dirty = true
		if r.kind != domain.KindEnrolment && refDate(r.kind, r.id) > today && !c.e.Erased() {
			if held := c.e.Get("venue_id"); held != "" && held != venue {
				// Made ahead at the old venue, it will be held at the new
				// one: it is not one taken there (venuesBeyond), and the new
				// venue's marks copy the session's venue.
				if err := g.serverWrite(c, "venue_id", venue, a.e.Fields["venue_id"].Staff); err != nil {
					return err
				}
			}
		}
		// An erased record names no one any more (its tombstone moves, its
		// person's card need not).
		if !c.e.Erased() && (r.kind == domain.KindEnrolment || r.kind == domain.KindAttendance) {
			if err := g.link(c.e); err != nil {
				return err
			}
		}
	}
	return nil
}
