package casework

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/domain"
)

// oldLetterRecord saves Ann as a record kept before letters needed a
// postcode: letters for a year, an address and no postcode, consent to
// post; postcode is what is on file for it (perhaps one an older rule
// let through).
func oldLetterRecord(t *testing.T, s *countingStore, postcode string) {
	t.Helper()
	ann, _ := s.View().Person(personAnn)
	after := ann
	after.Address, after.Postcode, after.ContactPreferences = "3 Low Rd, Kirkby Vale", postcode, []string{"letter"}
	changes := domain.Changed(domain.KindPerson, personAnn, ann, after)
	changes = append(changes, domain.Create(domain.KindConsent, "c-post", domain.Consent{PersonID: personAnn, Purpose: domain.PreferenceConsentPurpose("letter"), Given: "2025-03-01"}))
	if err := s.Save("t", changes...); err != nil {
		t.Fatal(err)
	}
}

// TestContactsOldLetterRecordSavesAPhoneChange: a link worker changes an
// old letter record's phone number on Contacts. The letter, whose address
// nobody touched, does not block the save (domain.ContactWaysToCheck), so
// nobody is pushed to untick letter, and no withdrawal of their consent
// to post is recorded.
func TestContactsOldLetterRecordSavesAPhoneChange(t *testing.T) {
	test.NewTempApp(t)
	s := openStore(t)
	fixture(t, s)
	oldLetterRecord(t, s, "")
	c := NewContacts(s, linkWorker(), personAnn)
	show(t, c.Content())
	c.phone.SetText("07700 900999")
	test.Tap(c.savePrefs)
	got, _ := s.View().Person(personAnn)
	if got.Phone != "07700 900999" {
		t.Fatalf("phone not saved; the screen says %q", c.problem.Text)
	}
	if got.Postcode != "" || got.Address != "3 Low Rd, Kirkby Vale" {
		t.Errorf("address %q, postcode %q changed", got.Address, got.Postcode)
	}
	if st := domain.ConsentStatus(consentsOf(s.View(), personAnn), domain.PreferenceConsentPurpose("letter"), todayDate); !st.Stands || st.Withdrawn.Withdrawn != "" {
		t.Errorf("consent to post: %+v", st)
	}
}

// TestContactsOldPostcodeDoesNotBlockASave: a postcode on file that does
// not look like a UK one ("12345") is checked only when changed on
// Contacts; left as it is, it does not block a phone change.
func TestContactsOldPostcodeDoesNotBlockASave(t *testing.T) {
	test.NewTempApp(t)
	s := openStore(t)
	fixture(t, s)
	oldLetterRecord(t, s, "12345")
	c := NewContacts(s, linkWorker(), personAnn)
	show(t, c.Content())
	c.phone.SetText("07700 900999")
	test.Tap(c.savePrefs)
	if got, _ := s.View().Person(personAnn); got.Phone != "07700 900999" || got.Postcode != "12345" {
		t.Fatalf("phone %q postcode %q; the screen says %q", got.Phone, got.Postcode, c.problem.Text)
	}
	// Changed, it is checked.
	c.postcode.SetText("1234")
	test.Tap(c.savePrefs)
	if !strings.Contains(c.problem.Text, "does not look like a UK postcode") {
		t.Errorf("a changed postcode not checked; the screen says %q", c.problem.Text)
	}
}

// TestContactsOldLetterRecordAddressChangeNeedsPostcode: changing the
// letter's own detail (the address) is checked by today's rule: a letter
// needs an address and a postcode.
func TestContactsOldLetterRecordAddressChangeNeedsPostcode(t *testing.T) {
	test.NewTempApp(t)
	s := openStore(t)
	fixture(t, s)
	oldLetterRecord(t, s, "")
	c := NewContacts(s, linkWorker(), personAnn)
	show(t, c.Content())
	c.address.SetText("4 Low Rd, Kirkby Vale")
	before := s.saves.Load()
	test.Tap(c.savePrefs)
	if s.saves.Load() != before || !strings.Contains(c.problem.Text, "Letter is ticked but there is no postcode") {
		t.Fatalf("saved, or not asked for the postcode; the screen says %q", c.problem.Text)
	}
	c.postcode.SetText("kv1 4rg")
	test.Tap(c.savePrefs)
	if got, _ := s.View().Person(personAnn); got.Address != "4 Low Rd, Kirkby Vale" || got.Postcode != "KV1 4RG" {
		t.Fatalf("address %q postcode %q; the screen says %q", got.Address, got.Postcode, c.problem.Text)
	}
}
