package reports

import (
	"sort"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/kit"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/report"
	"github.com/gather-sp/gather/storage"
)

// Store is what the Reports screen needs from the device store
// (*storage.Store has it).
type Store interface {
	View() *storage.View
	Changed() <-chan struct{}
}

// Context is who is using the screen, on what day, in which window.
type Context struct {
	// StaffID is who is using the screen; it is passed to OnExport.
	StaffID string

	// Now is the clock; nil means time.Now. Tests pin it. Its date is the
	// "today" of the period presets and of overdue follow-ups.
	Now func() time.Time

	// Window is where dialogs (save, errors) open. nil: exports go straight
	// to ExportDir and errors are only shown on the screen.
	Window fyne.Window

	// ExportDir is the default folder for CSV and PDF files; "" means
	// Documents/Gather reports in the home folder (or the home folder).
	ExportDir string

	// OnExport, when set, is called on the UI goroutine after each export
	// is written, so the shell can record it in the audit trail.
	OnExport func(Export)

	// SaveAs, when set, replaces the save dialog (kit.AskSave): it is
	// given the suggested file name and the default folder, and calls done
	// with the chosen path, or "" when the person cancelled.
	SaveAs func(name, dir string, done func(path string))

	// Period is the label of the preset shown first (see
	// report.PresetPeriods); "" means "Last month".
	Period string

	// Run runs the figures' work off the UI goroutine and done back on it;
	// nil: a goroutine and fyne.Do. The shell passes its own runner, which
	// screenshots and tests make synchronous.
	Run func(work, done func())

	// NoLiveRefresh stops the screen from watching the store itself. Set
	// it when the shell calls Refresh on every commit, and in tests.
	NoLiveRefresh bool
}

// Export describes one file the screen wrote, for the audit trail. What
// holds no personal data.
type Export struct {
	StaffID string
	Format  string // "csv" or "pdf"
	What    string // "report CSV (zip), 2026-10-01 to 2026-10-31, Whole organisation"
	Path    string // where it was written, as the person chose it
	Rows    int    // table rows written
}

func (c Context) today() string {
	if c.Now != nil {
		return domain.DateOf(c.Now())
	}
	return domain.DateOf(time.Now())
}

// Section names, in the order of the section buttons.
const (
	SectionAttendance = "Attendance"
	SectionReferrals  = "Referrals"
	SectionFollowUps  = "Follow-ups"
	SectionOutcomes   = "Outcomes"
	SectionEquity     = "Equity"
)

// Sections lists the sections in order.
var Sections = []string{SectionAttendance, SectionReferrals, SectionFollowUps, SectionOutcomes, SectionEquity}

const (
	customPeriod = "Choose dates…"
	allVenues    = "All venues"
	allActivites = "All activities"
	allPractices = "All practices"
)

// Reports is the Reports screen. It fits the shell's Screen interface.
type Reports struct {
	store Store
	ctx   Context
	run   func(work, done func()) // work off the UI goroutine, then done on it

	// State, touched only on the UI goroutine.
	periods []report.Period
	opt     report.Options
	ds      *report.Dataset
	rep     *report.Report
	section string
	busy    bool   // a load or build is running
	lastDir string // the folder of this screen's last export, where the next one goes
	again   bool   // a newer choice came while busy
	stale   bool   // the store changed: load the dataset again
	filling bool   // filter choices are being set, not chosen

	venueIDs    map[string]string // choice label -> id
	activityIDs map[string]string

	periodSel   *widget.Select
	fromEntry   *widget.Entry
	toEntry     *widget.Entry
	customRow   *fyne.Container
	venueSel    *widget.Select
	activitySel *widget.Select
	practiceSel *widget.Select
	problem     *widget.Label
	status      *widget.Label
	notice      *widget.Label
	csvBtn      *widget.Button
	pdfBtn      *widget.Button
	sectionBtns map[string]*widget.Button
	body        *fyne.Container
	scroll      *container.Scroll
	root        fyne.CanvasObject

	stop    chan struct{}
	updated func() // tests: called on the UI goroutine after each update
}

// New returns the Reports screen. It works out the figures on its first
// Refresh (the shell calls Refresh when it shows a screen).
func New(store Store, ctx Context) *Reports {
	s := &Reports{store: store, ctx: ctx, section: SectionAttendance, stop: make(chan struct{}), stale: true}
	s.run = ctx.Run
	if s.run == nil {
		s.run = func(work, done func()) {
			go func() {
				work()
				fyne.Do(done)
			}()
		}
	}
	s.periods = report.PresetPeriods(ctx.today())
	first := ctx.Period
	if first == "" {
		// The last whole month: the figures a team meeting or a practice
		// asks for most often, complete (no days still to come, as in
		// "This quarter"), and recent. A real service has enough people in
		// a month for most figures to show; with the small demo data many
		// are "not shown", and the note over every section says why.
		first = "Last month"
	}
	for _, p := range s.periods {
		if p.Label == first {
			s.opt.From, s.opt.To = p.From, p.To
		}
	}
	if s.opt.From == "" && len(s.periods) > 0 {
		s.opt.From, s.opt.To = s.periods[0].From, s.periods[0].To
	}
	s.opt.Today = ctx.today()
	s.buildUI()
	s.filling = true
	s.periodSel.SetSelected(s.periodLabel())
	s.filling = false
	s.watch()
	return s
}

// Title is the screen's name for the shell's title bar.
func (s *Reports) Title() string { return "Reports" }

// Content is the screen to mount.
func (s *Reports) Content() fyne.CanvasObject { return s.root }

// Refresh reads the store again and works the figures out afresh, off the
// UI goroutine. Calls while a build is running are folded into one more.
func (s *Reports) Refresh() { s.request(true) }

// Close stops the screen watching the store (when it does).
func (s *Reports) Close() {
	select {
	case <-s.stop:
	default:
		close(s.stop)
	}
}

// Report is the report on show; nil until the first build finishes.
func (s *Reports) Report() *report.Report { return s.rep }

func (s *Reports) watch() {
	if s.ctx.NoLiveRefresh {
		return
	}
	// Subscribed before the goroutine starts and again as soon as a change
	// arrives, so no commit falls between two subscriptions unseen.
	ch := s.store.Changed()
	go func() {
		for {
			select {
			case <-ch:
				ch = s.store.Changed()
				fyne.Do(s.Refresh)
			case <-s.stop:
				return
			}
		}
	}()
}

func (s *Reports) buildUI() {
	labels := make([]string, 0, len(s.periods)+1)
	for _, p := range s.periods {
		labels = append(labels, p.Label)
	}
	labels = append(labels, customPeriod)
	s.periodSel = widget.NewSelect(labels, s.onPeriod)
	s.fromEntry = dateEntry()
	s.toEntry = dateEntry()
	s.fromEntry.OnSubmitted = func(string) { s.onCustomDates() }
	s.toEntry.OnSubmitted = func(string) { s.onCustomDates() }
	show := bigButton("Show these dates", theme.ConfirmIcon(), widget.HighImportance, s.onCustomDates)
	s.customRow = container.New(&kit.Columns{Cell: 14}, field("From", s.fromEntry), field("To (inclusive)", s.toEntry),
		container.NewVBox(bold(" "), tall(show)))
	s.customRow.Hide()

	s.venueSel = widget.NewSelect([]string{allVenues}, func(string) { s.onFilter() })
	s.activitySel = widget.NewSelect([]string{allActivites}, func(string) { s.onFilter() })
	s.practiceSel = widget.NewSelect([]string{allPractices}, func(string) { s.onFilter() })
	s.filling = true
	s.venueSel.SetSelected(allVenues)
	s.activitySel.SetSelected(allActivites)
	s.practiceSel.SetSelected(allPractices)
	s.filling = false
	choices := container.New(&kit.Columns{Cell: 14},
		field("Period", tall(s.periodSel)), field("Venue", tall(s.venueSel)),
		field("Activity", tall(s.activitySel)), field("Practice", tall(s.practiceSel)))

	s.problem = wrapped("")
	s.problem.Importance = widget.DangerImportance
	s.problem.TextStyle.Bold = true
	s.problem.Hide()
	s.status = wrapped("")
	s.status.TextStyle.Bold = true
	s.notice = wrapped("")
	s.notice.Importance = widget.SuccessImportance
	s.notice.Hide()

	s.csvBtn = bigButton("Save CSV (zip)", theme.DownloadIcon(), widget.MediumImportance, s.onSaveCSV)
	s.pdfBtn = bigButton("Save PDF", theme.DocumentPrintIcon(), widget.MediumImportance, s.onSavePDF)
	s.csvBtn.Disable()
	s.pdfBtn.Disable()
	exports := container.NewHBox(tall(s.csvBtn), tall(s.pdfBtn))

	s.sectionBtns = map[string]*widget.Button{}
	tabs := container.New(&kit.Columns{Cell: 9, Even: true})
	for _, name := range Sections {
		name := name
		b := widget.NewButton(name, func() { s.onSection(name) })
		s.sectionBtns[name] = b
		tabs.Add(tall(b))
	}
	s.markSection()

	s.body = container.NewVBox(muted("Working out the figures…"))
	top := container.NewVBox(choices, s.customRow, s.problem,
		container.NewBorder(nil, nil, nil, exports, s.status), s.notice, tabs, widget.NewSeparator())
	s.scroll = container.NewVScroll(container.NewPadded(container.NewVBox(top, s.body)))
	s.root = s.scroll
}

// periodLabel is the preset matching the chosen dates, or the custom choice.
func (s *Reports) periodLabel() string {
	for _, p := range s.periods {
		if p.From == s.opt.From && p.To == s.opt.To {
			return p.Label
		}
	}
	return customPeriod
}

func (s *Reports) onPeriod(label string) {
	if s.filling {
		return
	}
	if label == customPeriod {
		s.fromEntry.SetText(domain.UKDay(s.opt.From))
		s.toEntry.SetText(domain.UKDay(s.opt.To))
		s.customRow.Show()
		return
	}
	for _, p := range s.periods {
		if p.Label == label {
			s.customRow.Hide()
			s.opt.From, s.opt.To = p.From, p.To
			s.request(false)
			return
		}
	}
}

// onCustomDates checks the typed dates and shows that period, or says in
// plain words what is wrong with them.
func (s *Reports) onCustomDates() {
	opt := s.opt
	opt.From, opt.To = strings.TrimSpace(s.fromEntry.Text), strings.TrimSpace(s.toEntry.Text)
	for _, d := range []struct {
		name string
		day  *string
	}{{"From", &opt.From}, {"To", &opt.To}} {
		if *d.day == "" {
			s.say("A report needs a period: give both a From and a To date, for example 01/03/2026 and 31/03/2026.")
			return
		}
		day, err := domain.ReadDay(*d.day)
		if err != nil {
			s.say(d.name + " date: " + sentence(err.Error()))
			return
		}
		*d.day = day
	}
	if err := opt.Validate(); err != nil {
		s.say(sentence(err.Error()))
		return
	}
	s.opt = opt
	s.request(false)
}

func (s *Reports) onFilter() {
	if s.filling {
		return
	}
	venue := s.venueIDs[s.venueSel.Selected]
	if venue != s.opt.VenueID {
		// A new venue: offer only its activities.
		s.opt.VenueID = venue
		s.opt.ActivityID = ""
		s.fillActivities()
	} else {
		s.opt.ActivityID = s.activityIDs[s.activitySel.Selected]
	}
	s.opt.Practice = ""
	if p := s.practiceSel.Selected; p != allPractices {
		s.opt.Practice = p
	}
	s.request(false)
}

// ShowSection shows the section named (one of Sections), as its button
// does; before the figures arrive, they open on it.
func (s *Reports) ShowSection(name string) { s.onSection(name) }

func (s *Reports) onSection(name string) {
	s.section = name
	s.markSection()
	s.showSection()
	s.scroll.ScrollToTop()
}

func (s *Reports) markSection() {
	for name, b := range s.sectionBtns {
		if name == s.section {
			b.Importance = widget.HighImportance
		} else {
			b.Importance = widget.MediumImportance
		}
		b.Refresh()
	}
}

// say shows a problem in plain words; "" clears it.
func (s *Reports) say(msg string) {
	s.problem.SetText(msg)
	if msg == "" {
		s.problem.Hide()
	} else {
		s.problem.Show()
	}
}

// request works the report out again for the current choices: loading the
// dataset first when asked (or when the store changed), off the UI
// goroutine. A request while one is running makes it run once more.
func (s *Reports) request(reload bool) {
	if reload {
		s.stale = true
	}
	s.say("")
	s.notice.Hide()
	if s.busy {
		s.again = true
		return
	}
	s.start()
}

func (s *Reports) start() {
	s.busy, s.again = true, false
	opt, ds, reload := s.opt, s.ds, s.stale || s.ds == nil
	s.stale = false
	s.status.SetText("Working out the figures…")
	s.csvBtn.Disable()
	s.pdfBtn.Disable()
	var rep *report.Report
	var err error
	s.run(func() {
		if reload {
			ds = report.Load(s.store.View())
		}
		if err = opt.CheckFilters(ds); err == nil {
			rep, err = report.Build(ds, opt)
		}
	}, func() {
		s.busy = false
		if reload {
			s.ds = ds
			s.fillFilters()
		}
		if s.again {
			s.start() // a newer choice: this result is already out of date
			return
		}
		s.apply(rep, err)
	})
}

func (s *Reports) apply(rep *report.Report, err error) {
	defer func() {
		if s.updated != nil {
			s.updated()
		}
	}()
	if err != nil {
		s.say("These figures could not be worked out: " + err.Error() + ".")
		s.status.SetText("")
		return
	}
	s.rep = rep
	s.filling = true
	s.periodSel.SetSelected(s.periodLabel())
	s.filling = false
	s.status.SetText(rep.Scope + " · " + longDate(rep.Options.From) + " to " + longDate(rep.Options.To))
	s.csvBtn.Enable()
	s.pdfBtn.Enable()
	s.showSection()
}

func (s *Reports) showSection() {
	if s.rep == nil {
		return
	}
	var c fyne.CanvasObject
	switch s.section {
	case SectionReferrals:
		c = referralsSection(s.rep)
	case SectionFollowUps:
		c = followUpsSection(s.rep)
	case SectionOutcomes:
		c = outcomesSection(s.rep)
	case SectionEquity:
		c = equitySection(s.rep)
	default:
		c = attendanceSection(s.rep)
	}
	s.body.Objects = []fyne.CanvasObject{muted(report.SuppressedNote), c}
	s.body.Refresh()
}

// fillFilters offers the venues, activities and practices of the loaded
// data set, keeping the current choices.
func (s *Reports) fillFilters() {
	s.filling = true
	defer func() { s.filling = false }()
	var venues []choice
	for _, v := range s.ds.Venues {
		venues = append(venues, choice{id: v.ID, name: v.Name, archived: v.Deleted})
	}
	var opts []string
	var selected string
	opts, s.venueIDs, selected = offer(allVenues, venues, s.opt.VenueID)
	s.venueSel.SetOptions(opts)
	s.venueSel.SetSelected(selected)
	s.fillActivities()

	seen := map[string]bool{}
	var practices []string
	addPractice := func(p string) {
		if p = strings.TrimSpace(p); p != "" && !seen[p] {
			seen[p] = true
			practices = append(practices, p)
		}
	}
	for _, p := range s.ds.People {
		addPractice(p.Practice)
	}
	for _, r := range s.ds.Referrals {
		addPractice(r.Practice)
	}
	sort.Strings(practices)
	s.practiceSel.SetOptions(append([]string{allPractices}, practices...))
	if s.opt.Practice != "" && seen[s.opt.Practice] {
		s.practiceSel.SetSelected(s.opt.Practice)
	} else {
		s.practiceSel.SetSelected(allPractices)
	}
}

func (s *Reports) fillActivities() {
	was := s.filling
	s.filling = true
	defer func() { s.filling = was }()
	var acts []choice
	if s.ds != nil {
		for _, a := range s.ds.Activities {
			if s.opt.VenueID == "" || a.VenueID == s.opt.VenueID {
				acts = append(acts, choice{id: a.ID, name: a.Name, archived: a.Deleted})
			}
		}
	}
	opts, ids, selected := offer(allActivites, acts, s.opt.ActivityID)
	s.activityIDs = ids
	s.activitySel.SetOptions(opts)
	s.activitySel.SetSelected(selected)
	if selected == allActivites {
		s.opt.ActivityID = ""
	}
}

func orID(name, id string) string {
	if strings.TrimSpace(name) == "" {
		return id
	}
	return name
}

// archivedSuffix marks a venue or activity taken out of use: a filter
// still offers it, after the others, for the months it ran.
const archivedSuffix = " (archived)"

// choice is a venue or activity a filter offers.
type choice struct {
	id, name string
	archived bool
}

// offer lays out a filter's choices: all first, then those in use by name,
// then the archived ones by name, marked. It returns the labels, the id
// each stands for, and the label of current (all when it is not offered).
func offer(all string, cs []choice, current string) ([]string, map[string]string, string) {
	sort.SliceStable(cs, func(i, j int) bool {
		if cs[i].archived != cs[j].archived {
			return !cs[i].archived
		}
		return cs[i].name < cs[j].name
	})
	labels, ids, selected := []string{all}, map[string]string{all: ""}, all
	for _, c := range cs {
		label := orID(c.name, c.id)
		if c.archived {
			label += archivedSuffix
		}
		label = unique(ids, label)
		ids[label] = c.id
		labels = append(labels, label)
		if c.id == current {
			selected = label
		}
	}
	return labels, ids, selected
}

// unique makes a choice label unique: two venues with one name both show.
func unique(taken map[string]string, label string) string {
	out := label
	for n := 2; ; n++ {
		if _, ok := taken[out]; !ok {
			return out
		}
		out = label + " (" + itoa(n) + ")"
	}
}

// longDate is "1 Oct 2026".
func longDate(iso string) string {
	t, err := time.Parse(time.DateOnly, iso)
	if err != nil {
		return iso
	}
	return t.Format("2 Jan 2006")
}

// sentence gives an engine message a capital letter and a full stop.
func sentence(s string) string {
	if s == "" {
		return s
	}
	s = strings.ToUpper(s[:1]) + s[1:]
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}
