package domain

import (
	"slices"
	"testing"
)

func TestMergeDisagreements(t *testing.T) {
	base := Person{GivenName: "Margaret", FamilyName: "Okafor", DateOfBirth: "1950-07-10",
		NHSNumber: "943 476 5919", Postcode: "KV1 4RG"}
	with := func(f func(*Person)) Person { p := base; f(&p); return p }
	for _, c := range []struct {
		name string
		a, b Person
		want []string
	}{
		{"the same person written twice", base, base, nil},
		{"a detail only one has", base, with(func(p *Person) { p.DateOfBirth, p.NHSNumber, p.Postcode = "", "", "" }), nil},
		{"dates of birth", base, with(func(p *Person) { p.DateOfBirth = "1950-10-07" }),
			[]string{"Different dates of birth: 10/07/1950 and 07/10/1950."}},
		{"first names", base, with(func(p *Person) { p.GivenName = "Joan" }),
			[]string{"Different first names: Margaret and Joan."}},
		{"a first name within a typo", base, with(func(p *Person) { p.GivenName = "Margret" }), nil},
		{"a short form of the first name", base, with(func(p *Person) { p.GivenName = "Marg" }), nil},
		{"the name one goes by", base, with(func(p *Person) { p.GivenName, p.PreferredName = "Peggy", "Margaret" }), nil},
		{"first names and the name one goes by", base, with(func(p *Person) { p.GivenName, p.PreferredName = "Joan", "Jo" }),
			[]string{"Different first names: Margaret and Joan (known as Jo)."}},
		{"family names", base, with(func(p *Person) { p.FamilyName = "Nowak" }),
			[]string{"Different family names: Okafor and Nowak."}},
		{"a family name within a typo", base, with(func(p *Person) { p.FamilyName = "Okafur" }), nil},
		{"NHS numbers", base, with(func(p *Person) { p.NHSNumber = "401 023 2137" }),
			[]string{"Different NHS numbers: 943 476 5919 and 401 023 2137."}},
		{"an NHS number spaced otherwise", base, with(func(p *Person) { p.NHSNumber = "9434765919" }), nil},
		{"postcodes", base, with(func(p *Person) { p.Postcode = "KV2 9XX" }),
			[]string{"Different postcodes: KV1 4RG and KV2 9XX."}},
		{"a postcode written otherwise", base, with(func(p *Person) { p.Postcode = "kv14rg" }), nil},
		{"several, in a fixed order", base, with(func(p *Person) { p.GivenName, p.DateOfBirth, p.Postcode = "Joan", "1961-01-01", "KV2 9XX" }),
			[]string{"Different dates of birth: 10/07/1950 and 01/01/1961.", "Different first names: Margaret and Joan.",
				"Different postcodes: KV1 4RG and KV2 9XX."}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := MergeDisagreements(c.a, c.b)
			if !slices.Equal(got, c.want) {
				t.Errorf("MergeDisagreements = %q, want %q", got, c.want)
			}
			if back := MergeDisagreements(c.b, c.a); len(back) != len(got) {
				t.Errorf("the other way round gives %q, want as many as %q", back, got)
			}
		})
	}
}
