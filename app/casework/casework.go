package casework

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/access"
	"github.com/gather-sp/gather/app/kit"
	"github.com/gather-sp/gather/audit"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/storage"
)

// Store is what the casework screens need from the device store
// (*storage.Store has it).
type Store interface {
	Save(staff string, changes ...record.Change) error
	View() *storage.View
	Changed() <-chan struct{}
	// Device is this device's id; audit entries carry it.
	Device() string
}

// Context is who is using the screens, on what day, in which window.
type Context struct {
	StaffID   string
	StaffName string
	Role      string // one of domain.Roles; decides what is shown

	// Now is the clock; nil means time.Now. Tests pin it.
	Now func() time.Time

	// Window is where dialogs open.
	Window fyne.Window

	// FollowUpWeeks is the organisation's follow-up interval (4 to 6); 0
	// means domain.DefaultFollowUpWeeks.
	FollowUpWeeks int

	// OnLock is called with true when a wellbeing form is handed to the
	// person (self-completion) and with false when staff unlock it (Unlock).
	// Finishing does not unlock: the device is still in the person's hands,
	// on a thank-you page. The shell must not let anyone navigate away
	// while locked.
	OnLock func(locked bool)

	// Unlock asks a member of staff for their PIN before a self-completion
	// form lets go (the shell locks the device) and calls done(true) once
	// they gave it. nil: the form cannot be unlocked, only finished; there
	// is no plain confirmation for the person holding it to tap.
	Unlock func(done func(ok bool))

	// LetterToGP, when set, makes and saves the letter to a person's GP
	// (the shell's printout path); the case offers it to those allowed
	// (access.ActionLetterToGP). It refuses without their consent.
	LetterToGP func(personID string)

	// NoLiveRefresh stops screens from watching the store for changes made
	// elsewhere (sync, another screen); they still refresh after their own
	// saves. Set it when the shell calls Refresh on every commit itself, and
	// in tests, so that no goroutine of ours touches the widgets.
	NoLiveRefresh bool

	// Push, when set, is the shell's navigation: screens opened from a
	// casework screen (a case, matching, a follow-up) go on the shell's
	// stack with its Back. nil: each casework screen keeps its own stack
	// and Back bar (standalone, in tests and screenshots).
	Push func(Entry)

	// OpenCard, when set, opens a person's card (the shell's person
	// screen) from a casework screen.
	OpenCard func(personID string)
}

func (c Context) today() string { return domain.DateOf(c.now()) }

func (c Context) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

func (c Context) followUpWeeks() int {
	if c.FollowUpWeeks == 0 {
		return domain.DefaultFollowUpWeeks
	}
	return c.FollowUpWeeks
}

// can reports whether the current role may take an action. Every case
// screen asks here, so hiding case data from volunteers and facilitators is
// decided in one place (the access policy).
// width is the width a screen's content is laid out at: the window's,
// less the page's padding and scroll bar; 0 until there is a window.
func (c Context) width() func() float32 {
	window := kit.WindowWidth(c.Window)
	return func() float32 {
		if w := window(); w > 0 {
			return w - 2*theme.Padding() - theme.ScrollBarSize()
		}
		return 0
	}
}

// focus puts the cursor in e when the screen is in a window.
func (c Context) focus(e fyne.Focusable) {
	if c.Window != nil {
		c.Window.Canvas().Focus(e)
	}
}

func (c Context) can(a access.Action) bool { return access.CanDo(c.Role, a) }

// sees reports whether the current role may read records of a case kind.
func (c Context) sees(k record.Kind) bool { return access.CanSeeKind(c.Role, k) }

// reasonsLine is a referral's "Reasons: ..." line, for a role that reads
// why someone was referred (access.CanSeeField); none for reception,
// which reads every practice's referrals but not why.
func (c Context) reasonsLine(r domain.Referral) []fyne.CanvasObject {
	if !access.CanSeeField(c.Role, domain.KindReferral, "reasons") {
		return nil
	}
	return []fyne.CanvasObject{wrapped("Reasons: " + orDash(strings.Join(r.Reasons, ", ")))}
}

// declineReason is why r was declined, after sep, for a role that reads
// it (not reception: it says why they were referred too); "" otherwise.
func (c Context) declineReason(r domain.Referral, sep string) string {
	if r.DeclineReason == "" || !access.CanSeeField(c.Role, domain.KindReferral, "decline_reason") {
		return ""
	}
	return sep + r.DeclineReason
}

// CanUse reports whether a role may open the casework screens at all:
// volunteers and facilitators may not.
func CanUse(role string) bool {
	return access.CanSeeCaseData(role) && access.CanDo(role, access.ActionViewCase)
}

// Screen is a named screen, for the shell's navigation and for screenshots.
type Screen struct {
	Name    string
	Content fyne.CanvasObject
}

// Entry is what every exported screen offers the shell. It matches the
// shell's Screen interface (Title, Content, Refresh) and adds Locked and
// Close.
type Entry interface {
	Title() string
	Content() fyne.CanvasObject
	Refresh()
	// Locked is true while a wellbeing form is in the person's hands.
	Locked() bool
	// Close stops the screen watching the store (when it does).
	Close()
}

var (
	_ Entry = (*Home)(nil)
	_ Entry = (*Inbox)(nil)
	_ Entry = (*SelfReferral)(nil)
	_ Entry = (*Case)(nil)
	_ Entry = (*Matching)(nil)
	_ Entry = (*FollowUpForm)(nil)
	_ Entry = (*Wellbeing)(nil)
	_ Entry = (*Contacts)(nil)
)

// Screens returns every casework screen the context's role may use, built
// on store, for the shell's `make screenshots` tool. Screens about one
// person show the person with the most casework recorded.
func Screens(store Store, ctx Context) []Screen {
	if !CanUse(ctx.Role) {
		return nil
	}
	var out []Screen
	add := func(name string, a access.Action, c fyne.CanvasObject) {
		if ctx.can(a) {
			out = append(out, Screen{Name: name, Content: c})
		}
	}
	add("casework-home", access.ActionRecordFollowUp, NewHome(store, ctx).Content())
	add("referrals-inbox", access.ActionViewCase, NewInbox(store, ctx).Content())
	add("new-referral", access.ActionTakeReferral, NewSelfReferral(store, ctx).Content())
	if in := NewInbox(store, ctx); len(in.shown) > 0 {
		in.onOpen(in.shown[0])
		add("referral", access.ActionViewCase, in.Content())
	}
	pid := busiestPerson(store.View())
	if pid == "" {
		return out
	}
	add("person-case", access.ActionViewCase, NewCase(store, ctx, pid).Content())
	add("matching", access.ActionMatchActivity, NewMatching(store, ctx, pid, "").Content())
	v := store.View()
	for _, f := range v.FollowUpsDueBy(domain.AddDays(ctx.today(), 30)) {
		add("follow-up", access.ActionRecordFollowUp, NewFollowUp(store, ctx, f.ID).Content())
		break
	}
	add("wellbeing-ons4", access.ActionRecordMeasure, NewWellbeing(store, ctx, pid, domain.InstrumentONS4).Content())
	add("wellbeing-swemwbs", access.ActionRecordMeasure, NewWellbeing(store, ctx, pid, domain.InstrumentSWEMWBS).Content())
	// In the person's hands; the shell's lock callback is left out, since
	// nobody is holding this one.
	quiet := ctx
	quiet.OnLock = nil
	self := NewWellbeing(store, quiet, pid, domain.InstrumentSWEMWBS)
	self.onHandOver()
	add("wellbeing-self-completion", access.ActionRecordMeasure, self.Content())
	add("contacts", access.ActionLogContact, NewContacts(store, ctx, pid).Content())
	return out
}

// busiestPerson returns the person with the most case records, preferring
// one with a follow-up measure, for screenshots.
func busiestPerson(v *storage.View) string {
	score := map[string]int{}
	for _, k := range []record.Kind{domain.KindReferral, domain.KindMatch, domain.KindFollowUp, domain.KindContact, domain.KindMeasure, domain.KindConsent} {
		for _, r := range v.All(k) {
			score[r.Get("person_id")]++
			if k == domain.KindMeasure && r.Get("stage") == domain.StageFollowUp {
				score[r.Get("person_id")] += 10
			}
		}
	}
	best, n := "", 0
	for id, s := range score {
		if id != "" && (s > n || s == n && id < best) {
			best, n = id, s
		}
	}
	return best
}

// save is one user action: the changes and their audit entries (naming
// the fields written, never the values) in one durable store transaction.
func save(store Store, ctx Context, changes ...record.Change) error {
	return recorder(store, ctx).Save(store, ctx.StaffID, changes...)
}

// RecordViewedCase notes in the audit trail that ctx's staff member saw a
// person's case: opening the case screen, or a person card showing case
// fields (phone, date of birth). It is written once per opening; a failure
// to write it does not stop the screen (the open is not an action the
// person can retry).
func RecordViewedCase(store Store, ctx Context, personID string) {
	_ = store.Save(ctx.StaffID, recorder(store, ctx).ViewedCase(ctx.StaffID, personID))
}

func recorder(store Store, ctx Context) audit.Recorder {
	return audit.Recorder{Now: ctx.Now, Exists: audit.ExistsIn(store.View()), Device: store.Device()}
}

// confirm asks a question in the context's window before something is
// recorded, and calls yes when ok is tapped; without a window (tests) it
// answers yes. The title is short and the question, naming who and what,
// is wrapped text under it: Fyne's question dialog drew the whole question
// as a title of one line, under its "?" mark, which ran off a portrait
// tablet at the largest text with a long activity name.
func (c Context) confirm(title, question, ok string, yes func()) {
	if c.Window == nil {
		yes()
		return
	}
	var d *dialog.CustomDialog
	btn := widget.NewButtonWithIcon(ok, theme.ConfirmIcon(), func() {
		d.Hide()
		yes()
	})
	btn.Importance = widget.HighImportance
	d = kit.NewDialog(c.Window, title, kit.DialogText(c.Window, kit.Wrapped(question)), "Cancel", []fyne.CanvasObject{btn})
	d.Show()
}

// watch calls refresh (on the UI goroutine) whenever the store commits,
// until stop is closed. It does nothing when the context says not to.
func watch(store Store, ctx Context, stop <-chan struct{}, refresh func()) {
	if ctx.NoLiveRefresh {
		return
	}
	// The first channel is taken before the goroutine starts, so a commit
	// made right after the screen opens is not missed.
	ch := store.Changed()
	go func() {
		for {
			select {
			case <-ch:
				ch = store.Changed()
				fyne.Do(refresh)
			case <-stop:
				return
			}
		}
	}()
}
