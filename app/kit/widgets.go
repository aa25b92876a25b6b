package kit

import (
	"strings"

	"github.com/gather-sp/gather/domain"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// RowTitle is Subheading on one line, cut short with "…" (rows of lists).
func RowTitle(text string) *widget.Label {
	l := Subheading(text)
	l.Wrapping, l.Truncation = fyne.TextWrapOff, fyne.TextTruncateEllipsis
	return l
}

// RowDetail is Muted on one line, cut short with "…" (rows of lists).
func RowDetail(text string) *widget.Label {
	l := Muted(text)
	l.Wrapping, l.Truncation = fyne.TextWrapOff, fyne.TextTruncateEllipsis
	return l
}

// Field is a labelled block of wrapped text for cards: "How to get there".
func Field(label, text string) fyne.CanvasObject {
	if text == "" {
		return container.NewVBox()
	}
	l := widget.NewLabelWithStyle(label, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	return container.NewVBox(l, Wrapped(text))
}

// Panel is a rounded, slightly tinted block that groups things.
func Panel(content fyne.CanvasObject) fyne.CanvasObject {
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	bg.CornerRadius = 10
	bg.StrokeColor = theme.Color(theme.ColorNameSeparator)
	bg.StrokeWidth = 1
	return container.NewStack(bg, container.NewPadded(content))
}

// NewDialog makes a modal dialog over w with a dismiss button and extra
// buttons; its title is broken into lines that fit (DialogTitle).
func NewDialog(w fyne.Window, title string, content fyne.CanvasObject, dismiss string, buttons []fyne.CanvasObject) *dialog.CustomDialog {
	d := dialog.NewCustomWithoutButtons(DialogTitle(w, title), content, w)
	all := []fyne.CanvasObject{}
	if dismiss != "" {
		all = append(all, widget.NewButton(dismiss, d.Hide))
	}
	all = append(all, buttons...)
	d.SetButtons(all)
	return d
}

// DialogTitle is title broken into lines, between words, each no wider
// than a dialog's text in win (DialogWidth), at the text size of now.
// Fyne draws a dialog's title on one line, never wrapped or cut, and
// makes the dialog as wide as it: a title carrying a long name ran off a
// portrait tablet at the largest text.
func DialogTitle(win fyne.Window, title string) string {
	limit := DialogWidth(win.Canvas(), 460)
	fits := func(s string) bool {
		return widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}).MinSize().Width <= limit
	}
	if fits(title) {
		return title
	}
	var lines []string
	line := ""
	for _, word := range strings.Fields(title) {
		switch {
		case line == "":
			line = word
		case fits(line + " " + word):
			line += " " + word
		default:
			lines = append(lines, line)
			line = word
		}
	}
	return strings.Join(append(lines, line), "\n")
}

// DialogSize is a comfortable dialog size for window win: w by h, or less
// when the window is smaller.
func DialogSize(win fyne.Window, w, h float32) fyne.Size {
	cs := win.Canvas().Size()
	if cs.Width > 0 && w > cs.Width-40 {
		w = cs.Width - 40
	}
	if cs.Height > 0 && h > cs.Height-40 {
		h = cs.Height - 40
	}
	return fyne.NewSize(w, h)
}

// FitDialog sizes d at most w wide (less on a narrow window) and as tall
// as scroll's content (the dialog's body) needs at that width, up to the
// window less a margin: where there is room, every line shows with no
// scroll bar; where there is not, the body scrolls inside the window.
func FitDialog(win fyne.Window, d dialog.Dialog, scroll *container.Scroll, w float32) {
	width := DialogSize(win, w, 0).Width
	body := scroll.Content
	inner := width - 32 // the dialog's padding either side (Fyne's padWidth)
	// Twice: wrapped labels work out their lines from the width they were
	// given, and the box round them from those.
	for i := 0; i < 2; i++ {
		body.Resize(fyne.NewSize(inner, body.MinSize().Height))
	}
	h := d.MinSize().Height - scroll.MinSize().Height + body.MinSize().Height + theme.Padding()
	if room := win.Canvas().Size().Height - 40; room > 0 && h > room {
		h = room
	}
	d.Resize(fyne.NewSize(width, h))
}

// DialogText lays out a dialog's text (a label or a box of them) at a
// comfortable reading width for win, wrapped, and as tall as its lines.
func DialogText(win fyne.Window, o fyne.CanvasObject) fyne.CanvasObject {
	return FitWidth(o, func() float32 { return DialogWidth(win.Canvas(), 460) })
}

// TightLayout stacks objects vertically, overlapping the labels' padding so
// two lines of text sit together like a name and its details.
type TightLayout struct{}

// Overlap is how far each line sits over the one before.
func (TightLayout) Overlap() float32 { return theme.Size(theme.SizeNameInnerPadding) * 1.2 }

// MinSize is the objects' heights less the overlaps, as wide as the widest.
func (l TightLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
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
		s.Height -= l.Overlap() * float32(n-1)
	}
	return s
}

// Layout stacks the visible objects, centred vertically.
func (l TightLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	min := l.MinSize(objs)
	y := (size.Height - min.Height) / 2
	for _, o := range objs {
		if !o.Visible() || o.MinSize().Height == 0 {
			continue
		}
		h := o.MinSize().Height
		o.Move(fyne.NewPos(0, y))
		o.Resize(fyne.NewSize(size.Width, h))
		y += h - l.Overlap()
	}
}

// StatusLabel is how an attendance status shows on a register row's
// button, in the mark dialog and on a person card: domain.StatusLabel's
// words, with its emphasis (StatusImportance) and an icon.
func StatusLabel(status string) (string, widget.Importance, fyne.Resource) {
	words, imp := domain.StatusLabel(status), StatusImportance(status)
	switch status {
	case domain.StatusPresent:
		return words, imp, theme.ConfirmIcon()
	case domain.StatusLate:
		return words, imp, theme.HistoryIcon()
	case domain.StatusLeftEarly:
		return words, imp, theme.LogoutIcon()
	case domain.StatusApologies:
		return words, imp, theme.MailComposeIcon()
	case domain.StatusAbsent:
		return words, imp, AbsentIcon()
	}
	return words, imp, theme.CheckButtonIcon()
}

// StatusImportance is how much an attendance status stands out, the one
// place that decides it for the register row, the mark dialog and the
// person card. Came is green. What a link worker must notice is orange:
// Late, Left early, and Absent above all (no show and no word, the mark
// of someone drifting away), never quieter than Late. Apologies (they
// said why) and no mark yet are plain.
func StatusImportance(status string) widget.Importance {
	switch status {
	case domain.StatusPresent:
		return widget.SuccessImportance
	case domain.StatusLate, domain.StatusLeftEarly, domain.StatusAbsent:
		return widget.WarningImportance
	}
	return widget.MediumImportance
}

// StatusChoiceImportance is a status's button among the choices of a mark
// (the mark dialog): the chosen one in its status's colour, as its
// register row and the person card show it (a plain status stays plain:
// the dialog rings the chosen one instead, never in another status's
// colour); the others plain, so the choice is what stands out.
func StatusChoiceImportance(status string, chosen bool) widget.Importance {
	if !chosen {
		return widget.MediumImportance
	}
	return StatusImportance(status)
}

// StatusTextImportance is StatusImportance for a status written as text
// beside others (a person card's attendance history): the plain ones
// grey, so the coloured ones are what the eye finds.
func StatusTextImportance(status string) widget.Importance {
	if imp := StatusImportance(status); imp != widget.MediumImportance && imp != widget.HighImportance {
		return imp
	}
	return widget.LowImportance
}
