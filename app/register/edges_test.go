package register

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/domain"
)

// clippedEdges lists the bordered things in scroll (entries, outlined
// panels) whose border falls on or past its right edge, where the scroll
// clips it: on a tablet they seem to run off the dialog.
func clippedEdges(scroll *container.Scroll) []string {
	var out []string
	border := theme.Size(theme.SizeNameInputBorder)
	var walk func(o fyne.CanvasObject, x float32)
	walk = func(o fyne.CanvasObject, x float32) {
		if o == nil || !o.Visible() {
			return
		}
		x += o.Position().X
		right := x + o.Size().Width
		switch v := o.(type) {
		case *widget.Entry:
			if right+border > scroll.Size().Width {
				out = append(out, fmt.Sprintf("entry %q ends at %.0f of %.0f", v.PlaceHolder, right, scroll.Size().Width))
			}
			return
		case *canvas.Rectangle:
			if v.StrokeWidth > 0 && right+v.StrokeWidth > scroll.Size().Width {
				out = append(out, fmt.Sprintf("outline ends at %.0f of %.0f", right, scroll.Size().Width))
			}
			return
		case *fyne.Container:
			for _, k := range v.Objects {
				walk(k, x)
			}
		case fyne.Widget:
			for _, k := range test.WidgetRenderer(v).Objects() {
				walk(k, x)
			}
		}
	}
	walk(scroll.Content, -scroll.Content.Position().X)
	return out
}

// scrollOf is the scroll laid out in the dialog on top of w that holds
// content.
func scrollOf(t *testing.T, w fyne.Window, holds func(*container.Scroll) bool) *container.Scroll {
	t.Helper()
	for _, o := range test.LaidOutObjects(w.Canvas().Overlays().Top()) {
		if s, ok := o.(*container.Scroll); ok && holds(s) {
			return s
		}
	}
	t.Fatal("no scroll in the dialog")
	return nil
}

// TestCancelSessionFitsTheDialog: the words needed for Other are typed in
// a box whose right edge is on show inside the dialog, on a portrait
// tablet as on a laptop.
func TestCancelSessionFitsTheDialog(t *testing.T) {
	for _, size := range []fyne.Size{fyne.NewSize(800, 1280), desktopSize} {
		t.Run(sizeName(size), func(t *testing.T) {
			h := newHarness(t, true, size)
			h.signIn(domain.RoleFacilitator)
			today := h.today()
			today.onCancel(today.sessions[0].Session.ID)
			c := today.cancelDlg
			scroll := scrollOf(t, h.w, func(s *container.Scroll) bool { return true })
			if cut := clippedEdges(scroll); len(cut) > 0 {
				t.Errorf("cut off at the dialog's right edge: %q", cut)
			}
			if c.detail.Size().Width < 200 {
				t.Errorf("the box for a few words is %.0f wide", c.detail.Size().Width)
			}
		})
	}
}
