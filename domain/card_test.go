package domain

import (
	"strings"
	"testing"
)

// TestCheckCardHoldsTheServersBudget: the forms (Edit details, a walk-in)
// take a card up to MaxCardBytes of text, which the server always accepts,
// and say in words when one is longer, which it refuses.
func TestCheckCardHoldsTheServersBudget(t *testing.T) {
	for _, tc := range []struct {
		name   string
		access int
		ok     bool
	}{
		{"short", 20, true},
		{"the whole budget", MaxCardBytes - len("Ann") - len("Lee"), true},
		{"one byte past it", MaxCardBytes - len("Ann") - len("Lee") + 1, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := Person{GivenName: "Ann", FamilyName: "Lee", AccessNeeds: strings.Repeat("a", tc.access)}
			err := CheckCard(p)
			if (err == nil) != tc.ok || (err != nil && !strings.Contains(err.Error(), "KiB")) {
				t.Errorf("CheckCard = %v", err)
			}
			if werr := CheckWalkIn(p, "2026-11-20"); (werr == nil) != tc.ok {
				t.Errorf("CheckWalkIn = %v", werr)
			}
		})
	}
}
