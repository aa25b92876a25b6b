package register

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/kit"
	"github.com/gather-sp/gather/app/shell"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/storage"
)

// Register takes the register of one session.
type Register struct {
	sh        shell.Shell
	hooks     Hooks
	sessionID string
	content   fyne.CanvasObject
	repaints  int // how many times Refresh has run: tests count them
	// markW is the mark buttons' width at text size markAt (markWidth).
	markW, markAt float32
	// wordsW is More's and Card's width in words at text size wordsAt
	// (wordsWidth); iconsOnly says the rows show them as icons alone.
	wordsW, wordsAt float32
	iconsOnly       bool

	info       storage.SessionInfo
	people     map[string]domain.Person
	keys       map[string][]string // folded name words, by person id
	marks      map[string]domain.Attendance
	expected   []string // person ids in display order
	isExpected map[string]bool
	welcome    map[string][]string // person id -> first-session welcome (session_welcome.go)
	reach      map[string]bool     // who may be found beyond the list; nil: anyone (known.go)
	firsts     firstCache
	rows       []regRow // what the list shows
	query      string
	selected   string // person id chosen for Enter
	undo       []undoEntry

	whenLabel   *widget.Label
	headline    *fyne.Container // the counts and the date
	topButtons  *fyne.Container // Print and Close session, beside the headline or under it
	rowWidgets  []*registerRow  // every row the list has made (it reuses them)
	measure     *registerRow    // a row never shown: how tall each row must be
	heights     rowHeights      // text heights measured, by text and width
	listWidth   float32         // the width rows were last measured at
	listText    float32         // and the text size
	loggedOpen  bool            // LayoutLog was told the register opened
	countsLabel *widget.Label
	counts      []string // the headline's phrases (HeadlinePhrases), which setCountsText lays out
	toMark      string   // the progress, "14 to mark", or ""
	when        []string // the date, the time and the venue, which setCountsText lays out too
	search      *widget.Entry
	list        *widget.List
	emptyLabel  *widget.Label
	undoBtn     *widget.Button
	lastLabel   *widget.Label
	said        string // what the line under the list last said this visit; "" for nothing yet
	bottom      *fyne.Container
	walkInBtn   *widget.Button
	printBtn    *widget.Button
	closeBtn    *widget.Button
	closedBar   *fyne.Container
	closedLabel *widget.Label
	reopenBtn   *widget.Button
	cancelled   *cancelledBar // shown when the session is cancelled

	stateDlg  *stateDialog
	walkIn    *walkInDialog
	closeDlg  *closeDialog
	lastPrint string // path of the last PDF written
}

// regRow is one line of the register.
type regRow struct {
	Person   domain.Person
	Mark     domain.Attendance // Status "" when not marked
	Expected bool              // enrolled for this date
	Other    bool              // found by search, not on this register yet
}

type undoEntry struct {
	label   string
	changes []record.Change
}

// NewRegister is the register of session sessionID.
func NewRegister(sh shell.Shell, sessionID string, hooks Hooks) *Register {
	r := &Register{sh: sh, hooks: hooks, sessionID: sessionID}
	r.buildUI()
	return r
}

func (r *Register) Title() string {
	if r.info.Activity.Name != "" {
		return r.info.Activity.Name
	}
	return "Register"
}

func (r *Register) Content() fyne.CanvasObject { return r.content }

func (r *Register) buildUI() {
	r.whenLabel = kit.RowDetail("")
	r.whenLabel.Truncation, r.whenLabel.Wrapping = fyne.TextTruncateOff, fyne.TextWrapWord
	r.countsLabel = kit.RowTitle("")
	r.countsLabel.Truncation = fyne.TextTruncateOff
	r.countsLabel.Wrapping = fyne.TextWrapWord
	r.search = widget.NewEntry()
	r.search.SetPlaceHolder("Search names (Ctrl+F)")
	r.search.ActionItem = widget.NewIcon(theme.SearchIcon())
	r.search.OnChanged = r.onSearch
	r.search.OnSubmitted = func(string) { r.Enter() }
	r.walkInBtn = kit.BigButton("Add walk-in", theme.ContentAddIcon(), widget.MediumImportance, r.onAddWalkIn)
	r.printBtn = kit.BigButton("Print", theme.DocumentPrintIcon(), widget.LowImportance, r.onPrint)
	r.closeBtn = kit.BigButton("Close session", theme.ConfirmIcon(), widget.MediumImportance, r.onClose)
	r.undoBtn = kit.BigButton("Undo", theme.ContentUndoIcon(), widget.MediumImportance, r.Undo)
	// The hint wraps: "Photograph only people marked Photos OK" is read
	// in full at every text size, never cut to "Photograph o…".
	r.lastLabel = kit.RowDetail(markHint)
	r.lastLabel.Truncation, r.lastLabel.Wrapping = fyne.TextTruncateOff, fyne.TextWrapWord
	// The empty message wraps across the list's width, at its top, so it
	// is read in full at any size (a centred label shrinks to "…").
	r.emptyLabel = kit.Wrapped("")
	r.emptyLabel.Importance = widget.LowImportance
	r.emptyLabel.Alignment = fyne.TextAlignCenter
	r.emptyLabel.Hide()
	r.closedLabel = kit.Wrapped("")
	r.reopenBtn = kit.BigButton("Reopen", theme.ContentRedoIcon(), widget.LowImportance, r.onReopen)
	r.closedBar = container.NewBorder(nil, nil, widget.NewIcon(theme.InfoIcon()), kit.Tall(r.reopenBtn), r.closedLabel)
	r.closedBar.Hide()
	r.cancelled = newCancelledBar(r)

	r.list = widget.NewList(
		func() int { return len(r.rows) },
		func() fyne.CanvasObject {
			row := newRegisterRow(r)
			r.rowWidgets = append(r.rowWidgets, row)
			return row
		},
		func(id widget.ListItemID, o fyne.CanvasObject) { o.(*registerRow).set(id) },
	)
	r.list.OnSelected = func(id widget.ListItemID) {
		if id < len(r.rows) {
			r.selected = r.rows[id].Person.ID
		}
	}

	// The counts and the date share a line when there is room (a laptop),
	// and stack when there is not (a portrait tablet has height to spare).
	r.topButtons = container.NewHBox(container.NewCenter(kit.Tall(r.printBtn)), container.NewCenter(kit.Tall(r.closeBtn)))
	r.headline = container.New(headlineLayout{width: func() float32 {
		_, w := r.headlineBeside(r.topWidth())
		return w
	}}, r.countsLabel, r.whenLabel)
	top := container.NewVBox(
		container.New(headlineRow{r}, r.headline, r.topButtons),
		r.closedBar,
		r.cancelled.box,
		container.NewBorder(nil, nil, nil, kit.Tall(r.walkInBtn), kit.Tall(r.search)))
	r.bottom = container.NewBorder(nil, nil, nil, kit.Tall(r.undoBtn), kit.FitWidth(r.lastLabel, func() float32 {
		undoW := float32(0)
		if r.undoBtn.Visible() {
			undoW = r.undoBtn.MinSize().Width
		}
		return r.sh.Window().Canvas().Size().Width - undoW - 3*theme.Padding()
	}))
	r.measure = newRegisterRow(r)
	// The list's rows are as tall as their wrapped text at the list's
	// width, measured again when the width changes (a tablet turned).
	list := container.New(onWidth{r.onListWidth}, r.list)
	r.content = container.NewBorder(container.NewPadded(top), r.bottom, nil, nil,
		container.NewStack(list, container.NewVBox(container.NewPadded(r.emptyLabel))))
	r.updateUndo()
}

// FocusSearch puts the cursor in the search (Ctrl+F).
func (r *Register) FocusSearch() { r.sh.Window().Canvas().Focus(r.search) }

// Refresh re-reads the session, its people and marks.
func (r *Register) Refresh() {
	r.repaints++
	if !r.loggedOpen {
		r.loggedOpen = true
		r.logLayout("open")
	}
	v := r.sh.View()
	aid, _, _ := domain.ParseSessionID(r.sessionID)
	var a domain.Activity
	if row, ok := v.Get(domain.KindActivity, aid); ok {
		row.Decode(&a)
	}
	r.info = v.SessionInfo(r.sessionID, a)
	r.people = map[string]domain.Person{}
	r.keys = map[string][]string{}
	r.marks = map[string]domain.Attendance{}
	for _, m := range v.Attendance(r.sessionID) {
		r.marks[m.PersonID] = m
	}
	ids := append([]string(nil), r.info.Expected...)
	for pid, m := range r.marks {
		if m.Status != "" && !slices.Contains(ids, pid) {
			ids = append(ids, pid)
		}
	}
	for _, id := range ids {
		p, ok := v.Person(id)
		if !ok {
			p = domain.Person{ID: id, GivenName: "(not on this device yet)"}
		}
		r.people[id] = p
		r.keys[id] = domain.NameKeys(p.GivenName, p.FamilyName, p.PreferredName)
	}
	sort.Slice(ids, func(i, j int) bool {
		a, b := r.people[ids[i]], r.people[ids[j]]
		ka, kb := domain.Fold(a.GivenName+" "+a.FamilyName), domain.Fold(b.GivenName+" "+b.FamilyName)
		if ka != kb {
			return ka < kb
		}
		return ids[i] < ids[j]
	})
	r.expected = ids
	r.isExpected = make(map[string]bool, len(r.info.Expected))
	for _, id := range r.info.Expected {
		r.isExpected[id] = true
	}
	r.welcome = r.firsts.firstSessions(v, r.info)
	r.reach = venuePeople(v, r.sh.Staff().Role, r.info.Activity.VenueID)

	d, _ := domain.ParseDate(r.info.Session.Date)
	r.when = kit.NonEmpty(domain.LongDate(d), domain.TimeRange(r.info.Activity), r.info.Venue.Name)
	r.updateCounts()
	r.updateBottom()
	wasClosed := r.closedBar.Visible() || r.cancelled.box.Visible()
	if r.info.Session.Closed {
		by := r.info.Session.ClosedBy
		if row, ok := v.Get(domain.KindStaff, by); ok {
			by = row.Get("name")
		}
		at := ""
		if !r.info.Session.ClosedAt.IsZero() {
			at = " at " + r.info.Session.ClosedAt.Local().Format("15:04")
		}
		r.closedLabel.SetText(fmt.Sprintf("This session was closed%s by %s. You can still correct marks.", at, by))
		r.closedBar.Show()
		r.closeBtn.Hide()
	} else {
		r.closedBar.Hide()
		r.closeBtn.Show()
	}
	r.cancelled.show(r.info.Session)
	if wasClosed != (r.closedBar.Visible() || r.cancelled.box.Visible()) {
		// The bar above the search came or went: lay the screen out again
		// at once, so the search bar and the list move with it rather
		// than the search bar covering the first row.
		r.content.Refresh()
	}
	r.filter()
}

func (r *Register) updateCounts() {
	s := domain.Summarise(r.info.Expected, r.markList())
	r.info.Summary = s
	r.counts, r.toMark = s.HeadlinePhrases(), ""
	if p := s.Progress(); p != "" && !r.info.Session.Cancelled { // a cancelled session takes no marks
		r.toMark = p
	}
	r.setCountsText()
}

// setCountsText shows the counts on one line, "4 here: 3 of 18 expected +
// 1 walk-in · 14 to mark", where that fits beside Print and Close session.
// Where it does not (a portrait tablet at the larger text sizes) the
// progress has a line of its own and the headline breaks between its
// phrases, "4 here: 3 of 18 expected" above "+ 1 walk-in", rather than
// wrapping inside one to "+ 1" above "walk-in" or "14 to" above "mark".
//
// The date line under them ("Saturday 21 November 2026 · 10:00–12:00 ·
// Riverside Surgery Garden") breaks between its parts in the same way,
// never inside the venue's name where the whole name fits on a line.
func (r *Register) setCountsText() {
	width := r.headline.Layout.(headlineLayout).width()
	counts := countsText(r.counts, r.toMark, fitsLabel(r.countsLabel, width))
	when := strings.Join(r.when, " · ")
	if fits := fitsLabel(r.whenLabel, width); !fits(when) {
		parts := make([]string, len(r.when))
		for i, p := range r.when {
			parts[i] = p
			if i < len(r.when)-1 {
				parts[i] += " ·"
			}
		}
		when = strings.Join(kit.Lines(parts, " ", fits), "\n")
	}
	if r.countsLabel.Text != counts || r.whenLabel.Text != when {
		r.countsLabel.SetText(counts)
		r.whenLabel.SetText(when)
		// The headline's layout depends on its texts' widths.
		r.headline.Refresh()
	}
}

// countsText is a session's counts (its headline's phrases and its
// progress, "14 to mark") for a label whose lines fit where fits says:
// one line where the whole fits, else broken between the phrases with the
// progress on a line of its own. The register's headline and Today's
// cards say them so.
func countsText(phrases []string, progress string, fits func(string) bool) string {
	text := strings.Join(kit.NonEmpty(strings.Join(phrases, " "), progress), " · ")
	if !fits(text) {
		text = strings.Join(append(kit.Lines(phrases, " ", fits), kit.NonEmpty(progress)...), "\n")
	}
	return text
}

// fitsLabel says whether a line fits label l laid out width wide, on one
// line; any line fits an unknown width (0).
func fitsLabel(l *widget.Label, width float32) func(string) bool {
	size := theme.TextSize()
	if l.SizeName != "" {
		size = theme.Size(l.SizeName)
	}
	return func(line string) bool {
		return width <= 0 || fyne.MeasureText(line, size, l.TextStyle).Width+4*theme.Size(theme.SizeNameInnerPadding) <= width
	}
}

func (r *Register) markList() []domain.Attendance {
	out := make([]domain.Attendance, 0, len(r.marks))
	for _, m := range r.marks {
		out = append(out, m)
	}
	return out
}

func (r *Register) onSearch(q string) {
	r.query = q
	r.filter()
}

// filter rebuilds the rows from the query: matching people on this
// register, then (for two letters or more) people elsewhere who match and
// whom the staff member may find (othersNamed), so a known face who is not
// enrolled can be added with one tap.
func (r *Register) filter() {
	words := domain.QueryWords(r.query)
	rows := r.rows[:0]
	for _, id := range r.expected {
		if len(words) > 0 && !domain.NameMatches(words, r.keys[id]) {
			continue
		}
		rows = append(rows, regRow{Person: r.people[id], Mark: r.marks[id], Expected: r.isExpected[id]})
	}
	if q := strings.TrimSpace(r.query); len([]rune(q)) >= 2 {
		for _, p := range r.othersNamed(q, 8) {
			if _, on := r.people[p.ID]; on || p.Deleted || p.MergedInto != "" {
				continue
			}
			rows = append(rows, regRow{Person: p, Mark: r.marks[p.ID], Other: true})
		}
	}
	r.rows = rows
	switch {
	case len(rows) == 0 && len(words) > 0:
		r.emptyLabel.SetText(fmt.Sprintf("Nobody called \"%s\". Tap \"Add walk-in\" to add them.", strings.TrimSpace(r.query)))
		r.emptyLabel.Show()
	case len(rows) == 0:
		r.emptyLabel.SetText("Nobody is enrolled yet. Tap \"Add walk-in\" when people arrive.")
		r.emptyLabel.Show()
	default:
		r.emptyLabel.Hide()
	}
	r.list.UnselectAll()
	r.setRowHeights()
	r.list.Refresh()
}

// Enter marks the selected person, or the first unmarked match.
func (r *Register) Enter() {
	if r.selected != "" {
		for _, row := range r.rows {
			if row.Person.ID == r.selected && row.Mark.Status == "" {
				r.onMark(row.Person.ID)
				return
			}
		}
	}
	if r.query == "" {
		return
	}
	for _, row := range r.rows {
		if row.Mark.Status == "" {
			r.onMark(row.Person.ID)
			r.search.SetText("")
			return
		}
	}
}

// onTapMark is the row's big button: mark here, or change the mark.
func (r *Register) onTapMark(personID string) {
	if m, ok := r.marks[personID]; ok && m.Status != "" {
		r.onMore(personID)
		return
	}
	r.onMark(personID)
}

// onMark marks a person present.
func (r *Register) onMark(personID string) {
	m := r.marks[personID]
	m.Status = domain.StatusPresent
	r.setMark(personID, m, "here")
}

// setMark saves a person's mark as one action, with its undo.
func (r *Register) setMark(personID string, m domain.Attendance, verb string) bool {
	if r.refuseCancelled() {
		return false
	}
	var enrol *domain.Enrolment
	if !r.isExpected[personID] {
		// Someone found by search: enrolled, so they are expected next time.
		enrol = &domain.Enrolment{}
		if row, ok := r.sh.View().Get(domain.KindEnrolment, domain.EnrolmentID(r.info.Activity.ID, personID)); ok {
			row.Decode(enrol)
		}
	}
	act := domain.MarkPerson(r.info.Session, personID, r.marks[personID], m, r.sh.Staff().ID, r.sh.Now(), enrol)
	if r.sh.Save(act.Changes...) != nil {
		return false
	}
	p := r.people[personID]
	if p.ID == "" {
		p, _ = r.sh.View().Person(personID)
	}
	label := fmt.Sprintf("Marked %s %s", p.DisplayName(), verb)
	if m.Status == "" {
		label = "Cleared the mark for " + p.DisplayName()
	}
	r.undo = append(r.undo, undoEntry{label: label, changes: act.Undo})
	r.say(label + ".")
	r.updateUndo()
	r.sh.Repaint(r)
	r.logLayout("marked")
	return true
}

// rowOnScreen is the row widget showing a person, if the list shows them.
func (r *Register) rowOnScreen(personID string) *registerRow {
	for _, w := range r.rowWidgets {
		// The list also makes a row only to measure it, never shown.
		// And one the list has put back in its pool keeps its size and its
		// old id, showing what that id held before the rows changed: the
		// row on screen shows what its id holds now.
		if w.Visible() && !w.Size().IsZero() && w.id < len(r.rows) && r.rows[w.id].Person.ID == personID &&
			w.last == r.rowState(w.id) {
			return w
		}
	}
	return nil
}

// logLayout tells Options.LayoutLog, once the frame has settled, where the
// register's controls are and what it says.
func (r *Register) logLayout(event string) {
	logf := r.hooks.LayoutLog
	if logf == nil {
		return
	}
	time.AfterFunc(300*time.Millisecond, func() {
		r.hooks.do(func() {
			d := fyne.CurrentApp().Driver()
			scale := r.sh.Window().Canvas().Scale()
			centre := func(o fyne.CanvasObject) string {
				p := d.AbsolutePositionForObject(o).Add(fyne.NewPos(o.Size().Width/2, o.Size().Height/2))
				return fmt.Sprintf("%d,%d", int(p.X*scale), int(p.Y*scale))
			}
			attrs := []any{"close", centre(r.closeBtn),
				"search-bottom", int((d.AbsolutePositionForObject(r.search).Y + r.search.Size().Height) * scale),
				"list-top", int(d.AbsolutePositionForObject(r.list).Y * scale),
				"closed-bar", r.closedBar.Visible(), "headline", r.countsLabel.Text}
			if len(r.rows) > 0 {
				if row := r.rowOnScreen(r.rows[0].Person.ID); row != nil {
					attrs = append(attrs, "first-mark", centre(row.mark))
				}
			}
			if r.closeDlg != nil {
				attrs = append(attrs, "confirm", centre(r.closeDlg.confirm))
			}
			logf(event, attrs...)
		})
	})
}

// Undo takes back the last mark (Ctrl+Z and the Undo button).
func (r *Register) Undo() {
	if len(r.undo) == 0 {
		return
	}
	e := r.undo[len(r.undo)-1]
	if r.sh.Save(e.changes...) != nil {
		return
	}
	r.undo = r.undo[:len(r.undo)-1]
	r.say("Undone: " + strings.ToLower(e.label[:1]) + e.label[1:] + ".")
	r.updateUndo()
	r.sh.Repaint(r)
}

// markHint is what the line under the list says until someone is marked.
const markHint = "Tap a name's button to mark them here. Photograph only people marked Photos OK."

// say puts text in the line under the list.
func (r *Register) say(text string) {
	r.said = text
	r.updateBottom()
}

func (r *Register) updateUndo() {
	if len(r.undo) == 0 {
		r.undoBtn.Disable()
	} else {
		r.undoBtn.Enable()
	}
	r.updateBottom()
}

// updateBottom decides what the line under the list says: the last thing
// done here, or the hint until anyone is marked. The hint is for the
// first mark; after it each row's button and "Photos OK" say the same,
// and with large text every line under the list is a name fewer on
// screen. With nothing to say and nothing to undo the line goes, Undo
// too. The line wraps: when it needs more or fewer lines, or comes or
// goes, the screen is laid out again so the list makes room.
func (r *Register) updateBottom() {
	if r.bottom == nil {
		return // still being built
	}
	text := r.said
	if text == "" && !r.anyMarked() {
		text = markHint
	}
	before, shown := r.bottom.MinSize().Height, r.bottom.Visible()
	r.undoBtn.Hidden = len(r.undo) == 0
	r.lastLabel.Hidden = text == ""
	if r.lastLabel.Text != text {
		r.lastLabel.SetText(text)
	}
	r.bottom.Hidden = text == "" && len(r.undo) == 0
	r.bottom.Refresh()
	if r.bottom.Visible() != shown || r.bottom.MinSize().Height != before {
		r.content.Refresh()
	}
}

// anyMarked reports whether anyone on this register has a mark.
func (r *Register) anyMarked() bool {
	for _, m := range r.marks {
		if m.Status != "" {
			return true
		}
	}
	return false
}

func (r *Register) onCard(personID string) {
	r.sh.OpenPerson(personID)
}

func (r *Register) onReopen() {
	r.sh.Save(domain.ReopenSession(r.info.Session))
	r.sh.Repaint(r)
}

// registerRow is one person on the register.
type registerRow struct {
	widget.BaseWidget
	r       *Register
	id      int
	mark    *widget.Button
	name    *widget.Label
	detail  *widget.Label
	access  *widget.Label
	photos  *widget.Label
	more    *kit.ToolButton
	card    *kit.ToolButton
	textBox *fyne.Container
	content fyne.CanvasObject
	last    rowState
}

func newRegisterRow(r *Register) *registerRow {
	// Nothing is drawn yet: a last state no row can have makes the first
	// set draw every part (an empty detail line must be hidden too).
	w := &registerRow{r: r, last: rowState{name: "\x00", label: "\x00", detail: "\x00", access: "\x00"}}
	w.mark = widget.NewButtonWithIcon("Mark here", theme.CheckButtonIcon(), func() { w.tap(r.onTapMark) })
	w.mark.Alignment = widget.ButtonAlignLeading
	// A name is what a volunteer reads to find the person at the gate:
	// too long for its line, it wraps onto the next, never cut to "Agniesz…".
	w.name = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	w.name.Wrapping = fyne.TextWrapWord
	// Access needs, a first-session welcome and what was noted wrap onto
	// as many lines as they need, at every text size and width: they are
	// safety information, never cut to "Partially sighted: large pri…".
	w.detail = kit.RowDetail("")
	w.detail.Truncation, w.detail.Wrapping = fyne.TextTruncateOff, fyne.TextWrapWord
	w.access = kit.Wrapped("")
	w.access.Importance = widget.WarningImportance
	w.photos = newPhotosLabel()
	w.more = kit.NewToolButton("More", theme.MoreHorizontalIcon(), func() { w.tap(r.onMore) })
	w.card = kit.NewToolButton("Card", theme.AccountIcon(), func() { w.tap(r.onCard) })
	w.more.SetIconOnly(r.iconsOnly)
	w.card.SetIconOnly(r.iconsOnly)
	// One line a person: the name, then what the facilitator needs to
	// know (access needs first), so eight people fit on a laptop's screen.
	text := container.New(&nameLineLayout{r: r, narrow: func() bool { return r.sh.Window().Canvas().Size().Width < wideRegister }},
		w.name, w.access, w.photos, w.detail)
	w.textBox = text
	w.content = container.NewBorder(nil, nil, container.New(markColumn{r}, w.mark),
		container.NewHBox(kit.Sized(w.more, kit.MinTouch, kit.MinTouch), kit.Sized(w.card, kit.MinTouch, kit.MinTouch)), text)
	w.ExtendBaseWidget(w)
	return w
}

// markColumn gives a row's mark button the register's mark width
// (markWidth), whatever it says now.
type markColumn struct{ r *Register }

func (l markColumn) MinSize(objs []fyne.CanvasObject) fyne.Size {
	return fyne.NewSize(l.r.markWidth(), kit.MinTouch).Max(objs[0].MinSize())
}

func (l markColumn) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(size)
}

// markWidth is the width of every row's mark button: the widest of what
// it can say ("Mark here", "Add & mark", each mark) at this text size, and
// at least 170. One width for all, so the names stand in one column and a
// name does not jump sideways under the finger when its person is marked.
// Worked out once a text size: rows are laid out on every search keystroke.
func (r *Register) markWidth() float32 {
	if size := theme.TextSize(); size != r.markAt {
		probe := widget.NewButtonWithIcon("Add & mark", theme.ContentAddIcon(), nil)
		r.markW, r.markAt = fyne.Max(170, probe.MinSize().Width), size
		for _, st := range append([]string{""}, domain.AttendanceStatuses...) {
			probe.Text, _, probe.Icon = kit.StatusLabel(st)
			probe.Refresh()
			r.markW = fyne.Max(r.markW, probe.MinSize().Width)
		}
	}
	return r.markW
}

// nameRoom is the least room, in text sizes, a row keeps its name beside
// More and Card in words: some 25 letters of a bold name. With less (a
// small tablet, large text) More and Card show their icons alone, each
// still a large target, and the name has their room.
const nameRoom = 14

// wordsWidth is what More and Card need in words at this text size.
func (r *Register) wordsWidth() float32 {
	if size := theme.TextSize(); size != r.wordsAt {
		r.wordsW, r.wordsAt = 0, size
		for _, b := range []*kit.ToolButton{kit.NewToolButton("More", theme.MoreHorizontalIcon(), nil), kit.NewToolButton("Card", theme.AccountIcon(), nil)} {
			r.wordsW += fyne.Max(kit.MinTouch, b.MinSize().Width)
		}
	}
	return r.wordsW
}

// setIconsOnly shows More and Card on every row as icons alone, or in
// words, as a list width wide leaves room for (nameRoom).
func (r *Register) setIconsOnly(width float32) {
	on := width-r.markWidth()-r.wordsWidth()-3*theme.Padding() < nameRoom*theme.TextSize()
	if on == r.iconsOnly {
		return
	}
	r.iconsOnly = on
	for _, w := range append([]*registerRow{r.measure}, r.rowWidgets...) {
		w.more.SetIconOnly(on)
		w.card.SetIconOnly(on)
		if c, ok := w.content.(*fyne.Container); ok {
			c.Refresh() // the text column takes the room the words gave up
		}
	}
}

func (w *registerRow) tap(fn func(string)) {
	if w.id < len(w.r.rows) {
		fn(w.r.rows[w.id].Person.ID)
	}
}

// rowState is what row id of the register shows.
func (r *Register) rowState(id int) rowState {
	row := r.rows[id]
	p := row.Person
	label, imp, icon := kit.StatusLabel(row.Mark.Status)
	if row.Other && row.Mark.Status == "" {
		label, imp, icon = "Add & mark", widget.MediumImportance, theme.ContentAddIcon()
	}
	var details []string
	if row.Other {
		details = append(details, "Not on this register")
	} else if !row.Expected && row.Mark.Status != "" {
		details = append(details, "Walk-in")
	}
	if row.Mark.Companion != "" && domain.Attended(row.Mark.Status) {
		details = append(details, "came with a "+row.Mark.Companion)
	}
	if row.Mark.Note != "" {
		details = append(details, "“"+row.Mark.Note+"”")
	}
	// Access needs (and a first session's welcome) in the safety colour,
	// alone; the other details after them in the plain detail style.
	detail, access := strings.Join(details, " · "), welcomeAndAccess(r.welcome[p.ID], p.AccessNeeds)
	// Photos are the exception: only those who agreed are marked
	// (domain.PhotoConsentCards; the view shows it only when every record
	// merged into them says so, domain.PhotosOK), and the register says to
	// photograph no one else, so a row with nothing said is safe by
	// default. It is its own item on the name's line, in one style, never
	// among the access needs (which are in the safety colour).
	return rowState{name: p.DisplayName(), label: label, imp: imp, icon: icon, detail: detail, access: access, photos: p.PhotoConsent}
}

func (w *registerRow) set(id int) {
	w.id = id
	st := w.r.rowState(id)
	// Typing in the search redraws every visible row; only touch what
	// changed, since relaying out text is the expensive part.
	if st == w.last {
		return
	}
	if st.name != w.last.name {
		w.name.SetText(st.name)
		w.textBox.Refresh() // the name's width decides where the details start
	}
	if st.label != w.last.label || st.imp != w.last.imp || st.icon != w.last.icon {
		w.mark.Text, w.mark.Icon, w.mark.Importance = st.label, st.icon, st.imp
		w.mark.Refresh()
	}
	if st.photos != w.last.photos {
		w.photos.Hidden = !st.photos
		w.textBox.Refresh()
	}
	if st.detail != w.last.detail || st.access != w.last.access {
		w.detail.Text, w.detail.Hidden = st.detail, st.detail == ""
		w.access.Text, w.access.Hidden = st.access, st.access == ""
		w.detail.Refresh()
		w.access.Refresh()
		w.textBox.Refresh()
	}
	w.last = st
}

// rowState is what a register row last showed.
type rowState struct {
	name, label, detail, access string
	photos                      bool // Photos OK
	imp                         widget.Importance
	icon                        fyne.Resource
}

// photosOK is what a register row says of someone who agreed to photos.
const photosOK = "Photos OK"

// newPhotosLabel is a row's "Photos OK": one colour whatever else the row
// says, and not the access needs' (safety) colour.
func newPhotosLabel() *widget.Label {
	l := widget.NewLabel(photosOK)
	l.Importance = widget.SuccessImportance
	l.Hidden = true
	return l
}

func (w *registerRow) MinSize() fyne.Size {
	return w.content.MinSize().Max(fyne.NewSize(0, kit.MinTouch))
}

// headlineRoom is the least room, in text sizes, Print and Close session
// leave the headline beside them: enough for its phrases whole ("3 of 18
// expected", "Saturday 21 November 2026"). With less (a small tablet at
// large text) they go on a line of their own under it.
const headlineRoom = 16

// topWidth is the width the headline's row will be laid out at: the
// window's, less the padding round the screen and round the top.
func (r *Register) topWidth() float32 {
	return r.sh.Window().Canvas().Size().Width - 4*theme.Padding()
}

// headlineBeside reports whether Print and Close session stand beside the
// headline in a row width wide, and the width the headline then has.
func (r *Register) headlineBeside(width float32) (beside bool, headW float32) {
	room := width - r.topButtons.MinSize().Width - theme.Padding()
	if room >= headlineRoom*theme.TextSize() {
		return true, room
	}
	return false, width
}

// headlineRow lays out the headline and its buttons (Print, Close
// session): side by side, the buttons at the right, or the buttons under
// the headline at the right (headlineBeside).
type headlineRow struct{ r *Register }

func (l headlineRow) MinSize(objs []fyne.CanvasObject) fyne.Size {
	head, buttons := objs[0].MinSize(), objs[1].MinSize()
	if beside, _ := l.r.headlineBeside(l.r.topWidth()); beside {
		return fyne.NewSize(head.Width+theme.Padding()+buttons.Width, fyne.Max(head.Height, buttons.Height))
	}
	return fyne.NewSize(fyne.Max(head.Width, buttons.Width), head.Height+theme.Padding()+buttons.Height)
}

func (l headlineRow) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	buttons := objs[1].MinSize()
	beside, headW := l.r.headlineBeside(size.Width)
	objs[0].Move(fyne.NewPos(0, 0))
	if beside {
		objs[0].Resize(fyne.NewSize(headW, size.Height))
		objs[1].Move(fyne.NewPos(size.Width-buttons.Width, (size.Height-buttons.Height)/2))
	} else {
		h := objs[0].MinSize().Height
		objs[0].Resize(fyne.NewSize(size.Width, h))
		objs[1].Move(fyne.NewPos(size.Width-buttons.Width, h+theme.Padding()))
	}
	objs[1].Resize(buttons)
}

// headlineLayout puts the register's counts and its date side by side when
// both fit on one line at width, and one under the other (each wrapping)
// when they do not. width is the width it will be laid out at: Fyne asks
// MinSize before Layout.
type headlineLayout struct{ width func() float32 }

// textWidth is what a label needs to show its text on one line.
func textWidth(o fyne.CanvasObject) float32 {
	l, ok := o.(*widget.Label)
	if !ok || l.Truncation == fyne.TextTruncateOff && l.Wrapping == fyne.TextWrapOff {
		return o.MinSize().Width
	}
	// A label that may be cut short or wrap asks for less than its text:
	// measure the text (no widget made: rows are laid out on every
	// keystroke of a search). A label pads its text by the inner padding on
	// each side, and a truncating one cuts unless it has that again.
	size := theme.TextSize()
	if l.SizeName != "" {
		size = theme.Size(l.SizeName)
	}
	return fyne.MeasureText(l.Text, size, l.TextStyle).Width + 4*theme.Size(theme.SizeNameInnerPadding)
}

func (l headlineLayout) oneLine(objs []fyne.CanvasObject, width float32) bool {
	need := float32(0)
	for _, o := range objs {
		need += textWidth(o)
	}
	return width > 0 && need <= width
}

func (l headlineLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	width := l.width()
	if l.oneLine(objs, width) {
		var s fyne.Size
		for _, o := range objs {
			s = fyne.NewSize(s.Width+textWidth(o), fyne.Max(s.Height, o.MinSize().Height))
		}
		return s
	}
	var s fyne.Size
	for i, o := range objs {
		if i > 0 {
			s.Height -= kit.TightLayout{}.Overlap()
		}
		s = fyne.NewSize(fyne.Max(s.Width, o.MinSize().Width), s.Height+heightAt(o, width))
	}
	return s
}

// heightAt is the height o needs at width: a wrapping label's lines are
// counted at that width (its own MinSize knows only the width it last had,
// and a headline measured short covers what is under it).
func heightAt(o fyne.CanvasObject, width float32) float32 {
	l, ok := o.(*widget.Label)
	if !ok || l.Wrapping == fyne.TextWrapOff || width <= 0 {
		return o.MinSize().Height
	}
	probe := widget.NewLabelWithStyle(l.Text, l.Alignment, l.TextStyle)
	probe.Wrapping, probe.SizeName = l.Wrapping, l.SizeName
	probe.Resize(fyne.NewSize(width, probe.MinSize().Height))
	return probe.MinSize().Height
}

func (l headlineLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if !l.oneLine(objs, size.Width) {
		y := float32(0)
		for _, o := range objs {
			h := heightAt(o, size.Width)
			o.Move(fyne.NewPos(0, y))
			o.Resize(fyne.NewSize(size.Width, h))
			y += h - kit.TightLayout{}.Overlap()
		}
		return
	}
	x := float32(0)
	for _, o := range objs {
		w, h := textWidth(o), o.MinSize().Height
		o.Move(fyne.NewPos(x, (size.Height-h)/2))
		o.Resize(fyne.NewSize(w, h))
		x += w
	}
}

// wideRegister is the narrowest window whose register rows keep a
// person's name and details on one line (a laptop); narrower (a portrait
// tablet, which has height to spare) shows them on two.
const wideRegister = 1024

// nameLineLayout puts a name and its details on one line when both fit
// whole (a laptop), and otherwise the details under the name, wrapped onto
// as many lines as they need (a portrait tablet, the largest text, long
// access needs): nothing a facilitator must know is cut short. When narrow
// says so, they always go one under the other. The list makes each row as
// tall as this needs (Register.setRowHeights).
type nameLineLayout struct {
	r      *Register
	narrow func() bool
	width  float32 // the width it was last laid out at
}

// restLabels are the details' labels on show, in order: the access needs
// (safety colour), then the other details (plain); none when there are
// none. The text box holds name, access, photos, detail.
func restLabels(objs []fyne.CanvasObject) []*widget.Label {
	var out []*widget.Label
	for _, o := range []fyne.CanvasObject{objs[1], objs[3]} {
		if l := o.(*widget.Label); l.Visible() && l.Text != "" {
			out = append(out, l)
		}
	}
	return out
}

// restTexts are what the labels say.
func restTexts(ls []*widget.Label) []string {
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = l.Text
	}
	return out
}

// nonEmpty are the texts that say something.
func nonEmpty(texts ...string) []string {
	var out []string
	for _, t := range texts {
		if t != "" {
			out = append(out, t)
		}
	}
	return out
}

// photosWidth is the width of a row's "Photos OK" when it shows one.
func photosWidth(photos bool) float32 {
	if !photos {
		return 0
	}
	return fyne.MeasureText(photosOK, theme.TextSize(), fyne.TextStyle{}).Width + 2*theme.Size(theme.SizeNameInnerPadding)
}

// nameWidth is what a row's bold name needs on its line.
func nameWidth(name string) float32 {
	return fyne.MeasureText(name, theme.TextSize(), fyne.TextStyle{Bold: true}).Width + 4*theme.Size(theme.SizeNameInnerPadding)
}

// nameHeight is how tall a row's name is at width: one line where it fits
// whole, else wrapped onto as many as it needs.
func (l *nameLineLayout) nameHeight(name string, width float32) float32 {
	if nameWidth(name) <= width {
		return l.r.heights.at("", width)
	}
	return l.r.heights.atStyle(name, fyne.TextStyle{Bold: true}, width)
}

// photosShown reports whether the name line shows "Photos OK".
func photosShown(objs []fyne.CanvasObject) bool { return len(objs) > 2 && objs[2].Visible() }

// photosUnder reports whether "Photos OK" goes on a line of its own under
// the name, which then keeps its whole width: the name is never cut short
// to make room for it.
func photosUnder(name string, photos bool, width float32) bool {
	return photos && nameWidth(name)-2*theme.Size(theme.SizeNameInnerPadding)+photosWidth(true) > width
}

// oneLine reports whether a name, its "Photos OK" (when photos) and its
// details (rest: the access needs, the other details; none for none) all
// fit whole on one line of width.
func (l *nameLineLayout) oneLine(name string, photos bool, rest []string, width float32) bool {
	if nameWidth(name) > width || photosUnder(name, photos, width) {
		return false
	}
	if len(rest) == 0 {
		return true
	}
	pad := 4 * theme.Size(theme.SizeNameInnerPadding)
	need := nameWidth(name) + photosWidth(photos)
	for _, t := range rest {
		need += fyne.MeasureText(t, theme.TextSize(), fyne.TextStyle{}).Width + pad
	}
	return !l.narrow() && need <= width
}

// height is how tall a name, its "Photos OK" and its details are at width.
func (l *nameLineLayout) height(name string, photos bool, rest []string, width float32) float32 {
	lineH := l.r.heights.at("", width) // one line
	if l.oneLine(name, photos, rest, width) {
		return lineH
	}
	h := l.nameHeight(name, width)
	if photosUnder(name, photos, width) {
		h += lineH - kit.TightLayout{}.Overlap()
	}
	for _, t := range rest {
		h += l.r.heights.at(t, width) - kit.TightLayout{}.Overlap()
	}
	return h
}

func (l *nameLineLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	rest := restTexts(restLabels(objs))
	h, w := objs[0].MinSize().Height, objs[0].MinSize().Width
	if l.width > 0 {
		h = fyne.Max(h, l.height(objs[0].(*widget.Label).Text, photosShown(objs), rest, l.width))
	}
	return fyne.NewSize(w, h)
}

// placeName puts the name at the start of the line at y (nameH high: more
// than a line, lineH, when it wraps), and "Photos OK" (when shown) right
// after it, or at the start of the next line when both do not fit: the
// same place whatever else the row says. It returns where the name's line
// ends and the y under what it placed.
func placeName(objs []fyne.CanvasObject, y, nameH, lineH, width float32) (x, below float32) {
	name := objs[0]
	text := name.(*widget.Label).Text
	nameW := fyne.Min(nameWidth(text), width)
	name.Move(fyne.NewPos(0, y))
	name.Resize(fyne.NewSize(nameW, nameH))
	below = y + nameH - kit.TightLayout{}.Overlap()
	if !photosShown(objs) {
		return nameW, below
	}
	pw := photosWidth(true)
	if photosUnder(text, true, width) {
		objs[2].Move(fyne.NewPos(0, below))
		objs[2].Resize(fyne.NewSize(fyne.Min(pw, width), lineH))
		return nameW, below + lineH - kit.TightLayout{}.Overlap()
	}
	// nameWidth leaves a truncating name room to spare; the photos' own
	// padding is gap enough.
	x = nameW - 2*theme.Size(theme.SizeNameInnerPadding)
	objs[2].Move(fyne.NewPos(x, y))
	objs[2].Resize(fyne.NewSize(pw, nameH))
	return x + pw, below
}

func (l *nameLineLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	l.width = size.Width
	name := objs[0]
	ls := restLabels(objs)
	rest := restTexts(ls)
	nameText := name.(*widget.Label).Text
	if !l.oneLine(nameText, photosShown(objs), rest, size.Width) {
		// Under the name: the access needs, then the other details, each
		// wrapped at the full width.
		total := l.height(nameText, photosShown(objs), rest, size.Width)
		_, below := placeName(objs, (size.Height-total)/2, l.nameHeight(nameText, size.Width), l.r.heights.at("", size.Width), size.Width)
		for _, lb := range ls {
			h := l.r.heights.at(lb.Text, size.Width)
			lb.Move(fyne.NewPos(0, below))
			lb.Resize(fyne.NewSize(size.Width, h))
			below += h - kit.TightLayout{}.Overlap()
		}
		return
	}
	// The name fits its line (oneLine).
	lineH := l.r.heights.at("", size.Width)
	if len(ls) == 0 {
		placeName(objs, (size.Height-lineH)/2, lineH, lineH, size.Width)
		return
	}
	// One top for all, so the texts share a baseline even when the
	// details' symbol (♿) makes that label taller.
	h := lineH
	for _, lb := range ls {
		h = fyne.Max(h, lb.MinSize().Height)
	}
	y := (size.Height - h) / 2
	x, _ := placeName(objs, y, h, h, size.Width)
	for i, lb := range ls {
		w := size.Width - x
		if i < len(ls)-1 {
			w = fyne.Min(w, textWidth(lb))
		}
		lb.Move(fyne.NewPos(x, y))
		lb.Resize(fyne.NewSize(w, h))
		x += w - 2*theme.Size(theme.SizeNameInnerPadding)
	}
}

// rowHeights remembers how tall wrapped details are at a width and text
// size: rows are measured on every keystroke of a search.
type rowHeights map[rowHeightKey]float32

type rowHeightKey struct {
	text        string
	style       fyne.TextStyle
	width, size float32
}

// at is the height of a label showing text wrapped at width; "" is the
// height of one line.
func (h *rowHeights) at(text string, width float32) float32 {
	return h.atStyle(text, fyne.TextStyle{}, width)
}

// atStyle is at for text in style (a name is bold).
func (h *rowHeights) atStyle(text string, style fyne.TextStyle, width float32) float32 {
	key := rowHeightKey{text, style, width, theme.TextSize()}
	if v, ok := (*h)[key]; ok {
		return v
	}
	if *h == nil || len(*h) > 4096 {
		*h = rowHeights{}
	}
	probe := kit.Wrapped(text)
	probe.TextStyle = style
	if text == "" {
		probe.SetText("Ag")
	}
	v := heightAt(probe, width)
	(*h)[key] = v
	return v
}

// onWidth lays out one object at its full size and tells changed the
// width first.
type onWidth struct{ changed func(float32) }

func (l onWidth) MinSize(objs []fyne.CanvasObject) fyne.Size { return objs[0].MinSize() }

func (l onWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(size)
	l.changed(size.Width)
}

// onListWidth measures the rows again when the list's width changes, or
// the text size (Settings).
func (r *Register) onListWidth(width float32) {
	if width != r.listWidth || theme.TextSize() != r.listText {
		r.setCountsText() // the window, or the text size, changed: the counts may fit on one line now, or not
		r.setRowHeights()
		r.list.Refresh()
	}
}

// setRowHeights makes each row of the list as tall as its name and
// wrapped details need at the list's width, and no less than a touch
// target.
func (r *Register) setRowHeights() {
	width := r.list.Size().Width
	r.listWidth, r.listText = width, theme.TextSize()
	if width <= 0 {
		return
	}
	r.setIconsOnly(width)
	m := r.measure
	m.Resize(fyne.NewSize(width, m.MinSize().Height))
	base, colW := m.MinSize().Height, m.textBox.Size().Width
	l := m.textBox.Layout.(*nameLineLayout)
	for i := range r.rows {
		st := r.rowState(i)
		r.list.SetItemHeight(i, fyne.Max(base, l.height(st.name, st.photos, nonEmpty(st.access, st.detail), colW)))
	}
}

func (w *registerRow) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(w.content)
}
