package casework

import (
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

const anyChoice = "Any"

// Matching is the activity directory with filters, and matching a person to
// one or more activities: each match enrols them (so they are on that
// register and their card reaches that venue), keeps their travel support
// notes and schedules the follow-up.
type Matching struct {
	store Store
	ctx   Context
	screen
	personID   string
	referralID string

	category, day, venueSel, mode, level, cost *widget.Select
	accessText                                 *widget.Entry
	filters                                    *fyne.Container // the drop-downs and the access words
	filterToggle                               *widget.Button  // shows or hides filters
	filtersSet                                 *widget.Label   // what the folded filters narrow the list by
	list                                       *fyne.Container
	count                                      *widget.Label
	checks                                     map[string]*toggle // activity id -> Match toggle
	chosen                                     map[string]bool
	shown                                      []string // activity ids in the list

	route, meetBy *widget.Entry
	venueNote     *widget.Entry // for the facilitator: reaches the venue's register
	withFriend    *toggle
	weeks         *choiceRow
	save          *widget.Button
	baseline      *widget.Button
	prompt        *fyne.Container
	problem       problem
	notice        *widget.Label
	header        *widget.Label
	about         *fyne.Container // why they were referred, their access needs
	support       *fyne.Container // getting there and follow-up
	box           *fyne.Container
	page          *container.Scroll

	// bar stays in view below the list once an activity is ticked: what
	// is chosen, what matching will do, and Match and enrol, which would
	// otherwise sit below every activity, out of sight.
	bar          *fyne.Container
	chosenWords  *widget.Label
	gettingThere *widget.Label
	toSupport    *widget.Button

	venues map[string]domain.Venue
}

// NewMatching returns the matching screen for a person; referralID is the
// referral being worked on ("" uses their open referral, if any).
func NewMatching(store Store, ctx Context, personID, referralID string) *Matching {
	m := newMatching(store, ctx, nil, personID, referralID)
	m.nav = newNav(store, ctx, m)
	return m
}

func newMatching(store Store, ctx Context, n *nav, personID, referralID string) *Matching {
	m := &Matching{store: store, ctx: ctx, screen: screen{n}, personID: personID, referralID: referralID,
		chosen: map[string]bool{}}
	if referralID == "" {
		if r, ok := openReferral(store.View(), personID); ok {
			m.referralID = r.ID
		}
	}
	m.buildUI()
	m.refresh()
	return m
}

func (m *Matching) title() string { return "Match to activities" }

func (m *Matching) body() fyne.CanvasObject {
	return container.NewBorder(nil, m.bar, nil, nil, m.page)
}

func (m *Matching) buildUI() {
	v := m.store.View()
	m.venues = map[string]domain.Venue{}
	venueNames := []string{anyChoice}
	for _, r := range v.All(domain.KindVenue) {
		var x domain.Venue
		r.Decode(&x)
		if x.Deleted {
			continue
		}
		m.venues[x.ID] = x
		venueNames = append(venueNames, x.Name)
	}
	sel := func(opts []string) *widget.Select {
		s := widget.NewSelect(append([]string{anyChoice}, opts...), func(string) { m.refresh() })
		s.SetSelectedIndex(0)
		return s
	}
	m.category = sel(domain.Categories)
	m.day = sel(weekdays)
	m.venueSel = widget.NewSelect(venueNames, func(string) { m.refresh() })
	m.venueSel.SetSelectedIndex(0)
	m.mode = sel([]string{"In person", "Online"})
	m.level = sel(domain.Levels)
	m.cost = sel([]string{"Free only"})
	m.accessText = entry("e.g. step-free, hearing loop")
	m.accessText.OnChanged = func(string) { m.refresh() }
	m.list = container.NewVBox()
	m.count = muted("")

	m.route = multi("How they will get there: bus number, stop, which door")
	m.route.OnChanged = func(string) { m.showChosen() }
	m.meetBy = entry("Who will meet them, and where")
	m.meetBy.OnChanged = func(string) { m.showChosen() }
	m.withFriend = newToggle("Coming with a friend", func(bool) { m.showChosen() })
	m.venueNote = entry("e.g. nervous about groups; likes to sit near the door")
	w := []string{"4", "5", "6"}
	m.weeks = newChoiceRow(m.ctx.width(), []string{"4 weeks", "5 weeks", "6 weeks"}, w, 3, func(string) { m.showChosen() })
	m.weeks.set(fmt.Sprint(m.ctx.followUpWeeks()), false)
	m.save = bigButton("Match and enrol", theme.ConfirmIcon(), widget.HighImportance, m.onSave)
	m.baseline = bigButton("Take the baseline wellbeing questions now", theme.DocumentCreateIcon(), widget.HighImportance, m.onBaseline)
	m.prompt = container.NewVBox(wrapped("They have no baseline wellbeing measure yet. Taking it now, at matching, lets you show what changed at follow-up."), tall(m.baseline))
	m.prompt.Hide()
	m.problem = newProblem()
	m.notice = newNotice()
	m.header = heading("")
	m.about = container.NewVBox()

	// The choices fold to the width there is; the access words get a
	// line of their own, wide enough to read what was typed. Labels keep
	// to one line, so the grid takes fewer columns rather than wrap one
	// and push its drop-down out of line with the rest.
	m.filters = container.NewVBox(kit.NewFitGrid(6, m.ctx.width(),
		filterField("Category", m.category), filterField("Day", m.day), filterField("Venue", m.venueSel),
		filterField("In person or online", m.mode), filterField("Level", m.level), filterField("Cost", m.cost)),
		field("Access information", m.accessText))
	// At larger text the filters alone fill a laptop's screen, and no
	// activity shows before scrolling: there they start folded behind
	// Show filters, which says what they narrow the list by.
	m.filtersSet = muted("")
	m.filterToggle = widget.NewButtonWithIcon("", theme.SearchIcon(), m.toggleFilters)
	if theme.TextSize() > normalTextSize {
		m.filters.Hide()
	}
	m.showFilterToggle()
	filterBar := container.NewBorder(nil, nil, tall(m.filterToggle), nil, m.filtersSet)
	m.support = section("Getting there and follow-up",
		field("Travel: the route", m.route),
		container.NewGridWithColumns(2, field("Someone to meet them", m.meetBy), container.NewVBox(widget.NewLabel(""), tall(m.withFriend.Button))),
		field("For the facilitator, to welcome them (optional)", m.venueNote),
		muted("Who meets them, a friend coming along and this note go to the venue's register for their first session. The route and everything else stay here."),
		bold("Follow up after"), m.weeks.box,
	)
	// What a save said, and the baseline it offers, go at the top: the
	// page scrolls there after saving.
	m.box = container.NewVBox(m.header, m.notice, m.prompt, m.about, filterBar, m.filters, m.count, m.list, m.support)
	m.page = container.NewVScroll(container.NewPadded(m.box))

	m.chosenWords = bold("")
	m.gettingThere = wrapped("")
	m.toSupport = bigButton("Getting there", theme.MoveDownIcon(), widget.MediumImportance, m.scrollToSupport)
	m.bar = container.NewVBox(widget.NewSeparator(), container.NewPadded(container.NewVBox(
		m.chosenWords, m.gettingThere, m.problem.Label,
		kit.NewFlow(m.ctx.width(), tall(m.toSupport), tall(m.save)))))
	m.bar.Hide()
}

// normalTextSize is the theme's text size at Normal (kit.ThemeSize).
const normalTextSize = 16

// filterField is a filter's label on one line above its drop-down.
func filterField(label string, input fyne.CanvasObject) fyne.CanvasObject {
	l := bold(label)
	l.Wrapping = fyne.TextWrapOff
	return container.NewVBox(l, tall(input))
}

// toggleFilters shows the filters, or folds them away.
func (m *Matching) toggleFilters() {
	if m.filters.Visible() {
		m.filters.Hide()
	} else {
		m.filters.Show()
	}
	m.showFilterToggle()
	m.box.Refresh()
}

// showFilterToggle words the filters' button, and beside it, while they
// are folded, what they narrow the list by.
func (m *Matching) showFilterToggle() {
	if m.filters.Visible() {
		m.filterToggle.SetText("Hide filters")
		m.filtersSet.SetText("")
		return
	}
	m.filterToggle.SetText("Show filters")
	var set []string
	for _, s := range []*widget.Select{m.category, m.day, m.venueSel, m.mode, m.level, m.cost} {
		if s.Selected != anyChoice && s.Selected != "" {
			set = append(set, s.Selected)
		}
	}
	if q := strings.TrimSpace(m.accessText.Text); q != "" {
		set = append(set, "access: "+q)
	}
	if len(set) == 0 {
		m.filtersSet.SetText("None set: every activity is shown.")
		return
	}
	m.filtersSet.SetText("Only: " + strings.Join(set, ", "))
}

// showChosen puts what is ticked, and what Match and enrol will do with
// it, in the bar below the list; the bar is hidden while nothing is.
func (m *Matching) showChosen() {
	if m.bar == nil {
		return // still building
	}
	if len(m.chosen) == 0 {
		m.bar.Hide()
		return
	}
	v := m.store.View()
	var ids []string
	for id := range m.chosen {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var names []string
	needRoute := false
	for _, id := range ids {
		a, ok := activity(v, id)
		if !ok {
			continue
		}
		needRoute = needRoute || domain.NeedsRoute(a)
		if _, full := placesOf(v, a); full {
			names = append(names, a.Name+" (full: waiting list)")
		} else {
			names = append(names, a.Name)
		}
	}
	m.chosenWords.SetText(fmt.Sprintf("%d chosen: %s", len(ids), strings.Join(names, ", ")))
	weeks := m.weeks.selected
	for _, f := range followUpsOf(v, m.personID) {
		if f.Done == "" {
			weeks = "" // one is waiting already: matching adds none (followUp)
		}
	}
	m.gettingThere.SetText(gettingThereWords(m.calledName(v), needRoute,
		strings.TrimSpace(m.route.Text), strings.TrimSpace(m.meetBy.Text), m.withFriend.On, weeks))
	m.bar.Show()
}

// gettingThereWords is what matching will keep besides the enrolment, as
// the bar below the list says it: the route and who meets them (for the
// info sheet), what of those is not written yet, naming the person (name)
// and where to write it, and the follow-up it schedules (weeks, "" when
// it schedules none). needRoute is whether any activity chosen is held in
// a building (domain.NeedsRoute): one joined online needs no route, only
// perhaps someone to welcome them.
func gettingThereWords(name string, needRoute bool, route, meetBy string, withFriend bool, weeks string) string {
	var parts, missing []string
	if route != "" && needRoute {
		parts = append(parts, "Route: "+strings.Join(strings.Fields(route), " "))
	}
	if meetBy != "" {
		parts = append(parts, "Met by "+meetBy)
	}
	if withFriend {
		parts = append(parts, "coming with a friend")
	}
	if needRoute && route == "" {
		missing = append(missing, "how "+name+" gets there")
	}
	if meetBy == "" {
		if needRoute {
			missing = append(missing, "who will meet "+name)
		} else {
			missing = append(missing, "who will welcome "+name+" online")
		}
	}
	var say []string
	if len(parts) > 0 {
		say = append(say, strings.Join(parts, " · ")+".")
	}
	if len(missing) > 0 {
		say = append(say, "Not written yet for "+name+"'s info sheet (Getting there): "+strings.Join(missing, " and ")+".")
	}
	if weeks != "" {
		say = append(say, "Follow-up in "+weeks+" weeks.")
	}
	return strings.Join(say, " ")
}

// calledName is the name the bar uses for the person being matched: the
// name they go by, else their given name, else "this person".
func (m *Matching) calledName(v *storage.View) string {
	p, ok := v.Person(m.personID)
	switch {
	case !ok:
		return "this person"
	case strings.TrimSpace(p.PreferredName) != "":
		return strings.TrimSpace(p.PreferredName)
	case strings.TrimSpace(p.GivenName) != "":
		return strings.TrimSpace(p.GivenName)
	case p.DisplayName() != "":
		return p.DisplayName()
	}
	return "this person"
}

// scrollToSupport brings the getting-there fields into sight.
func (m *Matching) scrollToSupport() {
	pos, ok := offsetWithin(m.page.Content, m.support)
	if !ok {
		return
	}
	y := pos.Y
	if max := m.page.Content.Size().Height - m.page.Size().Height; y > max {
		y = max
	}
	m.page.ScrollToOffset(fyne.NewPos(0, y))
}

// choose ticks or unticks an activity, as if the Match box were tapped.
func (m *Matching) choose(activityID string, on bool) {
	if on {
		m.chosen[activityID] = true
	} else {
		delete(m.chosen, activityID)
	}
	if c, ok := m.checks[activityID]; ok && c.On != on {
		c.SetOn(on, false)
	}
	m.showChosen()
}

type directoryEntry struct {
	domain.Activity
	venue    domain.Venue
	enrolled int      // people enrolled now
	others   []string // their names, all but the person being matched
	mine     bool     // the person is already enrolled
	waiting  []domain.Match
	inLine   int // the person's place on the waiting list, 0 when not on it
}

func (m *Matching) directory(v *storage.View, today string) []directoryEntry {
	var out []directoryEntry
	for _, r := range v.All(domain.KindActivity) {
		var a domain.Activity
		r.Decode(&a)
		if a.Deleted || (a.EndDate != "" && a.EndDate < today) ||
			(a.Schedule == domain.ScheduleOneOff && a.StartDate != "" && a.StartDate < today) {
			continue
		}
		e := directoryEntry{Activity: a, venue: m.venues[a.VenueID]}
		for _, en := range v.Enrolments(a.ID) {
			if !en.Active() {
				continue
			}
			if en.PersonID == m.personID {
				e.mine = true
			} else {
				e.others = append(e.others, personName(v, en.PersonID))
			}
			e.enrolled++
		}
		sort.Strings(e.others)
		e.waiting = domain.WaitingList(decodeAll(v.By(domain.KindMatch, "activity_id", a.ID),
			func(x *domain.Match) bool { return x.Deleted }), a.ID)
		e.inLine = domain.PlaceInLine(e.waiting, m.personID)
		if m.keep(e) {
			out = append(out, e)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// keep applies the filters.
func (m *Matching) keep(e directoryEntry) bool {
	if s := m.category.Selected; s != anyChoice && s != "" && e.Category != s {
		return false
	}
	if s := m.day.Selected; s != anyChoice && s != "" && weekdayOf(e.Activity) != s {
		return false
	}
	if s := m.venueSel.Selected; s != anyChoice && s != "" && e.venue.Name != s {
		return false
	}
	if s := m.mode.Selected; s == "Online" && !e.Online || s == "In person" && e.Online {
		return false
	}
	if s := m.level.Selected; s != anyChoice && s != "" && e.Level != s {
		return false
	}
	if m.cost.Selected == "Free only" && !strings.HasPrefix(strings.ToLower(strings.TrimSpace(e.Cost)), "free") {
		return false
	}
	if q := strings.ToLower(strings.TrimSpace(m.accessText.Text)); q != "" {
		hay := strings.ToLower(e.venue.AccessInfo + " " + e.Description)
		for _, w := range strings.Fields(q) {
			if !strings.Contains(hay, w) {
				return false
			}
		}
	}
	return true
}

func weekdayOf(a domain.Activity) string {
	wd := a.Weekday
	if a.Schedule == domain.ScheduleOneOff {
		t, ok := domain.ParseDate(a.StartDate)
		if !ok {
			return ""
		}
		wd = t.Weekday()
	}
	return weekdays[(int(wd)+6)%7] // weekdays starts on Monday
}

func (m *Matching) refresh() {
	if m.list == nil || m.cost == nil {
		return // still building the filters
	}
	v := m.store.View()
	today := m.ctx.today()
	if p, ok := v.Person(m.personID); ok {
		m.header.SetText("Match " + p.DisplayName())
	} else {
		m.header.SetText("Match to activities")
	}
	m.about.Objects = m.aboutLines(v)
	m.about.Refresh()
	entries := m.directory(v, today)
	m.checks = map[string]*toggle{}
	m.shown = nil
	objs := []fyne.CanvasObject{}
	for _, e := range entries {
		objs = append(objs, m.row(e))
		m.shown = append(m.shown, e.ID)
	}
	if len(entries) == 0 {
		objs = append(objs, wrapped("No activities fit these filters. Set one or more back to Any."))
	}
	m.count.SetText(fmt.Sprintf("%s shown. Tick the ones they would like to try.", plural(len(entries), "activity", "activities")))
	m.list.Objects = objs
	m.list.Refresh()
	if m.filterToggle != nil {
		m.showFilterToggle()
	}
	m.showChosen()
}

// aboutLines is what the link worker matches against, so they need not
// go back to the case: why the person was referred (the referral being
// worked on) and their access needs, as the case says them. The access
// needs are free words ("Uses a wheelchair; needs the step-free door"),
// not a venue's, so they are shown beside the access filter rather than
// typed into it: every word of the filter must appear in a venue's access
// information, and their words would hide every activity.
func (m *Matching) aboutLines(v *storage.View) []fyne.CanvasObject {
	var out []fyne.CanvasObject
	if m.referralID != "" {
		if row, ok := v.Get(domain.KindReferral, m.referralID); ok {
			var r domain.Referral
			row.Decode(&r)
			if !r.Deleted && access.CanSeeField(m.ctx.Role, domain.KindReferral, "reasons") {
				out = append(out, wrapped("Referred for: "+orDash(strings.Join(r.Reasons, ", "))))
			}
		}
	}
	if p, ok := v.Person(m.personID); ok && p.AccessNeeds != "" {
		out = append(out, colored("Access needs: "+p.AccessNeeds, widget.WarningImportance))
	}
	return out
}

func (m *Matching) row(e directoryEntry) fyne.CanvasObject {
	// An online activity is joined from home: its heading says "online"
	// (as its line below does), not the building that organises it,
	// which nobody is sent to, and says it once when its name already
	// does (domain.ActivityHeading).
	mode := "in person"
	if e.Online {
		mode = "online"
	}
	lines := []fyne.CanvasObject{
		bold(domain.ActivityHeading(e.Activity, e.venue.Name)),
		wrapped(fmt.Sprintf("%s · %s · %s · %s · %s", domain.ScheduleText(e.Activity), domain.CapitalFirst(e.Category), e.Level, mode, orDash(e.Cost))),
	}
	// The next session as the schedule says (every two weeks, a week of the
	// month, dates skipped), so they can be told when to go.
	if next := domain.NextMeeting(e.Activity, m.ctx.today()); next != "" {
		lines = append(lines, wrapped("Next session: "+niceDate(next)))
	} else {
		lines = append(lines, colored("No sessions to come", widget.WarningImportance))
	}
	// One rule for places and what matching does (domain.PlacesWords).
	places, full := domain.PlacesWords(e.Activity, e.enrolled, len(e.waiting))
	if full {
		lines = append(lines, colored(places+". Matching puts them on the waiting list.", widget.WarningImportance))
	} else {
		lines = append(lines, wrapped(places))
	}
	if len(e.others) > 0 {
		// Someone they know there is a familiar face at the gate; the
		// person themselves is said once, beside the activity.
		names := e.others
		more := ""
		if len(names) > 5 {
			more = fmt.Sprintf(" and %d more", len(names)-5)
			names = names[:5]
		}
		say := "Already enrolled: "
		if e.mine {
			say = "Also enrolled: "
		}
		lines = append(lines, muted(say+strings.Join(names, ", ")+more))
	}
	// An online activity is joined from home: its organising venue's
	// building says nothing of it (as on the Activities list).
	if e.venue.AccessInfo != "" && !e.Online {
		lines = append(lines, muted("Access: "+e.venue.AccessInfo))
	}
	var right fyne.CanvasObject
	switch {
	case e.mine:
		l := colored("Already enrolled", widget.HighImportance)
		l.Wrapping = fyne.TextWrapOff
		right = l
	case e.inLine > 0:
		l := colored(fmt.Sprintf("On the waiting list: %s", ordinal(e.inLine)), widget.HighImportance)
		l.Wrapping = fyne.TextWrapOff
		right = l
	default:
		id := e.ID
		// A full activity is not offered as if there were room: the
		// tick says what it does.
		label, width := matchLabel(full), float32(130)
		if full {
			width = 170
		}
		c := newToggle(label, func(on bool) { m.choose(id, on) })
		c.SetOn(m.chosen[id], false)
		m.checks[id] = c
		right = container.NewVBox(sized(c.Button, width, minTouch))
	}
	return container.NewVBox(widget.NewSeparator(), container.NewBorder(nil, nil, nil, right, container.NewVBox(lines...)))
}

// matchLabel is what the button that matches someone to an activity
// says, on matching and on the case's next steps alike: "Waiting list"
// when the activity is full (domain.PlacesWords' full), so it is never
// offered as if there were room.
func matchLabel(full bool) string {
	if full {
		return "Waiting list"
	}
	return "Match"
}

// placesOf is domain.PlacesWords for an activity as the view holds it:
// its active enrolments and its waiting list, counted as matching counts
// them when it saves.
func placesOf(v *storage.View, a domain.Activity) (words string, full bool) {
	taken := domain.PlacesTaken(decodeAll(v.By(domain.KindEnrolment, "activity_id", a.ID), func(e *domain.Enrolment) bool { return e.Deleted }))
	waiting := domain.WaitingList(decodeAll(v.By(domain.KindMatch, "activity_id", a.ID), func(x *domain.Match) bool { return x.Deleted }), a.ID)
	return domain.PlacesWords(a, taken, len(waiting))
}

func (m *Matching) onSave() {
	v := m.store.View()
	today := m.ctx.today()
	var ids []string
	for id := range m.chosen {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	if len(ids) == 0 {
		m.problem.say("Tick Match next to at least one activity, then tap Match and enrol again.")
		return
	}
	if _, ok := v.Person(m.personID); !ok {
		m.problem.say("This person is not on this device, so they cannot be matched here. Sync, then try again.")
		return
	}
	weeks := 0
	fmt.Sscan(m.weeks.selected, &weeks)
	var changes []record.Change
	var names, waits []string
	for _, id := range ids {
		a, ok := activity(v, id)
		if !ok {
			continue
		}
		match := domain.Match{PersonID: m.personID, ActivityID: id, ReferralID: m.referralID, Date: today,
			TravelRoute: strings.TrimSpace(m.route.Text), MeetBy: strings.TrimSpace(m.meetBy.Text), WithFriend: m.withFriend.On,
			VenueNote: strings.TrimSpace(m.venueNote.Text)}
		taken := domain.PlacesTaken(decodeAll(v.By(domain.KindEnrolment, "activity_id", id), func(e *domain.Enrolment) bool { return e.Deleted }))
		waiting := domain.WaitingList(decodeAll(v.By(domain.KindMatch, "activity_id", id), func(x *domain.Match) bool { return x.Deleted }), id)
		if domain.MustWait(a, taken, len(waiting)) {
			// Full: a place on the waiting list, and no enrolment yet.
			if n := domain.PlaceInLine(waiting, m.personID); n > 0 {
				waits = append(waits, fmt.Sprintf("%s (already %s)", a.Name, ordinal(n)))
				continue
			}
			changes = append(changes, domain.Create(domain.KindMatch, domain.NewID(), domain.PutOnWaitingList(match, m.ctx.now())))
			waits = append(waits, fmt.Sprintf("%s (%s in line)", a.Name, ordinal(len(waiting)+1)))
			continue
		}
		names = append(names, a.Name)
		changes = append(changes, domain.Create(domain.KindMatch, domain.NewID(), match))
		eid := domain.EnrolmentID(id, m.personID)
		en := domain.WelcomeFromMatch(domain.Enrolment{ActivityID: id, PersonID: m.personID, VenueID: a.VenueID, Started: today}, match)
		if r, ok := v.Get(domain.KindEnrolment, eid); ok {
			var before domain.Enrolment
			r.Decode(&before)
			if !before.Active() {
				changes = append(changes, domain.Changed(domain.KindEnrolment, eid, before, en)...)
			}
		} else {
			changes = append(changes, domain.Create(domain.KindEnrolment, eid, en))
		}
	}
	fu, refChanges, stuck, err := m.followUp(v, today, weeks)
	if err != nil {
		m.problem.set(err)
		return
	}
	changes = append(changes, refChanges...)
	if fu != nil {
		changes = append(changes, domain.Create(domain.KindFollowUp, domain.NewID(), *fu))
	}
	if err := save(m.store, m.ctx, changes...); err != nil {
		m.problem.set(saveFailed(err))
		return
	}
	m.problem.set(nil)
	var said string
	if len(names) > 0 {
		said = fmt.Sprintf("Saved: matched and enrolled on %s. They are on the register there now.", strings.Join(names, ", "))
	}
	if len(waits) > 0 {
		said = strings.TrimSpace(said + fmt.Sprintf(" %s full: on the waiting list for %s. You will see them on Casework when a place frees.",
			map[bool]string{true: "It is", false: "Those are"}[len(waits) == 1], strings.Join(waits, ", ")))
		if len(names) == 0 {
			said = "Saved. " + said
		}
	}
	if fu != nil {
		said += " Follow-up due " + niceDate(fu.Due) + "."
	}
	if stuck != nil {
		said += " The referral was not moved to matched (" + stuck.Error() + "): put it right on the referral."
	}
	for _, id := range ids {
		m.choose(id, false)
	}
	m.route.SetText("")
	m.meetBy.SetText("")
	m.venueNote.SetText("")
	m.withFriend.SetOn(false, false)
	m.refresh()
	notify(m.notice, said)
	m.page.ScrollToTop()
	hasBaseline := false
	for _, x := range measuresOf(m.store.View(), m.personID) {
		if x.Stage == domain.StageBaseline {
			hasBaseline = true
		}
	}
	if hasBaseline {
		m.prompt.Hide()
	} else {
		m.prompt.Show()
	}
}

// followUp works out the referral step this match takes and the follow-up
// it schedules. The referral moves as domain.MatchReferral says (to matched
// today, never backwards), whether the match is made from the referral or
// straight from the case. The follow-up falls the organisation's weeks
// after today's match; none is added when one is already waiting for this
// person. A referral that cannot move (a step dated after today, no date
// received) does not hold up the match, which is what the person was
// promised: stuck says why it stayed, for the worker to put right there.
func (m *Matching) followUp(v *storage.View, today string, weeks int) (fu *domain.FollowUp, changes []record.Change, stuck, err error) {
	if m.referralID != "" {
		if row, ok := v.Get(domain.KindReferral, m.referralID); ok {
			var r domain.Referral
			row.Decode(&r)
			after, moved, merr := domain.MatchReferral(r, today, contactsOf(v, m.personID))
			switch {
			case merr != nil:
				stuck = merr
			case moved:
				changes = domain.Changed(domain.KindReferral, r.ID, r, after)
			}
		}
	}
	for _, f := range followUpsOf(v, m.personID) {
		if f.Done == "" {
			return nil, changes, stuck, nil
		}
	}
	f, err := domain.ScheduleFollowUp(m.personID, m.referralID, today, weeks)
	if err != nil {
		return nil, nil, nil, err
	}
	return &f, changes, stuck, nil
}

func (m *Matching) onBaseline() {
	w := newWellbeing(m.store, m.ctx, m.nav, m.personID, domain.InstrumentONS4)
	w.setStage(domain.StageBaseline)
	m.nav.push(w)
}
