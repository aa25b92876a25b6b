package register

import (
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/kit"
	"github.com/gather-sp/gather/app/shell"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/storage"
)

// Today lists the sessions at this device's venues on a day.
type Today struct {
	sh      shell.Shell
	hooks   Hooks
	opened  *Register // the register opened last
	date    string
	content fyne.CanvasObject

	dateLabel        *widget.Label
	prevBtn, nextBtn *widget.Button
	todayBtn         *widget.Button
	list             *fyne.Container
	sessions         []storage.SessionInfo
	openBtns         []*widget.Button

	// By session: "Cancel session…", or "Who to let know" and "Un-cancel"
	// on a cancelled one, for those who may cancel.
	cancelBtns, uncancelBtns, letKnowBtns map[string]*widget.Button
	cancelDlg                             *cancelDialog
	letKnow                               *letKnowDialog
}

// NewToday is the list of sessions at this device's venues, from today.
func NewToday(sh shell.Shell, hooks Hooks) *Today {
	s := &Today{sh: sh, hooks: hooks, date: sh.Today()}
	s.buildUI()
	return s
}

func (s *Today) Title() string              { return "Today" }
func (s *Today) Content() fyne.CanvasObject { return s.content }

func (s *Today) buildUI() {
	s.dateLabel = kit.RowTitle("")
	// The day wraps, centred, rather than run off a narrow window at the
	// largest text (dayNavLayout puts it above the buttons then).
	s.dateLabel.Truncation, s.dateLabel.Wrapping = fyne.TextTruncateOff, fyne.TextWrapWord
	s.dateLabel.Alignment = fyne.TextAlignCenter
	s.prevBtn = kit.BigButton("Previous day", theme.NavigateBackIcon(), widget.MediumImportance, func() { s.StepDay(-1) })
	s.nextBtn = kit.BigButton("Next day", theme.NavigateNextIcon(), widget.MediumImportance, func() { s.StepDay(1) })
	s.nextBtn.IconPlacement = widget.ButtonIconTrailingText
	s.todayBtn = kit.BigButton("Back to today", theme.HomeIcon(), widget.LowImportance, func() { s.date = s.sh.Today(); s.Refresh() })
	nav := container.New(&dayNavLayout{window: s.sh.Window()}, kit.Tall(s.prevBtn), s.dateLabel, kit.Tall(s.nextBtn))
	s.list = container.NewVBox()
	s.content = container.NewBorder(container.NewVBox(container.NewPadded(nav), container.NewCenter(s.todayBtn)), nil, nil, nil,
		container.NewVScroll(container.NewPadded(s.list)))
}

// StepDay moves the day shown n days on (back when negative).
func (s *Today) StepDay(n int) {
	s.date = domain.AddDays(s.date, n)
	s.Refresh()
}

func (s *Today) Refresh() {
	d, _ := domain.ParseDate(s.date)
	label := domain.LongDate(d)
	switch s.date {
	case s.sh.Today():
		label = "Today, " + label
		s.todayBtn.Hide()
	case domain.AddDays(s.sh.Today(), 1):
		label = "Tomorrow, " + label
		s.todayBtn.Show()
	case domain.AddDays(s.sh.Today(), -1):
		label = "Yesterday, " + label
		s.todayBtn.Show()
	default:
		s.todayBtn.Show()
	}
	s.dateLabel.SetText(label)
	v := s.sh.View()
	venues := shell.TodayVenues(s.sh)
	s.sessions = v.SessionsOfDay(s.date, venues)
	s.list.Objects = nil
	s.openBtns = nil
	s.cancelBtns, s.uncancelBtns, s.letKnowBtns = map[string]*widget.Button{}, map[string]*widget.Button{}, map[string]*widget.Button{}
	leavesOut := shell.TodayLeavesOutOtherVenues(s.sh)
	if len(s.sessions) == 0 {
		msg := "No sessions at this device's venues on this day."
		switch {
		case len(v.Activities()) == 0:
			msg = "There are no activities on this device yet. They arrive from your organisation's server when this device is connected (Settings), or a link worker or administrator adds them under Activities."
		case len(s.sh.DeviceVenues()) > 0:
			msg += " To see other venues, choose them in Settings."
		case leavesOut:
			msg = "No sessions at the venues where you work on this day."
		}
		// A wrapping label needs the full width: centred, it would shrink to "…".
		l := kit.Wrapped(msg)
		l.Importance = widget.LowImportance
		s.list.Add(l)
	}
	for i := range s.sessions {
		s.list.Add(s.card(i))
	}
	if leavesOut {
		// A facilitator covering a colleague's session at another venue
		// would otherwise find no register and no word of why.
		if l := leftOutNote(v.SessionsOfDay(s.date, nil), venues); l != nil {
			s.list.Add(l)
		}
	}
	s.list.Refresh()
}

func (s *Today) card(i int) fyne.CanvasObject {
	si := s.sessions[i]
	// Every line wraps rather than be cut short: the card puts its buttons
	// under them when both do not fit side by side (cardLayout).
	name := kit.RowTitle(si.Activity.Name)
	name.Truncation, name.Wrapping = fyne.TextTruncateOff, fyne.TextWrapWord
	when := domain.TimeRange(si.Activity)
	where := kit.RowDetail(when + " · " + si.Venue.Name)
	where.Truncation, where.Wrapping = fyne.TextTruncateOff, fyne.TextWrapWord
	sum := si.Summary
	counts := countsLine{phrases: sum.HeadlinePhrases()}
	if !si.Session.Cancelled { // a cancelled session takes no marks
		counts.progress = sum.Progress()
	}
	oneLine := countsText(counts.phrases, counts.progress, func(string) bool { return true })
	status := widget.NewLabelWithStyle(oneLine, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	status.Wrapping = fyne.TextWrapWord
	var state fyne.CanvasObject = container.NewHBox()
	label, imp := "Open register", widget.HighImportance
	switch {
	case si.Session.Cancelled:
		state = kit.Badge("Cancelled", widget.DangerImportance)
		label, imp = "View register", widget.MediumImportance
	case si.Session.Closed:
		state = kit.Badge("Closed", widget.SuccessImportance)
		label, imp = "View register", widget.MediumImportance
	case s.date > s.sh.Today():
		label, imp = "Print or view register", widget.MediumImportance
	}
	open := kit.BigButton(label, theme.NavigateNextIcon(), imp, func() { s.onOpen(i) })
	open.IconPlacement = widget.ButtonIconTrailingText
	s.openBtns = append(s.openBtns, open)
	info := container.NewVBox(name, where, container.NewBorder(nil, nil, nil, container.NewCenter(state), container.New(counts, status)))
	if si.Session.Cancelled {
		why := kit.Wrapped(cancelledText(s.sh, si.Session))
		why.Importance = widget.DangerImportance
		info.Add(why)
	}
	right := container.NewVBox(kit.Sized(open, 200, 56))
	if acts := s.cancelActions(si); acts != nil {
		right.Add(acts)
	}
	// The counts on one line: the label may say them on more.
	whole := widget.NewLabelWithStyle(oneLine, fyne.TextAlignLeading, status.TextStyle)
	whole.Wrapping = status.Wrapping
	natural := func() float32 { // the info's widest line, unwrapped
		return fyne.Max(fyne.Max(textWidth(name), textWidth(where)), textWidth(whole)+state.MinSize().Width+theme.Padding())
	}
	return kit.Panel(container.New(&cardLayout{natural: natural, window: s.sh.Window()}, info, right))
}

// countsLine lays out a session card's counts (its only object, a label)
// at the width it is given: on one line where they fit, else broken
// between their phrases (countsText), never inside one.
type countsLine struct {
	phrases  []string
	progress string
}

func (c countsLine) MinSize(objs []fyne.CanvasObject) fyne.Size { return objs[0].MinSize() }

func (c countsLine) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	l := objs[0].(*widget.Label)
	if text := countsText(c.phrases, c.progress, fitsLabel(l, size.Width)); l.Text != text {
		l.SetText(text)
	}
	l.Move(fyne.NewPos(0, 0))
	l.Resize(size)
}

// cardLayout puts a session card's details and its buttons side by side
// when the details fit beside them on one line each, and the buttons under
// the details otherwise (a narrow window, the largest text), so nothing
// runs off the right edge. It remembers the width it was last laid out at
// for MinSize, which Fyne asks first.
type cardLayout struct {
	natural func() float32 // the details' widest line
	window  fyne.Window
	width   float32
}

func (l *cardLayout) guess() float32 {
	if l.width > 0 {
		return l.width
	}
	return l.window.Canvas().Size().Width - 6*theme.Padding()
}

func (l *cardLayout) side(objs []fyne.CanvasObject, width float32) bool {
	return l.natural()+theme.Padding()+objs[1].MinSize().Width <= width
}

// infoHeight is how tall the details are at width (their lines wrap).
func infoHeight(info fyne.CanvasObject, width float32) float32 {
	for i := 0; i < 2; i++ {
		info.Resize(fyne.NewSize(width, info.MinSize().Height))
	}
	return info.MinSize().Height
}

func (l *cardLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	info, right := objs[0], objs[1]
	width := l.guess()
	if l.side(objs, width) {
		return fyne.NewSize(info.MinSize().Width+theme.Padding()+right.MinSize().Width,
			fyne.Max(infoHeight(info, width-theme.Padding()-right.MinSize().Width), right.MinSize().Height))
	}
	return fyne.NewSize(fyne.Max(info.MinSize().Width, right.MinSize().Width),
		infoHeight(info, width)+theme.Padding()+right.MinSize().Height)
}

func (l *cardLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	l.width = size.Width
	info, right := objs[0], objs[1]
	rw := right.MinSize().Width
	if l.side(objs, size.Width) {
		iw := size.Width - theme.Padding() - rw
		info.Move(fyne.NewPos(0, 0))
		info.Resize(fyne.NewSize(iw, size.Height))
		rh := right.MinSize().Height
		right.Move(fyne.NewPos(size.Width-rw, (size.Height-rh)/2))
		right.Resize(fyne.NewSize(rw, rh))
		return
	}
	ih := infoHeight(info, size.Width)
	info.Move(fyne.NewPos(0, 0))
	info.Resize(fyne.NewSize(size.Width, ih))
	right.Move(fyne.NewPos(0, ih+theme.Padding()))
	right.Resize(fyne.NewSize(fyne.Min(rw, size.Width), size.Height-ih-theme.Padding()))
}

// dayNavLayout puts Previous day, the day and Next day on one line when
// they fit, and otherwise the day on its own line (wrapping, centred) with
// the two buttons under it at either side.
type dayNavLayout struct {
	window fyne.Window
	width  float32 // the width it was last laid out at, for MinSize
}

func (l *dayNavLayout) guess() float32 {
	if l.width > 0 {
		return l.width
	}
	return l.window.Canvas().Size().Width - 2*theme.Padding()
}

func (l *dayNavLayout) oneLine(objs []fyne.CanvasObject, width float32) bool {
	return objs[0].MinSize().Width+textWidth(objs[1])+objs[2].MinSize().Width+2*theme.Padding() <= width
}

func (l *dayNavLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	prev, day, next := objs[0], objs[1], objs[2]
	buttons := fyne.NewSize(prev.MinSize().Width+theme.Padding()+next.MinSize().Width, fyne.Max(prev.MinSize().Height, next.MinSize().Height))
	if width := l.guess(); width <= 0 || l.oneLine(objs, width) {
		return fyne.NewSize(buttons.Width+theme.Padding()+day.MinSize().Width, fyne.Max(buttons.Height, day.MinSize().Height))
	}
	return fyne.NewSize(buttons.Width, heightAt(day, l.guess())+buttons.Height)
}

func (l *dayNavLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	l.width = size.Width
	prev, day, next := objs[0], objs[1], objs[2]
	pw, nw := prev.MinSize().Width, next.MinSize().Width
	if l.oneLine(objs, size.Width) {
		prev.Move(fyne.NewPos(0, 0))
		prev.Resize(fyne.NewSize(pw, size.Height))
		next.Move(fyne.NewPos(size.Width-nw, 0))
		next.Resize(fyne.NewSize(nw, size.Height))
		dh := day.MinSize().Height
		day.Move(fyne.NewPos(pw+theme.Padding(), (size.Height-dh)/2))
		day.Resize(fyne.NewSize(size.Width-pw-nw-2*theme.Padding(), dh))
	} else {
		dh := heightAt(day, size.Width)
		day.Move(fyne.NewPos(0, 0))
		day.Resize(fyne.NewSize(size.Width, dh))
		bh := size.Height - dh
		prev.Move(fyne.NewPos(0, dh))
		prev.Resize(fyne.NewSize(pw, bh))
		next.Move(fyne.NewPos(size.Width-nw, dh))
		next.Resize(fyne.NewSize(nw, bh))
	}
}

// cancelActions are a card's buttons for calling its session off, or
// back on with the list of people to let know; nil for those who may not.
func (s *Today) cancelActions(si storage.SessionInfo) fyne.CanvasObject {
	if !canCancelSessions(s.sh) {
		if si.Session.Cancelled {
			b := widget.NewButtonWithIcon("Who to let know", theme.AccountIcon(), func() { s.onLetKnow(si.Session.ID) })
			s.letKnowBtns[si.Session.ID] = b
			return kit.Tall(b)
		}
		return nil
	}
	id := si.Session.ID
	if si.Session.Cancelled {
		know := widget.NewButtonWithIcon("Who to let know", theme.AccountIcon(), func() { s.onLetKnow(id) })
		un := widget.NewButtonWithIcon("Un-cancel", theme.ContentUndoIcon(), func() { s.onUncancel(id) })
		un.Importance = widget.LowImportance
		s.letKnowBtns[id], s.uncancelBtns[id] = know, un
		return container.NewVBox(kit.Tall(know), kit.Tall(un))
	}
	b := widget.NewButtonWithIcon("Cancel session…", theme.CancelIcon(), func() { s.onCancel(id) })
	b.Importance = widget.LowImportance
	s.cancelBtns[id] = b
	return kit.Tall(b)
}

func (s *Today) session(id string) (storage.SessionInfo, bool) {
	for _, si := range s.sessions {
		if si.Session.ID == id {
			return si, true
		}
	}
	return storage.SessionInfo{}, false
}

func (s *Today) onCancel(id string) {
	if si, ok := s.session(id); ok {
		s.cancelDlg = openCancelSession(s.sh, si, func() { s.sh.Repaint(s) })
	}
}

func (s *Today) onUncancel(id string) {
	if si, ok := s.session(id); ok {
		uncancelSession(s.sh, si.Session, func() { s.sh.Repaint(s) })
	}
}

func (s *Today) onLetKnow(id string) {
	if si, ok := s.session(id); ok {
		s.letKnow = showLetKnow(s.sh, si)
	}
}

func (s *Today) onOpen(i int) {
	if i < len(s.sessions) {
		s.opened = NewRegister(s.sh, s.sessions[i].Session.ID, s.hooks)
		s.sh.Push(s.opened)
	}
}

// OpenActivity opens today's register of an activity, as "Open register"
// does: for a tablet that lives at one activity (gather --register). It
// reports false when the activity has no session today.
func (s *Today) OpenActivity(activityID string) bool {
	for i, si := range s.sessions {
		if si.Activity.ID == activityID {
			s.onOpen(i)
			return true
		}
	}
	return false
}

// leftOutNote names the sessions of all that are not at venues, for
// someone whose Today lists only where they work
// (shell.TodayLeavesOutOtherVenues), and who can list them; nil when
// there are none.
func leftOutNote(all []storage.SessionInfo, venues []string) fyne.CanvasObject {
	var names []string
	for _, si := range all {
		if !slices.Contains(venues, si.Venue.ID) {
			names = append(names, si.Activity.Name+" ("+si.Venue.Name+")")
		}
	}
	if len(names) == 0 {
		return nil
	}
	l := kit.Wrapped("Not listed, at venues where you do not work: " + strings.Join(names, ", ") +
		". Covering one? An administrator can add its venue to where you work (Admin › Staff, Where they work).")
	l.Importance = widget.LowImportance
	return l
}
