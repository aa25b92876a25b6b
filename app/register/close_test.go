package register

import (
	"fmt"
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/domain"
)

// mustNotOverlap fails if the search bar, the closed bar or the list's
// first row cover one another, or the first row starts above the search
// bar's bottom.
func mustNotOverlap(t *testing.T, h *harness, r *Register) {
	t.Helper()
	d := fyne.CurrentApp().Driver()
	searchTop := d.AbsolutePositionForObject(r.search).Y
	searchBottom := searchTop + r.search.Size().Height
	listTop := d.AbsolutePositionForObject(r.list).Y
	if listTop < searchBottom {
		t.Errorf("the list starts at %.0f, above the bottom of the search bar (%.0f): the first row is covered", listTop, searchBottom)
	}
	if r.closedBar.Visible() {
		barBottom := d.AbsolutePositionForObject(r.closedBar).Y + r.closedBar.Size().Height
		if barBottom > searchTop {
			t.Errorf("the closed bar ends at %.0f, below the top of the search bar (%.0f)", barBottom, searchTop)
		}
		if r.closedBar.Size().Height < r.closedBar.MinSize().Height {
			t.Errorf("the closed bar has %v, needs %v", r.closedBar.Size(), r.closedBar.MinSize())
		}
	}
}

func TestCloseSessionKeepsTheFirstRowInSight(t *testing.T) {
	for _, size := range []fyne.Size{desktopSize, fyne.NewSize(800, 1280)} {
		t.Run(sizeName(size), func(t *testing.T) {
			h := newHarness(t, true, size)
			h.signIn("facilitator")
			r := h.openRegister(garden)
			mustNotOverlap(t, h, r)
			test.Tap(r.closeBtn)
			test.Tap(r.closeDlg.confirm)
			if !r.closedBar.Visible() {
				t.Fatal("no closed bar")
			}
			mustNotOverlap(t, h, r)
			test.Tap(r.reopenBtn)
			mustNotOverlap(t, h, r)
		})
	}
}

// TestCloseSessionMarksTheRestAbsent: closing offers to mark everyone not
// yet marked as absent; ticked, they are saved absent with the closing, and
// the session has nobody left to mark.
func TestCloseSessionMarksTheRestAbsent(t *testing.T) {
	h := newHarness(t, true, desktopSize)
	h.signIn("facilitator")
	r := h.openRegister(garden)
	before := r.info.Summary
	if before.Unmarked == 0 {
		t.Fatal("the demo register has nobody to mark")
	}
	test.Tap(r.closeBtn)
	if r.closeDlg.restAbsent == nil {
		t.Fatal("Close session does not offer to mark the rest absent")
	}
	// What "not marked" means for the figures, in a facilitator's words
	// (it said "They will count as not recorded").
	says := fmt.Sprintf("%d people are not marked. Until they are, reports count them neither as here nor as absent; you can still mark them after closing.", before.Unmarked)
	if !slices.ContainsFunc(test.LaidOutObjects(h.w.Canvas().Overlays().Top()), func(o fyne.CanvasObject) bool {
		l, ok := o.(*widget.Label)
		return ok && l.Text == says
	}) {
		t.Errorf("Close session does not say %q", says)
	}
	test.Tap(r.closeDlg.restAbsent)
	test.Tap(r.closeDlg.confirm)
	after := r.info.Summary
	if after.Unmarked != 0 || after.Absent != before.Absent+before.Unmarked {
		t.Errorf("after closing: %d unmarked, %d absent; want 0 and %d", after.Unmarked, after.Absent, before.Absent+before.Unmarked)
	}
	absent := 0
	for _, row := range h.st.View().By(domain.KindAttendance, "session_id", r.sessionID) {
		if row.Get("status") == domain.StatusAbsent && row.Get("marked_by") == h.sh.Who.ID {
			absent++
		}
	}
	if absent < before.Unmarked {
		t.Errorf("%d absent marks saved by the facilitator, want at least %d", absent, before.Unmarked)
	}
	if !r.closedBar.Visible() {
		t.Error("the session is not closed")
	}
}
