package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/gather-sp/gather/app/kit"
)

// TestRegisterFitsEightRows: at 1280×800 with the default text a
// facilitator sees at least eight people on the register without
// scrolling, and every button on a row is still a large target.
func TestRegisterFitsEightRows(t *testing.T) {
	h := newHarness(t, true, desktopSize)
	h.u.SetAppearance(TextNormal, AppearanceLight)
	h.signIn("facilitator")
	r := h.openRegister(garden)
	h.w.Resize(desktopSize)
	if len(r.rows) < 8 {
		t.Fatalf("the demo register has %d rows; the test needs 8", len(r.rows))
	}
	row := newRegisterRow(r)
	pad := theme.Size(theme.SizeNamePadding)
	pitch := row.MinSize().Height + pad
	fit := int((r.list.Size().Height + pad) / pitch)
	if fit < 8 {
		t.Errorf("%d rows fit in the register's %v px (a row takes %v px), want at least 8", fit, r.list.Size().Height, pitch)
	}
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
