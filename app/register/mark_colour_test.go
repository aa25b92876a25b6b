package register

import (
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/kit"
	"github.com/gather-sp/gather/domain"
)

// TestMarkDialogShowsStatusColours: in a mark's More, the chosen status
// is in the colour its register row shows after Save (Here green; Late,
// Left early and Absent orange; Apologies and not marked plain), ringed
// as the one chosen; the others are plain and not ringed.
func TestMarkDialogShowsStatusColours(t *testing.T) {
	h := newHarness(t, true, desktopSize)
	h.signIn(domain.RoleFacilitator)
	r := h.openRegister(garden)
	pid := firstUnmarked(t, r)
	for _, st := range append(append([]string(nil), domain.AttendanceStatuses...), "") {
		test.Tap(h.row(r, pid).more)
		if r.stateDlg == nil {
			t.Fatal("More did not open the mark dialog")
		}
		btns := r.stateDlg.statusBtn
		test.Tap(btns[st])
		chosen := btns[st]
		if imp := kit.StatusImportance(st); chosen.Importance != imp {
			t.Errorf("%q chosen is importance %v, its status colour is %v", chosen.Text, chosen.Importance, imp)
		}
		// Chosen shows, whatever the colour: a plain status takes no
		// other status's colour (the highlight is Here's green).
		if !r.stateDlg.statusRing[st].Visible() {
			t.Errorf("%q chosen is not marked as chosen", chosen.Text)
		}
		for other, b := range btns {
			if other == st {
				continue
			}
			if b.Importance != widget.MediumImportance {
				t.Errorf("with %q chosen, %q is importance %v, not plain", chosen.Text, b.Text, b.Importance)
			}
			if r.stateDlg.statusRing[other].Visible() {
				t.Errorf("with %q chosen, %q is marked as chosen too", chosen.Text, b.Text)
			}
		}
		test.Tap(r.stateDlg.save)
		if r.stateDlg != nil {
			t.Fatalf("saving %q left the dialog open", chosen.Text)
		}
		row := h.row(r, pid).mark
		if imp := kit.StatusImportance(st); st != "" && row.Importance != imp {
			t.Errorf("the row marked %q is importance %v, the dialog's rule says %v", st, row.Importance, imp)
		}
		if st != "" && row.Importance != chosen.Importance {
			t.Errorf("%q: the dialog shows importance %v, the row %v", st, chosen.Importance, row.Importance)
		}
	}
}
