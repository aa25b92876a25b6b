package casework

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/domain"
)

// letterOnlyAnn makes Ann someone who agreed only to letters: her
// preference is letter, with the address it needs and the consent.
func letterOnlyAnn(t *testing.T, s Store) {
	t.Helper()
	before, _ := s.View().Person(personAnn)
	p := before
	p.ContactPreferences = []string{"letter"}
	p.Address, p.Postcode = "1 Mill Lane, Riverside", "RV1 2AB"
	saveAll(t, s,
		domain.Edit(domain.KindPerson, personAnn, false, before, p),
		domain.Create(domain.KindConsent, "c-ann-post", domain.Consent{PersonID: personAnn, Purpose: "contact by post", Given: "2026-03-01", RecordedBy: "staff-priya"}))
}

// TestFollowUpStartsOnTheAgreedWay: the follow-up form starts on the way
// the person agreed to (a letter, for Ann who agreed only to letters),
// never on a phone call she refused, and shows the address a letter
// needs; for someone who agreed to no way, nothing is chosen and Save
// asks.
func TestFollowUpStartsOnTheAgreedWay(t *testing.T) {
	test.NewTempApp(t)
	s := openStore(t)
	fixture(t, s)
	letterOnlyAnn(t, s)
	saveAll(t, s,
		domain.Create(domain.KindFollowUp, "f1", domain.FollowUp{PersonID: personAnn, Due: "2026-03-18"}),
		domain.Create(domain.KindFollowUp, "f2", domain.FollowUp{PersonID: personBob, Due: "2026-03-18"}))
	f := NewFollowUp(s, linkWorker(), "f1")
	show(t, f.Content())
	if f.method.selected != "letter" {
		t.Errorf("the method starts on %q for someone who agreed only to letters, want letter", f.method.selected)
	}
	mustShow(t, f.Content(), "Address: 1 Mill Lane, Riverside, RV1 2AB")
	mustNotShow(t, f.Content(), "Phone:")

	g := NewFollowUp(s, linkWorker(), "f2")
	show(t, g.Content())
	if g.method.selected != "" {
		t.Errorf("the method starts on %q for someone who agreed to no way, want nothing", g.method.selected)
	}
	test.Type(g.outcome, "Going every week")
	test.Tap(g.next.button("6"))
	test.Tap(g.save)
	mustShow(t, g.Content(), "Choose how you were in touch")
	if got := all[domain.Contact](s, domain.KindContact, "person_id", personBob); len(got) != 0 {
		t.Errorf("logged with no method: %+v", got)
	}
}

// TestContactLogStartsOnTheAgreedWay: the contact log starts on the way
// the person agreed to, and on nothing when they agreed to none.
func TestContactLogStartsOnTheAgreedWay(t *testing.T) {
	test.NewTempApp(t)
	s := openStore(t)
	fixture(t, s)
	letterOnlyAnn(t, s)
	c := NewContacts(s, linkWorker(), personAnn)
	show(t, c.Content())
	if c.method.selected != "letter" {
		t.Errorf("the contact log starts on %q for someone who agreed only to letters, want letter", c.method.selected)
	}
	b := NewContacts(s, linkWorker(), personBob)
	show(t, b.Content())
	if b.method.selected != "" {
		t.Errorf("the contact log starts on %q for someone who agreed to no way, want nothing", b.method.selected)
	}
	test.Type(b.outcome, "No answer")
	test.Tap(b.add)
	mustShow(t, b.Content(), "Choose how you were in touch")
	if got := all[domain.Contact](s, domain.KindContact, "person_id", personBob); len(got) != 0 {
		t.Errorf("logged with no method: %+v", got)
	}
}
