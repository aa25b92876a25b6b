package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/app/casework"
	"github.com/gather-sp/gather/domain"
)

// TestPersonCardOpensTheCase: staff who work with cases open someone's
// whole case from their card (and the opening is audited); register staff
// see no such button.
func TestPersonCardOpensTheCase(t *testing.T) {
	for _, tc := range []struct {
		role string
		can  bool
	}{
		{domain.RoleLinkWorker, true},
		{domain.RoleReception, true},
		{domain.RoleAdministrator, true},
		{domain.RoleFacilitator, false},
		{domain.RoleVolunteer, false},
	} {
		t.Run(tc.role, func(t *testing.T) {
			h := newHarness(t, true, fyne.NewSize(800, 1280))
			h.signIn(tc.role)
			people := h.st.View().SearchPeople("a", 1)
			if len(people) == 0 {
				t.Fatal("nobody in the demo")
			}
			ps := newPersonScreen(h.u, people[0].ID)
			h.u.Push(ps)
			if ps.caseBtn.Visible() != tc.can {
				t.Fatalf("Open their case shown %v, want %v", ps.caseBtn.Visible(), tc.can)
			}
			if !tc.can {
				return
			}
			viewed := func() int {
				n := 0
				for _, r := range h.st.View().By(domain.KindAudit, "entity_id", people[0].ID) {
					if r.Get("action") == "viewed" && r.Get("staff") == h.u.staff.ID {
						n++
					}
				}
				return n
			}
			// The card itself shows case fields (its own entry, see
			// TestCardWithCaseFieldsIsAudited); opening the case adds one.
			before := viewed()
			test.Tap(ps.caseBtn)
			if _, ok := h.u.current().(*casework.Case); !ok {
				t.Fatalf("Open their case showed %T", h.u.current())
			}
			if n := viewed() - before; n != 1 {
				t.Errorf("%d 'viewed' entries for opening the case, want 1", n)
			}
		})
	}
}
