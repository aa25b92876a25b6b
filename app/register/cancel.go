package register

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/access"
	"github.com/gather-sp/gather/app/kit"
	"github.com/gather-sp/gather/app/shell"
	"github.com/gather-sp/gather/audit"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/storage"
)

// Cancelling a session (bad weather, a holiday, the facilitator ill) is
// done from Today, on the day or ahead of it; the register and Today then
// show it cancelled on every device it syncs to, and list the people it
// expected so someone can let them know. Un-cancel puts it back.

// canCancelSessions reports whether the person using the app may call a
// session off or back on.
func canCancelSessions(sh shell.Shell) bool {
	return access.CanDo(sh.Staff().Role, access.ActionCancelSession)
}

// cancelledText is a cancelled session's line: "Cancelled by Bev Harris:
// Bad weather".
func cancelledText(sh shell.Shell, s domain.Session) string {
	text := "Cancelled"
	if s.CancelledBy != "" {
		by := s.CancelledBy
		if row, ok := sh.View().Get(domain.KindStaff, by); ok && row.Get("name") != "" {
			by = row.Get("name")
		}
		text += " by " + by
	}
	if s.CancelReason != "" {
		text += ": " + s.CancelReason
	}
	return text
}

// cancelDialog asks why a session is called off.
type cancelDialog struct {
	d        *dialog.CustomDialog
	si       storage.SessionInfo
	reason   *widget.RadioGroup
	detail   *widget.Entry
	errLabel *widget.Label
	confirm  *widget.Button
	scroll   *container.Scroll
	win      fyne.Window
	done     func()         // after saving: the screen shows the change
	letKnow  *letKnowDialog // shown once it is cancelled
}

// openCancelSession asks why a session is cancelled and saves it.
func openCancelSession(sh shell.Shell, si storage.SessionInfo, done func()) *cancelDialog {
	c := &cancelDialog{si: si, done: done}
	c.reason = widget.NewRadioGroup(domain.CancelReasons, nil)
	c.reason.Required = true
	c.detail = widget.NewEntry()
	c.detail.SetPlaceHolder("A few words (needed for Other)")
	c.errLabel = kit.Wrapped("")
	c.errLabel.Importance = widget.DangerImportance
	c.errLabel.Hide()
	d, _ := domain.ParseDate(si.Session.Date)
	lines := container.NewVBox(kit.RowTitle(si.Activity.Name),
		kit.RowDetail(strings.TrimSuffix(domain.LongDate(d)+" · "+domain.TimeRange(si.Activity), " · ")),
		widget.NewLabelWithStyle("Why?", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), c.reason, c.detail)
	if n := len(si.Expected); n > 0 {
		lines.Add(kit.Wrapped(domain.Count(n, "person is", "people are") + " expected. After cancelling you will see who, so someone can let them know."))
	}
	if text := cancelMarkedText(si.Summary); text != "" {
		l := kit.Wrapped(text)
		l.Importance = widget.WarningImportance
		lines.Add(l)
	}
	lines.Add(c.errLabel)
	c.confirm = kit.BigButton("Cancel the session", theme.CancelIcon(), widget.DangerImportance, func() { onCancelConfirm(sh, c) })
	// Padded inside the scroll, which clips at its edges: an entry at
	// the scroll's full width lost its right border on a portrait tablet
	// and seemed to run off the dialog.
	c.scroll = container.NewVScroll(container.NewPadded(lines))
	c.d = kit.NewDialog(sh.Window(), "Cancel this session?", c.scroll, "Keep it on", []fyne.CanvasObject{c.confirm})
	c.win = sh.Window()
	c.fit()
	c.d.Show()
	return c
}

// fit makes the dialog as tall as what it says needs, up to the window: a
// portrait tablet shows it all, with no scroll bar.
func (c *cancelDialog) fit() { kit.FitDialog(c.win, c.d, c.scroll, 560) }

// cancelMarkedText says what cancelling does to the marks already made:
// how many came and how many sent apologies or were absent, each in its
// own words (never "4 people are already marked" for 3 who came and 1 who
// sent apologies), and that the attendance of those who came will not
// count while the session is cancelled. "" when nobody is marked.
func cancelMarkedText(s domain.Summary) string {
	var parts []string
	if s.Present > 0 {
		parts = append(parts, domain.Count(s.Present, "person came", "people came"))
	}
	if s.Apologies > 0 {
		parts = append(parts, fmt.Sprintf("%d sent apologies", s.Apologies))
	}
	if s.Absent > 0 {
		parts = append(parts, domain.Count(s.Absent, "was marked absent", "were marked absent"))
	}
	if len(parts) == 0 {
		return ""
	}
	said := parts[0]
	if n := len(parts); n > 1 {
		said = strings.Join(parts[:n-1], ", ") + " and " + parts[n-1]
	}
	text := "Already marked: " + said + ". The marks are kept, but "
	switch s.Present {
	case 0:
		return text + "a cancelled session counts in no report until it is un-cancelled."
	case 1:
		return text + "the attendance of the person who came will not count in any report while the session is cancelled."
	}
	return text + fmt.Sprintf("the attendance of the %d who came will not count in any report while the session is cancelled.", s.Present)
}

func onCancelConfirm(sh shell.Shell, c *cancelDialog) {
	ch, err := domain.CancelSession(c.si.Session, c.reason.Selected, c.detail.Text, sh.Staff().ID, sh.Now())
	if err != nil {
		msg := err.Error()
		c.errLabel.SetText(strings.ToUpper(msg[:1]) + msg[1:] + ".")
		c.errLabel.Show()
		c.fit() // room for the message too
		c.scroll.ScrollToBottom()
		return
	}
	if sh.Save(ch) != nil {
		return // said so; the dialog keeps what was typed
	}
	c.d.Hide()
	if c.done != nil {
		c.done()
	}
	// The people to let know, at once: that is what comes next.
	si := sh.View().SessionInfo(c.si.Session.ID, c.si.Activity)
	c.letKnow = showLetKnow(sh, si)
}

// uncancelSession puts a cancelled session back on.
func uncancelSession(sh shell.Shell, s domain.Session, done func()) {
	ch, err := domain.UncancelSession(s)
	if err != nil {
		sh.ShowError("The session was not un-cancelled", err, "")
		return
	}
	if sh.Save(ch) == nil && done != nil {
		done()
	}
}

// letKnowDialog lists the people a cancelled session expected.
type letKnowDialog struct {
	d      *dialog.CustomDialog
	people []domain.ToLetKnow
	note   *widget.Label
	list   *fyne.Container
}

// letKnowWithContact reports whether the list of people to let know may
// show contact details: case data, so only on an organisation device and
// for the roles that may see it.
func letKnowWithContact(sh shell.Shell) bool {
	return !sh.VenueDevice() && access.CanSeeField(sh.Staff().Role, domain.KindPerson, "contact_preferences") &&
		access.CanSeeField(sh.Staff().Role, domain.KindPerson, "phone")
}

// showLetKnow lists who a cancelled session expected: names, and on an
// organisation device for those who may see them, how each likes to be
// contacted, with their phone; seeing those is recorded in the audit trail.
func showLetKnow(sh shell.Shell, si storage.SessionInfo) *letKnowDialog {
	v := sh.View()
	people := map[string]domain.Person{}
	for _, id := range si.Expected {
		if p, ok := v.Person(id); ok {
			people[id] = p
		}
	}
	withContact := letKnowWithContact(sh)
	// How each agreed to be contacted is their consent records, as the
	// card and the case say it: not a preference whose consent was
	// withdrawn.
	consents := map[string][]domain.Consent{}
	if withContact {
		for id := range people {
			for _, row := range v.By(domain.KindConsent, "person_id", id) {
				var c domain.Consent
				row.Decode(&c)
				if !c.Deleted {
					consents[id] = append(consents[id], c)
				}
			}
		}
	}
	l := &letKnowDialog{people: domain.PeopleToLetKnow(si.Expected, people, consents, v.Attendance(si.Session.ID), sh.Today(), withContact)}
	var intro string
	switch {
	case len(l.people) == 0:
		intro = "Nobody was expected at this session, so there is nobody to let know."
	case withContact:
		intro = "These people were expected. Let them know a way each has agreed to."
	case sh.VenueDevice():
		intro = "These people were expected. Their phone numbers and how they like to be contacted stay with your organisation, not on this venue's device: ask a link worker or the office to let them know, or tell them if you see them."
	default:
		intro = "These people were expected. Contact details are for link workers and reception: ask them to let these people know."
	}
	l.note = kit.Wrapped(intro)
	l.list = container.NewVBox()
	var seen []string
	for _, p := range l.people {
		name := p.Name
		if p.Apologies {
			name += " (had sent apologies)"
		}
		row := container.NewVBox(widget.NewLabelWithStyle(name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		if withContact {
			// Wrapped: cut short, a withdrawal's "do not contact them"
			// or the phone number after it was lost.
			line := kit.RowDetail(p.ContactLine())
			line.Truncation, line.Wrapping = fyne.TextTruncateOff, fyne.TextWrapWord
			row.Add(line)
			if _, ok := people[p.PersonID]; ok {
				seen = append(seen, p.PersonID)
			}
		}
		l.list.Add(row)
	}
	if len(seen) > 0 {
		// Contact details on screen are the case seen: recorded once per
		// opening of the list, one entry per person.
		rec := sh.Recorder()
		entries := make([]record.Change, 0, len(seen))
		for _, id := range seen {
			entries = append(entries, rec.Entry(sh.Staff().ID, audit.ActionViewed, domain.KindPerson, id,
				"contact details, to tell them "+si.Activity.Name+" on "+domain.DayInWords(si.Session.Date)+" is cancelled"))
		}
		if sh.Save(entries...) != nil {
			return l
		}
	}
	title := fmt.Sprintf("Who to let know (%d)", len(l.people))
	body := container.NewVBox(kit.RowTitle(si.Activity.Name), kit.Wrapped(cancelledText(sh, si.Session)), l.note, widget.NewSeparator(), l.list)
	l.d = kit.NewDialog(sh.Window(), title, container.NewVScroll(body), "Done", nil)
	l.d.Resize(kit.DialogSize(sh.Window(), 600, 640))
	l.d.Show()
	return l
}

// cancelledBar is the register's line for a cancelled session: why, who
// to let know, and Un-cancel for those who may.
type cancelledBar struct {
	r         *Register
	box       *fyne.Container
	label     *widget.Label
	letKnow   *widget.Button
	uncancel  *widget.Button
	letKnowDl *letKnowDialog
}

func newCancelledBar(r *Register) *cancelledBar {
	b := &cancelledBar{r: r, label: kit.Wrapped("")}
	b.label.Importance = widget.DangerImportance
	b.label.TextStyle.Bold = true
	b.letKnow = kit.BigButton("Who to let know", theme.AccountIcon(), widget.MediumImportance, func() {
		b.letKnowDl = showLetKnow(r.sh, r.info)
	})
	b.uncancel = kit.BigButton("Un-cancel", theme.ContentUndoIcon(), widget.LowImportance, func() {
		uncancelSession(r.sh, r.info.Session, func() { r.sh.Repaint(r) })
	})
	b.box = container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()),
		container.NewHBox(kit.Tall(b.letKnow), kit.Tall(b.uncancel)), b.label)
	b.box.Hide()
	return b
}

// show brings the bar up to date with the session; while it is cancelled
// the register takes no marks and no walk-ins, and cannot be closed.
func (b *cancelledBar) show(s domain.Session) {
	if !s.Cancelled {
		b.box.Hide()
		b.r.walkInBtn.Enable()
		return
	}
	b.label.SetText(cancelledText(b.r.sh, s) + ". Marks are not taken while it is cancelled.")
	if canCancelSessions(b.r.sh) {
		b.uncancel.Show()
	} else {
		b.uncancel.Hide()
	}
	b.box.Show()
	b.r.closeBtn.Hide()
	b.r.walkInBtn.Disable()
}

// refuseCancelled says so, and reports true, when the register's session
// is cancelled: it takes no marks until it is un-cancelled.
func (r *Register) refuseCancelled() bool {
	if !r.info.Session.Cancelled {
		return false
	}
	next := "Ask someone who runs the session to un-cancel it if it is going ahead after all."
	if canCancelSessions(r.sh) {
		next = "If it is going ahead after all, tap Un-cancel first."
	}
	r.sh.ShowError("This session is cancelled", nil, next)
	return true
}
