package kit

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
)

// NewFlow lays objs out in a row at their minimum sizes, wrapping to a
// new row when the next would not fit, like words in a line: a row of
// buttons that stays on screen on a portrait tablet and at the largest text
// size. width says the width it will be laid out at (Fyne asks MinSize
// before Layout, so the layout cannot wait to learn it); nil or 0 means one
// row.
func NewFlow(width func() float32, objs ...fyne.CanvasObject) *fyne.Container {
	return container.New(flowLayout{width: width}, objs...)
}

// WindowWidth is a width for NewFlow: the window's content width, or 0
// when there is no window yet.
func WindowWidth(w fyne.Window) func() float32 {
	return func() float32 {
		if w == nil {
			return 0
		}
		return w.Canvas().Size().Width - 2*theme.Padding()
	}
}

// flowLayout places its objects in a row at their minimum sizes and wraps
// to a new row when the next one would not fit, like words in a line. The
// navigation bar uses it so every entry stays on screen on a portrait
// tablet and at the largest text size. width gives the width it will be
// laid out at (Fyne asks MinSize before Layout, so the layout cannot wait
// to learn it).
type flowLayout struct{ width func() float32 }

// rows splits objs into rows that fit in width.
func (l flowLayout) rows(objs []fyne.CanvasObject, width float32) [][]fyne.CanvasObject {
	gap := theme.Padding()
	var rows [][]fyne.CanvasObject
	var row []fyne.CanvasObject
	x := float32(0)
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		w := o.MinSize().Width
		if len(row) > 0 && x+gap+w > width {
			rows = append(rows, row)
			row, x = nil, 0
		}
		if len(row) > 0 {
			x += gap
		}
		row = append(row, o)
		x += w
	}
	if len(row) > 0 {
		rows = append(rows, row)
	}
	return rows
}

// RowWidth is how wide objs are in one row of a flow: their widths and
// the gaps between them, leaving out those hidden.
func RowWidth(objs []fyne.CanvasObject) float32 {
	w, n := float32(0), 0
	for _, o := range objs {
		if o.Visible() {
			w += o.MinSize().Width
			n++
		}
	}
	if n > 1 {
		w += theme.Padding() * float32(n-1)
	}
	return w
}

func rowHeight(row []fyne.CanvasObject) float32 {
	h := float32(0)
	for _, o := range row {
		h = max(h, o.MinSize().Height)
	}
	return h
}

func (l flowLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var width float32
	if l.width != nil {
		width = l.width()
	}
	if width <= 0 {
		width = 1 << 20 // not shown yet: one row
	}
	gap := theme.Padding()
	size := fyne.Size{}
	for i, row := range l.rows(objs, width) {
		if i > 0 {
			size.Height += gap
		}
		size.Height += rowHeight(row)
		for _, o := range row {
			size.Width = max(size.Width, o.MinSize().Width)
		}
	}
	return size
}

func (l flowLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	gap := theme.Padding()
	y := float32(0)
	for _, row := range l.rows(objs, size.Width) {
		h := rowHeight(row)
		x := float32(0)
		for _, o := range row {
			w := o.MinSize().Width
			o.Move(fyne.NewPos(x, y))
			o.Resize(fyne.NewSize(w, h))
			x += w + gap
		}
		y += h + gap
	}
}
