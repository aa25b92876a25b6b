package casework

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/domain"
)

// TestSelfReferralKnownPersonKeepsTheirWays: reception takes a
// self-referral for Ann, known, who agreed to be phoned. The form does not
// show her ways on file, so ticking letter (how she would like to hear
// from us now) adds letter; it must not withdraw the phone consent she
// never withdrew, nor drop phone from her preferences. Withdrawing is done
// on the contact log, where her ticks are shown.
func TestSelfReferralKnownPersonKeepsTheirWays(t *testing.T) {
	test.NewTempApp(t)
	s := openStore(t)
	fixture(t, s)
	ann, _ := s.View().Person(personAnn)
	after := ann
	after.Address, after.Postcode = "9 Mill Lane, Kirkby Vale", "KV1 4RG"
	if err := s.Save("t", append(domain.Changed(domain.KindPerson, personAnn, ann, after),
		domain.Create(domain.KindConsent, "c-phone", domain.Consent{PersonID: personAnn, Purpose: domain.PreferenceConsentPurpose("phone"),
			Given: "2026-01-07", RecordedBy: "staff-priya"}))...); err != nil {
		t.Fatal(err)
	}
	sr := NewSelfReferral(s, withRole(linkWorker(), domain.RoleReception))
	show(t, sr.Content())
	test.Type(sr.given, "Ann")
	test.Type(sr.family, "Lee")
	test.Tap(sr.useKnown[personAnn])
	sr.reasons.SetSelected([]string{"housing"})
	sr.prefs.SetSelected([]string{"letter"})
	test.Tap(sr.save)
	if n := len(all[domain.Referral](s, domain.KindReferral, "status", domain.ReferralReceived)); n == 0 {
		t.Fatal("no referral saved")
	}
	cs := consentsOf(s.View(), personAnn)
	for _, way := range []string{"phone", "letter"} {
		if !domain.ConsentGiven(cs, domain.PreferenceConsentPurpose(way), todayDate) {
			t.Errorf("Ann's consent to contact by %s does not stand after the self-referral: %+v", way, cs)
		}
	}
	if got, _ := s.View().Person(personAnn); !slices.Contains(got.ContactPreferences, "phone") || !slices.Contains(got.ContactPreferences, "letter") {
		t.Errorf("Ann's preferences after: %v", got.ContactPreferences)
	}
}

// TestSelfReferralAddressIsOnePair: an address and its postcode go
// together. Ann is known with only a postcode on file (from an old
// address); reception types her address and its postcode, and the letter
// must go to both as typed, not to the new street under the old postcode.
// An address on file stays with its own postcode.
func TestSelfReferralAddressIsOnePair(t *testing.T) {
	test.NewTempApp(t)
	s := openStore(t)
	fixture(t, s)
	ann, _ := s.View().Person(personAnn)
	after := ann
	after.Address, after.Postcode = "", "KV1 4RG"
	if err := s.Save("t", domain.Changed(domain.KindPerson, personAnn, ann, after)...); err != nil {
		t.Fatal(err)
	}
	sr := NewSelfReferral(s, withRole(linkWorker(), domain.RoleReception))
	show(t, sr.Content())
	refer := func(address, postcode string) domain.Person {
		t.Helper()
		test.Type(sr.given, "Ann")
		test.Type(sr.family, "Lee")
		test.Tap(sr.useKnown[personAnn])
		sr.address.SetText(address)
		sr.postcode.SetText(postcode)
		sr.reasons.SetSelected([]string{"housing"})
		sr.prefs.SetSelected([]string{"letter"})
		test.Tap(sr.save)
		if sr.given.Text != "" {
			t.Fatalf("not saved: %q", sr.problem.Text)
		}
		got, _ := s.View().Person(personAnn)
		return got
	}
	if got := refer("4 Orchard Close, Kirkby Vale", "kv3 9zz"); got.Address != "4 Orchard Close, Kirkby Vale" || got.Postcode != "KV3 9ZZ" {
		t.Errorf("Ann's address after: %q, %q", got.Address, got.Postcode)
	}
	// On file now as a pair: another typed pair does not split it.
	if got := refer("", "KV2 7HN"); got.Address != "4 Orchard Close, Kirkby Vale" || got.Postcode != "KV3 9ZZ" {
		t.Errorf("Ann's address after a second referral: %q, %q", got.Address, got.Postcode)
	}
}

// TestSelfReferralKnownPersonWhoHasMoved: someone known gives reception a
// new phone and address: they replace those on file (what they say now is
// newer), the notice says so, and a postcode typed without its street
// leaves the address on file whole and is said not to be used.
func TestSelfReferralKnownPersonWhoHasMoved(t *testing.T) {
	test.NewTempApp(t)
	s := openStore(t)
	fixture(t, s)
	ann, _ := s.View().Person(personAnn)
	after := ann
	after.Phone, after.Address, after.Postcode = "07700 900001", "1 Mill Lane, Kirkby Vale", "KV1 4RG"
	if err := s.Save("t", domain.Changed(domain.KindPerson, personAnn, ann, after)...); err != nil {
		t.Fatal(err)
	}
	sr := NewSelfReferral(s, withRole(linkWorker(), domain.RoleReception))
	show(t, sr.Content())
	refer := func(phone, address, postcode string) domain.Person {
		t.Helper()
		test.Type(sr.given, "Ann")
		test.Type(sr.family, "Lee")
		sr.phone.SetText(phone) // typed before choosing them: Use keeps it
		test.Tap(sr.useKnown[personAnn])
		sr.address.SetText(address)
		sr.postcode.SetText(postcode)
		sr.reasons.SetSelected([]string{"housing"})
		test.Tap(sr.save)
		if sr.given.Text != "" {
			t.Fatalf("not saved: %q", sr.problem.Text)
		}
		got, _ := s.View().Person(personAnn)
		return got
	}
	got := refer("07700 900222", "4 Orchard Close, Kirkby Vale", "kv3 9zz")
	if got.Phone != "07700 900222" || got.Address != "4 Orchard Close, Kirkby Vale" || got.Postcode != "KV3 9ZZ" {
		t.Errorf("after moving: %q, %q, %q", got.Phone, got.Address, got.Postcode)
	}
	if !strings.Contains(sr.notice.Text, "Their phone and address on file are now what you typed") {
		t.Errorf("notice %q", sr.notice.Text)
	}
	got = refer("", "", "KV2 7HN")
	if got.Address != "4 Orchard Close, Kirkby Vale" || got.Postcode != "KV3 9ZZ" {
		t.Errorf("a postcode alone split the address: %q, %q", got.Address, got.Postcode)
	}
	if !strings.Contains(sr.notice.Text, "Not used: the postcode typed without its street") {
		t.Errorf("notice %q", sr.notice.Text)
	}
}
