package storage

import (
	"sort"
	"strings"

	"github.com/hashicorp/go-memdb"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

// View is a consistent snapshot of the read model. Views are cheap; take a
// new one for each screen refresh. To learn that records changed, watch
// Store.Changed (and Store.Version).
type View struct {
	txn *memdb.Txn
}

// View returns a snapshot of the read model.
func (s *Store) View() *View {
	return &View{txn: s.mem.Txn(false)}
}

func (v *View) rows(it memdb.ResultIterator, err error) []*Row {
	if err != nil {
		return nil // tables and indexes are fixed by schema(); an error here is a programming error
	}
	var out []*Row
	for obj := it.Next(); obj != nil; obj = it.Next() {
		out = append(out, obj.(*Row))
	}
	return out
}

// Get returns one row by kind and id.
func (v *View) Get(kind record.Kind, id string) (*Row, bool) {
	if kind == domain.KindAttendance {
		sid, _, ok := domain.ParseAttendanceID(id)
		if !ok {
			return nil, false
		}
		reg := v.register(sid)
		if i, found := reg.find(id); found {
			return &reg.marks[i], true
		}
		return nil, false
	}
	obj, err := v.txn.First(string(kind), indexID, id)
	if err != nil {
		return nil, false
	}
	if obj == nil {
		return nil, false
	}
	return obj.(*Row), true
}

// register returns the marks of one session (empty when there are none).
func (v *View) register(sessionID string) *register {
	obj, err := v.txn.First(string(domain.KindAttendance), indexID, sessionID)
	if err != nil {
		return &register{sessionID: sessionID}
	}
	if obj == nil {
		return &register{sessionID: sessionID}
	}
	return obj.(*register)
}

// registers iterates the registers whose session id starts with prefix.
func (v *View) registers(prefix string, fn func(*register)) {
	it, err := v.txn.Get(string(domain.KindAttendance), indexID+"_prefix", prefix)
	if err != nil {
		return
	}
	for obj := it.Next(); obj != nil; obj = it.Next() {
		fn(obj.(*register))
	}
}

// All returns every row of a kind, in id order.
func (v *View) All(kind record.Kind) []*Row {
	if kind == domain.KindAttendance {
		var out []*Row
		v.registers("", func(r *register) {
			for i := range r.marks {
				out = append(out, &r.marks[i])
			}
		})
		return out
	}
	return v.rows(v.txn.Get(string(kind), indexID))
}

// Retired returns the records of a kind taken out of use that records from
// before still point at, in id order: archived venues and activities, with
// FieldArchivedOn, and erased people merged into another, whose tombstones
// hold only merged_into. Other kinds have none. All leaves them out.
func (v *View) Retired(kind record.Kind) []*Row {
	if !hasRetired(kind) {
		return nil
	}
	return v.rows(v.txn.Get(retiredTable(kind), indexID))
}

// By returns the rows of a kind whose indexed field equals value. The
// indexed fields are those in schema(): venue_id, date, activity_id,
// person_id, status, due, entity_id, staff; for attendance, session_id and
// person_id (see PersonAttendance for how the latter is found).
//
// By person_id finds the records of everyone merged into the same person
// too (see PersonIDs): a referral made for a duplicate, even offline after
// the merge, is the survivor's.
func (v *View) By(kind record.Kind, field, value string) []*Row {
	if kind == domain.KindAttendance {
		switch field {
		case "session_id":
			return rowPointers(v.register(value).marks)
		case "person_id":
			return v.personMarks(value)
		}
		return nil
	}
	if field == "person_id" && kind != domain.KindPerson {
		ids := v.PersonIDs(value)
		if len(ids) > 1 {
			var out []*Row
			for _, id := range ids {
				out = append(out, v.rows(v.txn.Get(string(kind), field, id))...)
			}
			return out
		}
	}
	return v.rows(v.txn.Get(string(kind), field, value))
}

// ResolvePerson is the id of the record a person id stands for now: itself,
// or the record it was merged into (following merges of merges).
func (v *View) ResolvePerson(id string) string {
	return domain.ResolvePerson(id, func(id string) string {
		if r, ok := v.Get(domain.KindPerson, id); ok {
			return r.Get(record.FieldMergedInto)
		}
		return ""
	})
}

// PersonIDs returns the ids that stand for the same person as id: the
// surviving record's first, then every record merged into it, directly or
// through another merge.
func (v *View) PersonIDs(id string) []string {
	root := v.ResolvePerson(id)
	out := []string{root}
	seen := map[string]bool{root: true}
	for i := 0; i < len(out) && len(out) < 64; i++ {
		for _, r := range v.rows(v.txn.Get(string(domain.KindPerson), record.FieldMergedInto, out[i])) {
			if !seen[r.ID] {
				seen[r.ID] = true
				out = append(out, r.ID)
			}
		}
	}
	return out
}

// Count returns how many rows of a kind there are.
func (v *View) Count(kind record.Kind) int {
	if kind == domain.KindAttendance {
		n := 0
		v.registers("", func(r *register) { n += len(r.marks) })
		return n
	}
	it, err := v.txn.Get(string(kind), indexID)
	if err != nil {
		return 0
	}
	n := 0
	for obj := it.Next(); obj != nil; obj = it.Next() {
		n++
	}
	return n
}

// personMarks finds a person's marks, one per session: of the marks made
// under their record and every record merged into it, the one
// domain.PreferMark chooses (the rule ResolveMarks keeps).
func (v *View) personMarks(personID string) []*Row {
	ids := v.PersonIDs(personID)
	root := ids[0]
	return v.marksAt(personID, func(r *register) *Row {
		var best *Row
		var kept domain.Attendance
		for _, id := range ids {
			i, ok := r.find(domain.AttendanceID(r.sessionID, id))
			if !ok {
				continue
			}
			m := domain.Attendance{PersonID: id, Status: r.marks[i].Get("status")}
			if best == nil || domain.PreferMark(m, kept, root) {
				best, kept = &r.marks[i], m
			}
		}
		return best
	})
}

// ownRecords finds the records of a kind made for exactly this person
// record (by person_id), not resolved through merges as By resolves them:
// what belongs to this one record. For marks, see ownMarks.
func (v *View) ownRecords(kind record.Kind, personID string) []*Row {
	return v.rows(v.txn.Get(string(kind), "person_id", personID))
}

// ownMarks finds the marks made under exactly this person record, not
// resolved through merges: an erasure blanks every record's own marks,
// including a duplicate's that personMarks would pass over. It looks in
// every register, not only those of activities the person is enrolled on
// (marksAt): an undo on another device deletes the enrolment a mark made,
// and a mark taken since would keep its note. A lookup per session held.
func (v *View) ownMarks(personID string) []*Row {
	var out []*Row
	v.registers("", func(r *register) {
		if i, ok := r.find(domain.AttendanceID(r.sessionID, personID)); ok {
			out = append(out, &r.marks[i])
		}
	})
	return out
}

// marksAt calls pick with each register of the activities a person is (or
// was) enrolled on, as themselves or under a record merged with theirs, and
// returns the marks it picks. Session ids begin with the activity id, and
// the register flow enrols every walk-in, so every mark taken in Gather has
// an enrolment behind it, unless an undo on another device deleted it since
// (an erasure looks in every register: ownMarks).
func (v *View) marksAt(personID string, pick func(*register) *Row) []*Row {
	var out []*Row
	seen := map[string]bool{}
	for _, en := range v.By(domain.KindEnrolment, "person_id", personID) {
		act := en.Get("activity_id")
		if act == "" || seen[act] {
			continue
		}
		seen[act] = true
		v.registers(act+"@", func(r *register) {
			if m := pick(r); m != nil {
				out = append(out, m)
			}
		})
	}
	return out
}

// PersonAttendance returns a person's marks across every activity they are
// or were enrolled on, oldest first.
func (v *View) PersonAttendance(personID string) []domain.Attendance {
	rows := v.personMarks(personID)
	out := make([]domain.Attendance, len(rows))
	root := v.ResolvePerson(personID)
	for i, r := range rows {
		r.Decode(&out[i])
		out[i].PersonID = root // a merged record's mark is the survivor's
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Date < out[j].Date })
	return out
}

// Person returns a person, following merged_into to the surviving record.
// When the surviving record is not on this device (a venue tablet the
// survivor has not reached yet), it returns the last record it found.
func (v *View) Person(id string) (domain.Person, bool) {
	// A cycle of merges, held between two pages of a pull, ends at the
	// survivor the server keeps (domain.ResolvePerson).
	id = domain.ResolvePerson(id, func(id string) string {
		r, ok := v.Get(domain.KindPerson, id)
		if !ok {
			return ""
		}
		next := r.Get(record.FieldMergedInto)
		if _, held := v.Get(domain.KindPerson, next); !held {
			return ""
		}
		return next
	})
	r, ok := v.Get(domain.KindPerson, id)
	if !ok {
		return domain.Person{}, false
	}
	return v.person(r), true
}

// person decodes a person's card as it is shown: photo_consent only when
// every record merged into them says so too (domain.PhotosOK), since a
// withdrawal can land on a merged-away card.
func (v *View) person(r *Row) domain.Person {
	var p domain.Person
	r.Decode(&p)
	if p.PhotoConsent {
		p.PhotoConsent = domain.PhotosOK(v.PersonCards(p.ID))
	}
	return p
}

// PersonCards are the person records held for everyone that stands for
// the same person as id (PersonIDs: the surviving record's first), as
// stored: what a change to every card of theirs, such as photo_consent,
// starts from.
func (v *View) PersonCards(id string) []domain.Person {
	var out []domain.Person
	for _, pid := range v.PersonIDs(id) {
		if r, ok := v.Get(domain.KindPerson, pid); ok {
			var p domain.Person
			r.Decode(&p)
			out = append(out, p)
		}
	}
	return out
}

// SearchPeople finds the people a query finds by name (domain.NameMatches:
// every word of it starts one of their names or a word of one, ignoring
// case, accents and apostrophes, or the words run together start one). It
// stops at limit people (0 means no limit), taken in name-key order, and
// returns them sorted by display name.
func (v *View) SearchPeople(query string, limit int) []domain.Person {
	words := domain.QueryWords(query)
	if len(words) == 0 {
		return nil
	}
	seen := map[string]bool{}
	var out []domain.Person
	full := func() bool { return limit > 0 && len(out) >= limit }
	// The words run together as one prefix first (a name typed with a
	// space in it: "o brien" finds OBrien), then the first word with every
	// other word matching some name ("ann le" finds Ann Lee).
	collect := func(prefix string, filter []string) {
		it, err := v.txn.Get(string(domain.KindPerson), "name_prefix", prefix)
		if err != nil {
			return
		}
		for obj := it.Next(); obj != nil && !full(); obj = it.Next() {
			r := obj.(*Row)
			if seen[r.ID] || !matchesAll(r, filter) {
				continue
			}
			seen[r.ID] = true
			out = append(out, v.person(r))
		}
	}
	if len(words) > 1 {
		collect(strings.Join(words, ""), nil)
	}
	if !full() {
		collect(words[0], words[1:])
	}
	keys := make(map[string]string, len(out))
	for _, p := range out {
		keys[p.ID] = domain.Fold(p.DisplayName())
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := keys[out[i].ID], keys[out[j].ID]
		if a != b {
			return a < b
		}
		return out[i].ID < out[j].ID
	})
	return out
}

func matchesAll(r *Row, words []string) bool {
	if len(words) == 0 {
		return true
	}
	keys := r.encodedKeys()
	for _, w := range words {
		found := false
		for ks := keys; ks != "" && !found; {
			var k string
			k, ks = nextKey(ks)
			found = strings.HasPrefix(k, w)
		}
		if !found {
			return false
		}
	}
	return true
}

// SessionsOn returns the sessions on a date (YYYY-MM-DD), at the given venues
// or at every venue when none are given.
func (v *View) SessionsOn(date string, venueIDs ...string) []domain.Session {
	var rows []*Row
	if len(venueIDs) == 0 {
		rows = v.By(domain.KindSession, "date", date)
	} else {
		for _, venue := range venueIDs {
			rows = append(rows, v.rows(v.txn.Get(string(domain.KindSession), "venue_date", venue, date))...)
		}
	}
	out := make([]domain.Session, len(rows))
	for i, r := range rows {
		r.Decode(&out[i])
	}
	return out
}

// SessionsOf returns an activity's sessions, in no order.
func (v *View) SessionsOf(activityID string) []domain.Session {
	rows := v.By(domain.KindSession, "activity_id", activityID)
	out := make([]domain.Session, len(rows))
	for i, r := range rows {
		r.Decode(&out[i])
	}
	return out
}

// Attendance returns the marks in a session, one per person: a mark made
// for a record since merged into another is the survivor's (see
// domain.ResolveMarks).
func (v *View) Attendance(sessionID string) []domain.Attendance {
	rows := v.By(domain.KindAttendance, "session_id", sessionID)
	out := make([]domain.Attendance, len(rows))
	for i, r := range rows {
		r.Decode(&out[i])
	}
	return domain.ResolveMarks(out, v.ResolvePerson)
}

// Enrolments returns the enrolments on an activity, current and ended, one
// per person: those of records merged into another are the survivor's (see
// domain.ResolveEnrolments).
func (v *View) Enrolments(activityID string) []domain.Enrolment {
	rows := v.By(domain.KindEnrolment, "activity_id", activityID)
	out := make([]domain.Enrolment, len(rows))
	for i, r := range rows {
		r.Decode(&out[i])
	}
	return domain.ResolveEnrolments(out, v.ResolvePerson)
}

// Referrals returns the referrals with a status.
func (v *View) Referrals(status string) []domain.Referral {
	rows := v.By(domain.KindReferral, "status", status)
	out := make([]domain.Referral, len(rows))
	for i, r := range rows {
		r.Decode(&out[i])
	}
	return out
}

// FollowUpsDueBy returns follow-ups not yet done that are due on or before
// date (YYYY-MM-DD), earliest first.
func (v *View) FollowUpsDueBy(date string) []domain.FollowUp {
	it, err := v.txn.LowerBound(string(domain.KindFollowUp), "due", "")
	var out []domain.FollowUp
	for _, r := range v.rows(it, err) {
		if r.Get("due") > date {
			break
		}
		if r.Get("done") != "" {
			continue
		}
		var f domain.FollowUp
		r.Decode(&f)
		out = append(out, f)
	}
	return out
}

// OrgSettings are the organisation's settings; zero values (the defaults)
// when none have been made or synced yet.
func (v *View) OrgSettings() domain.OrgSettings {
	var s domain.OrgSettings
	if r, ok := v.Get(domain.KindSetting, domain.OrgSettingsID); ok {
		r.Decode(&s)
	}
	s.ID = domain.OrgSettingsID
	return s
}

// Practices is the list of GP practices (archived ones are not in the
// read model), by name.
func (v *View) Practices() []domain.Practice {
	var out []domain.Practice
	for _, r := range v.All(domain.KindPractice) {
		var p domain.Practice
		r.Decode(&p)
		p.ID = r.ID
		out = append(out, p)
	}
	sort.SliceStable(out, func(i, j int) bool { return domain.Fold(out[i].Name) < domain.Fold(out[j].Name) })
	return out
}
