package domain

import (
	"errors"
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
		// Two records for one purpose: duplicates merged, or two devices
		// each recorded it offline. A withdrawal is of the purpose.
		{"withdrawn on one record after a consent on another", []Consent{phone("2026-01-05", "2026-03-10"), phone("2026-02-01", "")}, false},
		{"given on another record after a withdrawal", []Consent{phone("2026-01-05", "2026-02-01"), phone("2026-03-01", "")}, true},
		{"given on the day of a withdrawal", []Consent{phone("2026-01-05", "2026-03-10"), phone("2026-03-10", "")}, false},
		{"withdrawn from next week on another record", []Consent{phone("2026-02-01", ""), phone("2026-01-05", "2026-03-25")}, true},
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

// TestWithdrawalOnOneRecordTakesBackConsentOnAnother: Ann's consent was
// given 5 Jan and withdrawn 10 March on one record, and given 1 Feb on
// another (her duplicate's, merged in, or recorded by a device offline).
// She said no on 10 March, after every yes: no reminder call, no GP letter.
func TestWithdrawalOnOneRecordTakesBackConsentOnAnother(t *testing.T) {
	const today = "2026-03-18"
	cs := []Consent{
		{ID: "a", PersonID: "p1", Purpose: "contact by phone", Given: "2026-01-05", Withdrawn: "2026-03-10", RecordedBy: "lw1"},
		{ID: "a2", PersonID: "p1", Purpose: ConsentShareWithGP, Given: "2026-01-05", Withdrawn: "2026-03-10", RecordedBy: "lw1"},
		{ID: "b", PersonID: "p1", Purpose: "contact by phone", Given: "2026-02-01", RecordedBy: "rec1"},
		{ID: "b2", PersonID: "p1", Purpose: ConsentShareWithGP, Given: "2026-02-01", RecordedBy: "rec1"},
	}
	if ConsentGiven(cs, "contact by phone", today) {
		t.Errorf("ConsentGiven(phone) = true; she withdrew on 10 March, after the last consent (1 Feb)")
	}
	p := Person{ID: "p1", GivenName: "Ann", FamilyName: "Lee", Phone: "07700 900123", ContactPreferences: []string{"phone"}}
	plan := PlanReminders([]Person{p}, map[string][]Consent{"p1": cs}, today)
	if len(plan.Calls) != 0 {
		t.Errorf("Ann is on the reminder call list though she withdrew phone consent on 10 March")
	}
	_, err := BuildGPLetter(p, cs, nil, nil, nil, nil, nil, "LW", today)
	var missing *ConsentMissing
	if !errors.As(err, &missing) || missing.Withdrawn != "2026-03-10" {
		t.Errorf("a GP letter after share-with-GP consent was withdrawn on 10 March: %v", err)
	}
}

// TestWithdrawConsentWithdrawsEveryRecord: withdrawing a purpose withdraws
// every record of it not already withdrawn, says who withdrew it, and
// leaves earlier withdrawals and other purposes alone.
func TestWithdrawConsentWithdrawsEveryRecord(t *testing.T) {
	const today = "2026-03-18"
	cs := []Consent{
		{ID: "a", Purpose: ConsentPhotos, Given: "2026-01-05", Withdrawn: "2026-02-01"},
		{ID: "b", Purpose: ConsentPhotos, Given: "2026-02-10"},
		{ID: "c", Purpose: ConsentPhotos, Given: "2026-02-20", Withdrawn: "2026-04-01"},
		{ID: "d", Purpose: ConsentShareWithGP, Given: "2026-01-05"},
		{ID: "e", Purpose: ConsentPhotos, Given: "2026-01-05", Deleted: true},
	}
	after, changes := WithdrawConsent(cs, ConsentPhotos, today, "lw2")
	if st := ConsentStatus(after, ConsentPhotos, today); st.Stands || st.Withdrawn.WithdrawnBy != "lw2" {
		t.Errorf("after: %+v", st)
	}
	var got []string
	for _, c := range changes {
		if c.Fields["withdrawn"] != today || c.Fields["withdrawn_by"] != "lw2" {
			t.Errorf("%s: %v", c.ID, c.Fields)
		}
		got = append(got, c.ID)
	}
	if !slices.Equal(got, []string{"b", "c"}) {
		t.Errorf("withdrew %v, want [b c]", got)
	}
	if st := ConsentStatus(cs, ConsentPhotos, today); !st.Stands || st.Given.ID != "c" || st.Withdrawn.ID != "a" {
		t.Errorf("before: %+v", st)
	}
}
