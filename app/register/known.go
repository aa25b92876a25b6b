package register

import (
	"github.com/gather-sp/gather/access"
	"github.com/gather-sp/gather/domain"
)

// knownPeople is everyone a walk-in may already be, as the staff member
// taking the register may see them (access.RedactPerson). A volunteer or
// facilitator sees names only, so domain.FindDuplicates matches them on
// names alone: the "Already known?" question never shows them someone's
// date of birth, nor says that a phone number or date of birth they typed
// is someone's. Roles that see case data match on everything.
func (r *Register) knownPeople() []domain.Person {
	role := r.sh.Staff().Role
	var people []domain.Person
	for _, row := range r.sh.View().All(domain.KindPerson) {
		var p domain.Person
		row.Decode(&p)
		people = append(people, access.RedactPerson(role, p))
	}
	return people
}
