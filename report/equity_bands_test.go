package report

import (
	"fmt"
	"testing"

	"github.com/gather-sp/gather/domain"
)

// TestEquityListsEveryBand: every age band is listed, from under 18, with
// 0 where nobody is in it, and so is not recorded in every breakdown, as
// the page says it is its own group; the zeros are shown, not hidden.
func TestEquityListsEveryBand(t *testing.T) {
	var ds Dataset
	for i := range 6 {
		id := fmt.Sprintf("p%d", i)
		ds.People = append(ds.People, domain.Person{ID: id, GivenName: id, DateOfBirth: "1966-01-01", Gender: "Female", Ethnicity: "White British"})
		ds.Referrals = append(ds.Referrals, domain.Referral{ID: "r" + id, PersonID: id, Received: "2026-03-10", Status: "received"})
	}
	r, err := Build(&ds, Options{From: "2026-03-01", To: "2026-03-31", Today: "2026-04-01"})
	if err != nil {
		t.Fatal(err)
	}
	var groups = map[string][]string{}
	for _, e := range r.Equity {
		groups[e.Dimension] = append(groups[e.Dimension], e.Group)
		if e.Group != "55-64" && e.Group != "Female" && e.Group != "White British" {
			if e.People.String() != "0" || e.Referrals.String() != "0" {
				t.Errorf("%s %s: %s people, %s referrals, want 0 and 0", e.Dimension, e.Group, e.People, e.Referrals)
			}
		}
	}
	if got := fmt.Sprint(groups["Age band"]); got != fmt.Sprint(AgeBands) {
		t.Errorf("age bands listed: %s, want %s", got, fmt.Sprint(AgeBands))
	}
	for _, dim := range []string{"Gender", "Ethnicity"} {
		if g := groups[dim]; len(g) == 0 || g[len(g)-1] != notRecorded {
			t.Errorf("%s lists %v, without %q", dim, g, notRecorded)
		}
	}
}
