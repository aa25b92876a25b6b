package register

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

// TestRegisterFindsOnlyTheVenuesPeopleForVenueRoles: on an organisation
// device, which holds everyone, the register's search for people not on it
// finds, for a volunteer or facilitator, only the people of the register's
// venue (enrolled on one of its activities), as a venue tablet would hold:
// not someone with only a referral, nor someone who goes to another venue.
// The walk-in duplicate check asks about the same people. A link worker
// still finds anyone.
func TestRegisterFindsOnlyTheVenuesPeopleForVenueRoles(t *testing.T) {
	for _, tc := range []struct {
		role string
		want []string
	}{
		{domain.RoleVolunteer, []string{"t-venue"}},
		{domain.RoleFacilitator, []string{"t-venue"}},
		{domain.RoleLinkWorker, []string{"t-elsewhere", "t-referred", "t-venue"}},
	} {
		t.Run(tc.role, func(t *testing.T) {
			h := newHarness(t, true, desktopSize)
			h.signIn(tc.role)
			r := h.openRegister(garden)
			seedRowenas(t, h, r.info.Session.VenueID)
			r.Refresh()

			r.search.SetText("Rowena")
			var found []string
			for _, row := range r.rows {
				if row.Other {
					found = append(found, row.Person.ID)
				}
			}
			slices.Sort(found)
			if strings.Join(found, ",") != strings.Join(tc.want, ",") {
				t.Errorf("a %s searching the register finds %v, want %v", tc.role, found, tc.want)
			}
			r.search.SetText("")

			for _, id := range []string{"t-referred", "t-venue"} {
				p, _ := h.st.View().Person(id)
				test.Tap(r.walkInBtn)
				w := r.walkIn
				test.Type(w.given, p.GivenName)
				test.Type(w.family, p.FamilyName)
				test.Tap(w.addBtn) // asks about duplicates, or adds them when there are none
				asked := slices.ContainsFunc(w.dups, func(d domain.Duplicate) bool { return d.Person.ID == id })
				if asked != slices.Contains(tc.want, id) {
					t.Errorf("a %s adding a walk-in called %s is asked about %s: %v", tc.role, p.FullName(), id, asked)
				}
				w.d.Hide()
				r.walkIn = nil
			}
		})
	}
}

// seedRowenas adds three people called Rowena, none on the garden
// register: one enrolled on another activity at venue, one enrolled at
// another venue, one with only a referral.
func seedRowenas(t *testing.T, h *harness, venue string) {
	t.Helper()
	act := func(id, venueID string) record.Change {
		return domain.Create(domain.KindActivity, id, domain.Activity{Name: "Test " + id, VenueID: venueID})
	}
	enrol := func(activity, person, venueID string) record.Change {
		id := domain.EnrolmentID(activity, person)
		return domain.Create(domain.KindEnrolment, id, domain.Enrolment{ActivityID: activity, PersonID: person,
			VenueID: venueID, Started: "2026-01-01"})
	}
	person := func(id, family string) record.Change {
		return domain.Create(domain.KindPerson, id, domain.Person{GivenName: "Rowena", FamilyName: family})
	}
	if err := h.st.Save("test",
		act("t-act-here", venue), act("t-act-far", "t-venue-far"),
		person("t-venue", "Here"), enrol("t-act-here", "t-venue", venue),
		person("t-elsewhere", "Far"), enrol("t-act-far", "t-elsewhere", "t-venue-far"),
		person("t-referred", "Referred"),
		domain.Create(domain.KindReferral, "t-ref", domain.Referral{PersonID: "t-referred", Source: "gp"}),
	); err != nil {
		t.Fatal(err)
	}
}
