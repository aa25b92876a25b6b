package demo

import (
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/storage/storagetest"
)

// TestPeopleAgreedToTheirContactWays: a demo person may be contacted the
// ways they prefer, their consent recorded by the link worker before the
// history began, except a few whose consent was never recorded, so the
// reminders have someone they cannot remind, and say why. Those who write
// by letter have an address, those who prefer email an address for it.
func TestPeopleAgreedToTheirContactWays(t *testing.T) {
	st := storagetest.Open(t)
	if _, err := Generate(st, Options{Seed: 1, Today: today}); err != nil {
		t.Fatal(err)
	}
	v := st.View()
	day := domain.DateOf(today)
	usable, unconsented, photos := 0, 0, 0
	for i := 0; i < 60; i++ {
		p, ok := v.Person(People(1, 60)[i].ID)
		if !ok {
			t.Fatalf("person %d missing", i+1)
		}
		if len(p.ContactPreferences) == 0 {
			t.Errorf("%s has no contact preference", p.ID)
		}
		if p.Address == "" || p.Postcode == "" {
			t.Errorf("%s has no address", p.ID)
		}
		var cs []domain.Consent
		for _, r := range v.By(domain.KindConsent, "person_id", p.ID) {
			var c domain.Consent
			r.Decode(&c)
			cs = append(cs, c)
			if c.RecordedBy != StaffLinkWorker || c.Given == "" || c.Given >= HistoryStart(today, 0) {
				t.Errorf("%s: consent %+v not recorded by the link worker before the history", p.ID, c)
			}
		}
		for _, s := range domain.ContactWayStates(p, cs, day) {
			if s.Preferred && s.Usable() == Unconsented(i) {
				t.Errorf("%s (%d): %s usable %v, unconsented %v", p.ID, i, s.Way, s.Usable(), Unconsented(i))
			}
			if !s.Preferred && s.Consent.Stands {
				t.Errorf("%s: consent to %s they do not prefer", p.ID, s.Way)
			}
		}
		// The card carries photo consent to the venue tablets: it says
		// what the records say, and some have given it.
		if got := domain.ConsentGiven(cs, domain.ConsentPhotos, day); got != p.PhotoConsent || got != PhotosAgreed(i) {
			t.Errorf("%s (%d): photo consent recorded %v, card says %v, want %v", p.ID, i, got, p.PhotoConsent, PhotosAgreed(i))
		}
		if p.PhotoConsent {
			photos++
		}
		if Unconsented(i) {
			unconsented++
		} else {
			usable++
		}
		for _, w := range p.ContactPreferences {
			if w == "email" && p.Email == "" {
				t.Errorf("%s prefers email but has no email address", p.ID)
			}
		}
	}
	if photos < 10 || photos > 30 {
		t.Errorf("%d of 60 may be photographed: want some, not all", photos)
	}
	if unconsented < 3 || unconsented > usable/5 {
		t.Errorf("%d people without consent, %d with: want a few without", unconsented, usable)
	}
	// Most are reminded: a call or a letter.
	var people []domain.Person
	consents := map[string][]domain.Consent{}
	for _, r := range v.All(domain.KindPerson) {
		var p domain.Person
		r.Decode(&p)
		people = append(people, p)
		for _, r := range v.By(domain.KindConsent, "person_id", p.ID) {
			var c domain.Consent
			r.Decode(&c)
			consents[p.ID] = append(consents[p.ID], c)
		}
	}
	plan := domain.PlanReminders(people, consents, day)
	if len(plan.Unreachable) != unconsented || len(plan.Letters) == 0 || len(plan.Calls) == 0 {
		t.Errorf("reminders: %d calls, %d letters, %d with no way; want only the %d unconsented with no way",
			len(plan.Calls), len(plan.Letters), len(plan.Unreachable), unconsented)
	}
}

// TestPeopleAtSeveralPractices: the demo's people are registered with
// more than one of its practices, most with Riverside.
func TestPeopleAtSeveralPractices(t *testing.T) {
	n := map[string]int{}
	for _, p := range People(1, 60) {
		n[p.Practice]++
	}
	if len(n) != len(Practices) || n[Practices[0].Name] <= 30 {
		t.Errorf("people by practice: %v", n)
	}
}
