package domain

import (
	"reflect"
	"slices"
	"testing"
)

// TestReferralCard: a referral for someone known fills in what is not
// known, takes a newer way to reach them, keeps what is on file when
// nothing is typed, and adds the ways ticked to theirs.
func TestReferralCard(t *testing.T) {
	known := Person{ID: "ann", Phone: "07700 900111", Email: "ann@example.org", Address: "9 Mill Lane", Postcode: "KV1 4RG",
		ContactPreferences: []string{"phone"}}
	for _, c := range []struct {
		name     string
		typed    Person
		want     Person
		replaced []string
		unused   int
	}{
		{"nothing typed keeps what is on file", Person{ContactPreferences: []string{"email", "letter"}},
			Person{ID: "ann", Phone: "07700 900111", Email: "ann@example.org", Address: "9 Mill Lane", Postcode: "KV1 4RG",
				ContactPreferences: []string{"phone", "email", "letter"}}, nil, 0},
		{"a new email replaces the old", Person{Email: "new@example.org"},
			Person{ID: "ann", Phone: "07700 900111", Email: "new@example.org", Address: "9 Mill Lane", Postcode: "KV1 4RG",
				ContactPreferences: []string{"phone"}}, []string{"email"}, 0},
		{"a new street drops the old postcode", Person{Address: "4 Orchard Close"},
			Person{ID: "ann", Phone: "07700 900111", Email: "ann@example.org", Address: "4 Orchard Close",
				ContactPreferences: []string{"phone"}}, []string{"address"}, 0},
		{"a postcode alone that differs is not used", Person{Postcode: "KV3 9ZZ"}, known, nil, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, replaced, unused := ReferralCard(known, c.typed)
			if !slices.Equal(got.ContactPreferences, c.want.ContactPreferences) {
				t.Errorf("ways %q, want %q", got.ContactPreferences, c.want.ContactPreferences)
			}
			got.ContactPreferences, c.want.ContactPreferences = nil, nil
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("card %+v, want %+v", got, c.want)
			}
			if !slices.Equal(replaced, c.replaced) || len(unused) != c.unused {
				t.Errorf("replaced %q, unused %q", replaced, unused)
			}
		})
	}
	if len(known.ContactPreferences) != 1 {
		t.Error("the card on file was changed in place")
	}
}
