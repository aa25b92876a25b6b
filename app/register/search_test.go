package register

import (
	"sort"
	"strings"
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

// The register's own list finds O'Brien and Zoë however their names are
// typed (issue 12): the same folding as Find a person and the duplicate
// check.
func TestRegisterSearchFoldsNames(t *testing.T) {
	h := newHarness(t, true, desktopSize)
	h.signIn(domain.RoleFacilitator)
	r := h.openRegister(garden)
	venue := r.info.Session.VenueID
	var changes []record.Change
	for _, p := range []domain.Person{
		{ID: "t-obrien", GivenName: "Siobhán", FamilyName: "O'Brien"},
		{ID: "t-curly", GivenName: "Kate", FamilyName: "O’Neill"},
		{ID: "t-spaced", GivenName: "Dara", FamilyName: "O Brien"},
		{ID: "t-zoe", GivenName: "Zoë", FamilyName: "Quartermaine"},
	} {
		e := domain.Enrolment{ID: domain.EnrolmentID(garden, p.ID), ActivityID: garden, PersonID: p.ID,
			VenueID: venue, Started: "2026-01-01"}
		changes = append(changes, record.Change{Kind: domain.KindPerson, ID: p.ID, Fields: domain.Encode(p)},
			record.Change{Kind: domain.KindEnrolment, ID: e.ID, Fields: domain.Encode(e)})
	}
	if err := h.st.Save("test", changes...); err != nil {
		t.Fatal(err)
	}
	r.Refresh()
	for _, tc := range []struct {
		query string
		want  []string // of the people above, the ones on the register's own rows
	}{
		{"obrien", []string{"t-obrien", "t-spaced"}},
		{"O’Brien", []string{"t-obrien", "t-spaced"}},
		{"o brien", []string{"t-obrien", "t-spaced"}},
		{"O'Brien", []string{"t-obrien", "t-spaced"}},
		{"siobhan o’b", []string{"t-obrien"}},
		{"o'neill", []string{"t-curly"}},
		{"o neill", []string{"t-curly"}},
		{"zoe", []string{"t-zoe"}},
		{"ZOË Q", []string{"t-zoe"}},
		{"obrian", nil},
	} {
		t.Run(tc.query, func(t *testing.T) {
			r.search.SetText(tc.query)
			var got []string
			for _, row := range r.rows {
				if strings.HasPrefix(row.Person.ID, "t-") {
					if row.Other {
						t.Errorf("%s is on the register but shown as someone elsewhere", row.Person.ID)
					}
					got = append(got, row.Person.ID)
				}
			}
			sort.Strings(got)
			if strings.Join(got, ",") != strings.Join(tc.want, ",") {
				t.Fatalf("%q shows %v, want %v", tc.query, got, tc.want)
			}
		})
	}
	r.search.SetText("")
}
