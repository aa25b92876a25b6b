package server

import (
	"fmt"
	"time"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/hlc"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/protocol"
)

// A venue device may add records that then go to many devices or fill the
// server: staff ("Add me" on a tablet) reach every device, walk-ins reach
// organisation devices, and activities (each with its sessions,
// enrolments and marks, which reach the venue's devices and the
// organisation's) are registers a tablet could otherwise multiply. Each
// venue device has a daily budget of records NEW to the server of those
// kinds, and of every kind together, in which the conflict records its
// writes make count too; organisation devices have none. Audit entries
// (two or three a tick on a register) have no budget of their own, so a
// tablet back from a fortnight offline is not held back by them. The
// numbers are far above what an honest busy venue makes, so only a broken
// or hostile tablet meets them, and then what it sends waits on it (rate
// limited) instead of growing what every device holds without bound.
const (
	// A tablet is shared by a handful of facilitators and volunteers; a
	// big open day may bring a few dozen new helpers.
	VenueNewStaffPerDay = 50
	// Walk-ins: a large community event registers a few hundred newcomers.
	VenueNewPersonsPerDay = 500
	// Activities are mostly added in the office; a coordinator at a venue
	// adds a handful in a term.
	VenueNewActivitiesPerDay = 50
	// Records of every kind together: sessions, enrolments, marks and
	// audit entries too, which a tablet makes for any date and any person
	// id, and the conflict records its writes make. An honest venue makes
	// a few thousand a day; a tablet back after months offline sends its
	// whole backlog at once (the push benchmark sends 100,000 marks), so
	// the bound is far above both. Past it, nothing more from the device
	// is taken that day.
	VenueNewRecordsPerDay = 250000
	// Every change a push makes logs its record's whole state again, which
	// every device that may see it pulls: one small write to a record a
	// tablet has filled up (up to protocol.MaxRecordBytes) costs each of
	// them that much. The states a venue device's changes log a day are
	// bounded too, in KiB (each state rounded up): 1 GiB. An honest tablet
	// logs a few megabytes a day (a mark is some hundreds of bytes), one
	// back after months offline some hundred.
	VenueLoggedKiBPerDay = 1 << 20
)

// AllKinds keys the budget of records of every kind together: not a kind
// a venue device may write (checkScope refuses unknown kinds from them).
const AllKinds record.Kind = "*"

// LoggedKiB keys the budget of KiB of record states a venue device's
// changes log (VenueLoggedKiBPerDay); like AllKinds, no kind a device may
// write. KiB, not bytes: what one batch may take the count past the budget
// by stays far within the backends' 32-bit counts.
const LoggedKiB record.Kind = "*kib"

// DefaultVenueBudgets is each budgeted kind's daily number of new records
// from one venue device. A kind not in it is not budgeted.
var DefaultVenueBudgets = map[record.Kind]int{
	domain.KindStaff:    VenueNewStaffPerDay,
	domain.KindPerson:   VenueNewPersonsPerDay,
	domain.KindActivity: VenueNewActivitiesPerDay,
	AllKinds:            VenueNewRecordsPerDay,
	LoggedKiB:           VenueLoggedKiBPerDay,
}

// NewRecords counts what one device made new of one kind in one budget
// window. The window is a UTC day: one row per device and kind holds the
// whole state, and a new day starts the count afresh. A device may spend
// two days' budget around midnight, which still bounds it to one day's
// budget a day on average; a rolling window would need a row per record.
type NewRecords struct {
	Day int64 // days since 1970-01-01, UTC
	N   int
}

// budgetDay is the UTC day t falls on.
func budgetDay(t time.Time) int64 { return t.UnixMilli() / (24 * time.Hour).Milliseconds() }

// untilNextDay is how long from t until the next window starts.
func untilNextDay(t time.Time) time.Duration {
	next := time.UnixMilli((budgetDay(t) + 1) * (24 * time.Hour).Milliseconds())
	return next.Sub(t)
}

type budgetKey struct {
	device string
	kind   record.Kind
}

// spendBudget counts the records a venue device's batch makes new, by
// budgeted kind, and stops at the first write of the first record past
// its kind's day's budget: that write and those after it are held back
// with CodeRateLimited, naming it (RefusedSeq), so the device sends the
// writes before it on their own and the rest wait on it, queued, until the
// next day. Nothing is refused for good. The counts are kept in the group
// and written in its transaction, so server processes sharing a backend
// see each other's counts, and two cannot both take the last place
// (Backend.Update is serialised). A batch that would take the device's
// logged KiB past the day's budget stops at the write that would
// (loggedPrefix), held back the same way. fresh says which of ws reach the
// server for the first time (freshWrites).
func (g *group) spendBudget(dev *Device, ws []record.Write, fresh []bool) (int, *protocol.Error, error) {
	counts := map[record.Kind]*NewRecords{}
	spend := func(kind record.Kind, limit int) (bool, error) {
		n := counts[kind]
		if n == nil {
			var err error
			if n, err = g.newRecords(dev.ID, kind); err != nil {
				return false, err
			}
			counts[kind] = n
		}
		if n.N >= limit {
			return false, nil
		}
		n.N++
		return true, nil
	}
	g.jobKiB = nil                // set below, for this job alone
	var loggedCut *protocol.Error // ws was cut short by the logged budget
	total, limited := g.s.budgets[AllKinds]
	if limited && len(ws) > 0 {
		// Spent (conflict records count after the merge, so a batch can
		// take the count past the budget): nothing more today.
		n, err := g.newRecords(dev.ID, AllKinds)
		if err != nil {
			return 0, nil, err
		}
		if n.N >= total {
			return 0, overBudget(ws[0], fmt.Sprintf("%d new records", total), g.now), nil
		}
		counts[AllKinds] = n
	}
	if most, ok := g.s.budgets[LoggedKiB]; ok && len(ws) > 0 {
		// Spent (counted after the merge, as conflicts are): nothing more
		// today.
		n, err := g.newRecords(dev.ID, LoggedKiB)
		if err != nil {
			return 0, nil, err
		}
		if n.N >= most {
			return 0, overLogged(most, g.now), nil
		}
		// One batch may log many records filled before (up to 20,000
		// writes, each to a record of up to protocol.MaxRecordBytes):
		// counted only after the merge, it could take the count GiBs
		// past the budget in one transaction. The batch stops before the
		// write that would take it past, so the count passes the budget
		// by one write's records at most.
		cut, kib, err := g.loggedPrefix(dev, ws, fresh, most-n.N)
		if err != nil {
			return 0, nil, err
		}
		g.jobKiB = kib
		if cut < len(ws) {
			// New records before the cut may still be past their budget.
			ws, loggedCut = ws[:cut], overLogged(most, g.now)
		}
	}
	seen := map[*cached]bool{}
	for i, w := range ws {
		limit, budgeted := g.s.budgets[w.Kind]
		if !budgeted && !limited || i > 0 && ws[i-1].ID == w.ID && ws[i-1].Kind == w.Kind {
			continue // a record's writes come together: the first counted it
		}
		c, err := g.entity(w.Kind, w.ID)
		if err != nil {
			return 0, nil, err
		}
		if seen[c] || !newToServer(c) {
			continue
		}
		seen[c] = true
		if budgeted {
			ok, err := spend(w.Kind, limit)
			if err != nil {
				return 0, nil, err
			}
			if !ok {
				return i, overBudget(w, fmt.Sprintf("%d new %s records", limit, w.Kind), g.now), nil
			}
		}
		if limited {
			ok, err := spend(AllKinds, total)
			if err != nil {
				return 0, nil, err
			}
			if !ok {
				return i, overBudget(w, fmt.Sprintf("%d new records", total), g.now), nil
			}
		}
	}
	if loggedCut != nil {
		// The batch is refused, so it spends nothing: the device sends
		// the writes before the cut on their own.
		return len(ws), loggedCut, nil
	}
	for kind, n := range counts {
		g.spent[budgetKey{dev.ID, kind}] = n
	}
	return 0, nil, nil
}

// loggedPrefix is how many of ws, from the first, a venue device may send
// with room KiB of its logged budget left: the first always (the budget is
// not spent), then each while the KiB the batch logs so far (loggedKiB of
// every record it changes, as the merge leaves it, and of every conflict
// record it makes) stay within room. It merges ws into copies of the
// records, as checkRecordSize does, so it knows each state before the
// merge. It also returns those KiB by record: the merge that follows
// leaves each in the state measured here (the same writes to the same
// state, in order), so chargeLogged takes them from it rather than
// measuring every changed record again. Person cards a new link logs
// again, and what an erasure writes, are measured after the merge only
// (chargeLogged): a card is small. A fresh write (freshWrites) that loses
// makes a conflict record whatever the bases say (lostUnseen), as the
// merge will: counted here too, or a batch of them would pass the budget
// by thousands of records.
func (g *group) loggedPrefix(dev *Device, ws []record.Write, fresh []bool, room int) (int, map[*cached]int, error) {
	sims := map[*cached]*record.Entity{}
	kib := map[*cached]int{}
	total := 0
	for i, w := range ws {
		c, err := g.entity(w.Kind, w.ID)
		if err != nil {
			return 0, nil, err
		}
		e := sims[c]
		if e == nil {
			e = c.e.Clone()
			sims[c] = e
		}
		out := e.Apply(w)
		if out.Changed {
			k := loggedKiB(dev, e)
			total += k - kib[c]
			kib[c] = k
		}
		out.Conflict = revealedConflict(e, w, out, fresh[i])
		if out.Conflict != nil && w.Kind != domain.KindConflict {
			ce := conflictEntity(out.Conflict, ServerDevice)
			cc, err := g.entity(ce.Kind, ce.ID)
			if err != nil {
				return 0, nil, err
			}
			if _, counted := kib[cc]; !counted && len(cc.e.Fields) == 0 {
				k := loggedKiB(dev, ce)
				total += k
				kib[cc] = k
			}
		}
		if i > 0 && total > room {
			return i, nil, nil
		}
	}
	return len(ws), kib, nil
}

// overLogged holds back a venue device's changes once they have logged
// most KiB today.
func overLogged(most int, now time.Time) *protocol.Error {
	wait := untilNextDay(now)
	return &protocol.Error{Code: protocol.CodeRateLimited, RetryAfterSeconds: int(wait.Seconds()) + 1,
		Message: fmt.Sprintf("this device's changes today have made the server store and send out %d MiB of records, the most a venue device may in one day, so its changes wait on this device. Nothing is lost: they are sent again after midnight (UTC), in about %s. If this venue really changes that much, ask your administrator: organisation devices have no such limit.",
			most>>10, wait.Round(time.Minute))}
}

// newRecords is device's count for kind today, as this group sees it.
func (g *group) newRecords(device string, kind record.Kind) (*NewRecords, error) {
	if c, ok := g.spent[budgetKey{device, kind}]; ok {
		return &NewRecords{Day: c.Day, N: c.N}, nil
	}
	c, err := g.tx.NewRecords(device, kind)
	if err != nil {
		return nil, err
	}
	if today := budgetDay(g.now); c.Day != today {
		c = NewRecords{Day: today}
	}
	return &c, nil
}

// chargeConflicts adds the n conflict records a venue device's batch made
// to its budget of every kind. The server makes them, one for each pair of
// stamps that met, so they are known only after the merge: a batch may take
// the count past the budget by its own conflicts at most (its size is
// bounded), and spendBudget then holds the device's next batch back.
func (g *group) chargeConflicts(dev *Device, n int) error {
	if _, limited := g.s.budgets[AllKinds]; !limited || n == 0 {
		return nil
	}
	c, err := g.newRecords(dev.ID, AllKinds)
	if err != nil {
		return err
	}
	c.N += n
	g.spent[budgetKey{dev.ID, AllKinds}] = c
	return nil
}

// chargeLogged adds to a venue device's budget of logged KiB the states
// of the records its batch logs (cs, from relog: those it changed, the
// conflict records it made, person cards a new link logs again), as they
// will be logged (of a person, the fields it may read). A write that loses
// the merge changes nothing, yet its conflict record holds the winner's
// value and its own, which every organisation device pulls. This is the
// count; spendBudget has already cut the batch where its records would
// take the count past the budget (loggedPrefix), so it passes the budget
// by one write's records (and cards newly linked) at most, and spendBudget
// then holds the next batch back.
//
// measured holds the KiB of records already measured as the merge leaves
// them (loggedPrefix), or nil. An erasure the batch met may shrink one
// after (enforceErasure), which is then charged as it was before.
func (g *group) chargeLogged(dev *Device, cs []*cached, measured map[*cached]int) error {
	if _, limited := g.s.budgets[LoggedKiB]; !limited || len(cs) == 0 {
		return nil
	}
	c, err := g.newRecords(dev.ID, LoggedKiB)
	if err != nil {
		return err
	}
	for _, r := range cs {
		if k, ok := measured[r]; ok {
			c.N += k
		} else {
			c.N += loggedKiB(dev, r.e)
		}
	}
	g.spent[budgetKey{dev.ID, LoggedKiB}] = c
	return nil
}

// loggedKiB is what logging e's state costs venue device dev's budget of
// logged KiB, rounded up. Only what the device may read of a person: were
// their hidden case fields counted, when its budget ran out would tell it
// how big their case is (see share). For the same reason a conflict
// record about such a field counts each value in it the device did not
// write (by its stamp) as the longest value a write may carry, present or
// not, in place of its own length.
func loggedKiB(dev *Device, e *record.Entity) int {
	hidden := e.Kind == domain.KindConflict && e.Get("entity_kind") == string(domain.KindPerson) && !venueReads(e.Get("field"))
	othersValue := func(at string) bool {
		t, err := hlc.Parse(at)
		return err != nil || !dev.Is(t.Device)
	}
	n, keys := 0, 0
	if hidden {
		for _, side := range [][2]string{{"winner_value", "winner_at"}, {"loser_value", "loser_at"}} {
			if othersValue(e.Get(side[1])) {
				// The field with an empty value (1 byte) replaced by the
				// longest, whatever stamp it has.
				n += fieldBytes(side[0], record.FieldState{}) - 1 + uvarintLen(protocol.MaxValueBytes) + protocol.MaxValueBytes
				keys++
			}
		}
	}
	for name, f := range e.Fields {
		switch {
		case e.Kind == domain.KindPerson && !venueReads(name),
			hidden && name == "winner_value" && othersValue(e.Get("winner_at")),
			hidden && name == "loser_value" && othersValue(e.Get("loser_at")):
			continue
		}
		n += fieldBytes(name, f)
		keys++
	}
	return (1 + uvarintLen(uint64(keys)) + n + 1023) >> 10
}

// saveBudgets writes the counts this group spent.
func (g *group) saveBudgets() error {
	for k, c := range g.spent {
		if err := g.tx.PutNewRecords(k.device, k.kind, *c); err != nil {
			return err
		}
	}
	return nil
}

// overBudget holds back w, a new record past the day's budget (spent: how
// many records of what the device has added today).
func overBudget(w record.Write, spent string, now time.Time) *protocol.Error {
	wait := untilNextDay(now)
	return &protocol.Error{Code: protocol.CodeRateLimited, RetryAfterSeconds: int(wait.Seconds()) + 1,
		Message: fmt.Sprintf("this device has added %s today, the most a venue device may add in one day, so new %s %q and the changes after it wait on this device. Nothing is lost: they are sent again after midnight (UTC), in about %s. If this venue really adds more, ask your administrator: organisation devices have no such limit.",
			spent, w.Kind, w.ID, wait.Round(time.Minute))}
}
