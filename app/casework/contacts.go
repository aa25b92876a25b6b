package casework

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/domain"
)

// Contacts is a person's contact log (phone call, text, email, letter, in
// person, printed information given; each with outcome and next step) and
// their contact preferences.
type Contacts struct {
	store Store
	ctx   Context
	screen
	personID string

	header   *widget.Label
	method   *agreedMethod // each entry's, following their consent until chosen
	date     *widget.Entry
	outcome  *widget.Entry
	nextStep *widget.Entry
	add      *widget.Button
	log      *fyne.Container
	// unconsented is the method the warning about missing consent was
	// shown for: a second tap on Add with it logs the contact anyway.
	unconsented string
	consentWarn *widget.Label // beside Add, where the eye is

	prefs       *multiChoice
	phone       *widget.Entry
	email       *widget.Entry
	address     *widget.Entry
	postcode    *widget.Entry
	savePrefs   *widget.Button
	prefsLoaded bool
	// waysState says, from the records, which ways they have agreed to
	// (domain.ContactWaysWords): the same words as their case.
	waysState *widget.Label

	problem problem
	notice  *widget.Label
	box     *fyne.Container
	// waysFirst puts how they agree to be contacted above the log: the
	// screen was opened to change it (the case's Change), not to log.
	waysFirst bool
}

// NewContacts returns the contact log and preferences screen for a person.
func NewContacts(store Store, ctx Context, personID string) *Contacts {
	c := newContacts(store, ctx, nil, personID)
	c.nav = newNav(store, ctx, c)
	return c
}

func newContacts(store Store, ctx Context, n *nav, personID string) *Contacts {
	return newContactsAt(store, ctx, n, personID, false)
}

// newContactWays is the contact log opened to change how the person agrees
// to be contacted: the ticks first.
func newContactWays(store Store, ctx Context, n *nav, personID string) *Contacts {
	return newContactsAt(store, ctx, n, personID, true)
}

func newContactsAt(store Store, ctx Context, n *nav, personID string, waysFirst bool) *Contacts {
	c := &Contacts{store: store, ctx: ctx, screen: screen{n}, personID: personID, waysFirst: waysFirst}
	c.buildUI()
	c.refresh()
	return c
}

func (c *Contacts) title() string { return "Contact log" }

func (c *Contacts) body() fyne.CanvasObject { return scroll(c.box) }

func (c *Contacts) buildUI() {
	c.header = heading("")
	c.method = newAgreedMethod(c.ctx.width(), func(string) { c.clearConsentWarning() })
	c.date = dateEntry(c.ctx.today())
	c.outcome = multi("What happened")
	c.nextStep = entry("What happens next (optional)")
	c.add = bigButton(addContactText, theme.ContentAddIcon(), widget.HighImportance, c.onAdd)
	c.log = container.NewVBox()
	c.consentWarn = wrapped("")
	c.consentWarn.Importance = widget.WarningImportance
	c.consentWarn.TextStyle.Bold = true
	c.consentWarn.Hide()

	c.prefs = newMultiChoice(c.ctx.width(), domain.ContactWays, 4)
	c.waysState = wrapped("")
	c.phone = entry("Phone")
	c.email = entry("Email")
	c.address = entry("Address")
	c.postcode = entry("Postcode")
	c.savePrefs = bigButton("Save contact details and consent", theme.DocumentSaveIcon(), widget.MediumImportance, c.onSavePrefs)
	c.problem = newProblem()
	c.notice = newNotice()

	logIt := section("Log a contact",
		c.method.box,
		container.NewGridWithColumns(2, field("Date", c.date), field("Next step", c.nextStep)),
		field("Outcome", c.outcome),
		c.consentWarn,
		tall(c.add))
	logged := section("Contact log", c.log)
	ways := section("How they agree to be contacted",
		bold("Tick each way they agree to be contacted"),
		muted("Save records their consent to each way ticked, today, by you, and that they no longer agree to a way unticked. Reminders and the contact log use only ways they agree to."),
		c.prefs.box, c.waysState,
		container.NewGridWithColumns(2, field("Phone", c.phone), field("Email", c.email)),
		container.NewGridWithColumns(2, field("Address", c.address), field("Postcode", c.postcode)),
		tall(c.savePrefs))
	c.box = container.NewVBox(c.header, c.problem.Label, c.notice, logIt, logged, ways)
	if c.waysFirst {
		c.box = container.NewVBox(c.header, c.problem.Label, c.notice, ways, logIt, logged)
	}
}

// refresh rebuilds the log. The preference fields are filled once, so a
// refresh from elsewhere never overwrites what is being typed.
func (c *Contacts) refresh() {
	v := c.store.View()
	p, ok := v.Person(c.personID)
	if !ok {
		c.header.SetText("This person is not on this device")
		return
	}
	c.header.SetText("Contact with " + p.DisplayName())
	cs := consentsOf(v, c.personID)
	if !c.prefsLoaded {
		c.prefsLoaded = true
		// Ticked: the ways they have agreed to. A way they prefer without
		// consent starts unticked (the line under the ticks says so), so
		// a save to change a phone number records no consent nobody gave.
		c.prefs.SetSelected(domain.AgreedContactWays(p, cs, c.ctx.today()))
		c.phone.SetText(p.Phone)
		c.email.SetText(p.Email)
		c.address.SetText(p.Address)
		c.postcode.SetText(p.Postcode)
	}
	// The next entry is on the first way they agree to now (nothing when
	// they agree to none), as their consent changes, until the worker
	// chooses another way for it.
	c.method.follow(p, cs, c.ctx.today())
	c.waysState.SetText("Now: " + domain.ContactWaysWords(p, cs, c.ctx.today()) + ".")
	// A way ticked that is not used stands out: saving is what records it.
	markUnusedWays(c.waysState, p, cs, c.ctx.today())
	objs := []fyne.CanvasObject{}
	for _, x := range contactsOf(v, c.personID) {
		objs = append(objs, widget.NewSeparator(), contactLine(v, x))
	}
	if len(objs) == 0 {
		objs = append(objs, muted("Nothing logged yet."))
	}
	c.log.Objects = objs
	c.log.Refresh()
}

const addContactText = "Add to contact log"

// clearConsentWarning takes back the warning about consent: another way of
// contact was chosen, or the contact was logged.
func (c *Contacts) clearConsentWarning() {
	if c.consentWarn == nil || c.unconsented == "" {
		return
	}
	c.unconsented = ""
	c.consentWarn.Hide()
	c.add.SetText(addContactText)
	c.box.Refresh()
}

// personName is how the person is called on screen.
func (c *Contacts) personName() string {
	if p, ok := c.store.View().Person(c.personID); ok {
		return p.DisplayName()
	}
	return "This person"
}

func (c *Contacts) onAdd() {
	date, err := domain.ReadDay(c.date.Text)
	if err != nil {
		c.problem.say("Date: %v. Then tap Add again.", err)
		return
	}
	if date > c.ctx.today() {
		c.problem.say("%s is in the future: log a contact on the day it happened. Fix the date, then tap Add again.", niceDate(date))
		return
	}
	if strings.TrimSpace(c.outcome.Text) == "" {
		c.problem.say("Write what happened in a few words (for example \"no answer, left a message\"), then tap Add again.")
		return
	}
	method := c.method.selected
	if err := domain.CheckContactMethod(method); err != nil {
		c.problem.say("Choose how you were in touch (phone call, letter, in person…), then tap Add again.")
		return
	}
	if purpose := domain.ContactConsentPurpose(method); purpose != "" && c.unconsented != method &&
		!domain.ConsentGiven(consentsOf(c.store.View(), c.personID), purpose, date) {
		// Warn, do not refuse: the call may have been theirs, or urgent.
		c.unconsented = method
		c.add.SetText("Log it anyway")
		c.problem.set(nil)
		// In the words of the ticks below, which record it ("Agreed to
		// contact by: letter"), not the consent's own ("contact by post").
		c.consentWarn.SetText(domain.UnagreedContactWords(consentsOf(c.store.View(), c.personID), domain.ContactWayOf(method), c.personName(), date, c.ctx.today()))
		c.consentWarn.Show()
		c.box.Refresh()
		return
	}
	x := domain.Contact{PersonID: c.personID, Method: method, Date: date,
		Outcome: strings.TrimSpace(c.outcome.Text), NextStep: strings.TrimSpace(c.nextStep.Text), By: c.ctx.StaffID}
	if err := save(c.store, c.ctx, domain.Create(domain.KindContact, domain.NewID(), x)); err != nil {
		c.problem.set(saveFailed(err))
		return
	}
	c.problem.set(nil)
	c.clearConsentWarning()
	c.method.next()
	c.outcome.SetText("")
	c.nextStep.SetText("")
	notify(c.notice, fmt.Sprintf("Saved: %s on %s.", x.Method, niceDate(date)))
	c.refresh()
}

func (c *Contacts) onSavePrefs() {
	v := c.store.View()
	before, ok := v.Person(c.personID)
	if !ok {
		c.problem.say("This person is not on this device, so their details cannot be changed here.")
		return
	}
	after := before
	today := c.ctx.today()
	prefs, given, withdrawn, consents, err := domain.AgreeContactWays(c.personID, v.PersonCards(c.personID),
		consentsOf(v, c.personID), c.prefs.Selected(), today, c.ctx.StaffID)
	if err != nil {
		c.problem.set(err)
		return
	}
	after.ContactPreferences = domain.KeepUnagreedPreferences(before, consentsOf(v, c.personID), today, prefs)
	after.Phone = strings.TrimSpace(c.phone.Text)
	after.Email = strings.TrimSpace(c.email.Text)
	after.Address = strings.TrimSpace(c.address.Text)
	// A postcode is checked only when it was changed here: one kept under
	// an older rule does not block every other change.
	if pc := strings.TrimSpace(c.postcode.Text); pc != strings.TrimSpace(before.Postcode) {
		if after.Postcode, err = domain.CheckPostcode(pc); err != nil {
			c.problem.say("%v Check it, then tap Save again.", err)
			return
		}
	}
	// The ways newly ticked here (against the ticks the screen shows), and
	// those whose detail was changed, need their detail (one rule); an
	// older record's way nobody touched never blocks an unrelated change.
	shown := before
	shown.ContactPreferences = domain.AgreedContactWays(before, consentsOf(v, c.personID), today)
	if err := domain.CheckContactDetails(after, domain.ContactWaysToCheck(shown, after, prefs)); err != nil {
		c.problem.say("%v Then tap Save again.", err)
		return
	}
	changes := append(domain.Changed(domain.KindPerson, before.ID, before, after), consents...)
	if len(changes) == 0 {
		c.problem.set(nil)
		notify(c.notice, "Nothing changed.")
		return
	}
	if err := save(c.store, c.ctx, changes...); err != nil {
		c.problem.set(saveFailed(err))
		return
	}
	c.problem.set(nil)
	said := "Saved: contact details."
	if len(given) > 0 {
		said += fmt.Sprintf(" Consent to contact by %s recorded today by %s.", strings.Join(given, ", "), c.ctx.StaffName)
	}
	if len(withdrawn) > 0 {
		said += fmt.Sprintf(" No longer agreed, recorded today: contact by %s.", strings.Join(withdrawn, ", "))
	}
	notify(c.notice, said)
	c.refresh()
}
