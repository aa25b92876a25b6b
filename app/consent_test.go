package app

import (
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/casework"
	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

// buttonNamed finds the first shown button with a text on the window.
func buttonNamed(t *testing.T, h *harness, text string) *widget.Button {
	t.Helper()
	if bs := buttonsNamed(h, text); len(bs) > 0 {
		return bs[0]
	}
	return nil
}

// buttonsNamed finds the shown buttons with a text, top to bottom.
func buttonsNamed(h *harness, text string) []*widget.Button {
	var out []*widget.Button
	for _, o := range test.LaidOutObjects(h.w.Canvas().Content()) {
		if b, ok := o.(*widget.Button); ok && b.Text == text && b.Visible() {
			out = append(out, b)
		}
	}
	return out
}

// openCase opens a person's case from their card, as a link worker does.
func openCase(t *testing.T, h *harness, personID string) {
	t.Helper()
	h.u.OpenPerson(personID)
	test.Tap(uitest.Button(t, h.w.Canvas().Content(), "Open their case"))
	if _, ok := h.u.current().(*casework.Case); !ok {
		t.Fatalf("Open their case showed %T", h.u.current())
	}
}

// TestLetterToGPNeedsConsent: from the case in the real shell, a link
// worker's letter to the GP cannot be made while the person has not
// consented to sharing with the GP: the case says so beside the button,
// whose consent, for what and what to do, the button does nothing, and
// nothing is written or audited. Once they consent it is saved where
// asked, owner-only, and audited against the person. Reception, who does
// not read the case's measures, is not offered it.
func TestLetterToGPNeedsConsent(t *testing.T) {
	h := newHarness(t, false, desktopSize)
	seedReminders(t, h)
	if err := h.st.Save("seed", record.Change{Kind: domain.KindStaff, ID: "s-rec",
		Fields: domain.Encode(domain.Staff{Name: "Rita", Role: domain.RoleReception})}); err != nil {
		t.Fatal(err)
	}
	h.signIn(domain.RoleReception)
	openCase(t, h, "ada")
	if buttonNamed(t, h, "Letter to the GP") != nil {
		t.Fatal("reception is offered the letter to the GP")
	}

	h.signIn(domain.RoleLinkWorker)
	openCase(t, h, "ada")
	btn := buttonNamed(t, h, "Letter to the GP")
	if btn == nil {
		t.Fatal("no Letter to the GP on the case")
	}
	if !btn.Disabled() {
		t.Error("Letter to the GP can be tapped without consent")
	}
	test.Tap(btn)
	if h.u.printDialog != nil {
		t.Fatal("the letter was offered for saving without consent")
	}
	uitest.Shot(t, h.w, "gp-letter-never-given")
	said := strings.Join(uitest.Texts(h.w.Canvas().Content()), "\n")
	for _, want := range []string{"Ada Lovelace has not given consent to share information with their GP", "record their consent"} {
		if !strings.Contains(said, want) {
			t.Errorf("the case does not say %q:\n%s", want, said)
		}
	}
	if es := exported(h, domain.KindPerson, "ada"); len(es) != 0 {
		t.Fatalf("a refused letter was audited: %+v", es)
	}
	for _, ov := range h.w.Canvas().Overlays().List() {
		h.w.Canvas().Overlays().Remove(ov)
	}

	if err := h.st.Save("seed", record.Change{Kind: domain.KindConsent, ID: "gp-ok", Fields: domain.Encode(
		domain.Consent{PersonID: "ada", Purpose: domain.ConsentShareWithGP, Given: "2026-11-01"})}); err != nil {
		t.Fatal(err)
	}
	openCase(t, h, "ada")
	btn = buttonNamed(t, h, "Letter to the GP")
	if btn == nil || btn.Disabled() {
		t.Fatal("no Letter to the GP to tap once they consent")
	}
	test.Tap(btn)
	path := savePrinted(t, h)
	mustBeOwnerOnly(t, path)
	if b, _ := os.ReadFile(path); !strings.HasPrefix(string(b), "%PDF") {
		t.Errorf("%s is not a PDF", path)
	}
	es := exported(h, domain.KindPerson, "ada")
	if len(es) != 1 || !strings.Contains(es[0].Detail, "letter to the GP") {
		t.Errorf("the letter's audit entries: %+v", es)
	}
}

// TestNoPhotosOnTheRegister: a person with no photo consent shows "No
// photos" on their register row; recording their consent on the case
// puts it on the card (which venue tablets hold) and the marker goes;
// withdrawing it brings the marker back.
func TestNoPhotosOnTheRegister(t *testing.T) {
	h := newHarness(t, false, fyne.NewSize(800, 1280))
	seedReminders(t, h)
	h.signIn(domain.RoleLinkWorker)
	// The garden group meets today (a Saturday) too.
	rowText := func() string {
		r := h.openRegister("garden")
		rr := h.row(r, "bert")
		return rr.Name + " | " + rr.Photos + " | " + rr.Detail + " | " + rr.Access
	}
	if got := rowText(); strings.Contains(got, "Photos OK") {
		t.Fatalf("Bert, who has not consented to photos, shows: %s", got)
	}

	openCase(t, h, "bert")
	// The consent rows are in ConsentPurposes order; photos is the last.
	gives := buttonsNamed(h, "Record consent")
	if len(gives) == 0 || domain.ConsentPurposes[len(domain.ConsentPurposes)-1] != domain.ConsentPhotos {
		t.Fatal("no Record consent for photos on the case")
	}
	test.Tap(gives[len(gives)-1])
	p, _ := h.st.View().Person("bert")
	if !p.PhotoConsent {
		t.Fatal("recording photo consent did not put it on the card")
	}
	if got := rowText(); !strings.Contains(got, "Photos OK") {
		t.Errorf("Bert consented to photos and shows: %s", got)
	}

	openCase(t, h, "bert")
	withdraws := buttonsNamed(h, "Withdraw") // photos: contact is changed on the contact log
	if len(withdraws) != 1 {
		t.Fatalf("%d Withdraw buttons, want 1 (photos)", len(withdraws))
	}
	test.Tap(withdraws[0])
	for _, o := range test.LaidOutObjects(h.w.Canvas().Overlays().Top()) {
		if b, ok := o.(*widget.Button); ok && b.Text == "Withdraw" {
			test.Tap(b)
		}
	}
	p, _ = h.st.View().Person("bert")
	if p.PhotoConsent {
		t.Fatal("withdrawing photo consent left it on the card")
	}
	if got := rowText(); strings.Contains(got, "Photos OK") {
		t.Errorf("after withdrawing, Bert shows: %s", got)
	}
}

// TestLetterToGPOnTheDayConsentIsWithdrawn: on the day the person withdrew
// consent, the case tells the link worker beside Letter to the GP, which
// does nothing, that they withdrew it, today, that nothing goes to the GP,
// and not to try again: a consent recorded today would not count.
func TestLetterToGPOnTheDayConsentIsWithdrawn(t *testing.T) {
	h := newHarness(t, false, desktopSize)
	seedReminders(t, h)
	if err := h.st.Save("seed", record.Change{Kind: domain.KindConsent, ID: "gp-no", Fields: domain.Encode(
		domain.Consent{PersonID: "ada", Purpose: domain.ConsentShareWithGP, Given: "2026-11-01",
			Withdrawn: domain.DateOf(testNow), WithdrawnBy: "seed"})}); err != nil {
		t.Fatal(err)
	}
	h.signIn(domain.RoleLinkWorker)
	openCase(t, h, "ada")
	btn := buttonNamed(t, h, "Letter to the GP")
	if btn == nil {
		t.Fatal("no Letter to the GP on the case")
	}
	if !btn.Disabled() {
		t.Error("Letter to the GP can be tapped after consent was withdrawn")
	}
	test.Tap(btn)
	if h.u.printDialog != nil {
		t.Fatal("the letter was offered for saving after consent was withdrawn")
	}
	uitest.Shot(t, h.w, "gp-letter-withdrawn-today")
	said := strings.Join(uitest.Texts(h.w.Canvas().Content()), "\n")
	for _, want := range []string{"A letter to the GP cannot be made",
		"Ada Lovelace withdrew consent to share information with their GP today (Saturday 21 November 2026)",
		"must not be sent", "from tomorrow"} {
		if !strings.Contains(said, want) {
			t.Errorf("the refusal does not say %q:\n%s", want, said)
		}
	}
	if strings.Contains(strings.ToLower(said), "try again") || strings.Contains(said, "Something went wrong") {
		t.Errorf("the refusal invites a retry after a withdrawal:\n%s", said)
	}
	if es := exported(h, domain.KindPerson, "ada"); len(es) != 0 {
		t.Fatalf("a refused letter was audited: %+v", es)
	}
}

// TestSelfReferralPhotosReachTheRegister: Ada, known and in the garden
// group, refers herself at reception and says photos are fine. Her card,
// which the venue tablet's register reads, then says Photos OK, as when
// the consent is recorded on her case.
func TestSelfReferralPhotosReachTheRegister(t *testing.T) {
	h := newHarness(t, false, fyne.NewSize(800, 1280))
	seedReminders(t, h)
	if err := h.st.Save("seed", record.Change{Kind: domain.KindStaff, ID: "s-rec",
		Fields: domain.Encode(domain.Staff{Name: "Rita", Role: domain.RoleReception})}); err != nil {
		t.Fatal(err)
	}
	h.signIn(domain.RoleLinkWorker)
	if rr := h.row(h.openRegister("garden"), "ada"); strings.Contains(rr.Photos+" "+rr.Detail+" "+rr.Access, "Photos OK") {
		got := rr.Photos + " | " + rr.Detail + " | " + rr.Access
		t.Fatalf("Ada, who has not consented to photos, shows: %s", got)
	}

	h.signIn(domain.RoleReception)
	h.u.ShowNav("new-referral")
	content := h.w.Canvas().Content()
	for _, o := range test.LaidOutObjects(content) {
		if e, ok := o.(*widget.Entry); ok {
			switch e.PlaceHolder {
			case "Given name":
				test.Type(e, "Ada")
			case "Family name":
				test.Type(e, "Lovelace")
			case "Phone number":
				test.Type(e, "07700 900001")
			}
		}
	}
	test.Tap(uitest.Button(t, content, "Loneliness or isolation"))
	test.Tap(uitest.Button(t, content, "Photos"))
	test.Tap(uitest.Button(t, content, "Save referral"))
	// Offered twice, under the name and in the duplicate check: both are Ada.
	use := uitest.Buttons(content, "Use this person")
	if len(use) == 0 {
		t.Fatal("Ada is not offered as already known")
	}
	test.Tap(use[len(use)-1])
	test.Tap(uitest.Button(t, content, "Save referral"))
	uitest.Shot(t, h.w, "selfreferral-saved-with-photos")
	if !uitest.Shows(content, "Saved: referral for Ada Lovelace") {
		t.Fatalf("the self-referral was not saved:\n%v", uitest.Texts(content))
	}

	if p, _ := h.st.View().Person("ada"); !p.PhotoConsent {
		t.Errorf("Ada's card does not say Photos OK: %+v", h.st.View().PersonCards("ada"))
	}
	h.signIn(domain.RoleLinkWorker)
	r := h.openRegister("garden")
	uitest.Shot(t, h.w, "register-after-selfreferral-photos")
	if rr := h.row(r, "ada"); !strings.Contains(rr.Photos+" "+rr.Detail+" "+rr.Access, "Photos OK") {
		got := rr.Photos + " | " + rr.Detail + " | " + rr.Access
		t.Errorf("Ada said photos are fine at reception; her register row shows: %s", got)
	}
}
