package casework

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/kit"
	"github.com/gather-sp/gather/domain"
)

// Home is the link worker's home: follow-ups overdue and due in the coming
// week first, then the referrals inbox.
type Home struct {
	store Store
	ctx   Context
	screen

	followUps *fyne.Container
	waiting   *fyne.Container           // places free for people on waiting lists (waiting.go)
	give      map[string]*widget.Button // activity id -> Give them the place
	notice    *widget.Label
	inbox     *Inbox
	box       *fyne.Container
	record    map[string]*widget.Button // follow-up id -> Record button
	shown     []homeItem
}

type homeItem struct {
	FollowUp domain.FollowUp
	State    string // domain.FollowUpOverdue or domain.FollowUpDueNow
}

// NewHome returns the link worker's home screen.
func NewHome(store Store, ctx Context) *Home {
	h := &Home{store: store, ctx: ctx}
	h.inbox = newInbox(store, ctx)
	h.buildUI()
	h.nav = newNav(store, ctx, h)
	h.inbox.nav = h.nav
	h.refresh()
	return h
}

func (h *Home) title() string { return "Casework" }

func (h *Home) body() fyne.CanvasObject { return scroll(h.box) }

func (h *Home) buildUI() {
	h.followUps = container.NewVBox()
	h.waiting = container.NewVBox()
	h.notice = newNotice()
	h.box = container.NewVBox(h.notice, heading("Follow-ups due"), h.followUps, h.waiting, widget.NewSeparator(),
		// Under Casework's title the inbox needs its own heading, which on
		// its own screen the title bar says.
		heading("Referrals"), h.inbox.panel)
}

func (h *Home) refresh() {
	today := h.ctx.today()
	v := h.store.View()
	h.shown = nil
	h.record = map[string]*widget.Button{}
	var objs []fyne.CanvasObject
	overdue := 0
	for _, f := range v.FollowUpsDueBy(domain.AddDays(today, domain.FollowUpDueWindowDays-1)) {
		if f.Deleted {
			continue
		}
		st := domain.FollowUpState(f, today)
		if st != domain.FollowUpOverdue && st != domain.FollowUpDueNow {
			continue
		}
		if st == domain.FollowUpOverdue {
			overdue++
		}
		h.shown = append(h.shown, homeItem{f, st})
		objs = append(objs, h.row(f, st, personName(v, f.PersonID), today))
	}
	// The overdue and the coming ones add up to the rows shown.
	window := plural(domain.FollowUpDueWindowDays, "day", "days")
	comingUp := len(h.shown) - overdue
	var summary string
	switch {
	case len(h.shown) == 0:
		summary = fmt.Sprintf("No follow-ups overdue or due in the next %s.", window)
	case overdue == 0:
		summary = fmt.Sprintf("%s due in the next %s.", plural(comingUp, "follow-up", "follow-ups"), window)
	case comingUp == 0:
		summary = fmt.Sprintf("%s overdue, none due in the next %s.", plural(overdue, "follow-up", "follow-ups"), window)
	default:
		summary = fmt.Sprintf("%d overdue and %d due in the next %s — overdue ones are listed first.", overdue, comingUp, window)
	}
	h.followUps.Objects = append([]fyne.CanvasObject{wrapped(summary)}, objs...)
	h.followUps.Refresh()
	h.refreshWaiting(v, today)
	h.inbox.refresh()
}

func (h *Home) row(f domain.FollowUp, state, name, today string) fyne.CanvasObject {
	when := kit.FollowUpWhen(f, today)
	fu := f
	rec := bigButton("Record", theme.DocumentCreateIcon(), widget.HighImportance, func() { h.onRecord(fu) })
	open := bigButton("Case", theme.AccountIcon(), widget.MediumImportance, func() { h.onOpenCase(fu.PersonID) })
	h.record[f.ID] = rec
	icon := widget.NewIcon(theme.InfoIcon())
	if state == domain.FollowUpOverdue {
		icon.SetResource(theme.NewErrorThemedResource(theme.WarningIcon()))
	}
	return container.NewVBox(widget.NewSeparator(), container.NewBorder(nil, nil, icon,
		container.NewCenter(container.NewHBox(sized(rec, 120, minTouch), sized(open, 110, minTouch))),
		container.NewVBox(bold(name), when)))
}

func (h *Home) onRecord(f domain.FollowUp) {
	h.nav.push(newFollowUp(h.store, h.ctx, h.nav, f.ID))
}

func (h *Home) onOpenCase(personID string) {
	h.nav.push(newCase(h.store, h.ctx, h.nav, personID))
}
