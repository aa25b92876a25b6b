package register

import (
	"testing"

	"fyne.io/fyne/v2"
)

// TestRegisterTopFits: on a small tablet, a tablet and a laptop, at every
// text size, the headline (counts and date) has room for every line it
// wraps to; Print and Close session stand beside it or under it, inside
// the window, never over it; and the search starts below all of them.
func TestRegisterTopFits(t *testing.T) {
	onEachRegisterSize(t, func(t *testing.T, h *harness, size fyne.Size, r *Register) {
		h.w.Canvas().Content().Refresh()
		root := h.w.Canvas().Content()
		type box struct {
			what       string
			pos        fyne.Position
			size       fyne.Size
			needHeight float32
		}
		var boxes []box
		for _, o := range []struct {
			what string
			o    fyne.CanvasObject
		}{{"the counts", r.countsLabel}, {"the date", r.whenLabel}, {"Print", r.printBtn}, {"Close session", r.closeBtn}} {
			p, ok := absPos(root, o.o)
			if !ok {
				t.Fatalf("%s is not on show", o.what)
			}
			boxes = append(boxes, box{o.what, p, o.o.Size(), heightAt(o.o, o.o.Size().Width)})
		}
		for _, b := range boxes {
			if b.size.Height+0.5 < b.needHeight {
				t.Errorf("%s is %.0f high, its lines need %.0f", b.what, b.size.Height, b.needHeight)
			}
			if b.pos.X < -0.5 || b.pos.X+b.size.Width > size.Width+0.5 {
				t.Errorf("%s runs from %.0f to %.0f in a %.0f wide window", b.what, b.pos.X, b.pos.X+b.size.Width, size.Width)
			}
		}
		overlap := func(a, b box) bool {
			return a.pos.X < b.pos.X+b.size.Width && b.pos.X < a.pos.X+a.size.Width &&
				a.pos.Y < b.pos.Y+b.size.Height && b.pos.Y < a.pos.Y+a.size.Height
		}
		for _, text := range boxes[:2] {
			for _, b := range boxes[2:] {
				if overlap(text, b) {
					t.Errorf("%s (%v %v) lies over %s (%v %v)", b.what, b.pos, b.size, text.what, text.pos, text.size)
				}
			}
		}
		search, _ := absPos(root, r.search)
		for _, b := range boxes {
			if bottom := b.pos.Y + b.needHeight; bottom > search.Y+0.5 {
				t.Errorf("%s ends at %.0f, below the top of the search (%.0f)", b.what, bottom, search.Y)
			}
		}
	})
}
