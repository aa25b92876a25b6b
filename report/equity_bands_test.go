package report

import (
	"fmt"
	"strings"
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

// TestEquitySharesAndCharts: each group's share is of its breakdown's
// whole, hidden with its count; each breakdown has a chart of people
// attending and one of referrals received listing every group, written as
// the table the PDF and screen show writes it (CountAndShare).
func TestEquitySharesAndCharts(t *testing.T) {
	r := build(t, Options{})
	whole := map[string][2]int{}
	for _, e := range r.Equity {
		w := whole[e.Dimension]
		whole[e.Dimension] = [2]int{w[0] + e.People.N, w[1] + e.Referrals.N}
	}
	for _, e := range r.Equity {
		for _, x := range []struct {
			what  string
			c     Count
			share Stat
			whole int
		}{{"people", e.People, e.PeopleShare, whole[e.Dimension][0]}, {"referrals", e.Referrals, e.ReferralsShare, whole[e.Dimension][1]}} {
			if x.c.Hidden && !x.share.Hidden {
				t.Errorf("%s %s: %s hidden, share shown", e.Dimension, e.Group, x.what)
			}
			if x.whole > 0 && !x.share.Hidden && x.share.Value != float64(x.c.N)/float64(x.whole) {
				t.Errorf("%s %s: %s share %v, want %d of %d", e.Dimension, e.Group, x.what, x.share.Value, x.c.N, x.whole)
			}
		}
	}
	charts := map[string]Chart{}
	for _, c := range r.Charts() {
		charts[c.Name] = c
	}
	shown := r.EquityShown()
	for _, dim := range []string{"Age band", "Gender", "Ethnicity"} {
		slug := strings.ReplaceAll(strings.ToLower(dim), " ", "_")
		for col, name := range map[int]string{2: "equity_people_" + slug, 4: "equity_referrals_" + slug} {
			c, ok := charts[name]
			if !ok {
				t.Errorf("no chart %s", name)
				continue
			}
			var want, got []string
			for _, row := range shown.Rows {
				if row[0] == dim {
					want = append(want, row[1]+": "+row[col])
				}
			}
			for i, l := range c.Labels {
				got = append(got, l+": "+c.Series[0].ValueText(i, func(float64) string { return "a bare number" }))
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("%s writes %q, the table %q", name, got, want)
			}
		}
	}
}

func TestCountAndShare(t *testing.T) {
	for _, tc := range []struct {
		name  string
		c     Count
		share Stat
		want  string
	}{
		{"a count and its share", Count{N: 9}, Stat{Value: 0.2, N: 45}, "9 · 20%"},
		{"a nought of a whole", Count{N: 0}, Stat{Value: 0, N: 45}, "0 · 0%"},
		{"nothing in the whole", Count{N: 0}, Stat{}, "0"},
		{"the count hidden", Count{N: 3, Hidden: true}, Stat{Value: 0.1, N: 30, Hidden: true}, Suppressed},
		{"the whole hidden", Count{N: 7}, Stat{Value: 0.9, N: 8, Hidden: true}, Suppressed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := CountAndShare(tc.c, tc.share); got != tc.want {
				t.Errorf("CountAndShare = %q, want %q", got, tc.want)
			}
		})
	}
}
