package app

import (
	"strings"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/storage"
)

// firstSessions finds who on a register comes for the first time, with
// the welcome the link worker wrote for the venue at matching (on their
// enrolment: register data, so a venue's tablet has it): person id ->
// {"First time here", "met by Bev at the gate", "coming with a friend"}.
func firstSessions(v *storage.View, si sessionInfo) map[string][]string {
	out := map[string][]string{}
	if len(si.Expected) == 0 {
		return out
	}
	enrolled := map[string]domain.Enrolment{}
	for _, e := range v.Enrolments(si.Activity.ID) {
		if !e.Deleted {
			enrolled[e.PersonID] = e
		}
	}
	for _, id := range si.Expected {
		if domain.FirstSession(v.PersonAttendance(id), si.Activity.ID, si.Session.Date) {
			out[id] = domain.WelcomeParts(enrolled[id])
		}
	}
	return out
}

// welcomeAndAccess is a register row's highlighted line: "First time
// here" when it is, the access need, the rest of the welcome, then the
// row's other details; the most needed first, as a narrow row cuts the end.
func welcomeAndAccess(welcome []string, accessNeeds, detail string) string {
	var parts []string
	if len(welcome) > 0 {
		parts = append(parts, "★ "+welcome[0])
	}
	if accessNeeds != "" {
		parts = append(parts, "♿ "+accessNeeds)
	}
	if len(welcome) > 1 {
		parts = append(parts, welcome[1:]...)
	}
	if detail != "" {
		parts = append(parts, detail)
	}
	return strings.Join(parts, " · ")
}
