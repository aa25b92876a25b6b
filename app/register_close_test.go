package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// mustNotOverlap fails if the search bar, the closed bar or the list's
// first row cover one another, or the first row starts above the search
// bar's bottom.
func mustNotOverlap(t *testing.T, h *harness, r *registerScreen) {
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
			shot(t, h, "register-closed-"+sizeName(size))
			test.Tap(r.reopenBtn)
			mustNotOverlap(t, h, r)
		})
	}
}
