package casework

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/domain"
)

// TestSelfReferralUsesContactDetailsOnFile: for someone already known,
// a way ticked goes by the email or address already on file when none is
// typed (and the notice says so), while one typed is taken. (Their phone
// on file is filled into the form when they are chosen; clearing it
// unchooses them, as changing it does.)
func TestSelfReferralUsesContactDetailsOnFile(t *testing.T) {
	test.NewTempApp(t)
	s := openStore(t)
	fixture(t, s)
	ann, _ := s.View().Person(personAnn)
	after := ann
	after.Email, after.Address, after.Postcode = "ann@example.org", "9 Mill Lane, Kirkby Vale", "KV1 4RG"
	if err := s.Save("t", domain.Changed(domain.KindPerson, personAnn, ann, after)...); err != nil {
		t.Fatal(err)
	}
	sr := NewSelfReferral(s, withRole(linkWorker(), domain.RoleReception))
	show(t, sr.Content())
	test.Type(sr.given, "Ann")
	test.Type(sr.family, "Lee")
	test.Tap(sr.useKnown[personAnn])
	if sr.phone.Text != "07700 900111" {
		t.Fatalf("choosing Ann filled the phone with %q", sr.phone.Text)
	}
	sr.reasons.SetSelected([]string{"housing"})
	sr.prefs.SetSelected([]string{"phone", "email", "letter"})
	before := s.saves.Load()
	test.Tap(sr.save)
	if s.saves.Load() == before {
		t.Fatalf("not saved: %q", sr.problem.Text)
	}
	mustShow(t, sr.Content(), "Saved: referral for Ann Lee.",
		"Using their email address on file (ann@example.org), their address and postcode on file (9 Mill Lane, Kirkby Vale, KV1 4RG).")
	got, _ := s.View().Person(personAnn)
	if got.Phone != "07700 900111" || got.Email != after.Email || got.Address != after.Address || got.Postcode != after.Postcode {
		t.Errorf("Ann's details changed: %+v", got)
	}
	cs := consentsOf(s.View(), personAnn)
	for _, purpose := range []string{"contact by phone", "contact by email", "contact by post"} {
		if !domain.ConsentGiven(cs, purpose, todayDate) {
			t.Errorf("no consent to %s recorded", purpose)
		}
	}

	// A new email typed is taken, and said so; nothing is said to be on file.
	test.Type(sr.given, "Ann")
	test.Type(sr.family, "Lee")
	test.Tap(sr.useKnown[personAnn])
	test.Type(sr.email, "ann.lee@example.org")
	sr.reasons.SetSelected([]string{"work"})
	sr.prefs.SetSelected([]string{"email"})
	test.Tap(sr.save)
	mustShow(t, sr.Content(), "Their email on file is now what you typed.")
	mustNotShow(t, sr.Content(), "Using their")
	if got, _ := s.View().Person(personAnn); got.Email != "ann.lee@example.org" {
		t.Errorf("email %q, want the one typed", got.Email)
	}
}

// TestSelfReferralOffersTheKnownBeforeAskingForDetails: Ann is known, her
// email on file. Reception types her name and date of birth (not choosing
// her from the names), ticks email without typing one, and taps Save:
// Gather first asks whether she is the Ann already known, not for an
// email. Once she is chosen, her email on file is used and the referral
// saves. For someone new instead, the email is then asked for.
func TestSelfReferralOffersTheKnownBeforeAskingForDetails(t *testing.T) {
	test.NewTempApp(t)
	s := openStore(t)
	fixture(t, s)
	ann, _ := s.View().Person(personAnn)
	after := ann
	after.Email = "ann@example.org"
	if err := s.Save("t", domain.Changed(domain.KindPerson, personAnn, ann, after)...); err != nil {
		t.Fatal(err)
	}
	sr := NewSelfReferral(s, withRole(linkWorker(), domain.RoleReception))
	show(t, sr.Content())
	fill := func() {
		test.Type(sr.given, "Ann")
		test.Type(sr.family, "Lee")
		test.Type(sr.dob, "02/04/1950")
		sr.reasons.SetSelected([]string{"housing"})
		sr.prefs.SetSelected([]string{"email"})
	}
	fill()
	before := s.saves.Load()
	test.Tap(sr.save)
	if s.saves.Load() != before {
		t.Fatal("saved without asking whether this is the Ann already known")
	}
	if sr.useDup[personAnn] == nil {
		t.Fatalf("Ann is not offered as already known; the form says %q", sr.problem.Text)
	}
	if strings.Contains(strings.ToLower(sr.problem.Text), "email") {
		t.Errorf("asked for an email before asking whether this is Ann: %q", sr.problem.Text)
	}
	test.Tap(sr.useDup[personAnn])
	test.Tap(sr.save)
	if s.saves.Load() == before {
		t.Fatalf("not saved once Ann was chosen: %q", sr.problem.Text)
	}
	mustShow(t, sr.Content(), "Saved: referral for Ann Lee.", "Using their email address on file (ann@example.org).")
	if got, _ := s.View().Person(personAnn); got.Email != after.Email {
		t.Errorf("Ann's email is now %q", got.Email)
	}

	// Someone new: the email ticked must then be typed.
	fill()
	test.Tap(sr.save)
	if sr.newAnyway == nil || !sr.newAnyway.Visible() {
		t.Fatalf("no \"someone new\" offered: %q", sr.problem.Text)
	}
	test.Tap(sr.newAnyway)
	before = s.saves.Load()
	test.Tap(sr.save)
	if s.saves.Load() != before {
		t.Fatal("saved someone new who ticked email with no email")
	}
	if !strings.Contains(strings.ToLower(sr.problem.Text), "email") {
		t.Errorf("someone new ticked email with none typed; the form says %q", sr.problem.Text)
	}
}
