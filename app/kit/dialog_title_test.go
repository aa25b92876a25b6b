package kit_test

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/kit"
)

// TestDialogTitleFitsTheWindow: Fyne draws a dialog's title on one line,
// never wrapped or cut, and makes the dialog as wide as it, so a title
// carrying a long name ("Archive Museum visit: Kirkby Vale at work and
// its outreach mornings?") ran off a portrait tablet at the largest text.
// NewDialog breaks such a title into lines: at every text size, on a
// portrait tablet and a narrow window, the dialog lies inside the window
// and its title keeps every word.
func TestDialogTitleFitsTheWindow(t *testing.T) {
	const title = "Archive Museum visit: Kirkby Vale at work and its outreach mornings for carers?"
	onEachDialogWindow(t, func(t *testing.T, w fyne.Window, width float32, _ string) {
		d := kit.NewDialog(w, title, kit.DialogText(w, kit.Wrapped("It leaves every register and list; its history stays.")), "Keep it",
			[]fyne.CanvasObject{widget.NewButton("Archive", nil)})
		d.Show()
		var box fyne.CanvasObject
		var titleLabel *widget.Label
		for _, o := range test.LaidOutObjects(w.Canvas().Overlays().Top()) {
			if c, ok := o.(*fyne.Container); ok && box == nil && len(c.Objects) == 5 {
				box = c // the dialog: icon, background, body, buttons, title
				titleLabel, _ = c.Objects[4].(*widget.Label)
			}
		}
		if box == nil || titleLabel == nil {
			t.Fatal("no dialog with a title on show")
		}
		pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(box)
		if pos.X < 0 || pos.X+box.Size().Width > width+0.5 {
			t.Errorf("the dialog runs from x=%.0f to %.0f, outside the window's %.0f", pos.X, pos.X+box.Size().Width, width)
		}
		if got := titleLabel.MinSize().Width + 32; got > box.Size().Width+0.5 {
			t.Errorf("the title needs %.0f, the dialog is %.0f wide", got, box.Size().Width)
		}
		if got := strings.Join(strings.Fields(titleLabel.Text), " "); got != title {
			t.Errorf("the title reads %q, want every word of %q", got, title)
		}
	})
}
