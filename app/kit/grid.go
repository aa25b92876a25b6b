package kit

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
)

// NewFitGrid lays objs out in a grid of up to columns equal columns, using
// fewer when they would not fit at their minimum widths: five answer
// buttons side by side on a laptop, three and two on a portrait tablet,
// never wider than the window. width says the width it will be laid out at
// (as for NewFlow); nil or 0 means all the columns.
func NewFitGrid(columns int, width func() float32, objs ...fyne.CanvasObject) *fyne.Container {
	return container.New(fitGrid{columns: columns, width: width}, objs...)
}

type fitGrid struct {
	columns int
	width   func() float32
}

// cell is the largest minimum size of the objects.
func (g fitGrid) cell(objs []fyne.CanvasObject) fyne.Size {
	var c fyne.Size
	for _, o := range objs {
		c = c.Max(o.MinSize())
	}
	return c
}

// fit is how many columns fit in width.
func (g fitGrid) fit(objs []fyne.CanvasObject, width float32) int {
	n := max(g.columns, 1)
	if width <= 0 {
		return n
	}
	cell, gap := g.cell(objs).Width, theme.Padding()
	for n > 1 && float32(n)*cell+float32(n-1)*gap > width {
		n--
	}
	if n < len(objs) {
		// Even rows read better than a full row and a straggler: five
		// answers fold as three and two, not four and one.
		rows := (len(objs) + n - 1) / n
		n = (len(objs) + rows - 1) / rows
	}
	return n
}

func (g fitGrid) size(objs []fyne.CanvasObject, n int) fyne.Size {
	if len(objs) == 0 {
		return fyne.Size{}
	}
	cell, gap := g.cell(objs), theme.Padding()
	rows := (len(objs) + n - 1) / n
	return fyne.NewSize(float32(n)*cell.Width+float32(n-1)*gap, float32(rows)*cell.Height+float32(rows-1)*gap)
}

func (g fitGrid) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var width float32
	if g.width != nil {
		width = g.width()
	}
	return g.size(objs, g.fit(objs, width))
}

func (g fitGrid) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	n := g.fit(objs, size.Width)
	if m := g.fitWidth(); m > 0 {
		n = min(n, g.fit(objs, m)) // as many rows as MinSize promised room for
	}
	gap := theme.Padding()
	cellW := (size.Width - float32(n-1)*gap) / float32(n)
	cellH := g.cell(objs).Height
	for i, o := range objs {
		row, col := i/n, i%n
		o.Move(fyne.NewPos(float32(col)*(cellW+gap), float32(row)*(cellH+gap)))
		o.Resize(fyne.NewSize(cellW, cellH))
	}
}

func (g fitGrid) fitWidth() float32 {
	if g.width == nil {
		return 0
	}
	return g.width()
}
