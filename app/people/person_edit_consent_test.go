package people

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/domain"
)

// TestEditDetailsWaysAreTheConsent: Edit details' "How they are happy to
// be contacted" ticks saved preferences alone. Since consent is the one
// fact (a way may be used when its consent stands, preferred or not),
// reception unticking Phone call for someone who said "don't ring me"
// changed nothing anyone saw: the card still said "Agreed to contact by:
// phone" and reminders still put them on the call list; a way ticked
// there read "consent is not recorded, so it is not used"; and a way
// agreed without being preferred (the case's old buttons) showed
// unticked. The ticks are now the contact log's: they show the ways
// agreed, and saving records consent to each ticked and withdraws it from
// each unticked, today, by whoever is signed in.
func TestEditDetailsWaysAreTheConsent(t *testing.T) {
	h := newHarness(t, true, fyne.NewSize(1280, 800))
	h.signIn(domain.RoleReception)
	if err := h.st.Save("test",
		domain.Create(domain.KindPerson, "p-ways", domain.Person{GivenName: "Wyn", FamilyName: "Ways", Phone: "07700 900321",
			Email: "wyn@example.org", ContactPreferences: []string{"phone"}}),
		domain.Create(domain.KindConsent, "p-ways-phone", domain.Consent{PersonID: "p-ways", Purpose: "contact by phone",
			Given: "2026-01-05", RecordedBy: "lw"}),
		domain.Create(domain.KindConsent, "p-ways-text", domain.Consent{PersonID: "p-ways", Purpose: "contact by text",
			Given: "2026-01-05", RecordedBy: "lw"})); err != nil {
		t.Fatal(err)
	}
	agreed := func() []string {
		p, _ := h.st.View().Person("p-ways")
		return domain.AgreedContactWays(p, consentsIn(h, "p-ways"), h.sh.Today())
	}
	h.sh.Push(NewEditForm(h.sh, "p-ways", nil))
	f := h.sh.Top().(*EditForm)
	for _, way := range []string{"phone", "text"} {
		if !f.prefs.On[way] {
			t.Errorf("%s is agreed, yet shows unticked on Edit details", way)
		}
	}
	f.prefs.Toggle("phone") // "don't ring me"
	if f.prefs.On["phone"] {
		f.prefs.Toggle("phone")
	}
	if !f.prefs.On["email"] {
		f.prefs.Toggle("email")
	}
	test.Tap(f.saveBtn)
	if f.problem.Visible() {
		t.Fatalf("not saved: %q", f.problem.Text)
	}
	if got := agreed(); !slices.Equal(got, []string{"text", "email"}) {
		t.Errorf("after unticking phone and ticking email, agreed to %v, want [text email]", got)
	}
	p, _ := h.st.View().Person("p-ways")
	if plan := domain.PlanReminders([]domain.Person{p}, map[string][]domain.Consent{"p-ways": consentsIn(h, "p-ways")}, h.sh.Today()); len(plan.Calls) != 0 {
		t.Errorf("unticked phone, still on the call list: %+v", plan.Calls)
	}
}

func consentsIn(h *harness, personID string) []domain.Consent {
	var out []domain.Consent
	for _, row := range h.st.View().By(domain.KindConsent, "person_id", personID) {
		var c domain.Consent
		row.Decode(&c)
		if !c.Deleted {
			out = append(out, c)
		}
	}
	return out
}
