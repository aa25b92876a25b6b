package domain

// Merging two records of the same person: someone registered twice offline
// at two venues, or an import that met a person already here. The merge
// keeps one record (the survivor), takes the values chosen field by field
// from the other (the duplicate), and marks the duplicate merged_into the
// survivor. Records with random ids that point at the duplicate (referrals,
// matches, follow-ups, contacts, measures, consents) are re-pointed; records
// whose ids are derived from the person (attendance marks, enrolments)
// cannot move, so they stay and every reader resolves them through
// merged_into (see ResolvePerson). That is also how records another device
// makes offline for the duplicate after the merge count for the survivor.

import (
	"errors"
	"fmt"
	"slices"
	"sort"

	"github.com/gather-sp/gather/record"
)

// MergeField is a person field a merge chooses between, as a form labels it.
type MergeField struct {
	Field string // the stored field name
	Label string
	Case  bool // case data: shown and chosen only by roles that may see it
}

// MergeFields lists the person fields a merge offers, in the order a merge
// screen shows them.
var MergeFields = []MergeField{
	{"given_name", "Given name", false},
	{"family_name", "Family name", false},
	{"preferred_name", "Known as", false},
	{"access_needs", "Access needs", false},
	{"emergency_contact_name", LabelEmergencyContact, false},
	{"emergency_contact_phone", LabelEmergencyPhone, false},
	{"date_of_birth", "Date of birth", true},
	{"phone", "Phone", true},
	{"email", "Email", true},
	{"address", "Address", true},
	{"postcode", "Postcode", true},
	{"contact_preferences", "Contact preferences", true},
	{"nhs_number", "NHS number", true},
	{"practice", "GP practice", true},
	{"gender", "Gender", true},
	{"ethnicity", "Ethnic group", true},
}

// PersonLink is a record with a random id that names a person in its
// person_id field: a referral, match, follow-up, contact, measure or
// consent. A merge re-points it.
type PersonLink struct {
	Kind     record.Kind
	ID       string
	PersonID string
}

// RepointedKinds are the kinds whose person_id a merge changes.
var RepointedKinds = []record.Kind{KindReferral, KindMatch, KindFollowUp, KindContact, KindMeasure, KindConsent}

// Merge is what a merge needs to know: the two people as they are now,
// which fields take the duplicate's value, both people's enrolments, the
// records that point at the duplicate, and today's date.
type Merge struct {
	Survivor, Duplicate Person
	// TakeFromDuplicate lists the fields (MergeField.Field) whose value the
	// survivor takes from the duplicate; every other field keeps the
	// survivor's value.
	TakeFromDuplicate []string
	Enrolments        []Enrolment  // of either person
	Links             []PersonLink // records pointing at the duplicate
	// Consents are both people's consent records, when this device holds
	// them (nil on one that does not): the survivor's photo_consent is
	// then read from them (see mergedPhotoConsent).
	Consents []Consent
	Today    string // YYYY-MM-DD
}

// MergeResult is what a merge saves, with what it did in words.
type MergeResult struct {
	Changes  []record.Change
	Taken    []string // fields the survivor took from the duplicate, in MergeFields order
	Moved    int      // records re-pointed at the survivor
	Enrolled int      // enrolments the survivor was given from the duplicate's
}

// ErrCannotMerge is wrapped by every refusal from MergePeople.
var ErrCannotMerge = errors.New("these two records cannot be merged")

// MergePeople merges m.Duplicate into m.Survivor and returns the changes to
// save in one action:
//
//   - the survivor's chosen values (only the fields that change);
//   - the duplicate marked merged_into the survivor;
//   - photo_consent on both cards as the two together say (mergedPhotoConsent);
//   - for every enrolment of the duplicate, an enrolment of the survivor on
//     the same activity (from the earlier start) unless they have a current
//     one, and the duplicate's enrolment ended today, so a register lists
//     them once and their card reaches the venues the duplicate's did;
//   - every linked record's person_id set to the survivor.
//
// Attendance marks are not touched: their ids are derived from the person,
// and readers resolve the duplicate's id to the survivor.
func MergePeople(m Merge) (MergeResult, error) {
	s, d := m.Survivor, m.Duplicate
	switch {
	case s.ID == "" || d.ID == "":
		return MergeResult{}, fmt.Errorf("%w: choose two people", ErrCannotMerge)
	case s.ID == d.ID:
		return MergeResult{}, fmt.Errorf("%w: that is the same record twice; choose the other record", ErrCannotMerge)
	case s.Deleted || d.Deleted:
		return MergeResult{}, fmt.Errorf("%w: one of them has been removed", ErrCannotMerge)
	case s.MergedInto != "":
		return MergeResult{}, fmt.Errorf("%w: %s's record was already merged into another; merge into that one", ErrCannotMerge, s.FullName())
	case d.MergedInto != "":
		return MergeResult{}, fmt.Errorf("%w: %s's second record was already merged", ErrCannotMerge, d.FullName())
	}
	if err := CheckDate(m.Today); err != nil {
		return MergeResult{}, err
	}
	take := map[string]bool{}
	for _, f := range m.TakeFromDuplicate {
		if !isMergeField(f) {
			return MergeResult{}, fmt.Errorf("%w: %q is not a detail a merge chooses", ErrCannotMerge, f)
		}
		take[f] = true
	}
	var res MergeResult

	// The survivor's chosen values.
	sv, dv := Encode(s), Encode(d)
	fields := map[string]string{}
	for _, f := range MergeFields {
		if take[f.Field] && dv[f.Field] != sv[f.Field] {
			fields[f.Field] = dv[f.Field]
			res.Taken = append(res.Taken, f.Field)
		}
	}
	dupFields := map[string]string{record.FieldMergedInto: s.ID}
	for _, c := range mergedPhotoConsent(m) {
		into := fields
		if c.ID == d.ID {
			into = dupFields
		}
		for k, v := range c.Fields {
			into[k] = v
		}
	}
	if len(fields) > 0 {
		res.Changes = append(res.Changes, record.Change{Kind: KindPerson, ID: s.ID, Fields: fields})
	}
	res.Changes = append(res.Changes, record.Change{Kind: KindPerson, ID: d.ID, Fields: dupFields})

	// Enrolments: the survivor on every activity the duplicate was on.
	survivorOn := map[string]Enrolment{}
	for _, e := range m.Enrolments {
		if e.PersonID == s.ID && !e.Deleted {
			survivorOn[e.ActivityID] = e
		}
	}
	dupEnrolments := make([]Enrolment, 0, len(m.Enrolments))
	for _, e := range m.Enrolments {
		if e.PersonID == d.ID && !e.Deleted {
			dupEnrolments = append(dupEnrolments, e)
		}
	}
	sort.Slice(dupEnrolments, func(i, j int) bool { return dupEnrolments[i].ActivityID < dupEnrolments[j].ActivityID })
	for _, e := range dupEnrolments {
		have, ok := survivorOn[e.ActivityID]
		switch {
		case !ok:
			n := Enrolment{ID: EnrolmentID(e.ActivityID, s.ID), ActivityID: e.ActivityID, PersonID: s.ID,
				VenueID: e.VenueID, Started: e.Started, Ended: e.Ended}
			res.Changes = append(res.Changes, record.Change{Kind: KindEnrolment, ID: n.ID, Fields: Encode(n)})
			res.Enrolled++
		default:
			after := have
			if e.Active() && !have.Active() {
				after.Ended = ""
			}
			if e.Started != "" && (after.Started == "" || e.Started < after.Started) {
				after.Started = e.Started
			}
			if after.VenueID == "" {
				after.VenueID = e.VenueID
			}
			if diff := Diff(have, after); len(diff) > 0 {
				res.Changes = append(res.Changes, record.Change{Kind: KindEnrolment, ID: have.ID, Fields: diff})
				res.Enrolled++
			}
		}
		if e.Active() {
			res.Changes = append(res.Changes, record.Change{Kind: KindEnrolment, ID: e.ID,
				Fields: map[string]string{"ended": m.Today}})
		}
	}

	// Records with random ids move to the survivor.
	links := append([]PersonLink(nil), m.Links...)
	sort.Slice(links, func(i, j int) bool {
		if links[i].Kind != links[j].Kind {
			return links[i].Kind < links[j].Kind
		}
		return links[i].ID < links[j].ID
	})
	for _, l := range links {
		if l.PersonID != d.ID || !isRepointed(l.Kind) {
			continue
		}
		res.Changes = append(res.Changes, record.Change{Kind: l.Kind, ID: l.ID, Fields: map[string]string{"person_id": s.ID}})
		res.Moved++
	}
	return res, nil
}

// mergedPhotoConsent is the changes to the two cards' photo_consent a
// merge makes. The duplicate's consents move to the survivor, so the
// survivor's card must say what the two people's consents say together
// (a withdrawal on the duplicate's wins over an earlier yes on the
// survivor's). Both cards are set, since the register reads them together
// (PhotosOK): a duplicate never asked must not hide the survivor's yes.
// Without the consent records, both cards say yes only if both did.
func mergedPhotoConsent(m Merge) []record.Change {
	cards := []Person{m.Survivor, m.Duplicate}
	if m.Consents != nil {
		return PhotoConsentCards(cards, m.Consents, m.Today)
	}
	var out []record.Change
	for _, p := range cards {
		after := p
		after.PhotoConsent = PhotosOK(cards)
		out = append(out, Changed(KindPerson, p.ID, p, after)...)
	}
	return out
}

func isMergeField(f string) bool {
	for _, m := range MergeFields {
		if m.Field == f {
			return true
		}
	}
	return false
}

func isRepointed(k record.Kind) bool {
	for _, r := range RepointedKinds {
		if r == k {
			return true
		}
	}
	return false
}

// ResolvePerson follows merged_into from id to the record that survived:
// mergedInto returns a person's merged_into ("" when none). It stops after
// maxMergeHops hops, returning the last id reached. On a cycle (two desks
// merged the same pair both ways while one was offline) it returns the
// cycle's survivor (CycleSurvivor), whichever member it starts from, so a
// device that holds the cycle for a moment resolves every member to the
// one person the server keeps.
func ResolvePerson(id string, mergedInto func(id string) string) string {
	var path [maxMergeHops]string // on the stack: resolving costs no allocation
	for n := range path {
		path[n] = id
		next := mergedInto(id)
		if next == "" {
			return id
		}
		if i := slices.Index(path[:n+1], next); i >= 0 {
			return CycleSurvivor(path[i : n+1])
		}
		id = next
	}
	return id
}

// maxMergeHops bounds how far ResolvePerson follows merges of merges.
const maxMergeHops = 16

// CycleSurvivor is the member of a cycle of merged_into that survives: the
// smallest id, a choice every device and server process makes alike from
// the ids alone. The server breaks a cycle by clearing its survivor's
// merged_into (sync/server, breakMergeCycles).
func CycleSurvivor(cycle []string) string { return slices.Min(cycle) }

// ResolveMarks gives every mark the id of the person who survived
// (resolve is a ResolvePerson), keeping one mark per session and person:
// the one PreferMark chooses. Marks keep their ids; only PersonID changes.
// Order is kept.
func ResolveMarks(marks []Attendance, resolve func(id string) string) []Attendance {
	type key struct{ session, person string }
	var roots []string // nil while every mark is its person's own
	for i, m := range marks {
		if root := resolve(m.PersonID); root != m.PersonID || roots != nil {
			if roots == nil {
				roots = make([]string, len(marks))
				for j := range i {
					roots[j] = marks[j].PersonID
				}
			}
			roots[i] = root
		}
	}
	if roots == nil {
		return marks // nobody merged: the common case costs no allocation
	}
	best := map[key]int{} // index into marks
	for i, m := range marks {
		k := key{m.SessionID, roots[i]}
		if j, ok := best[k]; !ok || PreferMark(m, marks[j], roots[i]) {
			best[k] = i
		}
	}
	out := make([]Attendance, 0, len(best))
	for i, m := range marks {
		root := roots[i]
		if best[key{m.SessionID, root}] != i {
			continue
		}
		m.PersonID = root
		out = append(out, m)
	}
	return out
}

// PreferMark reports whether mark a of one person in one session counts
// rather than mark b, both made under records of the person who survived as
// root: a person registered twice can be marked under each. A mark that
// says they came wins over apologies or absent (a walk-in ticked present
// while the register closed with "mark the rest absent" on their other
// record: they came), and either over a mark that was undone. Only between
// equals does the survivor's own mark win.
func PreferMark(a, b Attendance, root string) bool {
	if ra, rb := markWeight(a.Status), markWeight(b.Status); ra != rb {
		return ra > rb
	}
	return a.PersonID == root && b.PersonID != root
}

// markWeight orders statuses for PreferMark.
func markWeight(status string) int {
	switch {
	case Attended(status):
		return 2
	case status != "":
		return 1
	}
	return 0
}

// ResolveEnrolments gives every enrolment the id of the person who
// survived, keeping one per activity and person: from the earliest start,
// current when any of them is, else ended on the latest end. The one kept
// is the survivor's own when there is one. Order is kept.
func ResolveEnrolments(es []Enrolment, resolve func(id string) string) []Enrolment {
	merged := false
	for _, e := range es {
		if resolve(e.PersonID) != e.PersonID {
			merged = true
			break
		}
	}
	if !merged {
		return es // nobody merged: the common case costs no allocation
	}
	type key struct{ activity, person string }
	at := map[key]int{} // index into out
	out := make([]Enrolment, 0, len(es))
	for _, e := range es {
		root := resolve(e.PersonID)
		k := key{e.ActivityID, root}
		j, ok := at[k]
		if !ok {
			at[k] = len(out)
			e.PersonID = root
			out = append(out, e)
			continue
		}
		kept := out[j]
		if e.PersonID == root { // the survivor's own record carries the id
			kept.ID, kept.VenueID = e.ID, e.VenueID
		}
		if e.Started != "" && (kept.Started == "" || e.Started < kept.Started) {
			kept.Started = e.Started
		}
		switch {
		case e.Active() || kept.Active():
			kept.Ended = ""
			kept.Deleted = false
		case e.Ended > kept.Ended:
			kept.Ended = e.Ended
		}
		out[j] = kept
	}
	return out
}
