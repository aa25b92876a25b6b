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

// TestContactLogMethodFollowsConsent: the contact log's way is chosen for
// each entry, not once when the screen opens. It follows the person's
// consent as it changes (Ann, letters only, agrees to phone calls
// instead: the next entry is a phone call); a way the worker chooses for
// an entry stays while their records change around it, and is the one
// logged; the entry after it follows their consent again.
func TestContactLogMethodFollowsConsent(t *testing.T) {
	test.NewTempApp(t)
	s := openStore(t)
	fixture(t, s)
	letterOnlyAnn(t, s)
	c := NewContacts(s, linkWorker(), personAnn)
	show(t, c.Content())
	if c.method.selected != "letter" {
		t.Fatalf("the contact log starts on %q, want letter", c.method.selected)
	}

	steps := []struct {
		name string
		do   func(t *testing.T)
		want string
	}{
		{"she agrees to phone calls, not letters", func(t *testing.T) {
			c.prefs.SetSelected([]string{"phone"})
			c.phone.SetText("07700 900123")
			test.Tap(c.savePrefs)
			mustShow(t, c.Content(), "Consent to contact by phone")
		}, "phone call"},
		{"the worker chooses in person for this entry", func(t *testing.T) {
			test.Tap(c.method.button("in person"))
		}, "in person"},
		{"her records change meanwhile (a sync)", func(t *testing.T) { c.refresh() }, "in person"},
		{"the entry is logged, the next follows her consent", func(t *testing.T) {
			test.Type(c.outcome, "Met at the garden")
			test.Tap(c.add)
			got := all[domain.Contact](s, domain.KindContact, "person_id", personAnn)
			if len(got) != 1 || got[0].Method != "in person" {
				t.Fatalf("logged %+v, want one contact in person", got)
			}
		}, "phone call"},
		{"she withdraws every way", func(t *testing.T) {
			c.prefs.SetSelected(nil)
			test.Tap(c.savePrefs)
		}, ""},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			st.do(t)
			if c.method.selected != st.want {
				t.Errorf("the way chosen is %q, want %q", c.method.selected, st.want)
			}
		})
	}
}

// TestFollowUpMethodFollowsConsent: the follow-up form's way follows a
// consent that arrives while it is open (by sync), until the worker
// chooses one.
func TestFollowUpMethodFollowsConsent(t *testing.T) {
	test.NewTempApp(t)
	s := openStore(t)
	fixture(t, s)
	letterOnlyAnn(t, s)
	saveAll(t, s, domain.Create(domain.KindFollowUp, "f1", domain.FollowUp{PersonID: personAnn, Due: "2026-03-18"}))
	f := NewFollowUp(s, linkWorker(), "f1")
	show(t, f.Content())
	before, _ := s.View().Person(personAnn)
	after := before
	after.ContactPreferences, after.Phone = []string{"phone"}, "07700 900123"
	saveAll(t, s,
		domain.Edit(domain.KindPerson, personAnn, false, before, after),
		domain.Create(domain.KindConsent, "c-ann-phone", domain.Consent{PersonID: personAnn, Purpose: "contact by phone", Given: "2026-03-10", RecordedBy: "staff-priya"}),
		domain.Edit(domain.KindConsent, "c-ann-post", false,
			domain.Consent{PersonID: personAnn, Purpose: "contact by post", Given: "2026-03-01", RecordedBy: "staff-priya"},
			domain.Consent{PersonID: personAnn, Purpose: "contact by post", Given: "2026-03-01", Withdrawn: "2026-03-10", RecordedBy: "staff-priya"}))
	f.refresh()
	if f.method.selected != "phone call" {
		t.Errorf("after she agreed to calls instead of letters the way is %q, want phone call", f.method.selected)
	}
	test.Tap(f.method.button("in person"))
	f.refresh()
	if f.method.selected != "in person" {
		t.Errorf("the way the worker chose became %q on a refresh", f.method.selected)
	}
}
