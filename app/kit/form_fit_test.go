package kit

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// TestFitGridFoldsColumnByColumn: a FitGrid takes as many of its columns
// as fit, fewer before one, and is never wider than what it was given.
func TestFitGridFoldsColumnByColumn(t *testing.T) {
	test.NewTempApp(t)
	box := func() fyne.CanvasObject {
		r := canvas.NewRectangle(nil)
		r.SetMinSize(fyne.NewSize(100, 10))
		return r
	}
	for _, c := range []struct {
		width float32
		cols  int
	}{{400, 3}, {250, 2}, {150, 1}} {
		g := FitGrid(func() float32 { return c.width }, 3, box(), box(), box())
		if got := g.Layout.(formGrid).columns(g.Objects); got != c.cols {
			t.Errorf("in %.0f: %d columns, want %d", c.width, got, c.cols)
		}
		if w := g.MinSize().Width; w > c.width {
			t.Errorf("in %.0f: %.0f wide", c.width, w)
		}
	}
}

// TestLabelledFieldsPutLabelsAboveWhenTight: labels sit beside their
// fields where both fit, and above them where they do not, an entry's
// hint counting as its width.
func TestLabelledFieldsPutLabelsAboveWhenTight(t *testing.T) {
	test.NewTempApp(t)
	e := widget.NewEntry()
	e.SetPlaceHolder("Date of birth, e.g. 21/03/1956 (optional)")
	for _, c := range []struct {
		width  float32
		beside bool
	}{{900, true}, {400, false}} {
		f := LabelledFields(func() float32 { return c.width }, LabelledField{"Emergency contact's phone", e})
		if _, got := f.Layout.(labelledLayout).columns(f.Objects); got != c.beside {
			t.Errorf("in %.0f: beside %v, want %v", c.width, got, c.beside)
		}
		if w := f.MinSize().Width; w > c.width {
			t.Errorf("in %.0f: %.0f wide", c.width, w)
		}
	}
}
