package people

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/report"
)

// openPersonEdit opens someone on today's garden register, their card, and
// taps Edit details.
func openPersonEdit(t *testing.T, h *harness) (*Card, *EditForm, string) {
	t.Helper()
	var personID string
	if access := h.sh.Who.Role; access == domain.RoleFacilitator || access == domain.RoleVolunteer {
		// From the register: its card button.
		personID = openRegister(t, h, garden).expected[0]
		h.sh.Push(NewCard(h.sh, personID))
	} else {
		people := h.st.View().SearchPeople("a", 1)
		if len(people) == 0 {
			t.Fatal("nobody in the demo")
		}
		personID = people[0].ID
		h.sh.Push(NewCard(h.sh, personID))
	}
	ps, ok := h.sh.Top().(*Card)
	if !ok {
		t.Fatalf("the card is not showing: %T", h.sh.Top())
	}
	if !ps.editBtn.Visible() {
		t.Fatalf("no Edit details button for a %s", h.sh.Who.Role)
	}
	test.Tap(ps.editBtn)
	f, ok := h.sh.Top().(*EditForm)
	if !ok {
		t.Fatalf("Edit details showed %T", h.sh.Top())
	}
	return ps, f, personID
}

// lastChangedEntry is the detail of the newest "changed" audit entry for
// an entity.
func lastChangedEntry(h *harness, id string) string {
	var best domain.Audit
	for _, r := range h.st.View().By(domain.KindAudit, "entity_id", id) {
		var a domain.Audit
		r.Decode(&a)
		if a.Action == "changed" && !a.At.Before(best.At) {
			best = a
		}
	}
	return best.Detail
}

// TestPersonEditButtonByRole: the card offers Edit details to those who may
// change something, and the form shows only what each role may change.
func TestPersonEditButtonByRole(t *testing.T) {
	for _, tc := range []struct {
		role        string
		button      bool
		card, case_ bool
	}{
		{domain.RoleAdministrator, true, true, true},
		{domain.RoleLinkWorker, true, true, true},
		{domain.RoleReception, true, true, true},
		{domain.RoleFacilitator, true, true, false},
		{domain.RoleVolunteer, false, false, false},
	} {
		t.Run(tc.role, func(t *testing.T) {
			h := newHarness(t, true, fyne.NewSize(1280, 800))
			h.signIn(tc.role)
			people := h.st.View().SearchPeople("a", 1)
			ps := NewCard(h.sh, people[0].ID)
			h.sh.Push(ps)
			if ps.editBtn.Visible() != tc.button {
				t.Fatalf("Edit details shown %v, want %v", ps.editBtn.Visible(), tc.button)
			}
			f := NewEditForm(h.sh, people[0].ID, nil)
			if f.card.Visible() != tc.card || f.contact.Visible() != tc.case_ || f.monitoring.Visible() != tc.case_ {
				t.Fatalf("sections shown: card %v, contact %v, monitoring %v", f.card.Visible(), f.contact.Visible(), f.monitoring.Visible())
			}
		})
	}
	// An unknown role sees and writes nothing.
	if got := personEditableFields("visitor"); len(got) != 0 {
		t.Fatalf("an unknown role may edit %v", got)
	}
}

// TestPersonEditFieldsAreAllDecided: every field of a person is either
// edited here or deliberately not (id, merge, deletion), so a field added
// later is not silently left uneditable.
func TestPersonEditFieldsAreAllDecided(t *testing.T) {
	// photo_consent follows the photo consent recorded in the case
	// (domain.PhotoConsentCard); it is not typed in.
	decided := map[string]bool{"id": true, record.FieldMergedInto: true, record.FieldDeleted: true, "photo_consent": true}
	for _, f := range append(append([]string(nil), personCardEditFields...), personCaseEditFields...) {
		decided[f] = true
	}
	for f := range domain.Encode(domain.Person{}) {
		if !decided[f] {
			t.Errorf("person field %q is neither edited by the form nor left out on purpose", f)
		}
	}
}

// TestPersonEditFacilitatorKeepsTheCardUpToDate: a facilitator changes
// access needs and the emergency contact from the register; only those
// fields are written (and audited), and the card shows them.
func TestPersonEditFacilitatorKeepsTheCardUpToDate(t *testing.T) {
	h := newHarness(t, true, fyne.NewSize(800, 1280))
	h.signIn(domain.RoleFacilitator)
	rs := recordSaves(h)
	ps, f, id := openPersonEdit(t, h)
	if f.contact.Visible() || f.monitoring.Visible() {
		t.Fatal("a facilitator sees case fields")
	}
	if f.dob.Text != "" || f.phone.Text != "" || f.nhs.Text != "" {
		t.Fatalf("case values reached a facilitator's form: %q %q %q", f.dob.Text, f.phone.Text, f.nhs.Text)
	}
	f.accessNeeds.SetText(f.accessNeeds.Text + " Needs a chair with arms.")
	f.emergencyName.SetText("Sam (daughter)")
	f.emergencyPhone.SetText("07700 900461")
	test.Tap(f.saveBtn)
	if h.sh.Top() != ps {
		t.Fatalf("after Save: on %T (problem %q)", h.sh.Top(), f.problem.Text)
	}
	want := []string{"access_needs", "emergency_contact_name", "emergency_contact_phone"}
	if got := rs.Writes(domain.KindPerson, id); !reflect.DeepEqual(got, want) {
		t.Fatalf("wrote %v, want %v", got, want)
	}
	if got := lastChangedEntry(h, id); got != "fields: "+strings.Join(want, ", ") {
		t.Fatalf("audit entry %q", got)
	}
	p, _ := h.st.View().Person(id)
	if !strings.HasSuffix(p.AccessNeeds, "Needs a chair with arms.") || p.EmergencyContactPhone != "07700 900461" {
		t.Fatalf("stored %+v", p)
	}
	if !strings.Contains(ps.emergency.Text, "Sam (daughter)") || !strings.Contains(ps.access.Text, "chair with arms") {
		t.Fatalf("the card shows %q / %q", ps.access.Text, ps.emergency.Text)
	}
}

// TestPersonEditReceptionRecordsMonitoring: reception records an NHS
// number, gender and ethnicity; they are stored and the equity report
// counts the person under them.
func TestPersonEditReceptionRecordsMonitoring(t *testing.T) {
	h := newHarness(t, true, fyne.NewSize(1280, 800))
	// Make sure the person attended in the period: a facilitator marks them.
	h.signIn(domain.RoleFacilitator)
	r := openRegister(t, h, garden)
	id := r.expected[0]
	r.mark(t, h, id)
	h.signIn(domain.RoleReception)
	rs := recordSaves(h)
	h.sh.Push(NewCard(h.sh, id))
	ps := h.sh.Top().(*Card)
	test.Tap(ps.editBtn)
	f := h.sh.Top().(*EditForm)

	f.nhs.SetText("9434765919")
	f.gender.SetSelected("Non-binary")
	f.ethnicity.SetSelected("Mixed or multiple ethnic groups")
	f.dob.SetText("21/11/1950")
	f.email.SetText("someone@example.com")
	if !f.prefs.On["email"] {
		f.prefs.Toggle("email")
	}
	test.Tap(f.saveBtn)
	if h.sh.Top() != ps {
		t.Fatalf("after Save: on %T (problem %q)", h.sh.Top(), f.problem.Text)
	}
	p, _ := h.st.View().Person(id)
	if p.NHSNumber != "943 476 5919" || p.Gender != "Non-binary" || p.Ethnicity != "Mixed or multiple ethnic groups" ||
		p.DateOfBirth != "1950-11-21" || p.Email != "someone@example.com" || !slices.Contains(p.ContactPreferences, "email") {
		t.Fatalf("stored %+v", p)
	}
	for _, f := range rs.Writes(domain.KindPerson, id) {
		if slices.Contains(personCardEditFields, f) {
			t.Errorf("wrote card field %s that was not touched", f)
		}
	}

	rep, err := report.Build(report.Load(h.st.View()), report.Options{From: "2026-01-01", To: "2026-11-30"})
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]bool{}
	for _, e := range rep.Equity {
		found[e.Dimension+"/"+e.Group] = true
	}
	for _, want := range []string{"Gender/Non-binary", "Ethnicity/Mixed or multiple ethnic groups"} {
		if !found[want] {
			t.Errorf("equity has no %s row: %v", want, found)
		}
	}

	// Not recorded clears it again; the report counts them as not recorded.
	test.Tap(ps.editBtn)
	f = h.sh.Top().(*EditForm)
	if f.gender.Selected != "Non-binary" {
		t.Fatalf("the form shows gender %q", f.gender.Selected)
	}
	f.gender.SetSelected(notRecordedLabel)
	test.Tap(f.saveBtn)
	if p, _ := h.st.View().Person(id); p.Gender != "" {
		t.Fatalf("Not recorded stored %q", p.Gender)
	}
}

// TestPersonEditBadInputKeepsTheForm: each mistake is said in plain words,
// nothing is saved, and everything typed stays.
func TestPersonEditBadInputKeepsTheForm(t *testing.T) {
	for _, tc := range []struct {
		name string
		set  func(f *EditForm)
		want string
	}{
		{"NHS number check digit", func(f *EditForm) { f.nhs.SetText("943 476 5918") }, "not a real NHS number"},
		{"NHS number too short", func(f *EditForm) { f.nhs.SetText("943 476 591") }, "has 9 digits"},
		{"NHS number letters", func(f *EditForm) { f.nhs.SetText("943 476 591x") }, "should be 10 digits"},
		{"future date of birth", func(f *EditForm) { f.dob.SetText("2030-01-01") }, "is in the future"},
		{"unreadable date of birth", func(f *EditForm) { f.dob.SetText("31/02/1950") }, "not a date we can read"},
		{"no given name", func(f *EditForm) { f.given.SetText("  ") }, "Type their given name"},
		{"email without @", func(f *EditForm) { f.email.SetText("someone.example.com") }, "needs an @"},
		{"postcode", func(f *EditForm) { f.postcode.SetText("not a postcode") }, "does not look like a UK postcode"},
		{"phone", func(f *EditForm) { f.phone.SetText("call me") }, "other than digits"},
		{"text without a phone", func(f *EditForm) {
			f.phone.SetText("")
			f.prefs.On["text"] = true
		}, "Text message is ticked but there is no phone number"},
		{"letter without a postcode", func(f *EditForm) {
			f.address.SetText("4 Orchard Close, Kirkby Vale")
			f.postcode.SetText("")
			f.prefs.On["letter"] = true
		}, "Letter is ticked but there is no postcode: add it, or untick letter."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, true, fyne.NewSize(1280, 800))
			h.signIn(domain.RoleReception)
			rs := recordSaves(h)
			_, f, id := openPersonEdit(t, h)
			f.preferred.SetText("Typed and kept")
			tc.set(f)
			typed := map[*widget.Entry]string{}
			for e := range f.orig {
				typed[e] = e.Text
			}
			test.Tap(f.saveBtn)
			if h.sh.Top() != f {
				t.Fatalf("a bad form left for %T", h.sh.Top())
			}
			if !f.problem.Visible() || !strings.Contains(f.problem.Text, tc.want) {
				t.Fatalf("problem %q (shown %v), want it to say %q", f.problem.Text, f.problem.Visible(), tc.want)
			}
			for e, was := range typed {
				if e.Text != was {
					t.Errorf("an entry changed from %q to %q", was, e.Text)
				}
			}
			if got := rs.Writes(domain.KindPerson, id); len(got) != 0 {
				t.Fatalf("saved %v despite the problem", got)
			}
		})
	}
}

// TestPersonEditChecks: the NHS number and date of birth rules on their own.
func TestPersonEditChecks(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"9434765919", "943 476 5919", true},
		{"943 476 5919", "943 476 5919", true},
		{"943-476-5919", "943 476 5919", true},
		{"401 023 2137", "401 023 2137", true},
		{"943 476 5910", "", false},
		{"0000000000", "000 000 0000", true},
		{"1234567890", "", false}, // check digit would be 10: never issued
	} {
		got, msg := checkNHSNumber(tc.in)
		if (msg == "") != tc.ok || got != tc.want {
			t.Errorf("checkNHSNumber(%q) = %q, %q", tc.in, got, msg)
		}
	}
	for _, tc := range []struct{ in, want, msg string }{
		{"2026-11-21", "2026-11-21", ""},
		{"21/11/2026", "2026-11-21", ""},
		{"22/11/2026", "", "in the future"},
		{"1880-01-01", "", "more than 130 years"},
		{"", "", ""},
	} {
		msg, got := checkBirthDate(tc.in, "2026-11-21")
		if got != tc.want || !strings.Contains(msg, tc.msg) || (tc.msg == "") != (msg == "") {
			t.Errorf("checkBirthDate(%q) = %q, %q", tc.in, got, msg)
		}
	}
}

// TestPersonEditWritesOnlyWhatChanged: a change made on another device
// meanwhile to a field the form did not touch survives the save, and an
// untouched form writes nothing.
func TestPersonEditWritesOnlyWhatChanged(t *testing.T) {
	h := newHarness(t, true, fyne.NewSize(1280, 800))
	h.signIn(domain.RoleLinkWorker)
	rs := recordSaves(h)
	ps, f, id := openPersonEdit(t, h)

	// Untouched: Save writes nothing and goes back.
	test.Tap(f.saveBtn)
	if h.sh.Top() != ps || len(rs.Writes(domain.KindPerson, id)) != 0 {
		t.Fatalf("an untouched form wrote %v", rs.Writes(domain.KindPerson, id))
	}

	test.Tap(ps.editBtn)
	f = h.sh.Top().(*EditForm)
	// Meanwhile, someone else changes the phone.
	if err := h.st.Save("elsewhere", record.Change{Kind: domain.KindPerson, ID: id, Fields: map[string]string{"phone": "01632 960111"}}); err != nil {
		t.Fatal(err)
	}
	f.postcode.SetText("kv2 7hn")
	test.Tap(f.saveBtn)
	if got := rs.Writes(domain.KindPerson, id); !reflect.DeepEqual(got, []string{"postcode"}) {
		t.Fatalf("wrote %v, want only postcode", got)
	}
	if got := lastChangedEntry(h, id); got != "fields: postcode" {
		t.Fatalf("audit entry %q", got)
	}
	p, _ := h.st.View().Person(id)
	if p.Postcode != "KV2 7HN" || p.Phone != "01632 960111" {
		t.Fatalf("postcode %q, phone %q", p.Postcode, p.Phone)
	}
}

// TestPersonEditSaveFailsKeepsTyping: when the store refuses, the form
// stays with everything typed.
func TestPersonEditSaveFailsKeepsTyping(t *testing.T) {
	h := newHarness(t, true, fyne.NewSize(1280, 800))
	h.signIn(domain.RoleReception)
	rs := recordSaves(h)
	_, f, _ := openPersonEdit(t, h)
	rs.Fail = errors.New("disk full")
	f.accessNeeds.SetText("Hard of hearing")
	f.ethnicity.SetSelected("White")
	test.Tap(f.saveBtn)
	if h.sh.Top() != f || f.accessNeeds.Text != "Hard of hearing" || f.ethnicity.Selected != "White" || !f.Unsaved() {
		t.Fatalf("a failed save lost the form: on %T, %q, %q", h.sh.Top(), f.accessNeeds.Text, f.ethnicity.Selected)
	}
}

// TestPersonEditBackAsks: changes typed or chosen are unsaved (Unsaved),
// so Back asks first (the shell's confirmLeave asks every form that has
// unsaved changes; the window's leave tests drive it); untouched, nothing
// is.
func TestPersonEditBackAsks(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(f *EditForm)
	}{
		{"typed", func(f *EditForm) { f.accessNeeds.SetText("Uses a stick") }},
		{"chosen", func(f *EditForm) { f.gender.SetSelected("Female") }},
		{"toggled", func(f *EditForm) { f.prefs.Toggle("text") }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, true, fyne.NewSize(1280, 800))
			h.signIn(domain.RoleReception)
			ps, f, _ := openPersonEdit(t, h)
			if f.Unsaved() {
				t.Fatal("an untouched form says it has changes")
			}
			tc.change(f)
			if !f.Unsaved() || h.sh.Top() != f {
				t.Fatalf("changes %s are not unsaved (on %T)", tc.name, h.sh.Top())
			}
			h.sh.Back() // "Leave without saving"
			if h.sh.Top() != ps {
				t.Fatalf("Leave without saving went to %T", h.sh.Top())
			}
		})
	}
}

// TestPersonEditTouchTargets: every button on the form is at least a touch
// target high, on a portrait tablet too.
func TestPersonEditTouchTargets(t *testing.T) {
	for _, size := range []fyne.Size{fyne.NewSize(1280, 800), fyne.NewSize(800, 1280)} {
		h := newHarness(t, true, size)
		h.signIn(domain.RoleReception)
		_, f, _ := openPersonEdit(t, h)
		uitest.VisibleButtons(f.content.(*container.Scroll).Content, func(b *widget.Button) {
			if b.Size().Height < 44 {
				t.Errorf("%v: button %q is %v high", size, b.Text, b.Size().Height)
			}
		})
	}
}
