package domain

import (
	"slices"
	"testing"
)

func TestConsentGiven(t *testing.T) {
	const today = "2026-03-18"
	phone := func(given, withdrawn string) Consent {
		return Consent{PersonID: "p1", Purpose: "contact by phone", Given: given, Withdrawn: withdrawn}
	}
	for _, c := range []struct {
		name string
		cs   []Consent
		want bool
	}{
		{"none recorded", nil, false},
		{"given", []Consent{phone("2026-01-05", "")}, true},
		{"another purpose only", []Consent{{Purpose: "photos", Given: "2026-01-05"}}, false},
		{"withdrawn", []Consent{phone("2026-01-05", "2026-02-01")}, false},
		{"withdrawn from next week", []Consent{phone("2026-01-05", "2026-03-25")}, true},
		{"given again after withdrawing", []Consent{phone("2026-01-05", "2026-02-01"), phone("2026-03-01", "")}, true},
		{"withdrawn after giving again", []Consent{phone("2026-03-01", "2026-03-10"), phone("2026-01-05", "")}, false},
		{"given only from tomorrow", []Consent{phone("2026-03-19", "")}, false},
		{"deleted", []Consent{{Purpose: "contact by phone", Given: "2026-01-05", Deleted: true}}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := ConsentGiven(c.cs, "contact by phone", today); got != c.want {
				t.Errorf("ConsentGiven = %v, want %v", got, c.want)
			}
		})
	}
	for method, want := range map[string]string{"phone call": "contact by phone", "letter": "contact by post", "in person": ""} {
		if got := ContactConsentPurpose(method); got != want {
			t.Errorf("ContactConsentPurpose(%q) = %q, want %q", method, got, want)
		}
	}
	for method, purpose := range contactConsent {
		known := false
		for _, p := range ConsentPurposes {
			known = known || p == purpose
		}
		if !known {
			t.Errorf("%s needs %q, which is not one of ConsentPurposes", method, purpose)
		}
	}
}

// TestContactPreferencesAreConsents: each way of contact a form offers
// stands for one consent purpose, and the other purposes are exactly those
// no way of contact covers.
func TestContactPreferencesAreConsents(t *testing.T) {
	covered := map[string]bool{}
	for _, pref := range []string{"phone", "text", "email", "letter"} {
		c := PreferenceConsentPurpose(pref)
		if !slices.Contains(ConsentPurposes, c) {
			t.Errorf("preference %q gives %q, not a consent purpose", pref, c)
		}
		covered[c] = true
	}
	other := OtherConsentPurposes()
	for _, p := range ConsentPurposes {
		if covered[p] == slices.Contains(other, p) {
			t.Errorf("%q: covered by a preference %v, listed among the others %v", p, covered[p], slices.Contains(other, p))
		}
	}
}
