package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/casework"
	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/domain"
)

// TestCaseworkOpensOnTheShellsStack: screens opened inside casework (a
// case, then matching from it) go on the shell's one stack, so there is
// one Back on screen, it walks back one screen at a time, and the
// Casework tab always opens afresh rather than on a stale Match screen.
func TestCaseworkOpensOnTheShellsStack(t *testing.T) {
	h := newHarness(t, true, fyne.NewSize(1280, 800))
	h.signIn(domain.RoleLinkWorker)
	people := h.st.View().SearchPeople("a", 1)
	if len(people) == 0 {
		t.Fatal("nobody in the demo")
	}
	root := h.w.Canvas().Content()
	backs := func() int { return len(uitest.Buttons(root, "Back")) }

	h.u.OpenPerson(people[0].ID)
	test.Tap(uitest.Button(t, root, "Open their case"))
	if _, ok := h.u.current().(*casework.Case); !ok {
		t.Fatalf("Open their case showed %T", h.u.current())
	}
	test.Tap(uitest.Button(t, root, "Match to activities"))
	if got := h.u.current().Title(); got != "Match to activities" {
		t.Fatalf("after Match to activities the shell shows %q", got)
	}
	if n := backs(); n != 1 {
		t.Errorf("%d Back buttons on the Match screen, want 1", n)
	}
	if len(h.u.stack) != 3 {
		t.Errorf("the shell's stack holds %d screens, want 3 (card, case, match)", len(h.u.stack))
	}

	h.u.Back()
	if _, ok := h.u.current().(*casework.Case); !ok {
		t.Errorf("Back from matching showed %T, want the case", h.u.current())
	}

	test.Tap(uitest.Button(t, root, "Match to activities"))
	h.u.ShowNav("casework")
	if _, ok := h.u.current().(*casework.Home); !ok {
		t.Fatalf("the Casework tab showed %T, want its home", h.u.current())
	}
	if n := backs(); n != 0 {
		t.Errorf("the Casework tab shows %d Back buttons, want none", n)
	}
}

// mustFitTheWindow fails for each visible button or entry that reaches past
// the window's right edge.
func mustFitTheWindow(t *testing.T, h *harness, where string) {
	t.Helper()
	d := fyne.CurrentApp().Driver()
	width := h.w.Canvas().Size().Width
	for _, o := range test.LaidOutObjects(h.w.Canvas().Content()) {
		switch o.(type) {
		case *widget.Button, *widget.Entry, *widget.Select:
		default:
			continue
		}
		if !o.Visible() {
			continue
		}
		if right := d.AbsolutePositionForObject(o).X + o.Size().Width; right > width+0.5 {
			t.Errorf("%s: %q ends at %.0f, past the window's %.0f", where, uitest.ControlLabel(o), right, width)
		}
	}
}

// TestCaseworkFitsAPortraitTablet: on an 800 px wide tablet the wellbeing
// answers, its toggles and the matching filters fold to fit the window
// instead of running off its right edge.
func TestCaseworkFitsAPortraitTablet(t *testing.T) {
	h := newHarness(t, true, fyne.NewSize(800, 1280))
	h.signIn(domain.RoleLinkWorker)
	people := h.st.View().SearchPeople("a", 1)
	root := h.w.Canvas().Content()
	h.u.OpenPerson(people[0].ID)
	test.Tap(uitest.Button(t, root, "Open their case"))

	test.Tap(uitest.Button(t, root, "Wellbeing questions"))
	test.Tap(uitest.Button(t, root, domain.InstrumentName(domain.InstrumentSWEMWBS)))
	if !uitest.Shows(root, "None of the time") {
		t.Fatal("the SWEMWBS answers are not on show")
	}
	mustFitTheWindow(t, h, "SWEMWBS")
	h.u.Back()

	test.Tap(uitest.Button(t, root, "Match to activities"))
	mustFitTheWindow(t, h, "matching")
}
