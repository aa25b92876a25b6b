// Package uitest reads what a screen shows, for the flow tests of the
// screen packages (app/lock, app/casework): the text of its visible labels,
// buttons and checks, and assertions on it.
package uitest

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/kit"
)

// Texts collects the visible text under o: labels, buttons, checks, in
// order, looking into containers and scrolls.
func Texts(o fyne.CanvasObject) []string {
	var out []string
	visit(o, func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Label:
			out = append(out, x.Text)
		case *widget.Button:
			out = append(out, ButtonWords(x))
		case *kit.ToolButton:
			out = append(out, ButtonWords(&x.Button))
		case *widget.Check:
			out = append(out, x.Text)
		}
	})
	return out
}

// ButtonWords is what a button says, read as words: a label set on two
// lines to fit its button ("None of\nthe time") reads as one.
func ButtonWords(b *widget.Button) string { return strings.ReplaceAll(b.Text, "\n", " ") }

// visit calls fn with each visible object under o, looking into
// containers and scrolls.
func visit(o fyne.CanvasObject, fn func(fyne.CanvasObject)) {
	if o == nil || !o.Visible() {
		return
	}
	fn(o)
	switch x := o.(type) {
	case *container.Scroll:
		visit(x.Content, fn)
	case *fyne.Container:
		for _, k := range x.Objects {
			visit(k, fn)
		}
	}
}

// Shows reports whether some visible text under o contains want.
func Shows(o fyne.CanvasObject, want string) bool {
	for _, s := range Texts(o) {
		if strings.Contains(s, want) {
			return true
		}
	}
	return false
}

// MustShow fails the test for each text o does not show, listing what it does.
func MustShow(t testing.TB, o fyne.CanvasObject, want ...string) {
	t.Helper()
	for _, w := range want {
		if !Shows(o, w) {
			t.Errorf("screen does not show %q; it shows:\n%s", w, strings.Join(Texts(o), "\n"))
		}
	}
}

// MustNotShow fails the test for each text o shows.
func MustNotShow(t testing.TB, o fyne.CanvasObject, unwanted ...string) {
	t.Helper()
	for _, w := range unwanted {
		if Shows(o, w) {
			t.Errorf("screen shows %q, which it must not", w)
		}
	}
}

// Buttons returns the visible buttons under o whose text is text, in order.
func Buttons(o fyne.CanvasObject, text string) []*widget.Button {
	var out []*widget.Button
	visit(o, func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && b.Text == text {
			out = append(out, b)
		}
	})
	return out
}

// Button returns the one visible button under o whose text is text, and
// fails the test when there is none or more than one.
func Button(t testing.TB, o fyne.CanvasObject, text string) *widget.Button {
	t.Helper()
	bs := Buttons(o, text)
	if len(bs) != 1 {
		t.Fatalf("%d visible %q buttons, want 1; the screen shows:\n%s", len(bs), text, strings.Join(Texts(o), "\n"))
	}
	return bs[0]
}

// LaidOutText is the text of every label and canvas text laid out under
// o, a line each: unlike Texts it looks inside widgets (a dialog's
// content, a list's rows).
func LaidOutText(o fyne.CanvasObject) string {
	var out []string
	for _, x := range test.LaidOutObjects(o) {
		switch v := x.(type) {
		case *widget.Label:
			out = append(out, v.Text)
		case *canvas.Text:
			out = append(out, v.Text)
		}
	}
	return strings.Join(out, "\n")
}

// DialogText is LaidOutText of the dialog on top of w, "" when none.
func DialogText(w fyne.Window) string {
	top := w.Canvas().Overlays().Top()
	if top == nil {
		return ""
	}
	return LaidOutText(top)
}

// ControlLabel is what names a control to a person: a button's or check's
// text (a tool button's word, shown or not), an entry's placeholder, a
// select's choice.
func ControlLabel(o any) string {
	switch x := o.(type) {
	case *kit.ToolButton:
		return x.Label
	case *widget.Button:
		return x.Text
	case *widget.Check:
		return x.Text
	case *widget.Entry:
		return x.PlaceHolder
	case *widget.Select:
		return x.Selected
	}
	return ""
}

// Keystrokes type names one letter at a time, then clear the search:
// search benchmarks replay them.
var Keystrokes = func() []string {
	var out []string
	for _, name := range []string{"margaret o'brien", "tom", "zo"} {
		for i := 1; i <= len(name); i++ {
			out = append(out, name[:i])
		}
		out = append(out, "")
	}
	return out
}()

// VisibleButtons calls fn for every button on show under o, looking into
// containers and widgets (a form's rows, a dialog's content).
func VisibleButtons(o fyne.CanvasObject, fn func(*widget.Button)) {
	walkShown(o, func(o fyne.CanvasObject) bool {
		if b, ok := o.(*widget.Button); ok {
			fn(b)
			return false
		}
		return true
	})
}

// walkShown calls fn with each object on show under o, looking into
// containers, scrolls and widgets (a dialog's content, a form's rows),
// and goes on under an object only when fn says so.
func walkShown(o fyne.CanvasObject, fn func(fyne.CanvasObject) (deeper bool)) {
	if o == nil || !o.Visible() || !fn(o) {
		return
	}
	switch x := o.(type) {
	case *fyne.Container:
		for _, k := range x.Objects {
			walkShown(k, fn)
		}
	case *container.Scroll:
		walkShown(x.Content, fn)
	case fyne.Widget:
		for _, k := range test.WidgetRenderer(x).Objects() {
			walkShown(k, fn)
		}
	}
}

// CutShort is the text of every label on show under o that its width cuts
// short with "…": what a person would have to guess at. It looks inside
// widgets as LaidOutText does, and skips labels in hidden containers.
func CutShort(o fyne.CanvasObject) []string {
	var out []string
	walkShown(o, func(o fyne.CanvasObject) bool {
		x, ok := o.(*widget.Label)
		if !ok {
			return true
		}
		if x.Truncation != fyne.TextTruncateOff && x.Text != "" && x.Size().Width+0.5 < labelTextWidth(x) {
			out = append(out, x.Text)
		}
		return false
	})
	return out
}

// labelTextWidth is the width a label needs to show its longest line
// whole: the text, and the inner padding the label keeps either side.
func labelTextWidth(l *widget.Label) float32 {
	size := theme.TextSize()
	if l.SizeName != "" {
		size = theme.Size(l.SizeName)
	}
	widest := float32(0)
	for _, line := range strings.Split(l.Text, "\n") {
		widest = fyne.Max(widest, fyne.MeasureText(line, size, l.TextStyle).Width)
	}
	return widest + 2*theme.Size(theme.SizeNameInnerPadding)
}

// PlaceholdersCutShort is the placeholder of every empty one-line entry on
// show under o that is too wide for its box, which cuts it off mid-word
// ("Leave empty if it carri…"): what a person would have to guess at. A
// longer explanation belongs in help text under the field, which wraps.
func PlaceholdersCutShort(o fyne.CanvasObject) []string {
	var out []string
	walkShown(o, func(o fyne.CanvasObject) bool {
		x, ok := o.(*widget.Entry)
		if !ok {
			return true
		}
		if x.Text == "" && x.PlaceHolder != "" && !(x.MultiLine && x.Wrapping != fyne.TextWrapOff) {
			need := fyne.MeasureText(x.PlaceHolder, theme.TextSize(), fyne.TextStyle{}).Width +
				2*theme.Size(theme.SizeNameInnerPadding) + 2*theme.Size(theme.SizeNameInputBorder)
			if x.Size().Width+0.5 < need {
				out = append(out, fmt.Sprintf("%q (%.0f of %.0f)", x.PlaceHolder, x.Size().Width, need))
			}
		}
		return false
	})
	return out
}
