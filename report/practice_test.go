package report

import (
	"testing"

	"github.com/gather-sp/gather/domain"
)

// TestPracticeTypedTwoWaysCountsOnce: referrals from "Riverside Medical
// Centre" and "riverside surgery" count as the one practice on the list,
// and --practice finds it by either name.
func TestPracticeTypedTwoWaysCountsOnce(t *testing.T) {
	ds := fixture()
	ds.Practices = []domain.Practice{{ID: "pr1", Name: "Riverside Surgery", OtherNames: []string{"Riverside Medical Centre"}}}
	n := 0
	for i := range ds.Referrals {
		switch n % 2 {
		case 0:
			ds.Referrals[i].Practice = "Riverside Medical Centre"
		default:
			ds.Referrals[i].Practice = "riverside surgery"
		}
		n++
	}
	ds.NamePractices()
	r, err := Build(ds, Options{From: fixFrom, To: fixTo, Today: fixToday})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, g := range r.Referrals.ByPractice {
		names = append(names, g.Name)
	}
	if len(names) != 1 || names[0] != "Riverside Surgery" {
		t.Errorf("referrals by practice: %v, want the one practice Riverside Surgery", names)
	}
	scoped, err := Build(ds, Options{From: fixFrom, To: fixTo, Today: fixToday, Practice: "Riverside Medical Centre"})
	if err != nil {
		t.Fatal(err)
	}
	if err := scoped.Options.CheckFilters(ds); err != nil || scoped.Options.Practice != "Riverside Surgery" {
		t.Errorf("--practice by its other name: %v, scoped to %q", err, scoped.Options.Practice)
	}
}
