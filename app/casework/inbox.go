package casework

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/access"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/storage"
)

// Inbox is the referrals inbox: referrals by status, each with its source,
// practice, reasons, urgency and waiting time.
type Inbox struct {
	store Store
	ctx   Context
	screen

	status  string
	filters *choiceRow
	list    *fyne.Container
	panel   *fyne.Container
	open    map[string]*widget.Button // referral id -> its Open button
	shown   []domain.Referral
}

// NewInbox returns the referrals inbox, opening on the received referrals.
func NewInbox(store Store, ctx Context) *Inbox {
	i := newInbox(store, ctx)
	i.nav = newNav(store, ctx, i)
	return i
}

func newInbox(store Store, ctx Context) *Inbox {
	i := &Inbox{store: store, ctx: ctx, status: domain.ReferralReceived}
	i.buildUI()
	i.refresh()
	return i
}

func (i *Inbox) title() string { return "Referrals" }

func (i *Inbox) body() fyne.CanvasObject { return scroll(i.panel) }

func (i *Inbox) buildUI() {
	labels := make([]string, len(domain.ReferralStatuses))
	for k, s := range domain.ReferralStatuses {
		labels[k] = domain.CapitalFirst(s)
	}
	i.filters = newChoiceRow(i.ctx.width(), labels, domain.ReferralStatuses, 4, i.onStatus)
	i.list = container.NewVBox()
	// No heading: the shell's title bar already says "Referrals" (title).
	i.panel = container.NewVBox(i.filters.box, i.list)
}

func (i *Inbox) onStatus(status string) {
	i.status = status
	i.refresh()
}

func (i *Inbox) refresh() {
	v := i.store.View()
	for k, s := range domain.ReferralStatuses {
		n := 0
		for _, r := range v.Referrals(s) {
			if !r.Deleted {
				n++
			}
		}
		i.filters.buttons[k].SetText(fmt.Sprintf("%s (%d)", domain.CapitalFirst(s), n))
	}
	i.filters.set(i.status, false)

	refs := decodeAll(v.By(domain.KindReferral, "status", i.status), func(r *domain.Referral) bool { return r.Deleted })
	sort.SliceStable(refs, func(a, b int) bool {
		if refs[a].Urgent != refs[b].Urgent {
			return refs[a].Urgent
		}
		return refs[a].Received < refs[b].Received
	})
	i.shown = refs
	i.open = map[string]*widget.Button{}
	objs := []fyne.CanvasObject{}
	if len(refs) == 0 {
		objs = append(objs, muted(emptyInbox(i.status)))
	}
	for _, r := range refs {
		objs = append(objs, i.row(v, r))
	}
	i.list.Objects = objs
	i.list.Refresh()
}

// emptyInbox is what an empty list of referrals at status says.
func emptyInbox(status string) string {
	switch status {
	case domain.ReferralReceived:
		return "No new referrals waiting for first contact. New referrals appear here as they arrive."
	case domain.ReferralDeclined:
		return "No referrals have been declined."
	case domain.ReferralClosed:
		return "No referrals have been closed yet."
	}
	return fmt.Sprintf("No referrals are at the %s step just now.", domain.CapitalFirst(status))
}

func (i *Inbox) row(v *storage.View, r domain.Referral) fyne.CanvasObject {
	name := bold(personName(v, r.PersonID))
	name.Wrapping = fyne.TextWrapOff
	top := []fyne.CanvasObject{name}
	if r.Urgent {
		u := colored("URGENT", widget.DangerImportance)
		u.Wrapping = fyne.TextWrapOff
		top = append(top, u)
	}
	who := []string{orDash(domain.SourceWords(r.Source))}
	if r.Practice != "" {
		who = append(who, r.Practice)
	}
	switch {
	case r.Referrer == "":
	case r.Source == domain.SourceSelf:
		who = append(who, r.Referrer)
	default:
		who = append(who, "referred by "+r.Referrer)
	}
	lines := append([]fyne.CanvasObject{container.NewHBox(top...), wrapped(strings.Join(who, " · "))}, i.ctx.reasonsLine(r)...)
	lines = append(lines, waitingLabel(r, i.ctx.today()))
	ref := r
	b := bigButton("Open", theme.NavigateNextIcon(), widget.MediumImportance, func() { i.onOpen(ref) })
	i.open[r.ID] = b
	return container.NewVBox(widget.NewSeparator(),
		container.NewBorder(nil, nil, nil, container.NewCenter(sized(b, 120, minTouch)), container.NewVBox(lines...)))
}

// waitingLabel says how long the person waited (or is waiting) for first
// contact, warning when an open referral has waited two weeks or more.
func waitingLabel(r domain.Referral, today string) *widget.Label {
	days, contacted, err := domain.WaitingDays(r, today)
	switch {
	case err != nil:
		return muted("Waiting time unknown: the received date is missing")
	case contacted && days == 0:
		return muted(fmt.Sprintf("Received %s · first contact the same day", niceDate(r.Received)))
	case contacted:
		return muted(fmt.Sprintf("Received %s · first contact after %s", niceDate(r.Received), plural(days, "day", "days")))
	case days == 0 && r.Status != domain.ReferralDeclined:
		return wrapped(fmt.Sprintf("Received %s · today, not contacted yet", niceDate(r.Received)))
	case r.Status == domain.ReferralDeclined:
		return muted(fmt.Sprintf("Received %s · declined after %s without contact", niceDate(r.Received), plural(days, "day", "days")))
	case days >= 14:
		return colored(fmt.Sprintf("Received %s · waiting %s for first contact", niceDate(r.Received), plural(days, "day", "days")), widget.WarningImportance)
	}
	return wrapped(fmt.Sprintf("Received %s · waiting %s for first contact", niceDate(r.Received), plural(days, "day", "days")))
}

func (i *Inbox) onOpen(r domain.Referral) {
	i.nav.push(newReferralPage(i.store, i.ctx, i.nav, r.ID))
}

// ReferralPage is one referral: its details, the status path with dates and
// SNOMED CT codes, and the buttons that move it on or decline it.
type ReferralPage struct {
	store Store
	ctx   Context
	nav   *nav
	id    string

	box     *fyne.Container
	details *fyne.Container
	actions *fyne.Container
	date    *widget.Entry
	// dateField is the date and its label, hidden when the next step is
	// matching, which dates itself.
	dateField fyne.CanvasObject
	reason    *widget.Entry
	advance   *widget.Button
	decline   *widget.Button
	openCase  *widget.Button
	openCard  *widget.Button
	// declining holds the reason and the Decline button, out of the way
	// of the main action until someone chooses to decline.
	declining  *fyne.Container
	startDecln *widget.Button
	problem    problem
	notice     *widget.Label
}

func newReferralPage(store Store, ctx Context, n *nav, id string) *ReferralPage {
	p := &ReferralPage{store: store, ctx: ctx, nav: n, id: id}
	p.buildUI()
	p.refresh()
	return p
}

func (p *ReferralPage) title() string { return "Referral" }

func (p *ReferralPage) body() fyne.CanvasObject { return scroll(p.box) }

func (p *ReferralPage) buildUI() {
	p.details = container.NewVBox()
	p.date = dateEntry(p.ctx.today())
	p.reason = entry("Why it was declined, in a few words")
	p.advance = bigButton("", theme.NavigateNextIcon(), widget.HighImportance, p.onAdvance)
	p.decline = bigButton("Decline", theme.CancelIcon(), widget.DangerImportance, p.onDecline)
	p.openCase = bigButton("Open their case", theme.AccountIcon(), widget.MediumImportance, p.onOpenCase)
	p.openCard = bigButton("Open their card", theme.InfoIcon(), widget.MediumImportance, p.onOpenCard)
	if p.ctx.OpenCard == nil {
		p.openCard.Hide()
	}
	p.problem = newProblem()
	p.notice = newNotice()
	// Declining is a step back from the main action: it opens on its own
	// tap, lower down, and the red button never sits under the main one.
	p.startDecln = bigButton("Decline this referral…", theme.CancelIcon(), widget.LowImportance, func() {
		p.startDecln.Hide()
		p.declining.Show()
		p.dateField.Show()
		p.ctx.focus(p.reason)
	})
	p.declining = container.NewVBox(
		field("Why it was declined", p.reason),
		container.NewHBox(sized(p.decline, 200, minTouch)),
	)
	p.declining.Hide()
	p.dateField = field("Date of this step", p.date)
	p.actions = container.NewVBox(p.dateField, tall(p.advance))
	p.box = container.NewVBox(p.details, p.problem.Label, p.notice, p.actions,
		container.NewGridWithColumns(2, tall(p.openCase), tall(p.openCard)),
		widget.NewSeparator(), container.NewHBox(tall(p.startDecln)), p.declining)
}

func (p *ReferralPage) load(v *storage.View) (domain.Referral, bool) {
	row, ok := v.Get(domain.KindReferral, p.id)
	if !ok {
		return domain.Referral{}, false
	}
	var r domain.Referral
	row.Decode(&r)
	return r, true
}

func (p *ReferralPage) refresh() {
	v := p.store.View()
	r, ok := p.load(v)
	if !ok {
		p.details.Objects = []fyne.CanvasObject{wrapped("This referral is not on this device.")}
		p.details.Refresh()
		p.actions.Hide()
		return
	}
	objs := []fyne.CanvasObject{heading(personName(v, r.PersonID))}
	if r.Urgent {
		objs = append(objs, colored("URGENT", widget.DangerImportance))
	}
	if person, ok := v.Person(r.PersonID); ok {
		// How to reach them is the first thing the next step needs.
		objs = append(objs, wrapped(fmt.Sprintf("Phone: %s · %s",
			orDash(person.Phone), domain.ContactWaysWords(person, consentsOf(v, r.PersonID), p.ctx.today()))))
	}
	objs = append(objs,
		wrapped(fmt.Sprintf("Source: %s · Practice: %s · Referrer: %s", orDash(domain.SourceWords(r.Source)), orDash(r.Practice), orDash(r.Referrer))))
	objs = append(objs, p.ctx.reasonsLine(r)...)
	if r.Notes != "" && access.CanSeeField(p.ctx.Role, domain.KindReferral, "notes") {
		objs = append(objs, wrapped("Notes: "+r.Notes))
	}
	objs = append(objs, waitingLabel(r, p.ctx.today()), subheading("Status"), statusPath(p.ctx, r))
	if len(r.SnomedCodes) > 0 {
		objs = append(objs, subheading("Recorded for the GP record (SNOMED CT)"))
		for _, c := range r.SnomedCodes {
			objs = append(objs, wrapped(c+"  "+domain.SnomedTerms[c]))
		}
	}
	p.details.Objects = objs
	p.details.Refresh()

	next := domain.NextReferralStatus(r.Status)
	if !p.ctx.can(access.ActionEditReferral) || !domain.ReferralOpen(r.Status) || next == "" {
		p.actions.Hide()
		p.startDecln.Hide()
		p.declining.Hide()
		return
	}
	p.actions.Show()
	if !p.declining.Visible() {
		p.startDecln.Show()
	}
	if next == domain.ReferralMatched {
		p.advance.SetText("Match to activities…")
	} else {
		p.advance.SetText("Mark as " + next)
	}
	// A match is dated the day it is made: the date is asked only for a
	// step this page saves, or for declining.
	if next == domain.ReferralMatched && !p.declining.Visible() {
		p.dateField.Hide()
	} else {
		p.dateField.Show()
	}
}

// statusPath lists each step with its date: done steps ticked, the
// current one bold, the rest still to come.
func statusPath(ctx Context, r domain.Referral) fyne.CanvasObject {
	dates := map[string]string{
		domain.ReferralReceived: r.Received, domain.ReferralContacted: r.Contacted, domain.ReferralAssessed: r.Assessed,
		domain.ReferralMatched: r.Matched, domain.ReferralAttending: r.Attending, domain.ReferralClosed: r.Closed,
	}
	grid := container.NewGridWithColumns(2)
	for _, s := range domain.ReferralPath {
		d := dates[s]
		l := widget.NewLabel(domain.CapitalFirst(s))
		if s == r.Status || (r.Status == "" && s == domain.ReferralReceived) {
			l.TextStyle.Bold = true
			l.Text = "▶ " + l.Text + " (now)"
		} else if d != "" {
			l.Text = "✓ " + l.Text
		} else {
			l.Importance = widget.LowImportance // still to come: quieter
		}
		grid.Add(l)
		grid.Add(widget.NewLabel(orDash(niceDate(d))))
	}
	if r.Status == domain.ReferralDeclined {
		grid.Add(colored("Declined", widget.DangerImportance))
		grid.Add(wrapped(niceDate(r.Declined) + ctx.declineReason(r, " — ")))
	}
	return grid
}

func (p *ReferralPage) onAdvance() {
	// The last "Saved: ..." is about the step before; it must not stand
	// beside what this tap says.
	p.notice.Hide()
	v := p.store.View()
	r, ok := p.load(v)
	if !ok {
		return
	}
	next := domain.NextReferralStatus(r.Status)
	if next == domain.ReferralMatched {
		p.nav.push(newMatching(p.store, p.ctx, p.nav, r.PersonID, r.ID))
		return
	}
	p.save(r, next, "")
}

func (p *ReferralPage) onDecline() {
	p.notice.Hide()
	v := p.store.View()
	r, ok := p.load(v)
	if !ok {
		return
	}
	if strings.TrimSpace(p.reason.Text) == "" {
		p.problem.say("Write the reason it was declined (for example \"did not want to take part\"), then tap Decline again.")
		return
	}
	// What is wrong with the date is said before the question, not after
	// the person has already said yes.
	if _, _, ok := p.step(r, domain.ReferralDeclined, strings.TrimSpace(p.reason.Text)); !ok {
		return
	}
	p.ctx.confirm("Decline this referral?", personName(v, r.PersonID)+" will be recorded as having declined social prescribing.", "Decline", func() {
		p.save(r, domain.ReferralDeclined, strings.TrimSpace(p.reason.Text))
	})
}

// step is the referral moved to status to on the date typed, or false when
// the date or the move is wrong, which the page then says.
func (p *ReferralPage) step(r domain.Referral, to, reason string) (domain.Referral, string, bool) {
	date, err := domain.ReadDay(p.date.Text)
	if err != nil {
		p.problem.say("Date of this step: %v. Then tap again.", err)
		return r, "", false
	}
	if date > p.ctx.today() {
		p.problem.say("The date %s is in the future: a step is recorded on or after the day it happened. Fix the date, then tap again.", niceDate(date))
		return r, "", false
	}
	after, err := domain.AdvanceReferral(r, to, date, reason)
	var early *domain.StepTooEarlyError
	if errors.As(err, &early) {
		p.problem.say("Date of this step: %s is before the referral's last step on %s. Fix the date, then tap again.", niceDate(early.Date), niceDate(early.Last))
		return r, "", false
	}
	if err != nil {
		p.problem.set(err)
		return r, "", false
	}
	return after, date, true
}

func (p *ReferralPage) save(r domain.Referral, to, reason string) {
	after, date, ok := p.step(r, to, reason)
	if !ok {
		return
	}
	if err := save(p.store, p.ctx, domain.Changed(domain.KindReferral, r.ID, r, after)...); err != nil {
		p.problem.set(saveFailed(err))
		return
	}
	p.problem.set(nil)
	p.reason.SetText("")
	p.declining.Hide()
	notify(p.notice, fmt.Sprintf("Saved: %s on %s.", to, niceDate(date)))
	p.refresh()
}

func (p *ReferralPage) onOpenCard() {
	v := p.store.View()
	if r, ok := p.load(v); ok && p.ctx.OpenCard != nil {
		p.ctx.OpenCard(r.PersonID)
	}
}

func (p *ReferralPage) onOpenCase() {
	v := p.store.View()
	if r, ok := p.load(v); ok {
		p.nav.push(newCase(p.store, p.ctx, p.nav, r.PersonID))
	}
}
