package desktop

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app"
	"github.com/gather-sp/gather/app/lock"
	"github.com/gather-sp/gather/assets"
	"github.com/gather-sp/gather/audit"
	"github.com/gather-sp/gather/demo"
	"github.com/gather-sp/gather/device"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/internal/cmalloc"
	"github.com/gather-sp/gather/internal/gcpolicy"
	_ "github.com/gather-sp/gather/internal/quietlocale" // before Fyne reads the locale: see the package
	"github.com/gather-sp/gather/keyslot"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/storage"
	"github.com/gather-sp/gather/sync/client"
)

// session is one run of the desktop app: the window, the device's key file
// and lock, and, once someone has unlocked it, the store, the UI and the
// sync client. Everything here runs on the UI goroutine unless it says not.
type session struct {
	paths device.Paths
	app   fyne.App
	win   fyne.Window
	log   *slog.Logger

	kf   *keyslot.File
	gate *lock.Gate

	st     *storage.Store // nil until the first unlock
	ui     *app.UI
	client *client.Client
	cancel context.CancelFunc
	done   chan struct{} // closed when the sync client has stopped
	// background counts the goroutines besides the sync client that read
	// the store (goInvites): stop and onRevoked wait for them before
	// closing it, or closing the window just after a commit or an unlock
	// crashed Gather on its way out.
	background sync.WaitGroup
	// invitesStarted, when set (tests), is called as syncInvites begins.
	invitesStarted func()

	// do runs f on the UI goroutine (fyne.Do); tests queue it instead, as
	// Fyne's test driver runs it on the caller's goroutine.
	do func(f func())
	// run runs slow work (Argon2id) off the UI goroutine and done back on
	// it; nil: the lock's own (a goroutine, then fyne.Do).
	run func(work, done func())
	// register is an activity whose register opens after the first unlock
	// (gather --register).
	register string
	// noWatch leaves out the goroutine that refreshes the screen on every
	// commit (tests call Refresh themselves).
	noWatch bool
}

// RunWindow is `gather` with no command: it opens the app's window on the
// device in paths and returns when the window closes. With a PIN it opens
// unlocked as staffID (--as with --pin-stdin); with staffID alone it shows
// that person's PIN pad; register is an activity whose register opens
// after the first unlock (--register).
func RunWindow(paths device.Paths, staffID, pin, register string) error {
	gcpolicy.ForDevice()
	defer cmalloc.ForDevice()()
	a := fyneapp.NewWithID(appID)
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.IconPNG))
	app.ApplySavedAppearance(a)
	w := a.NewWindow("Gather")
	w.Resize(fyne.NewSize(1280, 800))
	s := &session{paths: paths, app: a, win: w, log: slog.New(slog.NewTextHandler(os.Stderr, nil)), do: fyne.Do, register: register}
	if err := s.start(staffID, pin); err != nil {
		return err
	}
	w.ShowAndRun()
	s.stop()
	return nil
}

// start shows what the device needs first: why it was wiped, first-time
// setup, or the unlock screen (or unlocks at once with a PIN given).
func (s *session) start(staffID, pin string) error {
	if at, wiped := device.WipedAt(s.paths); wiped && !s.paths.IsSetUp() {
		s.showWiped(at, nil)
		return nil
	}
	if !s.paths.IsSetUp() {
		s.showSetup()
		return nil
	}
	kf, err := keyslot.Open(s.paths.Keys, keyslot.Options{})
	if err != nil {
		return fmt.Errorf("cannot read this device's key file %s: %w", s.paths.Keys, err)
	}
	s.kf = kf
	s.newGate()
	if pin == "" {
		s.gate.Start()
		if staffID != "" {
			// --as without a PIN: straight to that person's PIN pad.
			s.gate.Screen().ShowPIN(staffID)
		}
		return nil
	}
	u, err := kf.Unlock(staffID, pin)
	if err != nil {
		return fmt.Errorf("cannot unlock as %s: %w", staffID, err)
	}
	if err := s.open(u); err != nil {
		u.Forget()
		if errors.Is(err, device.ErrRevoked) {
			return nil // the window says so
		}
		return err
	}
	s.saveAudit(u.ID, audit.Recorder{Device: s.st.Device()}.Unlocked(u.ID, u.PriorFailures, u.LastFailure)...)
	s.gate.Begin(u)
	s.ui.StartSignedIn(s.staffOf(u))
	s.openRegister()
	return nil
}

// openRegister opens the register --register asked for, once; it says in
// the log whether it could, as there may be no session today.
func (s *session) openRegister() {
	if s.register == "" {
		return
	}
	if s.ui.OpenRegister(s.register) {
		s.log.Info("register open", "activity", s.register)
	} else {
		s.log.Info("no session today for --register; showing Today", "activity", s.register)
	}
	s.register = ""
}

func (s *session) newGate() {
	s.gate = lock.NewGate(lock.GateOptions{Window: s.win, Keys: s.kf, OnUnlock: s.onUnlock, Run: s.run})
}

// showSetup is first-time setup: the first administrator's name and PIN
// make the key file; the store is made, encrypted, with the key.
func (s *session) showSetup() {
	if err := os.MkdirAll(s.paths.Dir, 0o700); err != nil {
		s.showProblem("Gather cannot make its folder", err)
		return
	}
	if device.HasOrphanStore(s.paths) {
		// A new key could never open them: say so, and keep them aside.
		aside := widget.NewButtonWithIcon("Put them aside and set up afresh", theme.ConfirmIcon(), func() {
			if _, err := device.SetAsideStore(s.paths, time.Now()); err != nil {
				s.showProblem("The old records could not be moved", err)
				return
			}
			s.showSetup()
		})
		aside.Importance = widget.HighImportance
		s.showMessage("Records without their key", "There are Gather records in "+s.paths.Store+" but the key file that "+
			"opened them is gone, so nobody can read them, not even with a PIN. To use this device, set it up afresh; the old "+
			"files are kept beside, unread, for your administrator to delete.", aside)
		return
	}
	setup := lock.NewSetup(lock.SetupOptions{Path: s.paths.Keys, Run: s.run, OnRestore: s.chooseBackup, OnDone: func(f *keyslot.File, u *keyslot.Unlocked) {
		device.ClearWiped(s.paths)
		s.kf = f
		s.newGate()
		if err := s.open(u); err != nil {
			u.Forget()
			if errors.Is(err, device.ErrRevoked) {
				return // wiped, and the window says so
			}
			// Without its store the new key file would only lead to an
			// unlock screen that opens nothing: take it away again.
			s.gate.Close()
			device.Abandon(s.paths)
			s.kf, s.gate = nil, nil
			s.showProblem("The records could not be made", err)
			return
		}
		// Noted as setup's: enrolling the device for a role whose server
		// would refuse the record's administrator role takes it back
		// before it is sent (client.SaveFirstAdministrator).
		if err := client.SaveFirstAdministrator(s.st, u.ID, lock.FirstAdminChanges(audit.Recorder{Device: s.st.Device()}, u)...); err != nil {
			s.log.Warn("first administrator's record not saved", "err", err)
		}
		s.gate.Begin(u)
		s.ui.StartSignedIn(s.staffOf(u))
	}})
	s.win.SetContent(setup.Content())
}

// onUnlock is the gate's: the first right PIN opens the store and builds
// the UI; later ones sign in whoever unlocked.
func (s *session) onUnlock(u *keyslot.Unlocked, sameStaff bool) error {
	if s.kf == nil {
		return errors.New("this device was wiped")
	}
	if s.st == nil {
		if err := s.open(u); err != nil {
			return err
		}
		s.ui.StartSignedIn(s.staffOf(u))
		s.openRegister()
		return nil
	}
	staff, err := s.signInAs(s.st, u)
	if err != nil {
		return err
	}
	if !sameStaff || staff.Role != s.ui.Staff().Role {
		s.ui.SignIn(staff)
	}
	s.ui.Refresh()
	p := s.inviteParts()
	s.goInvites(p.syncInvites)
	return nil
}

// open opens the encrypted store with the key a PIN released, builds the
// UI into the window and starts syncing in the background. A device that
// was revoked is wiped instead (device.OpenStore) and the window says so.
func (s *session) open(u *keyslot.Unlocked) error {
	st, err := device.OpenStore(s.paths, u.Key(), storage.Options{})
	var revoked *device.RevokedError
	if errors.As(err, &revoked) {
		s.gate.Close()
		s.kf.Destroy() // Wipe destroyed the file; this File must not write it again
		s.wiped(revoked.At, revoked.Err)
	}
	if err != nil {
		return err
	}
	// Before anything starts: a PIN whose staff record was deleted opens
	// nothing, not even the sync client.
	if _, err := s.signInAs(st, u); err != nil {
		st.Close()
		return err
	}
	s.st = st
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	// Taken before the sync client starts: its first pull may bring a
	// colleague before the staff check's goroutine runs.
	changed := st.Changed()
	host, _ := os.Hostname()
	s.client = client.New(st, client.Options{DeviceName: host, Logger: s.log})
	s.done = make(chan struct{})
	go func() {
		err := s.client.Run(ctx)
		close(s.done) // before onRevoked, which waits for it
		if errors.Is(err, client.ErrRevoked) {
			s.do(s.onRevoked)
		}
	}()
	now := time.Now
	s.ui = app.New(s.app, s.win, app.Options{
		Store:  st,
		Syncer: syncer{s.client},
		Lock:   s.gate,
		Keys:   lock.Admin{File: s.kf, Current: s.gate.Current},
		ChangePIN: func(done func()) app.Screen {
			return s.gate.ChangePIN(s.kf, 0, done)
		},
		Demo: func() error {
			if err := writeDemo(st, now()); err != nil {
				return err
			}
			s.addDemoStaff()
			return nil
		},
		DemoPIN: demo.PIN,
		// The real-window smoke test reads where to click from the log.
		LayoutLog: layoutLog(s.log),
		Backup:    func(path string) (string, error) { return s.backUp(st, path) },
		Run:       s.run,
	})
	if b, _ := st.Meta("ui.idle"); len(b) > 0 {
		if secs, err := strconv.Atoi(string(b)); err == nil {
			s.gate.SetIdle(time.Duration(secs) * time.Second)
		}
	}
	s.gate.SetAudit(audit.Recorder{Device: st.Device()}, st.Save)
	p := s.inviteParts()
	s.goInvites(func() { p.watchInvites(ctx, changed) })
	releaseOpenMemory()
	if !s.noWatch {
		go s.ui.Watch(ctx)
	}
	return nil
}

// addDemoStaff puts the demo staff on the key file with demo.PIN, so that a
// person trying Gather can unlock as a volunteer or a link worker and see
// what each role sees. Each PIN takes a few tenths of a second to wrap, so
// it runs in the background; a lock meanwhile stops it.
func (s *session) addDemoStaff() {
	admin := s.gate.Current()
	if admin == nil || admin.Role != domain.RoleAdministrator {
		return
	}
	kf := s.kf
	go func() {
		for _, st := range demoStaffMembers() {
			if st.Role == domain.RoleAdministrator {
				continue // never an administrator with a published PIN
			}
			if err := kf.AddStaff(admin, st, demo.PIN); err != nil && !errors.Is(err, keyslot.ErrStaffExists) {
				s.log.Info("demo staff not added", "staff", st.ID, "err", err)
				return
			}
		}
	}()
}

func (s *session) saveAudit(staff string, cs ...record.Change) {
	if err := s.st.Save(staff, cs...); err != nil {
		s.log.Warn("audit entry not saved", "err", err)
	}
}

// onRevoked runs once the sync client has stopped because an administrator
// removed this device: the records are wiped and the window says so.
func (s *session) onRevoked() {
	s.cancel()
	// The gate is retired first: no key press, idle timer or PIN check
	// still running can bring the unlock screen back or write the key file
	// again once it is destroyed.
	s.gate.Close()
	<-s.done
	s.background.Wait()
	s.st.Close()
	err := s.kf.Destroy()
	if werr := device.Wipe(s.paths, time.Now()); err == nil {
		err = werr
	}
	s.wiped(time.Now(), err)
}

// wiped leaves the session holding nothing of the wiped device and tells
// the person why.
func (s *session) wiped(at time.Time, err error) {
	s.st, s.ui, s.kf, s.gate = nil, nil, nil, nil
	for _, o := range s.win.Canvas().Overlays().List() {
		s.win.Canvas().Overlays().Remove(o)
	}
	s.showWiped(at, err)
}

// showWiped tells the person why the device holds nothing.
func (s *session) showWiped(at time.Time, err error) {
	msg := fmt.Sprintf("An administrator removed this device from your organisation's Gather on %s. "+
		"Everything Gather kept on it has been wiped, so nobody can read it.", at.Local().Format("2 January 2006 at 15:04"))
	if err != nil {
		msg += "\n\nThe key that opened the records is destroyed, but some files could not be deleted: " + err.Error()
	}
	again := widget.NewButtonWithIcon("Set up this device again", theme.ConfirmIcon(), func() {
		device.ClearWiped(s.paths)
		s.showSetup()
	})
	again.Importance = widget.HighImportance
	s.showMessage("This device was removed", msg, again)
}

func (s *session) showProblem(what string, err error) {
	s.showMessage(what, "Gather could not go on: "+err.Error()+"\n\nClose Gather and open it again. If it happens again, ask your administrator.", nil)
}

func (s *session) showMessage(title, text string, action *widget.Button) {
	heading := widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	heading.SizeName = theme.SizeNameHeadingText
	body := widget.NewLabel(text)
	body.Wrapping = fyne.TextWrapWord
	col := container.NewVBox(heading, body)
	if action != nil {
		col.Add(container.NewGridWrap(fyne.NewSize(320, 60), action))
	}
	s.win.SetContent(container.NewVBox(layout.NewSpacer(),
		container.NewCenter(container.NewGridWrap(fyne.NewSize(560, 360), container.NewPadded(col))), layout.NewSpacer()))
	// The body knows how many lines it wraps to only once it has its
	// width: lay the column out again, so the button goes below them.
	col.Refresh()
}

// stop ends syncing and closes the store when the window has closed.
func (s *session) stop() {
	if s.gate != nil {
		s.gate.Stop()
	}
	if s.st == nil {
		return
	}
	s.cancel()
	<-s.done
	s.background.Wait()
	s.st.Close()
}

// staffOf is who u signed in as when open opened the store (signInAs set
// u.Role then).
func (s *session) staffOf(u *keyslot.Unlocked) domain.Staff {
	return domain.Staff{ID: u.ID, Name: u.Name, Role: u.Role}
}

// signInAs is who u signs in as, by their staff record in st
// (lock.SignInRole): their role no higher than the record's, or refused
// when an administrator removed them (deleted the record), on whichever
// device. Refused, their slot here goes too (keyslot.Leave, signed with
// the key their own PIN released); the key file's last administrator is
// neither refused nor lowered.
func (s *session) signInAs(st *storage.Store, u *keyslot.Unlocked) (domain.Staff, error) {
	staff, err := signInAs(s.kf, st, u)
	if lock.IsRemoved(err) {
		s.log.Info("PIN refused: an administrator removed this member of staff", "staff", u.ID)
	}
	return staff, err
}

// signInAs is the session's signInAs for the window and the commands
// (openAs) alike.
func signInAs(kf *keyslot.File, st *storage.Store, u *keyslot.Unlocked) (domain.Staff, error) {
	staff, err := signIn(st, u, kf.LastAdministrator(u.ID))
	if lock.IsRemoved(err) {
		// A slot left behind is refused again at each unlock; an
		// administrator's next unlock takes it (lock.SyncRemovals).
		_ = kf.Leave(u)
	}
	return staff, err
}

// signIn is the one place u's role is settled once their PIN is right:
// lock.SignInRole with their staff record in st (lastAdmin: they are the
// key file's only administrator), and u.Role lowered to it. Everything
// done as u after that (backing up, managing PINs: keyslot checks
// u.Role too) reads u.Role, so a role lowered on another device holds
// here as well as in the window. Callers run it before u is shared (the
// gate's Current, the sync goroutines).
func signIn(st *storage.Store, u *keyslot.Unlocked, lastAdmin bool) (domain.Staff, error) {
	rec, found := staffRecord(st, u.ID)
	staff, err := lock.SignInRole(u.Member, rec, found, lastAdmin)
	if err == nil && staff.Role != u.Role {
		u.Role = staff.Role
	}
	return staff, err
}

func demoStaffMembers() []keyslot.Member {
	var out []keyslot.Member
	for _, s := range demo.Staff() {
		out = append(out, keyslot.Member{ID: s.ID, Name: s.Name, Role: s.Role})
	}
	return out
}

// layoutLog is Options.LayoutLog when GATHER_LOG_LAYOUT is set (the
// real-window smoke test), nil otherwise.
func layoutLog(l *slog.Logger) func(string, ...any) {
	if os.Getenv("GATHER_LOG_LAYOUT") == "" {
		return nil
	}
	return func(event string, attrs ...any) { l.Info("layout "+event, attrs...) }
}

// staffRecord is staff member id's record as the store holds it, deleted
// ones too (the read model leaves those out): found is false when there
// is none. A record the device forgot (storage.ForgetRecords: deleted
// with no stamp) is not one an administrator deleted, and reads as none.
func staffRecord(st *storage.Store, id string) (rec domain.Staff, found bool) {
	e, err := st.Entity(domain.KindStaff, id)
	if err != nil || e == nil || len(e.Fields) == 0 {
		return domain.Staff{}, false
	}
	if del, ok := e.Fields[record.FieldDeleted]; ok && del.Value == "true" && del.Stamp.IsZero() {
		return domain.Staff{}, false
	}
	domain.Decode(id, e, &rec)
	rec.Deleted = e.Deleted()
	return rec, true
}
