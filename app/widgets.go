package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/kit"
)

// minTouch is the smallest height of anything a finger taps.
const minTouch = kit.MinTouch

// sized wraps o so it is at least w by h.
func sized(o fyne.CanvasObject, w, h float32) *fyne.Container { return kit.Sized(o, w, h) }

// tall makes o at least a touch target high.
func tall(o fyne.CanvasObject) *fyne.Container { return kit.Tall(o) }

// bigButton is a button at least a touch target high.
func bigButton(label string, icon fyne.Resource, imp widget.Importance, tapped func()) *widget.Button {
	return kit.BigButton(label, icon, imp, tapped)
}

func heading(text string) *widget.Label { return kit.Heading(text) }

// subheading is kit.Subheading on one line, cut short with "…" (lists).
func subheading(text string) *widget.Label {
	l := kit.Subheading(text)
	l.Wrapping, l.Truncation = fyne.TextWrapOff, fyne.TextTruncateEllipsis
	return l
}

func wrapped(text string) *widget.Label { return kit.Wrapped(text) }

// muted is kit.Muted on one line, cut short with "…" (rows of lists).
func muted(text string) *widget.Label {
	l := kit.Muted(text)
	l.Wrapping, l.Truncation = fyne.TextWrapOff, fyne.TextTruncateEllipsis
	return l
}

// field is a labelled block of wrapped text for cards: "How to get there".
func field(label, text string) fyne.CanvasObject {
	if text == "" {
		return container.NewVBox()
	}
	l := widget.NewLabelWithStyle(label, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	return container.NewVBox(l, wrapped(text))
}

// panel is a rounded, slightly tinted block that groups things.
func panel(content fyne.CanvasObject) fyne.CanvasObject {
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	bg.CornerRadius = 10
	bg.StrokeColor = theme.Color(theme.ColorNameSeparator)
	bg.StrokeWidth = 1
	return container.NewStack(bg, container.NewPadded(content))
}

// badge is a small coloured label such as "Access needs".
func badge(text string, c color.Color) *fyne.Container {
	bg := canvas.NewRectangle(c)
	bg.CornerRadius = 6
	t := canvas.NewText(" "+text+" ", color.White)
	t.TextStyle.Bold = true
	t.TextSize = theme.Size(theme.SizeNameCaptionText)
	return container.NewStack(bg, container.NewPadded(t))
}

// newDialog makes a modal dialog with a dismiss button and extra buttons.
func newDialog(u *UI, title string, content fyne.CanvasObject, dismiss string, buttons []fyne.CanvasObject) *dialog.CustomDialog {
	d := dialog.NewCustomWithoutButtons(title, content, u.win)
	all := []fyne.CanvasObject{}
	if dismiss != "" {
		all = append(all, widget.NewButton(dismiss, d.Hide))
	}
	all = append(all, buttons...)
	d.SetButtons(all)
	return d
}

// dialogSize is a comfortable dialog size for the window.
func (u *UI) dialogSize(w, h float32) fyne.Size {
	cs := u.win.Canvas().Size()
	if cs.Width > 0 && w > cs.Width-40 {
		w = cs.Width - 40
	}
	if cs.Height > 0 && h > cs.Height-40 {
		h = cs.Height - 40
	}
	return fyne.NewSize(w, h)
}

// tightLayout stacks objects vertically, overlapping the labels' padding so
// two lines of text sit together like a name and its details.
type tightLayout struct{}

func (tightLayout) overlap() float32 { return theme.Size(theme.SizeNameInnerPadding) * 1.2 }

func (l tightLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	n := 0
	for _, o := range objs {
		if !o.Visible() || o.MinSize().Height == 0 {
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

func (l tightLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	min := l.MinSize(objs)
	y := (size.Height - min.Height) / 2
	for _, o := range objs {
		if !o.Visible() || o.MinSize().Height == 0 {
			continue
		}
		h := o.MinSize().Height
		o.Move(fyne.NewPos(0, y))
		o.Resize(fyne.NewSize(size.Width, h))
		y += h - l.overlap()
	}
}
