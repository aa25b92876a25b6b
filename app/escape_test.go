package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/kit"
	"github.com/gather-sp/gather/domain"
)

// TestEscapeWithADialogOpenLeavesThePageBehind: Escape goes Back from a
// pushed page, but not while a dialog is open over it (a walk-in being
// typed, "Ready to print"): the page behind went away under the dialog,
// which then answered for a page no longer shown.
func TestEscapeWithADialogOpenLeavesThePageBehind(t *testing.T) {
	h := newHarness(t, true, desktopSize)
	h.signIn(domain.RoleAdministrator)
	h.u.Push(newSettingsScreen(h.u))
	pushed := h.u.current()
	d := kit.NewDialog(h.w, "Ready to print", widget.NewLabel("The sheet is ready."), "Close", nil)
	d.Show()
	escape := func() {
		h.w.Canvas().(interface{ OnTypedKey() func(*fyne.KeyEvent) }).OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	}
	escape()
	if h.u.current() != pushed {
		t.Error("Escape with a dialog open went Back from the page behind it")
	}
	d.Hide()
	escape()
	if h.u.current() == pushed {
		t.Error("Escape with no dialog open did not go Back")
	}
}
