package register

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

// TestPhotosOKIsItsOwnItem: "Photos OK" on a register row is a label of
// its own, in one style whether or not the person has access needs, never
// in the access needs' (safety) colour nor among them, and in the same
// place: on the name's line right after the name, or at the start of the
// line under it when both do not fit; never cutting the name short.
func TestPhotosOKIsItsOwnItem(t *testing.T) {
	for _, tc := range []struct {
		size    fyne.Size
		largest bool
	}{{fyne.NewSize(800, 1280), false}, {desktopSize, false}, {fyne.NewSize(800, 1280), true}, {fyne.NewSize(600, 960), true}} {
		name := sizeName(tc.size)
		if tc.largest {
			name += "-largest"
		}
		t.Run(name, func(t *testing.T) {
			h := newHarness(t, true, tc.size)
			if tc.largest {
				uitest.UseTextSize(uitest.Largest)
			}
			h.signIn(domain.RoleFacilitator)
			r := h.openRegister(garden)
			var withNeeds, without string
			for _, id := range r.expected {
				if r.people[id].AccessNeeds != "" && withNeeds == "" {
					withNeeds = id
				} else if r.people[id].AccessNeeds == "" && without == "" && r.marks[id].Note == "" {
					without = id
				}
			}
			if withNeeds == "" || without == "" {
				t.Fatal("the demo's register lacks someone with access needs and someone without")
			}
			for _, id := range []string{withNeeds, without} {
				if err := h.sh.Save(record.Change{Kind: domain.KindPerson, ID: id, Fields: map[string]string{"photo_consent": "true"}}); err != nil {
					t.Fatal(err)
				}
			}
			h.sh.Repaint(r)
			h.w.Canvas().Content().Refresh()
			uitest.Shot(t, h.w, "register-photos-"+name)
			var styles []widget.Importance
			for _, id := range []string{withNeeds, without} {
				w := h.row(r, id)
				var photos []*widget.Label
				for _, o := range test.LaidOutObjects(w) {
					l, ok := o.(*widget.Label)
					if !ok || !l.Visible() || !strings.Contains(l.Text, "Photos OK") {
						continue
					}
					if l.Text != "Photos OK" {
						t.Errorf("%s: Photos OK is said among other things: %q", id, l.Text)
						continue
					}
					photos = append(photos, l)
				}
				if len(photos) != 1 {
					t.Fatalf("%s agreed to photos; the row has %d labels saying just Photos OK", id, len(photos))
				}
				p := photos[0]
				if p.Importance == widget.WarningImportance || p.Importance == w.access.Importance {
					t.Errorf("%s: Photos OK is in the access needs' colour", id)
				}
				styles = append(styles, p.Importance)
				// The name and Photos OK are both in the row's text box.
				np, pp := w.name.Position(), p.Position()
				nameText := fyne.MeasureText(w.name.Text, theme.TextSize(), fyne.TextStyle{Bold: true}).Width
				afterName := pp.Y == np.Y && pp.X >= np.X+nameText && pp.X <= np.X+w.name.Size().Width+1
				underName := pp.X == np.X && pp.Y >= np.Y+w.name.Size().Height/2
				if !afterName && !underName {
					t.Errorf("%s: Photos OK at %v, the name at %v (%v): neither after it nor under it", id, pp, np, w.name.Size())
				}
				if pp.X+p.Size().Width > w.textBox.Size().Width+1 {
					t.Errorf("%s: Photos OK runs past its column into More", id)
				}
				if cut := uitest.CutShort(w); len(cut) > 0 {
					t.Errorf("%s: cut short: %q", id, cut)
				}
				if bottom := w.textBox.Position().Y + pp.Y + p.Size().Height; bottom > w.Size().Height+0.5 {
					t.Errorf("%s: Photos OK ends at %.0f, below its row", id, bottom)
				}
			}
			if styles[0] != styles[1] {
				t.Errorf("Photos OK is styled %v with access needs, %v without", styles[0], styles[1])
			}
		})
	}
}
