package protocol

import "testing"

func TestScopeCovers(t *testing.T) {
	org := Scope{Organisation: true}
	hall, garden := Scope{Venues: []string{"hall"}}, Scope{Venues: []string{"garden"}}
	both := Scope{Venues: []string{"garden", "hall"}}
	for _, tc := range []struct {
		name   string
		s, o   Scope
		covers bool
	}{
		{"the organisation covers a venue", org, hall, true},
		{"the organisation covers itself", org, org, true},
		{"a venue does not cover the organisation", hall, org, false},
		{"the same venue", hall, hall, true},
		{"another venue", garden, hall, false},
		{"more venues", both, hall, true},
		{"fewer venues", hall, both, false},
		{"anything covers no enrolment yet", hall, Scope{}, true},
		{"no scope covers no venue", Scope{}, hall, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.s.Covers(tc.o); got != tc.covers {
				t.Errorf("%v covers %v: %v, want %v", tc.s, tc.o, got, tc.covers)
			}
		})
	}
}
