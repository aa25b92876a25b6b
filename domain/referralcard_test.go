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
		{"the same street said again is no move and keeps its postcode", Person{Address: " 9 mill  lane "}, known, nil, 0},
		{"the same street with a corrected postcode takes it", Person{Address: "9 Mill Lane", Postcode: "KV1 4RH"},
			Person{ID: "ann", Phone: "07700 900111", Email: "ann@example.org", Address: "9 Mill Lane", Postcode: "KV1 4RH",
				ContactPreferences: []string{"phone"}}, []string{"postcode"}, 0},
		{"the same street with its town keeps the postcode", Person{Address: "9 Mill Lane, Kirkby Vale"},
			Person{ID: "ann", Phone: "07700 900111", Email: "ann@example.org", Address: "9 Mill Lane, Kirkby Vale", Postcode: "KV1 4RG",
				ContactPreferences: []string{"phone"}}, nil, 0},
		{"another house on the street is a move", Person{Address: "19 Mill Lane"},
			Person{ID: "ann", Phone: "07700 900111", Email: "ann@example.org", Address: "19 Mill Lane",
				ContactPreferences: []string{"phone"}}, []string{"address"}, 0},
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

// TestReferralCardSameStreet: the street on file typed as reception hears
// it (without the town, in other case) is not a move: the postcode on file
// stays, and a postcode typed beside it corrects it. Postcodes are compared
// as kept, so "kv1 4rg" on file is the "KV1 4RG" typed.
func TestReferralCardSameStreet(t *testing.T) {
	known := Person{ID: "ann", Address: "9 Mill Lane, Kirkby Vale", Postcode: "kv1 4rg", ContactPreferences: []string{"letter"}}
	for _, c := range []struct {
		name           string
		typed          Person
		address, postc string
		replaced       []string
		unused         int
	}{
		{"street without its town", Person{Address: "9 MILL LANE", ContactPreferences: []string{"phone"}}, "9 Mill Lane, Kirkby Vale", "kv1 4rg", nil, 0},
		{"street with a corrected postcode", Person{Address: "9 Mill Lane", Postcode: "KV1 4RH"}, "9 Mill Lane, Kirkby Vale", "KV1 4RH", []string{"postcode"}, 0},
		{"street with the same postcode as kept", Person{Address: "9 Mill Lane", Postcode: "KV1 4RG"}, "9 Mill Lane, Kirkby Vale", "kv1 4rg", nil, 0},
		{"the same postcode alone", Person{Postcode: "KV1 4RG"}, "9 Mill Lane, Kirkby Vale", "kv1 4rg", nil, 0},
		{"another street", Person{Address: "9 Mill Lane North"}, "9 Mill Lane North", "", []string{"address"}, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, replaced, unused := ReferralCard(known, c.typed)
			if got.Address != c.address || got.Postcode != c.postc {
				t.Errorf("address %q postcode %q, want %q %q", got.Address, got.Postcode, c.address, c.postc)
			}
			if !slices.Equal(replaced, c.replaced) || len(unused) != c.unused {
				t.Errorf("replaced %q, unused %q", replaced, unused)
			}
		})
	}
}
