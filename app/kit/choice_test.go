package kit

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// TestChoiceListsHaveAnEntrysEdge: a choice list placed on a page at a
// touch target's height (Tall, Sized, FormField) or in a labelled form
// (LabelledFields) is drawn with an entry's
// edge all round it, in the theme's input border colour, so it reads as
// something to tap on a panel of its own fill; and a tap still reaches it.
func TestChoiceListsHaveAnEntrysEdge(t *testing.T) {
	test.NewTempApp(t)
	for name, place := range map[string]func(fyne.CanvasObject) fyne.CanvasObject{
		"Tall":      func(o fyne.CanvasObject) fyne.CanvasObject { return Tall(o) },
		"Sized":     func(o fyne.CanvasObject) fyne.CanvasObject { return Sized(o, 220, MinTouch) },
		"FormField": func(o fyne.CanvasObject) fyne.CanvasObject { return FormField("Role", o, "") },
		// A dialog's form (the walk-in's gender and ethnic group).
		"LabelledFields": func(o fyne.CanvasObject) fyne.CanvasObject {
			return LabelledFields(func() float32 { return 380 }, LabelledField{Label: "Role", Field: o})
		},
	} {
		t.Run(name, func(t *testing.T) {
			sel := widget.NewSelect([]string{"Volunteer", "Facilitator"}, nil)
			w := test.NewWindow(Panel(place(sel)))
			defer w.Close()
			w.Resize(fyne.NewSize(400, 200))
			var edge *canvas.Rectangle
			var walk func(o fyne.CanvasObject)
			walk = func(o fyne.CanvasObject) {
				switch x := o.(type) {
				case *fyne.Container:
					for _, k := range x.Objects {
						walk(k)
					}
				case *canvas.Rectangle:
					if x.StrokeWidth > 0 && x.StrokeColor == theme.Color(theme.ColorNameInputBorder) {
						edge = x
					}
				case fyne.Widget:
					if x != sel {
						for _, k := range test.WidgetRenderer(x).Objects() {
							walk(k)
						}
					}
				}
			}
			walk(w.Content())
			if edge == nil {
				t.Fatal("the choice list has no edge")
			}
			d := fyne.CurrentApp().Driver()
			at, size := d.AbsolutePositionForObject(sel), sel.Size()
			ea := d.AbsolutePositionForObject(edge)
			if ea.X > at.X+2 || ea.Y > at.Y+2 || ea.X+edge.Size().Width < at.X+size.Width-2 || ea.Y+edge.Size().Height < at.Y+size.Height-2 {
				t.Errorf("the edge (%v %v) does not go round the choice list (%v %v)", ea, edge.Size(), at, size)
			}
			test.TapCanvas(w.Canvas(), at.AddXY(size.Width/2, size.Height/2))
			if top := w.Canvas().Overlays().Top(); top == nil {
				t.Fatal("tapping the choice list opened nothing")
			}
		})
	}
}
