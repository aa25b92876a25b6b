package desktop

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/gather-sp/gather/domain"
)

// TestStaffCheckFollowsACommitMadeWhileItRan: a sync brings a colleague's
// staff record while the staff check for the last commit is still reading
// the store; the check runs again for it. The watcher took its next
// change notice only after the check, so a commit meanwhile went unseen
// until the next one, and the colleague's PIN setup code did not reach
// the device (TestStaffOnceNotPerTablet waits for such a code on the
// tablet).
func TestStaffCheckFollowsACommitMadeWhileItRan(t *testing.T) {
	s, _ := newTestSession(t)
	colleague := func(id, name string) {
		if err := s.st.Save("staff-elsewhere", domain.AddStaff(domain.Staff{ID: id, Name: name, Role: domain.RoleFacilitator})); err != nil {
			t.Error(err)
		}
	}
	runs := make(chan struct{}, 16)
	var once sync.Once
	p := s.inviteParts()
	p.started = func() {
		once.Do(func() { colleague("staff-nia", "Nia Okoro") }) // while the first check runs
		runs <- struct{}{}
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	changed := s.st.Changed()
	go func() {
		defer close(done)
		p.watchInvites(ctx, changed)
	}()
	defer func() {
		cancel()
		<-done
	}()
	colleague("staff-hal", "Hal Moss")
	for i, what := range []string{"for Hal's record", "again for Nia's, which came while the first ran"} {
		select {
		case <-runs:
		case <-time.After(20 * time.Second):
			t.Fatalf("the staff check did not run %s (%d runs)", what, i)
		}
	}
}
