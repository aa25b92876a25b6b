package register

import (
	"strings"
	"testing"

	"github.com/gather-sp/gather/app/shell"
	"github.com/gather-sp/gather/domain"
)

// TestWalkInCluesOnlyWhereTheRoleMaySee: the "Already known?" clues
// (enrolled in, last came) name a person's activities only at the venues
// the role may see on a person's card (access.PersonRegisterScope): a
// volunteer none, a facilitator on a device serving one venue that venue's
// only. What someone goes to elsewhere (money advice) is not shown at the
// door of the garden group.
func TestWalkInCluesOnlyWhereTheRoleMaySee(t *testing.T) {
	for _, c := range []struct {
		role      string
		tick      bool // the device serves the garden's venue only
		seesHere  bool
		seesThere bool
	}{
		{domain.RoleVolunteer, false, false, false},
		{domain.RoleFacilitator, true, true, false},
		{domain.RoleLinkWorker, false, true, true},
	} {
		name := c.role
		if c.tick {
			name += " one venue ticked"
		}
		t.Run(name, func(t *testing.T) {
			h := newHarness(t, true, desktopSize)
			v := h.st.View()
			ga, _ := v.Get(domain.KindActivity, garden)
			here := ga.Get("venue_id")
			// Someone enrolled at the garden's venue and at another.
			acts := map[string]map[string][]string{} // person, venue, activity names
			for _, row := range v.All(domain.KindEnrolment) {
				var e domain.Enrolment
				row.Decode(&e)
				ar, ok := v.Get(domain.KindActivity, e.ActivityID)
				if !ok || !e.Active() {
					continue
				}
				if acts[e.PersonID] == nil {
					acts[e.PersonID] = map[string][]string{}
				}
				acts[e.PersonID][ar.Get("venue_id")] = append(acts[e.PersonID][ar.Get("venue_id")], ar.Get("name"))
			}
			var id, there string
			for pid, m := range acts {
				if len(m[here]) == 0 || id != "" && pid > id {
					continue
				}
				for venue := range m {
					if venue != here {
						id, there = pid, venue
					}
				}
			}
			if id == "" {
				t.Fatal("nobody in the demo goes to the garden's venue and another")
			}
			if c.tick {
				h.sh.SetMeta(map[string]string{shell.MetaVenues: `["` + here + `"]`})
			}
			h.signIn(c.role)
			r := h.openRegister(garden)
			clues := strings.Join(r.clues(id), " · ")
			for venue, want := range map[string]bool{here: c.seesHere, there: c.seesThere} {
				for _, a := range acts[id][venue] {
					if got := strings.Contains(clues, a); got != want {
						t.Errorf("%s is told of %q (at %s) = %v, want %v; the clues: %q", c.role, a, venue, got, want, clues)
					}
				}
			}
		})
	}
}
