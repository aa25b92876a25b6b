package people

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"

	"github.com/gather-sp/gather/app/kit"
)

// cardHalves lays out a card's panels in two halves, each a column of
// panels, where both halves have cell text sizes of room (a laptop), and
// otherwise one column in the stacked order, which need not be the left
// half then the right: the desk's print buttons come up under the access
// needs rather than under every contact detail, so at the largest text on
// a laptop they are still in sight as the card opens. Hidden panels take
// no room. Use a new one per container: it remembers the width it was
// last laid out at, for MinSize.
type cardHalves struct {
	cell        float32 // minimum width of a half, in text sizes
	left, right []fyne.CanvasObject
	stacked     []fyne.CanvasObject // every panel, in one column's order
	width       float32
}

// newCardHalves is a container of the panels laid out by cardHalves.
func newCardHalves(cell float32, left, right, stacked []fyne.CanvasObject) *fyne.Container {
	return container.New(&cardHalves{cell: cell, left: left, right: right, stacked: stacked}, stacked...)
}

// twoColumns is whether halves fit side by side in width, as kit.Columns
// decides it for two columns.
func (c *cardHalves) twoColumns(width float32) bool {
	cellWidth := c.cell * theme.Size(theme.SizeNameText)
	pad := theme.Padding()
	return width+pad >= 2*(cellWidth+pad)
}

func (c *cardHalves) MinSize([]fyne.CanvasObject) fyne.Size {
	w := c.cell * theme.Size(theme.SizeNameText)
	if c.width > 0 && c.twoColumns(c.width) {
		return fyne.NewSize(w, fyne.Max(columnHeight(c.left), columnHeight(c.right)))
	}
	return fyne.NewSize(w, columnHeight(c.stacked))
}

func (c *cardHalves) Layout(_ []fyne.CanvasObject, size fyne.Size) {
	c.width = size.Width
	if !c.twoColumns(size.Width) {
		layColumn(c.stacked, 0, size.Width)
		return
	}
	pad := theme.Padding()
	half := (size.Width - pad) / 2
	layColumn(c.left, 0, half)
	layColumn(c.right, half+pad, half)
}

// columnHeight is how tall objs are one above another, padded apart.
func columnHeight(objs []fyne.CanvasObject) float32 {
	vis := kit.Visible(objs)
	var h float32
	for _, o := range vis {
		h += o.MinSize().Height
	}
	if len(vis) > 1 {
		h += theme.Padding() * float32(len(vis)-1)
	}
	return h
}

// layColumn puts objs one above another at x, width wide; each is given
// its width first, so wrapped text says how tall it is at that width.
func layColumn(objs []fyne.CanvasObject, x, width float32) {
	var y float32
	for _, o := range kit.Visible(objs) {
		o.Resize(fyne.NewSize(width, o.MinSize().Height))
		h := o.MinSize().Height
		o.Resize(fyne.NewSize(width, h))
		o.Move(fyne.NewPos(x, y))
		y += h + theme.Padding()
	}
}
