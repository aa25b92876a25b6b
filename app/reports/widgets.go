package reports

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/kit"
)

func itoa(n int) string { return strconv.Itoa(n) }

// tall makes o at least a touch target high.
func tall(o fyne.CanvasObject) *fyne.Container { return kit.Tall(o) }

func bigButton(label string, icon fyne.Resource, imp widget.Importance, tapped func()) *widget.Button {
	return kit.BigButton(label, icon, imp, tapped)
}

func wrapped(text string) *widget.Label { return kit.Wrapped(text) }

func bold(text string) *widget.Label { return kit.Bold(text) }

// muted is secondary text (kit.Muted).
func muted(text string) *widget.Label { return kit.Muted(text) }

func subheading(text string) *widget.Label { return kit.Subheading(text) }

// warning is a plain warning line, in the theme's warning colour.
func warning(text string) *widget.Label {
	l := wrapped(text)
	l.Importance = widget.WarningImportance
	l.TextStyle.Bold = true
	return l
}

// field is a labelled input, the label above it.
func field(label string, input fyne.CanvasObject) fyne.CanvasObject {
	l := widget.NewLabel(label)
	l.TextStyle.Bold = true
	return container.New(tight{}, l, input)
}

func dateEntry() *widget.Entry {
	e := widget.NewEntry()
	e.SetPlaceHolder("31/01/2026")
	return e
}

// panel is a rounded, slightly tinted block that groups things.
func panel(content fyne.CanvasObject) fyne.CanvasObject {
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	bg.CornerRadius = theme.Size(theme.SizeNameInputRadius) * 1.5
	bg.StrokeColor = theme.Color(theme.ColorNameSeparator)
	bg.StrokeWidth = 1
	return container.NewStack(bg, container.NewPadded(content))
}

// tile is one headline figure: the number large, what it counts under it.
func tile(caption, value string) fyne.CanvasObject {
	v := widget.NewLabel(value)
	if value == "" {
		v.SetText("nothing to count")
	}
	v.SizeName = theme.SizeNameHeadingText
	v.TextStyle.Bold = true
	if !isFigure(value) {
		// Not a number ("not shown", "nobody waiting"): smaller, regular
		// and faint.
		v.SizeName = theme.SizeNameSubHeadingText
		v.TextStyle.Bold = false
		v.Importance = widget.LowImportance
	}
	return panel(container.New(tight{}, v, wrapped(caption)))
}

// isFigure reports whether a tile's value is a number ("12", "66%",
// "2.5 days", "-0.40") rather than words.
func isFigure(value string) bool {
	value = strings.TrimPrefix(value, "-")
	return value != "" && value[0] >= '0' && value[0] <= '9'
}

// tiles lays headline figures out in as many columns as fit.
func tiles(pairs ...[2]string) fyne.CanvasObject {
	c := container.New(&kit.Columns{Cell: 11, Even: true})
	for _, p := range pairs {
		c.Add(tile(p[0], p[1]))
	}
	return c
}

// block is a titled part of a section: a subheading, an optional note, and
// the content.
func block(title, note string, content ...fyne.CanvasObject) fyne.CanvasObject {
	objs := []fyne.CanvasObject{subheading(title)}
	if note != "" {
		objs = append(objs, muted(note))
	}
	objs = append(objs, content...)
	return container.NewVBox(objs...)
}

// tight stacks objects vertically, overlapping the labels' padding so a
// label sits close to what it labels.
type tight struct{}

func (tight) overlap() float32 { return theme.Size(theme.SizeNameInnerPadding) }

func (l tight) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	n := 0
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		m := o.MinSize()
		s.Width = fyne.Max(s.Width, m.Width)
		s.Height += m.Height
		n++
	}
	if n > 1 {
		s.Height -= l.overlap() * float32(n-1)
	}
	return s
}

func (l tight) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	y := float32(0)
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		h := o.MinSize().Height
		o.Move(fyne.NewPos(0, y))
		o.Resize(fyne.NewSize(size.Width, h))
		y += h - l.overlap()
	}
}
