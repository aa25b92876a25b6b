package activities

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/kit"
	"github.com/gather-sp/gather/app/shell"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/storage"
)

// venueChoices are the venues a form offers, labelled so that two with the
// same name can be told apart; keep, when set, is offered even if archived.
func venueChoices(v *storage.View, keep string) (labels, ids []string) {
	vs := v.Venues()
	if keep != "" {
		found := false
		for _, x := range vs {
			found = found || x.ID == keep
		}
		if r, ok := v.Get(domain.KindVenue, keep); ok && !found {
			var x domain.Venue
			r.Decode(&x)
			x.Name += " (archived)"
			vs = append(vs, x)
		}
	}
	count := map[string]int{}
	for _, x := range vs {
		count[x.Name]++
	}
	for _, x := range vs {
		l := x.Name
		if l == "" {
			l = "Venue without a name"
		}
		if count[x.Name] > 1 && x.Postcode != "" {
			l += " (" + x.Postcode + ")"
		}
		if count[x.Name] > 1 && slices.Contains(labels, l) {
			l += " · " + x.ID
		}
		labels = append(labels, l)
		ids = append(ids, x.ID)
	}
	return labels, ids
}

// activityForm adds or changes an activity.
type activityForm struct {
	sh      shell.Shell
	id      string          // the activity's id (new: made when the form opens)
	isNew   bool            // adding rather than editing
	before  domain.Activity // as the form showed it; edits are measured against it
	orig    map[*widget.Entry]string
	onDone  func(msg string) // after a save or archive, with what happened
	content fyne.CanvasObject

	title       *widget.Label
	name        *widget.Entry
	venue       *widget.Select
	venueIDs    []string // parallel to venue.Options
	newVenue    string   // a venue added from this form, chosen on the next refresh
	addVenueBtn *widget.Button
	category    *widget.Select
	level       *widget.Select
	capacity    *widget.Entry
	description *widget.Entry

	schedule  *kit.ChoiceButtons // weekly, fortnightly, monthly or one-off
	weekly    *fyne.Container
	oneOff    *fyne.Container
	weekday   *widget.Select
	monthWeek *widget.Select // monthly: first ... last
	monthBox  *fyne.Container
	skips     *widget.Entry // dates a regular activity does not meet
	skipBox   *fyne.Container
	startDate *widget.Entry // weekly: the first week
	endDate   *widget.Entry // weekly: the last date, optional
	date      *widget.Entry // one-off: its date
	startTime *widget.Entry
	endTime   *widget.Entry
	preview   *widget.Label

	mode        *kit.ChoiceButtons // in person or online
	cost        *widget.Entry
	facilitator *widget.Entry
	contact     *widget.Entry
	// contactLabel asks who to ask for on arrival, or for an online
	// activity who will welcome them (onMode), as the info sheet says it.
	contactLabel *widget.Label
	bring        *widget.Entry
	meet         *widget.Entry     // in person: where to meet on arrival
	meetBox      fyne.CanvasObject // shown for an activity met in person
	join         *widget.Entry     // online: the joining link or dial-in
	joinBox      fyne.CanvasObject // shown for an online activity

	nextSteps *kit.ToggleButtons
	noNext    *widget.Label

	problem    *widget.Label
	saveBtn    *widget.Button
	cancelBtn  *widget.Button
	archiveBtn *widget.Button

	archiveDlg *dialog.CustomDialog
	archiveYes *widget.Button
}

const (
	modeInPerson = "in person"
	modeOnline   = "online"
)

// newActivityForm opens the form for activity id, or for a new activity
// when id is "". venueID, for a new one, is the venue to start with.
func newActivityForm(sh shell.Shell, id, venueID string, onDone func(string)) *activityForm {
	f := &activityForm{sh: sh, id: id, onDone: onDone, orig: map[*widget.Entry]string{}}
	if id == "" {
		f.id, f.isNew = domain.NewID(), true
		f.before = domain.Activity{ID: f.id, VenueID: venueID, Schedule: domain.ScheduleWeekly, StartDate: sh.Today()}
	} else if r, ok := sh.View().Get(domain.KindActivity, id); ok {
		r.Decode(&f.before)
	} else {
		f.before = domain.Activity{ID: id}
	}
	f.buildUI()
	f.fill()
	return f
}

func (f *activityForm) Title() string {
	if f.isNew {
		return "New activity"
	}
	return "Edit activity"
}

func (f *activityForm) Content() fyne.CanvasObject { return f.content }

func (f *activityForm) buildUI() {
	f.title = kit.Heading("")
	f.name = kit.FormEntry("For example: Garden group")
	f.venue = widget.NewSelect(nil, nil)
	f.venue.PlaceHolder = "Choose a venue"
	f.addVenueBtn = kit.BigButton("Add a venue", theme.ContentAddIcon(), widget.LowImportance, f.onAddVenue)
	cats := make([]string, len(domain.Categories))
	for i, c := range domain.Categories {
		cats[i] = kit.CapitalFirst(c)
	}
	f.category = widget.NewSelect(cats, nil)
	f.category.PlaceHolder = "Choose a kind"
	levels := make([]string, len(domain.Levels))
	for i, l := range domain.Levels {
		levels[i] = kit.CapitalFirst(l)
	}
	f.level = widget.NewSelect(levels, nil)
	f.level.PlaceHolder = "Choose a level"
	f.capacity = kit.FormEntry("0 for no limit")
	f.description = kit.FormMulti("What happens there, in a sentence or two")

	f.schedule = kit.NewChoiceButtons([]string{"Every week", "Every two weeks", "Monthly", "Once"},
		[]string{domain.ScheduleWeekly, domain.ScheduleFortnightly, domain.ScheduleMonthly, domain.ScheduleOneOff},
		[]fyne.Resource{theme.ViewRefreshIcon(), theme.ViewRefreshIcon(), theme.CalendarIcon(), theme.CalendarIcon()},
		func(string) { f.onSchedule() }).Fold(kit.FormWidth(f.sh.Window()))
	var weeks []string
	for _, w := range kit.WeekOfMonthChoices {
		weeks = append(weeks, w.Label)
	}
	f.monthWeek = widget.NewSelect(weeks, func(string) { f.updatePreview() })
	f.monthWeek.PlaceHolder = "Choose a week"
	f.skips = kit.FormEntry("For example 22/12/2026, 29/12/2026")
	f.weekday = widget.NewSelect(kit.WeekdayNames(), func(string) { f.updatePreview() })
	f.weekday.PlaceHolder = "Choose a day"
	f.startDate = kit.FormEntry("For example 21/03/2026")
	f.endDate = kit.FormEntry("31/07/2027")
	f.date = kit.FormEntry("For example 21/03/2026")
	f.startTime = kit.FormEntry("HH:MM")
	f.endTime = kit.FormEntry("HH:MM (optional)")
	for _, e := range []*widget.Entry{f.startDate, f.endDate, f.date, f.startTime, f.endTime, f.skips} {
		e.OnChanged = func(string) { f.updatePreview() }
	}
	f.preview = kit.Muted("")
	f.weekly = kit.FormGrid(f.sh.Window(), 3,
		kit.FormField("Day of the week", f.weekday, ""),
		kit.FormField("From", f.startDate, "The first week it runs"),
		kit.FormField("Until (optional)", f.endDate, "The last date it runs; leave empty if it carries on"))
	f.oneOff = kit.FormGrid(f.sh.Window(), 3, kit.FormField("Date", f.date, "For example 5/12/2026 or 2026-12-05"))
	f.monthBox = kit.FormGrid(f.sh.Window(), 3, kit.FormField("Which week of the month", f.monthWeek, "\"Last\" is the last one, whether the fourth or the fifth"))
	f.skipBox = container.NewVBox(kit.FormField("Dates it does not meet (optional)", f.skips,
		"Bank holidays or a break: dates separated by commas. They drop off Today and the registers."))
	times := kit.FormGrid(f.sh.Window(), 3,
		kit.FormField("Starts at", f.startTime, "24-hour clock, like 10:00 or 14:30"),
		kit.FormField("Ends at", f.endTime, ""))

	f.mode = kit.NewChoiceButtons([]string{"In person", "Online"}, []string{modeInPerson, modeOnline},
		[]fyne.Resource{theme.AccountIcon(), theme.ComputerIcon()}, func(string) { f.onMode() })
	f.cost = kit.FormEntry("Free, or £2 for materials")
	f.facilitator = kit.FormEntry("Who runs it")
	f.contact = kit.FormEntry("")
	f.contactLabel = kit.FormLabel("")
	f.bring = kit.FormMulti("For example: old clothes and sturdy shoes")
	f.meet = kit.FormEntry("e.g. at the green gate on Elm Road; we start in the polytunnel")
	f.meetBox = kit.FormField("Where to meet on arrival", f.meet, "Where to wait, or which door: the info sheet prints it under the venue's address")
	f.join = kit.FormEntry("e.g. https://meet.example.org/garden or dial 0330 088 5830")
	f.joinBox = kit.FormField("How to join", f.join, "The joining link, a number to dial in, or both: the info sheet prints it")

	f.nextSteps = kit.NewToggleButtons(kit.FormWidth(f.sh.Window()))
	f.noNext = kit.FormNote("There are no other activities yet.")

	f.problem = kit.FormProblem()
	f.saveBtn = kit.BigButton("Save", theme.DocumentSaveIcon(), widget.HighImportance, f.onSave)
	f.cancelBtn = kit.BigButton("Cancel", theme.CancelIcon(), widget.MediumImportance, f.sh.Back)
	f.archiveBtn = kit.BigButton("Archive this activity", theme.DeleteIcon(), widget.DangerImportance, f.onArchive)
	if f.isNew {
		f.archiveBtn.Hide()
	}
	venueHint := ""
	if f.sh.VenueDevice() {
		f.addVenueBtn.Hide()
		if !f.isNew {
			// The server refuses it: a move takes the register, and its
			// people's cards, to the other venue.
			f.venue.Disable()
			venueHint = "To move it to another venue, use the office computer"
		}
	}

	venueRow := container.NewBorder(nil, nil, nil, kit.Tall(f.addVenueBtn), kit.Tall(f.venue))
	what := container.NewVBox(
		kit.RowTitle("What and where"),
		kit.FormField("Name", f.name, ""),
		kit.FormGrid(f.sh.Window(), 2,
			kit.FormField("Venue", venueRow, venueHint),
			kit.FormField("Kind of activity", f.category, "Used to find it when matching")),
		kit.FormGrid(f.sh.Window(), 2,
			kit.FormField("Level", f.level, "Taster is a first try; advanced builds on others"),
			kit.FormField("Places", f.capacity, "How many can come; 0 or empty for no limit")),
		kit.FormField("What it is", f.description, ""))
	when := container.NewVBox(
		kit.RowTitle("When"),
		f.schedule.Box, f.monthBox, f.weekly, f.oneOff, times, f.skipBox, f.preview)
	taking := container.NewVBox(
		kit.RowTitle("Taking part"),
		kit.FormGrid(f.sh.Window(), 2,
			container.NewVBox(kit.FormLabel("How people take part"), f.mode.Box),
			kit.FormField("Cost", f.cost, "")),
		f.meetBox, f.joinBox,
		kit.FormGrid(f.sh.Window(), 2,
			kit.FormField("Facilitator", f.facilitator, ""),
			container.NewVBox(f.contactLabel, kit.Tall(f.contact))),
		kit.FormField("What to bring", f.bring, ""))
	next := container.NewVBox(
		kit.RowTitle("Next steps"),
		kit.FormNote("Activities to suggest when someone is ready to move on from this one."),
		f.nextSteps.Box, f.noNext)
	buttons := container.NewBorder(nil, nil, container.NewHBox(kit.Tall(f.saveBtn), kit.Tall(f.cancelBtn)), kit.Tall(f.archiveBtn))
	f.content = kit.FormColumn(container.NewVBox(f.title,
		what, widget.NewSeparator(), when, widget.NewSeparator(), taking, widget.NewSeparator(), next,
		widget.NewSeparator(), f.problem, buttons))
}

// fill puts the activity into the form.
func (f *activityForm) fill() {
	a := f.before
	if f.isNew {
		f.title.SetText("New activity")
	} else {
		f.title.SetText(a.Name)
	}
	set := func(e *widget.Entry, s string) {
		e.SetText(s)
		f.orig[e] = s
	}
	set(f.name, a.Name)
	set(f.description, a.Description)
	if f.isNew {
		set(f.capacity, "")
	} else {
		set(f.capacity, strconv.Itoa(a.Capacity))
	}
	// Dates the UK way, as the form asks for them to be typed; a date left
	// as it was is not read again (text).
	set(f.startDate, domain.UKDay(a.StartDate))
	set(f.date, domain.UKDay(a.StartDate))
	set(f.endDate, domain.UKDay(a.EndDate))
	skips := make([]string, len(a.SkipDates))
	for i, d := range a.SkipDates {
		skips[i] = domain.UKDay(d)
	}
	set(f.skips, strings.Join(skips, ", "))
	set(f.startTime, a.StartTime)
	set(f.endTime, a.EndTime)
	set(f.cost, a.Cost)
	set(f.facilitator, a.Facilitator)
	set(f.contact, a.ContactName)
	set(f.bring, a.WhatToBring)
	set(f.meet, a.MeetingPoint)
	set(f.join, a.JoinLink)
	selectValue(f.category, a.Category)
	selectValue(f.level, a.Level)
	switch a.Schedule {
	case domain.ScheduleOneOff, domain.ScheduleFortnightly, domain.ScheduleMonthly:
		f.schedule.Set(a.Schedule)
	default:
		f.schedule.Set(domain.ScheduleWeekly)
	}
	if a.Schedule != domain.ScheduleOneOff && !f.isNew {
		f.weekday.SetSelected(a.Weekday.String())
	}
	for _, w := range kit.WeekOfMonthChoices {
		if w.N == a.WeekOfMonth {
			f.monthWeek.SetSelected(w.Label)
		}
	}
	if a.Online {
		f.mode.Set(modeOnline)
	} else {
		f.mode.Set(modeInPerson)
	}
	f.onMode()
	for _, id := range a.NextSteps {
		f.nextSteps.On[id] = true
	}
	f.newVenue = a.VenueID
	f.onSchedule()
}

// selectValue selects a stored value (lower case) in a select of
// capitalised labels, adding it when it is not one of the options.
func selectValue(s *widget.Select, value string) {
	if value == "" {
		return
	}
	label := kit.CapitalFirst(value)
	if !slices.Contains(s.Options, label) {
		s.Options = append(s.Options, label)
	}
	s.SetSelected(label)
}

// Refresh re-reads the venues and the other activities; nothing typed is
// replaced.
func (f *activityForm) Refresh() {
	v := f.sh.View()
	chosen := f.venueID()
	if f.newVenue != "" {
		chosen, f.newVenue = f.newVenue, ""
	}
	f.venue.Options, f.venueIDs = venueChoices(v, f.before.VenueID)
	f.venue.ClearSelected()
	for i, id := range f.venueIDs {
		if id == chosen {
			f.venue.SetSelected(f.venue.Options[i])
		}
	}
	if chosen == "" && f.isNew && len(f.venueIDs) == 1 {
		f.venue.SetSelected(f.venue.Options[0])
	}
	f.venue.Refresh()

	var ids, labels []string
	acts := v.Activities()
	sort.SliceStable(acts, func(i, j int) bool { return acts[i].Name < acts[j].Name })
	names := map[string]int{}
	for _, a := range acts {
		names[a.Name]++
	}
	for _, a := range acts {
		if a.ID == f.id {
			continue
		}
		l := a.Name
		if names[a.Name] > 1 {
			l += " · " + v.VenueName(a.VenueID)
		}
		ids = append(ids, a.ID)
		labels = append(labels, l)
	}
	f.nextSteps.SetOptions(ids, labels)
	if len(ids) == 0 {
		f.noNext.Show()
	} else {
		f.noNext.Hide()
	}
	f.updatePreview()
}

func (f *activityForm) venueID() string {
	for i, l := range f.venue.Options {
		if l == f.venue.Selected && i < len(f.venueIDs) {
			return f.venueIDs[i]
		}
	}
	return ""
}

func (f *activityForm) onSchedule() {
	if f.schedule.Value == domain.ScheduleMonthly {
		f.monthBox.Show()
	} else {
		f.monthBox.Hide()
	}
	if f.schedule.Value == domain.ScheduleOneOff {
		f.weekly.Hide()
		f.skipBox.Hide()
		f.oneOff.Show()
		f.relayout()
		if strings.TrimSpace(f.date.Text) == "" {
			f.date.SetText(f.startDate.Text)
		}
	} else {
		f.oneOff.Hide()
		f.weekly.Show()
		f.skipBox.Show()
		f.relayout()
		if strings.TrimSpace(f.startDate.Text) == "" {
			f.startDate.SetText(f.date.Text)
		}
	}
	f.updatePreview()
}

// onMode shows where to meet for an activity met in person, how to join
// for an online one. What was typed in the other stays, unsaved, in case
// the choice changes back.
func (f *activityForm) onMode() {
	if f.mode.Value == modeOnline {
		f.meetBox.Hide()
		f.joinBox.Show()
		f.contactLabel.SetText("Who will welcome them online")
		f.contact.SetPlaceHolder("For example: Bev, who lets people in")
	} else {
		f.joinBox.Hide()
		f.meetBox.Show()
		f.contactLabel.SetText("Who to ask for on arrival")
		f.contact.SetPlaceHolder("For example: Bev (green fleece)")
	}
	f.relayout()
}

// onAddVenue opens the venue form; the venue added is chosen here.
func (f *activityForm) onAddVenue() {
	f.sh.Push(newVenueForm(f.sh, "", func(id, _ string) { f.newVenue = id }))
}

// updatePreview says in words when the activity meets, as typed so far;
// nothing while the day, date or times cannot be read.
func (f *activityForm) updatePreview() {
	if f.preview == nil || f.schedule == nil {
		return
	}
	// The window lays out again by itself; the test driver does not.
	wasShown := f.preview.Visible()
	defer func() {
		if f.preview.Visible() != wasShown {
			f.relayout()
		}
	}()
	readable := func(e *widget.Entry, parse func(string) (string, bool), optional bool) bool {
		t := strings.TrimSpace(e.Text)
		if t == "" {
			return optional
		}
		_, ok := parse(t)
		return ok
	}
	ok := readable(f.startTime, kit.ParseClock, false) && readable(f.endTime, kit.ParseClock, true)
	if f.schedule.Value == domain.ScheduleOneOff {
		ok = ok && readable(f.date, kit.ParseDay, false)
	} else {
		ok = ok && f.weekday.Selected != "" && readable(f.startDate, kit.ParseDay, true) && readable(f.endDate, kit.ParseDay, true)
		_, bad := kit.ParseDays(f.skips.Text)
		ok = ok && len(bad) == 0 && (f.schedule.Value != domain.ScheduleMonthly || f.monthWeek.Selected != "")
	}
	if !ok {
		f.preview.SetText("")
		f.preview.Hide()
		return
	}
	a, _ := f.read()
	var text string
	if a.Schedule == domain.ScheduleOneOff {
		text = "It will show on Today on " + domain.ScheduleText(a) + "."
	} else if problems := domain.CheckSchedule(a); len(problems) > 0 {
		text = problems[0]
	} else if first := domain.NextMeeting(a, f.sh.Today()); first != "" {
		d, _ := domain.ParseDate(first)
		if a.Schedule == domain.ScheduleWeekly || a.Schedule == "" {
			text = "It will show on Today every " + a.Weekday.String()
			if tr := domain.TimeRange(a); tr != "" {
				text += ", " + tr
			}
		} else {
			text = "It will show on Today: " + domain.ScheduleText(a)
		}
		text += ". The next session is on " + domain.LongDate(d)
		if first == f.sh.Today() {
			text += " (today)"
		}
		text += "."
	} else {
		text = "It has no sessions from today on: check the dates."
	}
	f.preview.SetText(text)
	f.preview.Show()
}

// relayout lays the form out again after something in it appeared or
// went.
func (f *activityForm) relayout() {
	if f.content != nil {
		f.content.Refresh()
	}
}

// text is what an entry holds now, trimmed; unchanged reports whether it
// is what the form showed.
func (f *activityForm) text(e *widget.Entry) (string, bool) {
	t := strings.TrimSpace(e.Text)
	return t, t == strings.TrimSpace(f.orig[e])
}

// read builds the activity from the form, starting from the record as it
// was shown, and lists what is wrong in plain words.
func (f *activityForm) read() (domain.Activity, []string) {
	a := f.before
	var problems []string
	str := func(e *widget.Entry, dst *string) {
		if t, same := f.text(e); !same {
			*dst = t
		}
	}
	str(f.name, &a.Name)
	if strings.TrimSpace(a.Name) == "" {
		problems = append(problems, "Type the activity's name.")
	}
	if id := f.venueID(); id != "" {
		a.VenueID = id
	} else {
		msg := "Choose the venue where it happens. If it is not on the list, tap Add a venue."
		if f.sh.VenueDevice() {
			msg = "Choose the venue where it happens."
		}
		problems = append(problems, msg)
	}
	if f.category.Selected != "" && f.category.Selected != kit.CapitalFirst(a.Category) {
		a.Category = strings.ToLower(f.category.Selected)
	}
	if f.level.Selected != "" && f.level.Selected != kit.CapitalFirst(a.Level) {
		a.Level = strings.ToLower(f.level.Selected)
	}
	if t, same := f.text(f.capacity); !same {
		switch n, err := strconv.Atoi(t); {
		case t == "":
			a.Capacity = 0
		case err != nil:
			problems = append(problems, fmt.Sprintf("Places must be a whole number, like 12 (0 for no limit), not %q.", t))
		case n < 0:
			problems = append(problems, "Places cannot be less than 0. Use 0 when there is no limit.")
		default:
			a.Capacity = n
		}
	}
	str(f.description, &a.Description)

	// When.
	date := func(e *widget.Entry, what string, dst *string) {
		t, same := f.text(e)
		if same {
			return
		}
		if t == "" {
			*dst = ""
			return
		}
		d, ok := kit.ParseDay(t)
		if !ok {
			problems = append(problems, fmt.Sprintf("%s %q is not a date we can read. Type it like 21/11/2026 or 2026-11-21.", what, t))
			return
		}
		*dst = d
	}
	if f.schedule.Value == domain.ScheduleOneOff {
		a.Schedule = domain.ScheduleOneOff
		date(f.date, "The date", &a.StartDate)
		if strings.TrimSpace(f.date.Text) == "" {
			problems = append(problems, "Type the date it happens.")
		}
		a.EndDate = ""
	} else {
		if f.schedule.Value != f.before.Schedule && !(f.schedule.Value == domain.ScheduleWeekly && f.before.Schedule == "") {
			a.Schedule = f.schedule.Value
		}
		if d, ok := kit.WeekdayOf(f.weekday.Selected); ok {
			a.Weekday = d
		} else {
			problems = append(problems, "Choose the day of the week it meets.")
		}
		if a.Schedule == domain.ScheduleMonthly {
			for _, w := range kit.WeekOfMonthChoices {
				if w.Label == f.monthWeek.Selected {
					a.WeekOfMonth = w.N
				}
			}
		}
		date(f.startDate, "The first date", &a.StartDate)
		date(f.endDate, "The last date", &a.EndDate)
		if _, same := f.text(f.skips); !same {
			days, bad := kit.ParseDays(f.skips.Text)
			for _, b := range bad {
				problems = append(problems, fmt.Sprintf("The date to skip %q is not a date we can read. Type dates like 22/12/2026, separated by commas.", b))
			}
			a.SkipDates = days
		}
	}
	for _, p := range domain.CheckSchedule(a) {
		if !slices.Contains(problems, p) && !strings.Contains(p, "is not a date") {
			problems = append(problems, p)
		}
	}
	clock := func(e *widget.Entry, what string, dst *string) {
		t, same := f.text(e)
		if same {
			return
		}
		if t == "" {
			*dst = ""
			return
		}
		c, ok := kit.ParseClock(t)
		if !ok {
			problems = append(problems, fmt.Sprintf("%s %q is not a time we can read. Type it on the 24-hour clock, like 10:00 or 14:30.", what, t))
			return
		}
		*dst = c
	}
	clock(f.startTime, "The start time", &a.StartTime)
	clock(f.endTime, "The end time", &a.EndTime)
	if strings.TrimSpace(f.startTime.Text) == "" {
		problems = append(problems, "Type the time it starts, like 10:00.")
	}
	if _, ok := kit.ParseClock(a.StartTime); ok {
		if _, ok := kit.ParseClock(a.EndTime); ok && a.EndTime <= a.StartTime {
			problems = append(problems, "It ends before it starts: the end time must be after the start time.")
		}
	}

	// Taking part.
	a.Online = f.mode.Value == modeOnline
	str(f.cost, &a.Cost)
	str(f.facilitator, &a.Facilitator)
	str(f.contact, &a.ContactName)
	str(f.bring, &a.WhatToBring)
	// Only the one shown is read: the other keeps what the record holds.
	if a.Online {
		if t, same := f.text(f.join); !same {
			if why := domain.CheckJoinLink(t); why != "" {
				problems = append(problems, why)
			} else {
				a.JoinLink = t
			}
		}
	} else {
		str(f.meet, &a.MeetingPoint)
	}

	// Next steps: those chosen, in the order they were, then new ones;
	// ones the form cannot show (archived activities) are kept.
	var steps []string
	shown := map[string]bool{}
	for _, id := range f.nextSteps.IDs {
		shown[id] = true
	}
	for _, id := range f.before.NextSteps {
		if !shown[id] || f.nextSteps.On[id] {
			steps = append(steps, id)
		}
	}
	for _, id := range f.nextSteps.IDs {
		if f.nextSteps.On[id] && !slices.Contains(steps, id) {
			steps = append(steps, id)
		}
	}
	if len(steps) != len(f.before.NextSteps) || strings.Join(steps, "\x00") != strings.Join(f.before.NextSteps, "\x00") {
		a.NextSteps = steps
	}
	return a, problems
}

func (f *activityForm) onSave() {
	a, problems := f.read()
	switch shell.SaveForm(f.sh, f.problem, f.content, problems, domain.Edit(domain.KindActivity, f.id, f.isNew, f.before, a)) {
	case shell.FormKept:
		return
	case shell.FormUnchanged:
		f.done("Nothing was changed in " + a.Name + ".")
		f.sh.Pop() // nothing changed: nothing to ask
		return
	}
	msg := "Saved " + a.Name + "."
	if f.isNew {
		msg = "Added " + a.Name + "."
	}
	if mine := f.sh.DeviceVenues(); len(mine) > 0 && !slices.Contains(mine, a.VenueID) {
		msg += " It is at " + f.sh.View().VenueName(a.VenueID) + ", which this device does not show: choose that venue in Settings to see it here."
	}
	f.done(msg)
	f.sh.Pop() // saved: nothing to ask
}

func (f *activityForm) done(msg string) {
	if f.onDone != nil {
		f.onDone(msg)
	}
}

// onArchive asks before archiving.
func (f *activityForm) onArchive() {
	name := f.before.Name
	f.archiveDlg, f.archiveYes = shell.AskArchive(f.sh, domain.KindActivity, f.id, name,
		fmt.Sprintf("%s will no longer show on Today, on the registers to come or in matching. "+
			"Its past registers, attendance and the people who went are kept, and you can restore it from the Activities screen.", name),
		func() {
			f.done("Archived " + name + ". Its history is kept; restore it from Show archived activities at the end of the list.")
			f.sh.Pop() // saved: nothing to ask
		})
}
