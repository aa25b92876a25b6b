package casework

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/app/internal/uitest"
)

// TestCaseButtonsKeepToTheirRows: the case's buttons (Match to
// activities, Wellbeing questions, Contact log) go onto as many rows as
// the page's width needs and the page makes room for each: at every
// window width around a portrait tablet's, at every text size, no button
// runs below the row of buttons into Consent under it. The row was
// measured for the window's width, wider than the page's, so at some
// widths (800 at the largest text) it said one row and was laid out in
// two, Contact log over the Consent heading.
func TestCaseButtonsKeepToTheirRows(t *testing.T) {
	for _, ts := range uitest.TextSizes {
		t.Run(ts.Name, func(t *testing.T) {
			test.NewTempApp(t)
			uitest.UseTextSize(ts.Scale)
			s := openStore(t)
			fixture(t, s)
			w := test.NewWindow(nil)
			t.Cleanup(w.Close)
			ctx := linkWorker()
			ctx.Window = w
			c := NewCase(s, ctx, personAnn)
			w.SetContent(c.Content())
			for width := float32(560); width <= 1100; width += 2 {
				size := fyne.NewSize(width, 1280)
				settle(w, size)
				flow := parentOf(w.Content(), c.contactsButton, 2)
				if flow == nil {
					t.Fatal("no row of buttons holds Contact log")
				}
				for _, o := range flow.Objects {
					if bottom := o.Position().Y + o.Size().Height; bottom > flow.Size().Height+0.5 {
						t.Fatalf("at %.0f wide a button's bottom (%.0f) is below its row's (%.0f): it lies over what follows",
							width, bottom, flow.Size().Height)
					}
				}
			}
		})
	}
}

// parentOf is the container up levels above target under o, or nil.
func parentOf(o fyne.CanvasObject, target fyne.CanvasObject, up int) *fyne.Container {
	var path []*fyne.Container
	var walk func(o fyne.CanvasObject) bool
	walk = func(o fyne.CanvasObject) bool {
		if o == target {
			return true
		}
		var kids []fyne.CanvasObject
		switch x := o.(type) {
		case *fyne.Container:
			kids = x.Objects
			path = append(path, x)
		case fyne.Widget:
			kids = test.WidgetRenderer(x).Objects()
			path = append(path, nil)
		default:
			return false
		}
		for _, k := range kids {
			if walk(k) {
				return true
			}
		}
		path = path[:len(path)-1]
		return false
	}
	if !walk(o) || len(path) < up {
		return nil
	}
	return path[len(path)-up]
}
