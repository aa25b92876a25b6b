package lock

import (
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/kit"
)

// Screen is a named screen, for the shell's screenshots tool.
type Screen struct {
	Name    string
	Content fyne.CanvasObject
}

// runner runs work off the UI goroutine and done back on it.
type runner func(work, done func())

func goRunner(work, done func()) {
	go func() {
		work()
		fyne.Do(done)
	}()
}

func orGo(r func(work, done func())) runner {
	if r == nil {
		return goRunner
	}
	return r
}

func sized(o fyne.CanvasObject, w, h float32) *fyne.Container { return kit.Sized(o, w, h) }

func tall(o fyne.CanvasObject) *fyne.Container { return kit.Tall(o) }

func bigButton(label string, icon fyne.Resource, imp widget.Importance, tapped func()) *widget.Button {
	return kit.BigButton(label, icon, imp, tapped)
}

// heading is a lock screen's title: kit.Heading, centred.
func heading(text string) *widget.Label {
	l := kit.Heading(text)
	l.Alignment = fyne.TextAlignCenter
	return l
}

func wrapped(text string) *widget.Label { return kit.Wrapped(text) }

func centred(text string) *widget.Label {
	l := wrapped(text)
	l.Alignment = fyne.TextAlignCenter
	return l
}

// message is a wrapped, centred label for what went wrong.
func message() *widget.Label {
	l := centred("")
	l.Importance = widget.DangerImportance
	l.TextStyle.Bold = true
	return l
}

// panel is a rounded, slightly tinted block that groups things.
func panel(content fyne.CanvasObject) fyne.CanvasObject {
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	bg.CornerRadius = 10
	bg.StrokeColor = theme.Color(theme.ColorNameSeparator)
	bg.StrokeWidth = 1
	return container.NewStack(bg, container.NewPadded(content))
}

// column keeps a form a readable width in the middle of a wide window.
// The form is laid out at that width before its height is asked
// (kit.FitWidth), so its wrapped text is as tall as its lines at the
// first layout: asked first, a wrapped label answers for the width it had
// before (none, on a new screen: one line), and the panel or button below
// it would cover its other lines until something laid the screen out
// again.
func column(width float32, o fyne.CanvasObject) fyne.CanvasObject {
	return container.NewHBox(layout.NewSpacer(), kit.FitWidth(o, func() float32 { return width }), layout.NewSpacer())
}

// tileGrid lays the staff tiles out in even rows across the width it is
// given, centred: as many columns as fit tiles at least tile wide, rows
// balanced (six tiles as three and three, not four and two), each tile
// stretched to share the row but no wider than widest, the last row
// centred under the others. width says the width it will be laid out at,
// since Fyne asks its height (which depends on how many rows) first.
type tileGrid struct {
	tile   fyne.Size
	widest float32
	width  func() float32
}

// cell is the smallest size every tile fits in.
func (g *tileGrid) cell(objs []fyne.CanvasObject) fyne.Size {
	c := g.tile
	for _, o := range objs {
		c = c.Max(o.MinSize())
	}
	return c
}

// columns is how many tiles go in a row at width.
func (g *tileGrid) columns(objs []fyne.CanvasObject, width float32) int {
	n := len(objs)
	if n == 0 {
		return 1
	}
	gap := theme.Padding()
	cols := 3 // a guess until the width is known
	if width > 0 {
		cols = int((width + gap) / (g.cell(objs).Width + gap))
	}
	cols = max(1, min(cols, n))
	rows := (n + cols - 1) / cols
	return (n + rows - 1) / rows
}

func (g *tileGrid) MinSize(objs []fyne.CanvasObject) fyne.Size {
	objs = kit.Visible(objs)
	if len(objs) == 0 {
		return fyne.Size{}
	}
	var width float32
	if g.width != nil {
		width = g.width()
	}
	cell, gap := g.cell(objs), theme.Padding()
	cols := g.columns(objs, width)
	rows := (len(objs) + cols - 1) / cols
	return fyne.NewSize(cell.Width, float32(rows)*cell.Height+float32(rows-1)*gap)
}

func (g *tileGrid) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	objs = kit.Visible(objs)
	if len(objs) == 0 {
		return
	}
	cell, gap := g.cell(objs), theme.Padding()
	cols := g.columns(objs, size.Width)
	w := (size.Width - float32(cols-1)*gap) / float32(cols)
	w = fyne.Max(cell.Width, fyne.Min(w, fyne.Max(g.widest, cell.Width)))
	for i, o := range objs {
		row, col := i/cols, i%cols
		inRow := min(cols, len(objs)-row*cols)
		rowWidth := float32(inRow)*w + float32(inRow-1)*gap
		x := fyne.Max(0, (size.Width-rowWidth)/2) + float32(col)*(w+gap)
		o.Move(fyne.NewPos(x, float32(row)*(cell.Height+gap)))
		o.Resize(fyne.NewSize(w, cell.Height))
	}
}

// inWords says a wait the way a person would: "5 seconds", "2 minutes".
func inWords(d time.Duration) string {
	secs := int((d + time.Second - 1) / time.Second)
	switch {
	case secs <= 1:
		return "1 second"
	case secs < 60:
		return fmt.Sprintf("%d seconds", secs)
	case secs < 120:
		return "1 minute"
	}
	return fmt.Sprintf("%d minutes", (secs+59)/60)
}

func tries(n int) string {
	if n == 1 {
		return "1 try"
	}
	return fmt.Sprintf("%d tries", n)
}
