package casework

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/access"
	"github.com/gather-sp/gather/app/kit"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/storage"
)

// Case is a person's whole case on one screen: consent first, then
// referrals, matches, attendance across venues, follow-ups, the contact log
// and wellbeing measures before and after.
type Case struct {
	store Store
	ctx   Context
	screen
	personID string

	box     *fyne.Container
	problem problem
	notice  *widget.Label

	// Buttons by what they act on, for the shell's tests and ours.
	giveConsent     map[string]*widget.Button // purpose -> Record consent
	withdrawConsent map[string]*widget.Button // purpose -> Withdraw
	finish          map[string]*widget.Button // match id -> Finished
	suggest         map[string]*widget.Button // activity id -> Match (next step)
	recordFollowUp  map[string]*widget.Button // follow-up id -> Record
	matchButton     *widget.Button
	measureButton   *widget.Button
	contactsButton  *widget.Button
	// contactWaysButton opens the contact log, where the ticks record how
	// they agree to be contacted.
	contactWaysButton *widget.Button
	gpLetterButton    *widget.Button // "Letter to the GP", when the shell can print it
	baselineButton    *widget.Button // shown while a matched person has no baseline
	sections          []string       // section titles in the order shown
	texts             []string       // every label's text, for tests
}

// NewCase returns the case screen for a person.
func NewCase(store Store, ctx Context, personID string) *Case {
	c := &Case{store: store, ctx: ctx, personID: personID}
	if CanUse(ctx.Role) {
		RecordViewedCase(store, ctx, personID)
	}
	c.nav = newNav(store, ctx, c)
	c.refresh()
	c.nav.show()
	return c
}

func newCase(store Store, ctx Context, n *nav, personID string) *Case {
	c := &Case{store: store, ctx: ctx, screen: screen{n}, personID: personID}
	if CanUse(ctx.Role) {
		RecordViewedCase(store, ctx, personID)
	}
	c.refresh()
	return c
}

func (c *Case) title() string { return "Case" }

func (c *Case) body() fyne.CanvasObject {
	if c.box == nil {
		c.box = container.NewVBox()
	}
	return scroll(c.box)
}

func (c *Case) refresh() {
	if c.box == nil {
		c.box = container.NewVBox()
	}
	if c.notice == nil {
		c.problem, c.notice = newProblem(), newNotice()
	}
	c.giveConsent, c.withdrawConsent = map[string]*widget.Button{}, map[string]*widget.Button{}
	c.finish, c.suggest, c.recordFollowUp = map[string]*widget.Button{}, map[string]*widget.Button{}, map[string]*widget.Button{}
	c.sections, c.texts = nil, nil
	c.baselineButton = nil

	v := c.store.View()
	if !CanUse(c.ctx.Role) {
		c.box.Objects = []fyne.CanvasObject{wrapped("Case records are for link workers and reception. Ask a link worker if you need something from this person's case.")}
		c.box.Refresh()
		return
	}
	p, ok := v.Person(c.personID)
	if !ok {
		c.box.Objects = []fyne.CanvasObject{wrapped("This person is not on this device. Sync, then try again.")}
		c.box.Refresh()
		return
	}
	c.personID = p.ID // follow a merge
	objs := []fyne.CanvasObject{c.header(p), c.problem.Label, c.notice, c.actions(v, p)}
	objs = append(objs, c.consentSection(v, p))
	objs = append(objs, c.referralSection(v))
	if c.ctx.sees(domain.KindMatch) {
		objs = append(objs, c.matchSection(v))
	}
	objs = append(objs, c.attendanceSection(v))
	if c.ctx.sees(domain.KindFollowUp) {
		objs = append(objs, c.followUpSection(v))
	}
	if c.ctx.sees(domain.KindContact) {
		objs = append(objs, c.contactSection(v))
	}
	if c.ctx.sees(domain.KindMeasure) {
		objs = append(objs, c.measureSection(v))
	}
	c.box.Objects = objs
	c.box.Refresh()
	c.collectTexts(c.box)
}

func (c *Case) collectTexts(o fyne.CanvasObject) {
	switch x := o.(type) {
	case *widget.Label:
		if x.Visible() {
			c.texts = append(c.texts, x.Text)
		}
	case *fyne.Container:
		for _, k := range x.Objects {
			c.collectTexts(k)
		}
	}
}

func (c *Case) section(title string, objs ...fyne.CanvasObject) fyne.CanvasObject {
	c.sections = append(c.sections, title)
	return section(title, objs...)
}

func (c *Case) header(p domain.Person) fyne.CanvasObject {
	lines := []fyne.CanvasObject{heading(p.DisplayName())}
	var facts []string
	if p.DateOfBirth != "" {
		facts = append(facts, "born "+domain.BirthDay(p.DateOfBirth))
	}
	if p.Phone != "" {
		facts = append(facts, "phone "+p.Phone)
	}
	if p.Email != "" {
		facts = append(facts, p.Email)
	}
	if p.Practice != "" {
		facts = append(facts, p.Practice)
	}
	if len(facts) > 0 {
		lines = append(lines, wrapped(strings.Join(facts, " · ")))
	}
	if p.AccessNeeds != "" {
		lines = append(lines, colored("Access needs: "+p.AccessNeeds, widget.WarningImportance))
	}
	return container.NewVBox(lines...)
}

func (c *Case) actions(v *storage.View, p domain.Person) fyne.CanvasObject {
	var objs []fyne.CanvasObject
	var notYet fyne.CanvasObject
	c.matchButton = bigButton("Match to activities", theme.SearchIcon(), widget.HighImportance, c.onMatch)
	c.measureButton = bigButton("Wellbeing questions", theme.DocumentCreateIcon(), widget.MediumImportance, c.onMeasure)
	c.contactsButton = bigButton("Contact log", theme.MailComposeIcon(), widget.MediumImportance, c.onContacts)
	if c.ctx.can(access.ActionMatchActivity) {
		objs = append(objs, tall(c.matchButton))
	}
	if c.ctx.can(access.ActionRecordMeasure) {
		objs = append(objs, tall(c.measureButton))
	}
	if c.ctx.can(access.ActionLogContact) {
		objs = append(objs, tall(c.contactsButton))
	}
	if c.ctx.can(access.ActionLetterToGP) && c.ctx.LetterToGP != nil {
		c.gpLetterButton = bigButton("Letter to the GP", theme.DocumentPrintIcon(), widget.MediumImportance,
			func() { c.ctx.LetterToGP(c.personID) })
		objs = append(objs, tall(c.gpLetterButton))
		// Without their consent to share with the GP it is said here,
		// with what to do, not only refused after the tap (the same rule
		// the letter is made by: domain.NeedConsent).
		var miss *domain.ConsentMissing
		if err := domain.NeedConsent(p, consentsOf(v, c.personID), domain.ConsentShareWithGP, c.ctx.today(), "A letter to the GP"); errors.As(err, &miss) {
			c.gpLetterButton.Disable()
			notYet = wrapped(miss.Beforehand() + " " + miss.NextStep())
		}
	}
	// A flow, not a grid: three buttons side by side are wider than a
	// portrait tablet at the larger text sizes. Measured for the page's
	// width (Context.width), as it is laid out: the window's is wider, and
	// a row said to fit there was laid out in two, over Consent below.
	flow := kit.NewFlow(c.ctx.width(), objs...)
	if notYet == nil {
		return flow
	}
	return container.NewVBox(flow, notYet)
}

func (c *Case) consentSection(v *storage.View, p domain.Person) fyne.CanvasObject {
	cs := consentsOf(v, c.personID)
	today := c.ctx.today()
	canEdit := c.ctx.can(access.ActionLogContact)
	// Consent to be contacted is one fact, recorded in one place: the
	// contact log's ticks (domain.AgreeContactWays keeps the way and its
	// consent together), and said in the words the card and the contact
	// log use. A button of the case's own saved the consent without the
	// way, so the case said "given" where the card and the ticks said
	// nothing.
	ways := wrapped(domain.ContactWaysWords(p, cs, today))
	markUnusedWays(ways, p, cs, today)
	grid := container.NewVBox(fyne.CanvasObject(ways))
	c.contactWaysButton = nil
	if canEdit {
		c.contactWaysButton = bigButton("Change", theme.DocumentCreateIcon(), widget.MediumImportance, func() {
			c.nav.push(newContactWays(c.store, c.ctx, c.nav, c.personID))
		})
		grid.Objects[0] = container.NewBorder(nil, nil, nil, side(c.contactWaysButton, 190), ways)
	}
	// Who recorded each way's consent, and when: the record behind the
	// words, which the case's own consent rows used to show.
	if rec := domain.ContactConsentsRecorded(cs, today, func(id string) string { return staffName(v, id) }); rec != "" {
		grid.Add(muted(rec))
	}
	for _, purpose := range domain.OtherConsentPurposes() {
		st := domain.ConsentStatus(cs, purpose, today)
		state, btn := c.consentRow(v, st, today)
		row := fyne.CanvasObject(state)
		if canEdit {
			row = container.NewBorder(nil, nil, nil, side(btn, 190), state)
		}
		grid.Add(row)
	}
	return c.section("Consent", grid)
}

// consentRow says where consent for one purpose stands, read from all the
// person's records for it (domain.ConsentStatus), with the button that
// changes it.
func (c *Case) consentRow(v *storage.View, st domain.ConsentState, today string) (*widget.Label, *widget.Button) {
	pur := st.Purpose
	give := func() *widget.Button {
		b := bigButton("Record consent", theme.ConfirmIcon(), widget.MediumImportance, func() { c.onGiveConsent(pur) })
		c.giveConsent[pur] = b
		return b
	}
	switch {
	case st.Stands:
		state := bold(fmt.Sprintf("%s: given %s, recorded by %s", domain.CapitalFirst(pur), niceDate(st.Given.Given), staffName(v, st.Given.RecordedBy)))
		btn := bigButton("Withdraw", theme.CancelIcon(), widget.MediumImportance, func() { c.onWithdraw(pur) })
		c.withdrawConsent[pur] = btn
		return state, btn
	case st.Withdrawn.ID != "":
		text := fmt.Sprintf("%s: WITHDRAWN %s", domain.CapitalFirst(pur), niceDate(st.Withdrawn.Withdrawn))
		if st.Withdrawn.WithdrawnBy != "" {
			text += ", recorded by " + staffName(v, st.Withdrawn.WithdrawnBy)
		}
		if st.Given.ID != "" {
			text += fmt.Sprintf(" (last given %s, recorded by %s)", niceDate(st.Given.Given), staffName(v, st.Given.RecordedBy))
		}
		btn := give()
		if st.WithdrawnToday(today) {
			// Dates carry no time: a consent given today could not be
			// told from one given before today's withdrawal, and counts
			// as withdrawn (domain.ConsentState).
			text += ". If they agree again, record it from tomorrow."
			btn.Disable()
		}
		return colored(text, widget.DangerImportance), btn
	}
	return muted(domain.CapitalFirst(pur) + ": not asked"), give()
}

func (c *Case) onGiveConsent(purpose string) {
	v := c.store.View()
	c.saveAndSay(fmt.Sprintf("Saved: consent to %s, given today.", purpose), domain.GiveConsents(c.personID,
		v.PersonCards(c.personID), consentsOf(v, c.personID), []string{purpose}, c.ctx.today(), c.ctx.StaffID)...)
}

// withPhotoCard adds to changes, which leave the person's consent records
// as cs, photo_consent on every card of theirs (their duplicates' merged
// in too) that it moves, when purpose is photos: venue tablets hold no
// consent records, and their register says "Photos OK" only when every
// card does (domain.PhotosOK). Consent given does the same through
// domain.GiveConsents.
func (c *Case) withPhotoCard(purpose string, cs []domain.Consent, changes ...record.Change) []record.Change {
	if purpose != domain.ConsentPhotos {
		return changes
	}
	cards := c.store.View().PersonCards(c.personID)
	return append(changes, domain.PhotoConsentCards(cards, cs, c.ctx.today())...)
}

// onWithdraw records that consent to purpose was withdrawn today: on every
// record of it, so no older record for the same purpose (a merged
// duplicate's, or one another device made) still says yes.
func (c *Case) onWithdraw(purpose string) {
	who := personName(c.store.View(), c.personID)
	c.ctx.confirm("Withdraw consent?", fmt.Sprintf("Record that %s withdrew consent to %s today?", who, purpose), "Withdraw", func() {
		cs, changes := domain.WithdrawConsent(consentsOf(c.store.View(), c.personID), purpose, c.ctx.today(), c.ctx.StaffID)
		c.saveAndSay(fmt.Sprintf("Saved: consent to %s withdrawn today.", purpose), c.withPhotoCard(purpose, cs, changes...)...)
	})
}

func (c *Case) saveAndSay(said string, changes ...record.Change) {
	if len(changes) == 0 {
		return
	}
	if err := save(c.store, c.ctx, changes...); err != nil {
		c.problem.set(saveFailed(err))
		return
	}
	c.problem.set(nil)
	c.refresh()
	notify(c.notice, said)
}

func (c *Case) referralSection(v *storage.View) fyne.CanvasObject {
	refs := referralsOf(v, c.personID)
	box := container.NewVBox()
	if len(refs) == 0 {
		box.Add(muted("No referrals."))
	}
	today := c.ctx.today()
	for _, r := range refs {
		line := fmt.Sprintf("%s · %s · %s", domain.CapitalFirst(orDash(r.Status)), orDash(domain.SourceWords(r.Source)), orDash(r.Practice))
		ref := r
		open := bigButton("Open", theme.NavigateNextIcon(), widget.MediumImportance, func() {
			c.nav.push(newReferralPage(c.store, c.ctx, c.nav, ref.ID))
		})
		info := container.NewVBox(append(append([]fyne.CanvasObject{bold(line)}, c.ctx.reasonsLine(r)...), waitingLabel(r, today))...)
		if r.Status == domain.ReferralDeclined {
			info.Add(colored("Declined"+c.ctx.declineReason(r, ": "), widget.DangerImportance))
		}
		box.Add(container.NewBorder(nil, nil, nil, side(open, 110), info))
	}
	return c.section("Referrals", box)
}

func (c *Case) matchSection(v *storage.View) fyne.CanvasObject {
	ms := matchesOf(v, c.personID)
	box := container.NewVBox()
	if len(ms) == 0 {
		box.Add(muted("Not matched to any activity yet."))
	}
	enrolled := map[string]bool{}
	for _, e := range decodeAll(v.By(domain.KindEnrolment, "person_id", c.personID), func(e *domain.Enrolment) bool { return e.Deleted }) {
		if e.Active() {
			enrolled[e.ActivityID] = true
		}
	}
	today := c.ctx.today()
	suggested := map[string]bool{}
	for _, m := range ms {
		a, _ := activity(v, m.ActivityID)
		ven := venue(v, a.VenueID)
		info := container.NewVBox(bold(orDash(a.Name)+" · "+orDash(ven.Name)),
			wrapped(fmt.Sprintf("%s · matched %s", domain.ScheduleText(a), niceDate(m.Date))))
		var support []string
		if m.TravelRoute != "" {
			support = append(support, "Route: "+m.TravelRoute)
		}
		if m.MeetBy != "" {
			support = append(support, "Met by: "+m.MeetBy)
		}
		if m.WithFriend {
			support = append(support, "Coming with a friend")
		}
		if len(support) > 0 {
			info.Add(wrapped(strings.Join(support, " · ")))
		}
		if m.VenueNote != "" {
			// What the venue's register shows at their first session.
			info.Add(wrapped("For the facilitator: " + m.VenueNote))
		}
		var right fyne.CanvasObject = widget.NewLabel("")
		finish, waiting := "Mark as finished", false
		if line := waitingLine(v, m, today); line != "" {
			info.Add(colored(line, widget.WarningImportance))
			finish, waiting = "Off the list", true
		}
		if m.Ended != "" {
			info.Add(muted("Finished " + niceDate(m.Ended)))
		} else if c.ctx.can(access.ActionMatchActivity) {
			match := m
			b := bigButton(finish, theme.ConfirmIcon(), widget.MediumImportance, func() { c.onFinish(match, waiting) })
			c.finish[m.ID] = b
			right = side(b, 140)
		}
		box.Add(container.NewBorder(nil, nil, nil, right, info))
		if m.Ended == "" {
			continue
		}
		next := domain.SuggestNextSteps(a, func(id string) (domain.Activity, bool) { return activity(v, id) }, enrolled, today)
		for _, n := range next {
			if suggested[n.ID] {
				continue
			}
			suggested[n.ID] = true
			act := n
			line := wrapped(fmt.Sprintf("Next step after %s: %s (%s, %s)", a.Name, n.Name, n.Level, domain.ScheduleText(n)))
			line.Importance = widget.HighImportance
			// Where its places stand, in matching's words and by its rule,
			// so the case never offers a full group as if there were room.
			places, full := placesOf(v, n)
			about := container.NewVBox(line)
			if full {
				about.Add(colored(places+". Matching puts them on the waiting list.", widget.WarningImportance))
			} else {
				about.Add(muted(places))
			}
			var r fyne.CanvasObject = widget.NewLabel("")
			if c.ctx.can(access.ActionMatchActivity) {
				width := float32(120)
				if full {
					width = 170
				}
				b := bigButton(matchLabel(full), theme.ContentAddIcon(), widget.HighImportance, func() { c.onSuggest(act) })
				c.suggest[n.ID] = b
				r = side(b, width)
			}
			box.Add(container.NewBorder(nil, nil, nil, r, about))
		}
	}
	return c.section("Matches", box)
}

// onFinish asks, then records that the person has finished an activity:
// the match and their enrolment end today, together, and they leave its
// register.
// waiting: they are on its waiting list, not yet its register.
func (c *Case) onFinish(m domain.Match, waiting bool) {
	v := c.store.View()
	a, _ := activity(v, m.ActivityID)
	who := personName(v, c.personID)
	title, say, yes := "Mark as finished?",
		fmt.Sprintf("Has %s finished %s? Their match ends today and they leave its register. To take it up again, match them to it again.", who, orDash(a.Name)),
		"Mark as finished"
	if waiting {
		title, say, yes = "Off the waiting list?",
			fmt.Sprintf("Take %s off the waiting list for %s? Their match ends today. To put them back on the list, match them to it again.", who, orDash(a.Name)),
			"Off the list"
	}
	c.ctx.confirm(title, say, yes, func() { c.finishMatch(m) })
}

func (c *Case) finishMatch(m domain.Match) {
	v := c.store.View()
	today := c.ctx.today()
	after := m
	after.Ended = today
	changes := domain.Changed(domain.KindMatch, m.ID, m, after)
	eid := domain.EnrolmentID(m.ActivityID, m.PersonID)
	if r, ok := v.Get(domain.KindEnrolment, eid); ok {
		var e domain.Enrolment
		r.Decode(&e)
		if e.Ended == "" {
			ended := e
			ended.Ended = today
			changes = append(changes, domain.Changed(domain.KindEnrolment, eid, e, ended)...)
		}
	}
	a, _ := activity(v, m.ActivityID)
	c.saveAndSay(fmt.Sprintf("Saved: finished %s today.", orDash(a.Name)), changes...)
}

func (c *Case) onSuggest(a domain.Activity) {
	m := newMatching(c.store, c.ctx, c.nav, c.personID, "")
	m.choose(a.ID, true)
	c.nav.push(m)
}

func (c *Case) attendanceSection(v *storage.View) fyne.CanvasObject {
	// Counted as the follow-up counts since a match (domain.TurnoutSince),
	// here since the first: sessions called off are not counted.
	marks := v.PersonAttendance(c.personID)
	venueOf := map[string]string{}
	var order []string
	for _, a := range marks {
		if _, seen := venueOf[a.ActivityID]; !seen && a.Status != "" {
			venueOf[a.ActivityID] = a.VenueID
			order = append(order, a.ActivityID)
		}
	}
	box := container.NewVBox()
	sort.Strings(order)
	for _, id := range order {
		t := domain.TurnoutSince(c.personID, marks, v.SessionsOf(id), id, "")
		if t.Sessions == 0 && t.NotMarked == 0 {
			continue // every session they were marked at was called off
		}
		act, _ := activity(v, id)
		last := "not yet"
		if t.Last != "" {
			last = niceDate(t.Last)
		}
		line := fmt.Sprintf("%s at %s: came to %d of %s · last came %s", orDash(act.Name), orDash(venue(v, venueOf[id]).Name), t.Came,
			plural(t.Sessions, "session", "sessions"), last)
		if nm := t.NotMarkedWords(); nm != "" {
			line += " · " + nm
		}
		box.Add(wrapped(line))
	}
	if len(box.Objects) == 0 {
		box.Add(muted("No attendance recorded yet."))
	}
	return c.section("Attendance across venues", box)
}

func (c *Case) followUpSection(v *storage.View) fyne.CanvasObject {
	box := container.NewVBox()
	fs := followUpsOf(v, c.personID)
	if len(fs) == 0 {
		box.Add(muted("No follow-ups scheduled."))
	}
	today := c.ctx.today()
	for _, f := range fs {
		st := domain.FollowUpState(f, today)
		var l *widget.Label
		switch st {
		case domain.FollowUpDone:
			text := fmt.Sprintf("Done %s (due %s) by %s", niceDate(f.Done), niceDate(f.Due), staffName(v, f.By))
			if f.Outcome != "" {
				text += ": " + f.Outcome
			}
			l = wrapped(text)
		default:
			l = kit.FollowUpWhen(f, today)
		}
		var right fyne.CanvasObject = widget.NewLabel("")
		if st != domain.FollowUpDone && c.ctx.can(access.ActionRecordFollowUp) {
			fu := f
			b := bigButton("Record", theme.DocumentCreateIcon(), widget.HighImportance, func() {
				c.nav.push(newFollowUp(c.store, c.ctx, c.nav, fu.ID))
			})
			c.recordFollowUp[f.ID] = b
			right = side(b, 120)
		}
		box.Add(container.NewBorder(nil, nil, nil, right, l))
	}
	return c.section("Follow-ups", box)
}

func (c *Case) contactSection(v *storage.View) fyne.CanvasObject {
	box := container.NewVBox()
	cs := contactsOf(v, c.personID)
	if len(cs) == 0 {
		box.Add(muted("No contact logged yet."))
	}
	for k, x := range cs {
		if k == 5 {
			box.Add(muted(fmt.Sprintf("and %d earlier: open the contact log to see them.", len(cs)-5)))
			break
		}
		box.Add(contactLine(v, x))
	}
	return c.section("Contact log", box)
}

func contactLine(v *storage.View, x domain.Contact) fyne.CanvasObject {
	text := fmt.Sprintf("%s · %s by %s", niceDate(x.Date), domain.CapitalFirst(orDash(x.Method)), staffName(v, x.By))
	lines := []fyne.CanvasObject{bold(text)}
	if x.Outcome != "" {
		lines = append(lines, wrapped("Outcome: "+x.Outcome))
	}
	if x.NextStep != "" {
		lines = append(lines, wrapped("Next step: "+x.NextStep))
	}
	return container.NewVBox(lines...)
}

// beforeAfter picks the first baseline and the latest follow-up of an
// instrument.
func beforeAfter(ms []domain.Measure, instrument string) (before, after *domain.Measure) {
	for i := range ms {
		m := &ms[i]
		if m.Instrument != instrument {
			continue
		}
		if m.Stage == domain.StageBaseline && before == nil {
			before = m
		}
		if m.Stage == domain.StageFollowUp {
			after = m
		}
	}
	return before, after
}

func (c *Case) measureSection(v *storage.View) fyne.CanvasObject {
	ms := measuresOf(v, c.personID)
	box := container.NewVBox()
	hasBaseline := false
	for _, m := range ms {
		if m.Stage == domain.StageBaseline {
			hasBaseline = true
		}
	}
	matched := len(matchesOf(v, c.personID)) > 0
	if !hasBaseline && matched {
		// The prompt matching leaves: it stays until a baseline is taken.
		warn := colored("Baseline wellbeing not taken yet: they are matched, so take it at the next contact.", widget.WarningImportance)
		if c.ctx.can(access.ActionRecordMeasure) {
			c.baselineButton = bigButton("Take baseline now", theme.DocumentCreateIcon(), widget.HighImportance, c.onBaseline)
			box.Add(container.NewBorder(nil, nil, nil, side(c.baselineButton, 200), warn))
		} else {
			box.Add(warn)
		}
	}
	if len(ms) == 0 {
		if matched {
			box.Add(muted("No wellbeing measures yet."))
		} else {
			box.Add(muted("No wellbeing measures yet. Take a baseline when they are matched."))
		}
		return c.section("Wellbeing", box)
	}
	b, a := beforeAfter(ms, domain.InstrumentONS4)
	if b != nil || a != nil {
		box.Add(bold(domain.InstrumentName(domain.InstrumentONS4) + ": each question on its own, never added up"))
		box.Add(ons4Table(b, a))
	}
	b, a = beforeAfter(ms, domain.InstrumentSWEMWBS)
	if b != nil || a != nil {
		box.Add(bold(domain.InstrumentName(domain.InstrumentSWEMWBS) + ": metric score, 7 to 35"))
		box.Add(swemwbsSummary(b, a))
		box.Add(muted(domain.SWEMWBSLicence))
	}
	return c.section("Wellbeing", box)
}

func stageHeading(stage string, m *domain.Measure) string {
	if m == nil {
		return domain.CapitalFirst(stage) + ": not yet"
	}
	s := domain.CapitalFirst(stage) + " " + niceDate(m.Date)
	if m.SelfCompleted {
		if m.Helped {
			s += " (self, helped)"
		} else {
			s += " (self)"
		}
	}
	return s
}

func ons4Table(before, after *domain.Measure) fyne.CanvasObject {
	g := container.NewGridWithColumns(4, bold("Question"), bold(stageHeading("baseline", before)),
		bold(stageHeading("follow-up", after)), bold("Change"))
	cell := func(m *domain.Measure, i int) (string, int, bool) {
		if m == nil || len(m.Items) != domain.ONS4Items {
			return "—", 0, false
		}
		return fmt.Sprintf("%d (%s)", m.Items[i], domain.ONS4Band(i, m.Items[i])), m.Items[i], true
	}
	for i := 0; i < domain.ONS4Items; i++ {
		bt, bv, bok := cell(before, i)
		at, av, aok := cell(after, i)
		change := muted("—")
		if bok && aok {
			d := av - bv
			better := d > 0
			if i == domain.ONS4Anxiety {
				better = d < 0 // lower anxiety is better
			}
			txt := fmt.Sprintf("%+d", d)
			switch {
			case d == 0:
				change = wrapped("no change")
			case better:
				change = colored(txt+" better", widget.HighImportance)
			default:
				change = colored(txt+" worse", widget.WarningImportance)
			}
		}
		g.Add(wrapped(domain.ONS4Labels[i]))
		g.Add(wrapped(bt))
		g.Add(wrapped(at))
		g.Add(change)
	}
	return g
}

func swemwbsSummary(before, after *domain.Measure) fyne.CanvasObject {
	score := func(m *domain.Measure) (float64, string, bool) {
		if m == nil {
			return 0, "—", false
		}
		s, err := domain.SWEMWBSMetric(m.Items)
		if err != nil {
			return 0, "not scored: " + err.Error(), false
		}
		return s, fmt.Sprintf("%.2f", s), true
	}
	bs, bt, bok := score(before)
	as, at, aok := score(after)
	g := container.NewGridWithColumns(3, bold(stageHeading("baseline", before)), bold(stageHeading("follow-up", after)), bold("Change"))
	change := muted("—")
	if bok && aok {
		d := as - bs
		switch {
		case domain.MeaningfulImprovement(bs, as):
			change = colored(fmt.Sprintf("%+.2f: a meaningful improvement", d), widget.HighImportance)
		case d < 0:
			change = colored(fmt.Sprintf("%+.2f: lower", d), widget.WarningImportance)
		default:
			change = wrapped(fmt.Sprintf("%+.2f: less than the %.0f points that count as meaningful", d, domain.SWEMWBSMeaningfulChange))
		}
	}
	g.Add(wrapped(bt))
	g.Add(wrapped(at))
	g.Add(change)
	return g
}

func (c *Case) onMatch() {
	r, _ := openReferral(c.store.View(), c.personID)
	c.nav.push(newMatching(c.store, c.ctx, c.nav, c.personID, r.ID))
}

func (c *Case) onMeasure() {
	c.nav.push(newWellbeing(c.store, c.ctx, c.nav, c.personID, domain.InstrumentONS4))
}

func (c *Case) onBaseline() {
	w := newWellbeing(c.store, c.ctx, c.nav, c.personID, domain.InstrumentONS4)
	w.setStage(domain.StageBaseline)
	c.nav.push(w)
}

// markUnusedWays makes label, which says how person p agrees to be
// contacted, stand out when a way they prefer is not used (its consent
// not recorded, or withdrawn): the case and the contact log alike.
func markUnusedWays(label *widget.Label, p domain.Person, cs []domain.Consent, today string) {
	label.Importance, label.TextStyle.Bold = widget.MediumImportance, false
	for _, st := range domain.ContactWayStates(p, cs, today) {
		if st.Preferred && !st.Usable() {
			label.Importance, label.TextStyle.Bold = widget.WarningImportance, true
		}
	}
	label.Refresh()
}

func (c *Case) onContacts() {
	c.nav.push(newContacts(c.store, c.ctx, c.nav, c.personID))
}
