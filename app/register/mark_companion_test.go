package register

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/domain"
)

// TestCameAskedOnlyOfThoseWhoCame: a mark's More asks who someone came
// with only while Here, Late or Left early is chosen, never for
// Apologies, Absent or Not marked; and someone marked here with a friend
// who is then marked Apologies keeps no companion, so no report counts a
// friend with someone who was not there.
func TestCameAskedOnlyOfThoseWhoCame(t *testing.T) {
	for _, size := range []fyne.Size{fyne.NewSize(800, 1280), desktopSize} {
		t.Run(sizeName(size), func(t *testing.T) {
			h := newHarness(t, true, size)
			h.signIn(domain.RoleFacilitator)
			r := h.openRegister(garden)
			pid := firstUnmarked(t, r)
			asked := func() bool { return slices.Contains(shownLabels(h.w.Canvas().Overlays().Top()), "Came") }

			test.Tap(h.row(r, pid).more)
			if asked() {
				t.Error("Came is asked with nothing chosen yet")
			}
			for _, st := range append(append([]string(nil), domain.AttendanceStatuses...), "") {
				test.Tap(r.stateDlg.statusBtn[st])
				if got, want := asked(), domain.Attended(st); got != want {
					t.Errorf("with %q chosen, Came asked: %v, want %v", st, got, want)
				}
			}
			test.Tap(r.stateDlg.statusBtn[domain.StatusPresent])
			r.stateDlg.companion.SetSelected("With a friend")
			test.Tap(r.stateDlg.save)
			if m := h.mark(r.sessionID, pid); m.Status != domain.StatusPresent || m.Companion != "friend" {
				t.Fatalf("marked here with a friend: %+v", m)
			}

			// They had not come after all: they sent apologies.
			test.Tap(h.row(r, pid).more)
			test.Tap(r.stateDlg.statusBtn[domain.StatusApologies])
			uitest.Shot(t, h.w, "mark-apologies-"+sizeName(size))
			test.Tap(r.stateDlg.save)
			if m := h.mark(r.sessionID, pid); m.Status != domain.StatusApologies || m.Companion != "" {
				t.Errorf("marked apologies, the mark is %q with companion %q, want no companion", m.Status, m.Companion)
			}
			if text := uitest.LaidOutText(h.row(r, pid)); strings.Contains(text, "came with") {
				t.Errorf("the row still says who they came with:\n%s", text)
			}
			if n := r.info.Summary.Companion; n != 0 {
				t.Errorf("%d counted as coming with a friend or carer", n)
			}
		})
	}
}

// shownLabels is the text of every label on show under o, looking inside
// widgets (a dialog) and skipping whatever is hidden.
func shownLabels(o fyne.CanvasObject) []string {
	var out []string
	if o == nil || !o.Visible() {
		return nil
	}
	switch x := o.(type) {
	case *widget.Label:
		out = append(out, x.Text)
	case *fyne.Container:
		for _, k := range x.Objects {
			out = append(out, shownLabels(k)...)
		}
	case fyne.Widget:
		for _, k := range test.WidgetRenderer(x).Objects() {
			out = append(out, shownLabels(k)...)
		}
	}
	return out
}

// TestMarkDialogUndoIsNotAbsent: in a mark's More, "Not marked" (the undo
// of a wrong tick) and "Absent" (an absence reports count) never share an
// icon: every choice has its own, "Not marked" shows the register row's
// empty box and says it clears the mark, and Absent is no cross that
// reads as "clear".
func TestMarkDialogUndoIsNotAbsent(t *testing.T) {
	h := newHarness(t, true, desktopSize)
	h.signIn(domain.RoleFacilitator)
	r := h.openRegister(garden)
	pid := firstUnmarked(t, r)
	test.Tap(h.row(r, pid).more)
	btns := r.stateDlg.statusBtn
	seen := map[string]string{}
	for _, b := range btns {
		if b.Icon == nil {
			t.Errorf("%q has no icon", b.Text)
			continue
		}
		if other, ok := seen[b.Icon.Name()]; ok {
			t.Errorf("%q and %q share the icon %s", b.Text, other, b.Icon.Name())
		}
		seen[b.Icon.Name()] = b.Text
	}
	undo, absent := btns[""], btns[domain.StatusAbsent]
	if row := h.row(r, pid).mark; undo.Icon.Name() != row.Icon.Name() {
		t.Errorf("Not marked shows %s, the unmarked row %s", undo.Icon.Name(), row.Icon.Name())
	}
	if !strings.Contains(strings.ToLower(undo.Text), "clear") {
		t.Errorf("the undo reads %q: it does not say it clears the mark", undo.Text)
	}
	for _, cross := range []fyne.Resource{theme.CancelIcon(), theme.ContentClearIcon(), theme.WindowCloseIcon()} {
		if absent.Icon.Name() == cross.Name() {
			t.Errorf("Absent shows a cross (%s)", cross.Name())
		}
	}
}
