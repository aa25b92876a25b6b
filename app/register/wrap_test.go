package register

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

// TestAccessNeedsReadInFull: on a portrait tablet and a laptop, at the
// largest text size, every row's access needs are on show in full,
// wrapped onto more lines where the line is too short, never cut short
// with "…", inside their row, with the row still a large target; and the
// hint under the list ("Photograph only people marked Photos OK") wraps
// too. A very long access need on a laptop goes under the name, wrapped.
func TestAccessNeedsReadInFull(t *testing.T) {
	long := "Partially sighted: large print please, and read anything on the board aloud; sits near the door; uses a walking frame"
	for _, size := range []fyne.Size{fyne.NewSize(800, 1280), desktopSize} {
		t.Run(sizeName(size), func(t *testing.T) {
			h := newHarness(t, true, size)
			uitest.UseTextSize(uitest.Largest)
			h.signIn(domain.RoleFacilitator)
			r := h.openRegister(garden)
			withNeeds := 0
			for _, id := range r.expected {
				if r.people[id].AccessNeeds != "" {
					withNeeds++
					if withNeeds == 1 {
						if err := h.sh.Save(record.Change{Kind: domain.KindPerson, ID: id, Fields: map[string]string{"access_needs": long}}); err != nil {
							t.Fatal(err)
						}
						h.sh.Repaint(r)
					}
				}
			}
			if withNeeds < 2 {
				t.Fatalf("the demo's register has %d people with access needs", withNeeds)
			}
			h.w.Canvas().Content().Refresh()
			uitest.Shot(t, h.w, "register-largest-"+sizeName(size))
			for i, row := range r.rows {
				needs := row.Person.AccessNeeds
				if needs == "" {
					continue
				}
				w := h.row(r, row.Person.ID)
				if cut := uitest.CutShort(w); len(cut) > 0 {
					t.Errorf("row %d cut short: %q", i, cut)
				}
				if !strings.Contains(w.access.Text, needs) || !w.access.Visible() {
					t.Errorf("%s's row says %q, not their access needs %q", row.Person.DisplayName(), w.access.Text, needs)
				}
				// Every line of the wrapped text has room, inside the row.
				need := heightAt(w.access, w.access.Size().Width)
				bottom := w.access.Position().Y + w.textBox.Position().Y + w.access.Size().Height
				if w.access.Size().Height+0.5 < need || bottom > w.Size().Height+0.5 {
					t.Errorf("%s's access needs get %.0f of the %.0f they need high, ending at %.0f in a row %.0f high",
						row.Person.DisplayName(), w.access.Size().Height, need, bottom, w.Size().Height)
				}
				if w.mark.Size().Height < 44 {
					t.Errorf("%s's mark button is %.0f high", row.Person.DisplayName(), w.mark.Size().Height)
				}
			}
			// Still one tap to mark someone with access needs.
			for _, row := range r.rows {
				if row.Person.AccessNeeds != "" && row.Mark.Status == "" {
					test.Tap(h.row(r, row.Person.ID).mark)
					if got := h.mark(r.sessionID, row.Person.ID).Status; got != domain.StatusPresent {
						t.Errorf("tapping Mark here marked %q", got)
					}
					break
				}
			}
		})
	}
}

// TestRowsGrowWithTheTextSize: choosing a larger text size while a
// register is open makes its rows as tall as their access needs now wrap.
func TestRowsGrowWithTheTextSize(t *testing.T) {
	h := newHarness(t, true, fyne.NewSize(800, 1280))
	h.signIn(domain.RoleFacilitator)
	r := h.openRegister(garden)
	var id string
	for _, pid := range r.expected {
		if r.people[pid].AccessNeeds != "" {
			id = pid
			break
		}
	}
	long := "Partially sighted: large print please, and read anything on the board aloud; sits near the door"
	if err := h.sh.Save(record.Change{Kind: domain.KindPerson, ID: id, Fields: map[string]string{"access_needs": long}}); err != nil {
		t.Fatal(err)
	}
	h.sh.Repaint(r)
	uitest.UseTextSize(uitest.Largest)
	h.w.Canvas().Content().Refresh()
	w := h.row(r, id)
	if need := heightAt(w.access, w.access.Size().Width); w.access.Size().Height+0.5 < need || w.Size().Height+0.5 < need {
		t.Errorf("after choosing the largest text, the access needs get %.0f of the %.0f they need, in a row %.0f high",
			w.access.Size().Height, need, w.Size().Height)
	}
}
