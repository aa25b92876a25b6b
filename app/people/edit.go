package people

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/access"
	"github.com/gather-sp/gather/app/kit"
	"github.com/gather-sp/gather/app/shell"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

// Editing a person's details after they were registered: the card that
// facilitators keep up to date (name, preferred name, access needs,
// emergency contact) and, for reception, link workers and administrators,
// the case details (date of birth, contact details and preferences, NHS
// number, practice, gender and ethnicity). The person card opens it with
// Edit details.
//
// The form shows only the fields the person using the app may both see
// and change, and fails closed: an unknown role sees none and writes none.
// Like the activity and venue forms it writes only the fields that were
// changed, measured against the record as the form showed it, so a change
// made meanwhile on another device to another field is kept; the shell's
// Save adds the audit entries.

// Person fields the form edits, in two groups: the card travels to venue
// tablets; the case fields stay on organisation devices.
var (
	personCardEditFields = domain.PersonCardFields // the server lets venue devices write these
	personCaseEditFields = []string{"date_of_birth", "phone", "email", "address", "postcode",
		"contact_preferences", "nhs_number", "practice", "gender", "ethnicity"}
)

// Contact preferences as stored, with the words the form shows.
var (
	personContactPrefs      = []string{"phone", "text", "email", "letter"}
	personContactPrefLabels = []string{"Phone call", "Text message", "Email", "Letter"}
)

// Gender and ethnicity are recorded as the person describes themselves,
// for the equity report only (see domain.Genders): "Not recorded" stores
// nothing; "Prefer not to say" is stored.
const (
	notRecordedLabel = domain.NotRecorded
	preferNotToSay   = domain.PreferNotToSay
)

var (
	personGenders     = append([]string{notRecordedLabel}, domain.Genders...)
	personEthnicities = append([]string{notRecordedLabel}, domain.EthnicGroups...)
)

// personEditableFields are the person fields role may change here: the
// card for those who keep it up to date, the case fields for those who may
// see them. Anything not decided is left out.
func personEditableFields(role string) map[string]bool {
	out := map[string]bool{}
	if access.CanDo(role, access.ActionEditPersonCard) {
		for _, f := range personCardEditFields {
			if access.CanSeeField(role, domain.KindPerson, f) {
				out[f] = true
			}
		}
	}
	if access.CanSeeCaseData(role) {
		for _, f := range personCaseEditFields {
			if access.CanSeeField(role, domain.KindPerson, f) {
				out[f] = true
			}
		}
	}
	return out
}

// canEditPerson reports whether role may change any of a person's
// details.
func canEditPerson(role string) bool { return len(personEditableFields(role)) > 0 }

// EditForm is Edit details: it changes a person's details.
type EditForm struct {
	sh       shell.Shell
	id       string        // the person's id (the surviving record when they were merged)
	before   domain.Person // as the form showed it: only what this role may see
	found    bool
	editable map[string]bool
	orig     map[*widget.Entry]string
	origSel  map[*widget.Select]string
	origPref []string // the ways ticked when the form opened: those agreed
	// consentChanges record consent to the ways ticked and withdraw it
	// from those unticked (read), saved with the card.
	consentChanges []record.Change
	onDone         func(msg string)
	content        fyne.CanvasObject

	title *widget.Label

	given, family, preferred      *widget.Entry
	accessNeeds                   *widget.Entry
	emergencyName, emergencyPhone *widget.Entry

	dob, phone, email, address, postcode, nhs *widget.Entry
	practice                                  *widget.SelectEntry
	prefs                                     *kit.ToggleButtons
	gender, ethnicity                         *widget.Select

	card, contact, monitoring *fyne.Container

	problem   *widget.Label
	saveBtn   *widget.Button
	cancelBtn *widget.Button
}

// NewEditForm opens the form for a person; onDone, if set, hears what
// happened after a save.
func NewEditForm(sh shell.Shell, personID string, onDone func(string)) *EditForm {
	role := sh.Staff().Role
	f := &EditForm{sh: sh, id: personID, onDone: onDone, editable: personEditableFields(role),
		orig: map[*widget.Entry]string{}, origSel: map[*widget.Select]string{}}
	if p, ok := sh.View().Person(personID); ok {
		f.found = true
		f.id = p.ID
		// The form never holds what the role may not see.
		f.before = access.RedactPerson(role, p)
		f.before.ID = p.ID
	} else {
		f.before = domain.Person{ID: personID}
	}
	f.buildUI()
	f.fill()
	return f
}

func (f *EditForm) Title() string              { return "Edit details" }
func (f *EditForm) Content() fyne.CanvasObject { return f.content }

// Refresh leaves the form alone: nothing typed is ever replaced.
func (f *EditForm) Refresh() {}

// field is a labelled input shown only when the role may edit name.
func (f *EditForm) field(name, label string, o fyne.CanvasObject, hint string) fyne.CanvasObject {
	box := kit.FormField(label, o, hint)
	if !f.editable[name] {
		box.Hide()
	}
	return box
}

func (f *EditForm) buildUI() {
	f.title = kit.Heading("")
	f.given = kit.FormEntry("First name")
	f.family = kit.FormEntry("Family name")
	f.preferred = kit.FormEntry("What they like to be called")
	f.accessNeeds = kit.FormMulti("For example: uses a wheelchair; hard of hearing, sit near the front")
	f.emergencyName = kit.FormEntry("Name, and who they are to them")
	f.emergencyPhone = kit.FormEntry("07700 900123")

	f.dob = kit.FormEntry("For example 21/11/1950")
	f.phone = kit.FormEntry("07700 900123")
	f.email = kit.FormEntry("name@example.com")
	f.address = kit.FormEntry("House, street and town")
	f.postcode = kit.FormEntry("KV2 7HN")
	f.nhs = kit.FormEntry("10 digits, like 943 476 5919")
	f.practice = widget.NewSelectEntry(nil)
	f.practice.SetPlaceHolder("Their GP practice")
	f.prefs = kit.NewToggleButtons(kit.FormWidth(f.sh.Window()))
	f.prefs.SetOptions(personContactPrefs, personContactPrefLabels)
	f.gender = widget.NewSelect(append([]string(nil), personGenders...), nil)
	f.ethnicity = widget.NewSelect(append([]string(nil), personEthnicities...), nil)

	f.problem = kit.FormProblem()
	f.saveBtn = kit.BigButton("Save", theme.DocumentSaveIcon(), widget.HighImportance, f.onSave)
	f.cancelBtn = kit.BigButton("Cancel", theme.CancelIcon(), widget.MediumImportance, f.sh.Back)

	prefsBox := container.NewVBox(kit.FormLabel("How they agree to be contacted"), f.prefs.Box,
		kit.FormNote("Tick each way they agree to. Save records their consent to each way ticked, today, by you, and that they no longer agree to a way unticked. Leave them all off if nobody has asked yet."))
	if !f.editable["contact_preferences"] {
		prefsBox.Hide()
	}
	f.card = container.NewVBox(
		kit.RowTitle("Their card"),
		kit.FormNote("Everyone who takes a register they are on sees these, on every device that has them."),
		kit.FormGrid(f.sh.Window(), 2,
			f.field("given_name", "Given name", f.given, ""),
			f.field("family_name", "Family name", f.family, "")),
		f.field("preferred_name", "Known as (optional)", f.preferred, "The name to greet them by, if not their given name"),
		f.field("access_needs", "Access needs", f.accessNeeds, "What helps them take part safely; shown in orange on the register"),
		kit.FormGrid(f.sh.Window(), 2,
			f.field("emergency_contact_name", domain.LabelEmergencyContact, f.emergencyName, ""),
			f.field("emergency_contact_phone", domain.LabelEmergencyPhone, f.emergencyPhone, "")))
	f.contact = container.NewVBox(
		kit.RowTitle("Contact details"),
		kit.FormNote("Only reception, link workers and administrators see these. They never go to venue tablets."),
		kit.FormGrid(f.sh.Window(), 2,
			f.field("phone", "Phone", f.phone, ""),
			f.field("email", "Email", f.email, "")),
		f.field("address", "Address", f.address, ""),
		kit.FormGrid(f.sh.Window(), 2,
			f.field("postcode", "Postcode", f.postcode, ""),
			f.field("date_of_birth", "Date of birth", f.dob, "For example 21/11/1950")),
		prefsBox)
	f.monitoring = container.NewVBox(
		kit.RowTitle("Health and equality"),
		kit.FormNote("Gender and ethnic group are only ever counted, in reports that check the service reaches everyone. Ask them; never guess."),
		kit.FormGrid(f.sh.Window(), 2,
			f.field("nhs_number", "NHS number", f.nhs, "On letters from their GP or the NHS App"),
			f.field("practice", "GP practice", f.practice, "")),
		kit.FormGrid(f.sh.Window(), 2,
			f.field("gender", "Gender", f.gender, "As they describe themselves"),
			f.field("ethnicity", "Ethnic group", f.ethnicity, "As they describe themselves")))
	showIfAny := func(box *fyne.Container, fields []string) {
		for _, n := range fields {
			if f.editable[n] {
				return
			}
		}
		box.Hide()
	}
	showIfAny(f.card, personCardEditFields)
	showIfAny(f.contact, []string{"phone", "email", "address", "postcode", "date_of_birth", "contact_preferences"})
	showIfAny(f.monitoring, []string{"nhs_number", "practice", "gender", "ethnicity"})

	body := container.NewVBox(f.title)
	if !f.found {
		body.Add(kit.FormNote("This person is not on this device, so their details cannot be changed here."))
		f.saveBtn.Disable()
	} else if len(f.editable) == 0 {
		body.Add(kit.FormNote("Your role does not change people's details. Ask a link worker or reception."))
		f.saveBtn.Disable()
	}
	body.Add(f.card)
	body.Add(f.contact)
	body.Add(f.monitoring)
	body.Add(widget.NewSeparator())
	body.Add(f.problem)
	body.Add(container.NewHBox(kit.Tall(f.saveBtn), kit.Tall(f.cancelBtn)))
	f.content = kit.FormColumn(body)
}

// fill puts the person into the form, remembering what it showed.
func (f *EditForm) fill() {
	p := f.before
	if f.found {
		f.title.SetText(p.DisplayName())
	} else {
		f.title.SetText("Someone not on this device")
	}
	set := func(name string, e *widget.Entry, s string) {
		if !f.editable[name] {
			s = "" // fail closed: never show what the role may not see
		}
		e.SetText(s)
		f.orig[e] = s
	}
	set("given_name", f.given, p.GivenName)
	set("family_name", f.family, p.FamilyName)
	set("preferred_name", f.preferred, p.PreferredName)
	set("access_needs", f.accessNeeds, p.AccessNeeds)
	set("emergency_contact_name", f.emergencyName, p.EmergencyContactName)
	set("emergency_contact_phone", f.emergencyPhone, p.EmergencyContactPhone)
	set("date_of_birth", f.dob, domain.UKDay(p.DateOfBirth))
	set("phone", f.phone, p.Phone)
	set("email", f.email, p.Email)
	set("address", f.address, p.Address)
	set("postcode", f.postcode, p.Postcode)
	set("nhs_number", f.nhs, p.NHSNumber)
	set("practice", &f.practice.Entry, p.Practice)

	if f.editable["practice"] {
		f.practice.SetOptions(f.knownPractices())
	}
	if f.editable["contact_preferences"] {
		// The ticks are the contact log's: the ways they agreed to (their
		// consent records, domain.AgreedContactWays), whether or not
		// preferred, since that is what every screen and the reminders go
		// by.
		f.origPref = domain.AgreedContactWays(p, f.consents(), f.sh.Today())
		extraIDs, extraLabels := append([]string(nil), personContactPrefs...), append([]string(nil), personContactPrefLabels...)
		for _, c := range p.ContactPreferences {
			if !slices.Contains(extraIDs, c) { // something another version recorded: kept and shown
				extraIDs, extraLabels = append(extraIDs, c), append(extraLabels, kit.CapitalFirst(c))
				f.origPref = append(f.origPref, c)
			}
		}
		for _, c := range f.origPref {
			f.prefs.On[c] = true
		}
		f.prefs.SetOptions(extraIDs, extraLabels)
	}
	sel := func(name string, s *widget.Select, value string) {
		if !f.editable[name] {
			value = ""
		}
		label := value
		if value == "" {
			label = notRecordedLabel
		} else if !slices.Contains(s.Options, value) {
			s.Options = append(s.Options, value) // recorded before in other words: kept
		}
		s.SetSelected(label)
		f.origSel[s] = label
	}
	sel("gender", f.gender, p.Gender)
	sel("ethnicity", f.ethnicity, p.Ethnicity)
}

// knownPractices are the practices to pick from: the list of GP practices
// (Activities › GP practices); until one is kept, the practices already
// recorded on people, so the same practice is typed the same way.
func (f *EditForm) knownPractices() []string {
	if list := domain.PracticeChoices(f.sh.View().Practices()); len(list) > 0 {
		return list
	}
	seen := map[string]bool{}
	var out []string
	for _, r := range f.sh.View().All(domain.KindPerson) {
		if p := strings.TrimSpace(r.Get("practice")); p != "" && !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}

// consents are the person's consent records, as the contact log reads
// them.
func (f *EditForm) consents() []domain.Consent {
	var out []domain.Consent
	for _, row := range f.sh.View().By(domain.KindConsent, "person_id", f.id) {
		var c domain.Consent
		row.Decode(&c)
		if !c.Deleted {
			out = append(out, c)
		}
	}
	return out
}

// prefsChosen are the contact preferences switched on: those shown first,
// in their order, then the new ones in the form's order.
func (f *EditForm) prefsChosen() []string {
	var out []string
	for _, c := range f.origPref {
		if f.prefs.On[c] && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	for _, c := range f.prefs.IDs {
		if f.prefs.On[c] && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

func (f *EditForm) prefsChanged() bool {
	now := f.prefsChosen()
	if len(now) != len(f.origPref) {
		return true
	}
	for _, c := range f.origPref {
		if !slices.Contains(now, c) {
			return true
		}
	}
	return false
}

// Unsaved: something was typed or chosen and not saved (Back and the
// navigation ask before throwing it away).
func (f *EditForm) Unsaved() bool {
	if kit.EntriesChanged(f.orig) || f.prefsChanged() {
		return true
	}
	for s, was := range f.origSel {
		if s.Selected != was {
			return true
		}
	}
	return false
}

// text is what an entry holds now, trimmed; unchanged reports whether it
// is what the form showed.
func (f *EditForm) text(e *widget.Entry) (string, bool) {
	t := strings.TrimSpace(e.Text)
	return t, t == strings.TrimSpace(f.orig[e])
}

// read builds the person from the form, starting from the record as it was
// shown, and lists what is wrong in plain words. Fields the role may not
// edit are never read.
func (f *EditForm) read() (domain.Person, []string) {
	p := f.before
	var problems []string
	say := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	str := func(name string, e *widget.Entry, dst *string) {
		if !f.editable[name] {
			return
		}
		if t, same := f.text(e); !same {
			*dst = t
		}
	}
	phone := func(name, what string, e *widget.Entry, dst *string) {
		if !f.editable[name] {
			return
		}
		t, same := f.text(e)
		if same {
			return
		}
		if t != "" && !domain.PhoneLooksRight(t) {
			say("The %s %q has something other than digits in it, or too few. Type it like 07700 900123.", what, t)
			return
		}
		*dst = t
	}

	// The card.
	str("given_name", f.given, &p.GivenName)
	str("family_name", f.family, &p.FamilyName)
	if f.editable["given_name"] && strings.TrimSpace(p.GivenName) == "" {
		say("Type their given name.")
	}
	if t, same := f.text(f.family); f.editable["family_name"] && !same && t == "" {
		say("Type their family name. If they have only one name, put it under Given name and keep a family name of -.")
	}
	str("preferred_name", f.preferred, &p.PreferredName)
	str("access_needs", f.accessNeeds, &p.AccessNeeds)
	str("emergency_contact_name", f.emergencyName, &p.EmergencyContactName)
	phone("emergency_contact_phone", "emergency contact's number", f.emergencyPhone, &p.EmergencyContactPhone)
	if err := domain.CheckCard(p); err != nil {
		say("%s", err)
	}

	// Contact details.
	if f.editable["date_of_birth"] {
		if t, same := f.text(f.dob); !same {
			if msg, d := checkBirthDate(t, f.sh.Today()); msg != "" {
				say("%s", msg)
			} else {
				p.DateOfBirth = d
			}
		}
	}
	phone("phone", "phone number", f.phone, &p.Phone)
	if f.editable["email"] {
		if t, same := f.text(f.email); !same {
			if t != "" && !domain.EmailLooksRight(t) {
				say("The email address %q does not look right: it needs an @ with something either side, like name@example.com.", t)
			} else {
				p.Email = t
			}
		}
	}
	str("address", f.address, &p.Address)
	if f.editable["postcode"] {
		if t, same := f.text(f.postcode); !same {
			if pc, err := domain.CheckPostcode(t); err != nil {
				say("%v", err)
			} else {
				p.Postcode = pc
			}
		}
	}
	f.consentChanges = nil
	if f.editable["contact_preferences"] && f.prefsChanged() {
		// As the contact log's ticks save them (one rule,
		// domain.AgreeContactWays): consent to each way ticked, recorded
		// today by whoever is signed in, and withdrawn from each unticked;
		// a way preferred without consent stays a preference. A way
		// another version recorded is kept as it is.
		var ways, other []string
		for _, c := range f.prefsChosen() {
			if slices.Contains(domain.ContactWays, c) {
				ways = append(ways, c)
			} else {
				other = append(other, c)
			}
		}
		cs, today := f.consents(), f.sh.Today()
		prefs, _, _, changes, err := domain.AgreeContactWays(f.id, f.sh.View().PersonCards(f.id), cs, ways, today, f.sh.Staff().ID)
		if err != nil {
			say("%v", err)
		} else {
			p.ContactPreferences = append(domain.KeepUnagreedPreferences(f.before, cs, today, prefs), other...)
			if len(p.ContactPreferences) == 0 {
				p.ContactPreferences = nil
			}
			f.consentChanges = changes
		}
	}
	// Ticked ways to reach them need the details to go with them (one rule,
	// domain.CheckContactDetails): a way newly ticked, or one whose own
	// detail was changed here (domain.ContactWaysToCheck), so old records
	// never block an unrelated change.
	if f.editable["contact_preferences"] {
		// The details as they would be saved: what is in the form where
		// it may be changed, what is on file where it may not.
		has := p
		for _, d := range []struct {
			name string
			e    *widget.Entry
			dst  *string
		}{{"phone", f.phone, &has.Phone}, {"email", f.email, &has.Email}, {"address", f.address, &has.Address}, {"postcode", f.postcode, &has.Postcode}} {
			if t, same := f.text(d.e); f.editable[d.name] && !same {
				*d.dst = t
			}
		}
		shown := f.before
		shown.ContactPreferences = f.origPref
		for _, way := range domain.ContactWaysToCheck(shown, has, f.prefsChosen()) {
			if d := domain.MissingContactDetail(has, way); d != "" {
				say("%s", (&domain.ContactDetailMissing{Way: way, Detail: d}).Says(personPrefLabel(way)))
			}
		}
	}

	// Health and equality.
	if f.editable["nhs_number"] {
		if t, same := f.text(f.nhs); !same {
			if t == "" {
				p.NHSNumber = ""
			} else if n, msg := checkNHSNumber(t); msg != "" {
				say("%s", msg)
			} else {
				p.NHSNumber = n
			}
		}
	}
	if f.editable["practice"] {
		if t, same := f.text(&f.practice.Entry); !same {
			// Typed as another name the practice goes by, it is saved
			// under the list's name, so reports count it once.
			p.Practice = domain.PracticeName(f.sh.View().Practices(), t)
		}
	}
	choice := func(name string, s *widget.Select, dst *string) {
		if !f.editable[name] || s.Selected == f.origSel[s] {
			return
		}
		if s.Selected == notRecordedLabel || s.Selected == "" {
			*dst = ""
		} else {
			*dst = s.Selected
		}
	}
	choice("gender", f.gender, &p.Gender)
	choice("ethnicity", f.ethnicity, &p.Ethnicity)
	return p, problems
}

func personPrefLabel(c string) string {
	for i, x := range personContactPrefs {
		if x == c {
			return personContactPrefLabels[i]
		}
	}
	return c
}

func (f *EditForm) onSave() {
	if !f.found || len(f.editable) == 0 {
		return
	}
	p, problems := f.read()
	change := domain.Edit(domain.KindPerson, f.id, false, f.before, p)
	for k := range change.Fields {
		if !f.editable[k] { // fail closed: nothing the role may not change is written
			delete(change.Fields, k)
		}
	}
	name := p.DisplayName()
	switch shell.SaveForm(f.sh, f.problem, f.content, problems, change, f.consentChanges...) {
	case shell.FormKept:
		return
	case shell.FormUnchanged:
		f.done("Nothing was changed for " + name + ".")
		f.sh.Pop() // nothing changed: nothing to ask
		return
	}
	f.done("Saved " + name + "'s details.")
	f.sh.Pop() // saved: nothing to ask
}

func (f *EditForm) done(msg string) {
	if f.onDone != nil {
		f.onDone(msg)
	}
}

// Checks on what people type, in plain words.

// checkBirthDate reads a date of birth typed as 1950-11-21 or 21/11/1950
// (domain.BirthDate, which the walk-in and self-referral share); msg says
// what is wrong with it. An empty one clears it.
func checkBirthDate(s, today string) (msg, date string) {
	d, err := domain.BirthDate(s, today)
	if err != nil {
		return err.Error(), ""
	}
	return "", d
}

// checkNHSNumber reads an NHS number and checks its check digit; see
// domain.CheckNHSNumber, which the importer shares.
func checkNHSNumber(s string) (string, string) { return domain.CheckNHSNumber(s) }
