package report

import (
	"cmp"
	"slices"
	"sort"
	"strconv"

	"github.com/gather-sp/gather/domain"
)

// Build works out a report from a data set. It does no I/O and reads no
// clock, so the same data and options always give the same report.
func Build(ds *Dataset, opt Options) (*Report, error) {
	if err := opt.Validate(); err != nil {
		return nil, err
	}
	if opt.Practice != "" {
		// Typed as another name it goes by, it is the list's practice.
		opt.Practice = domain.PracticeName(ds.Practices, opt.Practice)
	}
	e := newEngine(ds, opt)
	rep := &Report{Options: e.opt, Scope: e.scopeWords()}
	e.attendance(&rep.Attendance)
	refs := e.referrals(&rep.Referrals)
	rep.WaitingLists = e.waitingLists()
	rep.FollowUps = e.followUps()
	rep.Outcomes = e.outcomes()
	rep.Equity = e.equity(refs)
	return rep, nil
}

// person is what the engine knows of one (surviving) person.
type person struct {
	id, name, practice         string
	gender, ethnicity, ageBand string
	inScope                    bool
	first                      day   // first attendance in scope, ever
	periodMarks                int32 // attendances in the period
}

// activity is what the engine knows of one activity.
type activity struct {
	id, name, venueID, category string
	capacity                    int
	// inScope is set when the filters name it and its venue now: it may
	// expect sessions at the venue chosen. chosen is set when the
	// activity filter names it (or there is none): its sessions count
	// where they were held (engine.atVenue), and its matches, enrolments
	// and waiting lists where it met on their day (engine.caseAtVenue).
	inScope, chosen bool
	// archived is set for an activity out of use since archivedOn (noDay
	// when the day is not known).
	archived   bool
	archivedOn day
	// held lists its held sessions up to the end of the period, sorted,
	// wherever they were held (stopped coming is the activity's, not a
	// venue's: see stoppedComing).
	held   []dayVenue
	row    ActivityAttendance
	people int // people who came in the period
	trend  []int
}

// session is one activity's meeting on a day.
type session struct {
	hasRecord, cancelled, held bool
	// venueID is where it was held, as its record or else a mark says:
	// an activity that moved held its earlier sessions elsewhere.
	venueID     string
	scopedMarks int32 // marks of people in scope
}

type engine struct {
	ds        *Dataset
	opt       Options
	from, to  day
	today     day
	venues    map[string]string // id -> name
	people    []person
	personIdx map[string]int32 // every person id, merged ones pointing at the survivor
	acts      []activity
	actIdx    map[string]int32
	sessions  map[uint64]*session
	nWeeks    int // weeks in Attendance.Weeks
	// lastCame holds, per (activity, person), the last day they came up to
	// the end of the period; it finds people who stopped coming.
	lastCame map[uint64]day
	// lastCameAnywhere is lastCame at every venue, for stopped coming;
	// without a venue filter it is nil, as lastCame is the same.
	lastCameAnywhere map[uint64]day
	// mergedInto maps a person registered twice to the record it was
	// merged into; marks of both count once (see duplicateMarks).
	mergedInto map[string]string
	// inCaseScope says whether a person's case records belong in the
	// report; see caseScope.
	inCaseScope func(pi int32) bool
	// metAt is sessionVenues, made once under a venue filter for
	// caseAtVenue.
	metAt map[int32][]dayVenue
}

func pairKey(a, b int32) uint64 { return uint64(uint32(a))<<32 | uint64(uint32(b)) }

// cameOn keeps in last the latest day k came.
func cameOn(last map[uint64]day, k uint64, d day) {
	if l, seen := last[k]; !seen || d > l {
		last[k] = d
	}
}

func newEngine(ds *Dataset, opt Options) *engine {
	e := &engine{ds: ds, opt: opt, from: parseDay(opt.From), to: parseDay(opt.To)}
	if opt.Today == "" {
		e.today = e.to + 1
		e.opt.Today = e.today.String()
	} else {
		e.today = parseDay(opt.Today)
	}
	e.venues = make(map[string]string, len(ds.Venues))
	for _, v := range ds.Venues {
		e.venues[v.ID] = v.Name
	}
	e.indexActivities()
	e.indexPeople()
	return e
}

// wholeOrganisation is the scope of a report with no filter.
const wholeOrganisation = "Whole organisation"

func (e *engine) scopeWords() string {
	var parts []string
	if e.opt.VenueID != "" {
		parts = append(parts, "Venue: "+nameOr(e.venues[e.opt.VenueID], e.opt.VenueID))
	}
	if e.opt.ActivityID != "" {
		name := e.opt.ActivityID
		if i, ok := e.actIdx[e.opt.ActivityID]; ok {
			name = e.acts[i].name
		}
		parts = append(parts, "Activity: "+name)
	}
	if e.opt.Practice != "" {
		parts = append(parts, "Practice: "+e.opt.Practice)
	}
	if len(parts) == 0 {
		return wholeOrganisation
	}
	s := parts[0]
	for _, p := range parts[1:] {
		s += "; " + p
	}
	return s
}

func nameOr(name, id string) string {
	if name == "" {
		return id
	}
	return name
}

func (e *engine) indexActivities() {
	e.actIdx = make(map[string]int32, len(e.ds.Activities))
	e.acts = make([]activity, 0, len(e.ds.Activities))
	for _, a := range e.ds.Activities {
		// Archived activities keep their history: sessions that happened
		// still count.
		i := e.addActivity(a.ID, a.Name, a.VenueID, a.Category, a.Capacity)
		if a.Deleted {
			e.acts[i].archived, e.acts[i].archivedOn = true, parseDay(e.ds.ArchivedOn[a.ID])
		}
	}
}

// lastDayInUse is the last day up to d the activity was in use: d, or the
// day before it was archived; noDay (before any day) when it was archived
// on a day not known, as if out of use all along.
func (a *activity) lastDayInUse(d day) day {
	switch {
	case !a.archived:
		return d
	case a.archivedOn == noDay:
		return noDay
	}
	return min(d, a.archivedOn-1)
}

func (e *engine) addActivity(id, name, venueID, category string, capacity int) int32 {
	i := int32(len(e.acts))
	e.actIdx[id] = i
	chosen := e.opt.ActivityID == "" || id == e.opt.ActivityID
	e.acts = append(e.acts, activity{id: id, name: nameOr(name, id), venueID: venueID, category: category,
		capacity: capacity, inScope: chosen && e.atVenue(venueID), chosen: chosen})
	return i
}

// atVenue reports whether the venue filter, if any, is venueID.
func (e *engine) atVenue(venueID string) bool { return e.opt.VenueID == "" || venueID == e.opt.VenueID }

// counts reports whether a session of act counts under the filters: the
// activity is chosen, and the session was held at the venue chosen (where
// it was recorded, else the activity's venue now).
func (e *engine) counts(act *activity, s *session) bool {
	return act.chosen && e.atVenue(cmp.Or(s.venueID, act.venueID))
}

// caseAtVenue reports whether a case record about activity ai made on day
// d (a match, an enrolment, a place on its waiting list) is in scope: the
// activity is chosen, and on that day it met at the venue chosen, as
// venueOnDay tells from its sessions. The same rule as for sessions
// (counts): a record belongs to the venue where it happened, not where
// the activity meets now. onVenue, when known, is where the record says
// it was made.
func (e *engine) caseAtVenue(ai int32, d day, onVenue string) bool {
	act := &e.acts[ai]
	if !act.chosen || e.opt.VenueID == "" {
		return act.chosen
	}
	if onVenue != "" {
		return onVenue == e.opt.VenueID
	}
	if d == noDay {
		return act.venueID == e.opt.VenueID
	}
	if e.metAt == nil {
		e.metAt = e.sessionVenues()
	}
	sessions := e.metAt[ai]
	if len(sessions) == 0 {
		return act.venueID == e.opt.VenueID
	}
	return venueOnDay(sessions, act.venueID, d) == e.opt.VenueID
}

// activityOf finds the activity of a mark or session, adding one it has not
// seen (records can arrive by sync before the activity does).
func (e *engine) activityOf(id, venueID string) int32 {
	if i, ok := e.actIdx[id]; ok {
		return i
	}
	return e.addActivity(id, "", venueID, "", 0)
}

func (e *engine) indexPeople() {
	ds := e.ds
	e.personIdx = make(map[string]int32, len(ds.People))
	mergedInto := map[string]string{}
	for _, p := range ds.People {
		if p.MergedInto != "" && p.MergedInto != p.ID {
			mergedInto[p.ID] = p.MergedInto
		}
	}
	resolve := func(id string) string {
		return domain.ResolvePerson(id, func(id string) string { return mergedInto[id] })
	}
	for _, p := range ds.People {
		// A record merged into another is counted as that one; so is each
		// of a cycle of merges (two desks merged a pair both ways) but the
		// one every device keeps, which is counted with its own details.
		if _, merged := mergedInto[p.ID]; merged && resolve(p.ID) != p.ID {
			continue
		}
		i := int32(len(e.people))
		e.personIdx[p.ID] = i
		e.people = append(e.people, person{
			id: p.ID, name: p.DisplayName(), practice: p.Practice, gender: orNotRecorded(p.Gender), ethnicity: orNotRecorded(p.Ethnicity),
			ageBand: ageBand(p.DateOfBirth, e.to), first: noDay,
			inScope: e.opt.Practice == "" || p.Practice == e.opt.Practice,
		})
	}
	// People registered twice count once: every id resolves to the record
	// it was merged into, even one not held (an erased survivor).
	e.mergedInto = mergedInto
	for id := range mergedInto {
		if root := resolve(id); root != id {
			e.personIdx[id] = e.personOf(root)
		}
	}
	if e.opt.Practice != "" {
		// A person is in a practice's scope when they or any of their
		// referrals name it.
		for _, r := range ds.Referrals {
			if r.Practice == e.opt.Practice && !r.Deleted {
				e.people[e.personOf(r.PersonID)].inScope = true
			}
		}
	}
}

// personOf resolves a person id, adding one the data set does not hold (a
// mark synced before the person's card).
func (e *engine) personOf(id string) int32 {
	if i, ok := e.personIdx[id]; ok {
		return i
	}
	i := int32(len(e.people))
	e.personIdx[id] = i
	e.people = append(e.people, person{id: id, name: id, gender: notRecorded, ethnicity: notRecorded,
		ageBand: notRecorded, first: noDay, inScope: e.opt.Practice == ""})
	return i
}

const notRecorded = "not recorded"

func orNotRecorded(s string) string {
	if s == "" {
		return notRecorded
	}
	return s
}

// AgeBands lists the age bands in order.
var AgeBands = []string{"under 18", "18-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75-84", "85 and over", notRecorded}

// ageBand is the band of a person's age on the last day of the period.
func ageBand(dob string, at day) string {
	b := parseDay(dob)
	if b == noDay || b > at {
		return notRecorded
	}
	by, bm, bd := civil(b)
	ay, am, ad := civil(at)
	age := ay - by
	if am < bm || (am == bm && ad < bd) {
		age--
	}
	switch {
	case age < 18:
		return AgeBands[0]
	case age < 25:
		return AgeBands[1]
	case age >= 85:
		return AgeBands[8]
	}
	return AgeBands[(age-25)/10+2]
}

func civil(d day) (y, m, dd int) {
	s := d.String()
	y, _ = digits(s[0:4])
	m, _ = digits(s[5:7])
	dd, _ = digits(s[8:10])
	return
}

func (e *engine) inPeriod(d day) bool { return d >= e.from && d <= e.to }

// soFar is the day a wait "so far" is counted to: the end of the period,
// or the day the report is made when the period is not over yet (this
// month, looked at on the 10th), so a wait is never counted into days to
// come.
func (e *engine) soFar() day { return min(e.to, e.today) }

// attendance works through sessions and marks once.
func (e *engine) attendance(out *Attendance) {
	ds := e.ds
	e.sessions = make(map[uint64]*session, len(ds.Sessions)+len(ds.Attendance)/8)
	sessionAt := func(a int32, d day) *session {
		k := pairKey(a, int32(d))
		s := e.sessions[k]
		if s == nil {
			s = &session{}
			e.sessions[k] = s
		}
		return s
	}
	for _, s := range ds.Sessions {
		d := parseDay(s.Date)
		actID := s.ActivityID
		if aid, date, ok := domain.ParseSessionID(s.ID); ok && (actID == "" || d == noDay) {
			actID, d = aid, parseDay(date)
		}
		if d == noDay || actID == "" {
			continue
		}
		sess := sessionAt(e.activityOf(actID, s.VenueID), d)
		sess.hasRecord = true
		sess.cancelled = sess.cancelled || s.Cancelled
		if s.VenueID != "" {
			sess.venueID = s.VenueID
		}
	}

	// Weeks that have not started by the report's today are left out: a
	// chart of this month must not fall to 0 in the weeks still to come.
	lastWeek := e.to.monday()
	if tw := e.today.monday(); tw < lastWeek && tw >= e.from.monday() {
		lastWeek = tw
	}
	nWeeks := int((lastWeek-e.from.monday())/7) + 1
	e.nWeeks = nWeeks
	firstWeek := e.from.monday()
	for w := 0; w < nWeeks; w++ {
		out.Weeks = append(out.Weeks, (firstWeek + day(7*w)).String())
	}
	e.lastCame = make(map[uint64]day, len(ds.Attendance)/8)
	if e.opt.VenueID != "" {
		e.lastCameAnywhere = map[uint64]day{}
	}
	var attended, apologies, absences, friends, carers int
	dupMarks := e.duplicateMarks()
	for i := range ds.Attendance {
		m := &ds.Attendance[i]
		if m.Status == "" {
			continue // a mark that was undone
		}
		if dupMarks[i] {
			continue // a second mark of one person in one session, from a merged record
		}
		actID, d := m.ActivityID, parseDay(m.Date)
		if actID == "" || d == noDay {
			sid, date, ok := domain.ParseSessionID(m.SessionID)
			if !ok {
				continue
			}
			if actID == "" {
				actID = sid
			}
			if d == noDay {
				d = parseDay(date)
			}
		}
		if d == noDay || d > e.to {
			continue
		}
		ai := e.activityOf(actID, m.VenueID)
		sess := sessionAt(ai, d)
		if sess.cancelled {
			continue
		}
		sess.held = true
		act := &e.acts[ai]
		if sess.venueID == "" {
			sess.venueID = m.VenueID
		}
		venueID := cmp.Or(m.VenueID, sess.venueID, act.venueID)
		pi := e.personOf(m.PersonID)
		p := &e.people[pi]
		if e.lastCameAnywhere != nil && act.chosen && p.inScope && domain.Attended(m.Status) {
			cameOn(e.lastCameAnywhere, pairKey(ai, pi), d)
		}
		if !act.chosen || !e.atVenue(venueID) || !p.inScope {
			continue
		}
		sess.scopedMarks++
		in := d >= e.from
		if domain.Attended(m.Status) {
			cameOn(e.lastCame, pairKey(ai, pi), d)
			if d < p.first || p.first == noDay {
				p.first = d
			}
			if in {
				attended++
				p.periodMarks++
				act.row.Attendances.Value++
				switch m.Companion {
				case "":
				case "carer":
					carers++
					act.row.Companions.N++
				default: // "friend", or a kind a newer version adds
					friends++
					act.row.Companions.N++
				}
				if act.trend == nil {
					act.trend = make([]int, nWeeks)
				}
				if w := int((d.monday() - firstWeek) / 7); w < nWeeks {
					act.trend[w]++
				}
			}
			continue
		}
		if !in {
			continue
		}
		switch m.Status {
		case domain.StatusApologies:
			apologies++
			act.row.Apologies.N++
		case domain.StatusAbsent:
			absences++
			act.row.Absent.N++
		}
	}
	e.countActivityPeople()

	// Sessions held, per activity, and the days they met (at any venue)
	// for the stopped-coming check.
	held, places, withCapacity, attendedWithCapacity := 0, 0, 0, 0
	for k, s := range e.sessions {
		if s.cancelled {
			ai, d := int32(k>>32), day(int32(uint32(k)))
			if act := &e.acts[ai]; e.counts(act, s) && e.inPeriod(d) {
				act.row.SessionsCancelled++
				out.SessionsCancelled++
			}
			continue
		}
		if !(s.held || s.hasRecord) {
			continue
		}
		ai, d := int32(k>>32), day(int32(uint32(k)))
		act := &e.acts[ai]
		if !act.chosen || d > e.to {
			continue
		}
		if !s.held && d >= e.today {
			// A record and no marks, still to come: cancelled ahead and
			// put back on, say. It is held once it happens.
			continue
		}
		act.held = append(act.held, dayVenue{d, cmp.Or(s.venueID, act.venueID)})
		// With a practice filter, only sessions someone from the practice
		// was marked at count as held for it.
		if !e.counts(act, s) || !e.inPeriod(d) || (e.opt.Practice != "" && s.scopedMarks == 0) {
			continue
		}
		act.row.SessionsHeld++
		held++
		if act.capacity > 0 {
			places += act.capacity
			withCapacity++
		}
	}
	for i := range e.acts {
		act := &e.acts[i]
		sort.Slice(act.held, func(x, y int) bool { return act.held[x].d < act.held[y].d })
		if act.capacity > 0 {
			attendedWithCapacity += int(act.row.Attendances.Value)
		}
	}

	people, newPeople := 0, 0
	for i := range e.people {
		p := &e.people[i]
		if p.periodMarks > 0 {
			people++
		}
		if e.inPeriod(p.first) {
			newPeople++
		}
	}
	out.SessionsHeld = held
	out.SessionsExpected = e.expectedSessions()
	out.Attendances = stat(float64(attended), people)
	out.People = count(people)
	out.NewPeople = count(newPeople)
	// The people who came before are people less new people: not shown,
	// but worked out by anyone, so protected with them.
	cameBefore := count(people - newPeople)
	protectSum(&out.People, &out.NewPeople, &cameBefore)
	out.PerSession = stat(mean(float64(attended), held), people)
	if held == 0 {
		out.PerSession = Stat{}
	}
	out.CapacityPerSession = Stat{}
	if withCapacity > 0 {
		out.CapacityPerSession = Stat{Value: float64(places) / float64(withCapacity), N: withCapacity}
	}
	out.FillRate = Stat{}
	if places > 0 {
		out.FillRate = stat(float64(attendedWithCapacity)/float64(places), people)
	}
	out.Apologies = count(apologies)
	out.Absent = count(absences)
	out.Companions, out.Friends, out.Carers = count(friends+carers), count(friends), count(carers)
	out.ByActivity, out.Trend = e.activityRows(out)
	if e.opt.Practice != "" {
		// The schedules and the places are the service's (see
		// Attendance.ForPractice): none of them is the practice's.
		out.ForPractice = true
		out.SessionsExpected, out.SessionsCancelled = 0, 0
		out.CapacityPerSession, out.FillRate = Stat{}, Stat{}
		for i := range out.ByActivity {
			r := &out.ByActivity[i]
			r.ForPractice = true
			r.SessionsExpected, r.SessionsCancelled, r.FillRate = 0, 0, Stat{}
		}
		// Held for a practice means one of its people was marked there.
		fewPeople := func(c Count) bool { return c.Hidden || c.N < MinGroup }
		out.SessionsHeldHidden = out.SessionsHeld > 0 && fewPeople(out.People)
		for i := range out.ByActivity {
			r := &out.ByActivity[i]
			r.SessionsHeldHidden = r.SessionsHeld > 0 && fewPeople(r.People)
		}
	}
	protectSum(&out.Companions, &out.Friends, &out.Carers)
	// Places taken is the attendances at activities with a capacity: a part
	// of the attendances by activity, so it must not split the hidden ones.
	rowPeople := make([]*Count, len(out.ByActivity))
	hasCapacity := make([]bool, len(out.ByActivity))
	for i := range out.ByActivity {
		rowPeople[i], hasCapacity[i] = &out.ByActivity[i].People, out.ByActivity[i].Capacity > 0
	}
	if splitsHidden(rowPeople, hasCapacity) {
		out.FillRate.Hidden = !out.FillRate.None()
	}
	out.StoppedComing = e.stoppedComing()
}

// expectedSessions counts, per activity in scope and in all, the sessions
// its schedule puts in the period up to the report's today (see due). An
// activity with no schedule recorded expects none. Under a venue filter a
// date counts at the venue the activity met at then (venueOnDay).
func (e *engine) expectedSessions() int {
	last := e.to
	if e.today < last {
		last = e.today
	}
	if last < e.from {
		return 0
	}
	var held map[int32][]dayVenue
	if e.opt.VenueID != "" {
		held = e.sessionVenues()
	}
	total := 0
	for i, a := range e.ds.Activities {
		act := &e.acts[i]             // indexActivities added them in this order
		end := act.lastDayInUse(last) // none are expected once it is archived
		if !act.chosen || a.Schedule == "" || end < e.from {
			continue
		}
		if !act.inScope && !slices.ContainsFunc(held[int32(i)], func(x dayVenue) bool { return x.venueID == e.opt.VenueID }) {
			continue // never at the venue chosen
		}
		a.Deleted = false // it met until archived: end is before that
		n := 0
		for _, d := range domain.MeetingsBetween(a, e.from.String(), end.String()) {
			if !e.due(int32(i), parseDay(d)) {
				continue
			}
			if e.opt.VenueID == "" || venueOnDay(held[int32(i)], act.venueID, parseDay(d)) == e.opt.VenueID {
				n++
			}
		}
		act.row.SessionsExpected = n
		total += n
	}
	return total
}

// due reports whether a scheduled session of activity ai on day d is
// expected yet: any day before the report's, and the report's own once it
// has happened, its register taken or it called off. A report made on the
// morning of a session must not read as that session missed.
func (e *engine) due(ai int32, d day) bool {
	if d < e.today {
		return true
	}
	s := e.sessions[pairKey(ai, int32(d))]
	return s != nil && (s.held || s.cancelled)
}

// dayVenue is a day an activity's session was recorded and where.
type dayVenue struct {
	d       day
	venueID string
}

// sessionVenues lists, per activity, its sessions (held, recorded or
// cancelled) whose venue is known, by day.
func (e *engine) sessionVenues() map[int32][]dayVenue {
	out := map[int32][]dayVenue{}
	for k, s := range e.sessions {
		if s.venueID != "" {
			ai := int32(k >> 32)
			out[ai] = append(out[ai], dayVenue{day(int32(uint32(k))), s.venueID})
		}
	}
	for _, t := range out {
		sort.Slice(t, func(i, j int) bool { return t[i].d < t[j].d })
	}
	return out
}

// venueOnDay is where an activity met, or was to meet, on day d by its
// sessions (sorted): after the last one held elsewhere than its venue now,
// there (it moved, and its schedule is that venue's from then on); before,
// where the latest session up to d was, or the first when none was yet.
func venueOnDay(sessions []dayVenue, now string, d day) string {
	lastElsewhere := noDay
	for _, x := range sessions {
		if x.venueID != now {
			lastElsewhere = x.d
		}
	}
	if d > lastElsewhere {
		return now
	}
	i := sort.Search(len(sessions), func(i int) bool { return sessions[i].d > d })
	return sessions[max(i-1, 0)].venueID
}

// countActivityPeople counts, per activity, the people who came in the
// period. It walks lastCame: a person came in the period exactly when their
// last attendance up to the end of the period falls in it.
func (e *engine) countActivityPeople() {
	for k, last := range e.lastCame {
		if last >= e.from {
			e.acts[int32(k>>32)].people++
		}
	}
}

// activityRows lays out the activities in scope, protecting their figures
// against the totals in out.
func (e *engine) activityRows(out *Attendance) ([]ActivityAttendance, []ActivityTrend) {
	var rows []ActivityAttendance
	var trends []ActivityTrend
	var attCounts, apCounts, nsCounts, compCounts []*Count
	for i := range e.acts {
		act := &e.acts[i]
		if !act.chosen || (act.row.SessionsHeld == 0 && act.row.Attendances.Value == 0 &&
			act.row.SessionsExpected == 0 && act.row.SessionsCancelled == 0) {
			continue
		}
		if e.opt.Practice != "" && act.row.SessionsHeld == 0 && act.row.Attendances.Value == 0 {
			continue // expected or cancelled only: not the practice's (Attendance.ForPractice)
		}
		r := act.row
		venueID := act.venueID
		if e.opt.VenueID != "" {
			venueID = e.opt.VenueID // where the sessions counted were held
		}
		r.ActivityID, r.Activity, r.Venue = act.id, act.name, nameOr(e.venues[venueID], venueID)
		r.Capacity = act.capacity
		r.People = count(act.people)
		attendances := r.Attendances.Value
		r.Attendances = stat(attendances, act.people)
		r.PerSession = Stat{}
		if r.SessionsHeld > 0 {
			r.PerSession = stat(attendances/float64(r.SessionsHeld), act.people)
		}
		r.FillRate = Stat{}
		if act.capacity > 0 && r.SessionsHeld > 0 {
			r.FillRate = stat(attendances/float64(act.capacity*r.SessionsHeld), act.people)
		}
		// Apologies and absences are marks, but each is a person's; a
		// group too small to show attendance hides them too.
		r.Apologies = count(r.Apologies.N)
		r.Absent = count(r.Absent.N)
		r.Companions = count(r.Companions.N)
		if r.People.Hidden {
			r.Apologies.Hidden = r.Apologies.N > 0
			r.Absent.Hidden = r.Absent.N > 0
			r.Companions.Hidden = r.Companions.N > 0
		}
		rows = append(rows, r)
		t := ActivityTrend{ActivityID: act.id, Activity: act.name, Attendances: act.trend, Hidden: r.People.Hidden}
		if t.Attendances == nil {
			t.Attendances = make([]int, e.nWeeks) // held, expected or cancelled, and nobody came
		}
		if t.Hidden {
			t.Attendances = nil
		}
		trends = append(trends, t)
	}
	sort.Slice(rows, func(i, j int) bool {
		if rows[i].Venue != rows[j].Venue {
			return rows[i].Venue < rows[j].Venue
		}
		return rows[i].Activity < rows[j].Activity
	})
	sort.Slice(trends, func(i, j int) bool { return trends[i].Activity < trends[j].Activity })
	for i := range rows {
		attCounts = append(attCounts, &rows[i].People)
		apCounts = append(apCounts, &rows[i].Apologies)
		nsCounts = append(nsCounts, &rows[i].Absent)
		compCounts = append(compCounts, &rows[i].Companions)
	}
	// Activities' people add up to no figure (a person can go to two), but
	// their attendances add up to the total shown.
	protectSum(nil, attCounts...)
	// Everything else about an activity follows its people, including an
	// activity hidden only so that a small one cannot be worked out by
	// subtraction: otherwise its attendances, taken from the total, would
	// give the small one's away.
	hidden := map[string]bool{}
	for i := range rows {
		r := &rows[i]
		if !r.People.Hidden {
			continue
		}
		hidden[r.ActivityID] = true
		for _, st := range []*Stat{&r.Attendances, &r.PerSession, &r.FillRate} {
			st.Hidden = !st.None()
		}
		r.Apologies.Hidden = r.Apologies.N > 0
		r.Absent.Hidden = r.Absent.N > 0
		r.Companions.Hidden = r.Companions.N > 0
	}
	for i := range trends {
		if hidden[trends[i].ActivityID] {
			trends[i].Hidden, trends[i].Attendances = true, nil
		}
	}
	protectSum(&out.Apologies, apCounts...)
	protectSum(&out.Absent, nsCounts...)
	protectSum(&out.Companions, compCounts...)
	return rows, trends
}

// stoppedComing lists people enrolled at the end of the period who came to
// an activity before and missed each of its last three sessions, the last
// of which fell in the period. It is the activity's: its sessions and the
// person's attendances at any venue count, and what they do at other
// activities does not. A venue filter takes the activities whose last
// session was there, so each venue's list is its part of the whole
// organisation's.
func (e *engine) stoppedComing() []StoppedComing {
	var out []StoppedComing
	listed := map[uint64]bool{}
	for _, en := range e.ds.Enrolments {
		if en.Deleted || (en.Ended != "" && parseDay(en.Ended) <= e.to) {
			continue
		}
		ai, ok := e.actIdx[en.ActivityID]
		if !ok || !e.acts[ai].chosen {
			continue
		}
		pi := e.personOf(en.PersonID)
		if !e.people[pi].inScope || listed[pairKey(ai, pi)] {
			continue
		}
		act := &e.acts[ai]
		// Sessions are sorted; the expected ones are those from the start
		// of the enrolment to the end of the period.
		n := len(act.held)
		if n < 3 || act.held[n-1].d < e.from || !e.atVenue(act.held[n-1].venueID) {
			continue
		}
		third := act.held[n-3].d
		if started := parseDay(en.Started); started != noDay && third < started {
			continue
		}
		lastCame := e.lastCame
		if e.lastCameAnywhere != nil {
			lastCame = e.lastCameAnywhere
		}
		last, came := lastCame[pairKey(ai, pi)]
		if !came || last >= third {
			continue
		}
		listed[pairKey(ai, pi)] = true
		p := &e.people[pi]
		venueID := act.held[n-1].venueID
		out = append(out, StoppedComing{PersonID: p.id, Name: p.name, ActivityID: act.id, Activity: act.name,
			Venue: nameOr(e.venues[venueID], venueID), LastAttended: last.String(), MissedSince: third.String()})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Activity != out[j].Activity {
			return out[i].Activity < out[j].Activity
		}
		if out[i].Name != out[j].Name {
			return out[i].Name < out[j].Name
		}
		return out[i].PersonID < out[j].PersonID
	})
	return out
}

// duplicateMarks finds the marks that must not count because the same
// person, under a record since merged, has another mark in the same session
// (domain.ResolveMarks chooses the one that counts). It looks only at
// sessions where a merged record was marked, so it costs nothing when
// nobody was merged.
func (e *engine) duplicateMarks() map[int]bool {
	if len(e.mergedInto) == 0 {
		return nil
	}
	resolve := func(id string) string {
		return domain.ResolvePerson(id, func(id string) string { return e.mergedInto[id] })
	}
	type key struct{ session, person string }
	groups := map[key][]int{}
	for i := range e.ds.Attendance {
		m := &e.ds.Attendance[i]
		if _, merged := e.mergedInto[m.PersonID]; merged {
			groups[key{m.SessionID, resolve(m.PersonID)}] = nil
		}
	}
	if len(groups) == 0 {
		return nil
	}
	for i := range e.ds.Attendance {
		m := &e.ds.Attendance[i]
		k := key{m.SessionID, resolve(m.PersonID)}
		if g, ok := groups[k]; ok {
			groups[k] = append(g, i)
		}
	}
	skip := map[int]bool{}
	for _, idx := range groups {
		if len(idx) < 2 {
			continue
		}
		marks := make([]domain.Attendance, len(idx))
		for j, i := range idx {
			marks[j] = e.ds.Attendance[i]
			marks[j].ID = strconv.Itoa(j) // which of the group was kept
		}
		kept := map[string]bool{}
		for _, m := range domain.ResolveMarks(marks, resolve) {
			kept[m.ID] = true
		}
		for j, i := range idx {
			if !kept[strconv.Itoa(j)] {
				skip[i] = true
			}
		}
	}
	return skip
}
