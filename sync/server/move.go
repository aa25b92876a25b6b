package server

import (
	"context"
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
// again (a bounded batch; later commits log the rest: below), now under
// the new venue (their states unchanged: a mark's own venue_id still says
// where it was taken), and links the people on them to the new venue,
// which re-logs their cards, so the new venue's next pull brings the
// register. A session or mark dated
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
// The work is one re-log per record (the records are found by id prefix,
// not a scan of the store), done in bounded batches: the move's commit
// logs again every enrolment (one per person ever on the activity) and
// the newest Store.maxRefiled sessions and marks not yet filed under the
// new venue, and keeps the rest of the register, newest first, as the
// refiling's list of what is left (its resume point: everything before
// it was handled). Later commit groups, made by the committer itself
// when no push waits, or after refileEvery groups of pushes that keep
// coming (commitLoop), each take the next batch off that
// list, checking only those records under the commit lock, so a push
// waits for one batch at most, however long the register. Each runs in a
// group of its own: its failure fails no device's push, and the move is
// kept and tried again after a pause (backing off; a batch too big for
// one transaction is halved). Without a bound, a long-running activity's
// move could not fit one transaction at all (60,000 marks do not on
// Badger) and would be refused for good. After the move, every write of
// the register is logged under the activity's venue, so the list only
// ever holds too much (checked again before each record goes), never too
// little.
//
// Which records are left is read from the log (each one's entry names the
// venue it is filed under), so the list is all that is kept in memory: a
// server stopped in the middle finds the moves it had not finished when
// it starts again (findRefiling), beside the committer, by checking every
// session and mark of every activity with a venue, in a snapshot per
// activity, outside the commit lock. Any of them may be filed elsewhere:
// a record written after the move is filed under the new venue whatever
// its date (an office back-filling an old register), so neither the
// oldest nor the newest says how far a move got. Several server
// processes sharing one backend: the process that committed a move
// re-files it; if it stops, any process finds the move when it starts
// (each does at its start, so two may re-file one move at once, which is
// only work repeated: each record is checked under the commit lock
// before it is logged again, and one already filed there is passed over).

// defaultMaxRefiled bounds the sessions and marks one commit logs again
// for a move: 5,000 (two and a half years of a weekly group of forty),
// about a second of the commit lock on Badger and two on PostgreSQL.
const defaultMaxRefiled = 5000

// refiling is a move whose register is being re-filed under its venue.
type refiling struct {
	activity string
	// by is the venue device whose push gave the activity its venue, so
	// what the later batches log is charged to it too (chargedTo); "" for
	// an organisation device's move, or one found at start.
	by string
	// venue is the venue the register is being filed under; todo, the
	// sessions and marks after the resume point, newest first: those left
	// to check (some may have been filed there since).
	venue string
	todo  []ref
	// limit bounds the records one batch logs (0: Store.maxRefiled); it
	// is halved after a batch too big for one transaction.
	limit int
	// failed counts the background batches that failed in a row; the next
	// is not tried before retry.
	failed int
	retry  time.Time
}

// more says whether some of the register is left for a later group.
func (r *refiling) more() bool { return len(r.todo) > 0 }

// batchLimit is the sessions and marks one batch of r logs.
func (r *refiling) batchLimit(max int) int {
	if r.limit > 0 && r.limit < max {
		return r.limit
	}
	return max
}

type ref struct {
	kind record.Kind
	id   string
}

// newestFirst orders sessions and marks by date, then id, both newest
// first: the order a move re-files them in.
func newestFirst(a, b ref) int {
	if c := strings.Compare(refDate(b.kind, b.id), refDate(a.kind, a.id)); c != 0 {
		return c
	}
	return strings.Compare(b.id, a.id)
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
// another venue (a batch of it), and links its people there, then the
// next batch of each move this group continues (conts). It runs after
// every job of the group is applied, before the commit logs anything.
// What a venue device's move logs is charged to it (chargedTo): it may
// give a venue to an activity the server holds none of (checkScope),
// whose register the office may have sent before it.
func (g *group) refileMoves(conts []*refiling) error {
	for i := 0; i < len(g.order); i++ { // the loop loads more records
		a := g.order[i]
		if a.e.Kind != domain.KindActivity || !a.dirty {
			continue
		}
		venue := a.e.Get("venue_id")
		if venue == "" || venue == a.venueBefore {
			continue
		}
		err := g.chargedTo(a.movedBy, func() error {
			if err := g.refileActivity(a.e.ID, a.movedBy, nil); err != nil {
				return err
			}
			if a.venueBefore == "" {
				return nil // new here, or had no venue: no tablet holds it elsewhere
			}
			list := movedFromAfter(a.e.Get(domain.FieldMovedFrom), a.venueBefore, venue)
			if list != a.e.Get(domain.FieldMovedFrom) {
				// Stamped on behalf of whoever moved it, for the trail.
				return g.serverWrite(a, domain.FieldMovedFrom, list, a.e.Fields["venue_id"].Staff)
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	for _, r := range conts {
		if g.refiled[r.activity] != nil {
			continue // moved again in this group, and re-filed afresh
		}
		var by *Device
		if r.by != "" {
			var err error
			if by, err = g.currentDevice(r.by); err != nil {
				return err
			}
		}
		if err := g.chargedTo(by, func() error { return g.refileActivity(r.activity, by, r) }); err != nil {
			return err
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

// refileActivity marks for logging again (audience then files it under
// the activity's venue) the enrolments of activity, and the newest
// maxRefiled of its sessions and marks, that are not filed under that
// venue yet, and links the people on them to that venue. With cont (a
// later batch of a move) it takes the sessions and marks off cont's list
// instead of listing the register. It notes in g.refiled what is left;
// by is the venue device that gave the activity its venue, if one did.
func (g *group) refileActivity(activity string, by *Device, cont *refiling) error {
	a, err := g.entity(domain.KindActivity, activity)
	if err != nil {
		return err
	}
	venue, today := a.e.Get("venue_id"), g.now.UTC().Format(time.DateOnly)
	if g.refiled == nil {
		g.refiled = map[string]*refiling{}
	}
	// A new value, so the committer's is changed only once this group
	// commits (noteRefiled).
	r := &refiling{activity: activity, venue: venue}
	if by != nil && !by.Scope.Organisation {
		r.by = by.ID
	}
	if cont != nil {
		r.limit = cont.limit
	}
	g.refiled[activity] = r
	if venue == "" {
		return nil // its venue taken away since: nothing to re-file
	}
	var todo, dated []ref
	if cont != nil {
		if cont.venue != venue {
			// Moved again since the list was made: the move that did
			// re-filed afresh, and keeps its own list.
			return nil
		}
		dated = cont.todo
	} else {
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
		// Session and mark ids start activity@, enrolment ids activity+;
		// the prefix can also match another activity whose id extends
		// this one's, which add leaves out.
		for _, p := range refilePrefixes(activity) {
			err := g.tx.Entities(p.kind, p.prefix, func(id string, _ *record.Entity) error {
				add(p.kind, id)
				return nil
			})
			if err != nil {
				return err
			}
		}
		// Every enrolment not filed there goes (they are who the register
		// expects, and link the people); sessions and marks newest first,
		// up to the bound.
		for _, r := range refs {
			if r.kind != domain.KindEnrolment {
				dated = append(dated, r)
				continue
			}
			pending, err := g.notFiledAt(r, venue)
			if err != nil {
				return err
			}
			if pending {
				todo = append(todo, r)
			}
		}
		slices.SortFunc(dated, newestFirst)
	}
	// A batch reads at most twice its bound, so one whose list holds
	// mostly records filed there since still holds the lock briefly.
	limit := r.batchLimit(g.s.maxRefiled)
	next, n, read := 0, 0, 0
	for ; next < len(dated) && n < limit && read < 2*limit; next++ {
		if c, ok := g.cache[ekey(dated[next].kind, dated[next].id)]; !ok || !c.dirty {
			read++ // one logged in this group is known filed there unread
		}
		pending, err := g.notFiledAt(dated[next], venue)
		if err != nil {
			return err
		}
		if pending {
			todo = append(todo, dated[next])
			n++
		}
	}
	r.todo = dated[next:]
	for _, r := range todo {
		c, err := g.entity(r.kind, r.id)
		if err != nil {
			return err
		}
		g.relog(c)
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

type refilePrefix struct {
	kind   record.Kind
	prefix string
}

// refilePrefixes are the id prefixes of an activity's register.
func refilePrefixes(activity string) []refilePrefix {
	return []refilePrefix{
		{domain.KindSession, activity + "@"},
		{domain.KindEnrolment, activity + "+"},
		{domain.KindAttendance, activity + "@"},
	}
}

// notFiledAt says whether a record of a moved register is still to be
// logged again under venue: held, not logged in this group (a record
// dirty here is logged under the activity's venue anyway), and its log
// entry filed under another venue.
func (g *group) notFiledAt(r ref, venue string) (bool, error) {
	var seq uint64
	if c, ok := g.cache[ekey(r.kind, r.id)]; ok {
		if c.dirty || len(c.e.Fields) == 0 {
			return false, nil
		}
		seq = c.oldSeq
	} else {
		e, s, err := g.tx.Entity(r.kind, r.id)
		if err != nil || len(e.Fields) == 0 {
			return false, err
		}
		seq = s
	}
	return filedElsewhere(g.tx, seq, venue)
}

// filedElsewhere says whether the log entry at seq is not filed under
// venue (or is gone: the record is logged again all the same).
func filedElsewhere(r Reader, seq uint64, venue string) (bool, error) {
	if seq == 0 {
		return true, nil
	}
	e, ok, err := r.LogEntry(seq)
	if err != nil || !ok {
		return !ok, err
	}
	return e.Audience != AudienceVenue || e.Venue != venue, nil
}

// findRefiling lists the moves whose register is not all filed under the
// activity's venue yet, each with the sessions and marks left, newest
// first: those a server stopped in the middle of (or one of an older
// version, which re-filed only the newest sessions) left. Every session
// and mark of every activity with a venue is checked (any of them may be
// the one left: move.go), in a snapshot per activity, so no snapshot is
// held long; enrolments go with a move's first batch, in its commit.
func findRefiling(ctx context.Context, b Backend) ([]*refiling, error) {
	type placed struct{ activity, venue string }
	var activities []placed
	err := b.View(ctx, func(r Reader) error {
		return r.Entities(domain.KindActivity, "", func(activity string, a *record.Entity) error {
			if venue := a.Get("venue_id"); venue != "" {
				activities = append(activities, placed{activity, venue})
			}
			return ctx.Err() // the server is stopping
		})
	})
	if err != nil {
		return nil, err
	}
	var out []*refiling
	for _, a := range activities {
		var left []ref
		err := b.View(ctx, func(r Reader) error {
			left = nil
			// Read again: it may have moved since the list was made.
			act, _, err := r.Entity(domain.KindActivity, a.activity)
			if err != nil || act.Get("venue_id") != a.venue {
				return err // moved since: that move's commit re-files it
			}
			for _, p := range refilePrefixes(a.activity) {
				if p.kind == domain.KindEnrolment {
					continue
				}
				var ids []string
				err := r.Entities(p.kind, p.prefix, func(id string, e *record.Entity) error {
					if domain.ActivityInID(p.kind, id) == a.activity && len(e.Fields) > 0 {
						ids = append(ids, id)
					}
					return ctx.Err()
				})
				if err != nil {
					return err
				}
				for _, id := range ids {
					_, seq, err := r.Entity(p.kind, id)
					if err != nil {
						return err
					}
					elsewhere, err := filedElsewhere(r, seq, a.venue)
					if err != nil {
						return err
					}
					if elsewhere {
						left = append(left, ref{p.kind, id})
					}
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		if len(left) > 0 {
			slices.SortFunc(left, newestFirst)
			out = append(out, &refiling{activity: a.activity, venue: a.venue, todo: left})
		}
	}
	return out, nil
}
