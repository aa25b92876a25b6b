package casework

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/domain"
)

// TestSelfReferralLetterNeedsAnAddress: reception can tick letter only
// with somewhere to send it. The form asks for the address and postcode;
// without them Save says what to add and keeps everything typed; with them
// the person is saved with the address, the postcode as it is written,
// and their consent to contact by post, so their reminders can be
// printed. Someone already known with an address on file needs none typed.
func TestSelfReferralLetterNeedsAnAddress(t *testing.T) {
	test.NewTempApp(t)
	s := openStore(t)
	fixture(t, s)
	sr := NewSelfReferral(s, withRole(linkWorker(), domain.RoleReception))
	show(t, sr.Content())
	mustShow(t, sr.Content(), "Address (needed for letters)", "Postcode")
	test.Type(sr.given, "Carol")
	test.Type(sr.family, "Mensah")
	test.Type(sr.dob, "12/07/1948")
	sr.reasons.SetSelected([]string{"work"})
	sr.prefs.SetSelected([]string{"letter"})
	before := s.saves.Load()

	test.Tap(sr.save)
	mustShow(t, sr.Content(), "Letter is ticked but there is no address or postcode: add them, or untick letter. Then tap Save again.")
	if s.saves.Load() != before {
		t.Fatal("saved a letter with nowhere to send it")
	}
	// Only the street: still no postcode to send it to.
	test.Type(sr.address, "4 Orchard Close, Kirkby Vale")
	test.Tap(sr.save)
	mustShow(t, sr.Content(), "Letter is ticked but there is no postcode: add it, or untick letter.")
	test.Type(sr.postcode, "kv3 9zz x")
	test.Tap(sr.save)
	mustShow(t, sr.Content(), `The postcode "kv3 9zz x" does not look like a UK postcode`)
	if s.saves.Load() != before || sr.given.Text != "Carol" || sr.address.Text != "4 Orchard Close, Kirkby Vale" ||
		len(sr.prefs.Selected()) != 1 || len(sr.reasons.Selected()) != 1 {
		t.Fatal("saved, or lost what was typed")
	}
	sr.postcode.SetText("kv3 9zz")
	test.Tap(sr.save)
	refs := all[domain.Referral](s, domain.KindReferral, "status", domain.ReferralReceived)
	if len(refs) != 1 {
		t.Fatalf("%d referrals saved", len(refs))
	}
	p, _ := s.View().Person(refs[0].PersonID)
	if p.Address != "4 Orchard Close, Kirkby Vale" || p.Postcode != "KV3 9ZZ" {
		t.Errorf("saved address %q, postcode %q", p.Address, p.Postcode)
	}
	cs := all[domain.Consent](s, domain.KindConsent, "person_id", p.ID)
	plan := domain.PlanReminders([]domain.Person{p}, map[string][]domain.Consent{p.ID: cs}, todayDate)
	if len(plan.Letters) != 1 {
		t.Errorf("not on the letters to print: %+v", plan)
	}
	if sr.address.Text != "" || sr.postcode.Text != "" {
		t.Error("the form kept the last person's address")
	}

	// Ann is known, with an address on file: letter needs none typed, and
	// her address stays as it was.
	ann, _ := s.View().Person(personAnn)
	after := ann
	after.Address, after.Postcode = "9 Mill Lane, Kirkby Vale", "KV1 4RG"
	if err := s.Save("t", domain.Changed(domain.KindPerson, personAnn, ann, after)...); err != nil {
		t.Fatal(err)
	}
	test.Type(sr.given, "Ann")
	test.Type(sr.family, "Lee")
	test.Tap(sr.useKnown[personAnn])
	sr.reasons.SetSelected([]string{"housing"})
	sr.prefs.SetSelected([]string{"letter"})
	test.Tap(sr.save)
	mustNotShow(t, sr.Content(), "is ticked but there is no")
	if got, _ := s.View().Person(personAnn); got.Address != after.Address || !domain.ConsentGiven(consentsOf(s.View(), personAnn), "contact by post", todayDate) {
		t.Errorf("Ann after: %+v", got)
	}
}
