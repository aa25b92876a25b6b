package casework

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/domain"
)

// annGetsLetters saves Ann as someone who gets letters, with her address
// and postcode on file.
func annGetsLetters(t *testing.T, s *countingStore) {
	t.Helper()
	ann, _ := s.View().Person(personAnn)
	after := ann
	after.Address, after.Postcode = "9 Mill Lane, Kirkby Vale", "KV1 4RG"
	after.ContactPreferences = []string{"letter"}
	if err := s.Save("t", domain.Changed(domain.KindPerson, personAnn, ann, after)...); err != nil {
		t.Fatal(err)
	}
}

// selfReferralForAnn fills a self-referral for Ann, chosen as known, with
// address and postcode as reception types them, and phone ticked.
func selfReferralForAnn(t *testing.T, s *countingStore, address, postcode string) *SelfReferral {
	t.Helper()
	sr := NewSelfReferral(s, withRole(linkWorker(), domain.RoleReception))
	show(t, sr.Content())
	test.Type(sr.given, "Ann")
	test.Type(sr.family, "Lee")
	test.Tap(sr.useKnown[personAnn])
	test.Type(sr.address, address)
	if postcode != "" {
		test.Type(sr.postcode, postcode)
	}
	sr.reasons.SetSelected([]string{"housing"})
	sr.prefs.SetSelected([]string{"phone"})
	return sr
}

// TestSelfReferralSameStreetKeepsALetterPersonsPostcode: Ann gets letters.
// Reception takes a self-referral for her, types her street as she says
// it (without the town or the postcode) and ticks phone. That is no move:
// it is saved, and her letters keep their address and postcode.
func TestSelfReferralSameStreetKeepsALetterPersonsPostcode(t *testing.T) {
	test.NewTempApp(t)
	s := openStore(t)
	fixture(t, s)
	annGetsLetters(t, s)
	sr := selfReferralForAnn(t, s, "9 Mill Lane", "")
	before := s.saves.Load()
	test.Tap(sr.save)
	if s.saves.Load() == before {
		t.Fatalf("not saved: %q", sr.problem.Text)
	}
	got, _ := s.View().Person(personAnn)
	if got.Address != "9 Mill Lane, Kirkby Vale" || got.Postcode != "KV1 4RG" {
		t.Errorf("address %q, postcode %q", got.Address, got.Postcode)
	}
	if err := domain.CheckContactDetails(got, got.ContactPreferences); err != nil {
		t.Errorf("Ann still prefers letters but now: %v", err)
	}
}

// TestSelfReferralSameStreetTakesACorrectedPostcode: her street with
// another postcode is the postcode corrected, and is used.
func TestSelfReferralSameStreetTakesACorrectedPostcode(t *testing.T) {
	test.NewTempApp(t)
	s := openStore(t)
	fixture(t, s)
	annGetsLetters(t, s)
	sr := selfReferralForAnn(t, s, "9 Mill Lane", "kv1 4rh")
	test.Tap(sr.save)
	got, _ := s.View().Person(personAnn)
	if got.Address != "9 Mill Lane, Kirkby Vale" || got.Postcode != "KV1 4RH" {
		t.Errorf("address %q, postcode %q; the screen says %q", got.Address, got.Postcode, sr.problem.Text)
	}
}

// TestSelfReferralNewStreetWithoutPostcodeIsRefusedForALetterPerson: a
// new street typed without its postcode would leave Ann's letters with
// none; Save says so in words and saves nothing, keeping what was typed.
func TestSelfReferralNewStreetWithoutPostcodeIsRefusedForALetterPerson(t *testing.T) {
	test.NewTempApp(t)
	s := openStore(t)
	fixture(t, s)
	annGetsLetters(t, s)
	sr := selfReferralForAnn(t, s, "4 Orchard Close", "")
	before := s.saves.Load()
	test.Tap(sr.save)
	if s.saves.Load() != before {
		t.Fatal("saved her letters without a postcode")
	}
	if want := "is contacted by letter (on their record), and what you typed leaves no postcode for it: type the postcode too"; !strings.Contains(sr.problem.Text, want) {
		t.Errorf("the screen says %q", sr.problem.Text)
	}
	test.Type(sr.postcode, "KV3 9ZZ")
	test.Tap(sr.save)
	got, _ := s.View().Person(personAnn)
	if got.Address != "4 Orchard Close" || got.Postcode != "KV3 9ZZ" {
		t.Errorf("address %q, postcode %q; the screen says %q", got.Address, got.Postcode, sr.problem.Text)
	}
}
