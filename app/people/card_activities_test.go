package people

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/app/kit"
	"github.com/gather-sp/gather/domain"
)

// TestCardActivitiesReadInFull: on a person's card, each activity they go
// to says in full when it meets and where, beside its info-sheet buttons,
// on a portrait tablet and a laptop alike. Reception reads it out to
// someone asking "when is it?" before printing the sheet; "Saturdays, 1…"
// answers nothing.
func TestCardActivitiesReadInFull(t *testing.T) {
	for _, size := range []fyne.Size{portraitSize, desktopSize} {
		for _, role := range []string{domain.RoleReception, domain.RoleFacilitator} {
			t.Run(role+" "+sizeLabel(size), func(t *testing.T) {
				h := newHarness(t, true, size)
				h.signIn(role)
				v := h.st.View()
				// The demo person on the most activities, long venue names among them.
				count := map[string]int{}
				for _, row := range v.All(domain.KindEnrolment) {
					var e domain.Enrolment
					row.Decode(&e)
					if _, ok := v.Get(domain.KindActivity, e.ActivityID); ok && e.Active() {
						count[e.PersonID]++
					}
				}
				var id string
				most := 0
				for pid, n := range count {
					if n > most || n == most && pid < id {
						id, most = pid, n
					}
				}
				if most < 2 {
					t.Fatalf("nobody in the demo goes to two activities")
				}
				ps := NewCard(h.sh, id)
				h.sh.Push(ps)
				h.w.Resize(size)
				uitest.Shot(t, h.w, "card-activities-"+role+"-"+sizeLabel(size))
				if len(ps.printBtns) != most {
					t.Fatalf("%d info-sheet buttons for %d activities", len(ps.printBtns), most)
				}
				text := uitest.LaidOutText(ps.acts)
				if !strings.Contains(text, " · ") {
					t.Fatalf("no schedule and venue among the activities:\n%s", text)
				}
				if cut := uitest.CutShort(ps.acts); len(cut) > 0 {
					t.Errorf("cut short on the card's activities: %q", cut)
				}
				for _, b := range append(append([]*widget.Button(nil), ps.printBtns...), ps.altPrintBtns...) {
					if b.Size().Height < kit.MinTouch {
						t.Errorf("%q is %v high, under a finger's %v", b.Text, b.Size().Height, kit.MinTouch)
					}
				}
			})
		}
	}
}

func sizeLabel(s fyne.Size) string {
	if s.Width < s.Height {
		return "portrait"
	}
	return "laptop"
}
