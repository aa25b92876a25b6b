package access

import (
	"sync"
	"time"
)

// Clock is the time source a Locker uses; tests pass a ManualClock.
type Clock interface {
	Now() time.Time
	// AfterFunc calls f in its own goroutine once d has passed.
	AfterFunc(d time.Duration, f func()) Timer
}

// Timer is a pending AfterFunc.
type Timer interface {
	Stop() bool
}

// SystemClock is the real clock. Its Now drops Go's monotonic reading:
// the monotonic clock stops while a tablet sleeps, and a tablet that slept
// for an hour has been idle for an hour.
type SystemClock struct{}

// Now returns the wall-clock time.
func (SystemClock) Now() time.Time { return time.Now().Round(0) }

// AfterFunc wraps time.AfterFunc.
func (SystemClock) AfterFunc(d time.Duration, f func()) Timer { return time.AfterFunc(d, f) }

// DefaultIdle is how long a shared tablet may sit untouched before it locks.
const DefaultIdle = 2 * time.Minute

// Idle times outside these bounds are clamped: shorter locks mid-tap,
// longer leaves a laptop open over lunch.
const (
	MinIdle = 15 * time.Second
	MaxIdle = 30 * time.Minute
)

// LockReason says why the device locked.
type LockReason string

// Why a Locker locked.
const (
	LockedIdle   LockReason = "idle"
	LockedByHand LockReason = "lock now"
)

// LockerOptions configure a Locker.
type LockerOptions struct {
	Idle  time.Duration // 0 means DefaultIdle
	Clock Clock         // nil means SystemClock
	// OnLock is called once each time the Locker locks, from a timer
	// goroutine or from the caller of LockNow/Touch. A Fyne UI should hand
	// it to fyne.Do. It must not call back into the Locker synchronously
	// with anything but IsLocked.
	OnLock func(LockReason)
}

// Locker locks the device after a spell with no input. It starts locked;
// call Unlocked after a successful PIN. Safe for concurrent use.
type Locker struct {
	clock  Clock
	onLock func(LockReason)

	mu       sync.Mutex
	idle     time.Duration
	locked   bool
	lastSeen time.Time
	timer    Timer
	gen      uint64 // bumps on every state change, so a stale timer does nothing
}

// NewLocker returns a locked Locker.
func NewLocker(opts LockerOptions) *Locker {
	l := &Locker{clock: opts.Clock, onLock: opts.OnLock, locked: true, idle: clampIdle(opts.Idle)}
	if l.clock == nil {
		l.clock = SystemClock{}
	}
	return l
}

func clampIdle(d time.Duration) time.Duration {
	switch {
	case d == 0:
		return DefaultIdle
	case d < MinIdle:
		return MinIdle
	case d > MaxIdle:
		return MaxIdle
	}
	return d
}

// Idle returns the idle time in force.
func (l *Locker) Idle() time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.idle
}

// SetIdle changes the idle time (clamped to MinIdle..MaxIdle; 0 means
// DefaultIdle), counting from the last input.
func (l *Locker) SetIdle(d time.Duration) {
	l.mu.Lock()
	l.idle = clampIdle(d)
	l.mu.Unlock()
	l.Touch() // re-arm against the new deadline; an overdue device locks now
}

// Unlocked starts the idle countdown after someone has unlocked.
func (l *Locker) Unlocked() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.locked = false
	l.lastSeen = l.clock.Now()
	l.arm(l.idle)
}

// Touch records input. Call it on every tap, key or scroll. If the device
// has been idle too long already (the tablet slept, so the timer could not
// fire), it locks instead of counting the touch as activity.
func (l *Locker) Touch() {
	l.mu.Lock()
	if l.locked {
		l.mu.Unlock()
		return
	}
	now := l.clock.Now()
	if now.Sub(l.lastSeen) >= l.idle {
		l.lockLocked(LockedIdle)
		return
	}
	l.lastSeen = now
	if l.timer == nil {
		l.arm(l.idle)
	}
	l.mu.Unlock()
}

// LockNow locks at once (the "Lock now" button, switching staff, the app
// going to the background).
func (l *Locker) LockNow() {
	l.mu.Lock()
	if l.locked {
		l.mu.Unlock()
		return
	}
	l.lockLocked(LockedByHand)
}

// IsLocked reports whether the device is locked.
func (l *Locker) IsLocked() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.locked
}

// Stop cancels the timer, for shutdown. The Locker stays as it is.
func (l *Locker) Stop() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.gen++
	if l.timer != nil {
		l.timer.Stop()
		l.timer = nil
	}
}

// arm schedules a check after d. Touch does not re-arm on every input (a
// scroll makes hundreds); the check re-arms for whatever time is left.
func (l *Locker) arm(d time.Duration) {
	if l.timer != nil {
		l.timer.Stop()
	}
	l.gen++
	gen := l.gen
	l.timer = l.clock.AfterFunc(d, func() { l.check(gen) })
}

func (l *Locker) check(gen uint64) {
	l.mu.Lock()
	if gen != l.gen || l.locked {
		l.mu.Unlock()
		return
	}
	l.timer = nil
	left := l.idle - l.clock.Now().Sub(l.lastSeen)
	if left > 0 {
		l.arm(left)
		l.mu.Unlock()
		return
	}
	l.lockLocked(LockedIdle)
}

// lockLocked locks; it is called with l.mu held and releases it before the
// callback, so OnLock may ask IsLocked.
func (l *Locker) lockLocked(why LockReason) {
	l.locked = true
	l.gen++
	if l.timer != nil {
		l.timer.Stop()
		l.timer = nil
	}
	l.mu.Unlock()
	if l.onLock != nil {
		l.onLock(why)
	}
}
