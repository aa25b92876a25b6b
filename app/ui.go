package app

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/kit"
	"github.com/gather-sp/gather/app/shell"
	"github.com/gather-sp/gather/audit"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/storage"
)

// Meta names for device settings kept in the store.
const (
	metaSetup    = "ui.setup"     // "demo", "server", "device" once first run is done
	metaTextSize = "ui.text_size" // TextNormal, TextLarge, TextLargest
	metaTheme    = "ui.theme"     // AppearanceLight, AppearanceDark, AppearanceSystem
)

// UI is the app: one window, a header with the sync status, the navigation
// bar and the current screen.
type UI struct {
	app  fyne.App
	win  fyne.Window
	opts Options

	staff domain.Staff // who is using it; empty until chosen

	header    *fyne.Container
	footer    *fyne.Container
	backBtn   *widget.Button
	titleText *widget.Label
	demoChip  fyne.CanvasObject
	// syncLabel is the footer's sync status (syncWords), over syncTap,
	// which opens Settings; syncIcon is its icon.
	syncLabel *widget.Label
	syncTap   *widget.Button
	syncIcon  *widget.Icon
	syncWords syncWords
	footRow   *fyne.Container // the footer's status and buttons (footerLayout)
	staffBtn  *widget.Button
	lockBtn   *widget.Button
	navBar    *fyne.Container
	navBtns   map[string]*widget.Button
	body      *fyne.Container
	root      *fyne.Container

	navID   string            // current top-level screen
	screens map[string]Screen // top-level screens, made on first visit
	stack   []Screen          // pushed screens

	shown Screen // the screen on show

	sceneUndo []func() // what the last ShowScene changed, undone by the next

	navLocked bool          // a self-completion form holds the screen (setNavLocked)
	heldIdle  time.Duration // the idle time to restore when it lets go

	leaving *leaveDialog // "Leave without saving?" while it is asked

	refusedShown *refusedDialog // the list of refused changes while it is open

	lastInput uint64 // inputFingerprint when last looked (noticeInput)
	inputSeen bool   // lastInput has been taken

	lastPrint   string          // path of the last PDF written
	printDialog *kit.SaveDialog // "Save the printout" while it is asked

	theme *gatherTheme

	// runAsync runs work off the UI goroutine, then done on it (through
	// fyne.Do). Tests replace it with a synchronous runner.
	runAsync func(work, done func())

	// do runs f on the UI goroutine (fyne.Do): Watch's way back to it.
	// Tests replace it with a queue their own goroutine runs.
	do func(f func())

	// shownVersion is the store's Version when the screen on show last
	// began to read it: a change notice for a commit it already shows
	// repaints nothing. Used on the UI goroutine only.
	shownVersion uint64
}

// New builds the UI in a window of a. Call Start to show the first screen.
func New(a fyne.App, w fyne.Window, opts Options) *UI {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	u := &UI{app: a, win: w, opts: opts, screens: map[string]Screen{}, navBtns: map[string]*widget.Button{}, do: fyne.Do}
	u.runAsync = func(work, done func()) {
		go func() {
			work()
			fyne.Do(done)
		}()
	}
	if opts.Run != nil {
		u.runAsync = opts.Run
	}
	if opts.Inline {
		u.runAsync = func(work, done func()) {
			work()
			done()
		}
	}
	u.applyTheme()
	u.buildUI()
	return u
}

// Window is the UI's window.
func (u *UI) Window() fyne.Window { return u.win }

func (u *UI) buildUI() {
	u.backBtn = widget.NewButtonWithIcon("Back", theme.NavigateBackIcon(), u.Back)
	u.titleText = kit.RowTitle("Gather")
	demo := widget.NewLabelWithStyle("DEMO DATA", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	demo.Importance = widget.WarningImportance
	u.demoChip = demo
	u.syncTap = widget.NewButton("", func() { u.ShowNav("settings") })
	u.syncTap.Importance = widget.LowImportance
	u.syncLabel = widget.NewLabel("")
	u.syncIcon = widget.NewIcon(theme.ViewRefreshIcon())
	u.staffBtn = widget.NewButtonWithIcon("", theme.AccountIcon(), u.showWhoIsUsing)
	u.staffBtn.Importance = widget.LowImportance
	u.lockBtn = widget.NewButtonWithIcon("Lock now", theme.VisibilityOffIcon(), u.onLockNow)
	u.lockBtn.Importance = widget.LowImportance
	if u.opts.Lock == nil {
		u.lockBtn.Hide()
	}
	bg := canvas.NewRectangle(theme.Color(colorNameHeader))
	title := container.NewBorder(nil, nil, nil, container.NewCenter(u.demoChip), u.titleText)
	u.header = container.NewStack(bg, container.NewPadded(container.NewBorder(nil, nil, u.backBtn, nil, title)))
	// The footer carries the sync status and who is using the app, on
	// every screen; footerLayout keeps them apart at any width and text
	// size.
	footBg := canvas.NewRectangle(theme.Color(colorNameHeader))
	status := container.NewStack(u.syncTap, container.New(layout.NewCustomPaddedLayout(0, 0, theme.InnerPadding(), 0),
		container.NewBorder(nil, nil, u.syncIcon, nil, u.syncLabel)))
	foot := &footerLayout{width: kit.WindowWidth(u.win), label: u.syncLabel,
		iconW: theme.IconInlineSize, phrase: func() []string { return u.syncWords.phrases() },
		short: func() string { return u.syncWords.Short }}
	u.footRow = container.New(foot, status, u.staffBtn, u.lockBtn)
	u.footer = container.NewStack(footBg, u.footRow)
	u.navBar = kit.NewFlow(kit.WindowWidth(u.win))
	u.body = container.NewStack()
	u.root = container.NewBorder(container.NewVBox(u.header, u.navBar, widget.NewSeparator()), u.footer, nil, nil, u.body)
	u.win.SetContent(u.root)
	u.addShortcuts()
}

func (u *UI) addShortcuts() {
	c := u.win.Canvas()
	find := func(fyne.Shortcut) {
		if f, ok := u.current().(shell.SearchFocuser); ok {
			f.FocusSearch()
		}
	}
	c.AddShortcut(&desktopShortcutF, find)
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyZ, Modifier: fyne.KeyModifierShortcutDefault}, func(fyne.Shortcut) {
		if r, ok := u.current().(shell.Undoer); ok {
			r.Undo()
		}
	})
	c.SetOnTypedKey(func(ev *fyne.KeyEvent) {
		switch ev.Name {
		case fyne.KeyReturn, fyne.KeyEnter:
			if r, ok := u.current().(shell.Enterer); ok {
				r.Enter()
			}
		case fyne.KeyLeft, fyne.KeyRight:
			if t, ok := u.current().(shell.DayStepper); ok && u.win.Canvas().Focused() == nil {
				if ev.Name == fyne.KeyLeft {
					t.StepDay(-1)
				} else {
					t.StepDay(1)
				}
			}
		case fyne.KeyEscape:
			// Not while a dialog is open: the page behind it would go
			// away under it (a walk-in half typed, "Ready to print").
			if len(u.stack) > 0 && u.win.Canvas().Overlays().Top() == nil {
				u.Back()
			}
		}
	})
}

// Start shows the first screen: first run, who is using it, or Today.
func (u *UI) Start() {
	if setup, _ := u.opts.Store.Meta(metaSetup); len(setup) == 0 {
		u.showScreen(newFirstRunScreen(u), false)
		return
	}
	u.showWhoIsUsing()
}

// StartSignedIn is Start for a device with a lock: staff unlocked it with
// their PIN, so there is no one to ask. It shows first run (the three ways
// to start) on a new device, or Today.
func (u *UI) StartSignedIn(s domain.Staff) {
	u.staff = s
	if setup, _ := u.opts.Store.Meta(metaSetup); len(setup) == 0 {
		u.showScreen(newFirstRunScreen(u), false)
		return
	}
	u.SignIn(s)
}

// StartAs signs in as a staff member by id and shows Today; it reports
// false (showing nothing) when there is no such person on this device.
func (u *UI) StartAs(staffID string) bool {
	row, ok := u.View().Get(domain.KindStaff, staffID)
	if !ok {
		return false
	}
	var s domain.Staff
	row.Decode(&s)
	if s.Deleted {
		return false
	}
	u.SignIn(s)
	return true
}

// SignIn sets who is using the app and shows Today.
func (u *UI) SignIn(s domain.Staff) {
	u.fitDeviceVenues() // a tablet moved while it was closed, or before the app did this on Connect
	if u.navLocked && s.ID != u.staff.ID {
		// Someone else unlocked while a self-completion form held the
		// screen: it was not theirs, and they start afresh.
		u.setNavLocked(false)
	}
	u.staff = withVenues(u.View(), s)
	u.screens = map[string]Screen{}
	u.stack = nil
	u.ShowNav("today")
}

// withVenues is s with the venues where they work from their staff record
// (domain.Staff.Venues): the lock knows who unlocked, not where they
// work, and Today and the cards ask (access.TodayVenues,
// access.PersonRegisterScope).
func withVenues(v *storage.View, s domain.Staff) domain.Staff {
	if row, ok := v.Get(domain.KindStaff, s.ID); ok {
		var rec domain.Staff
		row.Decode(&rec)
		s.Venues = rec.Venues
	}
	return s
}

func (u *UI) showWhoIsUsing() {
	if u.navLocked {
		return
	}
	if u.opts.Lock != nil {
		// With PINs, switching staff is the lock's job: two taps to anyone's PIN pad.
		u.opts.Lock.SwitchStaff()
		return
	}
	u.staff = domain.Staff{}
	u.screens = map[string]Screen{}
	u.stack = nil
	u.navID = ""
	u.showScreen(newWhoScreen(u), false)
}

// onLockNow locks the device at once ("Lock now" in the footer).
func (u *UI) onLockNow() {
	if u.opts.Lock != nil {
		u.opts.Lock.LockNow()
	}
}

// touch tells the lock that someone is using the device.
func (u *UI) Touch() {
	if u.opts.Lock != nil {
		u.opts.Lock.Touch()
	}
}

// hasUnsaved reports whether the screen on show holds typed changes that
// are not saved yet (a form: shell.Unsaved); leaving it asks first.
func (u *UI) hasUnsaved() bool {
	f, ok := u.current().(shell.Unsaved)
	return ok && f.Unsaved()
}

// leaveDialog is the question on screen, if any (tests answer it).
type leaveDialog struct {
	d     *dialog.CustomDialog
	leave *widget.Button
	stay  *widget.Button
}

// confirmLeave runs leave at once, or, when the screen on show has unsaved
// changes, after the person says to throw them away.
func (u *UI) confirmLeave(leave func()) {
	if !u.hasUnsaved() {
		leave()
		return
	}
	msg := kit.Wrapped("What you typed here is not saved yet. Go back to the form and tap Save to keep it.")
	var q leaveDialog
	q.stay = widget.NewButtonWithIcon("Keep editing", theme.DocumentCreateIcon(), nil)
	q.stay.Importance = widget.HighImportance
	q.leave = widget.NewButtonWithIcon("Leave without saving", theme.CancelIcon(), nil)
	q.d = kit.NewDialog(u.win, "Leave without saving?", kit.DialogText(u.win, msg), "", []fyne.CanvasObject{q.leave, q.stay})
	q.stay.OnTapped = func() {
		q.d.Hide()
		u.leaving = nil
	}
	q.leave.OnTapped = func() {
		q.d.Hide()
		u.leaving = nil
		leave()
	}
	u.leaving = &q
	q.d.Show()
}

// ShowNav shows a top-level screen by navigation id.
func (u *UI) ShowNav(id string) {
	if u.staff.ID == "" || u.locked() {
		return
	}
	if len(u.stack) > 0 {
		if u.hasUnsaved() {
			u.confirmLeave(func() {
				u.stack = nil // what was typed is thrown away, as asked
				u.ShowNav(id)
			})
			return
		}
	}
	u.Touch()
	for _, e := range u.visibleNav() {
		if e.ID != id {
			continue
		}
		s, ok := u.screens[id]
		if !ok {
			s = e.Make(u)
			u.screens[id] = s
		}
		u.navID = id
		u.stack = nil
		u.shownVersion = u.opts.Store.Version() // before the screen reads the View
		s.Refresh()
		u.showScreen(s, true)
		if f, ok := s.(shell.FocusOnShow); ok {
			f.FocusOnShow()
		}
		return
	}
}

// Push shows a screen on top of the current one, with Back.
func (u *UI) Push(s Screen) {
	u.Touch()
	u.stack = append(u.stack, s)
	u.shownVersion = u.opts.Store.Version()
	s.Refresh()
	u.showScreen(s, true)
}

// Back returns to the screen under the current pushed one, asking first
// when a form on show has unsaved changes.
func (u *UI) Back() {
	if len(u.stack) == 0 || u.locked() {
		return
	}
	u.confirmLeave(u.Pop)
}

// back leaves the pushed screen without asking (after a save, or when
// asked).
func (u *UI) Pop() {
	if len(u.stack) == 0 {
		return
	}
	u.Touch()
	u.stack = u.stack[:len(u.stack)-1]
	var s Screen
	if len(u.stack) > 0 {
		s = u.stack[len(u.stack)-1]
	} else if s = u.screens[u.navID]; s == nil {
		return
	}
	u.shownVersion = u.opts.Store.Version()
	s.Refresh()
	u.showScreen(s, true)
}

// current is the screen on show.
func (u *UI) current() Screen { return u.shown }

func (u *UI) visibleNav() []NavEntry {
	var out []NavEntry
	for _, e := range navigation {
		if len(e.Roles) == 0 || slices.Contains(e.Roles, u.staff.Role) {
			out = append(out, e)
		}
	}
	return out
}

func (u *UI) showScreen(s Screen, withNav bool) {
	u.shown = s
	u.titleText.SetText(s.Title())
	if len(u.stack) > 0 && !u.navLocked {
		u.backBtn.Show()
	} else {
		u.backBtn.Hide()
	}
	u.navBar.Objects = nil
	u.navBtns = map[string]*widget.Button{}
	if withNav && u.staff.ID != "" {
		for _, e := range u.visibleNav() {
			id := e.ID
			b := widget.NewButtonWithIcon(e.Title, theme.Icon(e.Icon), func() { u.ShowNav(id) })
			if id == u.navID {
				b.Importance = widget.HighImportance
			} else {
				b.Importance = widget.LowImportance
			}
			u.navBtns[id] = b
			u.navBar.Add(kit.Tall(b))
		}
		u.navBar.Show()
	}
	if !withNav || u.staff.ID == "" || u.navLocked {
		u.navBar.Hide()
	}
	u.navBar.Refresh()
	u.refreshHeader()
	u.body.Objects = []fyne.CanvasObject{s.Content()}
	u.body.Refresh()
	u.root.Refresh()
}

func (u *UI) refreshHeader() {
	demo := u.holdsDemo() // read once a repaint: the chip and the sync words
	if demo {
		u.demoChip.Show()
	} else {
		u.demoChip.Hide()
	}
	u.syncWords = u.syncWordsFor(demo)
	u.syncIcon.SetResource(u.syncWords.Icon)
	if u.staff.ID != "" {
		u.staffBtn.SetText(u.staff.Name + " · switch")
		u.staffBtn.Show()
	} else {
		u.staffBtn.Hide()
	}
	// The footer's layout puts the words in its label, on one line or
	// several, and it may grow or shrink a row: lay out it and the window.
	u.footRow.Refresh()
	if h := u.footer.MinSize().Height; h != u.footer.Size().Height && u.root.Size().Height > 0 {
		u.root.Layout.Layout(u.root.Objects, u.root.Size())
		u.footRow.Refresh()
	}
	for _, c := range []*fyne.Container{u.header, u.footer} {
		if bg, ok := c.Objects[0].(*canvas.Rectangle); ok {
			bg.FillColor = theme.Color(colorNameHeader)
			bg.Refresh()
		}
	}
}

// holdsDemo says whether the store holds demo data (made-up people, demo
// staff with a published PIN): the header says so, it never connects, and
// its printouts are marked.
func (u *UI) holdsDemo() bool { return u.Meta(shell.MetaDemo) == "true" }

// describeSync is where sync stands, in the words the footer and Settings
// both use.
func (u *UI) describeSync() syncWords { return u.syncWordsFor(u.holdsDemo()) }

// syncWordsFor is describeSync for a store that holds demo data or not.
func (u *UI) syncWordsFor(demo bool) syncWords {
	st, setUp := SyncStatus{}, u.opts.Syncer != nil
	if setUp {
		st = u.opts.Syncer.Status()
	}
	if st.State == SyncNotConnected && demo {
		return demoSyncWords()
	}
	return describeSync(st, setUp, u.Now())
}

// Refresh re-reads the store into the visible screen and the header.
func (u *UI) Refresh() {
	if s := u.current(); s != nil {
		u.Repaint(s)
		return
	}
	u.refreshHeader()
}

// repaint re-reads the store into s and the header. A screen calls it
// after its own save: it shows the save at once, and when s is the screen
// on show, the save's change notice (Watch) does not repaint it again.
func (u *UI) Repaint(s Screen) {
	if s == u.current() {
		u.shownVersion = u.opts.Store.Version() // before the screen reads the View
	}
	s.Refresh()
	if s == u.current() {
		u.titleText.SetText(s.Title()) // a register's title counts who came
	}
	u.refreshHeader()
}

// Watch keeps the window up to date until ctx ends: the screen on show is
// repainted after each commit that changed records, unless it already
// shows it (it repainted after its own save); a sync status change
// refreshes the status line, and the screen only when it shows the status
// (Settings). main runs it in a goroutine; tests call Refresh instead, or
// replace u.do to run its work on their own goroutine.
//
// It also looks for input once a second (watchInput), to put off the idle
// lock while someone is using the window.
//
// Each notice's next channel is taken before its work is handed to the UI
// goroutine, and only that one: when both fire at once, neither is lost,
// and whatever commits before the next channel is taken is read by the
// work handed over. For the same reason, once the first channel is taken
// the screen is checked once: a commit between the window's first paint
// and Watch starting (a sync, or a save while this goroutine was not yet
// scheduled) sent its notice before anyone listened.
func (u *UI) Watch(ctx context.Context) {
	go u.watchInput(ctx)
	changed := u.opts.Store.Changed()
	u.do(u.onStoreChanged)
	var syncCh <-chan struct{}
	syncer := u.opts.Syncer
	if syncer != nil {
		syncCh = syncer.Updates()
	}
	for {
		select {
		case <-ctx.Done():
			return
		case <-changed:
			changed = u.opts.Store.Changed()
			u.do(u.onStoreChanged)
		case <-syncCh:
			syncCh = syncer.Updates()
			u.do(u.onSyncChanged)
		}
	}
}

// onStoreChanged repaints the screen on show for records changed since it
// last read them.
func (u *UI) onStoreChanged() {
	renamed := u.followStaffName()
	if u.current() != nil && u.opts.Store.Version() == u.shownVersion {
		// It already shows every commit (its own save), but not, when
		// that renamed whoever is signed in, the footer's name.
		if renamed {
			u.refreshHeader()
		}
		return
	}
	u.Refresh()
}

// followStaffName takes the signed-in staff member's name from their
// staff record when it has changed there (an administrator renamed them,
// on this device or another), so the footer says who is signed in
// without their signing in again. It reports whether it did. Only the
// name: their role is what they unlocked with until they sign in again.
func (u *UI) followStaffName() bool {
	if u.staff.ID == "" {
		return false
	}
	// The view holds live records only (a removed member of staff is not
	// found), so there is nothing more to ask of the record here.
	r, ok := u.View().Get(domain.KindStaff, u.staff.ID)
	if !ok {
		return false
	}
	if name := r.Get("name"); name != "" && name != u.staff.Name {
		u.staff.Name = name
		return true
	}
	return false
}

// showsSyncStatus is a screen whose content shows the sync status, so it
// is repainted when the status changes, not only the status line.
type showsSyncStatus interface{ showsSyncStatus() }

// onSyncChanged shows a new sync status.
func (u *UI) onSyncChanged() {
	if s, ok := u.current().(showsSyncStatus); ok {
		u.Repaint(s.(Screen))
		return
	}
	u.refreshHeader()
}

// today is the date the app works on: the device's local date.
func (u *UI) Today() string { return domain.DateOf(u.Now()) }

func (u *UI) View() *storage.View { return u.opts.Store.View() }

// recorder makes audit entries for this device, stamped with the UI's clock.
func (u *UI) Recorder() audit.Recorder {
	return audit.Recorder{Device: u.opts.Store.Device(), Now: u.opts.Now, Exists: audit.ExistsIn(u.View())}
}

// save saves one user action with its audit entries (who changed which
// fields, in the same transaction); it says what went wrong in plain words.
func (u *UI) Save(changes ...record.Change) error {
	u.Touch()
	err := u.Recorder().Save(u.opts.Store, u.staff.ID, changes...)
	if err != nil {
		u.ShowError("That was not saved", err, "Try again. If it keeps happening, close Gather and open it again; everything saved before is safe.")
	}
	return err
}

// showError is the one place Gather tells someone that something went
// wrong: what happened (what), why in plain words (from err), and what to
// do next. An error that knows the next step better than the caller
// (nextStepper) gives it instead, and one that is a rule saying no rather
// than a fault (shell.Titler) gives the dialog's title. The dialog is as
// tall as its text, and never wider than the window.
func (u *UI) ShowError(what string, err error, next string) {
	var ns shell.NextStepper
	if errors.As(err, &ns) && ns.NextStep() != "" {
		next = ns.NextStep()
	}
	head := kit.Wrapped(strings.TrimSuffix(what, ".") + ".")
	head.TextStyle.Bold = true
	body := container.NewVBox(head)
	if err != nil {
		body.Add(kit.Wrapped(shell.PlainError(err)))
	}
	if next != "" {
		body.Add(kit.Wrapped(next))
	}
	title := "Something went wrong"
	var tt shell.Titler
	if errors.As(err, &tt) && tt.Title() != "" {
		title = tt.Title()
	}
	d := kit.NewDialog(u.win, title, kit.DialogText(u.win, body), "OK", nil)
	d.Show()
}

// device settings

func (u *UI) Meta(name string) string {
	b, _ := u.opts.Store.Meta(name)
	return string(b)
}

func (u *UI) SetMeta(values map[string]string) {
	m := make(map[string][]byte, len(values))
	for k, v := range values {
		m[k] = []byte(v)
	}
	if err := u.opts.Store.SetMeta(m); err != nil {
		u.ShowError("The setting was not saved", err, "Try again.")
	}
}

// DeviceVenues are the venues this device serves; nil means all of them.
func (u *UI) DeviceVenues() []string { return shell.DeviceVenues(u.opts.Store) }

func (u *UI) setDeviceVenues(ids []string) {
	b, _ := json.Marshal(ids)
	u.SetMeta(map[string]string{shell.MetaVenues: string(b)})
}

// fitDeviceVenues keeps the venues this device serves to those it is
// enrolled for, after an enrolment: a tablet moved to another venue shows
// that venue's sessions, not "No sessions at this device's venues" for
// one it no longer holds. None left means all it is enrolled for.
func (u *UI) fitDeviceVenues() {
	enrolled, mine := shell.EnrolledVenues(u.opts.Store), u.DeviceVenues()
	if enrolled == nil || len(mine) == 0 {
		return
	}
	kept := slices.DeleteFunc(slices.Clone(mine), func(v string) bool { return !slices.Contains(enrolled, v) })
	if len(kept) != len(mine) {
		u.setDeviceVenues(kept)
	}
}

func (u *UI) applyTheme() {
	size, look := u.Meta(metaTextSize), u.Meta(metaTheme)
	u.theme = newTheme(size, look)
	u.app.Settings().SetTheme(u.theme)
	// The unlock screen shows before the (encrypted) store is open; the
	// app's preferences remember the look for it. Neither says anything
	// about the people in the records.
	u.app.Preferences().SetString(prefTextSize, size)
	u.app.Preferences().SetString(prefAppearance, look)
}

// Preference names for the look of the screens before unlock.
const (
	prefTextSize   = "gather.text_size"
	prefAppearance = "gather.appearance"
)

// ApplySavedAppearance sets the theme the last person chose, for the setup
// and unlock screens that show before the store is open.
func ApplySavedAppearance(a fyne.App) {
	p := a.Preferences()
	ApplyAppearance(a, p.String(prefTextSize), p.String(prefAppearance))
}

// SetAppearance changes text size and light/dark, and remembers them.
func (u *UI) SetAppearance(textSize, appearance string) {
	u.SetMeta(map[string]string{metaTextSize: textSize, metaTheme: appearance})
	u.applyTheme()
	if s := u.current(); s != nil {
		u.showScreen(s, u.staff.ID != "")
	}
}

// desktopShortcutF is Ctrl+F (Cmd+F on a Mac): focus the search.
var desktopShortcutF = desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault}
