package app

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/client"
	"github.com/gather-sp/gather/sync/protocol"
	"github.com/gather-sp/gather/sync/server/servertest"
)

// clientSyncer shows a sync client to the UI, as package main's adapter
// does.
type clientSyncer struct{ c *client.Client }

func (s clientSyncer) Status() SyncStatus {
	st := s.c.Status()
	out := SyncStatus{Progress: st.Progress, Pending: st.Pending, LastSynced: st.LastSynced}
	switch st.State {
	case client.StateOffline:
		out.State = SyncOffline
	case client.StateSyncing:
		out.State = SyncSyncing
	case client.StateSynced:
		out.State = SyncSynced
	case client.StateError:
		out.State = SyncError
	default:
		out.State = SyncNotConnected
	}
	if st.Err != "" {
		out.Err = errors.New(st.Err)
	}
	return out
}
func (s clientSyncer) Updates() <-chan struct{}                      { return s.c.Updates() }
func (s clientSyncer) SyncNow()                                      { s.c.SyncNow() }
func (s clientSyncer) Connect(context.Context, string, string) error { return nil }

// TestRegisterTapRepaintsOnce: a tap on the register repaints it once
// (issue 12). Watch runs as in the app, with a real sync client and server:
// the save's own change notice, the sync status changes, the queue's
// acknowledgement and the device's own mark coming back in the next pull
// repaint the register no more; the status line still follows the sync.
func TestRegisterTapRepaintsOnce(t *testing.T) {
	srv := servertest.New(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	code := srv.Code(protocol.Scope{Organisation: true}, domain.RoleLinkWorker)

	h := newHarness(t, true, desktopSize)
	if err := client.Enrol(ctx, h.st, srv.URL, code); err != nil {
		t.Fatal(err)
	}
	c := client.New(h.st, client.Options{ChangeDelay: 10 * time.Millisecond, PollInterval: time.Hour})
	h.u.opts.Syncer = clientSyncer{c}
	h.signIn(domain.RoleFacilitator)
	r := h.openRegister(garden)

	// The UI goroutine is this one: Watch's work waits in a queue for it.
	queue := make(chan func(), 256)
	h.u.do = func(f func()) { queue <- f }
	runCtx, stop := context.WithCancel(ctx)
	clientDone := make(chan struct{})
	go func() {
		defer close(clientDone)
		c.Run(runCtx)
	}()
	watchDone := make(chan struct{})
	go func() {
		defer close(watchDone)
		h.u.Watch(runCtx)
	}()
	defer func() {
		stop()
		<-clientDone
		<-watchDone
	}()
	// settle runs the UI work queued until ok holds and nothing more
	// comes for a while.
	settle := func(what string, ok func() bool) {
		t.Helper()
		deadline := time.After(time.Minute)
		for {
			select {
			case f := <-queue:
				f()
				continue
			case <-time.After(300 * time.Millisecond):
				if ok() {
					return
				}
			case <-deadline:
				t.Fatalf("timed out waiting for %s (status %+v)", what, c.Status())
			}
		}
	}
	synced := func() bool {
		st := c.Status()
		return st.State == client.StateSynced && st.Pending == 0 && h.st.PendingCount() == 0
	}
	settle("the demo data to sync", synced)
	cursor := func() int {
		b, _ := h.st.Meta(client.MetaCursor)
		n, _ := strconv.Atoi(string(b))
		return n
	}
	cursorBefore, lastSynced := cursor(), c.Status().LastSynced
	pid := firstUnmarked(t, r)
	r.ResetRepaints()

	test.Tap(h.markButton(r, pid))
	if r.Repaints() != 1 {
		t.Fatalf("the tap repainted the register %d times at once, want 1", r.Repaints())
	}
	if r.MarkOf(pid).Status != domain.StatusPresent {
		t.Fatalf("the register shows the mark as %q after the tap", r.MarkOf(pid).Status)
	}
	settle("the mark to sync", func() bool { return synced() && c.Status().LastSynced.After(lastSynced) })
	if cursor() <= cursorBefore {
		t.Fatalf("the pull after the push brought nothing back (cursor %d, was %d): no echo to count", cursor(), cursorBefore)
	}
	if r.Repaints() != 1 {
		t.Errorf("one tap repainted the register %d times (the save, its acknowledgement, its echo and the sync status), want 1", r.Repaints())
	}
	if text := h.u.syncLabel.Text; !strings.HasPrefix(text, "Synced") || strings.Contains(text, "waiting") {
		t.Errorf("the status line reads %q after the sync", text)
	}

	// A change made elsewhere still repaints it.
	other := r.Expected()[0]
	if other == pid {
		other = r.Expected()[1]
	}
	id := domain.AttendanceID(r.SessionID(), other)
	if err := h.st.Save("someone-else", record.Change{Kind: domain.KindAttendance, ID: id, Fields: map[string]string{
		"session_id": r.SessionID(), "person_id": other, "status": domain.StatusLate}}); err != nil {
		t.Fatal(err)
	}
	settle("the other change to show", func() bool { return r.MarkOf(other).Status == domain.StatusLate })
	if r.Repaints() != 2 {
		t.Errorf("a change not made on this screen repainted the register %d times, want once more (2)", r.Repaints())
	}
}
