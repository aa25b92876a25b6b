package register

import (
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
	s.dateLabel.Truncation = fyne.TextTruncateOff
	s.prevBtn = kit.BigButton("Previous day", theme.NavigateBackIcon(), widget.MediumImportance, func() { s.StepDay(-1) })
	s.nextBtn = kit.BigButton("Next day", theme.NavigateNextIcon(), widget.MediumImportance, func() { s.StepDay(1) })
	s.nextBtn.IconPlacement = widget.ButtonIconTrailingText
	s.todayBtn = kit.BigButton("Back to today", theme.HomeIcon(), widget.LowImportance, func() { s.date = s.sh.Today(); s.Refresh() })
	nav := container.NewBorder(nil, nil, kit.Tall(s.prevBtn), kit.Tall(s.nextBtn), container.NewCenter(s.dateLabel))
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
	s.sessions = v.SessionsOfDay(s.date, s.sh.DeviceVenues())
	s.list.Objects = nil
	s.openBtns = nil
	s.cancelBtns, s.uncancelBtns, s.letKnowBtns = map[string]*widget.Button{}, map[string]*widget.Button{}, map[string]*widget.Button{}
	if len(s.sessions) == 0 {
		msg := "No sessions at this device's venues on this day."
		switch {
		case len(v.Activities()) == 0:
			msg = "There are no activities on this device yet. They arrive from your organisation's server when this device is connected (Settings), or a link worker or administrator adds them under Activities."
		case len(s.sh.DeviceVenues()) > 0:
			msg += " To see other venues, choose them in Settings."
		}
		// A wrapping label needs the full width: centred, it would shrink to "…".
		l := kit.Wrapped(msg)
		l.Importance = widget.LowImportance
		s.list.Add(l)
	}
	for i := range s.sessions {
		s.list.Add(s.card(i))
	}
	s.list.Refresh()
}

func (s *Today) card(i int) fyne.CanvasObject {
	si := s.sessions[i]
	name := kit.RowTitle(si.Activity.Name)
	when := domain.TimeRange(si.Activity)
	where := kit.RowDetail(when + " · " + si.Venue.Name)
	sum := si.Summary
	counts := sum.Headline()
	if p := sum.Progress(); p != "" && !si.Session.Cancelled { // a cancelled session takes no marks
		counts += " · " + p
	}
	status := widget.NewLabelWithStyle(counts, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	var state fyne.CanvasObject = container.NewHBox()
	label, imp := "Open register", widget.HighImportance
	switch {
	case si.Session.Cancelled:
		state = kit.Badge("Cancelled", theme.Color(theme.ColorNameError))
		label, imp = "View register", widget.MediumImportance
	case si.Session.Closed:
		state = kit.Badge("Closed", theme.Color(theme.ColorNameSuccess))
		label, imp = "View register", widget.MediumImportance
	case s.date > s.sh.Today():
		label, imp = "Print or view register", widget.MediumImportance
	}
	open := kit.BigButton(label, theme.NavigateNextIcon(), imp, func() { s.onOpen(i) })
	open.IconPlacement = widget.ButtonIconTrailingText
	s.openBtns = append(s.openBtns, open)
	info := container.NewVBox(name, where, container.NewHBox(status, container.NewCenter(state)))
	if si.Session.Cancelled {
		why := kit.Wrapped(cancelledText(s.sh, si.Session))
		why.Importance = widget.DangerImportance
		info.Add(why)
	}
	right := container.NewVBox(kit.Sized(open, 200, 56))
	if acts := s.cancelActions(si); acts != nil {
		right.Add(acts)
	}
	return kit.Panel(container.NewBorder(nil, nil, nil, container.NewCenter(right), info))
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
