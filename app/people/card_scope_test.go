package people

import (
	"strings"
	"testing"

	"github.com/gather-sp/gather/app/shell"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/storage"
)

// personAtTwoVenues is the demo person enrolled on activities at the most
// venues (at least two), with the names of those activities by venue.
func personAtTwoVenues(t *testing.T, v *storage.View) (id string, acts map[string][]string) {
	t.Helper()
	by := map[string]map[string][]string{}
	for _, row := range v.All(domain.KindEnrolment) {
		var e domain.Enrolment
		row.Decode(&e)
		ar, ok := v.Get(domain.KindActivity, e.ActivityID)
		if !ok || !e.Active() {
			continue
		}
		var a domain.Activity
		ar.Decode(&a)
		if by[e.PersonID] == nil {
			by[e.PersonID] = map[string][]string{}
		}
		by[e.PersonID][a.VenueID] = append(by[e.PersonID][a.VenueID], a.Name)
	}
	for pid, m := range by {
		if len(m) > len(acts) || len(m) == len(acts) && pid < id {
			id, acts = pid, m
		}
	}
	if len(acts) < 2 {
		t.Fatal("nobody in the demo goes to activities at two venues")
	}
	return id, acts
}

// TestCardShowsActivitiesOnlyToThoseWhoMay: what a person goes to says
// something of their circumstances (money advice), so the card lists their
// activities and attendance only at the venues the role may see
// (access.PersonRegisterScope): a volunteer sees names, access needs and the
// emergency contact, never their activities or history, whether or not the
// device has venues ticked; a facilitator sees the device's venues only, or
// on a device serving all of them every venue (this facilitator works at
// every venue: the demo's own work at some, so theirs are cleared here;
// access.TestPersonRegisterScope has the venues where one works); the case
// roles see everything.
func TestCardShowsActivitiesOnlyToThoseWhoMay(t *testing.T) {
	cases := []struct {
		role      string
		tickHere  bool // the device serves one venue of theirs
		seesHere  bool
		seesThere bool
		tablet    bool // the device is a tablet enrolled for that venue, none ticked
	}{
		{domain.RoleVolunteer, false, false, false, false},
		{domain.RoleVolunteer, true, false, false, false},
		{domain.RoleFacilitator, false, true, true, false}, // works at every venue, on a device serving all
		{domain.RoleFacilitator, true, true, false, false},
		{domain.RoleFacilitator, false, true, false, true},
		{domain.RoleVolunteer, false, false, false, true},
		{domain.RoleReception, false, true, true, false},
		{domain.RoleLinkWorker, false, true, true, false},
		{domain.RoleAdministrator, false, true, true, false},
	}
	for _, c := range cases {
		name := c.role
		if c.tickHere {
			name += " one venue ticked"
		}
		if c.tablet {
			name += " venue tablet"
		}
		t.Run(name, func(t *testing.T) {
			h := newHarness(t, true, portraitSize)
			h.signIn(c.role)
			h.sh.Who.Venues = nil // works at every venue
			id, acts := personAtTwoVenues(t, h.st.View())
			var here, there string
			for venue := range acts {
				if here == "" || venue < here {
					here = venue
				}
			}
			for venue := range acts {
				if venue != here && (there == "" || venue < there) {
					there = venue
				}
			}
			if c.tablet {
				h.sh.SetVenueDevice(here)
			}
			if c.tickHere {
				h.sh.SetMeta(map[string]string{shell.MetaVenues: `["` + here + `"]`})
			}
			ps := NewCard(h.sh, id)
			h.sh.Push(ps)
			ps.Refresh()
			shown := ""
			if ps.actsPanel.Visible() {
				shown += texts(ps.acts)
			}
			if ps.histPanel.Visible() {
				shown += "\n" + texts(ps.history)
			}
			for venue, want := range map[string]bool{here: c.seesHere, there: c.seesThere} {
				for _, a := range acts[venue] {
					if got := strings.Contains(shown, a); got != want {
						t.Errorf("%s sees %q (at %s) = %v, want %v; the card shows:\n%s", c.role, a, venue, got, want, shown)
					}
				}
			}
			if !c.seesHere && !c.seesThere {
				if ps.actsPanel.Visible() || ps.histPanel.Visible() {
					t.Errorf("%s is shown the activities or attendance panel:\n%s", c.role, shown)
				}
				if len(ps.printBtns) > 0 {
					t.Errorf("%s is offered %d info sheets", c.role, len(ps.printBtns))
				}
			}
			if got := texts(ps.content); !strings.Contains(got, "Emergency contact") || !strings.Contains(got, "Access needs") {
				t.Errorf("%s's card lacks the access needs or emergency contact:\n%s", c.role, got)
			}
		})
	}
}
