package server

import (
	"context"
	"testing"
	"time"
)

// TestPushGateBoundsWaitingPushes: one push in flight per device, at most
// maxPushWaiting more waiting; beyond that a push is refused at once, and
// the gate forgets a device when its last push is done.
func TestPushGateBoundsWaitingPushes(t *testing.T) {
	var g pushGate
	if !g.enter(context.Background(), "d", 0) {
		t.Fatal("the first push was refused")
	}
	ctx, cancel := context.WithCancel(context.Background())
	out := make(chan bool, maxPushWaiting)
	for range maxPushWaiting {
		go func() { out <- g.enter(ctx, "d", time.Minute) }()
	}
	users := func() int {
		g.mu.Lock()
		defer g.mu.Unlock()
		if sl := g.slots["d"]; sl != nil {
			return sl.users
		}
		return 0
	}
	for deadline := time.Now().Add(10 * time.Second); users() < 1+maxPushWaiting; {
		if time.Now().After(deadline) {
			t.Fatalf("%d pushes in the gate", users())
		}
		time.Sleep(time.Millisecond)
	}
	start := time.Now()
	if g.enter(context.Background(), "d", time.Minute) {
		t.Fatal("a push past the bound went through")
	}
	if time.Since(start) > 5*time.Second {
		t.Error("a push past the bound waited instead of being refused at once")
	}
	if !g.enter(context.Background(), "e", 0) {
		t.Error("another device's push was refused")
	}
	g.leave("e")
	cancel()
	for range maxPushWaiting {
		if <-out {
			t.Error("a cancelled push went through")
		}
	}
	g.leave("d")
	if len(g.slots) != 0 {
		t.Errorf("the gate still holds %d devices", len(g.slots))
	}
}
