package uitest

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// Entry returns the one visible entry under o that holds text, or, when
// none holds it, the one that shows text as its placeholder while empty;
// it fails the test when there is not exactly one.
func Entry(t testing.TB, o fyne.CanvasObject, text string) *widget.Entry {
	t.Helper()
	var holds, shows []*widget.Entry
	visit(o, func(o fyne.CanvasObject) {
		if e, ok := o.(*widget.Entry); ok {
			switch {
			case e.Text == text:
				holds = append(holds, e)
			case e.Text == "" && e.PlaceHolder == text:
				shows = append(shows, e)
			}
		}
	})
	if len(holds) == 0 {
		holds = shows
	}
	if len(holds) != 1 {
		t.Fatalf("%d visible entries hold or show %q, want 1", len(holds), text)
	}
	return holds[0]
}

// Select returns the one visible choice under o that shows placeholder
// while nothing is chosen, and fails the test when there is not exactly
// one.
func Select(t testing.TB, o fyne.CanvasObject, placeholder string) *widget.Select {
	t.Helper()
	var out []*widget.Select
	visit(o, func(o fyne.CanvasObject) {
		if s, ok := o.(*widget.Select); ok && s.PlaceHolder == placeholder {
			out = append(out, s)
		}
	})
	if len(out) != 1 {
		t.Fatalf("%d visible choices show %q, want 1", len(out), placeholder)
	}
	return out[0]
}
