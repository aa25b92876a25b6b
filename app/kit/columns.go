package kit

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
)

// Columns lays objects out in rows of as many equal columns as fit, each
// at least Cell text-heights wide; rows are as tall as their tallest
// object. With Even set, a last short row keeps the same column width;
// otherwise its objects share the row. Use a new one per container: it
// remembers the width it was last laid out at, for MinSize.
type Columns struct {
	Cell  float32 // minimum column width, in text sizes
	Even  bool
	width float32
}

// NewColumns is a container laid out by Columns.
func NewColumns(cell float32, even bool, objs ...fyne.CanvasObject) *fyne.Container {
	return container.New(&Columns{Cell: cell, Even: even}, objs...)
}

func (f *Columns) cellWidth() float32 { return f.Cell * theme.Size(theme.SizeNameText) }

func (f *Columns) columns(width float32, n int) int {
	pad := theme.Padding()
	cols := int((width + pad) / (f.cellWidth() + pad))
	return max(1, min(cols, n))
}

// Visible are the objects of objs that are showing: what a layout places.
func Visible(objs []fyne.CanvasObject) []fyne.CanvasObject {
	var out []fyne.CanvasObject
	for _, o := range objs {
		if o.Visible() {
			out = append(out, o)
		}
	}
	return out
}

func (f *Columns) MinSize(objs []fyne.CanvasObject) fyne.Size {
	vis := Visible(objs)
	if len(vis) == 0 {
		return fyne.Size{}
	}
	cols := 1
	if f.width > 0 {
		cols = f.columns(f.width, len(vis))
	}
	pad := theme.Padding()
	var h float32
	for i := 0; i < len(vis); i += cols {
		var row float32
		for _, o := range vis[i:min(i+cols, len(vis))] {
			row = fyne.Max(row, o.MinSize().Height)
		}
		h += row + pad
	}
	w := f.cellWidth()
	for _, o := range vis {
		w = fyne.Max(w, fyne.Min(o.MinSize().Width, f.cellWidth()))
	}
	return fyne.NewSize(w, h-pad)
}

func (f *Columns) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	f.width = size.Width
	vis := Visible(objs)
	if len(vis) == 0 {
		return
	}
	pad := theme.Padding()
	cols := f.columns(size.Width, len(vis))
	cw := (size.Width - pad*float32(cols-1)) / float32(cols)
	var y float32
	for i := 0; i < len(vis); i += cols {
		row := vis[i:min(i+cols, len(vis))]
		var h float32
		for _, o := range row {
			o.Resize(fyne.NewSize(cw, o.Size().Height))
			h = fyne.Max(h, o.MinSize().Height)
		}
		w := cw
		if !f.Even && len(row) < cols {
			w = (size.Width - pad*float32(len(row)-1)) / float32(len(row))
		}
		for j, o := range row {
			o.Move(fyne.NewPos(float32(j)*(w+pad), y))
			o.Resize(fyne.NewSize(w, h))
		}
		y += h + pad
	}
}
