package casework

import (
	"fmt"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/kit"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/storage"
)

// minTouch is the smallest height of anything a finger taps.
const minTouch = kit.MinTouch

// page is what a navigation stack shows: a screen body and how to refresh it.
type page interface {
	title() string
	body() fyne.CanvasObject
	refresh()
}

// nav is a small navigation stack: the entry screen at the bottom, the
// screens opened from it above, and a bar with Back and the title.
type nav struct {
	pages   []page
	holder  *fyne.Container
	bar     *fyne.Container
	back    *widget.Button
	heading *widget.Label
	root    *fyne.Container
	locked  bool
	stop    chan struct{}
	// open, when set, is the shell's own Push: screens opened from this
	// one go on the shell's stack, under its one Back, instead of this
	// stack (so there is never a second Back bar, and the shell's tabs
	// always start afresh).
	open func(Entry)

	// refreshed, when set, is called after each refresh the store's
	// changes cause (tests wait on it).
	refreshed func()
}

func newNav(store Store, ctx Context, first page) *nav {
	n := &nav{holder: container.NewStack(), stop: make(chan struct{}), open: ctx.Push}
	n.back = bigButton("Back", theme.NavigateBackIcon(), widget.MediumImportance, n.pop)
	n.heading = subheading("")
	n.bar = container.NewBorder(nil, widget.NewSeparator(), tall(n.back), nil, n.heading)
	n.root = container.NewBorder(n.bar, nil, nil, nil, n.holder)
	n.pages = []page{first}
	n.show()
	watch(store, ctx, n.stop, n.refreshTop)
	return n
}

func (n *nav) push(p page) {
	if n.locked {
		return
	}
	if n.open != nil {
		n.open(&pushed{page: p, nav: n, content: p.body()})
		return
	}
	n.pages = append(n.pages, p)
	n.show()
}

// pushed is a page opened onto the shell's stack.
type pushed struct {
	page
	nav     *nav
	content fyne.CanvasObject
}

func (p *pushed) Title() string              { return p.title() }
func (p *pushed) Content() fyne.CanvasObject { return p.content }
func (p *pushed) Refresh()                   { p.refresh() }

// Locked holds the shell on this page while a self-completion form opened
// here is in the person's hands.
func (p *pushed) Locked() bool { return p.nav.locked }

// Close does nothing: the store is watched by the screen it was opened from.
func (p *pushed) Close() {}

func (n *nav) pop() {
	if n.locked || len(n.pages) < 2 {
		return
	}
	n.pages = n.pages[:len(n.pages)-1]
	n.top().refresh()
	n.show()
}

func (n *nav) top() page { return n.pages[len(n.pages)-1] }

func (n *nav) show() {
	p := n.top()
	n.holder.Objects = []fyne.CanvasObject{p.body()}
	n.holder.Refresh()
	n.heading.SetText(p.title())
	if len(n.pages) > 1 {
		n.bar.Show()
	} else {
		n.bar.Hide()
	}
	n.setLocked(n.locked)
}

func (n *nav) setLocked(locked bool) {
	n.locked = locked
	if locked {
		n.back.Disable()
	} else {
		n.back.Enable()
	}
}

func (n *nav) refreshTop() {
	n.top().refresh()
	if n.refreshed != nil {
		n.refreshed()
	}
}

func (n *nav) close() {
	select {
	case <-n.stop:
	default:
		close(n.stop)
	}
}

// reveal scrolls the page on show so that o is in sight: a confirmation
// shown at the top of a form the person had scrolled down to its Save
// button (the form may also have shrunk, leaving the view past its end).
func (n *nav) reveal(o fyne.CanvasObject) {
	if len(n.holder.Objects) == 0 {
		return
	}
	sc, ok := n.holder.Objects[0].(*container.Scroll)
	if !ok {
		return
	}
	// Lay the page out again at its new length before measuring.
	if c, ok := sc.Content.(*fyne.Container); ok {
		c.Refresh()
	}
	sc.Refresh()
	pos, ok := offsetWithin(sc.Content, o)
	if !ok {
		return
	}
	y := pos.Y - theme.Size(theme.SizeNamePadding)
	if max := sc.Content.Size().Height - sc.Size().Height; y > max {
		y = max
	}
	if y < 0 {
		y = 0
	}
	sc.ScrollToOffset(fyne.NewPos(sc.Offset.X, y))
}

// offsetWithin is where o sits inside root, looking through containers.
func offsetWithin(root, o fyne.CanvasObject) (fyne.Position, bool) {
	if root == o {
		return fyne.Position{}, true
	}
	c, ok := root.(*fyne.Container)
	if !ok {
		return fyne.Position{}, false
	}
	for _, k := range c.Objects {
		if p, ok := offsetWithin(k, o); ok {
			return p.Add(k.Position()), true
		}
	}
	return fyne.Position{}, false
}

// depth is how many screens are open on the stack (1: only the entry screen).
func (n *nav) depth() int { return len(n.pages) }

func sized(o fyne.CanvasObject, w, h float32) *fyne.Container { return kit.Sized(o, w, h) }

// tall makes o at least a touch target high.
func tall(o fyne.CanvasObject) *fyne.Container { return kit.Tall(o) }

func bigButton(label string, icon fyne.Resource, imp widget.Importance, tapped func()) *widget.Button {
	return kit.BigButton(label, icon, imp, tapped)
}

func heading(text string) *widget.Label { return kit.Heading(text) }

func subheading(text string) *widget.Label { return kit.Subheading(text) }

func wrapped(text string) *widget.Label { return kit.Wrapped(text) }

func bold(text string) *widget.Label { return kit.Bold(text) }

// muted is secondary text (kit.Muted).
func muted(text string) *widget.Label { return kit.Muted(text) }

// side centres a button vertically at the right of a row, at least w wide
// and a touch target high.
func side(b fyne.CanvasObject, w float32) fyne.CanvasObject {
	return container.NewCenter(sized(b, w, minTouch))
}

func colored(text string, imp widget.Importance) *widget.Label {
	l := wrapped(text)
	l.Importance = imp
	l.TextStyle.Bold = true
	return l
}

// problem is the plain-words error line under a form. It stays hidden until
// there is something to say.
type problem struct{ *widget.Label }

func newProblem() problem {
	l := wrapped("")
	l.Importance = widget.DangerImportance
	l.TextStyle.Bold = true
	l.Hide()
	return problem{l}
}

func (p problem) set(err error) {
	if err == nil {
		p.SetText("")
		p.Hide()
		return
	}
	p.SetText(err.Error())
	p.Show()
}

func (p problem) say(format string, a ...any) { p.set(fmt.Errorf(format, a...)) }

// saved is a short confirmation line.
func newNotice() *widget.Label {
	l := wrapped("")
	l.Importance = widget.HighImportance
	l.Hide()
	return l
}

func notify(l *widget.Label, text string) {
	l.SetText(text)
	l.Show()
}

// field is a labelled input, the label above it.
func field(label string, input fyne.CanvasObject) fyne.CanvasObject {
	return container.NewVBox(bold(label), tall(input))
}

func section(title string, objs ...fyne.CanvasObject) *fyne.Container {
	box := container.NewVBox(widget.NewSeparator(), subheading(title))
	box.Objects = append(box.Objects, objs...)
	return box
}

func scroll(o fyne.CanvasObject) fyne.CanvasObject {
	return container.NewVScroll(container.NewPadded(o))
}

func entry(placeholder string) *widget.Entry {
	e := widget.NewEntry()
	e.SetPlaceHolder(placeholder)
	return e
}

func multi(placeholder string) *widget.Entry {
	e := widget.NewMultiLineEntry()
	e.SetPlaceHolder(placeholder)
	e.Wrapping = fyne.TextWrapWord
	e.SetMinRowsVisible(3)
	return e
}

// dateEntry takes a date as the UK writes it, starting from stored
// (YYYY-MM-DD); domain.ReadDay reads what is typed.
func dateEntry(stored string) *widget.Entry {
	e := entry("For example 21/03/2026")
	e.SetText(domain.UKDay(stored))
	return e
}

// choiceRow is a row of big buttons of which one may be chosen: answer
// scales and filters. The chosen one is highlighted.
type choiceRow struct {
	buttons  []*widget.Button
	values   []string
	selected string
	changed  func(string)
	box      *fyne.Container
}

// width is the width the row will have (Context.width), so its buttons
// fold into rows that fit rather than run off a portrait tablet's edge.
func newChoiceRow(width func() float32, labels, values []string, columns int, changed func(string)) *choiceRow {
	c := &choiceRow{values: values, changed: changed}
	objs := make([]fyne.CanvasObject, len(labels))
	for i, l := range labels {
		v := values[i]
		b := widget.NewButton(l, func() { c.set(v, true) })
		c.buttons = append(c.buttons, b)
		objs[i] = tall(b)
	}
	if columns <= 0 {
		columns = len(labels)
	}
	c.box = kit.NewFitGrid(columns, width, objs...)
	return c
}

func (c *choiceRow) set(v string, notify bool) {
	c.selected = v
	for i, b := range c.buttons {
		if c.values[i] == v {
			b.Importance = widget.HighImportance
		} else {
			b.Importance = widget.MediumImportance
		}
		b.Refresh()
	}
	if notify && c.changed != nil {
		c.changed(v)
	}
}

func (c *choiceRow) button(v string) *widget.Button {
	for i, x := range c.values {
		if x == v {
			return c.buttons[i]
		}
	}
	return nil
}

// Loading helpers. Rows are decoded into domain records; deleted ones are
// left out.

func personName(v *storage.View, id string) string {
	if p, ok := v.Person(id); ok {
		return p.DisplayName()
	}
	return "Someone not on this device"
}

func staffName(v *storage.View, id string) string {
	if id == "" {
		return "someone"
	}
	if r, ok := v.Get(domain.KindStaff, id); ok && r.Get("name") != "" {
		return r.Get("name")
	}
	return id
}

func decodeAll[T any](rows []*storage.Row, deleted func(*T) bool) []T {
	var out []T
	for _, r := range rows {
		var x T
		r.Decode(&x)
		if !deleted(&x) {
			out = append(out, x)
		}
	}
	return out
}

func referralsOf(v *storage.View, personID string) []domain.Referral {
	out := decodeAll(v.By(domain.KindReferral, "person_id", personID), func(r *domain.Referral) bool { return r.Deleted })
	sort.Slice(out, func(i, j int) bool { return out[i].Received > out[j].Received })
	return out
}

func matchesOf(v *storage.View, personID string) []domain.Match {
	out := decodeAll(v.By(domain.KindMatch, "person_id", personID), func(m *domain.Match) bool { return m.Deleted })
	sort.Slice(out, func(i, j int) bool { return out[i].Date > out[j].Date })
	return out
}

func followUpsOf(v *storage.View, personID string) []domain.FollowUp {
	out := decodeAll(v.By(domain.KindFollowUp, "person_id", personID), func(f *domain.FollowUp) bool { return f.Deleted })
	// Open ones first, then the newest.
	sort.Slice(out, func(i, j int) bool {
		if (out[i].Done == "") != (out[j].Done == "") {
			return out[i].Done == ""
		}
		return out[i].Due > out[j].Due
	})
	return out
}

func contactsOf(v *storage.View, personID string) []domain.Contact {
	out := decodeAll(v.By(domain.KindContact, "person_id", personID), func(c *domain.Contact) bool { return c.Deleted })
	sort.SliceStable(out, func(i, j int) bool { return out[i].Date > out[j].Date })
	return out
}

func measuresOf(v *storage.View, personID string) []domain.Measure {
	out := decodeAll(v.By(domain.KindMeasure, "person_id", personID), func(m *domain.Measure) bool { return m.Deleted })
	sort.SliceStable(out, func(i, j int) bool { return out[i].Date < out[j].Date })
	return out
}

func consentsOf(v *storage.View, personID string) []domain.Consent {
	out := decodeAll(v.By(domain.KindConsent, "person_id", personID), func(c *domain.Consent) bool { return c.Deleted })
	sort.SliceStable(out, func(i, j int) bool { return out[i].Given < out[j].Given })
	return out
}

func activity(v *storage.View, id string) (domain.Activity, bool) {
	r, ok := v.Get(domain.KindActivity, id)
	if !ok {
		return domain.Activity{}, false
	}
	var a domain.Activity
	r.Decode(&a)
	return a, true
}

func venue(v *storage.View, id string) domain.Venue {
	var x domain.Venue
	if r, ok := v.Get(domain.KindVenue, id); ok {
		r.Decode(&x)
	}
	return x
}

// openReferral is the person's most recent open referral, if any.
func openReferral(v *storage.View, personID string) (domain.Referral, bool) {
	for _, r := range referralsOf(v, personID) {
		if domain.ReferralOpen(r.Status) {
			return r, true
		}
	}
	return domain.Referral{}, false
}

// saveFailed words a store error for the person at the screen.
func saveFailed(err error) error {
	return fmt.Errorf("This was not saved: %v. Nothing you typed has been lost; try Save again, and if it keeps failing, tell your coordinator", err)
}

func plural(n int, one, many string) string { return domain.Count(n, one, many) }

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

// niceDate writes a YYYY-MM-DD date as "Mon 3 Mar 2026"; anything else as is.
func niceDate(d string) string { return domain.DayInWords(d) }

var weekdays = []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}

// toggle is an on/off choice drawn as a big button, so the whole touch
// target works (a Check only answers taps on its box and label). Add
// toggle.Button to containers.
type toggle struct {
	*widget.Button
	On      bool
	changed func(bool)
}

func newToggle(label string, changed func(bool)) *toggle {
	t := &toggle{changed: changed}
	t.Button = widget.NewButtonWithIcon(label, theme.CheckButtonIcon(), func() { t.SetOn(!t.On, true) })
	t.Alignment = widget.ButtonAlignLeading
	return t
}

// SetOn sets the state, telling changed when notify is true.
func (t *toggle) SetOn(on, notify bool) {
	t.On = on
	if on {
		t.Icon = theme.CheckButtonCheckedIcon()
		t.Importance = widget.HighImportance
	} else {
		t.Icon = theme.CheckButtonIcon()
		t.Importance = widget.MediumImportance
	}
	t.Refresh()
	if notify && t.changed != nil {
		t.changed(on)
	}
}

// multiChoice is a grid of toggles: reasons, contact preferences, consents.
type multiChoice struct {
	options []string
	toggles []*toggle
	box     *fyne.Container
}

// newMultiChoice lays its options out in at most columns columns, fewer
// where they do not fit in width (the content's, as Context.width), so a
// long option at large text does not push the screen off its edge.
func newMultiChoice(width func() float32, options []string, columns int) *multiChoice {
	m := &multiChoice{options: options}
	objs := make([]fyne.CanvasObject, len(options))
	for i, o := range options {
		t := newToggle(domain.CapitalFirst(o), nil)
		m.toggles = append(m.toggles, t)
		objs[i] = tall(t.Button)
	}
	m.box = kit.FitGrid(func() float32 { return width() - 2*theme.Padding() }, columns, objs...)
	return m
}

// Selected returns the chosen options in display order.
func (m *multiChoice) Selected() []string {
	var out []string
	for i, t := range m.toggles {
		if t.On {
			out = append(out, m.options[i])
		}
	}
	return out
}

// SetSelected chooses exactly the given options.
func (m *multiChoice) SetSelected(sel []string) {
	want := map[string]bool{}
	for _, s := range sel {
		want[s] = true
	}
	for i, t := range m.toggles {
		t.SetOn(want[m.options[i]], false)
	}
}

// option returns the toggle of one option.
func (m *multiChoice) option(o string) *toggle {
	for i, x := range m.options {
		if x == o {
			return m.toggles[i]
		}
	}
	return nil
}

// screen gives a casework screen what the shell asks of it, from the
// stack of pages it shows (nav).
type screen struct{ nav *nav }

// Content is the screen to mount.
func (s screen) Content() fyne.CanvasObject { return s.nav.root }

// Close stops the screen watching the store.
func (s screen) Close() { s.nav.close() }

// Title is the screen's name for the shell's title bar.
func (s screen) Title() string { return s.nav.pages[0].title() }

// Refresh re-reads the store into whichever page is on show (the screen,
// or one opened from it). Typed input is never replaced.
func (s screen) Refresh() { s.nav.refreshTop() }

// Locked reports whether a wellbeing form opened from this screen is in
// the person's hands; the shell must not navigate away while it is.
func (s screen) Locked() bool { return s.nav.locked }

// newScaleRow is a choiceRow for an ordered scale (SWEMWBS's "None of the
// time" to "All of the time"): its answers side by side in order when they
// all fit in one row at their minimum widths; where they do not, still
// side by side with the longer answers on two lines inside their buttons
// ("None of / the time"), as on a portrait tablet; else, where even that
// does not fit (the largest text), one per line, in order, full width.
// Never folded 3 + 2, which breaks the scale's order.
func newScaleRow(width func() float32, labels, values []string, changed func(string)) *choiceRow {
	c := newChoiceRow(width, labels, values, len(labels), changed)
	l := scaleLayout{width: width, buttons: c.buttons}
	for _, s := range labels {
		l.oneLine = append(l.oneLine, s)
		l.twoLines = append(l.twoLines, inTwoLines(s))
	}
	c.box.Layout = l
	return c
}

// inTwoLines breaks an answer at the space that leaves its longer line
// shortest ("None of the time" is "None of" over "the time"); a single
// word stays as it is.
func inTwoLines(s string) string {
	best, bestLen := s, len(s)
	for i, r := range s {
		if r != ' ' {
			continue
		}
		if l := max(i, len(s)-i-1); l < bestLen {
			best, bestLen = s[:i]+"\n"+s[i+1:], l
		}
	}
	return best
}

// newNumberScaleRow is a scale row of short numeric answers (ONS4's 0 to
// 10): side by side while each can be a finger wide and show its number,
// narrower than a button's own padding asks, so eleven fit a portrait
// tablet in one row; else one per line, in order. Never folded 6 + 5,
// which breaks a 0-to-10 scale read left to right.
func newNumberScaleRow(width func() float32, labels, values []string, changed func(string)) *choiceRow {
	c := newChoiceRow(width, labels, values, len(labels), changed)
	c.box.Layout = scaleLayout{width: width, numbers: labels}
	return c
}

type scaleLayout struct {
	width   func() float32
	numbers []string // the labels, when short numbers: cells as narrow as a finger and the number allow
	// For answers in words: the buttons, and their labels on one line
	// and on two (inTwoLines), which the layout shows as the width asks.
	buttons           []*widget.Button
	oneLine, twoLines []string
}

// textWidth is the width of s's longest line in a button's bold text.
func textWidth(s string) float32 {
	var w float32
	for _, line := range strings.Split(s, "\n") {
		w = max(w, fyne.MeasureText(line, theme.TextSize(), fyne.TextStyle{Bold: true}).Width)
	}
	return w
}

// fitLabels puts each button's label on one line or two for width: one
// when the answers then fit side by side, two when only that way they do,
// and one again when not even two lines fit (they go one per line). The
// cells are then measured as they will be drawn.
func (l scaleLayout) fitLabels(objs []fyne.CanvasObject, width float32) {
	if len(l.buttons) != len(objs) || len(l.twoLines) != len(objs) {
		return
	}
	// What a button adds around its text, from the first as it is now.
	pad := objs[0].MinSize().Width - textWidth(l.buttons[0].Text)
	widest := func(labels []string) float32 {
		var w float32
		for _, s := range labels {
			w = max(w, textWidth(s)+pad)
		}
		return max(w, minTouch)
	}
	n := float32(len(objs))
	fits := func(cell float32) bool { return width <= 0 || n*cell+(n-1)*theme.Padding() <= width }
	labels := l.oneLine
	if !fits(widest(l.oneLine)) && fits(widest(l.twoLines)) {
		labels = l.twoLines
	}
	for i, b := range l.buttons {
		if b.Text != labels[i] {
			b.SetText(labels[i])
		}
	}
}

func (l scaleLayout) cell(objs []fyne.CanvasObject) fyne.Size {
	var c fyne.Size
	for _, o := range objs {
		c = c.Max(o.MinSize())
	}
	if len(l.numbers) > 0 {
		narrow := float32(minTouch)
		for _, n := range l.numbers {
			tw := fyne.MeasureText(n, theme.TextSize(), fyne.TextStyle{Bold: true}).Width
			narrow = max(narrow, tw+2*theme.InnerPadding())
		}
		c.Width = narrow
	}
	return c
}

// inRow reports whether objs fit side by side in width (0: not known, so
// yes, as a wide window would).
func (l scaleLayout) inRow(objs []fyne.CanvasObject, width float32) bool {
	n := float32(len(objs))
	return width <= 0 || n*l.cell(objs).Width+(n-1)*theme.Padding() <= width
}

func (l scaleLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	if len(objs) == 0 {
		return fyne.Size{}
	}
	var width float32
	if l.width != nil {
		width = l.width()
	}
	l.fitLabels(objs, width)
	cell, n, gap := l.cell(objs), float32(len(objs)), theme.Padding()
	if l.inRow(objs, width) {
		return fyne.NewSize(n*cell.Width+(n-1)*gap, cell.Height)
	}
	return fyne.NewSize(cell.Width, n*cell.Height+(n-1)*gap)
}

func (l scaleLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if len(objs) == 0 {
		return
	}
	width := size.Width
	if l.width != nil {
		if w := l.width(); w > 0 {
			width = min(width, w) // the rows MinSize promised room for
		}
	}
	l.fitLabels(objs, width)
	cell, n, gap := l.cell(objs), float32(len(objs)), theme.Padding()
	row := l.inRow(objs, width)
	for i, o := range objs {
		if row {
			w := (size.Width - (n-1)*gap) / n
			o.Move(fyne.NewPos(float32(i)*(w+gap), 0))
			o.Resize(fyne.NewSize(w, cell.Height))
		} else {
			o.Move(fyne.NewPos(0, float32(i)*(cell.Height+gap)))
			o.Resize(fyne.NewSize(size.Width, cell.Height))
		}
	}
}

// agreedMethod is a contact method chosen for one entry (a contact logged,
// a follow-up recorded): it starts on, and keeps following, the first way
// the person agrees to be contacted now (domain.FirstAgreedContact), so a
// consent given or withdrawn while the form is open moves it, until the
// worker chooses a method themselves for this entry. After the entry is
// saved, the next one follows consent again.
type agreedMethod struct {
	*choiceRow
	chosen bool // by the worker, for this entry
}

// newAgreedMethod is the row of contact methods; changed is called after a
// worker's own choice.
func newAgreedMethod(width func() float32, changed func(string)) *agreedMethod {
	m := &agreedMethod{}
	m.choiceRow = newChoiceRow(width, capitalAll(domain.ContactMethods), domain.ContactMethods, 3, func(v string) {
		m.chosen = true
		if changed != nil {
			changed(v)
		}
	})
	return m
}

// follow chooses the first way p agrees to on today, given consents cs,
// unless the worker has chosen a method for this entry. It returns that
// way (for the detail it needs), whether or not it was chosen.
func (m *agreedMethod) follow(p domain.Person, cs []domain.Consent, today string) (way string) {
	way, method := domain.FirstAgreedContact(p, cs, today)
	if !m.chosen && m.selected != method {
		m.set(method, false)
	}
	return way
}

// next starts a new entry: the method follows consent again.
func (m *agreedMethod) next() { m.chosen = false }
