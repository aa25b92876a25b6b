package kit

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
)

func TestFlowLayoutWraps(t *testing.T) {
	box := func() fyne.CanvasObject {
		r := canvas.NewRectangle(nil)
		r.SetMinSize(fyne.NewSize(100, 40))
		return r
	}
	gap := theme.Padding()
	for _, tc := range []struct {
		name     string
		width    float32
		n        int
		wantRows int
	}{
		{"all in one row", 1000, 5, 1},
		{"exactly fits", 3*100 + 2*gap, 3, 1},
		{"one too many", 3*100 + 2*gap, 4, 2},
		{"portrait tablet", 800, 8, 2},
		{"narrower than one", 50, 3, 3},
		{"nothing", 800, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var objs []fyne.CanvasObject
			for i := 0; i < tc.n; i++ {
				objs = append(objs, box())
			}
			l := flowLayout{width: func() float32 { return tc.width }}
			wantH := float32(tc.wantRows)*40 + float32(max(tc.wantRows-1, 0))*gap
			if got := l.MinSize(objs).Height; got != wantH {
				t.Errorf("MinSize height %v, want %v (%d rows)", got, wantH, tc.wantRows)
			}
			l.Layout(objs, fyne.NewSize(tc.width, wantH))
			for _, o := range objs {
				if o.Position().X+o.Size().Width > max(tc.width, 100) {
					t.Errorf("an object ends at %v, past the width %v", o.Position().X+o.Size().Width, tc.width)
				}
			}
		})
	}
}
