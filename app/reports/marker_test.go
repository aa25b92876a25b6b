package reports

import (
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/report"
)

// shownFigures is every figure on the section on show, as a person reads
// it: the tiles' values, the tables' cells and the numbers by the charts.
func (h *harness) shownFigures() []string {
	var out []string
	walk(h.s.body, func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *fyne.Container:
			if len(x.Objects) == 2 {
				v, ok1 := x.Objects[0].(*widget.Label)
				_, ok2 := x.Objects[1].(*widget.Label)
				if ok1 && ok2 {
					out = append(out, v.Text)
				}
			}
		case *Chart:
			for _, k := range test.WidgetRenderer(x).Objects() {
				if tx, ok := k.(*canvas.Text); ok {
					out = append(out, tx.Text)
				}
			}
		}
	})
	for _, st := range h.tables() {
		for _, row := range st.rows {
			out = append(out, row...)
		}
	}
	return out
}

// The mindful walk has 5 people, hidden only so that the craft group's 2
// cannot be worked out from the total. On screen it must not read "fewer
// than 5", which is false, nor anything but the one marker every hidden
// figure shows; and no figure on any section reads "<5" or "fewer than 5".
func TestOneMarkerOnScreen(t *testing.T) {
	h := newHarness(t, "")
	found := false
	for _, a := range h.s.Report().Attendance.ByActivity {
		if a.Activity == walkName {
			found = true
			if a.People.N != 5 || !a.People.Hidden {
				t.Fatalf("the walk's people %+v; the fixture should hide its 5 to protect the craft group", a.People)
			}
		}
	}
	if !found {
		t.Fatal("no walk in the report")
	}
	byAct := h.table("Activity", "Venue", "Sessions", "Attendances", "People", "Per session", "Places taken", "Apologies", "Absent", "Friends and carers")
	if walk := byAct.row(walkName); len(walk) < 5 || walk[4] != report.Suppressed {
		t.Errorf("the walk's 5 people read %q, want %q", walk, report.Suppressed)
	}
	for _, name := range Sections {
		h.s.onSection(name)
		h.settle()
		if os.Getenv("GATHER_SHOTS") != "" {
			h.w.Resize(fyne.NewSize(1280, 1600))
			h.settle()
			uitest.Shot(t, h.w, "reports-marker-"+strings.ToLower(name))
		}
		figs := h.shownFigures()
		if len(figs) == 0 {
			t.Errorf("%s: no figures read", name)
		}
		for _, f := range figs {
			if strings.Contains(f, "<5") || strings.Contains(strings.ToLower(f), "fewer than 5") {
				t.Errorf("%s: a figure reads %q", name, f)
			}
		}
		if !hasLabel(h.s.body, report.SuppressedNote) {
			t.Errorf("%s: no note of why figures are %q", name, report.Suppressed)
		}
		for _, l := range labels(h.s.body) {
			if strings.Contains(l, "<5") {
				t.Errorf("%s: %q", name, l)
			}
		}
	}
}
