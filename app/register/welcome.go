package register

import (
	"strings"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/storage"
)

// firstSessions finds who on a register comes for the first time, with
// the welcome the link worker wrote for the venue at matching (on their
// enrolment: register data, so a venue's tablet has it): person id ->
// {"First time here", "met by Bev at the gate", "coming with a friend"}.
func firstSessions(v *storage.View, si storage.SessionInfo) map[string][]string {
	var c firstCache
	return c.firstSessions(v, si)
}

// firstCache keeps who on a register has come before: marks before the
// session's date do not change while it is being taken, and reading every
// person's history after each tap would slow marking down. It is worked
// out again when the session or the people expected change.
type firstCache struct {
	key   string
	first map[string]bool
}

func (c *firstCache) firstSessions(v *storage.View, si storage.SessionInfo) map[string][]string {
	out := map[string][]string{}
	if len(si.Expected) == 0 {
		return out
	}
	if key := si.Session.ID + "|" + si.Session.Date + "|" + strings.Join(si.Expected, ","); key != c.key {
		c.key, c.first = key, map[string]bool{}
		for _, id := range si.Expected {
			if domain.FirstSession(v.PersonAttendance(id), si.Activity.ID, si.Session.Date) {
				c.first[id] = true
			}
		}
	}
	if len(c.first) == 0 {
		return out
	}
	enrolled := map[string]domain.Enrolment{}
	for _, e := range v.Enrolments(si.Activity.ID) {
		if !e.Deleted {
			enrolled[e.PersonID] = e
		}
	}
	for id := range c.first {
		out[id] = domain.WelcomeParts(enrolled[id])
	}
	return out
}

// welcomeAndAccess is a register row's highlighted line: "First time
// here" when it is, the access need, then the rest of the welcome; the
// most needed first. The row's other details (walk-in, who came with
// them, the mark's note) are not among them: they are in the row's plain
// detail style, never read as safety information.
func welcomeAndAccess(welcome []string, accessNeeds string) string {
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
	return strings.Join(parts, " · ")
}
