package desktop

import (
	"testing"
	"time"
)

// TestClosingWaitsForTheStaffCheck: closing the window while the
// background check of staff and PIN setup codes (syncInvites, run after
// every commit) is reading the store waits for it before closing the
// store; closing it under the check crashed Gather on its way out.
func TestClosingWaitsForTheStaffCheck(t *testing.T) {
	s, _ := newTestSession(t)
	entered, release := make(chan struct{}, 16), make(chan struct{})
	s.invitesStarted = func() {
		entered <- struct{}{}
		<-release
	}
	p := s.inviteParts() // as open took them, with the hook
	s.goInvites(p.syncInvites)
	select {
	case <-entered:
	case <-time.After(10 * time.Second):
		t.Fatal("the staff check did not start")
	}
	stopped := make(chan struct{})
	go func() {
		s.stop()
		close(stopped)
	}()
	select {
	case <-stopped:
		t.Fatal("the store was closed while the staff check was reading it")
	case <-time.After(300 * time.Millisecond):
	}
	close(release)
	select {
	case <-stopped:
	case <-time.After(10 * time.Second):
		t.Fatal("closing did not finish once the staff check had")
	}
	s.st = nil // closed: the test's clean-up must not close it again
}
