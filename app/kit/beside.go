package kit

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
)

// ButtonsBeside is a name and its details (who) with their buttons: the
// buttons on the right when both fit side by side, else under the name,
// where they take the whole width and wrap onto more rows when one does
// not hold them (a portrait tablet at the largest text). Admin's staff and
// devices, and the Activities screen's cards, are built with it.
func ButtonsBeside(who fyne.CanvasObject, buttons ...fyne.CanvasObject) *fyne.Container {
	l := &besideLayout{}
	return container.New(l, who, NewFlow(func() float32 { return l.width }, buttons...))
}

// besideLayout puts its first object on the left and its second (a flow
// of buttons) on the right when both fit side by side, else the second
// under the first.
type besideLayout struct {
	width float32 // the width last laid out at, for MinSize and the flow
}

// beside is how wide the buttons are in one row, beside the name.
func beside(buttons fyne.CanvasObject) float32 {
	c, ok := buttons.(*fyne.Container)
	if !ok {
		return buttons.MinSize().Width
	}
	return RowWidth(c.Objects)
}

// fits says whether the buttons go beside the name: when both fit and
// the buttons leave the details (which wrap, so fit any width) at least
// two fifths of the row. Before the first layout (width 0) they do not:
// asked for its size first, a row that claimed the width of both would
// make a scroll lay it out that wide, past a narrow window's edge.
func (l *besideLayout) fits(objs []fyne.CanvasObject, width float32) bool {
	b := beside(objs[1])
	return width > 0 && objs[0].MinSize().Width+theme.Padding()+b <= width && b <= width*3/5
}

// MinSize is as narrow as the row can be (the buttons under the name,
// wrapped), so it never makes a scroll lay it out wider than the window
// after the window narrows; as tall as it is at the width it last had.
func (l *besideLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	a, b := objs[0].MinSize(), objs[1].MinSize() // b wrapped at l.width
	width := fyne.Max(a.Width, b.Width)
	if l.fits(objs, l.width) {
		return fyne.NewSize(width, fyne.Max(a.Height, b.Height))
	}
	return fyne.NewSize(width, a.Height+theme.Padding()+b.Height)
}

func (l *besideLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	l.width = size.Width
	a, b := objs[0].MinSize(), objs[1].MinSize()
	if l.fits(objs, size.Width) {
		w := beside(objs[1])
		objs[0].Move(fyne.NewPos(0, 0))
		objs[0].Resize(fyne.NewSize(size.Width-w-theme.Padding(), size.Height))
		objs[1].Move(fyne.NewPos(size.Width-w, (size.Height-b.Height)/2))
		objs[1].Resize(fyne.NewSize(w, b.Height))
		return
	}
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(fyne.NewSize(size.Width, a.Height))
	objs[1].Move(fyne.NewPos(0, a.Height+theme.Padding()))
	objs[1].Resize(fyne.NewSize(size.Width, b.Height))
}
