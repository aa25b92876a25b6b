package uitest

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/kit"
)

// TextSize is the app's theme (app/theme.go) at one of Settings' text
// sizes: its sizes, with text scaled by Scale (Normal 1, Large 1.2,
// Largest 1.45).
type TextSize struct {
	fyne.Theme
	Scale float32
}

func (t TextSize) Size(n fyne.ThemeSizeName) float32 {
	if size, ok := kit.ThemeSize(n, t.Scale); ok {
		return size
	}
	return t.Theme.Size(n)
}

// TextSizes are Settings' text sizes, by name.
var TextSizes = kit.TextScales

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
