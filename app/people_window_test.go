package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/admin"
	"github.com/gather-sp/gather/app/casework"
	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/app/people"
	"github.com/gather-sp/gather/audit"
	"github.com/gather-sp/gather/domain"
)

// The people screens (app/people) in the window: what the shell does with
// them (opening the case, focusing the search, the audit trail's words).
// Their own tests are in app/people.

// personEditOnScreen is Edit details as the window shows it, read through
// its widgets: the GP practice picker, Save and the problem line.
type personEditOnScreen struct {
	t        *testing.T
	h        *harness
	practice *widget.SelectEntry
	saveBtn  *widget.Button
	problem  *widget.Label
}

// knownPractices are the practices the picker offers (its drop-down).
func (f *personEditOnScreen) knownPractices() []string {
	f.t.Helper()
	c := f.h.w.Canvas()
	before := c.Overlays().Top()
	test.Tap(f.practice.ActionItem.(fyne.Tappable))
	menu := c.Overlays().Top()
	if menu == nil || menu == before {
		f.t.Fatal("the practice picker has no drop-down")
	}
	var out []string
	for _, o := range test.LaidOutObjects(menu) {
		if x, ok := o.(*canvas.Text); ok && x.Text != "" {
			out = append(out, x.Text)
		}
	}
	c.Overlays().Remove(menu)
	return out
}

// openPersonEdit opens someone's card, as a person found by "a", and taps
// Edit details.
func openPersonEdit(t *testing.T, h *harness) (Screen, *personEditOnScreen, string) {
	t.Helper()
	found := h.st.View().SearchPeople("a", 1)
	if len(found) == 0 {
		t.Fatal("nobody in the demo")
	}
	id := found[0].ID
	h.u.OpenPerson(id)
	card := h.u.current()
	root := h.w.Canvas().Content()
	test.Tap(uitest.Button(t, root, "Edit details"))
	if _, ok := h.u.current().(*people.EditForm); !ok {
		t.Fatalf("Edit details showed %T", h.u.current())
	}
	f := &personEditOnScreen{t: t, h: h, saveBtn: uitest.Button(t, root, "Save")}
	for _, o := range test.LaidOutObjects(root) {
		switch x := o.(type) {
		case *widget.SelectEntry:
			f.practice = x
		case *widget.Label:
			if x.Importance == widget.DangerImportance && x.TextStyle.Bold {
				f.problem = x
			}
		}
	}
	if f.practice == nil || f.problem == nil {
		t.Fatalf("Edit details has no practice picker or problem line:\n%s", uitest.LaidOutText(root))
	}
	return card, f, id
}

// TestPersonCardOpensTheCaseInTheShell: Open their case on the card shows
// the person's case (casework) on the shell's stack, and the opening is
// audited once (the card's own entry for its case fields aside).
func TestPersonCardOpensTheCaseInTheShell(t *testing.T) {
	for _, role := range []string{domain.RoleLinkWorker, domain.RoleReception, domain.RoleAdministrator} {
		t.Run(role, func(t *testing.T) {
			h := newHarness(t, true, fyne.NewSize(800, 1280))
			h.signIn(role)
			found := h.st.View().SearchPeople("a", 1)
			if len(found) == 0 {
				t.Fatal("nobody in the demo")
			}
			id := found[0].ID
			h.u.OpenPerson(id)
			viewed := func() int {
				n := 0
				for _, r := range h.st.View().By(domain.KindAudit, "entity_id", id) {
					if r.Get("action") == "viewed" && r.Get("staff") == h.u.staff.ID {
						n++
					}
				}
				return n
			}
			// The card itself shows case fields (its own entry, see
			// TestCardWithCaseFieldsIsAudited); opening the case adds one.
			before := viewed()
			test.Tap(uitest.Button(t, h.w.Canvas().Content(), "Open their case"))
			if _, ok := h.u.current().(*casework.Case); !ok {
				t.Fatalf("Open their case showed %T", h.u.current())
			}
			if n := viewed() - before; n != 1 {
				t.Errorf("%d 'viewed' entries for opening the case, want 1", n)
			}
		})
	}
}

// TestFindAPersonFocusesItsSearch: opening Find a person from the
// navigation puts the cursor in its search, and Ctrl+F puts it back.
func TestFindAPersonFocusesItsSearch(t *testing.T) {
	h := newHarness(t, true, desktopSize)
	h.signIn(domain.RoleReception)
	h.u.ShowNav("people")
	if _, ok := h.u.current().(*people.Finder); !ok {
		t.Fatalf("Find a person showed %T", h.u.current())
	}
	search := func() *widget.Entry {
		e, _ := h.w.Canvas().Focused().(*widget.Entry)
		if e == nil || e.PlaceHolder != "Type a name: given, family or known-as (Ctrl+F)" {
			return nil
		}
		return e
	}
	e := search()
	if e == nil {
		t.Fatalf("the search is not focused when Find a person opens: %T", h.w.Canvas().Focused())
	}
	h.w.Canvas().Unfocus()
	h.w.Canvas().(fyne.Shortcutable).TypedShortcut(&desktopShortcutF)
	if search() != e {
		t.Errorf("Ctrl+F does not focus Find a person's search: %T", h.w.Canvas().Focused())
	}
}

// TestMergeAuditReadsInWords: the audit entry a merge saves (the merge
// screen's, audit.Recorder.Merged) reads in words in Admin › Audit.
func TestMergeAuditReadsInWords(t *testing.T) {
	h := newHarness(t, true, desktopSize)
	h.signIn(domain.RoleAdministrator)
	var kept domain.Person
	for _, p := range h.st.View().SearchPeople("a", 50) {
		if p.PreferredName == "" {
			kept = p // named as the merge screen's test named them
			break
		}
	}
	if err := h.st.Save(h.u.staff.ID, h.u.Recorder().Merged(h.u.staff.ID, kept.ID, "dup-"+kept.ID, []string{"phone"}, 1, 0)); err != nil {
		t.Fatal(err)
	}
	var merged []domain.Audit
	for _, row := range h.st.View().By(domain.KindAudit, "entity_id", kept.ID) {
		var a domain.Audit
		row.Decode(&a)
		if a.Action == audit.ActionMerged {
			merged = append(merged, a)
		}
	}
	if len(merged) != 1 {
		t.Fatalf("audit entries for the merge: %+v", merged)
	}
	words := admin.AuditLine(h.st.View(), merged[0])
	for _, want := range []string{"Merged a second record", kept.FullName(), "taking the", "phone", "1 case record"} {
		if !strings.Contains(words, want) {
			t.Errorf("the audit trail says %q; want %q in it", words, want)
		}
	}
}

// TestPersonEditBackAsksInTheWindow: in the window, Back on Edit details
// with something typed asks before throwing it away; "Keep editing" stays
// on the form with the text, "Leave without saving" goes back to the card
// and saves nothing.
func TestPersonEditBackAsksInTheWindow(t *testing.T) {
	h := newHarness(t, true, fyne.NewSize(1280, 800))
	h.signIn(domain.RoleReception)
	card, _, id := openPersonEdit(t, h)
	form := h.u.current()
	before, _ := h.st.View().Person(id)
	access := uitest.Entry(t, h.w.Canvas().Content(), before.AccessNeeds)
	access.SetText(before.AccessNeeds + " and a hearing loop")

	test.Tap(h.u.backBtn)
	if h.u.leaving == nil || h.u.current() != form {
		t.Fatalf("Back with typed changes did not ask (on %T)", h.u.current())
	}
	test.Tap(h.u.leaving.stay)
	if h.u.current() != form || access.Text != before.AccessNeeds+" and a hearing loop" {
		t.Fatalf("Keep editing left the form or lost the text (on %T, %q)", h.u.current(), access.Text)
	}
	test.Tap(h.u.backBtn)
	test.Tap(h.u.leaving.leave)
	if h.u.current() != card {
		t.Fatalf("Leave without saving went to %T", h.u.current())
	}
	if after, _ := h.st.View().Person(id); after.AccessNeeds != before.AccessNeeds {
		t.Errorf("leaving saved the access needs %q", after.AccessNeeds)
	}
}
