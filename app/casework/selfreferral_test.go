package casework

import (
	"maps"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/domain"
)

// TestSelfReferralAsksAboutContactOnce: the form asks once how someone
// agrees to be contacted; the other consents list only what no way of
// contact covers.
func TestSelfReferralAsksAboutContactOnce(t *testing.T) {
	test.NewTempApp(t)
	s := openStore(t)
	sr := NewSelfReferral(s, withRole(linkWorker(), domain.RoleReception))
	show(t, sr.Content())
	mustShow(t, sr.Content(), "How they agree to be contacted", "Other consent they give today", "Share with GP", "Photos")
	mustNotShow(t, sr.Content(), "Contact by phone", "Contact by post", "How they would like to be contacted")
}

func TestSelfReferral(t *testing.T) {
	test.NewTempApp(t)
	type form struct {
		given, family, dob, phone, email string
		reasons, prefs, consents         []string
		urgent                           bool
		source, referrer                 string
	}
	full := form{given: "Carol", family: "Mensah", dob: "1948-07-12", phone: "07700 900333",
		reasons: []string{"loneliness or isolation", "bereavement"}, prefs: []string{"phone"},
		consents: []string{"share with GP"}, urgent: true}
	cases := []struct {
		name      string
		form      form
		then      func(t *testing.T, s *SelfReferral) // taps after the first Save
		wantError string
		wantNew   bool   // a new person is saved
		wantFor   string // the referral is for this existing person
	}{
		{name: "someone new", form: full, wantNew: true},
		{name: "no reason", form: form{given: "Carol", family: "Mensah", dob: "1948-07-12"}, wantError: "at least one reason"},
		{name: "no name", form: form{dob: "1948-07-12", reasons: []string{"work"}}, wantError: "their given name, their family name"},
		{name: "no date of birth or phone", form: form{given: "Carol", family: "Mensah", reasons: []string{"work"}},
			wantError: "a date of birth or phone number"},
		{name: "bad date of birth", form: form{given: "Carol", family: "Mensah", dob: "12/07/1948", reasons: []string{"work"}},
			wantError: "write it as YYYY-MM-DD"},
		{name: "text without a phone", form: form{given: "Carol", family: "Mensah", dob: "1948-07-12", reasons: []string{"work"},
			prefs: []string{"text"}}, wantError: "add their phone number, or untick text"},
		{name: "already known by name and date of birth, use them",
			form: form{given: "Anne", family: "Lee", dob: "1950-04-02", reasons: []string{"housing"}},
			then: func(t *testing.T, s *SelfReferral) {
				mustShow(t, s.Content(), "Is this someone already known?", "Ann Lee", "likely")
				test.Tap(s.useDup[personAnn])
				test.Tap(s.save)
			},
			wantFor: personAnn},
		{name: "already known by name and phone, but someone new",
			form: form{given: "Bob", family: "Hart", phone: "07700900222", reasons: []string{"housing"}},
			then: func(t *testing.T, s *SelfReferral) {
				mustShow(t, s.Content(), "Bob Hart", "same phone")
				test.Tap(s.newAnyway)
				test.Tap(s.save)
			},
			wantNew: true},
		{name: "found while typing the name",
			form: form{given: "An", family: "Le", reasons: []string{"caring"}},
			then: func(t *testing.T, s *SelfReferral) {
				// The first Save asked for a date of birth or phone; the
				// list under the name offers Ann Lee instead.
				test.Tap(s.useKnown[personAnn])
				if s.given.Text != "Ann" || s.family.Text != "Lee" || s.dob.Text != "1950-04-02" {
					t.Errorf("choosing Ann filled %q %q %q", s.given.Text, s.family.Text, s.dob.Text)
				}
				test.Tap(s.save)
			},
			wantFor: personAnn},
		{name: "GP referral without the referrer", form: form{given: "Carol", family: "Mensah", dob: "1948-07-12",
			reasons: []string{"work"}, source: domain.SourceGP}, wantError: "who referred them"},
		{name: "GP referral", form: form{given: "Carol", family: "Mensah", dob: "1948-07-12",
			reasons: []string{"work"}, source: domain.SourceGP, referrer: "Dr Patel, Riverside"}, wantNew: true},
		{name: "already known, no decision yet",
			form:      form{given: "Ann", family: "Lee", dob: "1950-04-02", reasons: []string{"housing"}},
			wantError: "They may already be known"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := openStore(t)
			fixture(t, s)
			before := s.saves.Load()
			sr := NewSelfReferral(s, withRole(linkWorker(), domain.RoleReception))
			show(t, sr.Content())
			test.Type(sr.given, tc.form.given)
			test.Type(sr.family, tc.form.family)
			test.Type(sr.dob, tc.form.dob)
			test.Type(sr.phone, tc.form.phone)
			test.Type(sr.notes, "Daughter worried")
			sr.reasons.SetSelected(tc.form.reasons)
			sr.prefs.SetSelected(tc.form.prefs)
			sr.consents.SetSelected(tc.form.consents)
			sr.urgent.SetOn(tc.form.urgent, false)
			if tc.form.source != "" {
				test.Tap(sr.source.button(tc.form.source))
				test.Type(sr.referrer, tc.form.referrer)
			}
			test.Tap(sr.save)
			if tc.then != nil {
				tc.then(t, sr)
			}

			refs := all[domain.Referral](s, domain.KindReferral, "status", domain.ReferralReceived)
			if tc.wantError != "" {
				mustShow(t, sr.Content(), tc.wantError)
				if len(refs) != 0 || s.saves.Load() != before {
					t.Errorf("saved despite the problem: %+v", refs)
				}
				if sr.given.Text != tc.form.given || sr.notes.Text != "Daughter worried" || len(sr.reasons.Selected()) != len(tc.form.reasons) {
					t.Error("what was typed was lost")
				}
				return
			}
			if got := s.saves.Load() - before; got != 1 {
				t.Errorf("%d saves, want one for the whole self-referral", got)
			}
			if len(refs) != 1 {
				t.Fatalf("%d referrals saved, want 1", len(refs))
			}
			r := refs[0]
			wantSource := domain.SourceSelf
			if tc.form.source != "" {
				wantSource = tc.form.source
			}
			if tc.form.referrer != "" && r.Referrer != tc.form.referrer {
				t.Errorf("referrer %q, want %q", r.Referrer, tc.form.referrer)
			}
			if r.Source != wantSource || r.Received != todayDate || r.Notes != "Daughter worried" || r.Urgent != tc.form.urgent {
				t.Errorf("referral saved as %+v", r)
			}
			p, ok := s.View().Person(r.PersonID)
			if !ok {
				t.Fatal("the referral's person is not saved")
			}
			if tc.wantFor != "" && p.ID != tc.wantFor {
				t.Errorf("referral is for %s, want %s", p.ID, tc.wantFor)
			}
			isNew := p.ID != personAnn && p.ID != personBob
			if isNew != tc.wantNew {
				t.Errorf("new person = %v, want %v", isNew, tc.wantNew)
			}
			if isNew && (p.GivenName != tc.form.given || p.DateOfBirth != tc.form.dob) {
				t.Errorf("person saved as %+v", p)
			}
			consents := all[domain.Consent](s, domain.KindConsent, "person_id", p.ID)
			// A way of contact ticked is also the consent to it.
			want := map[string]bool{}
			for _, c := range tc.form.consents {
				want[c] = true
			}
			for _, pref := range tc.form.prefs {
				want[domain.PreferenceConsentPurpose(pref)] = true
			}
			got := map[string]bool{}
			for _, c := range consents {
				got[c.Purpose] = true
			}
			if len(consents) != len(want) || !maps.Equal(got, want) {
				t.Errorf("consents saved for %v, want %v", got, want)
			}
			for _, c := range consents {
				if c.Given != todayDate || c.RecordedBy != "staff-priya" {
					t.Errorf("consent saved as %+v", c)
				}
			}
			mustShow(t, sr.Content(), "Saved: self-referral for")
			if sr.given.Text != "" || len(sr.reasons.Selected()) != 0 {
				t.Error("the form was not cleared for the next person")
			}
		})
	}
}
