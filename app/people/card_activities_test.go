package people

import (
	"sort"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/app/kit"
	"github.com/gather-sp/gather/app/shell"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/storage"
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
				if role == domain.RoleFacilitator {
					// A facilitator sees activities at the device's venues
					// only (access.PersonRegisterScope): a tablet for all of them.
					var ids []string
					for _, r := range v.All(domain.KindVenue) {
						ids = append(ids, `"`+r.ID+`"`)
					}
					h.sh.SetMeta(map[string]string{shell.MetaVenues: "[" + strings.Join(ids, ",") + "]"})
				}
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
				// A facilitator reads them without their own info sheets
				// (access.ActionPrintInfoSheet).
				if want := map[bool]int{true: most}[role == domain.RoleReception]; len(ps.printBtns) != want {
					t.Fatalf("%d info-sheet buttons for %d activities, want %d", len(ps.printBtns), most, want)
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

// TestCardAttendanceReadsInFull: each attendance row on a person's card
// says in full what happened, its note too, on a portrait tablet and a
// laptop. On half a portrait tablet "Garden group — Feeling …" left the
// facilitator guessing why someone sent apologies.
func TestCardAttendanceReadsInFull(t *testing.T) {
	for _, size := range []fyne.Size{portraitSize, desktopSize} {
		t.Run(sizeLabel(size), func(t *testing.T) {
			h := newHarness(t, true, size)
			h.signIn(domain.RoleReception)
			id, note := personWithLongestRecentNote(t, h.st.View())
			ps := NewCard(h.sh, id)
			h.sh.Push(ps)
			h.w.Resize(size)
			// Lay out again, as the live window does on its next frame,
			// so wrapped rows are measured at their real width.
			ps.content.Refresh()
			uitest.Shot(t, h.w, "card-attendance-"+sizeLabel(size))
			if text := uitest.LaidOutText(ps.history); !strings.Contains(text, note) {
				t.Fatalf("the note %q is not among the attendance:\n%s", note, text)
			}
			if cut := uitest.CutShort(ps.history); len(cut) > 0 {
				t.Errorf("cut short in the card's attendance: %q", cut)
			}
		})
	}
}

// personWithLongestRecentNote is the demo person with the longest note
// among the twelve newest marks their card lists, and that note.
func personWithLongestRecentNote(t *testing.T, v *storage.View) (id, note string) {
	t.Helper()
	seen := map[string]bool{}
	for _, row := range v.All(domain.KindAttendance) {
		pid := row.Get("person_id")
		if seen[pid] {
			continue
		}
		seen[pid] = true
		var marks []domain.Attendance
		for _, m := range v.PersonAttendance(pid) {
			if m.Status != "" {
				marks = append(marks, m)
			}
		}
		sort.SliceStable(marks, func(i, j int) bool { return marks[i].Date > marks[j].Date })
		for _, m := range marks[:min(12, len(marks))] {
			if len(m.Note) > len(note) || len(m.Note) == len(note) && m.Note != "" && pid < id {
				id, note = pid, m.Note
			}
		}
	}
	if note == "" {
		t.Fatal("no demo attendance has a note")
	}
	return id, note
}

// TestCardUsesATabletsHeight: on a portrait tablet reception's card puts
// the attendance under the person's details, the width of the card, so
// each visit reads on one line and the screen is not left half empty (two
// halves of 800 wide wrapped the rows and ended the card at about half
// the height); on a laptop the two sit side by side, the activities (and
// their info-sheet buttons) heading the attendance beside the details.
func TestCardUsesATabletsHeight(t *testing.T) {
	for _, size := range []fyne.Size{portraitSize, desktopSize} {
		t.Run(sizeLabel(size), func(t *testing.T) {
			h := newHarness(t, true, size)
			h.signIn(domain.RoleReception)
			id, _ := personWithLongestRecentNote(t, h.st.View())
			ps := NewCard(h.sh, id)
			h.sh.Push(ps)
			h.w.Resize(size)
			ps.content.Refresh()
			uitest.Shot(t, h.w, "card-height-"+sizeLabel(size))
			d := fyne.CurrentApp().Driver()
			acts, hist := d.AbsolutePositionForObject(ps.acts), d.AbsolutePositionForObject(ps.history)
			width := ps.content.Size().Width
			if size == portraitSize {
				if hist.Y <= acts.Y+ps.acts.Size().Height {
					t.Errorf("the attendance (at y %v) is beside the activities (y %v to %v), not under them", hist.Y, acts.Y, acts.Y+ps.acts.Size().Height)
				}
				if w := ps.history.Size().Width; w < 0.9*width {
					t.Errorf("the attendance is %v wide of the card's %v", w, width)
				}
				if bottom := hist.Y + ps.history.Size().Height; bottom < 0.8*size.Height {
					t.Errorf("the card ends at %v of the window's %v high", bottom, size.Height)
				}
			} else if access := d.AbsolutePositionForObject(ps.access); hist.X < width/3 || acts.X < width/3 || access.X > width/3 || hist.Y < acts.Y {
				t.Errorf("on a laptop the activities (at %v), then the attendance (at %v), are not beside the person's details (at %v)", acts, hist, access)
			}
		})
	}
}
