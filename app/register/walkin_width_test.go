package register

import (
	"path"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/app/internal/uitest"
)

// TestWalkInFormFitsTheWidth: at every text size, on a portrait tablet and
// a laptop, nothing on the walk-in form runs past the window's right edge:
// no answer to "Came" cut off, no text box or dropdown losing its right
// edge, however long the labels ("Emergency contact's phone").
func TestWalkInFormFitsTheWidth(t *testing.T) {
	onEachRegisterSize(t, func(t *testing.T, h *harness, size fyne.Size, r *Register) {
		test.Tap(r.walkInBtn)
		top := h.w.Canvas().Overlays().Top()
		top.Refresh()
		uitest.Shot(t, h.w, "walkin-width-"+path.Base(t.Name())) // the subtest: size and text size
		if got := uitest.PastRightEdge(top, 0, size.Width); len(got) > 0 {
			t.Errorf("past the right edge of the %.0f wide window: %q", size.Width, got)
		}
		if cut := uitest.CutShort(top); len(cut) > 0 {
			t.Errorf("cut short: %q", cut)
		}
	})
}
