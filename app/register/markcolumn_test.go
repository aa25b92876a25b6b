package register

import (
	"testing"

	"fyne.io/fyne/v2"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/app/kit"
	"github.com/gather-sp/gather/domain"
)

// TestMarkColumnKeepsItsWidth: every row's mark button is as wide as
// every other's, whatever it says ("Mark here", "Here", "Apologies",
// "Left early"...), so the names stand in one column and a name does not
// jump sideways under the finger when its person is marked. On a small
// tablet, a tablet and a laptop, at the smallest and largest text sizes.
func TestMarkColumnKeepsItsWidth(t *testing.T) {
	onEachRegisterSize(t, func(t *testing.T, h *harness, size fyne.Size, r *Register) {
		// One row in each state, unmarked ones left as they are.
		var unmarked []string
		for _, id := range r.expected {
			if r.marks[id].Status == "" {
				unmarked = append(unmarked, id)
			}
		}
		if len(unmarked) < len(domain.AttendanceStatuses)+1 {
			t.Fatalf("only %d unmarked people on the demo register", len(unmarked))
		}
		for i, st := range domain.AttendanceStatuses {
			m := r.marks[unmarked[i]]
			m.Status = st
			if !r.setMark(unmarked[i], m, st) {
				t.Fatalf("marking %s %s failed", unmarked[i], st)
			}
		}
		h.sh.Repaint(r)
		h.w.Canvas().Content().Refresh()
		widths, nameX := map[string]float32{}, map[string]float32{}
		for _, id := range r.expected {
			row := h.row(r, id)
			widths[row.mark.Text] = row.mark.Size().Width
			nameX[row.mark.Text] = row.textBox.Position().X
		}
		for _, want := range []string{"Mark here", "Here", "Late", "Left early", "Apologies", "Absent"} {
			if _, ok := widths[want]; !ok {
				t.Fatalf("no row says %q: %v", want, widths)
			}
		}
		for label, w := range widths {
			if w != widths["Mark here"] || nameX[label] != nameX["Mark here"] {
				t.Errorf("%q: button %.0f wide, name at x=%.0f; \"Mark here\": %.0f wide, name at x=%.0f",
					label, w, nameX[label], widths["Mark here"], nameX["Mark here"])
			}
		}
	})
}

// onEachRegisterSize runs check on the Garden group's register opened by
// a facilitator, on a small and a large portrait tablet and a laptop, at
// the smallest and largest text sizes.
func onEachRegisterSize(t *testing.T, check func(t *testing.T, h *harness, size fyne.Size, r *Register)) {
	onRegisterSizes(t, uitest.TextSizeEnds, check)
}

// onRegisterSizes is onEachRegisterSize at the text sizes given.
func onRegisterSizes(t *testing.T, textSizes []kit.NamedScale, check func(t *testing.T, h *harness, size fyne.Size, r *Register)) {
	for _, size := range []fyne.Size{fyne.NewSize(600, 960), fyne.NewSize(800, 1280), desktopSize} {
		for _, ts := range textSizes {
			t.Run(sizeName(size)+"-"+ts.Name, func(t *testing.T) {
				h := newHarness(t, true, size)
				uitest.UseTextSize(ts.Scale)
				h.signIn(domain.RoleFacilitator)
				check(t, h, size, h.openRegister(garden))
			})
		}
	}
}
