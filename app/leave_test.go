package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/app/register"
	"github.com/gather-sp/gather/domain"
)

// TestLeavingAFormWithUnsavedChangesAsks: Back and the navigation bar ask
// before throwing typed changes away; an untouched or saved form just goes.
func TestLeavingAFormWithUnsavedChangesAsks(t *testing.T) {
	h := newHarness(t, true, fyne.NewSize(1280, 800))
	h.signIn(domain.RoleLinkWorker)
	h.u.ShowNav("activities")
	list := h.u.current().(*activitiesScreen)
	acts := h.u.View().Activities()
	if len(acts) == 0 {
		t.Fatal("no activities in the demo")
	}
	edit := func() *activityForm {
		t.Helper()
		list.onEdit(acts[0].ID)
		f, ok := h.u.current().(*activityForm)
		if !ok {
			t.Fatalf("Edit showed %T", h.u.current())
		}
		return f
	}

	// Untouched: Back goes at once.
	edit()
	h.u.Back()
	if _, ok := h.u.current().(*activitiesScreen); !ok || h.u.leaving != nil {
		t.Fatalf("an untouched form did not just go back (on %T, asking %v)", h.u.current(), h.u.leaving != nil)
	}

	// Typed: Back asks; Keep editing stays with the text.
	f := edit()
	f.name.SetText("Garden group (new name)")
	h.u.Back()
	if h.u.leaving == nil || h.u.current() != f {
		t.Fatalf("Back with typed changes did not ask (on %T)", h.u.current())
	}
	mustFitDialog(t, h)
	shot(t, h, "leave-without-saving")
	test.Tap(h.u.leaving.stay)
	if h.u.current() != f || f.name.Text != "Garden group (new name)" {
		t.Fatalf("Keep editing left the form or lost the text (%q)", f.name.Text)
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
	list = h.u.current().(*activitiesScreen)
	f = edit()
	f.name.SetText("Garden club")
	f.onSave()
	if _, ok := h.u.current().(*activitiesScreen); !ok || h.u.leaving != nil {
		t.Fatalf("after Save: on %T, asking %v", h.u.current(), h.u.leaving != nil)
	}
}
