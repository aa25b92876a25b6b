package register

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/domain"
)

// absPos is where o is in the window: the sum of the positions of the
// objects from the window's content down to it.
func absPos(root, o fyne.CanvasObject) (fyne.Position, bool) {
	if root == o {
		return root.Position(), true
	}
	var kids []fyne.CanvasObject
	switch x := root.(type) {
	case *fyne.Container:
		kids = x.Objects
	case fyne.Widget:
		kids = test.WidgetRenderer(x).Objects()
	}
	for _, k := range kids {
		if !k.Visible() {
			continue
		}
		if p, ok := absPos(k, o); ok {
			return root.Position().Add(p), true
		}
	}
	return fyne.Position{}, false
}

// TestTodayFitsANarrowWindowAtLargestText: at the largest text size, on a
// 600 px wide window and a portrait tablet, Today's day heading and each
// session's Open register and Cancel session lie inside the window, whole:
// nothing runs off the right edge or is cut short with "…".
func TestTodayFitsANarrowWindowAtLargestText(t *testing.T) {
	for _, size := range []fyne.Size{fyne.NewSize(600, 960), fyne.NewSize(800, 1280)} {
		t.Run(sizeName(size), func(t *testing.T) {
			h := newHarness(t, true, size)
			uitest.UseTextSize(uitest.Largest)
			h.signIn(domain.RoleFacilitator)
			today := h.today()
			h.w.Resize(size)
			h.w.Canvas().Content().Refresh()
			uitest.Shot(t, h.w, "today-largest-"+sizeName(size))
			if len(today.sessions) == 0 {
				t.Fatal("no sessions today")
			}
			root := h.w.Canvas().Content()
			inside := func(what string, o fyne.CanvasObject, minW float32) {
				t.Helper()
				p, ok := absPos(root, o)
				if !ok {
					t.Errorf("%s is not on show", what)
					return
				}
				if p.X < -0.5 || p.X+o.Size().Width > size.Width+0.5 {
					t.Errorf("%s runs from %.0f to %.0f in a %.0f wide window", what, p.X, p.X+o.Size().Width, size.Width)
				}
				if o.Size().Width+0.5 < minW {
					t.Errorf("%s is %.0f wide, needs %.0f", what, o.Size().Width, minW)
				}
			}
			for i, b := range today.openBtns {
				inside("Open register "+today.sessions[i].Activity.Name, b, b.MinSize().Width)
			}
			n := 0
			for _, b := range today.cancelBtns {
				inside("Cancel session", b, b.MinSize().Width)
				n++
			}
			if n == 0 {
				t.Error("the facilitator is offered no Cancel session")
			}
			var texts []*widget.Label
			for _, o := range test.LaidOutObjects(root) {
				if l, ok := o.(*widget.Label); ok && l.Visible() && l.Text != "" {
					texts = append(texts, l)
				}
			}
			for _, l := range texts {
				if p, ok := absPos(root, l); ok && p.X+l.Size().Width > size.Width+0.5 {
					t.Errorf("%q runs to %.0f in a %.0f wide window", l.Text, p.X+l.Size().Width, size.Width)
				}
			}
			if cut := uitest.CutShort(root); len(cut) > 0 {
				t.Errorf("cut short: %q", cut)
			}
		})
	}
}
