package domain

import (
	"errors"
	"testing"
)

// TestFirstAgreedContact: each way agreed to maps to a contact method
// there is; someone who agreed only to letters starts on a letter, never
// a phone call; someone who agreed to none starts on nothing.
func TestFirstAgreedContact(t *testing.T) {
	for _, way := range ContactWays {
		if m := ContactMethodFor(way); CheckContactMethod(m) != nil {
			t.Errorf("way %q maps to %q, not a contact method", way, m)
		}
	}
	p := Person{ID: "p", ContactPreferences: []string{"letter"}, Address: "1 Mill Lane", Postcode: "RV1 2AB", Phone: "07700 900111"}
	cs := []Consent{{PersonID: "p", Purpose: "contact by post", Given: "2026-03-01"}}
	if way, method := FirstAgreedContact(p, cs, "2026-03-18"); way != "letter" || method != "letter" {
		t.Errorf("letter only: %q, %q, want letter, letter", way, method)
	}
	if got := ContactDetailWords(p, "letter"); got != "Address: 1 Mill Lane, RV1 2AB" {
		t.Errorf("letter detail %q", got)
	}
	if way, method := FirstAgreedContact(p, nil, "2026-03-18"); way != "" || method != "" {
		t.Errorf("no consent: %q, %q, want nothing", way, method)
	}
	if !errors.Is(CheckContactMethod(""), ErrContactMethodUnchosen) {
		t.Error("no method is not refused")
	}
}

// TestContactWayOf: each way's method leads back to the way, and a method
// needing no consent to none.
func TestContactWayOf(t *testing.T) {
	for _, w := range ContactWays {
		if got := ContactWayOf(ContactMethodFor(w)); got != w {
			t.Errorf("ContactWayOf(%q) = %q, want %q", ContactMethodFor(w), got, w)
		}
	}
	for _, m := range []string{"in person", "printed information given", ""} {
		if got := ContactWayOf(m); got != "" {
			t.Errorf("ContactWayOf(%q) = %q, want none", m, got)
		}
	}
}
