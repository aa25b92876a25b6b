package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/gather-sp/gather/domain"
)

// TestFooterFollowsARename: when the signed-in administrator is renamed
// (on the Admin screen, or on another device and synced here), the
// footer's "Name · switch" says the new name once the store's change
// notice comes through Watch, without signing in again; also when the
// screen on show had already repainted after its own save, and the
// header's other work is left to that repaint.
func TestFooterFollowsARename(t *testing.T) {
	for _, tc := range []struct {
		name string
		// ownRepaint: the screen repaints after the save, as its own.
		ownRepaint bool
		// beforeWatch: the rename commits before Watch takes its first
		// change notice (a busy machine had not yet run its goroutine).
		beforeWatch bool
	}{
		{name: "change notice"},
		{name: "after the screen's own repaint", ownRepaint: true},
		{name: "saved before Watch listened", beforeWatch: true},
	} {
		ownRepaint := tc.ownRepaint
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, true, desktopSize)
			h.signIn(domain.RoleAdministrator)
			me := h.u.Staff()
			if !strings.HasPrefix(h.u.staffBtn.Text, me.Name+" ·") {
				t.Fatalf("the footer says %q before, want %s", h.u.staffBtn.Text, me.Name)
			}
			// The UI goroutine is this one: Watch's work waits in a queue.
			queue := make(chan func(), 16)
			h.u.do = func(f func()) { queue <- f }
			var st domain.Staff
			if r, ok := h.u.View().Get(domain.KindStaff, me.ID); ok {
				r.Decode(&st)
			}
			rename := func() {
				if err := h.u.Save(domain.RenameStaff(st, me.ID, "Alexandra Morgan-Price", me.Role)); err != nil {
					t.Fatal(err)
				}
			}
			if tc.beforeWatch {
				rename()
			}
			ctx, stop := context.WithCancel(context.Background())
			done := make(chan struct{})
			go func() {
				defer close(done)
				h.u.Watch(ctx)
			}()
			defer func() {
				stop()
				<-done
			}()
			if !tc.beforeWatch {
				rename()
			}
			if ownRepaint {
				h.u.Repaint(h.u.current())
			}
			deadline := time.After(10 * time.Second)
			for !strings.HasPrefix(h.u.staffBtn.Text, "Alexandra Morgan-Price ·") {
				select {
				case f := <-queue:
					f()
				case <-deadline:
					t.Fatalf("the footer still says %q", h.u.staffBtn.Text)
				}
			}
			if got := h.u.Staff(); got.Name != "Alexandra Morgan-Price" || got.Role != me.Role {
				t.Errorf("signed in as %q (%s), want the new name and the same role", got.Name, got.Role)
			}
		})
	}
}

// TestFooterKeepsTheNameOfARemovedMember: once the signed-in member of
// staff is removed (on another device, and synced here), the view holds
// no record of them, and the footer keeps the name they signed in with
// rather than asking the removed record for one.
func TestFooterKeepsTheNameOfARemovedMember(t *testing.T) {
	h := newHarness(t, true, desktopSize)
	h.signIn(domain.RoleAdministrator)
	me := h.u.Staff()
	if err := h.u.Save(domain.RemoveStaff(me.ID)); err != nil {
		t.Fatal(err)
	}
	if _, ok := h.u.View().Get(domain.KindStaff, me.ID); ok {
		t.Fatal("the view still holds the removed member's record")
	}
	if h.u.followStaffName() {
		t.Error("the footer took a name from a removed member's record")
	}
	if got := h.u.Staff().Name; got != me.Name {
		t.Errorf("signed in as %q, want %q", got, me.Name)
	}
}
