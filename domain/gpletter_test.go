package domain

import (
	"errors"
	"strings"
	"testing"
)

func TestBuildGPLetterNeedsConsent(t *testing.T) {
	const today = "2026-04-20"
	p := Person{ID: "p1", GivenName: "Ada", FamilyName: "Lovelace"}
	gp := func(given, withdrawn string) Consent {
		return Consent{PersonID: "p1", Purpose: ConsentShareWithGP, Given: given, Withdrawn: withdrawn}
	}
	for _, c := range []struct {
		name     string
		cs       []Consent
		refused  bool
		saysWhen string
	}{
		{"given", []Consent{gp("2026-01-05", "")}, false, ""},
		{"never asked", nil, true, ""},
		{"only photos", []Consent{{Purpose: ConsentPhotos, Given: "2026-01-05"}}, true, ""},
		{"withdrawn", []Consent{gp("2026-01-05", "2026-03-01")}, true, "Sunday 1 March 2026"},
		{"given again", []Consent{gp("2026-01-05", "2026-03-01"), gp("2026-04-01", "")}, false, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			l, err := BuildGPLetter(p, c.cs, nil, nil, nil, nil, nil, "Sam", today)
			if !c.refused {
				if err != nil || l.Person.ID != "p1" {
					t.Fatalf("refused with consent: %v", err)
				}
				return
			}
			var miss *ConsentMissing
			if !errors.As(err, &miss) {
				t.Fatalf("err = %v, want a ConsentMissing", err)
			}
			msg := err.Error()
			if !strings.Contains(msg, "Ada Lovelace") || !strings.Contains(msg, "share with GP") {
				t.Errorf("the refusal does not say whose consent is missing, for what: %q", msg)
			}
			if c.saysWhen != "" && (!strings.Contains(msg, "withdrew consent") || !strings.Contains(msg, c.saysWhen)) {
				t.Errorf("the refusal %q does not say it was withdrawn on %s", msg, c.saysWhen)
			}
			if !strings.Contains(miss.NextStep(), "record their consent") {
				t.Errorf("next step: %q", miss.NextStep())
			}
		})
	}
}

func TestBuildGPLetterSummary(t *testing.T) {
	p := Person{ID: "p1", GivenName: "Ada", FamilyName: "Lovelace"}
	cs := []Consent{{Purpose: ConsentShareWithGP, Given: "2026-01-05"}}
	refs := []Referral{{ID: "old", Received: "2025-06-01", Reasons: []string{"housing"}},
		{ID: "new", Received: "2026-01-05", Reasons: []string{"loneliness or isolation"}},
		{ID: "gone", Received: "2026-02-01", Deleted: true}}
	acts := map[string]Activity{"g": {Name: "Garden group"}, "c": {Name: "Craft"}}
	matches := []Match{{ActivityID: "c", Date: "2026-02-10"}, {ActivityID: "g", Date: "2026-01-20", Ended: "2026-03-01"},
		{ActivityID: "x", Date: "2026-01-25", Deleted: true}}
	marks := []Attendance{{ActivityID: "g", Status: StatusPresent}, {ActivityID: "g", Status: StatusLate},
		{ActivityID: "g", Status: StatusAbsent}, {ActivityID: "c", Status: StatusApologies}}
	measures := []Measure{
		{Instrument: InstrumentSWEMWBS, Date: "2026-04-01", Items: []int{3, 3, 3, 3, 3, 3, 3}},
		{Instrument: InstrumentSWEMWBS, Date: "2026-01-06", Items: []int{2, 2, 2, 2, 2, 2, 2}},
		{Instrument: InstrumentONS4, Date: "2026-01-06", Items: []int{5, 5, 5, 5}},
	}
	l, err := BuildGPLetter(p, cs, refs, matches, acts, marks, measures, "Sam Patel", "2026-04-20")
	if err != nil {
		t.Fatal(err)
	}
	if l.Referral.ID != "new" {
		t.Errorf("referral %q, want the latest not deleted", l.Referral.ID)
	}
	if len(l.Activities) != 2 || l.Activities[0].Name != "Garden group" || l.Activities[0].Attended != 2 ||
		l.Activities[1].Name != "Craft" || l.Activities[1].Attended != 0 {
		t.Errorf("activities %+v", l.Activities)
	}
	if len(l.Wellbeing) != 1 || !strings.Contains(l.Wellbeing[0], "6 January 2026, then") || !strings.Contains(l.Wellbeing[0], "(+") {
		t.Errorf("wellbeing %q", l.Wellbeing)
	}
}

func TestPhotoConsentCard(t *testing.T) {
	const today = "2026-04-20"
	given := []Consent{{Purpose: ConsentPhotos, Given: "2026-04-20"}}
	withdrawn := []Consent{{Purpose: ConsentPhotos, Given: "2026-01-01", Withdrawn: "2026-04-20"}}
	for _, c := range []struct {
		name        string
		before      bool
		cs          []Consent
		want, moved bool
	}{
		{"given now", false, given, true, true},
		{"already on the card", true, given, true, false},
		{"withdrawn", true, withdrawn, false, true},
		{"never asked", false, nil, false, false},
		{"another purpose", false, []Consent{{Purpose: ConsentShareWithGP, Given: "2026-01-01"}}, false, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			p, changed := PhotoConsentCard(Person{ID: "p1", PhotoConsent: c.before}, c.cs, today)
			if p.PhotoConsent != c.want || changed != c.moved {
				t.Errorf("PhotoConsentCard = %v, changed %v; want %v, %v", p.PhotoConsent, changed, c.want, c.moved)
			}
		})
	}
}
