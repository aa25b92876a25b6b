package client_test

import (
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/sync/client"
)

// TestRoleConflictOverASettingIsResolvedOnlyFromAnAdministratorsDevice:
// a link worker may review conflicts (access.ActionReviewConflicts:
// administrator, link worker), and "Keep this one" on the value set aside
// writes it back (domain.ResolveConflict). On a conflict over an
// organisation setting (two administrators set the follow-up interval
// offline) that write is a setting write, which the server takes only
// from an administrator's device (checkRole). It refused the value and
// took the resolution, so every device showed the conflict resolved with
// the set-aside value kept while the server kept the other. Now the
// resolution needs what the value needs (access.ActionToResolve): from a
// link worker's laptop both are refused and listed there, and the server
// and every other device still show the conflict open with the value that
// won; from an administrator's device both go through.
func TestRoleConflictOverASettingIsResolvedOnlyFromAnAdministratorsDevice(t *testing.T) {
	cases := []struct {
		role  string
		taken bool
	}{
		{domain.RoleLinkWorker, false},
		{domain.RoleAdministrator, true},
	}
	for _, tc := range cases {
		t.Run(tc.role, func(t *testing.T) {
			w := newWorld(t)
			office2 := w.env.NewDeviceAs("office2", org, domain.RoleAdministrator, client.Options{}, nil)
			office2.Sync()
			w.office.Save(domain.KindSetting, domain.OrgSettingsID, map[string]string{"follow_up_weeks": "5"})
			office2.Save(domain.KindSetting, domain.OrgSettingsID, map[string]string{"follow_up_weeks": "6"})
			w.office.Sync()
			office2.Sync()
			reviewer := w.env.NewDeviceAs("reviewer", org, tc.role, client.Options{}, nil)
			reviewer.Sync()
			var found *domain.Conflict
			for _, r := range reviewer.Store.View().All(domain.KindConflict) {
				var c domain.Conflict
				r.Decode(&c)
				if c.EntityKind == string(domain.KindSetting) {
					found = &c
				}
			}
			if found == nil {
				t.Fatal("no conflict over the follow-up interval reached the reviewer's device")
			}
			if err := reviewer.Store.Save("rev", domain.ResolveConflict(*found, true, "rev")...); err != nil {
				t.Fatal(err)
			}
			reviewer.Sync()
			w.office.Sync()
			e, _ := w.env.Store.Entity(domain.KindSetting, domain.OrgSettingsID)
			c, _ := w.env.Store.Entity(domain.KindConflict, found.ID)
			if c.Get("resolved") == domain.ResolvedLoser && e.Get("follow_up_weeks") != found.LoserValue {
				t.Fatalf("the conflict reads resolved keeping %q, but the server's follow-up interval is %q (refused from the reviewer: %+v)",
					found.LoserValue, e.Get("follow_up_weeks"), reviewer.Client.Refused())
			}
			refused := map[string]bool{}
			for _, r := range reviewer.Client.Refused() {
				refused[r.Kind+"/"+r.Field] = true
			}
			if tc.taken {
				if c.Get("resolved") != domain.ResolvedLoser || e.Get("follow_up_weeks") != found.LoserValue || len(refused) > 0 {
					t.Errorf("from an administrator's device: resolved %q, interval %q, refused %v; want the set-aside %q kept", c.Get("resolved"), e.Get("follow_up_weeks"), refused, found.LoserValue)
				}
				return
			}
			if c.Get("resolved") != "" || e.Get("follow_up_weeks") != found.WinnerValue {
				t.Errorf("from a %s's device: resolved %q, interval %q on the server; want it open with %q", tc.role, c.Get("resolved"), e.Get("follow_up_weeks"), found.WinnerValue)
			}
			if got := w.office.Get(domain.KindConflict, found.ID, "resolved"); got != "" {
				t.Errorf("the office shows the conflict resolved (%q)", got)
			}
			if !refused["setting/follow_up_weeks"] || !refused["conflict/resolved"] {
				t.Errorf("the reviewer's device lists as refused %v; want the value and the resolution", refused)
			}
		})
	}
}
