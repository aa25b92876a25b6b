package casework

import (
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
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
		{name: "bad date of birth", form: form{given: "Carol", family: "Mensah", dob: "31/02/1948", reasons: []string{"work"}},
			wantError: "The date of birth \"31/02/1948\" is not a date we can read. Type it like 21/03/1956 or 1956-03-21."},
		// Reception types a date of birth as it is said and written in
		// the UK, day first.
		{name: "date of birth typed day first", form: form{given: "Carol", family: "Mensah", dob: "12/07/1948", reasons: []string{"work"}},
			wantNew: true},
		{name: "text without a phone", form: form{given: "Carol", family: "Mensah", dob: "1948-07-12", reasons: []string{"work"},
			prefs: []string{"text"}}, wantError: "Text is ticked but there is no phone number: add it, or untick text. Then tap Save again."},
		{name: "already known by name and date of birth, use them",
			form: form{given: "Anne", family: "Lee", dob: "1950-04-02", reasons: []string{"housing"}},
			then: func(t *testing.T, s *SelfReferral) {
				// Born as the UK writes it, as reception reads it back.
				mustShow(t, s.Content(), "Is this someone already known?", "Ann Lee · born 02/04/1950 · 07700 900111 (likely")
				test.Tap(s.useDup[personAnn])
				mustShow(t, s.Content(), "The referral will be added to Ann Lee (born 02/04/1950). Tap Save.")
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
				// list under the name offers Ann Lee instead, born as the
				// UK writes it, and her date of birth fills the form so.
				mustShow(t, s.Content(), "Ann Lee · born 02/04/1950 · 07700 900111")
				test.Tap(s.useKnown[personAnn])
				if s.given.Text != "Ann" || s.family.Text != "Lee" || s.dob.Text != "02/04/1950" {
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
			if wantDOB, _ := domain.TypedDay(tc.form.dob); isNew && (p.GivenName != tc.form.given || p.DateOfBirth != wantDOB) {
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
			mustShow(t, sr.Content(), "Saved: referral for")
			if sr.given.Text != "" || len(sr.reasons.Selected()) != 0 {
				t.Error("the form was not cleared for the next person")
			}
		})
	}
}

// TestSelfReferralPhotoConsentSetsTheCard: ticking Photos on a
// self-referral records the consent as the case does (domain.GiveConsents):
// the person's card, which venue tablets read for "Photos OK", says so on
// every card of theirs. It is read from all their consent records, so a
// "no" never becomes a "yes" by it: on the day they withdrew it a tick
// does not count, and not ticking it takes back nothing given before.
func TestSelfReferralPhotoConsentSetsTheCard(t *testing.T) {
	test.NewTempApp(t)
	photos := func(given, withdrawn string) []record.Change {
		return []record.Change{domain.Create(domain.KindConsent, "ann-photos", domain.Consent{PersonID: personAnn,
			Purpose: domain.ConsentPhotos, Given: given, Withdrawn: withdrawn, RecordedBy: "staff-priya"})}
	}
	for _, tc := range []struct {
		name     string
		existing bool            // for Ann (with a merged duplicate), else someone new
		before   []record.Change // Ann's photo consent before, with her cards to match
		cardsOK  bool            // her cards' photo_consent before
		tick     bool            // Photos ticked
		want     bool
	}{
		{name: "someone new says yes", tick: true, want: true},
		{name: "someone new does not say", tick: false, want: false},
		{name: "known, never asked, says yes", existing: true, tick: true, want: true},
		{name: "known, withdrew earlier, says yes again today", existing: true,
			before: photos("2026-01-05", "2026-02-01"), tick: true, want: true},
		{name: "known, withdrew today, ticks yes", existing: true,
			before: photos("2026-01-05", todayDate), tick: true, want: false},
		{name: "known, consent stands, not ticked", existing: true,
			before: photos("2026-01-05", ""), cardsOK: true, tick: false, want: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := openStore(t)
			fixture(t, s)
			saveAll(t, s, domain.Create(domain.KindPerson, "ann-dup", domain.Person{GivenName: "Ann", FamilyName: "Lee",
				MergedInto: personAnn, PhotoConsent: tc.cardsOK}))
			saveAll(t, s, record.Change{Kind: domain.KindPerson, ID: personAnn,
				Fields: map[string]string{"photo_consent": strconv.FormatBool(tc.cardsOK)}})
			if len(tc.before) > 0 {
				saveAll(t, s, tc.before...)
			}
			sr := NewSelfReferral(s, withRole(linkWorker(), domain.RoleReception))
			w := show(t, sr.Content())
			given, family, dob := "Carol", "Mensah", "1948-07-12"
			if tc.existing {
				given, family, dob = "Ann", "Lee", "1950-04-02"
			}
			test.Type(sr.given, given)
			test.Type(sr.family, family)
			test.Type(sr.dob, dob)
			sr.reasons.SetSelected([]string{"loneliness or isolation"})
			if tc.tick {
				sr.consents.SetSelected([]string{domain.ConsentPhotos})
			}
			uitest.Shot(t, w, "selfreferral-photos-"+strings.ReplaceAll(tc.name, " ", "-"))
			test.Tap(sr.save)
			if tc.existing {
				test.Tap(sr.useDup[personAnn])
				test.Tap(sr.save)
			}
			refs := all[domain.Referral](s, domain.KindReferral, "status", domain.ReferralReceived)
			if len(refs) != 1 {
				t.Fatalf("%d referrals saved, want 1", len(refs))
			}
			v := s.View()
			id := refs[0].PersonID
			if tc.existing != (id == personAnn) {
				t.Fatalf("the referral is for %s", id)
			}
			cards := v.PersonCards(id)
			if want := map[bool]int{true: 2, false: 1}[tc.existing]; len(cards) != want {
				t.Fatalf("%d cards, want %d", len(cards), want)
			}
			var stored []bool
			for _, c := range cards {
				stored = append(stored, c.PhotoConsent)
			}
			if p, _ := v.Person(id); p.PhotoConsent != tc.want || domain.PhotosOK(cards) != tc.want {
				t.Errorf("Photos OK = %v (cards %v), want %v", p.PhotoConsent, stored, tc.want)
			}
			if tc.tick != slices.ContainsFunc(all[domain.Consent](s, domain.KindConsent, "person_id", id), func(c domain.Consent) bool {
				return c.Purpose == domain.ConsentPhotos && c.Given == todayDate
			}) {
				t.Errorf("photo consent recorded today: want %v", tc.tick)
			}
		})
	}
}

// TestReferralSourceInOneWording: the self-referral form offers each
// source in the words the inbox then shows for a referral from it, so
// reception's "Other professional" is the link worker's too.
func TestReferralSourceInOneWording(t *testing.T) {
	test.NewTempApp(t)
	s := openStore(t)
	fixture(t, s)
	sr := NewSelfReferral(s, withRole(linkWorker(), domain.RoleReception))
	show(t, sr.Content())
	words := []string{"Self-referral", "GP", "Other professional"}
	for _, w := range words {
		uitest.Button(t, sr.Content(), w)
	}
	mustNotShow(t, sr.Content(), "Another professional", "They referred themselves")
	for i, src := range domain.ReferralSources {
		r := referral(personAnn, domain.ReferralReceived, "2026-03-10")
		r.Source, r.Referrer = src, ""
		saveAll(t, s, domain.Create(domain.KindReferral, "r"+strconv.Itoa(i), r))
	}
	in := NewInbox(s, linkWorker())
	show(t, in.Content())
	for _, w := range words {
		mustShow(t, in.Content(), w+" · Riverside")
	}
}
