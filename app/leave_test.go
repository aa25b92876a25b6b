package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/activities"
	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/app/register"
	"github.com/gather-sp/gather/app/shell"
	"github.com/gather-sp/gather/domain"
)

// TestLeavingAFormWithUnsavedChangesAsks: Back and the navigation bar ask
// before throwing typed changes away; an untouched or saved form just goes.
func TestLeavingAFormWithUnsavedChangesAsks(t *testing.T) {
	h := newHarness(t, true, fyne.NewSize(1280, 800))
	h.signIn(domain.RoleLinkWorker)
	h.u.ShowNav("activities")
	list := h.u.current().(*activities.Screen)
	acts := h.u.View().Activities()
	if len(acts) == 0 {
		t.Fatal("no activities in the demo")
	}
	edit := func() Screen {
		t.Helper()
		list.Edit(acts[0].ID)
		f := h.u.current()
		if _, ok := f.(shell.Unsaved); !ok || f.Title() != "Edit activity" {
			t.Fatalf("Edit showed %T %q", f, f.Title())
		}
		return f
	}
	// name is the form's Name field, holding the name it was opened with.
	name := func(f Screen) *widget.Entry { t.Helper(); return uitest.Entry(t, f.Content(), acts[0].Name) }

	// Untouched: Back goes at once.
	edit()
	h.u.Back()
	if h.u.current() != list || h.u.leaving != nil {
		t.Fatalf("an untouched form did not just go back (on %T, asking %v)", h.u.current(), h.u.leaving != nil)
	}

	// Typed: Back asks; Keep editing stays with the text.
	f := edit()
	typed := name(f)
	typed.SetText("Garden group (new name)")
	h.u.Back()
	if h.u.leaving == nil || h.u.current() != f {
		t.Fatalf("Back with typed changes did not ask (on %T)", h.u.current())
	}
	mustFitDialog(t, h)
	shot(t, h, "leave-without-saving")
	test.Tap(h.u.leaving.stay)
	if h.u.current() != f || typed.Text != "Garden group (new name)" {
		t.Fatalf("Keep editing left the form or lost the text (%q)", typed.Text)
	}
	// The navigation bar asks too; Leave goes and saves nothing.
	h.u.ShowNav("today")
	if h.u.leaving == nil {
		t.Fatal("the navigation bar left typed changes without asking")
	}
	test.Tap(h.u.leaving.leave)
	if _, ok := h.u.current().(*register.Today); !ok {
		t.Fatalf("Leave without saving went to %T, want Today", h.u.current())
	}
	if row, _ := h.u.View().Get(domain.KindActivity, acts[0].ID); row.Get("name") != acts[0].Name {
		t.Errorf("leaving saved the name %q", row.Get("name"))
	}

	// Saved: back to the list without a question.
	h.u.ShowNav("activities")
	list = h.u.current().(*activities.Screen)
	f = edit()
	name(f).SetText("Garden club")
	test.Tap(uitest.Button(t, f.Content(), "Save"))
	if h.u.current() != list || h.u.leaving != nil {
		t.Fatalf("after Save: on %T, asking %v", h.u.current(), h.u.leaving != nil)
	}
}
