package register

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/domain"
)

// scaledText has the sizes of the app's theme (app/theme.go) with its
// text scaled as Settings' text sizes do: Normal 1, Large 1.2, Largest 1.45.
type scaledText struct {
	fyne.Theme
	scale float32
}

func (t scaledText) Size(n fyne.ThemeSizeName) float32 {
	switch n {
	case theme.SizeNameText:
		return 16 * t.scale
	case theme.SizeNameHeadingText:
		return 26 * t.scale
	case theme.SizeNameSubHeadingText:
		return 20 * t.scale
	case theme.SizeNameCaptionText:
		return 13 * t.scale
	case theme.SizeNameInlineIcon:
		return 22 * t.scale
	case theme.SizeNameInnerPadding:
		return 10
	case theme.SizeNamePadding:
		return 5
	case theme.SizeNameInputRadius, theme.SizeNameSelectionRadius:
		return 6
	}
	return t.Theme.Size(n)
}

var textSizes = []struct {
	name  string
	scale float32
}{{"normal", 1}, {"large", 1.2}, {"largest", 1.45}}

// pastRightEdge lists what, inside o (at x), runs past right.
func pastRightEdge(o fyne.CanvasObject, x, right float32) []string {
	if !o.Visible() || fmt.Sprintf("%T", o) == "*widget.Shadow" {
		return nil // a dialog's shadow falls outside it
	}
	x += o.Position().X
	var out []string
	if end := x + o.Size().Width; end > right+0.5 {
		out = append(out, fmt.Sprintf("%T %q to %.0f", o, uitest.ControlLabel(o), end))
	}
	var kids []fyne.CanvasObject
	switch c := o.(type) {
	case *fyne.Container:
		kids = c.Objects
	case fyne.Widget:
		kids = test.WidgetRenderer(c).Objects()
	}
	for _, k := range kids {
		out = append(out, pastRightEdge(k, x, right)...)
	}
	return out
}

// TestWalkInFormFitsTheWidth: at every text size, on a portrait tablet and
// a laptop, nothing on the walk-in form runs past the window's right edge:
// no answer to "Came" cut off, no text box or dropdown losing its right
// edge, however long the labels ("Emergency contact's phone").
func TestWalkInFormFitsTheWidth(t *testing.T) {
	for _, size := range []fyne.Size{fyne.NewSize(800, 1280), desktopSize} {
		for _, ts := range textSizes {
			t.Run(sizeName(size)+"-"+ts.name, func(t *testing.T) {
				h := newHarness(t, true, size)
				fyne.CurrentApp().Settings().SetTheme(scaledText{theme.DefaultTheme(), ts.scale})
				h.signIn(domain.RoleFacilitator)
				r := h.openRegister(garden)
				test.Tap(r.walkInBtn)
				top := h.w.Canvas().Overlays().Top()
				top.Refresh()
				uitest.Shot(t, h.w, "walkin-width-"+sizeName(size)+"-"+ts.name)
				if got := pastRightEdge(top, 0, size.Width); len(got) > 0 {
					t.Errorf("past the right edge of the %.0f wide window: %q", size.Width, got)
				}
				if cut := uitest.CutShort(top); len(cut) > 0 {
					t.Errorf("cut short: %q", cut)
				}
			})
		}
	}
}
