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
)

// minTouch is the smallest height of anything a finger taps.
const minTouch = 48

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

// minLayout gives its objects at least a minimum size.
type minLayout struct{ min fyne.Size }

func (l minLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	s := l.min
	for _, o := range objs {
		if o.Visible() {
			s = s.Max(o.MinSize())
		}
	}
	return s
}

func (l minLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

func sized(o fyne.CanvasObject, w, h float32) *fyne.Container {
	return container.New(minLayout{fyne.NewSize(w, h)}, o)
}

func tall(o fyne.CanvasObject) *fyne.Container { return sized(o, 0, minTouch) }

func bigButton(label string, icon fyne.Resource, imp widget.Importance, tapped func()) *widget.Button {
	b := widget.NewButtonWithIcon(label, icon, tapped)
	b.Importance = imp
	return b
}

func heading(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.SizeName = theme.SizeNameHeadingText
	l.TextStyle.Bold = true
	l.Wrapping = fyne.TextWrapWord
	l.Alignment = fyne.TextAlignCenter
	return l
}

func wrapped(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}

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
func column(width float32, o fyne.CanvasObject) fyne.CanvasObject {
	return container.NewHBox(layout.NewSpacer(), sized(o, width, 0), layout.NewSpacer())
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
