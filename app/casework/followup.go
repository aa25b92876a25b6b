package casework

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/access"
	"github.com/gather-sp/gather/app/kit"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/storage"
)

// FollowUpForm records a follow-up: it logs the contact (method, outcome,
// next step) and can schedule the next follow-up, in one save.
type FollowUpForm struct {
	store Store
	ctx   Context
	screen
	id string

	info     *fyne.Container
	method   *agreedMethod // following their consent until chosen
	date     *widget.Entry
	outcome  *widget.Entry
	nextStep *widget.Entry
	next     *choiceRow
	save     *widget.Button
	problem  problem
	notice   *widget.Label
	form     *fyne.Container
	box      *fyne.Container
	// wellbeing offers the follow-up wellbeing questions once the
	// follow-up is recorded; measure opens them.
	wellbeing *fyne.Container
	ask       *widget.Label
	measure   *widget.Button
}

// NewFollowUp returns the form that records the follow-up with id.
func NewFollowUp(store Store, ctx Context, id string) *FollowUpForm {
	f := newFollowUp(store, ctx, nil, id)
	f.nav = newNav(store, ctx, f)
	return f
}

func newFollowUp(store Store, ctx Context, n *nav, id string) *FollowUpForm {
	f := &FollowUpForm{store: store, ctx: ctx, screen: screen{n}, id: id}
	f.buildUI()
	f.refresh()
	return f
}

func (f *FollowUpForm) title() string { return "Record follow-up" }

func (f *FollowUpForm) body() fyne.CanvasObject { return scroll(f.box) }

func (f *FollowUpForm) buildUI() {
	f.info = container.NewVBox()
	f.method = newAgreedMethod(f.ctx.width(), nil)
	f.date = dateEntry(f.ctx.today())
	f.outcome = multi("How they are getting on, what they said")
	f.nextStep = entry("What happens next, e.g. \"try the singing group\"")
	// Nothing is chosen at first: ending the follow-ups takes the person
	// off the list of those due, so it is never what Save does unasked
	// (domain.RecordFollowUp refuses a save with nothing chosen).
	f.next = newChoiceRow(f.ctx.width(), []string{"No more follow-ups", "In 4 weeks", "In 5 weeks", "In 6 weeks"},
		[]string{strconv.Itoa(domain.NoMoreFollowUps), "4", "5", "6"}, 4, nil)
	f.save = bigButton("Save follow-up", theme.DocumentSaveIcon(), widget.HighImportance, f.onSave)
	f.problem = newProblem()
	f.notice = newNotice()
	f.form = container.NewVBox(
		bold("How you were in touch"), f.method.box,
		field("Date", f.date),
		field("Outcome", f.outcome),
		field("Next step", f.nextStep),
		bold("Schedule the next follow-up"), f.next.box,
		f.problem.Label, tall(f.save),
	)
	f.ask = wrapped("")
	f.measure = bigButton("Take the follow-up wellbeing questions now", theme.DocumentCreateIcon(), widget.HighImportance, f.onMeasure)
	f.wellbeing = container.NewVBox(f.ask, tall(f.measure))
	f.wellbeing.Hide()
	// Above the form: asked during the call, not remembered after it.
	f.box = container.NewVBox(f.info, f.notice, f.wellbeing, f.form)
}

func (f *FollowUpForm) load() (domain.FollowUp, bool) {
	r, ok := f.store.View().Get(domain.KindFollowUp, f.id)
	if !ok {
		return domain.FollowUp{}, false
	}
	var x domain.FollowUp
	r.Decode(&x)
	return x, true
}

// refresh updates what the form is about; what has been typed stays.
func (f *FollowUpForm) refresh() {
	x, ok := f.load()
	v := f.store.View()
	if !ok {
		f.info.Objects = []fyne.CanvasObject{wrapped("This follow-up is not on this device.")}
		f.info.Refresh()
		f.form.Hide()
		return
	}
	today := f.ctx.today()
	st := domain.FollowUpState(x, today)
	objs := []fyne.CanvasObject{heading("Follow-up with " + personName(v, x.PersonID))}
	switch st {
	case domain.FollowUpDone:
		objs = append(objs, colored(fmt.Sprintf("Recorded %s by %s: %s", niceDate(x.Done), staffName(v, x.By), orDash(x.Outcome)), widget.HighImportance))
	default:
		objs = append(objs, kit.FollowUpWhen(x, today))
	}
	if p, ok := v.Person(x.PersonID); ok {
		cs := consentsOf(v, x.PersonID)
		way := f.method.follow(p, cs, today)
		words := domain.ContactWaysWords(p, cs, today)
		if detail := domain.ContactDetailWords(p, way); detail != "" {
			words = detail + " · " + words
		}
		objs = append(objs, wrapped(words))
	}
	// Whether they went since each match (domain.TurnoutSince), beside it:
	// what the follow-up is asking about.
	marks := v.PersonAttendance(x.PersonID)
	for _, m := range matchesOf(v, x.PersonID) {
		if a, ok := activity(v, m.ActivityID); ok && m.Ended == "" {
			went := domain.TurnoutSince(x.PersonID, marks, v.SessionsOf(m.ActivityID), m.ActivityID, m.Date)
			objs = append(objs, wrapped(fmt.Sprintf("Matched to %s on %s. %s.", a.Name, niceDate(m.Date), went.Words())))
		}
	}
	f.info.Objects = objs
	f.info.Refresh()
	if st == domain.FollowUpDone {
		f.form.Hide()
	} else {
		f.form.Show()
	}
	f.offerWellbeing(v, x, st == domain.FollowUpDone)
}

// offerWellbeing says, above the form, that the wellbeing questions are
// due at this follow-up, with the button that opens them, so a link
// worker on the phone asks them during the call; once the follow-up is
// recorded it stays under it until they are asked (domain.WellbeingToAsk).
// Without a baseline it offers the baseline instead, so the next
// follow-up has something to compare.
func (f *FollowUpForm) offerWellbeing(v *storage.View, x domain.FollowUp, done bool) {
	ask, baseline := domain.WellbeingToAsk(x, measuresOf(v, x.PersonID), f.ctx.today())
	if !ask || !f.ctx.can(access.ActionRecordMeasure) {
		f.wellbeing.Hide()
		return
	}
	switch {
	case baseline != nil && !done:
		f.ask.SetText(fmt.Sprintf("The wellbeing questions are due at this follow-up. Their baseline was taken on %s with the %s: ask the same questions while you are talking, to show what has changed.",
			niceDate(baseline.Date), domain.InstrumentName(baseline.Instrument)))
		f.measure.SetText("Take the follow-up wellbeing questions now")
	case baseline != nil:
		f.ask.SetText(fmt.Sprintf("Their baseline wellbeing was taken on %s with the %s. Asking the same questions now shows what has changed.",
			niceDate(baseline.Date), domain.InstrumentName(baseline.Instrument)))
		f.measure.SetText("Take the follow-up wellbeing questions now")
	case !done:
		f.ask.SetText("The wellbeing questions are due at this follow-up, and they have no baseline yet: ask them while you are talking, so the next follow-up can show what changed.")
		f.measure.SetText("Take the baseline wellbeing questions now")
	default:
		f.ask.SetText("They have no baseline wellbeing measure yet. Taking it now lets the next follow-up show what changed.")
		f.measure.SetText("Take the baseline wellbeing questions now")
	}
	f.wellbeing.Show()
}

// baseline is the person's first baseline measure, the one the case
// compares a follow-up with (beforeAfter), or nil.
func (f *FollowUpForm) baseline(v *storage.View, personID string) *domain.Measure {
	for _, m := range measuresOf(v, personID) {
		if m.Stage == domain.StageBaseline {
			return &m
		}
	}
	return nil
}

func (f *FollowUpForm) onMeasure() {
	x, ok := f.load()
	if !ok || f.nav == nil {
		return
	}
	v := f.store.View()
	inst := domain.InstrumentONS4
	if b := f.baseline(v, x.PersonID); b != nil {
		inst = b.Instrument
	}
	// The questionnaire picks the stage: follow-up once it has a baseline.
	f.nav.push(newWellbeing(f.store, f.ctx, f.nav, x.PersonID, inst))
}

func (f *FollowUpForm) onSave() {
	x, ok := f.load()
	if !ok {
		f.problem.say("This follow-up is no longer on this device. Go back and open it again.")
		return
	}
	if strings.TrimSpace(f.outcome.Text) == "" {
		f.problem.say("Write the outcome in a few words (for example \"going every week, feeling better\"), then tap Save again.")
		return
	}
	weeks := 0
	fmt.Sscan(f.next.selected, &weeks)
	date, err := domain.ReadDay(f.date.Text)
	if err != nil {
		f.problem.say("Date: %v. Then tap Save again.", err)
		return
	}
	if date > f.ctx.today() {
		f.problem.say("The date %s is in the future: a follow-up is recorded on or after the day it happened. Fix the date, then tap Save again.", niceDate(date))
		return
	}
	done, contact, next, err := domain.RecordFollowUp(x, date, f.method.selected, strings.TrimSpace(f.outcome.Text), f.ctx.StaffID, weeks)
	if errors.Is(err, domain.ErrContactMethodUnchosen) {
		f.problem.say("Choose how you were in touch, then tap Save again.")
		return
	}
	if errors.Is(err, domain.ErrNextFollowUpUnchosen) {
		f.problem.say("Choose when the next follow-up is (in 4, 5 or 6 weeks), or No more follow-ups if this was the last one, then tap Save again.")
		return
	}
	if err != nil {
		f.problem.set(err)
		return
	}
	contact.NextStep = strings.TrimSpace(f.nextStep.Text)
	changes := append(domain.Changed(domain.KindFollowUp, x.ID, x, done), domain.Create(domain.KindContact, domain.NewID(), contact))
	if next != nil {
		changes = append(changes, domain.Create(domain.KindFollowUp, domain.NewID(), *next))
	}
	if err := save(f.store, f.ctx, changes...); err != nil {
		f.problem.set(saveFailed(err))
		return
	}
	f.problem.set(nil)
	said := "Saved: follow-up recorded and added to the contact log."
	if next != nil {
		said += " Next follow-up due " + niceDate(next.Due) + "."
	}
	notify(f.notice, said)
	f.refresh()
	if f.nav != nil {
		f.nav.reveal(f.notice)
	}
}

func capitalAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = domain.CapitalFirst(s)
	}
	return out
}
