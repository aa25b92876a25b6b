package app

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/casework"
	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/app/people"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

// TestOneNameEverywhere: someone who goes by another name is named the
// same way on the register, in Find a person, on their card and in the
// referrals inbox: "Margaret (Peggy) Hughes", never "Peggy Hughes" in one
// place and "Margaret Hughes" in another.
func TestOneNameEverywhere(t *testing.T) {
	h := newHarness(t, true, desktopSize)
	h.signIn(domain.RoleLinkWorker)
	r := h.openRegister(garden)
	pid := r.Shown()[0].ID
	ch := record.Change{Kind: domain.KindPerson, ID: pid, Fields: map[string]string{
		"given_name": "Margaret", "family_name": "Hughes", "preferred_name": "Peggy"}}
	ref := record.Change{Kind: domain.KindReferral, ID: "ref-peggy", Fields: map[string]string{
		"person_id": pid, "status": domain.ReferralReceived, "received": "2026-11-20", "source": domain.SourceSelf}}
	if err := h.st.Save(h.u.staff.ID, ch, ref); err != nil {
		t.Fatal(err)
	}
	const want = "Margaret (Peggy) Hughes"
	root := h.w.Canvas().Content()

	r.Refresh()
	if got := h.row(r, pid).Name; got != want {
		t.Errorf("the register names them %q, want %q", got, want)
	}

	h.u.ShowNav("people")
	find := h.u.current().(*people.Finder)
	find.Search("peggy")
	if len(find.Results()) == 0 {
		t.Fatal("Find a person does not find them by the name they go by")
	}
	if !laidOutLabel(h, want) {
		t.Errorf("Find a person does not show %q", want)
	}

	h.u.OpenPerson(pid)
	uitest.MustShow(t, root, want)
	uitest.MustNotShow(t, root, "Known as", "Peggy Hughes")

	h.u.ShowNav("casework")
	if _, ok := h.u.current().(*casework.Home); !ok {
		t.Fatalf("Casework showed %T", h.u.current())
	}
	h.u.Push(casework.NewInbox(h.st, h.u.caseworkContext()))
	uitest.MustShow(t, root, want)
}

// laidOutLabel reports whether a label on the window, lists included,
// reads text.
func laidOutLabel(h *harness, text string) bool {
	for _, o := range test.LaidOutObjects(h.w.Canvas().Content()) {
		if l, ok := o.(*widget.Label); ok && l.Visible() && l.Text == text {
			return true
		}
	}
	return false
}

// TestKnownAsOnEveryForm: the name someone goes by is asked as "Known as"
// on every form that takes it (the walk-in, the edit form and the
// new referral), never "Known as" on one and "Preferred name" on another.
func TestKnownAsOnEveryForm(t *testing.T) {
	for _, size := range []fyne.Size{fyne.NewSize(800, 1280), desktopSize} {
		t.Run(fmt.Sprintf("%.0fx%.0f", size.Width, size.Height), func(t *testing.T) {
			h := newHarness(t, true, size)
			h.signIn(domain.RoleReception)
			root := h.w.Canvas().Content()
			look := func(form string, text string) {
				t.Helper()
				if !strings.Contains(text, "Known as") || strings.Contains(strings.ToLower(text), "preferred name") {
					t.Errorf("the %s does not ask for \"Known as\" alone:\n%s", form, text)
				}
			}

			r := h.openRegister(garden)
			test.Tap(uitest.Button(t, root, "Add walk-in"))
			look("walk-in", uitest.DialogText(h.w))
			h.w.Canvas().Overlays().Top().Hide()

			h.u.Push(people.NewEditForm(h.u, r.Shown()[0].ID, nil))
			look("edit form", uitest.LaidOutText(root))

			h.u.ShowNav("new-referral")
			uitest.Shot(t, h.w, fmt.Sprintf("new-referral-%.0fx%.0f", size.Width, size.Height))
			look("new referral form", uitest.LaidOutText(root))
		})
	}
}
