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
			if !strings.Contains(msg, "Ada Lovelace") || !strings.Contains(msg, "share information with their GP") {
				t.Errorf("the refusal does not say whose consent is missing, for what: %q", msg)
			}
			if c.saysWhen != "" && (!strings.Contains(msg, "withdrew consent") || !strings.Contains(msg, c.saysWhen)) {
				t.Errorf("the refusal %q does not say it was withdrawn on %s", msg, c.saysWhen)
			}
			if c.saysWhen == "" && !strings.Contains(miss.NextStep(), "record their consent") {
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
	// A GP reading the line learns which way is better, and the dates
	// carry no weekday.
	if len(l.Wellbeing) == 1 && (!strings.Contains(l.Wellbeing[0], "higher is better") || !strings.Contains(l.Wellbeing[0], "on 6 January 2026, then")) {
		t.Errorf("wellbeing %q does not say higher is better, or dates it with a weekday", l.Wellbeing[0])
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

// TestGPLetterRefusalSaysWhyForEveryConsentState: the refusal a link worker
// reads says plainly where the person's consent to share with their GP
// stands, for every state it can be in. Never given: ask them, record it,
// then make the letter. Withdrawn (earlier, or today): they said no, when,
// and nothing that reads like a passing problem to retry; on the day of the
// withdrawal a consent recorded that day would not count either
// (ConsentState.Stands), so it says from tomorrow.
func TestGPLetterRefusalSaysWhyForEveryConsentState(t *testing.T) {
	const today = "2026-04-20"
	p := Person{ID: "p1", GivenName: "Ada", FamilyName: "Lovelace"}
	gp := func(given, withdrawn string) Consent {
		return Consent{PersonID: "p1", Purpose: ConsentShareWithGP, Given: given, Withdrawn: withdrawn, WithdrawnBy: "lw1"}
	}
	const withdrew = "Ada Lovelace withdrew consent to share information with their GP"
	for _, c := range []struct {
		name      string
		cs        []Consent
		say, next []string // what the message and the next step must say
		notNext   []string // and what the next step must not
	}{
		{name: "never asked", cs: nil,
			say:  []string{"Ada Lovelace has not given consent to share information with their GP."},
			next: []string{"Ask them", "record their consent"}, notNext: []string{"withdr"}},
		{name: "given only for a later date", cs: []Consent{gp("2026-05-01", "")},
			say:  []string{"Ada Lovelace has not given consent to share information with their GP."},
			next: []string{"Ask them", "record their consent"}},
		{name: "withdrawn earlier", cs: []Consent{gp("2026-01-05", "2026-03-01")},
			say:     []string{withdrew + " on Sunday 1 March 2026."},
			next:    []string{"must not be sent"},
			notNext: []string{"try again", "Ask them", "tomorrow"}},
		{name: "given and withdrawn the same earlier day", cs: []Consent{gp("2026-03-01", "2026-03-01")},
			say:     []string{withdrew + " on Sunday 1 March 2026."},
			next:    []string{"must not be sent"},
			notNext: []string{"try again", "Ask them", "tomorrow", "does not count"}},
		{name: "withdrawn earlier, consent recorded again that day", cs: []Consent{gp("2026-01-05", "2026-03-01"), gp("2026-03-01", "")},
			say:     []string{withdrew + " on Sunday 1 March 2026."},
			next:    []string{"must not be sent", "recorded again on Sunday 1 March 2026 does not count", "agree again"},
			notNext: []string{"try again", "Ask them", "tomorrow"}},
		{name: "given and withdrawn today, on one record", cs: []Consent{gp(today, today)},
			say:     []string{withdrew + " today (Monday 20 April 2026)."},
			next:    []string{"must not be sent", "from tomorrow"},
			notNext: []string{"try again", "Ask them", "does not count"}},
		{name: "withdrawn today", cs: []Consent{gp("2026-01-05", today)},
			say:     []string{withdrew + " today (Monday 20 April 2026)."},
			next:    []string{"must not be sent", "from tomorrow"},
			notNext: []string{"try again", "Ask them"}},
		{name: "withdrawn today, consent recorded again today", cs: []Consent{gp("2026-01-05", today), gp(today, "")},
			say:     []string{withdrew + " today (Monday 20 April 2026)."},
			next:    []string{"must not be sent", "recorded today does not count", "from tomorrow"},
			notNext: []string{"try again", "Ask them"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := BuildGPLetter(p, c.cs, nil, nil, nil, nil, nil, "Sam", today)
			var miss *ConsentMissing
			if !errors.As(err, &miss) {
				t.Fatalf("err = %v, want a ConsentMissing", err)
			}
			msg, next := err.Error(), miss.NextStep()
			if want := map[bool]string{true: "Consent withdrawn", false: "Consent not given"}[miss.Withdrawn != ""]; miss.Title() != want {
				t.Errorf("title %q, want %q", miss.Title(), want)
			}
			if !strings.HasPrefix(msg, "A letter to the GP was not made: ") {
				t.Errorf("message %q does not say what was refused", msg)
			}
			before := miss.Beforehand()
			if !strings.HasPrefix(before, "A letter to the GP cannot be made: ") {
				t.Errorf("beforehand %q does not say what cannot be made", before)
			}
			for _, s := range c.say {
				if !strings.Contains(msg, s) {
					t.Errorf("message %q does not say %q", msg, s)
				}
				if !strings.Contains(before, s) {
					t.Errorf("beforehand %q does not say %q", before, s)
				}
			}
			for _, s := range c.next {
				if !strings.Contains(next, s) {
					t.Errorf("next step %q does not say %q", next, s)
				}
			}
			for _, s := range c.notNext {
				if strings.Contains(strings.ToLower(next), strings.ToLower(s)) {
					t.Errorf("next step %q says %q", next, s)
				}
			}
		})
	}
}
