package kit

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// BadgeWidget is a small coloured label such as "Closed": its text in the
// theme's colour for text on that colour (ForegroundOnSuccess on Success,
// as a button of the same importance draws it), never a fixed white, which
// is under 3:1 on the dark theme's light greens and reds. The colours are
// looked up each time it is drawn, so it follows a change of theme.
type BadgeWidget struct {
	widget.BaseWidget
	Text       string
	Importance widget.Importance // Success, Warning or Danger; anything else is High
}

// Badge makes a badge of text in the colour of importance imp.
func Badge(text string, imp widget.Importance) *BadgeWidget {
	b := &BadgeWidget{Text: text, Importance: imp}
	b.ExtendBaseWidget(b)
	return b
}

// BadgeColorNames are the background and text colours of a badge of
// importance imp: the pairs the theme's contrast test checks.
func BadgeColorNames(imp widget.Importance) (bg, fg fyne.ThemeColorName) {
	switch imp {
	case widget.SuccessImportance:
		return theme.ColorNameSuccess, theme.ColorNameForegroundOnSuccess
	case widget.WarningImportance:
		return theme.ColorNameWarning, theme.ColorNameForegroundOnWarning
	case widget.DangerImportance:
		return theme.ColorNameError, theme.ColorNameForegroundOnError
	}
	return theme.ColorNamePrimary, theme.ColorNameForegroundOnPrimary
}

func (b *BadgeWidget) CreateRenderer() fyne.WidgetRenderer {
	bg := canvas.NewRectangle(nil)
	bg.CornerRadius = 6
	t := canvas.NewText("", nil)
	t.TextStyle.Bold = true
	r := &badgeRenderer{b: b, bg: bg, text: t, stack: container.NewStack(bg, container.NewPadded(t))}
	r.Refresh()
	return r
}

type badgeRenderer struct {
	b     *BadgeWidget
	bg    *canvas.Rectangle
	text  *canvas.Text
	stack *fyne.Container
}

func (r *badgeRenderer) Layout(s fyne.Size)           { r.stack.Resize(s) }
func (r *badgeRenderer) MinSize() fyne.Size           { return r.stack.MinSize() }
func (r *badgeRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.stack} }
func (r *badgeRenderer) Destroy()                     {}

func (r *badgeRenderer) Refresh() {
	th := r.b.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	bg, fg := BadgeColorNames(r.b.Importance)
	r.bg.FillColor = th.Color(bg, v)
	r.text.Text = " " + r.b.Text + " "
	r.text.Color = th.Color(fg, v)
	r.text.TextSize = th.Size(theme.SizeNameCaptionText)
	r.bg.Refresh()
	r.text.Refresh()
	r.stack.Refresh()
}
