package people

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

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
			ps := NewCard(h.sh, people[0].ID)
			h.sh.Push(ps)
			if ps.caseBtn.Visible() != tc.can {
				t.Fatalf("Open their case shown %v, want %v", ps.caseBtn.Visible(), tc.can)
			}
			if !tc.can {
				return
			}
			// The shell opens the case (casework, which audits opening it:
			// the window's TestPersonCardOpensTheCaseInTheShell).
			test.Tap(ps.caseBtn)
			if len(h.sh.Cases) != 1 || h.sh.Cases[0] != people[0].ID {
				t.Fatalf("Open their case asked for the cases %v, want %s's", h.sh.Cases, people[0].ID)
			}
		})
	}
}
