package kit

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
)

// TestFitGridUsesTheColumnsThatFit: five 150-wide answers stay on one row
// when there is room, and fold into rows that fit when there is not, so
// the grid is never wider than it is given.
func TestFitGridUsesTheColumnsThatFit(t *testing.T) {
	test.NewTempApp(t)
	for _, tc := range []struct {
		name      string
		width     float32
		wantCols  int
		wantRows  int
		wantWidth float32 // at most
	}{
		{"laptop", 1200, 5, 1, 1200},
		{"portrait tablet", 700, 3, 2, 700}, // four fit, but three and two read better than four and one
		{"narrow", 320, 2, 3, 320},
		{"unknown width", 0, 5, 1, 1 << 20},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var objs []fyne.CanvasObject
			for range 5 {
				r := canvas.NewRectangle(nil)
				r.SetMinSize(fyne.NewSize(150, 48))
				objs = append(objs, r)
			}
			width := tc.width
			g := NewFitGrid(5, func() float32 { return width }, objs...)
			min := g.MinSize()
			if min.Width > tc.wantWidth {
				t.Errorf("the grid asks for %v wide, more than the %v it has", min.Width, tc.wantWidth)
			}
			g.Resize(fyne.NewSize(max(width, min.Width), min.Height))
			cols, rows := map[float32]bool{}, map[float32]bool{}
			for _, o := range objs {
				cols[o.Position().X], rows[o.Position().Y] = true, true
				if o.Position().Y+o.Size().Height > min.Height {
					t.Errorf("an answer ends at %v, below the grid's %v", o.Position().Y+o.Size().Height, min.Height)
				}
			}
			if len(cols) != tc.wantCols || len(rows) != tc.wantRows {
				t.Errorf("%d columns and %d rows, want %d and %d", len(cols), len(rows), tc.wantCols, tc.wantRows)
			}
		})
	}
}
