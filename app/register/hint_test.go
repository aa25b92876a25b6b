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

// TestMarkHintGoesOnceSomeoneIsMarked: the line under the list says how
// to mark until anyone on the register is marked; then it says what was
// last done, with Undo; and on a register with marks and nothing done on
// this visit the line and Undo go altogether, so the list has their room
// (with large text, a name more on screen).
func TestMarkHintGoesOnceSomeoneIsMarked(t *testing.T) {
	for _, size := range []fyne.Size{fyne.NewSize(800, 1280), desktopSize} {
		t.Run(sizeName(size), func(t *testing.T) { testMarkHint(t, size) })
	}
}

func testMarkHint(t *testing.T, size fyne.Size) {
	h := newHarness(t, true, size)
	uitest.UseTextSize(uitest.Largest)
	h.signIn(domain.RoleFacilitator)
	// A new weekly activity on today's weekday, two of the garden's
	// people enrolled, nobody marked.
	g := h.openRegister(garden)
	a := domain.Activity{ID: "act-new-hint", Name: "Walk and talk", VenueID: g.info.Activity.VenueID,
		Schedule: "weekly", Weekday: testNow.Weekday(), StartDate: "2026-11-01", StartTime: "13:00", EndTime: "14:00"}
	changes := []record.Change{{Kind: domain.KindActivity, ID: a.ID, Fields: domain.Encode(a)}}
	for _, pid := range g.expected[:2] {
		changes = append(changes, domain.Create(domain.KindEnrolment, domain.EnrolmentID(a.ID, pid),
			domain.Enrolment{ActivityID: a.ID, PersonID: pid, VenueID: a.VenueID, Started: "2026-11-01"}))
	}
	if err := h.sh.Save(changes...); err != nil {
		t.Fatal(err)
	}

	r := h.openRegister(a.ID)
	if !r.bottom.Visible() || !r.lastLabel.Visible() || r.lastLabel.Text != markHint {
		t.Fatalf("nobody marked: the line under the list says %q (on show %v), want the hint", r.lastLabel.Text, r.bottom.Visible())
	}
	if r.undoBtn.Visible() {
		t.Error("nobody marked: Undo is on show with nothing to undo")
	}
	// It wraps, read in full at the largest text ("Photograph only people
	// marked Photos OK", never "Photograph o…").
	h.w.Canvas().Content().Refresh()
	if cut := uitest.CutShort(r.lastLabel); len(cut) > 0 {
		t.Errorf("the hint is cut short: %q", cut)
	}
	if need := heightAt(r.lastLabel, r.lastLabel.Size().Width); r.lastLabel.Size().Height+0.5 < need {
		t.Errorf("the hint has %.0f of the %.0f it needs high", r.lastLabel.Size().Height, need)
	}
	listH := r.list.Size().Height

	pid := firstUnmarked(t, r)
	test.Tap(h.row(r, pid).mark)
	if !strings.HasPrefix(r.lastLabel.Text, "Marked ") || !r.undoBtn.Visible() || r.undoBtn.Disabled() {
		t.Errorf("after a mark: the line says %q, Undo on show %v", r.lastLabel.Text, r.undoBtn.Visible())
	}
	test.Tap(r.undoBtn)
	if !strings.HasPrefix(r.lastLabel.Text, "Undone: ") || r.undoBtn.Visible() {
		t.Errorf("after Undo: the line says %q, Undo on show %v", r.lastLabel.Text, r.undoBtn.Visible())
	}

	// Marked on an earlier visit (or another device): the hint has done
	// its work, and nothing has been done on this visit.
	r.Mark(pid)
	r = h.openRegister(a.ID)
	if r.bottom.Visible() {
		t.Errorf("someone marked, nothing done here: the line under the list is on show, saying %q", r.lastLabel.Text)
	}
	if got := r.list.Size().Height; got <= listH {
		t.Errorf("the list is %.0f high without the line under it, %.0f with it", got, listH)
	}
	r.Mark(firstUnmarked(t, r))
	if !r.bottom.Visible() || !strings.HasPrefix(r.lastLabel.Text, "Marked ") || !r.undoBtn.Visible() {
		t.Errorf("a mark on this visit: the line says %q (on show %v), Undo on show %v", r.lastLabel.Text, r.bottom.Visible(), r.undoBtn.Visible())
	}
}
