package server

import (
	"context"
	"sync"
	"time"
)

// A push holds its body, up to protocol.MaxInflatedBytes once inflated,
// until the committer answers it, and the committer queues up to 1024
// jobs: without a bound, one token could fill the queue and the memory
// with pushes of its own. The client sends one push at a time, so a
// device gets one in flight; a second waits (without its body read) and
// is refused if the first takes too long or too many already wait.
//
// The bound is per process, and that is what bounds memory: with several
// processes behind a load balancer a device may have one push in flight in
// each. Nothing here is anything another process must see.
const (
	// DefaultPushWait is how long a push waits for the same device's push
	// in flight before it is refused (Options.PushWait).
	DefaultPushWait = 10 * time.Second
	// maxPushWaiting bounds the pushes of one device waiting here.
	maxPushWaiting = 4
)

// pushGate admits one push at a time per device.
type pushGate struct {
	mu    sync.Mutex
	slots map[string]*pushSlot
}

type pushSlot struct {
	turn  chan struct{} // holds a token while a push is in flight
	users int           // pushes in flight or waiting
}

// enter waits up to wait for the device's turn, and reports whether it got
// it; a push that did must leave.
func (g *pushGate) enter(ctx context.Context, device string, wait time.Duration) bool {
	g.mu.Lock()
	if g.slots == nil {
		g.slots = map[string]*pushSlot{}
	}
	sl := g.slots[device]
	if sl == nil {
		sl = &pushSlot{turn: make(chan struct{}, 1)}
		g.slots[device] = sl
	}
	if sl.users > maxPushWaiting {
		g.mu.Unlock()
		return false
	}
	sl.users++
	g.mu.Unlock()
	select {
	case sl.turn <- struct{}{}:
		return true
	default:
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case sl.turn <- struct{}{}:
		return true
	case <-ctx.Done():
	case <-t.C:
	}
	g.done(device, sl)
	return false
}

// leave ends a push that entered.
func (g *pushGate) leave(device string) {
	g.mu.Lock()
	sl := g.slots[device]
	g.mu.Unlock()
	<-sl.turn
	g.done(device, sl)
}

func (g *pushGate) done(device string, sl *pushSlot) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if sl.users--; sl.users == 0 {
		delete(g.slots, device)
	}
}
