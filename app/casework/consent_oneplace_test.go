package casework

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/domain"
)

// TestContactConsentIsOneFactInOneWording: consent to be contacted a way
// is recorded by the contact log's ticks (domain.AgreeContactWays, which
// keeps the preference and the consent record together) and read in one
// wording (domain.ContactWaysWords) on the case, the contact log and the
// card. The case had its own "Record consent" for each way, which saved a
// consent record without the preference: "Contact by text: given" on the
// case while the card and the contact log said nothing of text, and a way
// ticked on the contact log read "Agreed to contact by: phone, text" in one
// line and "Contact by text: given …" in another.
func TestContactConsentIsOneFactInOneWording(t *testing.T) {
	test.NewTempApp(t)
	s := openStore(t)
	caseFixture(t, s)
	c := NewCase(s, linkWorker(), personAnn)
	show(t, c.Content())

	for _, purpose := range domain.ConsentPurposes {
		if wayOf(purpose) == "" {
			continue
		}
		if c.giveConsent[purpose] != nil || c.withdrawConsent[purpose] != nil {
			t.Errorf("the case records consent to %s by a button of its own, beside the contact log's ticks", purpose)
		}
	}
	if c.contactWaysButton == nil {
		t.Fatal("the case offers no way to change how they agree to be contacted")
	}
	test.Tap(c.contactWaysButton)
	k, ok := c.nav.top().(*Contacts)
	if !ok {
		t.Fatalf("the case's button opened %T, want the contact log", c.nav.top())
	}
	if !k.waysFirst {
		t.Error("Change opened the contact log at the log, with the ticks at its foot")
	}
	test.Tap(k.prefs.option("phone"))
	test.Tap(k.prefs.option("text"))
	test.Tap(k.savePrefs)
	ann, _ := s.View().Person(personAnn)
	words := domain.ContactWaysWords(ann, consentsOf(s.View(), personAnn), todayDate)
	if words != "Agreed to contact by: phone, text" {
		t.Fatalf("after ticking phone and text the words are %q", words)
	}
	mustShow(t, k.Content(), words)
	test.Tap(c.nav.back)
	mustShow(t, c.Content(), words)
	mustNotShow(t, c.Content(), "Contact by text: given", "Contact by phone: given", "Contact by post: not asked")
}

// wayOf is the way (one of domain.ContactWays) whose consent is purpose.
func wayOf(purpose string) string {
	for _, w := range domain.ContactWays {
		if domain.PreferenceConsentPurpose(w) == purpose {
			return w
		}
	}
	return ""
}

// TestCaseSaysWhoRecordedContactConsent: the case's own consent rows said
// when each way's consent was given or withdrawn and who recorded it;
// since the ticks record it, the case said only "Agreed to contact by:
// phone", and who recorded a consent, and when, showed nowhere (the
// audit trail is the administrator's alone).
func TestCaseSaysWhoRecordedContactConsent(t *testing.T) {
	test.NewTempApp(t)
	s := openStore(t)
	caseFixture(t, s)
	saveAll(t, s,
		domain.Create(domain.KindConsent, "c-phone", domain.Consent{PersonID: personAnn, Purpose: "contact by phone", Given: "2026-03-01", RecordedBy: "staff-priya"}),
		domain.Create(domain.KindConsent, "c-text", domain.Consent{PersonID: personAnn, Purpose: "contact by text", Given: "2026-03-01", RecordedBy: "staff-priya",
			Withdrawn: "2026-03-10", WithdrawnBy: "staff-priya"}))
	c := NewCase(s, linkWorker(), personAnn)
	show(t, c.Content())
	by := staffName(s.View(), "staff-priya")
	mustShow(t, c.Content(), "Recorded: phone agreed Sun 1 Mar 2026 by "+by+" · text withdrawn Tue 10 Mar 2026 by "+by)
}
