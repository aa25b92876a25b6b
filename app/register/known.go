package register

import (
	"slices"
	"sort"

	"github.com/gather-sp/gather/access"
	"github.com/gather-sp/gather/app/shell"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/storage"
)

// Who a register may find beyond its own list. Link workers and
// administrators find anyone (access.ActionFindPerson). A volunteer or
// facilitator finds only the people of this register's venue: those
// enrolled on one of its activities (every walk-in is enrolled), which is
// what a venue tablet holds (the person card reaches the venues where the
// person is enrolled or attended). On an organisation device they would
// otherwise find anyone, such as someone with only a referral.

// venuePeople is the people a role that may not find everyone may find
// from a register at venueID; nil for a role that may find everyone.
func venuePeople(v *storage.View, role, venueID string) map[string]bool {
	if access.CanDo(role, access.ActionFindPerson) {
		return nil
	}
	reach := map[string]bool{}
	for _, act := range v.By(domain.KindActivity, "venue_id", venueID) {
		for _, e := range v.Enrolments(act.ID) {
			if !e.Deleted {
				reach[e.PersonID] = true
			}
		}
	}
	return reach
}

// othersNamed is up to limit people not necessarily on this register whom
// the query finds by name and the staff member may find (r.reach).
func (r *Register) othersNamed(q string, limit int) []domain.Person {
	v := r.sh.View()
	if r.reach == nil {
		return v.SearchPeople(q, limit)
	}
	words := domain.QueryWords(q)
	var out []domain.Person
	for id := range r.reach {
		p, ok := v.Person(id)
		if ok && domain.NameMatches(words, domain.NameKeys(p.GivenName, p.FamilyName, p.PreferredName)) {
			out = append(out, p)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := domain.Fold(out[i].DisplayName()), domain.Fold(out[j].DisplayName())
		return a < b || a == b && out[i].ID < out[j].ID
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out
}

// knownPeople is everyone a walk-in may already be, as the staff member
// taking the register may see them (access.RedactPerson), among those they
// may find (r.reach). A volunteer or facilitator sees names only, so
// domain.FindDuplicates matches them on names alone: the "Already known?"
// question never shows them someone's date of birth, nor says that a phone
// number or date of birth they typed is someone's. Roles that see case
// data match on everything.
func (r *Register) knownPeople() []domain.Person {
	role := r.sh.Staff().Role
	var people []domain.Person
	for _, row := range r.sh.View().All(domain.KindPerson) {
		if r.reach != nil && !r.reach[row.ID] {
			continue
		}
		var p domain.Person
		row.Decode(&p)
		people = append(people, access.RedactPerson(role, p))
	}
	return people
}

// clues are what the facilitator can check with a walk-in who may be
// personID (domain.RegisterClues): where they are enrolled and when they
// last came, from register data, at the venues the role may see on a
// person's card (shell.PersonRegisterScope): what someone goes to
// elsewhere (money advice) is not told at this door, and a volunteer is
// told none of it.
func (r *Register) clues(personID string) []string {
	scope := shell.PersonRegisterScope(r.sh)
	if scope.None() {
		return nil
	}
	v := r.sh.View()
	// name names an activity the role may see here (where it meets now, as
	// access.VenueScope.IncludesActivity says), "" for any other.
	name := func(id string) string {
		if row, ok := v.Get(domain.KindActivity, id); ok && scope.Includes(row.Get("venue_id")) {
			return row.Get("name")
		}
		return ""
	}
	var enrolled []string
	for _, row := range v.By(domain.KindEnrolment, "person_id", personID) {
		var e domain.Enrolment
		row.Decode(&e)
		if n := name(e.ActivityID); n != "" && !e.Deleted && e.Ended == "" && !slices.Contains(enrolled, n) {
			enrolled = append(enrolled, n)
		}
	}
	sort.Strings(enrolled)
	var marks []domain.Attendance
	for _, m := range v.PersonAttendance(personID) {
		if scope.IncludesMark(m) {
			marks = append(marks, m)
		}
	}
	return domain.RegisterClues(enrolled, marks, name)
}
