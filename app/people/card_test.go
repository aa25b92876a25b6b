package people

import (
	"testing"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/audit"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

// TestCardWithCaseFieldsIsAudited: a card showing someone's phone and date
// of birth is the case seen, and is audited as opening the case is, once
// per opening; a card without case fields (a facilitator's, or a person
// with none recorded) is not.
func TestCardWithCaseFieldsIsAudited(t *testing.T) {
	viewed := func(h *harness, id string) int {
		return len(auditEntries(h.sh, audit.Filter{Action: audit.ActionViewed, EntityKind: domain.KindPerson, EntityID: id}))
	}
	for _, tc := range []struct {
		role string
		want int
	}{{domain.RoleLinkWorker, 1}, {domain.RoleReception, 1}, {domain.RoleFacilitator, 0}, {domain.RoleVolunteer, 0}} {
		t.Run(tc.role, func(t *testing.T) {
			h := newHarness(t, true, desktopSize)
			h.signIn(tc.role)
			id := h.st.View().SearchPeople("ma", 1)[0].ID
			ps := NewCard(h.sh, id)
			h.sh.Push(ps)
			ps.Refresh()
			ps.Refresh() // the window refreshes the screen on show too
			if ps.contact.Visible() != (tc.want > 0) {
				t.Fatalf("case fields shown: %v", ps.contact.Visible())
			}
			if got := viewed(h, id); got != tc.want {
				t.Fatalf("%d viewed entries, want %d", got, tc.want)
			}
			if tc.want > 0 {
				es := auditEntries(h.sh, audit.Filter{Action: audit.ActionViewed, EntityID: id})
				if es[0].Staff != h.sh.Who.ID || es[0].Detail != "case" {
					t.Errorf("entry %+v, want by %s with detail case, as opening the case", es[0], h.sh.Who.ID)
				}
			}
		})
	}
	t.Run("no case fields recorded", func(t *testing.T) {
		h := newHarness(t, true, desktopSize)
		h.signIn(domain.RoleLinkWorker)
		if err := h.st.Save("test", record.Change{Kind: domain.KindPerson, ID: "p-bare",
			Fields: map[string]string{"given_name": "Bare", "family_name": "Card"}}); err != nil {
			t.Fatal(err)
		}
		ps := NewCard(h.sh, "p-bare")
		h.sh.Push(ps)
		if ps.contact.Visible() || viewed(h, "p-bare") != 0 {
			t.Errorf("a card with no case fields: shown %v, %d viewed entries", ps.contact.Visible(), viewed(h, "p-bare"))
		}
	})
}

// TestCardContactPreferenceWording: the card words the ways a person may
// be contacted as the case screen does (domain.ContactWaysWords): a way
// preferred with consent is agreed, one without is said not to be used.
func TestCardContactPreferenceWording(t *testing.T) {
	h := newHarness(t, true, desktopSize)
	h.signIn(domain.RoleReception)
	if err := h.st.Save("test", domain.Create(domain.KindPerson, "p-pref",
		domain.Person{GivenName: "Pat", FamilyName: "Ray", Phone: "07700 900999", ContactPreferences: []string{"phone", "letter"}})); err != nil {
		t.Fatal(err)
	}
	if err := h.st.Save("test", domain.Create(domain.KindConsent, "p-pref-phone",
		domain.Consent{PersonID: "p-pref", Purpose: "contact by phone", Given: "2026-11-01", RecordedBy: "lw"})); err != nil {
		t.Fatal(err)
	}
	ps := NewCard(h.sh, "p-pref")
	h.sh.Push(ps)
	ps.Refresh()
	uitest.MustShow(t, h.sh.Win.Canvas().Content(), "Agreed to contact by: phone")
	uitest.MustShow(t, h.sh.Win.Canvas().Content(), "Prefers letter, but their consent is not recorded, so it is not used")
}

// TestCardSaysAWithdrawnWayWithNoneLeft: unticking someone's only way on
// the contact log withdraws its consent and drops the way, leaving no
// preference. The case and the contact log say not to phone them; the
// card, which said how they may be contacted only while some way was
// preferred, said nothing beside their phone number.
func TestCardSaysAWithdrawnWayWithNoneLeft(t *testing.T) {
	h := newHarness(t, true, desktopSize)
	h.signIn(domain.RoleReception)
	if err := h.st.Save("test",
		domain.Create(domain.KindPerson, "p-none", domain.Person{GivenName: "Pat", FamilyName: "Ray", Phone: "07700 900999"}),
		domain.Create(domain.KindConsent, "p-none-phone", domain.Consent{PersonID: "p-none", Purpose: "contact by phone",
			Given: "2026-01-05", RecordedBy: "lw", Withdrawn: "2026-01-10", WithdrawnBy: "lw"})); err != nil {
		t.Fatal(err)
	}
	ps := NewCard(h.sh, "p-none")
	h.sh.Push(ps)
	ps.Refresh()
	uitest.MustShow(t, h.sh.Win.Canvas().Content(), "Withdrew consent to contact by phone on Sat 10 Jan 2026: do not contact them by phone")
}

// TestCardSaysHowSomeoneWithOnlyAnEmailAgreed: the card said how someone
// agreed to be contacted only beside a phone number or date of birth, so
// someone with only an email address, who agreed to email, showed no line
// at the desk, while the case said "Agreed to contact by: email".
func TestCardSaysHowSomeoneWithOnlyAnEmailAgreed(t *testing.T) {
	h := newHarness(t, true, desktopSize)
	h.signIn(domain.RoleReception)
	if err := h.st.Save("test",
		domain.Create(domain.KindPerson, "p-mail", domain.Person{GivenName: "Em", FamilyName: "Ail", Email: "em@example.org",
			ContactPreferences: []string{"email"}}),
		domain.Create(domain.KindConsent, "p-mail-email", domain.Consent{PersonID: "p-mail", Purpose: "contact by email",
			Given: "2026-01-05", RecordedBy: "lw"})); err != nil {
		t.Fatal(err)
	}
	ps := NewCard(h.sh, "p-mail")
	h.sh.Push(ps)
	ps.Refresh()
	uitest.MustShow(t, h.sh.Win.Canvas().Content(), "Agreed to contact by: email")
}
