package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/gather-sp/gather/app/shell"
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

// TestOrgSettingsSayWhenTheDeviceCannot: an administrator signed in on a
// device enrolled for another role (the reception desk) is told in
// Settings that the server takes no change to the organisation's settings
// from it, in place of the choices, rather than a change refused at the
// next sync (sync/server's checkRole). Enrolled as an administrator's, the
// choices are there.
func TestOrgSettingsSayWhenTheDeviceCannot(t *testing.T) {
	for _, tc := range []struct {
		role    string
		refused bool
	}{{domain.RoleReception, true}, {"", true}, {domain.RoleAdministrator, false}} {
		t.Run("enrolled as "+tc.role, func(t *testing.T) {
			h := newHarness(t, true, fyne.NewSize(1280, 800))
			h.u.SetMeta(map[string]string{shell.MetaSyncScope: `{"organisation":true}`, shell.MetaSyncRole: tc.role})
			h.signIn(domain.RoleAdministrator)
			h.u.ShowNav("settings")
			s := h.u.current().(*settingsScreen)
			if !s.org.Visible() {
				t.Fatal("the administrator sees no organisation settings panel")
			}
			says := s.orgNote.Visible() && strings.Contains(s.orgNote.Text, "the server will not take a change to the organisation's settings from it")
			if says != tc.refused || s.orgControls.Visible() == tc.refused {
				t.Errorf("note shown %v (%q), choices shown %v; want the note %v", s.orgNote.Visible(), s.orgNote.Text, s.orgControls.Visible(), tc.refused)
			}
		})
	}
}
