package uitest

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
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

// TextSizeEnds are the smallest and largest of TextSizes: a layout test
// that runs on several windows, each costly with -race, runs at these,
// as a layout that fits both fits the size between.
var TextSizeEnds = append(TextSizes[:1:1], TextSizes[len(TextSizes)-1])

// Largest is the scale of Settings' largest text size.
var Largest = kit.TextScale("largest")

// UseTextSize lays the current app's screens out as Settings' text size
// of scale (a TextSizes entry's Scale, or Largest) does: Gather's sizes
// over Fyne's default theme. Every layout test sets its text size here.
func UseTextSize(scale float32) {
	fyne.CurrentApp().Settings().SetTheme(TextSize{Theme: theme.DefaultTheme(), Scale: scale})
}

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
	for _, k := range children(o) {
		out = append(out, PastRightEdge(k, x, right)...)
	}
	return out
}

// OutOfSight says why target cannot be seen in w without scrolling, or ""
// when it can: it must be on show, and wholly inside the window and every
// scroll it sits in, each at the scroll offset it has now.
func OutOfSight(w fyne.Window, target fyne.CanvasObject) string {
	if target == nil || !target.Visible() {
		return "it is not on show"
	}
	d := fyne.CurrentApp().Driver()
	pos, size := d.AbsolutePositionForObject(target), target.Size()
	inside := func(what string, p fyne.Position, s fyne.Size) string {
		if pos.Y < p.Y-0.5 || pos.Y+size.Height > p.Y+s.Height+0.5 || pos.X < p.X-0.5 || pos.X+size.Width > p.X+s.Width+0.5 {
			return fmt.Sprintf("it is at %.0f,%.0f to %.0f,%.0f, outside %s at %.0f,%.0f to %.0f,%.0f", pos.X, pos.Y, pos.X+size.Width, pos.Y+size.Height,
				what, p.X, p.Y, p.X+s.Width, p.Y+s.Height)
		}
		return ""
	}
	if why := inside("the window", fyne.Position{}, w.Canvas().Size()); why != "" {
		return why
	}
	var why string
	var walk func(o fyne.CanvasObject, scrolls []*container.Scroll) bool
	walk = func(o fyne.CanvasObject, scrolls []*container.Scroll) bool {
		if o == nil || !o.Visible() {
			return false
		}
		if o == target {
			for _, sc := range scrolls {
				if why = inside("the scrolled area", d.AbsolutePositionForObject(sc), sc.Size()); why != "" {
					return true
				}
			}
			return true
		}
		if c, ok := o.(*container.Scroll); ok {
			scrolls = append(scrolls, c)
		}
		for _, k := range children(o) {
			if walk(k, scrolls) {
				return true
			}
		}
		return false
	}
	found := walk(w.Canvas().Content(), nil)
	for _, ov := range w.Canvas().Overlays().List() {
		found = found || walk(ov, nil)
	}
	if !found {
		return "it is not in the window"
	}
	return why
}

// children are what o draws inside it: a scroll's content, a container's
// objects, a widget's renderer's objects.
func children(o fyne.CanvasObject) []fyne.CanvasObject {
	switch c := o.(type) {
	case *container.Scroll:
		return []fyne.CanvasObject{c.Content}
	case *fyne.Container:
		return c.Objects
	case fyne.Widget:
		return test.WidgetRenderer(c).Objects()
	}
	return nil
}
