package access

import (
	"sync"
	"testing"
	"time"
)

type lockLog struct {
	mu      sync.Mutex
	reasons []LockReason
}

func (l *lockLog) record(r LockReason) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.reasons = append(l.reasons, r)
}

func (l *lockLog) count() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.reasons)
}

func newTestLocker(idle time.Duration) (*Locker, *ManualClock, *lockLog) {
	clock := NewManualClock(time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC))
	log := &lockLog{}
	l := NewLocker(LockerOptions{Idle: idle, Clock: clock, OnLock: log.record})
	return l, clock, log
}

func TestLockerStartsLocked(t *testing.T) {
	l, clock, log := newTestLocker(0)
	if !l.IsLocked() {
		t.Fatal("a new Locker must start locked")
	}
	l.Touch() // input on the lock screen does not unlock
	clock.Advance(time.Hour)
	if !l.IsLocked() || log.count() != 0 {
		t.Fatalf("locked=%v, %d lock callbacks", l.IsLocked(), log.count())
	}
}

func TestLockerLocksAfterIdle(t *testing.T) {
	cases := []struct {
		name  string
		steps func(l *Locker, c *ManualClock)
		// after the steps, with the default two minutes:
		locked bool
		why    []LockReason
	}{
		{"untouched for two minutes", func(l *Locker, c *ManualClock) { c.Advance(2 * time.Minute) }, true, []LockReason{LockedIdle}},
		{"one second short", func(l *Locker, c *ManualClock) { c.Advance(2*time.Minute - time.Second) }, false, nil},
		{"touches keep it open", func(l *Locker, c *ManualClock) {
			for i := 0; i < 10; i++ {
				c.Advance(time.Minute)
				l.Touch()
			}
		}, false, nil},
		{"idle after the last touch", func(l *Locker, c *ManualClock) {
			c.Advance(90 * time.Second)
			l.Touch()
			c.Advance(119 * time.Second)
			if l.IsLocked() {
				panic("locked early")
			}
			c.Advance(time.Second)
		}, true, []LockReason{LockedIdle}},
		{"lock now", func(l *Locker, c *ManualClock) { l.LockNow() }, true, []LockReason{LockedByHand}},
		{"lock now twice calls back once", func(l *Locker, c *ManualClock) {
			l.LockNow()
			l.LockNow()
			c.Advance(time.Hour)
		}, true, []LockReason{LockedByHand}},
		{"slept past the idle time, woken by a touch", func(l *Locker, c *ManualClock) {
			c.Set(c.Now().Add(10 * time.Minute)) // the timer never ran
			l.Touch()
		}, true, []LockReason{LockedIdle}},
		{"unlock again after a lock", func(l *Locker, c *ManualClock) {
			l.LockNow()
			l.Unlocked()
			c.Advance(time.Minute)
		}, false, []LockReason{LockedByHand}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			l, clock, log := newTestLocker(0)
			l.Unlocked()
			tc.steps(l, clock)
			if l.IsLocked() != tc.locked {
				t.Fatalf("locked = %v, want %v", l.IsLocked(), tc.locked)
			}
			log.mu.Lock()
			defer log.mu.Unlock()
			if len(log.reasons) != len(tc.why) {
				t.Fatalf("callbacks %v, want %v", log.reasons, tc.why)
			}
			for i := range tc.why {
				if log.reasons[i] != tc.why[i] {
					t.Fatalf("callbacks %v, want %v", log.reasons, tc.why)
				}
			}
		})
	}
}

func TestLockerIdleIsConfigurable(t *testing.T) {
	cases := []struct {
		set, want time.Duration
	}{
		{0, DefaultIdle},
		{5 * time.Minute, 5 * time.Minute},
		{time.Second, MinIdle},
		{24 * time.Hour, MaxIdle},
	}
	for _, tc := range cases {
		t.Run(tc.set.String(), func(t *testing.T) {
			l, clock, _ := newTestLocker(tc.set)
			if l.Idle() != tc.want {
				t.Fatalf("Idle = %v, want %v", l.Idle(), tc.want)
			}
			l.Unlocked()
			clock.Advance(tc.want - time.Second)
			if l.IsLocked() {
				t.Fatal("locked early")
			}
			clock.Advance(time.Second)
			if !l.IsLocked() {
				t.Fatal("did not lock on time")
			}
		})
	}
}

func TestSetIdleShorterLocksAnOverdueDevice(t *testing.T) {
	l, clock, log := newTestLocker(10 * time.Minute)
	l.Unlocked()
	clock.Advance(3 * time.Minute)
	l.SetIdle(2 * time.Minute)
	if !l.IsLocked() || log.count() != 1 {
		t.Fatalf("locked=%v callbacks=%d", l.IsLocked(), log.count())
	}
}

func TestLockerCallbackMayAskIsLocked(t *testing.T) {
	clock := NewManualClock(time.Unix(0, 0))
	var l *Locker
	seen := false
	l = NewLocker(LockerOptions{Clock: clock, OnLock: func(LockReason) { seen = l.IsLocked() }})
	l.Unlocked()
	clock.Advance(DefaultIdle)
	if !seen {
		t.Fatal("OnLock saw the device unlocked (or deadlocked)")
	}
}

func TestLockerStop(t *testing.T) {
	l, clock, log := newTestLocker(0)
	l.Unlocked()
	l.Stop()
	clock.Advance(time.Hour)
	if log.count() != 0 {
		t.Fatal("a stopped Locker fired")
	}
}

func TestLockerConcurrentTouches(t *testing.T) {
	l, clock, _ := newTestLocker(0)
	l.Unlocked()
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 200; j++ {
				l.Touch()
				l.IsLocked()
			}
		}()
	}
	clock.Advance(time.Minute)
	wg.Wait()
	clock.Advance(DefaultIdle)
	if !l.IsLocked() {
		t.Fatal("did not lock after touches stopped")
	}
}
