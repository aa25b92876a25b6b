package register

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/app/kit"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

// TestAccessNeedsAloneInTheSafetyColour: on a register row with access
// needs, the access needs are alone in the safety (orange) text; what
// else the row says ("Walk-in", "came with a friend", the mark's note) is
// in the plain detail style, as on a row without access needs, and both
// are on show in full inside the row, one not drawn over the other, on a
// portrait tablet at normal and at the largest text.
func TestAccessNeedsAloneInTheSafetyColour(t *testing.T) {
	plain := kit.RowDetail("").Importance
	for _, largest := range []bool{false, true} {
		name := "800x1280"
		if largest {
			name += "-largest"
		}
		t.Run(name, func(t *testing.T) {
			h := newHarness(t, true, fyne.NewSize(800, 1280))
			if largest {
				uitest.UseTextSize(uitest.Largest)
			}
			h.signIn(domain.RoleFacilitator)
			r := h.openRegister(garden)
			var expected string
			for _, id := range r.expected {
				if r.people[id].AccessNeeds != "" && r.marks[id].Status == "" {
					expected = id
					break
				}
			}
			if expected == "" {
				t.Fatal("the demo's register has nobody unmarked with access needs")
			}
			// Someone expected, here with a friend and a note; and a
			// walk-in with access needs of their own.
			walkIn := domain.Person{GivenName: "Winifred", FamilyName: "Ashdown", AccessNeeds: "Hard of hearing: face her when speaking"}
			if err := h.sh.Save(record.Change{Kind: domain.KindPerson, ID: "t-winifred", Fields: domain.Encode(walkIn)}); err != nil {
				t.Fatal(err)
			}
			if !r.setMark(expected, domain.Attendance{Status: domain.StatusPresent, Companion: "friend", Note: "feeling better this week"}, "here") ||
				!r.setMark("t-winifred", domain.Attendance{Status: domain.StatusPresent}, "here") {
				t.Fatal("could not mark them")
			}
			h.sh.Repaint(r)
			h.w.Canvas().Content().Refresh()
			uitest.Shot(t, h.w, "register-access-alone-"+name)
			for _, tc := range []struct {
				id, needs string
				others    []string
			}{
				{expected, r.people[expected].AccessNeeds, []string{"came with a friend", "feeling better this week"}},
				{"t-winifred", walkIn.AccessNeeds, []string{"Walk-in"}},
			} {
				w := h.row(r, tc.id)
				if w == nil {
					t.Fatalf("%s is not on the register", tc.id)
				}
				if !w.access.Visible() || !strings.Contains(w.access.Text, tc.needs) {
					t.Errorf("%s: the access needs line says %q, not %q", tc.id, w.access.Text, tc.needs)
				}
				for _, o := range tc.others {
					if strings.Contains(w.access.Text, o) {
						t.Errorf("%s: %q is in the access needs' (safety) text %q", tc.id, o, w.access.Text)
					}
					if !w.detail.Visible() || !strings.Contains(w.detail.Text, o) {
						t.Errorf("%s: the row's details %q (shown %v) lack %q", tc.id, w.detail.Text, w.detail.Visible(), o)
					}
				}
				if w.detail.Importance != plain || w.detail.Importance == w.access.Importance {
					t.Errorf("%s: the details are importance %v, the plain detail style is %v, the access needs %v",
						tc.id, w.detail.Importance, plain, w.access.Importance)
				}
				if cut := uitest.CutShort(w); len(cut) > 0 {
					t.Errorf("%s: cut short: %q", tc.id, cut)
				}
				// Both in full, inside the row, and not one over the other.
				rowH := w.Size().Height
				for _, l := range []*widget.Label{w.access, w.detail} {
					need := heightAt(l, l.Size().Width)
					top := w.textBox.Position().Y + l.Position().Y
					if l.Size().Height+0.5 < need || top < -0.5 || top+l.Size().Height > rowH+0.5 {
						t.Errorf("%s: %q gets %.0f of the %.0f it needs, from %.0f in a row %.0f high",
							tc.id, l.Text, l.Size().Height, need, top, rowH)
					}
				}
				// Labels pad their text, and stacked ones overlap by that
				// padding (kit.TightLayout); their texts must not.
				a, d, slack := w.access, w.detail, kit.TightLayout{}.Overlap()+1
				overlapX := a.Position().X < d.Position().X+d.Size().Width-slack && d.Position().X < a.Position().X+a.Size().Width-slack
				overlapY := a.Position().Y < d.Position().Y+d.Size().Height-slack && d.Position().Y < a.Position().Y+a.Size().Height-slack
				if overlapX && overlapY {
					t.Errorf("%s: the access needs (%v %v) and the details (%v %v) are drawn over each other",
						tc.id, a.Position(), a.Size(), d.Position(), d.Size())
				}
			}
			// Marking still one tap: the expected person's button opens
			// the choices of their mark.
			test.Tap(h.row(r, expected).mark)
			if r.stateDlg == nil {
				t.Error("tapping a marked row's button did not open its choices")
			}
		})
	}
}
