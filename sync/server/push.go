package server

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/gather-sp/gather/access"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/hlc"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/protocol"
)

// pushJob is one push (or server-made change) waiting for the committer.
type pushJob struct {
	dev    *Device
	req    *protocol.PushRequest // its Writes are in seqs and writes
	seqs   []uint64              // the writes' sequences, increasing
	writes []record.Write
	server []record.Write // writes the server makes itself (add-venue)
	refile *refiling      // the next batch of a move's re-filing (move.go)
	widen  bool           // log again what an older server logged too narrowly (widen.go)
	origin string         // originKey of the pushing store's instance; "" if it sent none
	done   chan pushResult
}

type pushResult struct {
	resp *protocol.PushResponse
	perr *protocol.Error // refused: the device can act on it
	err  error           // the server failed; try again
}

var errStopped = errors.New("the server is shutting down; try again in a moment")

// Push applies a device's batch of writes. A refused batch (perr) changed
// nothing.
func (s *Store) Push(ctx context.Context, dev *Device, req *protocol.PushRequest) (*protocol.PushResponse, *protocol.Error, error) {
	seqs := make([]uint64, len(req.Writes))
	writes := make([]record.Write, len(req.Writes))
	for i, w := range req.Writes {
		rw, err := w.ToRecord()
		if err != nil {
			return nil, &protocol.Error{Code: protocol.CodeBadRequest, Message: err.Error()}, nil
		}
		seqs[i], writes[i] = w.Seq, rw
	}
	return s.PushWrites(ctx, dev, req, seqs, writes)
}

// PushWrites is Push for writes already checked (protocol.DecodePush),
// numbered seqs; req.Writes is not read.
func (s *Store) PushWrites(ctx context.Context, dev *Device, req *protocol.PushRequest, seqs []uint64, writes []record.Write) (*protocol.PushResponse, *protocol.Error, error) {
	job := &pushJob{dev: dev, req: req, seqs: seqs, writes: writes, origin: originKey(dev, req.Instance), done: make(chan pushResult, 1)}
	if err := s.submitWait(ctx, job); err != nil {
		return nil, nil, err
	}
	r := <-job.done
	return r.resp, r.perr, r.err
}

func (s *Store) submit(ctx context.Context, job *pushJob) error {
	if err := s.submitWait(ctx, job); err != nil {
		return err
	}
	r := <-job.done
	if r.perr != nil {
		return r.perr
	}
	return r.err
}

// submitWait hands a job to the committer and waits until it is done (the
// result is then in job.done).
func (s *Store) submitWait(ctx context.Context, job *pushJob) error {
	select {
	case s.jobs <- job:
	case <-ctx.Done():
		return ctx.Err()
	case <-s.done:
		return errStopped
	}
	select {
	case r := <-job.done:
		job.done <- r
		return nil
	case <-s.done:
		// The committer answers every job it took before stopping.
		select {
		case r := <-job.done:
			job.done <- r
			return nil
		default:
			return errStopped
		}
	}
}

// commitLoop takes jobs and commits them in groups: one transaction and
// one fsync for as many waiting pushes as fit. When no job waits, it
// re-files the next batch of a move's register (move.go), in a group of
// its own; the moves a server stopped before finishing are looked for at
// its start, beside it, so pushes do not wait on that.
func (s *Store) commitLoop(ctx context.Context) {
	var found chan []*refiling
	scanned := make(chan struct{})
	if s.noBackground {
		close(scanned)
	} else {
		found = make(chan []*refiling, 1)
		go func() {
			defer close(scanned)
			// A failed scan is tried again (a dropped connection must not
			// leave a move half re-filed until the next start).
			for pause := firstRefileRetry; ; pause = min(2*pause, longestRefileRetry) {
				rs, err := findRefiling(ctx, s.b)
				if err == nil || ctx.Err() != nil {
					found <- rs
					return
				}
				slog.Error("looking for moves whose register is not all re-filed; trying again later", "err", err, "pause", pause)
				select {
				case <-ctx.Done():
					return
				case <-time.After(pause):
				}
			}
		}()
	}
	defer close(s.done)
	defer func() { <-scanned }() // it reads the backend, which Close closes next
	groups := 0                  // of pushes since the last re-filing batch
	for {
		var first *pushJob
		// idle is ready at once while a move has a batch due, and when the
		// soonest due after a failure is.
		var idle <-chan time.Time
		due := -1
		if !s.noBackground {
			var wait time.Duration
			due, wait = s.dueRefiling(time.Now())
			if due >= 0 {
				ready := make(chan time.Time, 1)
				ready <- time.Time{}
				idle = ready
			} else if wait > 0 {
				idle = time.After(wait) // collected unfired since Go 1.23
			}
		}
		if due >= 0 && groups >= refileEvery && ctx.Err() == nil {
			// Pushes have kept waiting: a busy server still finishes a
			// move's register, a batch between every few groups of them.
			first = &pushJob{refile: s.refiling[due], done: make(chan pushResult, 1)}
		} else {
			select {
			case <-ctx.Done():
				for {
					select {
					case j := <-s.jobs:
						j.done <- pushResult{err: errStopped}
					default:
						return
					}
				}
			case first = <-s.jobs:
			case rs := <-found:
				s.addRefiling(rs)
				found = nil
				continue
			default:
				select {
				case <-ctx.Done():
					continue
				case first = <-s.jobs:
				case rs := <-found:
					s.addRefiling(rs)
					found = nil
					continue
				case <-idle:
					if due < 0 {
						continue // a failed move's pause is over: look again
					}
					first = &pushJob{refile: s.refiling[due], done: make(chan pushResult, 1)}
				}
			}
		}
		if groups++; first.refile != nil {
			groups = 0
		}
		group := []*pushJob{first}
		n := len(first.writes) + len(first.server)
	fill:
		// A re-filing batch goes alone: its failure must fail no push.
		for n < s.maxGroup && first.refile == nil {
			select {
			case j := <-s.jobs:
				group = append(group, j)
				n += len(j.writes) + len(j.server)
			default:
				break fill
			}
		}
		results := s.commitGroup(group)
		for i, j := range group {
			if j.refile != nil && (results[i].err != nil || results[i].perr != nil) {
				s.refileFailed(j.refile, results[i])
			}
			j.done <- results[i]
		}
	}
}

// refileEvery is how many groups of pushes may go before a due
// re-filing batch while pushes keep waiting (a batch otherwise goes when
// none waits).
const refileEvery = 8

// Pauses before a move's failed re-filing batch is tried again: doubled
// after each failure in a row, from the first to the longest.
const (
	firstRefileRetry   = time.Second
	longestRefileRetry = 5 * time.Minute
)

// dueRefiling is the index in s.refiling of the move whose batch is due
// at now, or -1 and how long until the soonest is (0: none waits).
func (s *Store) dueRefiling(now time.Time) (int, time.Duration) {
	var wait time.Duration
	for i, r := range s.refiling {
		if !now.Before(r.retry) {
			return i, 0
		}
		if d := r.retry.Sub(now); wait == 0 || d < wait {
			wait = d
		}
	}
	return -1, wait
}

// refileFailed keeps a move whose background batch failed (a dropped
// connection, say) and pauses it, so the rest of its register is re-filed
// once the backend answers again; a batch too big for one transaction is
// halved.
func (s *Store) refileFailed(r *refiling, res pushResult) {
	r.failed++
	pause := firstRefileRetry << min(r.failed-1, 16)
	if pause > longestRefileRetry || pause <= 0 {
		pause = longestRefileRetry
	}
	r.retry = time.Now().Add(pause)
	if res.perr != nil && res.perr.Code == protocol.CodeTooLarge {
		r.limit = max(1, r.batchLimit(s.maxRefiled)/2)
	}
	slog.Error("re-filing a moved activity's register; trying again later", "activity", r.activity,
		"err", res.err, "refused", res.perr, "failures", r.failed, "pause", pause, "batch", r.batchLimit(s.maxRefiled))
}

// addRefiling adds moves found unfinished at the start to those the
// committer re-files, each once: one already there was moved in this run,
// and its list is whole.
func (s *Store) addRefiling(rs []*refiling) {
	for _, r := range rs {
		if !slices.ContainsFunc(s.refiling, func(o *refiling) bool { return o.activity == r.activity }) {
			s.refiling = append(s.refiling, r)
		}
	}
}

// noteRefiled keeps the moves a committed group left more of to re-file,
// and drops those it finished.
func (s *Store) noteRefiled(done map[string]*refiling) {
	s.refiling = slices.DeleteFunc(s.refiling, func(r *refiling) bool { return done[r.activity] != nil })
	for _, r := range done {
		if r.more() {
			s.refiling = append(s.refiling, r)
		}
	}
}

// commitGroup applies jobs in one transaction. If the backend finds the group
// too big, it is split in halves and tried again.
func (s *Store) commitGroup(jobs []*pushJob) []pushResult {
	results, err := s.tryCommitGroupSafely(jobs)
	if (errors.Is(err, ErrTxnTooBig) || errors.Is(err, errCommitPanic)) && len(jobs) > 1 {
		half := len(jobs) / 2
		return append(s.commitGroup(jobs[:half]), s.commitGroup(jobs[half:])...)
	}
	if errors.Is(err, ErrTxnTooBig) {
		return []pushResult{{perr: &protocol.Error{Code: protocol.CodeTooLarge,
			Message: "this batch of changes is too big to save in one go; the device will send smaller batches"}}}
	}
	if err != nil {
		results = make([]pushResult, len(jobs))
		for i := range results {
			results[i] = pushResult{err: fmt.Errorf("saving on the server: %w", err)}
		}
	}
	return results
}

// errCommitPanic: committing a group panicked. Its transaction was
// discarded (both backends discard in a defer), and the group is split as
// one too big is, so only the push that reaches the bug fails; every
// other device's pushes, and the server, go on.
var errCommitPanic = errors.New("an internal error on the server while saving, written in its log: if this keeps happening, tell your administrator")

// tryCommitGroupSafely is tryCommitGroup with a panic turned into
// errCommitPanic: the commit loop serves every device, so one crafted push
// that reaches a bug must not stop the server.
func (s *Store) tryCommitGroupSafely(jobs []*pushJob) (results []pushResult, err error) {
	defer func() {
		if p := recover(); p != nil {
			// The panic's words stay in the server's log: they may quote
			// records the device may not see.
			slog.Error("panic while committing pushes", "pushes", len(jobs), "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			results, err = nil, errCommitPanic
		}
	}()
	return s.tryCommitGroup(jobs)
}

// cached is an entity loaded into a commit group.
type cached struct {
	e      *record.Entity
	oldSeq uint64 // its log sequence before this group; 0 if new to the server
	dirty  bool
	// What one store instance pushed to it in this group (origin.go): the
	// first push of that instance, and by field the newest write it sent;
	// mixed once a second instance pushed to it too.
	by    *pushJob
	sent  map[string]record.FieldState
	mixed bool
	// venueBefore is an activity's venue_id before this group (move.go).
	venueBefore string
	// changed: a write changed it in this group; a record dirty but not
	// changed is only logged again.
	changed bool
	// dirtiedBy is the device whose job first made it dirty in this group
	// (relog), nil if none did; movedBy, of an activity, the device whose
	// write last changed its venue_id. What the server then logs because
	// of it (a move's register, a merge cycle broken) is charged to that
	// device (chargedTo).
	dirtiedBy, movedBy *Device
}

// newToServer says whether c is a record the server has never held: not
// stored, and not made by an earlier push of this group.
func newToServer(c *cached) bool { return c.oldSeq == 0 && !c.dirty }

type group struct {
	s     *Store
	tx    Tx
	meta  Meta
	now   time.Time
	cache map[entKey]*cached
	order []*cached
	links map[link]bool // person-venue links made in this group
	// linkedBefore: the backend's answers about links, as read in this group.
	linkedBefore map[link]bool
	devices      map[string]*Device // device records updated in this group
	erased       []*cached          // entities erased in this group (see erase.go)
	seals        *sealer            // made when first needed (erasureseal.go)
	// conflictsOf lists the conflict records made in this group by the
	// ekey of the record they are about (erase.go erases them with it).
	conflictsOf map[entKey][]*cached
	// spent: venue devices' counts of new records, as this group leaves
	// them (budget.go).
	spent map[budgetKey]*NewRecords
	// job: the records the device's job being applied logs (relog).
	job *jobLog
	// jobKiB: the logged KiB of the records the job being applied
	// changes, and of the conflict records it makes, measured before its
	// merge (loggedPrefix) for chargeLogged.
	jobKiB map[*cached]int
	// refiled: the moves this group re-filed, by activity, and whether
	// some of their register is left for a later group (move.go).
	refiled map[string]*refiling
}

// jobLog lists the records one job logs, each once, in order.
type jobLog struct {
	dev  *Device // the device whose job it is
	seen map[*cached]bool
	list []*cached
	// after: the server's own work after the jobs, caused by dev's job
	// (chargedTo): a record some job already made dirty is logged anyway,
	// and was charged to that job, so it is not listed again.
	after bool
}

// relog marks c to be logged by this group, and notes it among the records
// the job being applied logs: those its writes changed, the conflict
// records they made, person cards a new link logs again for a venue, and
// what an erasure they met writes. It is the one place a job makes a
// record dirty, so its device's budget of logged KiB (chargeLogged) is
// charged with every record the job makes every device that sees it pull.
func (g *group) relog(c *cached) {
	if j := g.job; j != nil && !j.seen[c] && !(j.after && c.dirty) {
		j.seen[c] = true
		j.list = append(j.list, c)
	}
	if j := g.job; j != nil && !c.dirty {
		c.dirtiedBy = j.dev
	}
	c.dirty = true
}

// chargedTo runs fn, the server's own work after the jobs that dev's job
// caused (dev nil: no device's), and charges what it logs to dev's budget
// of logged KiB when dev is a venue device: a tablet's push must not make
// the server log, for it, more than its budget lets it log itself.
func (g *group) chargedTo(dev *Device, fn func() error) error {
	if dev == nil || dev.Scope.Organisation {
		return fn()
	}
	logs := &jobLog{dev: dev, seen: map[*cached]bool{}, after: true}
	g.job = logs
	err := fn()
	g.job = nil
	if err != nil {
		return err
	}
	return g.chargeLogged(dev, logs.list, nil)
}

// link is a person taking part at a venue.
type link struct{ person, venue string }

// entKey names a record in a group's maps.
type entKey struct {
	kind record.Kind
	id   string
}

// ekey names a record in a group's maps.
func ekey(kind record.Kind, id string) entKey { return entKey{kind, id} }

func (g *group) entity(kind record.Kind, id string) (*cached, error) {
	key := ekey(kind, id)
	if c, ok := g.cache[key]; ok {
		return c, nil
	}
	e, seq, err := g.tx.Entity(kind, id)
	if err != nil {
		return nil, err
	}
	c := &cached{e: e, oldSeq: seq}
	if kind == domain.KindActivity {
		c.venueBefore = e.Get("venue_id")
	}
	g.cache[key] = c
	g.order = append(g.order, c)
	return c, nil
}

func (g *group) linked(person, venue string) (bool, error) {
	k := link{person, venue}
	if g.links[k] {
		return true, nil
	}
	// Links are only ever added, and those this group adds are in g.links:
	// what the backend said stays true for the group.
	if ok, seen := g.linkedBefore[k]; seen {
		return ok, nil
	}
	ok, err := g.tx.Linked(person, venue)
	if err == nil {
		if g.linkedBefore == nil {
			g.linkedBefore = map[link]bool{}
		}
		g.linkedBefore[k] = ok
	}
	return ok, err
}

// logged is one record's new log entry, worked out before anything is
// written so a backend may send a group's writes together.
type logged struct {
	c         *cached
	seq       uint64
	state     []byte
	entry     LogEntry
	venues    []string
	hadOld    bool // its previous entry (c.oldSeq) is still in the log
	oldVenues []string
}

func (s *Store) tryCommitGroup(jobs []*pushJob) ([]pushResult, error) {
	var results []pushResult
	var now time.Time
	var refiled map[string]*refiling
	err := s.b.Update(context.Background(), func(tx Tx) error {
		meta, err := tx.Meta()
		if err != nil {
			return err
		}
		// Another process sharing the backend may have stamped later.
		if t, err := hlc.Parse(meta.HLC); err == nil && meta.HLC != "" {
			s.clock.Observe(t)
		}
		g := &group{s: s, tx: tx, meta: meta, now: s.now(), cache: map[entKey]*cached{}, links: map[link]bool{}, devices: map[string]*Device{},
			spent: map[budgetKey]*NewRecords{}}
		now = g.now
		results = make([]pushResult, len(jobs))
		for i, j := range jobs {
			resp, perr, err := g.apply(j)
			if err != nil {
				return err
			}
			results[i] = pushResult{resp: resp, perr: perr}
		}
		var conts []*refiling
		for _, j := range jobs {
			if j.refile != nil {
				conts = append(conts, j.refile)
			}
		}
		if err := g.refileMoves(conts); err != nil {
			return err
		}
		if err := g.sweepErasures(); err != nil {
			return err
		}
		if err := g.breakMergeCycles(); err != nil {
			return err
		}
		seq := meta.Seq
		var logs []logged
		for _, c := range g.order {
			if !c.dirty {
				continue
			}
			seq++
			l := logged{c: c, seq: seq, state: record.AppendEntity(nil, c.e)}
			var prev *LogEntry
			if c.oldSeq != 0 {
				old, ok, err := tx.LogEntry(c.oldSeq)
				if err != nil {
					return err
				}
				if ok {
					l.hadOld, prev = true, &old
					if l.oldVenues, err = g.filedVenues(old); err != nil {
						return err
					}
				}
			}
			aud, venue, err := g.audience(c.e)
			if err != nil {
				return err
			}
			origin := c.heldBy(prev)
			if origin == "" && !c.changed && prev != nil {
				// Logged again unchanged (a card for a new venue, an
				// activity's move: move.go): the store that held it still
				// does, and need not pull it back.
				origin = prev.Origin
			}
			l.entry = LogEntry{Kind: c.e.Kind, ID: c.e.ID, Audience: aud, Venue: venue, State: l.state, Origin: origin}
			if l.venues, err = g.indexVenues(l.entry, c.e); err != nil {
				return err
			}
			logs = append(logs, l)
		}
		for _, l := range logs {
			if l.hadOld {
				if err := tx.DeleteLog(l.c.oldSeq, l.oldVenues); err != nil {
					return err
				}
			}
			if err := tx.PutEntity(l.c.e.Kind, l.c.e.ID, l.state, l.seq); err != nil {
				return err
			}
			if err := tx.PutLog(l.seq, l.entry, l.venues); err != nil {
				return err
			}
		}
		for k := range g.links {
			if err := tx.PutLink(k.person, k.venue); err != nil {
				return err
			}
		}
		for _, d := range g.devices {
			if err := tx.PutDevice(d); err != nil {
				return err
			}
		}
		if err := g.saveBudgets(); err != nil {
			return err
		}
		meta.Seq = seq
		meta.HLC = s.clock.Last().String()
		if err := tx.SetMeta(meta); err != nil {
			return err
		}
		if len(g.erased) > 0 {
			tx.Erased()
		}
		refiled = g.refiled
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.noteRefiled(refiled)
	for i := range results {
		if results[i].resp != nil {
			results[i].resp.ServerTime = now.UnixMilli()
		}
	}
	return results, nil
}

// filedVenues lists the venue partitions an older entry may be filed under,
// to take it out of them: indexVenues, except that a session or mark is
// not decoded (a commit rewrites many) and may be filed under any venue its
// activity is at or moved from. Taking out what is not there changes
// nothing, and a row left behind is passed over by a pull.
func (g *group) filedVenues(e LogEntry) ([]string, error) {
	if e.Audience != AudienceVenue || e.Kind != domain.KindSession && e.Kind != domain.KindAttendance {
		return g.indexVenues(e, nil)
	}
	a, err := g.entity(domain.KindActivity, domain.ActivityInID(e.Kind, e.ID))
	if err != nil {
		return nil, err
	}
	vs := append(movedFromList(a.e.Get(domain.FieldMovedFrom)), e.Venue, a.e.Get("venue_id"))
	slices.Sort(vs)
	return slices.DeleteFunc(slices.Compact(vs), func(v string) bool { return v == "" }), nil
}

// indexVenues lists the venue partitions of the log index an entry goes
// in, so a venue device's pull reads only what may concern it. A person's
// card goes under every venue they are linked to (links only grow, so this
// also covers where an older entry was indexed); a venue's record under
// its venue and those beyond it that still hold it (venuesBeyond: where an
// activity moved from, where a session or mark was taken). ent is the
// entry's state decoded, or nil.
func (g *group) indexVenues(e LogEntry, ent *record.Entity) ([]string, error) {
	switch e.Audience {
	case AudienceVenue:
		from, err := venuesBeyond(e, ent, func(id string) (*record.Entity, error) {
			a, err := g.entity(domain.KindActivity, id)
			if err != nil {
				return nil, err
			}
			return a.e, nil
		})
		if err != nil {
			return nil, err
		}
		return append([]string{e.Venue}, slices.DeleteFunc(from, func(v string) bool { return v == e.Venue })...), nil
	case AudienceEveryone:
		return []string{""}, nil
	case AudiencePerson:
	default:
		return nil, nil
	}
	seen := map[string]bool{}
	var out []string
	vs, err := g.tx.PersonVenues(e.ID)
	if err != nil {
		return nil, err
	}
	for _, v := range vs {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	for k := range g.links {
		if k.person == e.ID && !seen[k.venue] {
			seen[k.venue] = true
			out = append(out, k.venue)
		}
	}
	return out, nil
}

// currentDevice is the device's record as this group sees it.
func (g *group) currentDevice(id string) (*Device, error) {
	if d, ok := g.devices[id]; ok {
		return d, nil
	}
	return g.tx.Device(id)
}

// apply validates one job against the group's state and, if it passes,
// applies it. Validation happens before any change, so a refused job
// leaves nothing behind.
func (g *group) apply(j *pushJob) (*protocol.PushResponse, *protocol.Error, error) {
	if j.dev == nil { // the server's own writes (a move's re-filing: refileMoves)
		if j.widen {
			if err := g.widen(); err != nil {
				return nil, nil, err
			}
		}
		for _, w := range j.server {
			if _, _, err := g.merge(w, false); err != nil {
				return nil, nil, err
			}
		}
		return &protocol.PushResponse{Schema: protocol.Schema, Epoch: g.meta.Epoch}, nil, nil
	}
	dev, err := g.currentDevice(j.dev.ID)
	switch {
	case err != nil:
		return nil, nil, err
	case dev == nil:
		return nil, &protocol.Error{Code: protocol.CodeNotEnrolled, Message: "the server does not know this device: enrol it again"}, nil
	case dev.Revoked:
		return nil, &protocol.Error{Code: protocol.CodeRevoked, Message: "this device was removed by an administrator and can no longer sync"}, nil
	case j.req.Epoch != "" && j.req.Epoch != g.meta.Epoch:
		return nil, &protocol.Error{Code: protocol.CodeEpochChanged, Epoch: g.meta.Epoch, Message: "the server was restored from a backup: this device will send everything it has again and fetch everything afresh"}, nil
	}
	resp := &protocol.PushResponse{Schema: protocol.Schema, Epoch: g.meta.Epoch, AckedSeq: dev.LastSeq}
	ws := j.seqs
	if len(ws) == 0 {
		return resp, nil, nil
	}
	if perr := checkIncarnation(dev, j.req, ws[0]); perr != nil {
		return nil, perr, nil
	}
	last := dev.LastSeq
	if first := ws[0]; first > last+1 && !j.req.Rebase {
		return nil, &protocol.Error{Code: protocol.CodeSequenceGap, ExpectedSeq: last + 1,
			Message: fmt.Sprintf("the server expected change number %d from this device but got %d; the device will send its changes again from there", last+1, first)}, nil
	}
	// Every write is merged, also those numbered at or below last: merging
	// is idempotent, so a replay changes nothing, while skipping by number
	// would drop the writes of a store that numbers them again (restored or
	// cloned). The acknowledgement covers exactly this batch, never more:
	// acknowledging last could drop writes the device has not sent yet.
	resp.AckedSeq = ws[len(ws)-1]
	todo := j.writes
	limit := g.now.Add(MaxClockAhead).UnixMilli()
	for _, w := range todo {
		if w.Stamp.Wall > limit {
			return nil, &protocol.Error{Code: protocol.CodeClockAhead, LatestStamp: limit, ServerTime: g.now.UnixMilli(),
				Message: fmt.Sprintf("this device's clock is %s ahead of the server's: set the correct date and time on this device; changes stamped more than %s ahead are refused so they cannot win every merge", aheadWords(w.Stamp.Wall-g.now.UnixMilli()), MaxClockAhead)}, nil
		}
	}
	ws, todo, refused, perr, err := g.checkWrites(dev, j.req, ws, todo)
	if perr != nil || err != nil {
		return nil, perr, err
	}
	resp.Refused = refused
	fresh := freshWrites(dev, j.req, ws, todo)
	touched := map[*cached]bool{}
	changedHere := map[*cached]bool{}
	var order []*cached
	logs := &jobLog{dev: dev, seen: map[*cached]bool{}}
	g.job = logs
	defer func() { g.job, g.jobKiB = nil, nil }()
	for i, w := range todo {
		c, changed, err := g.merge(w, fresh[i])
		if err != nil {
			return nil, nil, err
		}
		if changed.Changed {
			resp.Applied++
			changedHere[c] = true
		}
		if changed.Conflict != nil {
			resp.Conflicts++
		}
		c.noteSent(j, w)
		if !touched[c] {
			touched[c] = true
			order = append(order, c)
		}
	}
	if !dev.Scope.Organisation {
		if err := g.chargeConflicts(dev, resp.Conflicts); err != nil {
			return nil, nil, err
		}
	}
	for _, c := range order {
		if (c.e.Kind == domain.KindEnrolment || c.e.Kind == domain.KindAttendance) && (dev.Scope.Organisation || changedHere[c]) {
			// A venue device's write that changed nothing (it lost to
			// the server's, checkScope let it pass) links nobody.
			if err := g.link(c.e); err != nil {
				return nil, nil, err
			}
		}
		if err := g.enforceErasure(c); err != nil {
			return nil, nil, err
		}
	}
	if !dev.Scope.Organisation {
		if err := g.chargeLogged(dev, logs.list, g.jobKiB); err != nil {
			return nil, nil, err
		}
	}
	dev.LastSeq = max(dev.LastSeq, resp.AckedSeq)
	if j.req.Incarnation != "" {
		dev.Incarnation = j.req.Incarnation
	}
	dev.LastSeen = g.now.UnixMilli()
	g.devices[dev.ID] = dev
	return resp, nil, nil
}

// checkWrites runs the checks of a batch (seqs, ws) in order, and
// returns the first refusal, naming the write (RefusedSeq); a refused
// batch changes nothing. To a device that settles writes refused one by
// one (PushRequest.SettlesRefused), the writes its enrolled role may not
// make (checkRole), and a venue device's writes it may never make of
// records it is sent (checkScope, settlesAlone), are refused so instead,
// all of them at once: they are
// taken out, and every check runs again on the rest, which is then
// checked exactly as if the device had sent it alone. The device would
// otherwise learn of them one a push, each costing about two round trips
// (the writes before it, then it alone), and after a server restore a
// reception desk sends every decision others made again, and a venue
// tablet the merges, deletions and photo consent the office wrote.
func (g *group) checkWrites(dev *Device, req *protocol.PushRequest, seqs []uint64, ws []record.Write) ([]uint64, []record.Write, []protocol.RefusedWrite, *protocol.Error, error) {
	var each []protocol.RefusedWrite
	for round := 1; ; round++ {
		drop, i, perr, err := g.checkBatch(dev, req, seqs, ws, req.SettlesRefused && round < maxRefusalRounds)
		if err != nil {
			return nil, nil, nil, nil, err
		}
		if perr != nil {
			perr.RefusedSeq = seqs[i]
			return nil, nil, nil, perr, nil
		}
		if len(drop) == 0 {
			slices.SortFunc(each, func(a, b protocol.RefusedWrite) int { return cmp.Compare(a.Seq, b.Seq) })
			return seqs, ws, each, nil, nil
		}
		keepSeqs, keep := make([]uint64, 0, len(seqs)-len(drop)), make([]record.Write, 0, len(ws)-len(drop))
		for k := range ws {
			if r, ok := drop[k]; ok {
				each = append(each, protocol.RefusedWrite{Seq: seqs[k], Code: r.Code, Message: r.Message})
				continue
			}
			keepSeqs, keep = append(keepSeqs, seqs[k]), append(keep, ws[k])
		}
		seqs, ws = keepSeqs, keep
	}
}

// maxRefusalRounds bounds the rounds of checkWrites, so a push costs a
// bounded number of passes over its batch. The writes to one conflict
// record share their actions (actionsOfWrite), so taking the refused out
// should refuse no others and the second round pass (a venue device's
// third at most: its scope's refusals go first, then the role's); should
// a batch be found that refuses more each round, it is refused whole at
// the last, as to an older client.
const maxRefusalRounds = 4

// checkBatch runs the checks once: the refusal of the batch, at the
// write numbered i, or with each the refusals of single writes, by index:
// a venue device's for good that tell it nothing it is not sent
// (checkScope), else the role's.
func (g *group) checkBatch(dev *Device, req *protocol.PushRequest, seqs []uint64, ws []record.Write, each bool) (map[int]*protocol.Error, int, *protocol.Error, error) {
	if !dev.Scope.Organisation {
		alone, i, perr, err := g.checkScope(dev, ws, each)
		if perr != nil || err != nil || len(alone) > 0 {
			// Those refused alone are taken out before the role is
			// asked: the next round checks the rest from the start.
			return alone, i, perr, err
		}
	}
	if !access.ManagesStaff(dev.Role) {
		if i, perr, err := g.checkSetupCodes(ws); perr != nil || err != nil {
			return nil, i, perr, err
		}
	}
	refusals, err := g.checkRole(dev, ws, each)
	switch {
	case err != nil:
		return nil, 0, nil, err
	case len(refusals) > 0 && each:
		return refusals, 0, nil, nil
	case len(refusals) > 0:
		for i, perr := range refusals { // the one there is
			return nil, i, perr, nil
		}
	}
	for _, check := range []func([]record.Write) (int, *protocol.Error, error){
		func(ws []record.Write) (int, *protocol.Error, error) { return g.checkClaims(dev, ws) },
		g.checkLastAdministrator,
		g.checkAuditAppendOnly,
		func(ws []record.Write) (int, *protocol.Error, error) { return g.checkRecordSize(dev, ws) },
	} {
		if i, perr, err := check(ws); perr != nil || err != nil {
			return nil, i, perr, err
		}
	}
	// Last of the checks: a batch refused by another spends nothing.
	if !dev.Scope.Organisation {
		if i, perr, err := g.spendBudget(dev, ws, freshWrites(dev, req, seqs, ws)); perr != nil || err != nil {
			return nil, i, perr, err
		}
	}
	return nil, 0, nil, nil
}

// aheadWords says how far ahead a stamp ms milliseconds past the server's
// clock is, in words a person reads: a duration in minutes up to two days,
// then days, then "more than a year". A stamp near the greatest wall time
// would overflow a time.Duration (292 years) into a negative one.
func aheadWords(ms int64) string {
	const day = 24 * 60 * 60 * 1000
	switch {
	case ms < 2*day:
		return (time.Duration(ms) * time.Millisecond).Round(time.Minute).String()
	case ms < 366*day:
		return fmt.Sprintf("%d days", ms/day)
	}
	return "more than a year"
}

// merge applies one write and records a conflict it reveals
// (revealedConflict); fresh says it reaches the server for the first time
// (freshWrites).
func (g *group) merge(w record.Write, fresh bool) (*cached, record.Outcome, error) {
	c, err := g.entity(w.Kind, w.ID)
	if err != nil {
		return nil, record.Outcome{}, err
	}
	wasErased := c.e.Erased()
	out := c.e.Apply(w)
	out.Conflict = revealedConflict(c.e, w, out, fresh)
	g.s.clock.Observe(w.Stamp)
	if out.Changed {
		c.changed = true
		g.relog(c)
		if w.Kind == domain.KindActivity && w.Field == "venue_id" {
			c.movedBy = nil // the server's own, or an earlier job's, write
			if g.job != nil && !g.job.after {
				c.movedBy = g.job.dev
			}
		}
	}
	if !wasErased && c.e.Erased() {
		g.erased = append(g.erased, c)
	}
	if out.Conflict != nil && w.Kind != domain.KindConflict {
		conflict, err := g.recordConflict(w, out.Conflict)
		if err != nil {
			return nil, record.Outcome{}, err
		}
		out.Conflict = conflict
	}
	return c, out, nil
}

// recordConflict stores the conflict record of conflict, which w revealed,
// and returns conflict, or nil when it was recorded before.
func (g *group) recordConflict(w record.Write, conflict *record.Conflict) (*record.Conflict, error) {
	ce := conflictEntity(conflict, ServerDevice)
	cc, err := g.entity(ce.Kind, ce.ID)
	if err != nil {
		return nil, err
	}
	if len(cc.e.Fields) > 0 {
		return nil, nil // recorded before
	}
	cc.e.Fields = ce.Fields
	cc.changed = true
	g.relog(cc)
	if g.conflictsOf == nil {
		g.conflictsOf = map[entKey][]*cached{}
	}
	key := ekey(w.Kind, w.ID)
	g.conflictsOf[key] = append(g.conflictsOf[key], cc)
	return conflict, nil
}

// freshWrites says which of a batch's writes reach the server for the
// first time, so no other device can have seen them (devices learn each
// other's writes only from the server): saved on the pushing device
// (stamped with its id, or one it enrolled under before, Device.Is: a
// copy turned away as a clone sends its unsent saves under a new id),
// numbered past the last write the server holds
// from it, and from the push's FreshFrom on (a state the device queued
// again, after a restore, may be one others saw). A write another in the
// batch names as its base was seen by its author, who changed it again:
// only the later one counts. A push without FreshFrom (an older client)
// has none.
func freshWrites(dev *Device, req *protocol.PushRequest, seqs []uint64, ws []record.Write) []bool {
	fresh := make([]bool, len(ws))
	if req.FreshFrom == 0 {
		return fresh
	}
	based := record.Bases(ws)
	for i, w := range ws {
		fresh[i] = seqs[i] >= req.FreshFrom && seqs[i] > dev.LastSeq && dev.Is(w.Stamp.Device) && !based(w)
	}
	return fresh
}

// revealedConflict is the conflict merging w into e revealed: the
// merge's own (out, from record.Apply), or, for a fresh write
// (freshWrites), its loss to a change made without seeing it (lostUnseen).
// e holds the merge's result.
func revealedConflict(e *record.Entity, w record.Write, out record.Outcome, fresh bool) *record.Conflict {
	if out.Conflict == nil && fresh {
		return lostUnseen(e, w)
	}
	return out.Conflict
}

// lostUnseen is the conflict of a fresh write (freshWrites) that lost to
// the value e holds, by another write whose author cannot have seen it.
// record.Apply finds a pair concurrent only when the winner's base is
// older than the loser, and a winner that corrected its author's own
// earlier change (its base that change, newer than the loser) hides that
// its author never saw the loser: the loser would vanish (an offline
// tablet's phone number, beaten by another tablet's corrected one). The
// server's own writes (an erasure's blank note) are no one's save and
// keep nothing.
//
// A winner whose author provably saw w is no loss either, though w counts
// as fresh: a tablet put back from a backup sends again the saves still
// queued in it (storage.Store.Renumber), which the original may have sent
// before, and which may have been changed since. So a winner based on w
// itself keeps nothing here. A winner stamped under w's device id is no
// such proof: two copies of one folder share the id and neither sees the
// other's saves, nor the original those a restored copy made after it was
// put back, and a copy's save beaten by the other's corrected change would
// vanish. A save the original sent before and then changed twice (or
// another device did, after seeing it) records a conflict too many, which
// a reviewer dismisses; never one too few.
func lostUnseen(e *record.Entity, w record.Write) *record.Conflict {
	if w.Kind == domain.KindConflict || e.Erased() {
		return nil
	}
	cur, ok := e.Fields[w.Field]
	if !ok || cur.Value == w.Value || !w.Stamp.Less(cur.Stamp) || cur.Stamp.Device == ServerDevice || cur.Base == w.Stamp {
		return nil
	}
	return &record.Conflict{Kind: e.Kind, ID: e.ID, Field: w.Field, Winner: cur,
		Loser: record.FieldState{Value: w.Value, Stamp: w.Stamp, Base: w.Base, Staff: w.Staff}}
}

// link records that a person takes part at a venue (an enrolment or a
// mark), and re-logs the person's card so that venue's next pull brings it.
// The venue is the activity's, as for the log (audience), so the card goes
// where the register goes, also after the activity moved (move.go); the
// record's own venue_id only while the activity is unknown.
func (g *group) link(e *record.Entity) error {
	venue, err := g.activityVenue(e.Kind, e.ID, nil)
	if err != nil {
		return err
	}
	if venue == "" {
		venue = e.Get("venue_id")
	}
	person := personOf(e)
	if person == "" || venue == "" {
		return nil
	}
	ok, err := g.linked(person, venue)
	if err != nil || ok {
		return err
	}
	g.links[link{person, venue}] = true
	p, err := g.entity(domain.KindPerson, person)
	if err != nil {
		return err
	}
	if len(p.e.Fields) > 0 {
		g.relog(p)
	}
	return nil
}

func personOf(e *record.Entity) string {
	if p := e.Get("person_id"); p != "" {
		return p
	}
	var p string
	switch e.Kind {
	case domain.KindAttendance:
		_, p, _ = domain.ParseAttendanceID(e.ID)
	case domain.KindEnrolment:
		_, p, _ = domain.ParseEnrolmentID(e.ID)
	}
	return p
}

// notHere is why a venue device may not change a record that is not at
// its venues: the same words whether the server holds it at another venue
// or not at all, so a tablet learns nothing of other venues' records.
const notHere = "it is not at this device's venues (a new activity is accepted with its venue, one of this device's, among its first changes; one of another venue is changed there, or on an organisation device)"

// activityNotHere answers a venue device's write to a session, enrolment
// or mark whose activity the server does not hold at all. The device that
// holds the activity at its own venues (the server restored from an older
// backup, the office's copy not sent again yet) keeps the change waiting
// and sends it again; any other sets it aside and lists it (sync/client).
// One held at another venue is refused as out of scope (checkScope).
func activityNotHere(dev *Device, kind record.Kind, id, activity string) *protocol.Error {
	return &protocol.Error{Code: protocol.CodeActivityUnknown, Message: fmt.Sprintf(
		"this device is enrolled for %s, and the server does not hold activity %q, so %s %q cannot be saved there yet. If this device lists the activity at its venue, the change waits here and is sent again once the office has synced the activity; otherwise it is kept on this device and listed as refused: ask an administrator which venues this device is enrolled for.",
		dev.Scope, activity, kind, id)}
}

// outOfScope refuses a venue device's batch at a write it may not make,
// saying why.
func outOfScope(dev *Device, kind record.Kind, id, why string) *protocol.Error {
	return scopeRefusal(dev, kind, id, why, false)
}

// scopeRefusal is outOfScope, or with alone the refusal of the write
// alone, the rest of the batch saved without it (checkScope).
func scopeRefusal(dev *Device, kind record.Kind, id, why string, alone bool) *protocol.Error {
	rest := "Nothing from this batch was saved on the server; the changes stay on this device"
	if alone {
		rest = "The server saved the rest of the batch without it; the change stays on this device"
	}
	return &protocol.Error{Code: protocol.CodeOutOfScope, Message: fmt.Sprintf(
		"this device is enrolled for %s and may not change %s %q: %s. %s. Ask an administrator to check which venues this device is enrolled for.",
		dev.Scope, kind, id, why, rest)}
}

// activityVenue finds the venue of a session, enrolment or mark through
// the activity its derived id names: the activity's venue as this group
// holds it, or, for an activity that has none yet (a new one), the
// venue_id batchVenue sets for it (checkScope checks that write itself).
// It never comes from the record's own venue_id: a device could name its
// own venue on another venue's session.
func (g *group) activityVenue(kind record.Kind, id string, batchVenue map[entKey]string) (string, error) {
	activity := domain.ActivityInID(kind, id)
	if activity == "" {
		return "", nil
	}
	a, err := g.entity(domain.KindActivity, activity)
	if err != nil {
		return "", err
	}
	if v := a.e.Get("venue_id"); v != "" {
		return v, nil
	}
	return batchVenue[ekey(domain.KindActivity, activity)], nil
}

// checkRecordSize refuses a batch that would take a record past
// protocol.MaxRecordBytes (its encoded state) or MaxRecordFields, whatever
// its history: every write is within the limits on one value, but many
// pushes of new field names could otherwise grow one record without end.
// A person record is held to two shares of those limits instead (see
// share): their card, and the rest. It merges the batch into copies of the
// records it touches, so nothing changes before the whole batch is known
// to fit. A share already past its limit (from before the limit) may
// shrink or stay, not grow.
func (g *group) checkRecordSize(dev *Device, ws []record.Write) (int, *protocol.Error, error) {
	type key struct {
		c *cached
		s share
	}
	// Applying a write adds at most its own field to a share (it replaces
	// a field, adds one or erases), so a share whose state and every write
	// to it together fit cannot pass a limit at any point: only the others
	// are merged write by write below.
	type bound struct{ sum, keys int }
	bounds := map[key]*bound{}
	for _, w := range ws {
		c, err := g.entity(w.Kind, w.ID)
		if err != nil {
			return 0, nil, err
		}
		k := key{c, shareOf(w.Kind, w.Field)}
		b := bounds[k]
		if b == nil {
			b = &bound{}
			b.sum, b.keys = k.s.measure(c.e)
			bounds[k] = b
		}
		b.sum += k.s.fieldSize(w.Field, record.FieldState{Value: w.Value, Stamp: w.Stamp, Base: w.Base, Staff: w.Staff})
		b.keys++
	}
	mayPass := map[*cached]bool{}
	for k, b := range bounds {
		maxBytes, maxKeys := k.s.limits()
		if k.s.size(b.sum, b.keys) > maxBytes || b.keys > maxKeys {
			mayPass[k.c] = true
		}
	}
	if len(mayPass) == 0 {
		return 0, nil, nil
	}
	type tally struct{ sum, keys, startBytes, startKeys int }
	sims := map[*cached]*record.Entity{}
	tallies := map[key]*tally{}
	for i, w := range ws {
		c, err := g.entity(w.Kind, w.ID)
		if err != nil {
			return 0, nil, err
		}
		if !mayPass[c] {
			continue
		}
		e := sims[c]
		if e == nil {
			e = c.e.Clone()
			sims[c] = e
		}
		k := key{c, shareOf(w.Kind, w.Field)}
		t := tallies[k]
		if t == nil {
			t = &tally{}
			t.sum, t.keys = k.s.measure(e)
			t.startBytes, t.startKeys = k.s.size(t.sum, t.keys), t.keys
			tallies[k] = t
		}
		before, had := e.Fields[w.Field]
		if !e.Apply(w).Changed {
			continue
		}
		if e.Erased() {
			for k2, t2 := range tallies {
				if k2.c == c {
					t2.sum, t2.keys = k2.s.measure(e)
				}
			}
			continue
		}
		if had {
			t.sum -= k.s.fieldSize(w.Field, before)
		} else {
			t.keys++
		}
		t.sum += k.s.fieldSize(w.Field, e.Fields[w.Field])
		size := k.s.size(t.sum, t.keys)
		maxBytes, maxKeys := k.s.limits()
		if (size > maxBytes && size > t.startBytes) || (t.keys > maxKeys && t.keys > t.startKeys) {
			return i, &protocol.Error{Code: protocol.CodeTooLarge, Message: k.s.refusal(dev, w, size, t.keys)}, nil
		}
	}
	return 0, nil, nil
}

// A share is a part of a record that the size limit holds to its own
// budget. A person's card has one of its own, whoever writes it, so a
// venue device's card writes are judged on what it can see alone: were the
// card and the case fields (hidden from it) measured together, a refusal,
// or where the refusals start as it shrinks its writes, would tell it how
// big the case is. The rest of the person record has what a full card
// leaves of the record limit, so the whole stays within it.
type share int

const (
	wholeRecord share = iota // any other record
	personCard               // domain.PersonCardFields of a person
	personRest               // every other field of a person
)

func shareOf(kind record.Kind, field string) share {
	switch {
	case kind != domain.KindPerson:
		return wholeRecord
	case domain.IsPersonCardField(field):
		return personCard
	}
	return personRest
}

// cardReserve is the most a card within domain.MaxCardBytes can take of a
// record's encoding: its text, and for each field its name and the
// longest length prefix, stamps and staff the protocol lets through.
var cardReserve = func() int {
	worst := hlc.Timestamp{Wall: math.MinInt64, Counter: hlc.MaxCounter, Device: strings.Repeat("d", 2*protocol.MaxIDBytes)}
	n := domain.MaxCardBytes
	for _, f := range domain.PersonCardFields {
		n += fieldBytes(f, record.FieldState{Stamp: worst, Base: worst, Staff: strings.Repeat("s", protocol.MaxStaffBytes)}) +
			uvarintLen(protocol.MaxValueBytes) - 1
	}
	return n
}()

// limits are a share's most bytes and fields.
func (s share) limits() (int, int) {
	cardFields := len(domain.PersonCardFields)
	switch s {
	case personCard:
		return domain.MaxCardBytes, cardFields
	case personRest:
		return protocol.MaxRecordBytes - cardReserve, protocol.MaxRecordFields - cardFields
	}
	return protocol.MaxRecordBytes, protocol.MaxRecordFields
}

// fieldSize is what one field counts in its share: its text on the card
// (domain.CardBytes, the rule the app's forms hold to), its encoding
// elsewhere.
func (s share) fieldSize(name string, f record.FieldState) int {
	if s == personCard {
		return len(f.Value)
	}
	return fieldBytes(name, f)
}

// size is a share's measure given its fields' sizes and number. The rest
// of a person counts the record's header as if the card had every field,
// so a card write never moves the rest's measure.
func (s share) size(sum, keys int) int {
	switch s {
	case personCard:
		return sum
	case personRest:
		return 1 + uvarintLen(uint64(keys+len(domain.PersonCardFields))) + sum
	}
	return 1 + uvarintLen(uint64(keys)) + sum // stateBytes
}

// measure sums the sizes of e's fields in the share, and counts them.
func (s share) measure(e *record.Entity) (sum, keys int) {
	for name, f := range e.Fields {
		if shareOf(e.Kind, name) == s {
			sum += s.fieldSize(name, f)
			keys++
		}
	}
	return sum, keys
}

// refusal words a refused write for dev. A venue device is told only what
// it may read: the card's size, but never the size or number of the other
// fields of a person (it reaches that share only with a walk-in's own
// details, yet the words hold whatever the record holds).
func (s share) refusal(dev *Device, w record.Write, size, keys int) string {
	const tail = " Nothing from this batch was saved on the server; the change stays on this device."
	maxBytes, maxKeys := s.limits()
	switch {
	case s == personCard:
		return fmt.Sprintf("%s %q would have %d KiB of text on their card (names, access needs and emergency contact together) after this change, and a card holds at most %d KiB. Shorten what was typed, the access needs most likely.%s",
			w.Kind, w.ID, (size+1023)>>10, maxBytes>>10, tail)
	case s == personRest && !dev.Scope.Organisation:
		return fmt.Sprintf("%s %q would hold more than the server keeps for one person after this change.%s Ask your administrator.", w.Kind, w.ID, tail)
	case s == personRest:
		return fmt.Sprintf("%s %q would hold %d fields in %d KiB besides their card after this change, and the server keeps at most %d fields and %d KiB besides the card for one person.%s Ask your administrator.",
			w.Kind, w.ID, keys, (size+1023)>>10, maxKeys, maxBytes>>10, tail)
	}
	return fmt.Sprintf("%s %q would hold %d fields in %d KiB after this change, and the server keeps at most %d fields and %d KiB in one record.%s Ask your administrator.",
		w.Kind, w.ID, keys, (size+1023)>>10, maxKeys, maxBytes>>10, tail)
}

// stateBytes is the length of e in entity encoding version 1
// (record.AppendEntityVersion(nil, e, 1)), given the length of its fields.
// The size limit measures every record that way, whatever encoding the
// backend stores, so a record's limit does not move with the encoding.
func stateBytes(e *record.Entity, fieldBytes int) int {
	return 1 + uvarintLen(uint64(len(e.Fields))) + fieldBytes
}

func fieldsBytes(e *record.Entity) int {
	n := 0
	for name, f := range e.Fields {
		n += fieldBytes(name, f)
	}
	return n
}

// fieldBytes is the length of one field in entity encoding version 1.
func fieldBytes(name string, f record.FieldState) int {
	str := func(s string) int { return uvarintLen(uint64(len(s))) + len(s) }
	stamp := func(t hlc.Timestamp) int {
		return uvarintLen(uint64(t.Wall<<1)^uint64(t.Wall>>63)) + uvarintLen(uint64(t.Counter)) + str(t.Device)
	}
	return str(name) + str(f.Value) + stamp(f.Stamp) + stamp(f.Base) + str(f.Staff)
}

func uvarintLen(x uint64) int {
	n := 1
	for x >= 0x80 {
		x >>= 7
		n++
	}
	return n
}

// checkAuditAppendOnly keeps the audit trail append-only whatever a device
// sends: an entry is written once, in one batch, and never changed,
// deleted or added to afterwards. Sending exactly what the server has is a
// no-op (a device re-sending its queue after the server was restored).
func (g *group) checkAuditAppendOnly(ws []record.Write) (int, *protocol.Error, error) {
	for i, w := range ws {
		if w.Kind != domain.KindAudit {
			continue
		}
		c, err := g.entity(w.Kind, w.ID)
		if err != nil {
			return 0, nil, err
		}
		if holds(c, w) {
			continue
		}
		if len(c.e.Fields) > 0 {
			return i, &protocol.Error{Code: protocol.CodeOutOfScope, Message: fmt.Sprintf(
				"audit entry %q is already in the trail, and entries are never changed or removed. Nothing from this batch was saved on the server; the change stays on this device.", w.ID)}, nil
		}
	}
	return 0, nil, nil
}

// checkScope refuses a venue device's batch if any write reaches outside
// its venues or touches case data. It fails closed: a record whose venue
// cannot be found is refused. With each (a device that settles refusals
// one by one, checkWrites), a write refused for good that settlesAlone
// passes is refused alone, by index, and the check goes on; any other
// refusal (one about a record the device is not sent, or one that waits,
// activity_unknown) refuses the batch at its write, as to an older client.
func (g *group) checkScope(dev *Device, ws []record.Write, each bool) (map[int]*protocol.Error, int, *protocol.Error, error) {
	batchVenue := map[entKey]string{}
	for _, w := range ws {
		if w.Field == "venue_id" {
			batchVenue[ekey(w.Kind, w.ID)] = w.Value
		}
	}
	// venuesOf lists the venues a record belongs to. A session, enrolment
	// or mark belongs to its activity's venue alone, whatever venue_id it
	// carries. Only while the server does not know the activity (its
	// writes have not arrived yet, or the server was restored from an
	// older backup) does the record's own venue_id count: refusing would
	// set the marks aside for good, and once the activity arrives its
	// venue decides again, so nobody can take another venue's sessions.
	// Each answer is kept for the check: a mark's eight writes ask about
	// the same record eight times, and nothing the answers read changes
	// before the batch is applied.
	venues := map[entKey][]string{}
	actVenues := map[entKey]string{}
	activityVenue := func(kind record.Kind, id string) (string, error) {
		k := ekey(kind, id)
		if v, ok := actVenues[k]; ok {
			return v, nil
		}
		v, err := g.activityVenue(kind, id, batchVenue)
		if err == nil {
			actVenues[k] = v
		}
		return v, err
	}
	var venuesOfRecord func(kind record.Kind, id string) ([]string, error)
	venuesOf := func(kind record.Kind, id string) ([]string, error) {
		k := ekey(kind, id)
		if v, ok := venues[k]; ok {
			return v, nil
		}
		v, err := venuesOfRecord(kind, id)
		if err == nil {
			venues[k] = v
		}
		return v, err
	}
	venuesOfRecord = func(kind record.Kind, id string) ([]string, error) {
		if domain.ActivityInID(kind, id) != "" {
			v, err := activityVenue(kind, id)
			if v != "" || err != nil {
				return []string{v}, err
			}
		}
		c, err := g.entity(kind, id)
		if err != nil {
			return nil, err
		}
		var out []string
		if v := c.e.Get("venue_id"); v != "" {
			out = append(out, v)
		}
		if v := batchVenue[ekey(kind, id)]; v != "" && (len(out) == 0 || out[0] != v) {
			out = append(out, v)
		}
		if len(out) > 0 {
			return out, nil
		}
		v, err := activityVenue(kind, id)
		if v == "" || err != nil {
			return nil, err
		}
		return []string{v}, nil
	}
	// mayEnrol is g.mayEnrol, asked once per person.
	enrolOK := map[string]bool{}
	mayEnrol := func(person string) (bool, error) {
		if ok, seen := enrolOK[person]; seen {
			return ok, nil
		}
		ok, err := g.mayEnrol(dev, person)
		if err == nil {
			enrolOK[person] = ok
		}
		return ok, err
	}
	// People this batch links to the device's venues, who it may put on a
	// register there (mayEnrol): their card may go with them.
	batchLinked := map[string]bool{}
	for _, w := range ws {
		if w.Kind != domain.KindEnrolment && w.Kind != domain.KindAttendance {
			continue
		}
		c, err := g.entity(w.Kind, w.ID)
		if err != nil {
			return nil, 0, nil, err
		}
		person := personOf(c.e)
		if w.Field == "person_id" {
			person = w.Value
		}
		vs, err := venuesOf(w.Kind, w.ID)
		if err != nil {
			return nil, 0, nil, err
		}
		for _, v := range vs {
			if dev.Scope.HasVenue(v) && person != "" {
				if ok, err := mayEnrol(person); err != nil {
					return nil, 0, nil, err
				} else if ok {
					batchLinked[person] = true
				}
			}
		}
	}
	var alone map[int]*protocol.Error
	for i, w := range ws {
		c, err := g.entity(w.Kind, w.ID)
		if err != nil {
			return nil, 0, nil, err
		}
		if heldFor(dev, c, w) {
			continue // the server has this exact write already: a no-op
		}
		// why the write is refused for good; "" if it passes.
		var why string
	check:
		switch {
		case w.Field == record.FieldErased:
			// Erasure is an administrator's action, and reaches case data.
			why = "only organisation devices may erase records (right to erasure)"
		case w.Kind == domain.KindPerson && venuePersonRefusal(w.Field) != "":
			why = venuePersonRefusal(w.Field)
		case unknownField(w):
			// A field once written is never removed (only an erasure drops
			// fields), so made-up ones would fill the record's places for
			// good: nobody could then add a field it lacks (delete an
			// activity, write a mark's note).
			why = fmt.Sprintf("%q is not a field of a %s record in this server's version of Gather, and venue devices write only the fields the app's records have (if the app is newer than the server, update the server)", w.Field, w.Kind)
		case w.Kind == domain.KindAudit:
			// Any device may add to the audit trail; only organisation devices read it.
		case domain.IsCaseData(w.Kind, w.Field):
			if newWalkIn(w, c) {
				continue // a newcomer's own details, passed on by the device that registered them
			}
			why = fmt.Sprintf("%q is case data, which only organisation devices may hold", w.Field)
		case w.Kind == domain.KindVenue:
			if !dev.Scope.HasVenue(w.ID) {
				why = "it is another venue"
				break check
			}
		case w.Kind == domain.KindActivity, w.Kind == domain.KindSession, w.Kind == domain.KindEnrolment, w.Kind == domain.KindAttendance:
			if w.Kind != domain.KindActivity && domain.ActivityInID(w.Kind, w.ID) == "" {
				// The app derives these ids from the activity (domain.SessionID
				// and the like); with none named, the record's own fields
				// would say which venue and activity it is at.
				why = "its id does not name its activity, so the server cannot tell which venue it belongs to"
				break check
			}
			if act := domain.ActivityInID(w.Kind, w.ID); act != "" {
				// A session, enrolment or mark is its activity's venue's. Until
				// the server holds the activity it cannot tell whose, and
				// taking the record's own venue_id would let a tablet fill in
				// another venue's session before its activity arrives: the
				// write waits on the device (not set aside) and is sent again.
				//
				//
				// An activity held at another venue is refused for good
				// (out_of_scope, set aside on the device), in words that name
				// no venue. Answering it as not held, so a tablet could not
				// tell "elsewhere" from "nowhere", left a tablet whose copy
				// of the activity was stale (a server restored to before the
				// office moved it here) waiting on it forever, with every
				// later change queued behind it. An activity id's existence
				// is so confirmed to a tablet that already knows the id, as
				// a person's is (docs/security.md); its venue is not.
				if v, err := activityVenue(w.Kind, w.ID); err != nil {
					return nil, 0, nil, err
				} else if v == "" {
					return nil, i, activityNotHere(dev, w.Kind, w.ID, act), nil
				} else if !dev.Scope.HasVenue(v) {
					why = notHere
					break check
				}
			}
			if w.Field == "venue_id" && !dev.Scope.HasVenue(w.Value) {
				// Each write's own venue, not only the batch's last: the
				// merge keeps the greatest stamp, whichever came last.
				why = fmt.Sprintf("it names venue %q", w.Value)
				break check
			}
			if w.Kind == domain.KindActivity && w.Field == "venue_id" {
				// Moving an activity takes its register, and its people's
				// cards, to another venue: the office's decision. One at
				// another venue is not named as such (notHere).
				if held := c.e.Get("venue_id"); held != "" && held != w.Value && !losesToHeld(c, w) {
					if !dev.Scope.HasVenue(held) {
						why = notHere
						break check
					}
					why = "only organisation devices may move an activity to another venue"
					break check
				}
				if c.e.Get("venue_id") == "" && !losesToHeld(c, w) && dev.Scope.HasVenue(w.Value) {
					// Giving a venue to an activity the server holds no
					// venue of links the people on the register it holds
					// there (refileMoves): an office's enrolments sent
					// before their activity. Only people the device may put
					// on a register itself (mayEnrol).
					people, err := g.registerPeople(w.ID)
					if err != nil {
						return nil, 0, nil, err
					}
					for _, p := range people {
						ok, err := g.linked(p, w.Value)
						if err == nil && !ok {
							ok, err = mayEnrol(p)
						}
						if err != nil {
							return nil, 0, nil, err
						}
						if !ok {
							// The person is not named: the device may not see
							// them. The batch is refused, as the register is
							// not the device's to read (settlesAlone).
							return nil, i, outOfScope(dev, w.Kind, w.ID, "the server holds this activity's register, with people on it who are not enrolled at and have not attended any of this device's venues; only organisation devices give such an activity its venue"), nil
						}
					}
				}
			}
			vs, err := venuesOf(w.Kind, w.ID)
			if err != nil {
				return nil, 0, nil, err
			}
			// Not held at its venues, whether held elsewhere or not at all
			// (an activity's first write names its venue, batchVenue): one
			// answer, naming no other venue.
			if len(vs) == 0 {
				why = notHere
				break check
			}
			for _, v := range vs {
				if !dev.Scope.HasVenue(v) {
					why = notHere
					break check
				}
			}
			if w.Field == "venue_id" && domain.ActivityInID(w.Kind, w.ID) != "" {
				av, err := activityVenue(w.Kind, w.ID)
				if err != nil {
					return nil, 0, nil, err
				}
				if av != "" && w.Value != av && !losesToHeld(c, w) {
					why = fmt.Sprintf("its activity is at venue %q, not %q", av, w.Value)
					break check
				}
			}
			if (w.Kind == domain.KindEnrolment || w.Kind == domain.KindAttendance) && !losesToHeld(c, w) {
				// An enrolment or mark puts its person on the venue's
				// register, and their card on its tablets (link): only
				// someone the device may see already, or its own walk-in
				// (mayEnrol). A write that loses to the server's changes
				// nothing and links nobody (apply), so an honest device's
				// old write sent again passes. It refuses the batch even to
				// a device that settles refusals one by one: it is about
				// another record, the person named (one held elsewhere is
				// refused, a new one taken), so listed alone it would
				// confirm thousands of ids a push, not one.
				if whyNot, err := g.enrolRefusal(dev, c, w, vs, mayEnrol); err != nil {
					return nil, 0, nil, err
				} else if whyNot != "" {
					return nil, i, outOfScope(dev, w.Kind, w.ID, whyNot), nil
				}
			}
		case w.Kind == domain.KindStaff:
			// Tablets add the people who use them ("Add me"); they may not
			// make anyone more than a facilitator, nor say where anyone
			// works or give setup codes (those decide which devices let
			// them in: an administrator's, on an organisation device).
			if why = domain.VenueMayWriteStaff(w.Field, w.Value); why != "" {
				break check
			}
			// A new record, or one only this device has written (every
			// field stamped by it); anyone else's is an administrator's to
			// change, on an organisation device.
			for name, f := range c.e.Fields {
				if f.Stamp.Device != dev.ID {
					why = fmt.Sprintf("this staff member's %s was set elsewhere, and venue devices may only add or change staff records that only they have written", name)
					break check
				}
			}
		case w.Kind == domain.KindPerson:
			if newToServer(c) || batchLinked[w.ID] {
				continue // a new person (a walk-in), or one this batch may put on a register here
			}
			if ok, err := g.seenBy(dev, w.ID); err != nil {
				return nil, 0, nil, err
			} else if !ok {
				why = "the person is not enrolled at and has not attended any of this device's venues"
				break check
			}
		default:
			why = "venue devices may only change register records"
		}
		if why == "" {
			continue
		}
		if each {
			ok, err := g.settlesAlone(dev, c, w)
			if err != nil {
				return nil, 0, nil, err
			}
			if ok {
				if alone == nil {
					alone = map[int]*protocol.Error{}
				}
				alone[i] = scopeRefusal(dev, w.Kind, w.ID, why, true)
				continue
			}
		}
		return nil, i, outOfScope(dev, w.Kind, w.ID, why), nil
	}
	return alone, 0, nil, nil
}

// unknownField says w writes a field the app's records of its kind do not
// have (domain.IsAppField), for the register kinds and staff.
func unknownField(w record.Write) bool {
	is, listed := domain.IsAppField(w.Kind, w.Field)
	return listed && !is
}

// audience says which devices a record reaches, as the log and the pull
// index record it: audienceOf, except that a session, enrolment or mark
// goes to the venue of its activity whatever its venue_id says.
func (g *group) audience(e *record.Entity) (Audience, string, error) {
	aud, venue := audienceOf(e)
	if aud == AudienceOrganisation && (domain.IsCaseKind(e.Kind) || !knownKind(e.Kind)) {
		return aud, venue, nil
	}
	v, err := g.activityVenue(e.Kind, e.ID, nil)
	if err != nil {
		return 0, "", err
	}
	if v != "" {
		return AudienceVenue, v, nil
	}
	return aud, venue, nil
}

// audienceOf says which devices a record reaches. Unknown kinds and
// register records without a venue reach organisation devices only.
func audienceOf(e *record.Entity) (Audience, string) {
	switch {
	case domain.IsCaseKind(e.Kind) || !knownKind(e.Kind):
		return AudienceOrganisation, ""
	case e.Kind == domain.KindVenue:
		return AudienceVenue, e.ID
	case e.Kind == domain.KindPerson:
		return AudiencePerson, ""
	case e.Kind == domain.KindStaff, e.Kind == domain.KindSetting:
		// The settings reach venue devices without their case fields
		// (visible): the service's contact, for the sheets they print.
		return AudienceEveryone, ""
	}
	if v := e.Get("venue_id"); v != "" {
		return AudienceVenue, v
	}
	return AudienceOrganisation, ""
}

func knownKind(k record.Kind) bool {
	for _, known := range domain.Kinds {
		if known == k {
			return true
		}
	}
	return false
}

// stripCase drops case fields from an entity for a venue device. Of a
// person it keeps only what a venue reads (venueReads): a field this
// server does not know (one a newer office app writes) may be case data,
// so it fails closed, as unknown kinds do.
func stripCase(e *record.Entity) {
	for f := range e.Fields {
		if !venueKeeps(e.Kind, f) {
			delete(e.Fields, f)
		}
	}
}

// venueKeeps says whether a venue device receives a field of a record of
// kind (stripCase keeps it).
func venueKeeps(kind record.Kind, field string) bool {
	return !domain.IsCaseData(kind, field) && (kind != domain.KindPerson || venueReads(field))
}

// venueReads says whether a venue device receives a person's field: the
// card, and the fields that merge, delete or erase the record (and the
// erasure's seal) or mirror photo consent on it (venuePersonRefusal:
// those it may not write).
func venueReads(field string) bool {
	switch field {
	case record.FieldMergedInto, record.FieldDeleted, record.FieldErased, record.FieldErasureSeal, "photo_consent":
		return true
	}
	return domain.IsPersonCardField(field)
}
