package people

import (
	"fmt"
	"io"
	"sort"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/access"
	"github.com/gather-sp/gather/app/kit"
	"github.com/gather-sp/gather/app/shell"
	"github.com/gather-sp/gather/audit"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/paper"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/storage"
)

// RemindersRoles are the roles the Reminders tab is for.
func RemindersRoles() []string { return access.RolesThatCan(access.ActionSendReminders) }

// reminderSubject is what a set of reminders is about: the follow-ups due,
// or the next session of an activity.
type reminderSubject struct {
	label     string // as the choice shows it
	followUps bool
	activity  domain.Activity
	venue     domain.Venue
	date      string // the session's date
}

// about is the subject in a few words, for the call list and contact log.
func (s reminderSubject) about() string {
	if s.followUps {
		return domain.FollowUpReminderAbout
	}
	return domain.SessionReminderAbout(s.activity, s.date)
}

// Reminders prepares reminders without a text or email gateway: a
// call list to tick, letters to print, and who cannot be reached and why.
// Every reminder done is written to the person's contact log.
type Reminders struct {
	sh      shell.Shell
	content fyne.CanvasObject

	choice   *widget.Select
	subjects []reminderSubject
	subject  int // index into subjects

	summary  *widget.Label
	notice   *widget.Label
	calls    *fyne.Container
	letters  *fyne.Container
	nobody   *fyne.Container
	printBtn *widget.Button

	plan     domain.ReminderPlan
	callBtns map[string]*widget.Button // person id -> their tick on the call list
	viewed   map[string]bool           // subjects whose call list was noted in the audit trail
}

// NewReminders makes the Reminders tab.
func NewReminders(sh shell.Shell) *Reminders {
	s := &Reminders{sh: sh, callBtns: map[string]*widget.Button{}, viewed: map[string]bool{}}
	s.choice = widget.NewSelect(nil, func(label string) {
		for i, sub := range s.subjects {
			if sub.label == label && i != s.subject {
				s.subject = i
				s.Refresh()
			}
		}
	})
	s.summary = kit.Wrapped("")
	s.notice = kit.Wrapped("")
	s.notice.Importance = widget.SuccessImportance
	s.notice.Hide()
	s.calls = container.NewVBox()
	s.letters = container.NewVBox()
	s.nobody = container.NewVBox()
	s.printBtn = kit.BigButton("Print letters", theme.DocumentPrintIcon(), widget.HighImportance, s.onPrintLetters)
	intro := kit.Wrapped("Gather sends no texts or emails. Here is who to call and who to write to, from what each person asked for and agreed to. Each call you tick and each letter you print goes in their contact log.")
	s.content = container.NewVScroll(container.NewPadded(container.NewVBox(
		intro,
		widget.NewForm(widget.NewFormItem("Remind about", kit.Tall(s.choice))),
		s.summary, s.notice,
		kit.RowTitle("Call"), s.calls,
		kit.RowTitle("Letters"), s.letters, container.NewHBox(kit.Tall(s.printBtn)),
		kit.RowTitle("No way to remind them"), s.nobody,
	)))
	s.Refresh()
	return s
}

func (s *Reminders) Title() string              { return "Reminders" }
func (s *Reminders) Content() fyne.CanvasObject { return s.content }

// subjectsFor lists what reminders can be about on today: the follow-ups
// due, then each activity's next session, soonest first.
func subjectsFor(v *storage.View, today string) []reminderSubject {
	out := []reminderSubject{{label: "Follow-ups due or overdue", followUps: true}}
	var acts []reminderSubject
	for _, r := range v.All(domain.KindActivity) {
		var a domain.Activity
		r.Decode(&a)
		cancelled := func(date string) bool {
			row, ok := v.Get(domain.KindSession, domain.SessionID(a.ID, date))
			return ok && row.Get("cancelled") == "true"
		}
		date, ok := domain.NextSessionToRemind(a, today, cancelled)
		if !ok {
			continue
		}
		var ven domain.Venue
		if vr, ok := v.Get(domain.KindVenue, a.VenueID); ok {
			vr.Decode(&ven)
		}
		acts = append(acts, reminderSubject{activity: a, venue: ven, date: date,
			label: "Next session: " + domain.SessionReminderAbout(a, date)})
	}
	sort.SliceStable(acts, func(i, j int) bool {
		if acts[i].date != acts[j].date {
			return acts[i].date < acts[j].date
		}
		return acts[i].activity.Name < acts[j].activity.Name
	})
	return append(out, acts...)
}

// people is who the subject's reminders go to, with their consents and,
// for follow-ups, the follow-up each is reminded about by person id.
func (sub reminderSubject) people(v *storage.View, today string) ([]domain.Person, map[string][]domain.Consent, map[string]domain.FollowUp) {
	var ids []string
	due := map[string]domain.FollowUp{}
	if sub.followUps {
		for _, f := range domain.FollowUpsToRemind(v.FollowUpsDueBy(domain.AddDays(today, domain.FollowUpDueWindowDays)), today) {
			ids = append(ids, f.PersonID)
			due[f.PersonID] = f
		}
	} else {
		ids = domain.ExpectedOn(v.Enrolments(sub.activity.ID), sub.date)
	}
	var people []domain.Person
	consents := map[string][]domain.Consent{}
	for _, id := range ids {
		p, ok := v.Person(id)
		if !ok {
			continue
		}
		people = append(people, p)
		for _, r := range v.By(domain.KindConsent, "person_id", p.ID) {
			var c domain.Consent
			r.Decode(&c)
			consents[p.ID] = append(consents[p.ID], c)
		}
	}
	return people, consents, due
}

func contactsOf(v *storage.View, personID string) []domain.Contact {
	var out []domain.Contact
	for _, r := range v.By(domain.KindContact, "person_id", personID) {
		var c domain.Contact
		r.Decode(&c)
		out = append(out, c)
	}
	return out
}

func (s *Reminders) Refresh() {
	v := s.sh.View()
	today := s.sh.Today()
	current := ""
	if s.subject < len(s.subjects) {
		current = s.subjects[s.subject].label
	}
	s.subjects = subjectsFor(v, today)
	s.subject = 0
	labels := make([]string, len(s.subjects))
	for i, sub := range s.subjects {
		labels[i] = sub.label
		if sub.label == current {
			s.subject = i
		}
	}
	s.choice.Options = labels
	s.choice.Selected = labels[s.subject]
	s.choice.Refresh()

	sub := s.subjects[s.subject]
	people, consents, due := sub.people(v, today)
	// when says, on a follow-up's list, when each person's follow-up
	// falls, in the words and colours of Casework home.
	when := func(o fyne.CanvasObject, personID string) fyne.CanvasObject {
		f, ok := due[personID]
		if !ok {
			return o
		}
		return container.New(kit.TightLayout{}, o, kit.FollowUpWhen(f, today))
	}
	s.plan = domain.PlanReminders(people, consents, today)
	if sub.followUps {
		dates := map[string]string{}
		for id, f := range due {
			dates[id] = f.Due
		}
		s.plan = s.plan.ByDue(dates)
	}
	about := sub.about()
	if s.plan.Total() == 0 {
		if sub.followUps {
			s.summary.SetText("No follow-ups are due this week.")
		} else {
			s.summary.SetText("Nobody is on the register for " + about + " yet.")
		}
	} else {
		s.summary.SetText(fmt.Sprintf("%s to remind: %s to call, %s to write to, %s with no way to remind.",
			kit.Count(s.plan.Total(), "person", "people"), kit.Count(len(s.plan.Calls), "person", "people"),
			kit.Count(len(s.plan.Letters), "person", "people"), kit.Count(len(s.plan.Unreachable), "person", "people")))
	}

	s.callBtns = map[string]*widget.Button{}
	s.calls.Objects = nil
	for _, r := range s.plan.Calls {
		r := r
		var btn *widget.Button
		btn = kit.BigButton("Called", theme.ConfirmIcon(), widget.MediumImportance, func() { s.onCalled(r, btn) })
		if domain.AlreadyReminded(contactsOf(v, r.Person.ID), domain.ReminderCall, about, today) {
			btn.SetText("Called today")
			btn.Disable()
		}
		s.callBtns[r.Person.ID] = btn
		who := widget.NewLabelWithStyle(r.Person.DisplayName(), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		s.calls.Add(container.NewBorder(nil, nil, nil, kit.Tall(btn),
			when(container.NewHBox(who, widget.NewLabel(r.Person.Phone)), r.Person.ID)))
	}
	if len(s.plan.Calls) == 0 {
		s.calls.Add(kit.RowDetail("Nobody to call."))
	}

	s.letters.Objects = nil
	for _, r := range s.plan.Letters {
		line := r.Person.DisplayName()
		if r.LargePrint {
			line += " (large print)"
		}
		if domain.AlreadyReminded(contactsOf(v, r.Person.ID), domain.ReminderLetter, about, today) {
			line += ": printed today"
		}
		s.letters.Add(when(kit.Wrapped(line), r.Person.ID))
	}
	if len(s.plan.Letters) == 0 {
		s.letters.Add(kit.RowDetail("Nobody to write to."))
		s.printBtn.Disable()
	} else {
		s.printBtn.SetText(fmt.Sprintf("Print %s", kit.Count(len(s.plan.Letters), "letter", "letters")))
		s.printBtn.Enable()
	}

	s.nobody.Objects = nil
	for _, r := range s.plan.Unreachable {
		s.nobody.Add(when(kit.Wrapped(r.Person.DisplayName()+": "+r.Why+"."), r.Person.ID))
	}
	// Each says why and what to do (domain.PlanReminders), so no
	// general advice follows them.
	if len(s.plan.Unreachable) == 0 {
		s.nobody.Add(kit.RowDetail("Everyone can be reminded."))
	}
	s.calls.Refresh()
	s.letters.Refresh()
	s.nobody.Refresh()
	s.noteViewed(sub)
}

// noteViewed records in the audit trail, once per subject while the screen
// is open, that the call list (names and phone numbers) was shown.
func (s *Reminders) noteViewed(sub reminderSubject) {
	if len(s.plan.Calls) == 0 || s.viewed[sub.label] {
		return
	}
	s.viewed[sub.label] = true
	// What was seen, and why, as the trail says it: "viewed the call list
	// for reminders of session Garden group on ...: 12 people's phone
	// numbers" (audit.Sentence).
	kind, id, why := record.Kind(""), "", "call list for follow-up reminders"
	if !sub.followUps {
		kind, id, why = domain.KindSession, domain.SessionID(sub.activity.ID, sub.date), "call list for reminders"
	}
	e := s.sh.Recorder().Entry(s.sh.Staff().ID, audit.ActionViewed, kind, id,
		why+": "+kit.Count(len(s.plan.Calls), "person's phone number", "people's phone numbers"))
	_ = s.sh.Store().Save(s.sh.Staff().ID, e)
}

// onCalled records a call on the list in the person's contact log.
func (s *Reminders) onCalled(r domain.Reminded, btn *widget.Button) {
	sub := s.subjects[s.subject]
	c, err := domain.LogReminder(r.Person.ID, domain.ReminderCall, sub.about(), s.sh.Today(), s.sh.Staff().ID)
	if err == nil {
		err = s.sh.Save(c)
	}
	if err != nil {
		return // Save has said why
	}
	btn.SetText("Called today")
	btn.Disable()
	s.say(fmt.Sprintf("Saved in %s's contact log: the reminder call.", r.Person.DisplayName()))
}

func (s *Reminders) say(msg string) {
	s.notice.SetText(msg)
	s.notice.Show()
}

// onPrintLetters saves the letters as one PDF (a page each) where the
// person chooses; once it is saved, each letter goes in its person's
// contact log, in one transaction with the audit entry for the print.
func (s *Reminders) onPrintLetters() {
	if len(s.plan.Letters) == 0 {
		return
	}
	sub := s.subjects[s.subject]
	today := s.sh.Today()
	about := sub.about()
	batch := paper.Letters{From: s.sh.Staff().Name, Role: s.sh.Staff().Role, Service: s.sh.View().OrgSettings().Contact(), Demo: s.sh.Meta(shell.MetaDemo) == "true", Printed: s.sh.Now()}
	var body []string
	if sub.followUps {
		body = domain.FollowUpReminderLetter(s.sh.Staff().Name, batch.Service)
	} else {
		body = domain.SessionReminderLetter(sub.activity, sub.venue, sub.date, batch.Service)
	}
	var logged []record.Change
	var names []string
	for _, r := range s.plan.Letters {
		batch.Letters = append(batch.Letters, paper.Letter{Person: r.Person, LargePrint: r.LargePrint, Body: body})
		c, err := domain.LogReminder(r.Person.ID, domain.ReminderLetter, about, today, s.sh.Staff().ID)
		if err != nil {
			s.sh.ShowError("The letters were not made", err, "Nothing has changed. Tell your administrator.")
			return
		}
		logged = append(logged, c)
		names = append(names, r.Person.DisplayName())
	}
	what, kind, id, name := "reminder letters PDF, follow-ups due", record.Kind(""), "", "reminder-letters-follow-ups-"+today
	if !sub.followUps {
		what = fmt.Sprintf("reminder letters PDF, %s on %s", sub.activity.Name, sub.date)
		kind, id = domain.KindSession, domain.SessionID(sub.activity.ID, sub.date)
		name = fmt.Sprintf("reminder-letters-%s-%s", sub.date, sub.activity.Name)
	}
	n := len(batch.Letters)
	s.sh.Print(shell.Printout{
		Name:  name,
		Write: func(w io.Writer) error { return paper.WriteLetters(w, batch) },
		Audit: s.sh.Recorder().Printed(s.sh.Staff().ID, what, n, kind, id),
		Also:  logged,
		Done: func(path string) {
			s.say(fmt.Sprintf("%s printed and noted in each contact log.", kit.Count(n, "letter", "letters")))
			s.Refresh()
		},
	})
}
