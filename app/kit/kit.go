package kit

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// MinTouch is the smallest height, in Fyne units, of anything a finger taps.
const MinTouch = 48

// minLayout gives its objects at least a minimum size, and all of the
// space it is given.
type minLayout struct{ min fyne.Size }

func (l minLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	s := l.min
	for _, o := range objs {
		if o.Visible() {
			s = s.Max(o.MinSize())
		}
	}
	return s
}

func (l minLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// Sized wraps o so it is at least w by h (0 leaves that side to o). A
// choice list (widget.Select) gets an entry's edge round it here, the one
// place every control on a page is made a touch target high: Fyne draws
// it with an entry's fill and no edge, which on a Panel (of that fill)
// left nothing to say it can be tapped.
func Sized(o fyne.CanvasObject, w, h float32) *fyne.Container {
	objs := []fyne.CanvasObject{o}
	if sel, ok := o.(*widget.Select); ok {
		objs = append(objs, newChoiceEdge(sel))
	}
	return container.New(minLayout{fyne.NewSize(w, h)}, objs...)
}

// choiceEdge is an entry's edge drawn over a choice list, in the theme's
// colours as they are when it is drawn (a dark appearance chosen later
// repaints it). It takes no taps: they reach the list beneath.
type choiceEdge struct {
	widget.BaseWidget
	sel *widget.Select
}

func newChoiceEdge(sel *widget.Select) *choiceEdge {
	e := &choiceEdge{sel: sel}
	e.ExtendBaseWidget(e)
	return e
}

func (e *choiceEdge) CreateRenderer() fyne.WidgetRenderer {
	r := &choiceEdgeRenderer{e: e, rect: canvas.NewRectangle(color.Transparent)}
	r.Refresh()
	return r
}

type choiceEdgeRenderer struct {
	e    *choiceEdge
	rect *canvas.Rectangle
}

func (r *choiceEdgeRenderer) Destroy()                     {}
func (r *choiceEdgeRenderer) MinSize() fyne.Size           { return fyne.Size{} }
func (r *choiceEdgeRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.rect} }

// Layout draws the edge as an entry does: its stroke inside the bounds.
func (r *choiceEdgeRenderer) Layout(size fyne.Size) {
	b := r.e.Theme().Size(theme.SizeNameInputBorder)
	r.rect.Move(fyne.NewSquareOffsetPos(b / 2))
	r.rect.Resize(size.Subtract(fyne.NewSquareSize(b)))
}

func (r *choiceEdgeRenderer) Refresh() {
	th := r.e.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	r.rect.StrokeColor = th.Color(theme.ColorNameInputBorder, v)
	r.rect.StrokeWidth = th.Size(theme.SizeNameInputBorder)
	r.rect.CornerRadius = th.Size(theme.SizeNameInputRadius)
	r.rect.Hidden = !r.e.sel.Visible()
	r.Layout(r.e.Size())
	r.rect.Refresh()
}

// Tall makes o at least MinTouch high.
func Tall(o fyne.CanvasObject) *fyne.Container { return Sized(o, 0, MinTouch) }

// BigButton is a button with an icon and an importance.
func BigButton(label string, icon fyne.Resource, imp widget.Importance, tapped func()) *widget.Button {
	b := widget.NewButtonWithIcon(label, icon, tapped)
	b.Importance = imp
	return b
}

// Heading is a screen's title: large, bold, wrapping.
func Heading(text string) *widget.Label {
	l := Wrapped(text)
	l.SizeName = theme.SizeNameHeadingText
	l.TextStyle.Bold = true
	return l
}

// Subheading titles a part of a screen: bold, a size up, wrapping.
func Subheading(text string) *widget.Label {
	l := Wrapped(text)
	l.SizeName = theme.SizeNameSubHeadingText
	l.TextStyle.Bold = true
	return l
}

// Bold is wrapping text in bold: a label for what follows.
func Bold(text string) *widget.Label {
	l := Wrapped(text)
	l.TextStyle.Bold = true
	return l
}

// Muted is secondary text, wrapping, in the theme's secondary colour
// (which meets WCAG AA: app's TestThemeContrast). It is how a hint, a
// preview or something not reached yet reads as quieter than the text
// round it: Gather draws no italic (see TestTwoTextStyles).
func Muted(text string) *widget.Label {
	l := Wrapped(text)
	l.Importance = widget.LowImportance
	return l
}

// Code is something to type or copy exactly, such as a command, on one
// line: bold, not monospace (see TestTwoTextStyles). The codes Gather
// makes are capitals and digits without 0, O, 1 or I, which a
// proportional font could confuse.
func Code(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.TextStyle.Bold = true
	return l
}

// BigCode is a Code to read out or copy by hand: heading size, centred.
func BigCode(text string) *widget.Label {
	l := Code(text)
	l.SizeName = theme.SizeNameHeadingText
	l.Alignment = fyne.TextAlignCenter
	return l
}

// CodeText is a Code drawn directly, size units high and centred, in the
// text colour.
func CodeText(text string, size float32) *canvas.Text {
	t := canvas.NewText(text, theme.Color(theme.ColorNameForeground))
	t.TextSize = size
	t.TextStyle.Bold = true
	t.Alignment = fyne.TextAlignCenter
	return t
}

// Wrapped is a label that wraps at word boundaries.
func Wrapped(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// fitWidth lays its objects out at a chosen width and reports the height
// they need there, so wrapped text is as tall as its lines: a dialog built
// round it grows to hold every line, and its buttons sit below them.
type fitWidth struct{ width func() float32 }

func (l fitWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	w := l.width()
	s := fyne.NewSize(w, 0)
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		// A wrapping label works out its lines from its width.
		if o.Size().Width != w {
			o.Resize(fyne.NewSize(w, o.MinSize().Height))
		}
		s.Height = fyne.Max(s.Height, o.MinSize().Height)
	}
	return s
}

func (l fitWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// FitWidth wraps o so it is laid out width() wide (asked again at each
// layout) and as tall as it needs at that width.
func FitWidth(o fyne.CanvasObject, width func() float32) *fyne.Container {
	return container.New(fitWidth{width}, o)
}

// DialogWidth is how wide a dialog's text is: maxWidth, or less where the
// window is narrower, leaving room for the dialog's own padding.
func DialogWidth(c fyne.Canvas, maxWidth float32) float32 {
	if c == nil {
		return maxWidth
	}
	if room := c.Size().Width - 96; room > 0 && room < maxWidth {
		return fyne.Max(room, 200)
	}
	return maxWidth
}

// The info-sheet print buttons' words, one set wherever a sheet is
// printed (the Activities screen, the person card), so reception finds
// the same button in both.
const (
	PrintInfoSheet    = "Print info sheet"
	PrintInLargePrint = "Print in large print"
)
