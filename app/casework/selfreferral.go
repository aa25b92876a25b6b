package casework

import (
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/kit"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

// SelfReferral is the "New referral" form, for a referral from anyone (the
// person themselves, a GP, another professional: its first question): find
// or create the person (with a duplicate check on name and date of birth or
// phone), reasons, notes, contact preference and consent, all saved at once.
type SelfReferral struct {
	store Store
	ctx   Context
	screen

	given, family, preferredName *widget.Entry
	dob, phone, email            *widget.Entry
	address, postcode            *widget.Entry       // where a letter goes
	practice                     *widget.SelectEntry // from the list of GP practices, or typed
	notes                        *widget.Entry
	gender, ethnicity            *widget.Select // optional, for the equity report
	reasons                      *multiChoice
	prefs                        *multiChoice
	consents                     *multiChoice
	urgent                       *toggle
	save                         *widget.Button
	clear                        *widget.Button

	dupBox       *fyne.Container
	known        *fyne.Container           // people already known, found as the name is typed
	useKnown     map[string]*widget.Button // person id -> "Use this person" in known
	source       *choiceRow
	referrer     *widget.Entry
	referrerBox  *fyne.Container
	filling      bool                      // onUse is filling in the chosen person's details
	useDup       map[string]*widget.Button // person id -> "Use this person"
	newAnyway    *widget.Button
	chosen       string // id of an existing person the referral is for
	confirmedNew bool
	chosenLabel  *widget.Label

	problem problem
	notice  *widget.Label
	box     *fyne.Container
	page    *container.Scroll // scrolls back to the top after a save
}

// NewSelfReferral returns the self-referral form.
func NewSelfReferral(store Store, ctx Context) *SelfReferral {
	s := newSelfReferral(store, ctx)
	s.nav = newNav(store, ctx, s)
	return s
}

func newSelfReferral(store Store, ctx Context) *SelfReferral {
	s := &SelfReferral{store: store, ctx: ctx}
	s.buildUI()
	return s
}

func (s *SelfReferral) title() string { return "New referral" }

func (s *SelfReferral) body() fyne.CanvasObject { return s.page }

// refresh leaves the form alone: nothing typed is ever replaced.
// refresh offers the practices the list holds now; nothing typed changes.
func (s *SelfReferral) refresh() {
	s.practice.SetOptions(domain.PracticeChoices(s.store.View().Practices()))
}

func (s *SelfReferral) buildUI() {
	s.given = entry("Given name")
	s.family = entry("Family name")
	s.preferredName = entry("What they like to be called, if not their given name")
	s.dob = entry("Date of birth, e.g. 21/03/1956")
	s.phone = entry("Phone number")
	s.email = entry("Email (optional)")
	s.address = entry("House, street and town")
	s.postcode = entry("Postcode, e.g. KV2 7HN")
	s.practice = widget.NewSelectEntry(domain.PracticeChoices(s.store.View().Practices()))
	s.practice.SetPlaceHolder("GP practice")
	s.notes = multi("Anything they want the link worker to know")
	s.gender = widget.NewSelect(append([]string{domain.NotRecorded}, domain.Genders...), nil)
	s.gender.SetSelected(domain.NotRecorded)
	s.ethnicity = widget.NewSelect(append([]string{domain.NotRecorded}, domain.EthnicGroups...), nil)
	s.ethnicity.SetSelected(domain.NotRecorded)
	s.reasons = newMultiChoice(s.ctx.width(), domain.ReferralReasons, 3)
	s.prefs = newMultiChoice(s.ctx.width(), domain.ContactWays, 4)
	s.consents = newMultiChoice(s.ctx.width(), domain.OtherConsentPurposes(), 3)
	s.urgent = newToggle("Urgent: they need a call back within two working days", nil)
	s.save = bigButton("Save referral", theme.DocumentSaveIcon(), widget.HighImportance, s.onSave)
	s.clear = bigButton("Start again", theme.ContentClearIcon(), widget.LowImportance, s.onClear)
	s.dupBox = container.NewVBox()
	s.known = container.NewVBox()
	s.referrer = entry("Name of the GP or professional, and how to reach them")
	s.referrerBox = container.NewVBox(field("Who referred them", s.referrer))
	s.referrerBox.Hide()
	s.source = newChoiceRow(s.ctx.width(), sourceChoices(), domain.ReferralSources, 3, s.onSource)
	s.source.set(domain.SourceSelf, false)
	s.chosenLabel = colored("", widget.HighImportance)
	s.chosenLabel.Hide()
	s.problem = newProblem()
	s.notice = newNotice()
	for _, e := range []*widget.Entry{s.given, s.family, s.dob, s.phone} {
		e.OnChanged = func(string) { s.onIdentityChanged() }
	}
	for _, e := range []*widget.Entry{s.given, s.family} {
		e.OnChanged = func(string) {
			s.onIdentityChanged()
			s.findKnown()
		}
	}

	// Two fields side by side where both fit, one under the other where
	// they do not: the Ethnic group drop-down's longest choice, at large
	// text on a portrait tablet, ran off the right edge.
	width := s.ctx.width()
	pair := func(objs ...fyne.CanvasObject) *fyne.Container {
		return kit.FitGrid(func() float32 { return width() - 2*theme.Padding() }, 2, objs...)
	}
	names := pair(field("Given name", s.given), field("Family name", s.family))
	ids := pair(field("Date of birth", s.dob), field("Phone", s.phone))
	// The saved notice is at the top, where the form starts again for
	// the next person at the desk (onSave scrolls there).
	s.box = container.NewVBox(
		heading("New referral"),
		muted("Name plus date of birth or phone finds them if they are already known. Everything is saved together when you tap Save."),
		s.notice, names, s.known, s.chosenLabel, ids, s.dupBox,
		pair(field("Email", s.email), field("GP practice", s.practice)),
		pair(field("Address (needed for letters)", s.address), field("Postcode", s.postcode)),
		field("Known as (optional)", s.preferredName),
		pair(field("Gender (optional)", s.gender), field("Ethnic group (optional)", s.ethnicity)),
		muted("As they describe themselves, if they want to say: only ever counted, to check the service reaches everyone. Never guess."),
		bold("Who is making the referral"), s.source.box, s.referrerBox,
		bold("Why they would like support (tick all that apply)"), s.reasons.box,
		field("Notes", s.notes),
		// One question for contact: a way ticked here is both how they
		// would like to hear from us and their consent to it.
		bold("How they agree to be contacted (tick each they are happy with)"), s.prefs.box,
		bold("Other consent they give today"), s.consents.box,
		tall(s.urgent.Button),
		s.problem.Label,
		pair(tall(s.save), tall(s.clear)),
	)
	s.page = scroll(s.box).(*container.Scroll)
}

// onIdentityChanged forgets a duplicate decision once the name, date of
// birth or phone changes, so the check runs again on Save.
func (s *SelfReferral) onIdentityChanged() {
	if s.filling {
		return
	}
	if s.chosen != "" || s.confirmedNew || len(s.dupBox.Objects) > 0 {
		s.chosen, s.confirmedNew = "", false
		s.chosenLabel.Hide()
		s.dupBox.Objects = nil
		s.dupBox.Refresh()
	}
}

// findKnown lists people already on this device whose names start with
// what has been typed, so reception can pick them instead of adding them
// again.
func (s *SelfReferral) findKnown() {
	if s.filling {
		return
	}
	s.known.Objects = nil
	s.useKnown = map[string]*widget.Button{}
	q := strings.TrimSpace(s.given.Text + " " + s.family.Text)
	if s.chosen == "" && len([]rune(strings.TrimSpace(s.family.Text))) >= 2 {
		var rows []fyne.CanvasObject
		for _, p := range s.store.View().SearchPeople(q, 5) {
			if p.Deleted || p.MergedInto != "" {
				continue
			}
			person := p
			b := bigButton("Use this person", theme.ConfirmIcon(), widget.MediumImportance, func() { s.onUse(person) })
			s.useKnown[p.ID] = b
			rows = append(rows, container.NewBorder(nil, nil, nil, side(b, 180),
				wrapped(fmt.Sprintf("%s · born %s · %s", p.DisplayName(), orDash(domain.BirthDay(p.DateOfBirth)), orDash(p.Phone)))))
		}
		if len(rows) > 0 {
			s.known.Objects = append([]fyne.CanvasObject{bold("Already known? Use them rather than adding them again:")}, rows...)
		}
	}
	s.known.Refresh()
}

func (s *SelfReferral) onSource(source string) {
	if source == domain.SourceSelf {
		s.referrerBox.Hide()
	} else {
		s.referrerBox.Show()
	}
}

func (s *SelfReferral) candidate() domain.Person {
	return domain.Person{
		GivenName: strings.TrimSpace(s.given.Text), FamilyName: strings.TrimSpace(s.family.Text),
		PreferredName: strings.TrimSpace(s.preferredName.Text),
		DateOfBirth:   domain.StoredDay(s.dob.Text), Phone: strings.TrimSpace(s.phone.Text),
		Email:   strings.TrimSpace(s.email.Text),
		Address: strings.TrimSpace(s.address.Text), Postcode: strings.TrimSpace(s.postcode.Text),
		Practice:           domain.PracticeName(s.store.View().Practices(), s.practice.Text),
		ContactPreferences: append([]string(nil), s.prefs.Selected()...),
		Gender:             chosen(s.gender), Ethnicity: chosen(s.ethnicity),
	}
}

// chosen is a select's choice as stored: nothing for "Not recorded".
func chosen(sel *widget.Select) string {
	if sel.Selected == domain.NotRecorded {
		return ""
	}
	return sel.Selected
}

// check returns what must be fixed before saving, in plain words.
func (s *SelfReferral) check(p domain.Person) error {
	var missing []string
	if p.GivenName == "" {
		missing = append(missing, "their given name")
	}
	if p.FamilyName == "" {
		missing = append(missing, "their family name")
	}
	if p.DateOfBirth == "" && p.Phone == "" && s.chosen == "" {
		missing = append(missing, "a date of birth or phone number (so we can tell if they are already known)")
	}
	if s.source.selected != domain.SourceSelf && strings.TrimSpace(s.referrer.Text) == "" {
		missing = append(missing, "who referred them")
	}
	if len(s.reasons.Selected()) == 0 {
		missing = append(missing, "at least one reason (tick \"other\" and add a note if none fits)")
	}
	if len(missing) > 0 {
		return fmt.Errorf("Please add %s, then tap Save again.", strings.Join(missing, ", "))
	}
	if _, err := domain.BirthDate(p.DateOfBirth, s.ctx.today()); err != nil {
		return err
	}
	if _, err := domain.CheckPostcode(p.Postcode); err != nil {
		return fmt.Errorf("%v Check it, then tap Save again.", err)
	}
	return nil
}

// checkContact returns what is missing for the contact ways the card
// would be saved with: each needs its detail (one rule,
// domain.CheckContactDetails), typed here or, for someone already known
// (chosen, perhaps just now from the likely duplicates), on file. Only
// the ways newly ticked, or whose detail this save changes, are checked
// (domain.ContactWaysToCheck): an older record never blocks a referral,
// but a new street typed without its postcode for someone who gets
// letters is refused in words, not saved to stop their letters. It runs
// after the duplicate check, so reception is first asked "is this them?"
// and their details on file count.
func (s *SelfReferral) checkContact(p domain.Person) error {
	var known domain.Person
	card := p
	if s.chosen != "" {
		if k, ok := s.store.View().Person(s.chosen); ok {
			known = k
			card, _, _ = domain.ReferralCard(known, p)
		}
	}
	for _, way := range domain.ContactWaysToCheck(known, card, card.ContactPreferences) {
		d := domain.MissingContactDetail(card, way)
		switch {
		case d == "":
		case slices.Contains(known.ContactPreferences, way):
			// A way on their record, which this form does not show.
			return fmt.Errorf("%s is contacted by %s (on their record), and what you typed leaves no %s for it: type the %s too, then tap Save again.",
				card.DisplayName(), way, d, d)
		default:
			return fmt.Errorf("%v Then tap Save again.", &domain.ContactDetailMissing{Way: way, Detail: d})
		}
	}
	return nil
}

func (s *SelfReferral) onSave() {
	p := s.candidate()
	if err := s.check(p); err != nil {
		s.problem.set(err)
		return
	}
	p.Postcode, _ = domain.CheckPostcode(p.Postcode) // checked above
	v := s.store.View()
	// Who they are before what is missing: someone already known may have
	// on file the email or address a way ticked needs.
	if s.chosen == "" && !s.confirmedNew {
		var people []domain.Person
		for _, r := range v.All(domain.KindPerson) {
			var x domain.Person
			r.Decode(&x)
			people = append(people, x)
		}
		if dups := domain.FindDuplicates(p, people); len(dups) > 0 {
			s.showDuplicates(dups)
			s.problem.say("They may already be known: choose the right person below, or tap \"No, this is someone new\". Then tap Save again.")
			return
		}
	}
	if err := s.checkContact(p); err != nil {
		s.problem.set(err)
		return
	}

	today := s.ctx.today()
	var changes []record.Change
	personID := s.chosen
	var cards []domain.Person     // theirs, for the photo consent they give (domain.GiveConsents)
	var replaced, unused []string // what a known person's card took from the form, and what it did not
	var onFile []string           // the details on file the ways ticked go by (domain.ContactDetailsOnFile)
	if personID == "" {
		personID = domain.NewID()
		changes = append(changes, domain.Create(domain.KindPerson, personID, p))
		p.ID = personID
		cards = []domain.Person{p}
	} else if before, ok := v.Person(personID); ok {
		var after domain.Person
		after, replaced, unused = domain.ReferralCard(before, p)
		onFile = domain.ContactDetailsOnFile(after, p, p.ContactPreferences)
		changes = append(changes, domain.Changed(domain.KindPerson, personID, before, after)...)
		personID = before.ID
		cards = v.PersonCards(personID)
	}
	referrer := "taken at reception by " + s.ctx.StaffName
	if s.source.selected != domain.SourceSelf {
		referrer = strings.TrimSpace(s.referrer.Text)
	}
	ref := domain.Referral{
		PersonID: personID, Source: s.source.selected, Practice: p.Practice, Referrer: referrer,
		Reasons: append([]string(nil), s.reasons.Selected()...), Notes: strings.TrimSpace(s.notes.Text),
		Urgent: s.urgent.On, Status: domain.ReferralReceived, Received: today,
	}
	changes = append(changes, domain.Create(domain.KindReferral, domain.NewID(), ref))
	cs := consentsOf(v, personID)
	if len(p.ContactPreferences) > 0 {
		// One rule with the contact log: a way ticked is their consent to
		// it, recorded today by whoever takes the referral. A way whose
		// consent stands goes with the ticks, so none is withdrawn here.
		ways := slices.Clone(p.ContactPreferences)
		for _, st := range domain.ContactWayStates(domain.Person{}, cs, today) {
			if st.Consent.Stands && !slices.Contains(ways, st.Way) {
				ways = append(ways, st.Way)
			}
		}
		_, _, _, agreed, err := domain.AgreeContactWays(personID, cards, cs, ways, today, s.ctx.StaffID)
		if err != nil {
			s.problem.set(err)
			return
		}
		changes = append(changes, agreed...)
	}
	changes = append(changes, domain.GiveConsents(personID, cards, cs, s.consents.Selected(), today, s.ctx.StaffID)...)
	if err := save(s.store, s.ctx, changes...); err != nil {
		s.problem.set(saveFailed(err))
		return
	}
	name := p.DisplayName()
	s.clearForm()
	said := fmt.Sprintf("Saved: referral for %s. It is in the link workers' inbox now.", name)
	if len(replaced) > 0 {
		said += " Their " + strings.Join(replaced, " and ") + " on file " + map[bool]string{true: "is", false: "are"}[len(replaced) == 1] + " now what you typed."
	}
	if len(onFile) > 0 {
		said += " Using " + strings.Join(onFile, ", ") + "."
	}
	if len(unused) > 0 {
		said += " Not used: " + strings.Join(unused, "; ") + "."
	}
	notify(s.notice, said)
	s.page.ScrollToTop() // the next person's referral starts at the top
}

func (s *SelfReferral) showDuplicates(dups []domain.Duplicate) {
	s.useDup = map[string]*widget.Button{}
	objs := []fyne.CanvasObject{subheading("Is this someone already known?")}
	for _, d := range dups {
		person := d.Person
		how := "possible"
		if d.Likely {
			how = "likely"
		}
		desc := fmt.Sprintf("%s · born %s · %s (%s: %s)", person.DisplayName(), orDash(domain.BirthDay(person.DateOfBirth)), orDash(person.Phone),
			how, strings.Join(d.Reasons, ", "))
		b := bigButton("Use this person", theme.ConfirmIcon(), widget.MediumImportance, func() { s.onUse(person) })
		s.useDup[person.ID] = b
		objs = append(objs, container.NewBorder(nil, nil, nil, side(b, 180), wrapped(desc)))
	}
	s.newAnyway = bigButton("No, this is someone new", theme.ContentAddIcon(), widget.MediumImportance, s.onNewAnyway)
	objs = append(objs, tall(s.newAnyway))
	s.dupBox.Objects = objs
	s.dupBox.Refresh()
}

func (s *SelfReferral) onUse(p domain.Person) {
	s.filling = true
	s.given.SetText(p.GivenName)
	s.family.SetText(p.FamilyName)
	if s.dob.Text == "" {
		s.dob.SetText(domain.UKDay(p.DateOfBirth))
	}
	if s.phone.Text == "" {
		s.phone.SetText(p.Phone)
	}
	s.filling = false
	s.chosen = p.ID
	s.known.Objects = nil
	s.known.Refresh()
	s.dupBox.Objects = nil
	s.dupBox.Refresh()
	s.problem.set(nil)
	s.chosenLabel.SetText(fmt.Sprintf("The referral will be added to %s (born %s). Tap Save.", p.DisplayName(), orDash(domain.BirthDay(p.DateOfBirth))))
	s.chosenLabel.Show()
}

func (s *SelfReferral) onNewAnyway() {
	s.confirmedNew = true
	s.dupBox.Objects = nil
	s.dupBox.Refresh()
	s.problem.set(nil)
	s.chosenLabel.SetText("They will be added as someone new. Tap Save.")
	s.chosenLabel.Show()
}

func (s *SelfReferral) onClear() {
	s.clearForm()
	s.notice.Hide()
	s.page.ScrollToTop()
}

func (s *SelfReferral) clearForm() {
	for _, e := range []*widget.Entry{s.given, s.family, s.preferredName, s.dob, s.phone, s.email, s.address, s.postcode, &s.practice.Entry, s.notes} {
		e.SetText("")
	}
	s.gender.SetSelected(domain.NotRecorded)
	s.ethnicity.SetSelected(domain.NotRecorded)
	s.reasons.SetSelected(nil)
	s.prefs.SetSelected(nil)
	s.consents.SetSelected(nil)
	s.urgent.SetOn(false, false)
	s.referrer.SetText("")
	s.source.set(domain.SourceSelf, true)
	s.chosen, s.confirmedNew = "", false
	s.known.Objects = nil
	s.known.Refresh()
	s.chosenLabel.Hide()
	s.dupBox.Objects = nil
	s.dupBox.Refresh()
	s.problem.set(nil)
}

// sourceChoices are the referral sources as the form offers them, in the
// words every other screen uses for a referral's source.
func sourceChoices() []string {
	out := make([]string, len(domain.ReferralSources))
	for i, s := range domain.ReferralSources {
		out[i] = domain.SourceWords(s)
	}
	return out
}
