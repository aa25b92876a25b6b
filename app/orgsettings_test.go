package app

import (
	"testing"

	"fyne.io/fyne/v2"

	"github.com/gather-sp/gather/domain"
)

// TestFollowUpWeeksForTheOrganisation: an administrator sets the follow-up
// interval in Settings; it is saved as the organisation's settings record
// (with its audit entry) and the casework screens schedule with it. Other
// roles do not see the choice.
func TestFollowUpWeeksForTheOrganisation(t *testing.T) {
	h := newHarness(t, true, fyne.NewSize(1280, 800))
	for _, role := range []string{domain.RoleFacilitator, domain.RoleLinkWorker, domain.RoleVolunteer} {
		h.signIn(role)
		h.u.ShowNav("settings")
		if h.u.current().(*settingsScreen).org.Visible() {
			t.Errorf("a %s sees the organisation's settings", role)
		}
	}
	h.signIn(domain.RoleAdministrator)
	h.u.ShowNav("settings")
	s := h.u.current().(*settingsScreen)
	if !s.org.Visible() || s.followUp.Selected != "4 weeks" {
		t.Fatalf("administrator: panel shown %v, interval %q, want the default 4 weeks", s.org.Visible(), s.followUp.Selected)
	}
	s.followUp.SetSelected("6 weeks")
	v := h.st.View()
	if got := v.OrgSettings().FollowUpWeeks; got != 6 {
		t.Fatalf("follow-up weeks %d, want 6", got)
	}
	found := false
	for _, a := range v.By(domain.KindAudit, "entity_id", domain.OrgSettingsID) {
		found = found || a.Get("action") == "changed" || a.Get("action") == "added"
	}
	if !found {
		t.Error("no audit entry for the change of setting")
	}
	h.signIn(domain.RoleLinkWorker)
	if got := h.u.caseworkContext().FollowUpWeeks; got != 6 {
		t.Errorf("casework schedules follow-ups after %d weeks, want 6", got)
	}
}
