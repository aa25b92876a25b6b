package uitest

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// TextSize is the app's theme (app/theme.go) at one of Settings' text
// sizes: its sizes, with text scaled by Scale (Normal 1, Large 1.2,
// Largest 1.45).
type TextSize struct {
	fyne.Theme
	Scale float32
}

func (t TextSize) Size(n fyne.ThemeSizeName) float32 {
	switch n {
	case theme.SizeNameText:
		return 16 * t.Scale
	case theme.SizeNameHeadingText:
		return 26 * t.Scale
	case theme.SizeNameSubHeadingText:
		return 20 * t.Scale
	case theme.SizeNameCaptionText:
		return 13 * t.Scale
	case theme.SizeNameInlineIcon:
		return 22 * t.Scale
	case theme.SizeNameInnerPadding:
		return 10
	case theme.SizeNamePadding:
		return 5
	case theme.SizeNameInputRadius, theme.SizeNameSelectionRadius:
		return 6
	}
	return t.Theme.Size(n)
}

// TextSizes are Settings' text sizes, by name.
var TextSizes = []struct {
	Name  string
	Scale float32
}{{"normal", 1}, {"large", 1.2}, {"largest", 1.45}}

// PastRightEdge lists what on show under o (o itself at x) runs past
// right: a control or text cut off at the edge of the window.
func PastRightEdge(o fyne.CanvasObject, x, right float32) []string {
	if o == nil || !o.Visible() || fmt.Sprintf("%T", o) == "*widget.Shadow" {
		return nil // a dialog's shadow falls outside it
	}
	x += o.Position().X
	var out []string
	if end := x + o.Size().Width; end > right+0.5 {
		name := ControlLabel(o)
		if l, ok := o.(*widget.Label); ok {
			name = l.Text
		}
		out = append(out, fmt.Sprintf("%T %q to %.0f", o, name, end))
	}
	var kids []fyne.CanvasObject
	switch c := o.(type) {
	case *container.Scroll:
		kids = []fyne.CanvasObject{c.Content}
	case *fyne.Container:
		kids = c.Objects
	case fyne.Widget:
		kids = test.WidgetRenderer(c).Objects()
	}
	for _, k := range kids {
		out = append(out, PastRightEdge(k, x, right)...)
	}
	return out
}
