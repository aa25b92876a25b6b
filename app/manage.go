package app

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/access"
	"github.com/gather-sp/gather/app/kit"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/storage"
)

// Managing venues and activities: the forms a coordinator or link worker
// (access.ActionManageActivities) uses to add and change the places and
// activities everyone else works from. The Activities screen opens them.
//
// Everything is an ordinary record change saved with u.save, so it works on
// a device used on its own and syncs like any other record when connected:
// an activity carries its venue_id, so venue tablets receive the
// activities (and the venue) of their venues. Edits write only the fields
// the person changed, measured against the record as the form showed it,
// so a change made meanwhile on another device to a field they did not
// touch is kept. Nothing is deleted: archiving sets "deleted", which takes
// an activity off Today, the registers to come and matching while its
// sessions and attendance stay.

// canManageActivities reports whether the person using the app may add and
// change venues and activities.
func (u *UI) canManageActivities() bool {
	return access.CanDo(u.staff.Role, access.ActionManageActivities)
}

// metaSyncScope is where the sync client keeps the device's scope as JSON
// (client.MetaScope): {"organisation":true} or {"venues":[...]}.
const metaSyncScope = "sync.scope"

// venueDevice reports whether this device is enrolled with a server for
// some venues only. The server takes only those venues' records from it,
// so it cannot add venues.
func (u *UI) venueDevice() bool {
	var scope struct {
		Organisation bool     `json:"organisation"`
		Venues       []string `json:"venues"`
	}
	b, _ := u.opts.Store.Meta(metaSyncScope)
	if len(b) == 0 || json.Unmarshal(b, &scope) != nil {
		return false
	}
	return !scope.Organisation && len(scope.Venues) > 0
}

const venueDeviceNote = "This device is enrolled for its own venues, so new venues are added on an organisation device and reach it when it syncs."

// manageMaxWidth is the widest a form grows: lines of a form stretched
// across a wide screen are hard to follow.
const manageMaxWidth = 980

// columnLayout centres one column no wider than max.
type columnLayout struct{ max float32 }

func (l columnLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		if o.Visible() {
			s = s.Max(o.MinSize())
		}
	}
	return s
}

func (l columnLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	w := fyne.Min(size.Width, l.max)
	for _, o := range objs {
		w = fyne.Max(w, fyne.Min(size.Width, o.MinSize().Width))
		o.Move(fyne.NewPos((size.Width-w)/2, 0))
		o.Resize(fyne.NewSize(w, size.Height))
	}
}

// manageColumn is a screen's scrolling body: a padded column of at most
// manageMaxWidth.
func manageColumn(o fyne.CanvasObject) fyne.CanvasObject {
	return container.NewVScroll(container.New(columnLayout{manageMaxWidth}, container.NewPadded(o)))
}

// manageWidth is about the width manageColumn's contents get, for layouts
// that must know it before they are laid out (flowLayout). It errs on the
// narrow side.
func (u *UI) manageWidth() float32 {
	return fyne.Min(u.win.Canvas().Size().Width, manageMaxWidth) - 4*theme.Padding() - 8
}

// formGrid puts objects side by side in cols equal columns when they fit
// in the width the form will have, and one under another when they do
// not (a portrait tablet, the largest text), so nothing is cut off.
type formGrid struct {
	cols  int
	width func() float32
}

func (g formGrid) columns(objs []fyne.CanvasObject) bool {
	var w float32
	n := 0
	for _, o := range objs {
		if o.Visible() {
			w = fyne.Max(w, o.MinSize().Width)
			n++
		}
	}
	gap := theme.Padding()
	return n > 0 && float32(g.cols)*w+float32(g.cols-1)*gap <= g.width()
}

func (g formGrid) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	cols := g.columns(objs)
	gap := theme.Padding()
	var row float32
	i := 0
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		m := o.MinSize()
		s.Width = fyne.Max(s.Width, m.Width)
		if !cols {
			if i > 0 {
				s.Height += gap
			}
			s.Height += m.Height
			i++
			continue
		}
		row = fyne.Max(row, m.Height)
		if i%g.cols == g.cols-1 {
			if s.Height > 0 {
				s.Height += gap
			}
			s.Height += row
			row = 0
		}
		i++
	}
	if cols && i%g.cols != 0 {
		if s.Height > 0 {
			s.Height += gap
		}
		s.Height += row
	}
	return s
}

func (g formGrid) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	gap := theme.Padding()
	var vis []fyne.CanvasObject
	for _, o := range objs {
		if o.Visible() {
			vis = append(vis, o)
		}
	}
	if !g.columns(objs) {
		y := float32(0)
		for _, o := range vis {
			h := o.MinSize().Height
			o.Move(fyne.NewPos(0, y))
			o.Resize(fyne.NewSize(size.Width, h))
			y += h + gap
		}
		return
	}
	cw := (size.Width - float32(g.cols-1)*gap) / float32(g.cols)
	y := float32(0)
	for start := 0; start < len(vis); start += g.cols {
		end := min(start+g.cols, len(vis))
		var h float32
		for _, o := range vis[start:end] {
			h = fyne.Max(h, o.MinSize().Height)
		}
		for i, o := range vis[start:end] {
			o.Move(fyne.NewPos(float32(i)*(cw+gap), y))
			o.Resize(fyne.NewSize(cw, h))
		}
		y += h + gap
	}
}

// manageGrid is a formGrid sized to this window's forms.
func (u *UI) manageGrid(cols int, objs ...fyne.CanvasObject) *fyne.Container {
	return container.New(formGrid{cols: cols, width: u.manageWidth}, objs...)
}

func manageLabel(text string) *widget.Label {
	return widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

// manageField is a labelled input at least a touch target high, with an
// optional hint under it.
func manageField(label string, o fyne.CanvasObject, hint string) fyne.CanvasObject {
	box := container.NewVBox(manageLabel(label), tall(o))
	if hint != "" {
		h := wrapped(hint)
		h.Importance = widget.LowImportance
		h.SizeName = theme.SizeNameCaptionText
		box.Add(h)
	}
	return box
}

// manageNote is a quiet line of explanation that wraps.
func manageNote(text string) *widget.Label {
	l := wrapped(text)
	l.Importance = widget.LowImportance
	return l
}

func manageEntry(placeholder string) *widget.Entry {
	e := widget.NewEntry()
	e.SetPlaceHolder(placeholder)
	return e
}

func manageMulti(placeholder string) *widget.Entry {
	e := widget.NewMultiLineEntry()
	e.SetPlaceHolder(placeholder)
	e.Wrapping = fyne.TextWrapWord
	e.SetMinRowsVisible(3)
	return e
}

// manageProblem is the label that says what to put right, in red.
func manageProblem() *widget.Label {
	l := wrapped("")
	l.Importance = widget.DangerImportance
	l.TextStyle.Bold = true
	l.Hide()
	return l
}

func showProblems(l *widget.Label, problems []string) {
	if len(problems) == 0 {
		l.SetText("")
		l.Hide()
		return
	}
	text := problems[0]
	if len(problems) > 1 {
		text = "Please put these right, then tap Save again:\n• " + strings.Join(problems, "\n• ")
	}
	l.SetText(text)
	l.Show()
}

// showProblemsAt lays a form out again with its problem label showing,
// scrolled to the end, where the label sits just above Save.
func showProblemsAt(content fyne.CanvasObject) {
	content.Refresh()
	if sc, ok := content.(*container.Scroll); ok {
		sc.ScrollToBottom()
	}
}

// capitalFirst is "Money advice" for "money advice".
func capitalFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// choiceButtons is a row of big buttons of which one is chosen.
type choiceButtons struct {
	values   []string
	buttons  map[string]*widget.Button
	value    string
	onChange func(string)
	box      *fyne.Container
}

func newChoiceButtons(labels, values []string, icons []fyne.Resource, onChange func(string)) *choiceButtons {
	c := &choiceButtons{values: values, buttons: map[string]*widget.Button{}, onChange: onChange}
	objs := make([]fyne.CanvasObject, len(values))
	for i, v := range values {
		v := v
		var icon fyne.Resource
		if i < len(icons) {
			icon = icons[i]
		}
		b := widget.NewButtonWithIcon(labels[i], icon, func() { c.choose(v) })
		c.buttons[v] = b
		objs[i] = tall(b)
	}
	c.box = container.NewGridWithColumns(len(values), objs...)
	return c
}

// set chooses v without telling onChange.
func (c *choiceButtons) set(v string) {
	c.value = v
	for x, b := range c.buttons {
		if x == v {
			b.Importance = widget.HighImportance
		} else {
			b.Importance = widget.MediumImportance
		}
		b.Refresh()
	}
}

func (c *choiceButtons) choose(v string) {
	c.set(v)
	if c.onChange != nil {
		c.onChange(v)
	}
}

// toggleButtons is a wrapping set of big on/off buttons: next steps.
type toggleButtons struct {
	ids     []string
	on      map[string]bool
	buttons map[string]*widget.Button
	box     *fyne.Container
}

func newToggleButtons(width func() float32) *toggleButtons {
	return &toggleButtons{on: map[string]bool{}, buttons: map[string]*widget.Button{},
		box: kit.NewFlow(width)}
}

// setOptions shows ids with their labels, keeping what is switched on.
func (t *toggleButtons) setOptions(ids, labels []string) {
	t.ids = ids
	t.buttons = map[string]*widget.Button{}
	t.box.Objects = nil
	for i, id := range ids {
		id := id
		b := widget.NewButton(labels[i], func() { t.toggle(id) })
		t.buttons[id] = b
		t.paint(id)
		t.box.Add(tall(b))
	}
	t.box.Refresh()
}

func (t *toggleButtons) toggle(id string) {
	t.on[id] = !t.on[id]
	t.paint(id)
}

func (t *toggleButtons) paint(id string) {
	b := t.buttons[id]
	if b == nil {
		return
	}
	if t.on[id] {
		b.Importance = widget.HighImportance
		b.SetIcon(theme.CheckButtonCheckedIcon())
	} else {
		b.Importance = widget.MediumImportance
		b.SetIcon(theme.CheckButtonIcon())
	}
	b.Refresh()
}

// Dates and times as people type them.

var clockPattern = regexp.MustCompile(`^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?$`)

// parseClock reads a time of day, "10:00", "9.30", "14:05" or "2pm", as
// stored: HH:MM on the 24-hour clock.
func parseClock(s string) (string, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if len(s) == 4 && strings.Trim(s, "0123456789") == "" {
		s = s[:2] + ":" + s[2:] // 0930
	}
	m := clockPattern.FindStringSubmatch(s)
	if m == nil {
		return "", false
	}
	h, _ := strconv.Atoi(m[1])
	mins := 0
	if m[2] != "" {
		mins, _ = strconv.Atoi(m[2])
	}
	switch strings.ReplaceAll(m[3], ".", "") {
	case "am":
		if h < 1 || h > 12 {
			return "", false
		}
		if h == 12 {
			h = 0
		}
	case "pm":
		if h < 1 || h > 12 {
			return "", false
		}
		if h != 12 {
			h += 12
		}
	default:
		if m[2] == "" {
			return "", false // "10" alone could be a date or a number of places
		}
	}
	if h > 23 || mins > 59 {
		return "", false
	}
	return fmt.Sprintf("%02d:%02d", h, mins), true
}

// parseDay reads a date typed as 2026-11-21 or 21/11/2026, as stored.
func parseDay(s string) (string, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"2006-1-2", "2/1/2006", "2.1.2006", "2-1-2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Format(domain.DateLayout), true
		}
	}
	return "", false
}

// weekdays in the order a UK week is written.
var weekdays = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}

func weekdayNames() []string {
	out := make([]string, len(weekdays))
	for i, d := range weekdays {
		out[i] = d.String()
	}
	return out
}

func weekdayOf(name string) (time.Weekday, bool) {
	for _, d := range weekdays {
		if d.String() == name {
			return d, true
		}
	}
	return 0, false
}

// firstMeeting is the first date on or after from that an activity
// meets, or "" when it has none to come.
func firstMeeting(a domain.Activity, from string) string { return domain.NextMeeting(a, from) }

// weekOfMonthChoices are the weeks a monthly activity may meet in, as the
// form offers them, with their domain.Activity.WeekOfMonth.
var weekOfMonthChoices = []struct {
	label string
	n     int
}{{"First", 1}, {"Second", 2}, {"Third", 3}, {"Fourth", 4}, {"Last", domain.LastWeekOfMonth}}

// parseDays reads dates typed in one line, separated by commas or spaces,
// as stored and sorted; bad lists the ones that cannot be read.
func parseDays(s string) (days, bad []string) {
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\n' }) {
		if d, ok := parseDay(w); ok {
			if !contains(days, d) {
				days = append(days, d)
			}
		} else {
			bad = append(bad, w)
		}
	}
	sort.Strings(days)
	return days, bad
}

// venueChoices are the venues a form offers, labelled so that two with the
// same name can be told apart; keep, when set, is offered even if archived.
func venueChoices(v *storage.View, keep string) (labels, ids []string) {
	vs := venuesAll(v)
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
		if count[x.Name] > 1 && contains(labels, l) {
			l += " · " + x.ID
		}
		labels = append(labels, l)
		ids = append(ids, x.ID)
	}
	return labels, ids
}

// activityForm adds or changes an activity.
type activityForm struct {
	u       *UI
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

	schedule  *choiceButtons // weekly, fortnightly, monthly or one-off
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

	mode        *choiceButtons // in person or online
	cost        *widget.Entry
	facilitator *widget.Entry
	contact     *widget.Entry
	bring       *widget.Entry

	nextSteps *toggleButtons
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
func newActivityForm(u *UI, id, venueID string, onDone func(string)) *activityForm {
	f := &activityForm{u: u, id: id, onDone: onDone, orig: map[*widget.Entry]string{}}
	if id == "" {
		f.id, f.isNew = domain.NewID(), true
		f.before = domain.Activity{ID: f.id, VenueID: venueID, Schedule: domain.ScheduleWeekly, StartDate: u.today()}
	} else if r, ok := u.view().Get(domain.KindActivity, id); ok {
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
	f.title = heading("")
	f.name = manageEntry("For example: Garden group")
	f.venue = widget.NewSelect(nil, nil)
	f.venue.PlaceHolder = "Choose a venue"
	f.addVenueBtn = bigButton("Add a venue", theme.ContentAddIcon(), widget.LowImportance, f.onAddVenue)
	cats := make([]string, len(domain.Categories))
	for i, c := range domain.Categories {
		cats[i] = capitalFirst(c)
	}
	f.category = widget.NewSelect(cats, nil)
	f.category.PlaceHolder = "Choose a kind"
	levels := make([]string, len(domain.Levels))
	for i, l := range domain.Levels {
		levels[i] = capitalFirst(l)
	}
	f.level = widget.NewSelect(levels, nil)
	f.level.PlaceHolder = "Choose a level"
	f.capacity = manageEntry("0 for no limit")
	f.description = manageMulti("What happens there, in a sentence or two")

	f.schedule = newChoiceButtons([]string{"Every week", "Every two weeks", "Monthly", "Once"},
		[]string{domain.ScheduleWeekly, domain.ScheduleFortnightly, domain.ScheduleMonthly, domain.ScheduleOneOff},
		[]fyne.Resource{theme.ViewRefreshIcon(), theme.ViewRefreshIcon(), theme.CalendarIcon(), theme.CalendarIcon()},
		func(string) { f.onSchedule() })
	var weeks []string
	for _, w := range weekOfMonthChoices {
		weeks = append(weeks, w.label)
	}
	f.monthWeek = widget.NewSelect(weeks, func(string) { f.updatePreview() })
	f.monthWeek.PlaceHolder = "Choose a week"
	f.skips = manageEntry("For example 2026-12-22, 2026-12-29")
	f.weekday = widget.NewSelect(weekdayNames(), func(string) { f.updatePreview() })
	f.weekday.PlaceHolder = "Choose a day"
	f.startDate = manageEntry("YYYY-MM-DD")
	f.endDate = manageEntry("Leave empty if it carries on")
	f.date = manageEntry("YYYY-MM-DD")
	f.startTime = manageEntry("HH:MM")
	f.endTime = manageEntry("HH:MM (optional)")
	for _, e := range []*widget.Entry{f.startDate, f.endDate, f.date, f.startTime, f.endTime, f.skips} {
		e.OnChanged = func(string) { f.updatePreview() }
	}
	f.preview = wrapped("")
	f.preview.TextStyle.Italic = true
	f.weekly = f.u.manageGrid(3,
		manageField("Day of the week", f.weekday, ""),
		manageField("From", f.startDate, "The first week it runs"),
		manageField("Until (optional)", f.endDate, "The last date it runs"))
	f.oneOff = f.u.manageGrid(3, manageField("Date", f.date, "For example 2026-12-05 or 5/12/2026"))
	f.monthBox = f.u.manageGrid(3, manageField("Which week of the month", f.monthWeek, "\"Last\" is the last one, whether the fourth or the fifth"))
	f.skipBox = container.NewVBox(manageField("Dates it does not meet (optional)", f.skips,
		"Bank holidays or a break: dates separated by commas. They drop off Today and the registers."))
	times := f.u.manageGrid(3,
		manageField("Starts at", f.startTime, "24-hour clock, like 10:00 or 14:30"),
		manageField("Ends at", f.endTime, ""))

	f.mode = newChoiceButtons([]string{"In person", "Online"}, []string{modeInPerson, modeOnline},
		[]fyne.Resource{theme.AccountIcon(), theme.ComputerIcon()}, nil)
	f.cost = manageEntry("Free, or £2 for materials")
	f.facilitator = manageEntry("Who runs it")
	f.contact = manageEntry("For example: Bev (green fleece)")
	f.bring = manageMulti("For example: old clothes and sturdy shoes")

	f.nextSteps = newToggleButtons(f.u.manageWidth)
	f.noNext = manageNote("There are no other activities yet.")

	f.problem = manageProblem()
	f.saveBtn = bigButton("Save", theme.DocumentSaveIcon(), widget.HighImportance, f.onSave)
	f.cancelBtn = bigButton("Cancel", theme.CancelIcon(), widget.MediumImportance, f.u.Back)
	f.archiveBtn = bigButton("Archive this activity", theme.DeleteIcon(), widget.DangerImportance, f.onArchive)
	if f.isNew {
		f.archiveBtn.Hide()
	}
	if f.u.venueDevice() {
		f.addVenueBtn.Hide()
	}

	venueRow := container.NewBorder(nil, nil, nil, tall(f.addVenueBtn), tall(f.venue))
	what := container.NewVBox(
		subheading("What and where"),
		manageField("Name", f.name, ""),
		f.u.manageGrid(2,
			container.NewVBox(manageLabel("Venue"), venueRow),
			manageField("Kind of activity", f.category, "Used to find it when matching")),
		f.u.manageGrid(2,
			manageField("Level", f.level, "Taster is a first try; advanced builds on others"),
			manageField("Places", f.capacity, "How many can come; 0 or empty for no limit")),
		manageField("What it is", f.description, ""))
	when := container.NewVBox(
		subheading("When"),
		f.schedule.box, f.monthBox, f.weekly, f.oneOff, times, f.skipBox, f.preview)
	taking := container.NewVBox(
		subheading("Taking part"),
		f.u.manageGrid(2,
			container.NewVBox(manageLabel("How people take part"), f.mode.box),
			manageField("Cost", f.cost, "")),
		f.u.manageGrid(2,
			manageField("Facilitator", f.facilitator, ""),
			manageField("Who to ask for on arrival", f.contact, "")),
		manageField("What to bring", f.bring, ""))
	next := container.NewVBox(
		subheading("Next steps"),
		manageNote("Activities to suggest when someone is ready to move on from this one."),
		f.nextSteps.box, f.noNext)
	buttons := container.NewBorder(nil, nil, container.NewHBox(tall(f.saveBtn), tall(f.cancelBtn)), tall(f.archiveBtn))
	f.content = manageColumn(container.NewVBox(f.title,
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
	set(f.startDate, a.StartDate)
	set(f.date, a.StartDate)
	set(f.endDate, a.EndDate)
	set(f.skips, strings.Join(a.SkipDates, ", "))
	set(f.startTime, a.StartTime)
	set(f.endTime, a.EndTime)
	set(f.cost, a.Cost)
	set(f.facilitator, a.Facilitator)
	set(f.contact, a.ContactName)
	set(f.bring, a.WhatToBring)
	selectValue(f.category, a.Category)
	selectValue(f.level, a.Level)
	switch a.Schedule {
	case domain.ScheduleOneOff, domain.ScheduleFortnightly, domain.ScheduleMonthly:
		f.schedule.set(a.Schedule)
	default:
		f.schedule.set(domain.ScheduleWeekly)
	}
	if a.Schedule != domain.ScheduleOneOff && !f.isNew {
		f.weekday.SetSelected(a.Weekday.String())
	}
	for _, w := range weekOfMonthChoices {
		if w.n == a.WeekOfMonth {
			f.monthWeek.SetSelected(w.label)
		}
	}
	if a.Online {
		f.mode.set(modeOnline)
	} else {
		f.mode.set(modeInPerson)
	}
	for _, id := range a.NextSteps {
		f.nextSteps.on[id] = true
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
	label := capitalFirst(value)
	if !contains(s.Options, label) {
		s.Options = append(s.Options, label)
	}
	s.SetSelected(label)
}

// Refresh re-reads the venues and the other activities; nothing typed is
// replaced.
func (f *activityForm) Refresh() {
	v := f.u.view()
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
	acts := activities(v)
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
			l += " · " + venueName(v, a.VenueID)
		}
		ids = append(ids, a.ID)
		labels = append(labels, l)
	}
	f.nextSteps.setOptions(ids, labels)
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
	if f.schedule.value == domain.ScheduleMonthly {
		f.monthBox.Show()
	} else {
		f.monthBox.Hide()
	}
	if f.schedule.value == domain.ScheduleOneOff {
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

// onAddVenue opens the venue form; the venue added is chosen here.
func (f *activityForm) onAddVenue() {
	f.u.Push(newVenueForm(f.u, "", func(id, _ string) { f.newVenue = id }))
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
	ok := readable(f.startTime, parseClock, false) && readable(f.endTime, parseClock, true)
	if f.schedule.value == domain.ScheduleOneOff {
		ok = ok && readable(f.date, parseDay, false)
	} else {
		ok = ok && f.weekday.Selected != "" && readable(f.startDate, parseDay, true) && readable(f.endDate, parseDay, true)
		_, bad := parseDays(f.skips.Text)
		ok = ok && len(bad) == 0 && (f.schedule.value != domain.ScheduleMonthly || f.monthWeek.Selected != "")
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
	} else if first := firstMeeting(a, f.u.today()); first != "" {
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
		if first == f.u.today() {
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
		if f.u.venueDevice() {
			msg = "Choose the venue where it happens."
		}
		problems = append(problems, msg)
	}
	if f.category.Selected != "" && f.category.Selected != capitalFirst(a.Category) {
		a.Category = strings.ToLower(f.category.Selected)
	}
	if f.level.Selected != "" && f.level.Selected != capitalFirst(a.Level) {
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
		d, ok := parseDay(t)
		if !ok {
			problems = append(problems, fmt.Sprintf("%s %q is not a date we can read. Type it like 2026-11-21 or 21/11/2026.", what, t))
			return
		}
		*dst = d
	}
	if f.schedule.value == domain.ScheduleOneOff {
		a.Schedule = domain.ScheduleOneOff
		date(f.date, "The date", &a.StartDate)
		if strings.TrimSpace(f.date.Text) == "" {
			problems = append(problems, "Type the date it happens.")
		}
		a.EndDate = ""
	} else {
		if f.schedule.value != f.before.Schedule && !(f.schedule.value == domain.ScheduleWeekly && f.before.Schedule == "") {
			a.Schedule = f.schedule.value
		}
		if d, ok := weekdayOf(f.weekday.Selected); ok {
			a.Weekday = d
		} else {
			problems = append(problems, "Choose the day of the week it meets.")
		}
		if a.Schedule == domain.ScheduleMonthly {
			for _, w := range weekOfMonthChoices {
				if w.label == f.monthWeek.Selected {
					a.WeekOfMonth = w.n
				}
			}
		}
		date(f.startDate, "The first date", &a.StartDate)
		date(f.endDate, "The last date", &a.EndDate)
		if _, same := f.text(f.skips); !same {
			days, bad := parseDays(f.skips.Text)
			for _, b := range bad {
				problems = append(problems, fmt.Sprintf("The date to skip %q is not a date we can read. Type dates like 2026-12-22, separated by commas.", b))
			}
			a.SkipDates = days
		}
	}
	for _, p := range domain.CheckSchedule(a) {
		if !contains(problems, p) && !strings.Contains(p, "is not a date") {
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
		c, ok := parseClock(t)
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
	if _, ok := parseClock(a.StartTime); ok {
		if _, ok := parseClock(a.EndTime); ok && a.EndTime <= a.StartTime {
			problems = append(problems, "It ends before it starts: the end time must be after the start time.")
		}
	}

	// Taking part.
	a.Online = f.mode.value == modeOnline
	str(f.cost, &a.Cost)
	str(f.facilitator, &a.Facilitator)
	str(f.contact, &a.ContactName)
	str(f.bring, &a.WhatToBring)

	// Next steps: those chosen, in the order they were, then new ones;
	// ones the form cannot show (archived activities) are kept.
	var steps []string
	shown := map[string]bool{}
	for _, id := range f.nextSteps.ids {
		shown[id] = true
	}
	for _, id := range f.before.NextSteps {
		if !shown[id] || f.nextSteps.on[id] {
			steps = append(steps, id)
		}
	}
	for _, id := range f.nextSteps.ids {
		if f.nextSteps.on[id] && !contains(steps, id) {
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
	switch f.u.saveForm(f.problem, f.content, problems, domain.KindActivity, f.id, fieldsToWrite(f.isNew, f.before, a)) {
	case formKept:
		return
	case formUnchanged:
		f.done("Nothing was changed in " + a.Name + ".")
		f.u.back() // nothing changed: nothing to ask
		return
	}
	msg := "Saved " + a.Name + "."
	if f.isNew {
		msg = "Added " + a.Name + "."
	}
	if mine := f.u.deviceVenues(); len(mine) > 0 && !contains(mine, a.VenueID) {
		msg += " It is at " + venueName(f.u.view(), a.VenueID) + ", which this device does not show: choose that venue in Settings to see it here."
	}
	f.done(msg)
	f.u.back() // saved: nothing to ask
}

func (f *activityForm) done(msg string) {
	if f.onDone != nil {
		f.onDone(msg)
	}
}

// onArchive asks before archiving.
func (f *activityForm) onArchive() {
	name := f.before.Name
	f.archiveYes = bigButton("Archive", theme.DeleteIcon(), widget.DangerImportance, f.onArchiveConfirmed)
	body := wrapped(fmt.Sprintf("%s will no longer show on Today, on the registers to come or in matching. "+
		"Its past registers, attendance and the people who went are kept, and you can restore it from the Activities screen.", name))
	f.archiveDlg = newDialog(f.u, "Archive "+name+"?", body, "Keep it", []fyne.CanvasObject{f.archiveYes})
	f.archiveDlg.Resize(f.u.dialogSize(540, 300))
	f.archiveDlg.Show()
}

func (f *activityForm) onArchiveConfirmed() {
	if f.archiveDlg != nil {
		f.archiveDlg.Hide()
	}
	if f.u.save(record.Change{Kind: domain.KindActivity, ID: f.id, Fields: map[string]string{record.FieldDeleted: "true"}}) != nil {
		return
	}
	f.done("Archived " + f.before.Name + ". Its history is kept; restore it from Show archived activities at the end of the list.")
	f.u.back() // saved: nothing to ask
}

// entityReader reads a record whatever its state (*storage.Store has it).
// The read model leaves deleted records out, so archived ones are read
// from the store one by one.
type entityReader interface {
	Entity(kind record.Kind, id string) (*record.Entity, error)
}

// archived returns the archived (deleted, not erased) records of kind that
// this device holds and that something points at: sessions, enrolments and
// next steps for activities; activities and sessions for venues; and the
// audit trail, which names everything changed here. It reads every session
// and audit entry, so screens call it only when asked to show them.
func (u *UI) archived(kind record.Kind) map[string]domain.Values {
	er, ok := u.opts.Store.(entityReader)
	if !ok {
		return nil
	}
	v := u.view()
	seen := map[string]bool{}
	var cand []string
	add := func(id string) {
		if id == "" || seen[id] {
			return
		}
		seen[id] = true
		if _, live := v.Get(kind, id); !live {
			cand = append(cand, id)
		}
	}
	switch kind {
	case domain.KindActivity:
		for _, k := range []record.Kind{domain.KindSession, domain.KindEnrolment} {
			for _, r := range v.All(k) {
				add(r.Get("activity_id"))
			}
		}
		for _, a := range activities(v) {
			for _, id := range a.NextSteps {
				add(id)
			}
		}
	case domain.KindVenue:
		for _, k := range []record.Kind{domain.KindActivity, domain.KindSession} {
			for _, r := range v.All(k) {
				add(r.Get("venue_id"))
			}
		}
	}
	for _, r := range v.All(domain.KindAudit) {
		if r.Get("entity_kind") == string(kind) {
			add(r.Get("entity_id"))
		}
	}
	out := map[string]domain.Values{}
	for _, id := range cand {
		e, err := er.Entity(kind, id)
		if err != nil || e == nil || !e.Deleted() || e.Erased() {
			continue
		}
		out[id] = domain.Values(e.Values())
	}
	return out
}

// venueForm adds or changes a venue.
type venueForm struct {
	u       *UI
	id      string
	isNew   bool
	before  domain.Venue
	orig    map[*widget.Entry]string
	onDone  func(id, msg string)
	content fyne.CanvasObject

	title      *widget.Label
	name       *widget.Entry
	address    *widget.Entry
	postcode   *widget.Entry
	phone      *widget.Entry
	directions *widget.Entry
	accessInfo *widget.Entry

	problem    *widget.Label
	saveBtn    *widget.Button
	cancelBtn  *widget.Button
	archiveBtn *widget.Button
	archiveDlg *dialog.CustomDialog
	archiveYes *widget.Button
}

func newVenueForm(u *UI, id string, onDone func(id, msg string)) *venueForm {
	f := &venueForm{u: u, id: id, onDone: onDone, orig: map[*widget.Entry]string{}}
	if id == "" {
		f.id, f.isNew = domain.NewID(), true
		f.before = domain.Venue{ID: f.id}
	} else if r, ok := u.view().Get(domain.KindVenue, id); ok {
		r.Decode(&f.before)
	} else {
		f.before = domain.Venue{ID: id}
	}
	f.buildUI()
	return f
}

func (f *venueForm) Title() string {
	if f.isNew {
		return "New venue"
	}
	return "Edit venue"
}

func (f *venueForm) Content() fyne.CanvasObject { return f.content }

// Refresh leaves the form alone: nothing typed is ever replaced.
func (f *venueForm) Refresh() {}

func (f *venueForm) buildUI() {
	f.title = heading("New venue")
	if !f.isNew {
		f.title.SetText(f.before.Name)
	}
	f.name = manageEntry("For example: St Anne's Church Hall")
	f.address = manageEntry("Street and town")
	f.postcode = manageEntry("KV2 7HN")
	f.phone = manageEntry("01632 960245")
	f.directions = manageMulti("Buses, parking, which door to use")
	f.accessInfo = manageMulti("Step-free access, toilets, hearing loop, seating")
	set := func(e *widget.Entry, s string) {
		e.SetText(s)
		f.orig[e] = s
	}
	set(f.name, f.before.Name)
	set(f.address, f.before.Address)
	set(f.postcode, f.before.Postcode)
	set(f.phone, f.before.Phone)
	set(f.directions, f.before.Directions)
	set(f.accessInfo, f.before.AccessInfo)

	f.problem = manageProblem()
	f.saveBtn = bigButton("Save", theme.DocumentSaveIcon(), widget.HighImportance, f.onSave)
	f.cancelBtn = bigButton("Cancel", theme.CancelIcon(), widget.MediumImportance, f.u.Back)
	f.archiveBtn = bigButton("Archive this venue", theme.DeleteIcon(), widget.DangerImportance, f.onArchive)
	if f.isNew {
		f.archiveBtn.Hide()
	}
	where := container.NewVBox(
		subheading("Where it is"),
		manageField("Name", f.name, ""),
		manageField("Address", f.address, ""),
		f.u.manageGrid(2,
			manageField("Postcode", f.postcode, ""),
			manageField("Phone", f.phone, "A number someone there answers")))
	getting := container.NewVBox(
		subheading("Getting there"),
		manageField("Travel directions", f.directions, "Printed on the activity info sheet"),
		manageField("Access information", f.accessInfo, ""))
	buttons := container.NewBorder(nil, nil, container.NewHBox(tall(f.saveBtn), tall(f.cancelBtn)), tall(f.archiveBtn))
	f.content = manageColumn(container.NewVBox(f.title,
		manageNote("Venue tablets get the venues they serve and their activities when they sync."),
		where, widget.NewSeparator(), getting, widget.NewSeparator(), f.problem, buttons))
}

var (
	postcodePattern = regexp.MustCompile(`^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$`)
	phonePattern    = regexp.MustCompile(`^\+?[0-9 ()-]+$`)
)

// normalPostcode is a UK postcode in capitals with one space, when it
// looks like one.
func normalPostcode(s string) (string, bool) {
	p := strings.ToUpper(strings.Join(strings.Fields(s), ""))
	if !postcodePattern.MatchString(p) {
		return s, false
	}
	return p[:len(p)-3] + " " + p[len(p)-3:], true
}

func (f *venueForm) read() (domain.Venue, []string) {
	x := f.before
	var problems []string
	text := func(e *widget.Entry) (string, bool) {
		t := strings.TrimSpace(e.Text)
		return t, t == strings.TrimSpace(f.orig[e])
	}
	str := func(e *widget.Entry, dst *string) {
		if t, same := text(e); !same {
			*dst = t
		}
	}
	str(f.name, &x.Name)
	if strings.TrimSpace(x.Name) == "" {
		problems = append(problems, "Type the venue's name.")
	} else if t, same := text(f.name); !same || f.isNew {
		for _, other := range venuesAll(f.u.view()) {
			if other.ID != f.id && strings.EqualFold(strings.TrimSpace(other.Name), t) {
				problems = append(problems, fmt.Sprintf("There is already a venue called %s. Edit that one from the list of venues, or give this one a name that tells them apart.", other.Name))
				break
			}
		}
	}
	str(f.address, &x.Address)
	if t, same := text(f.postcode); !same {
		if t == "" {
			x.Postcode = ""
		} else if p, ok := normalPostcode(t); ok {
			x.Postcode = p
		} else {
			problems = append(problems, fmt.Sprintf("The postcode %q does not look like a UK postcode, like KV1 4RG.", t))
		}
	}
	if t, same := text(f.phone); !same {
		digits := 0
		for _, r := range t {
			if r >= '0' && r <= '9' {
				digits++
			}
		}
		if t != "" && (!phonePattern.MatchString(t) || digits < 6) {
			problems = append(problems, fmt.Sprintf("The phone number %q has something other than digits in it, or too few. Type it like 01632 960245.", t))
		} else {
			x.Phone = t
		}
	}
	str(f.directions, &x.Directions)
	str(f.accessInfo, &x.AccessInfo)
	return x, problems
}

func (f *venueForm) onSave() {
	x, problems := f.read()
	switch f.u.saveForm(f.problem, f.content, problems, domain.KindVenue, f.id, fieldsToWrite(f.isNew, f.before, x)) {
	case formKept:
		return
	case formUnchanged:
		f.done("Nothing was changed at " + x.Name + ".")
		f.u.back() // nothing changed: nothing to ask
		return
	}
	msg := "Saved " + x.Name + "."
	if f.isNew {
		msg = "Added " + x.Name + ". Now add the activities that happen there."
	}
	f.done(msg)
	f.u.back() // saved: nothing to ask
}

func (f *venueForm) done(msg string) {
	if f.onDone != nil {
		f.onDone(f.id, msg)
	}
}

// activitiesAt are the activities (not archived) at a venue.
func activitiesAt(v *storage.View, venueID string) []domain.Activity {
	var out []domain.Activity
	for _, a := range activities(v) {
		if a.VenueID == venueID {
			out = append(out, a)
		}
	}
	return out
}

func (f *venueForm) onArchive() {
	if n := len(activitiesAt(f.u.view(), f.id)); n > 0 {
		showProblems(f.problem, []string{fmt.Sprintf("%s still has %s. Archive them, or move them to another venue, before archiving the venue.",
			f.before.Name, countWord(n, "activity", "activities"))})
		showProblemsAt(f.content)
		return
	}
	f.archiveYes = bigButton("Archive", theme.DeleteIcon(), widget.DangerImportance, f.onArchiveConfirmed)
	body := wrapped(fmt.Sprintf("%s will no longer be offered for new activities. Past registers held there are kept, and you can restore it from the list of venues.", f.before.Name))
	f.archiveDlg = newDialog(f.u, "Archive "+f.before.Name+"?", body, "Keep it", []fyne.CanvasObject{f.archiveYes})
	f.archiveDlg.Resize(f.u.dialogSize(540, 280))
	f.archiveDlg.Show()
}

func (f *venueForm) onArchiveConfirmed() {
	if f.archiveDlg != nil {
		f.archiveDlg.Hide()
	}
	if f.u.save(record.Change{Kind: domain.KindVenue, ID: f.id, Fields: map[string]string{record.FieldDeleted: "true"}}) != nil {
		return
	}
	f.done("Archived " + f.before.Name + ".")
	f.u.back() // saved: nothing to ask
}

func countWord(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// venuesScreen lists the venues, to add and change them.
type venuesScreen struct {
	u       *UI
	content fyne.CanvasObject

	notice       *widget.Label
	addBtn       *widget.Button
	list         *fyne.Container
	editBtns     map[string]*widget.Button // by venue id
	archivedBtn  *widget.Button            // show or hide archived venues
	showArchived bool
	restoreBtns  map[string]*widget.Button // archived venues, by id
}

func newVenuesScreen(u *UI) *venuesScreen {
	s := &venuesScreen{u: u}
	s.notice = wrapped("")
	s.notice.Importance = widget.SuccessImportance
	s.notice.Hide()
	s.addBtn = bigButton("Add a venue", theme.ContentAddIcon(), widget.HighImportance, s.onAdd)
	s.list = container.NewVBox()
	s.archivedBtn = bigButton("Show archived venues", theme.HistoryIcon(), widget.LowImportance, func() {
		s.showArchived = !s.showArchived
		s.Refresh()
	})
	intro := manageNote("The places activities happen. Their directions and access details go on the info sheets people take away.")
	if u.venueDevice() {
		s.addBtn.Hide()
		intro.SetText(intro.Text + " " + venueDeviceNote)
	}
	s.content = manageColumn(container.NewVBox(
		container.NewBorder(nil, nil, nil, tall(s.addBtn), heading("Venues")),
		intro, s.notice, s.list, container.NewHBox(tall(s.archivedBtn))))
	return s
}

func (s *venuesScreen) Title() string              { return "Venues" }
func (s *venuesScreen) Content() fyne.CanvasObject { return s.content }

func (s *venuesScreen) say(msg string) {
	s.notice.SetText(msg)
	s.notice.Show()
}

func (s *venuesScreen) onAdd() {
	s.u.Push(newVenueForm(s.u, "", func(_, msg string) { s.say(msg) }))
}

func (s *venuesScreen) onEdit(id string) {
	s.u.Push(newVenueForm(s.u, id, func(_, msg string) { s.say(msg) }))
}

func (s *venuesScreen) onRestore(id, name string) {
	if s.u.save(record.Change{Kind: domain.KindVenue, ID: id, Fields: map[string]string{record.FieldDeleted: ""}}) == nil {
		s.say("Restored " + name + ".")
		s.u.repaint(s)
	}
}

func (s *venuesScreen) Refresh() {
	v := s.u.view()
	s.list.Objects = nil
	s.editBtns = map[string]*widget.Button{}
	s.restoreBtns = map[string]*widget.Button{}
	vs := venuesAll(v)
	if len(vs) == 0 {
		if s.u.venueDevice() {
			s.list.Add(wrapped("No venues on this device yet. They arrive when it syncs."))
		} else {
			s.list.Add(wrapped("No venues yet. Add the first place where activities happen."))
		}
	}
	for _, x := range vs {
		id := x.ID
		edit := bigButton("Edit", theme.DocumentCreateIcon(), widget.MediumImportance, func() { s.onEdit(id) })
		s.editBtns[id] = edit
		where := strings.TrimSpace(strings.Join(nonEmpty(x.Address, x.Postcode), " "))
		n := len(activitiesAt(v, id))
		more := "No activities yet"
		if n > 0 {
			more = countWord(n, "activity", "activities")
		}
		if x.Phone != "" {
			more += " · Phone " + x.Phone
		}
		info := container.NewVBox(subheading(x.Name), wrapped(orNothing(where, "No address yet")), muted(more))
		s.list.Add(panel(container.NewBorder(nil, nil, nil, container.NewCenter(sized(edit, 150, minTouch)), info)))
	}
	if !s.showArchived {
		s.archivedBtn.SetText("Show archived venues")
	} else {
		s.archivedBtn.SetText("Hide archived venues")
		var archived []domain.Venue
		for id, vals := range s.u.archived(domain.KindVenue) {
			var x domain.Venue
			domain.Decode(id, vals, &x)
			archived = append(archived, x)
		}
		sort.Slice(archived, func(i, j int) bool { return archived[i].Name < archived[j].Name })
		s.list.Add(subheading("Archived venues"))
		if len(archived) == 0 {
			s.list.Add(muted("None archived."))
		}
		for _, x := range archived {
			id, name := x.ID, x.Name
			b := bigButton("Restore", theme.ContentUndoIcon(), widget.MediumImportance, func() { s.onRestore(id, name) })
			s.restoreBtns[id] = b
			s.list.Add(container.NewBorder(nil, nil, nil, tall(b), wrapped(x.Name)))
		}
	}
	s.list.Refresh()
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
	}
	return out
}

func orNothing(s, instead string) string {
	if strings.TrimSpace(s) == "" {
		return instead
	}
	return s
}

// entriesChanged reports whether any entry's text differs from what the
// form showed when it opened.
func entriesChanged(orig map[*widget.Entry]string) bool {
	for e, was := range orig {
		if strings.TrimSpace(e.Text) != strings.TrimSpace(was) {
			return true
		}
	}
	return false
}

// unsaved: something was typed and not saved (Back and the navigation ask
// before throwing it away).
func (f *activityForm) unsaved() bool { return entriesChanged(f.orig) }

func (f *venueForm) unsaved() bool { return entriesChanged(f.orig) }

// formSaved says what Save did on a form.
type formSaved int

const (
	formKept      formSaved = iota // problems, or the store refused: the form stays, with everything typed
	formUnchanged                  // nothing differed: nothing was written
	formWritten                    // the changed fields were saved, with their audit entries
)

// saveForm is Save on every form: it shows the problems in plain words
// (and writes nothing), or writes the fields as one action.
func (u *UI) saveForm(problem *widget.Label, content fyne.CanvasObject, problems []string, kind record.Kind, id string, fields map[string]string) formSaved {
	showProblems(problem, problems)
	switch {
	case len(problems) > 0:
		showProblemsAt(content)
		return formKept
	case len(fields) == 0:
		return formUnchanged
	case u.save(record.Change{Kind: kind, ID: id, Fields: fields}) != nil:
		return formKept // the error is on screen
	}
	return formWritten
}

// fieldsToWrite is what a form saves: for a new record every field that
// has a value, for an edit only the fields that differ from what the form
// showed (so a change another device made meanwhile to another field
// survives).
func fieldsToWrite(isNew bool, before, after any) map[string]string {
	if !isNew {
		return domain.Diff(before, after)
	}
	fields := map[string]string{}
	for k, v := range domain.Encode(after) {
		if v != "" {
			fields[k] = v
		}
	}
	return fields
}
