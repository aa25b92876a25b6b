package lock

import (
	"errors"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"github.com/gather-sp/gather/access"
	"github.com/gather-sp/gather/audit"
	"github.com/gather-sp/gather/keyslot"
	"github.com/gather-sp/gather/record"
)

// SaveFunc saves changes as one action by staff (storage.Store.Save).
type SaveFunc func(staff string, changes ...record.Change) error

// GateOptions configure a Gate.
type GateOptions struct {
	// Window is the app's window; the Gate swaps its content for the
	// unlock screen while locked.
	Window fyne.Window
	// Keys is the device's key file (*keyslot.File).
	Keys Keys
	// Idle is how long the device may sit untouched before it locks: 0
	// means two minutes; access clamps it to 15 seconds .. 30 minutes.
	Idle time.Duration
	// Clock is the idle clock (tests pass an access.ManualClock).
	Clock access.Clock
	// Now dates audit entries; nil means time.Now.
	Now func() time.Time

	// OnUnlock is called on the UI goroutine after a right PIN, before the
	// window shows anything. sameStaff is true when the person who was
	// using the device unlocked it again, so the shell may keep their
	// screens; otherwise it starts afresh for the new person. The first
	// time it is called (no store yet) the shell opens the store with
	// u.Key(), builds the UI into the window and calls SetAudit. An error
	// keeps the device locked and is shown in plain words.
	OnUnlock func(u *keyslot.Unlocked, sameStaff bool) error
	// OnLock is called on the UI goroutine once the unlock screen shows.
	OnLock func(reason access.LockReason)

	// Run runs slow work (Argon2id) off the UI goroutine; nil: a goroutine,
	// back through fyne.Do. Tests pass a synchronous runner.
	Run func(work, done func())
}

// event is a wrong PIN or lockout seen while the store could not be written.
type event struct {
	staff     string
	at        time.Time
	lockedOut bool
}

// Gate keeps the window locked until a staff member gives their PIN, and
// locks it again after a spell without input (an access.Locker), on "Lock
// now" and on "Switch staff member". While locked the window shows only the
// unlock screen: its content is set aside and any dialogs are hidden.
//
// Every method must be called on the UI goroutine, except Touch, which any
// goroutine may call.
type Gate struct {
	opts   GateOptions
	locker *access.Locker
	unlock *Unlock

	// current is who unlocked the device, nil while it is locked. Atomic:
	// the admin screens read it from their background work.
	current atomic.Pointer[keyslot.Unlocked]
	closed  atomic.Bool // Close was called: the gate does nothing any more
	// prevKeyDown is the window's key handler before the gate's, put back
	// by Close.
	prevKeyDown func(*fyne.KeyEvent)
	lastID      string // who was using the device when it locked
	showing     bool   // the unlock screen is up
	saved       fyne.CanvasObject
	hidden      []fyne.CanvasObject

	// afterUnlock, set by LockUntilStaff, is called once with whoever
	// unlocks next.
	afterUnlock func(staffID string)

	save     SaveFunc
	rec      audit.Recorder
	pending  []event
	recorded map[string]int // wrong PINs already in the trail, by staff, since their last unlock
}

// NewGate makes a Gate for a device whose key file exists. Call Start to
// show the unlock screen, or Begin with the session first-time setup made.
func NewGate(opts GateOptions) *Gate {
	g := &Gate{opts: opts, recorded: map[string]int{}}
	g.locker = access.NewLocker(access.LockerOptions{Idle: opts.Idle, Clock: opts.Clock, OnLock: func(why access.LockReason) {
		fyne.Do(func() { g.onLocked(why) })
	}})
	g.unlock = newUnlock(opts.Keys, orGo(opts.Run), opts.Clock, g.onUnlocked, g.onFailed)
	g.unlock.window = opts.Window
	if opts.Window != nil {
		if dc, ok := opts.Window.Canvas().(desktop.Canvas); ok {
			// Key presses reach here whatever has focus; the shell's own
			// key handlers are left alone.
			prev := dc.OnKeyDown()
			g.prevKeyDown = prev
			dc.SetOnKeyDown(func(ev *fyne.KeyEvent) {
				g.Touch()
				if prev != nil {
					prev(ev)
				}
			})
		}
	}
	return g
}

// Start shows the unlock screen in the window: the device starts locked.
func (g *Gate) Start() {
	g.showing = false
	g.show(g.unlock.ShowTiles)
}

// Begin starts an unlocked session that did not come through the unlock
// screen (first-time setup returns one): the idle countdown starts now.
func (g *Gate) Begin(u *keyslot.Unlocked) {
	if g.closed.Load() {
		u.Forget()
		return
	}
	g.current.Store(u)
	g.lastID = u.ID
	g.showing = false
	g.afterUnlock = nil
	g.locker.Unlocked()
}

// Current is the staff member who unlocked the device, or nil while it is
// locked. The admin screens act through it (keyslot needs it); it is
// forgotten (zeroed) when the device locks.
func (g *Gate) Current() *keyslot.Unlocked { return g.current.Load() }

// Locked reports whether the unlock screen is showing. The shell should
// ignore keyboard shortcuts and not open dialogs while it is.
func (g *Gate) Locked() bool { return g.showing || g.locker.IsLocked() }

// Touch counts as input and puts off the idle lock. The shell calls it on
// every tap it handles (navigation, saves), and the Gate calls it on every
// key press. A device that slept past its idle time locks instead.
func (g *Gate) Touch() {
	if !g.closed.Load() {
		g.locker.Touch()
	}
}

// LockNow locks at once ("Lock now"); the unlock screen offers the PIN pad
// of the person who was using the device, and their tile to choose another.
func (g *Gate) LockNow() {
	if g.closed.Load() {
		return
	}
	g.locker.LockNow()
	g.onLocked(access.LockedByHand)
}

// LockUntilStaff locks at once, as LockNow does, and calls then with the
// staff member who unlocks next: on the UI goroutine, after OnUnlock has
// signed them in, never before a right PIN. A self-completion form is
// handed back this way, so nobody leaves it without a staff PIN on the
// unlock screen (with its lockouts and audit entries).
func (g *Gate) LockUntilStaff(then func(staffID string)) {
	if g.closed.Load() {
		return
	}
	g.afterUnlock = then
	g.LockNow()
	g.unlock.hint.SetText(handBackHint)
}

// handBackHint is what the PIN pad says when a self-completion form was
// handed back.
const handBackHint = "The form and its answers are kept. Staff: type your PIN to go back to it."

// SwitchStaff locks and shows the staff tiles: with the shell's "Switch
// staff member" button, that is two taps to anyone's PIN pad.
func (g *Gate) SwitchStaff() {
	if g.closed.Load() {
		return
	}
	g.LockNow()
	g.unlock.ShowTiles()
}

// Idle is the idle time in force.
func (g *Gate) Idle() time.Duration { return g.locker.Idle() }

// SetIdle changes the idle time (Settings), clamped as access.Locker does.
func (g *Gate) SetIdle(d time.Duration) { g.locker.SetIdle(d) }

// Stop cancels the idle timer, for shutdown.
func (g *Gate) Stop() { g.locker.Stop() }

// Close retires the gate for good (the device was wiped): the idle timer
// stops, key presses no longer reach it, the unlocked key is forgotten, and
// nothing it does later can show the unlock screen or touch the key file.
func (g *Gate) Close() {
	if g.closed.Swap(true) {
		return
	}
	g.locker.Stop()
	if w := g.opts.Window; w != nil {
		if dc, ok := w.Canvas().(desktop.Canvas); ok {
			dc.SetOnKeyDown(g.prevKeyDown)
		}
	}
	if u := g.current.Swap(nil); u != nil {
		u.Forget()
	}
	g.afterUnlock = nil
}

// Screen is the unlock screen, for screenshots and tests.
func (g *Gate) Screen() *Unlock { return g.unlock }

// SetAudit connects the gate to the audit trail once the store is open:
// rec makes the entries (its Device set to the store's device id) and save
// writes them. Wrong PINs and lockouts seen before are saved now.
func (g *Gate) SetAudit(rec audit.Recorder, save SaveFunc) {
	g.rec, g.save = rec, save
	pending := g.pending
	g.pending = nil
	for _, ev := range pending {
		at := ev.at
		r := rec
		r.Now = func() time.Time { return at }
		g.recordFailure(r, ev)
	}
}

func (g *Gate) now() time.Time {
	if g.opts.Now != nil {
		return g.opts.Now()
	}
	return time.Now()
}

func (g *Gate) recordFailure(r audit.Recorder, ev event) {
	cs := []record.Change{r.FailedUnlock(ev.staff, 1)}
	if ev.lockedOut {
		cs = append(cs, r.LockedOut(ev.staff))
	}
	if err := g.save(ev.staff, cs...); err != nil {
		g.pending = append(g.pending, ev) // try again with the next entry
		return
	}
	g.recorded[ev.staff]++
}

// onFailed keeps the trail of wrong PINs: saved at once when the store is
// open, held until it is otherwise.
func (g *Gate) onFailed(f failure) {
	if !f.counted() {
		return // a wait or an existing lockout: no PIN was tried
	}
	ev := event{staff: f.staff, at: g.now(), lockedOut: f.lockedOut()}
	if g.save == nil {
		g.pending = append(g.pending, ev)
		return
	}
	r := g.rec
	r.Now = g.opts.Now
	g.recordFailure(r, ev)
}

// onUnlocked hands a right PIN to the shell and, if it accepts, shows what
// was on screen before (or what the shell has built).
func (g *Gate) onUnlocked(u *keyslot.Unlocked) {
	if g.closed.Load() {
		u.Forget() // a PIN check that was running when the device was wiped
		return
	}
	same := g.lastID != "" && u.ID == g.lastID
	if g.opts.OnUnlock != nil {
		if err := g.opts.OnUnlock(u, same); err != nil {
			u.Forget()
			if IsRemoved(err) {
				// Their pad says why, also once their slot is gone.
				g.unlock.onChoose(u.Member)
				g.unlock.sayLong(err.Error())
				return
			}
			g.unlock.ShowPIN(u.ID)
			g.unlock.msg.SetText("Gather could not open the records: " + plain(err))
			return
		}
	}
	g.current.Store(u)
	g.lastID = u.ID
	if g.save != nil {
		r := g.rec
		r.Now = g.opts.Now
		prior := max(u.PriorFailures-g.recorded[u.ID], 0)
		_ = g.save(u.ID, r.Unlocked(u.ID, prior, u.LastFailure)...)
		g.recorded[u.ID] = 0
	}
	w := g.opts.Window
	if w != nil {
		if w.Content() == g.unlock.Content() && g.saved != nil {
			w.SetContent(g.saved)
		}
		for _, o := range g.hidden {
			if same {
				o.Show()
			} else {
				w.Canvas().Overlays().Remove(o)
			}
		}
	}
	g.saved, g.hidden = nil, nil
	g.showing = false
	g.locker.Unlocked()
	if then := g.afterUnlock; then != nil {
		g.afterUnlock = nil
		then(u.ID)
	}
}

func plain(err error) string {
	if errors.Is(err, keyslot.ErrTampered) {
		return "the key file was changed outside Gather."
	}
	return err.Error()
}

// onLocked forgets the key and puts the unlock screen up. It runs once per
// lock, however the lock came (timer, LockNow, a late Touch).
func (g *Gate) onLocked(why access.LockReason) {
	if g.closed.Load() || g.showing || !g.locker.IsLocked() {
		return
	}
	if u := g.current.Swap(nil); u != nil {
		g.lastID = u.ID
		u.Forget()
	}
	g.show(func() { g.unlock.ShowPIN(g.lastID) })
	if g.opts.OnLock != nil {
		g.opts.OnLock(why)
	}
}

func (g *Gate) show(page func()) {
	if g.showing {
		page()
		return
	}
	g.showing = true
	page()
	w := g.opts.Window
	if w == nil {
		return
	}
	for _, o := range w.Canvas().Overlays().List() {
		if o.Visible() {
			o.Hide()
			g.hidden = append(g.hidden, o)
		}
	}
	if c := w.Content(); c != g.unlock.Content() {
		g.saved = c
	}
	w.SetContent(g.unlock.Content())
	g.unlock.focusPIN()
}

// ChangePIN builds "Change my PIN" for the person using the device, with
// its audit entries wired to the store (after SetAudit). onDone runs after
// a change (the shell goes Back); a lockout locks the device.
func (g *Gate) ChangePIN(keys PINChanger, minPINLength int, onDone func()) *ChangePIN {
	id := ""
	if u := g.current.Load(); u != nil {
		id = u.ID
	}
	r := g.rec
	r.Now = g.opts.Now
	s := NewChangePIN(keys, ChangePINOptions{StaffID: id, MinPINLength: minPINLength, Save: g.save, Recorder: r,
		OnDone: onDone, OnLockedOut: g.LockNow, Run: g.opts.Run})
	s.counted = func() { g.recorded[id]++ }
	return s
}
