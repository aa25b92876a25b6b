package kit

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

func TestColumns(t *testing.T) {
	test.NewTempApp(t)
	cell := 10 * theme.Size(theme.SizeNameText)
	pad := theme.Padding()
	for _, tc := range []struct {
		name      string
		width     float32
		n         int
		even      bool
		wantCols  int
		lastWidth float32 // width of the last object
	}{
		{"three fit", 3*cell + 2*pad, 3, false, 3, cell},
		{"two of three fit, last row shares", 2*cell + pad + 1, 3, false, 2, 2*cell + pad + 1},
		{"two of three fit, even keeps the column", 2*cell + pad + 1, 3, true, 2, (2*cell + pad + 1 - pad) / 2},
		{"narrower than a cell", cell / 2, 2, false, 1, cell / 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var objs []fyne.CanvasObject
			for i := 0; i < tc.n; i++ {
				r := canvas.NewRectangle(nil)
				r.SetMinSize(fyne.NewSize(10, 20))
				objs = append(objs, r)
			}
			c := NewColumns(10, tc.even, objs...)
			c.Resize(fyne.NewSize(tc.width, 200))
			cols := 0
			for _, o := range objs {
				if o.Position().Y == 0 {
					cols++
				}
			}
			if cols != tc.wantCols {
				t.Errorf("%d columns, want %d", cols, tc.wantCols)
			}
			if got := objs[tc.n-1].Size().Width; got != tc.lastWidth {
				t.Errorf("last object %v wide, want %v", got, tc.lastWidth)
			}
			rows := (tc.n + tc.wantCols - 1) / tc.wantCols
			if h := c.MinSize().Height; h != float32(rows)*20+float32(rows-1)*pad {
				t.Errorf("MinSize height %v for %d rows", h, rows)
			}
		})
	}
}
