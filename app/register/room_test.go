package register

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/app/kit"
)

// TestRowsAreLargeTargets: a register row and each of its buttons are at
// least a large touch target high, and Undo is offered after a mark.
func TestRowsAreLargeTargets(t *testing.T) {
	h := newHarness(t, true, desktopSize)
	h.signIn("facilitator")
	r := h.openRegister(garden)
	row := newRegisterRow(r)
	if row.MinSize().Height < kit.MinTouch {
		t.Errorf("a row is %v px tall, under the %v px of a large target", row.MinSize().Height, kit.MinTouch)
	}
	for _, b := range []fyne.CanvasObject{row.mark, row.more, row.card} {
		row.Resize(row.MinSize())
		if b.Size().Height < kit.MinTouch {
			t.Errorf("a row's button is %v px tall, want at least %v", b.Size().Height, kit.MinTouch)
		}
	}
	test.Tap(h.row(r, r.rows[0].Person.ID).mark)
	if !r.undoBtn.Visible() || r.undoBtn.Disabled() {
		t.Error("Undo is not offered after a mark")
	}
}
