//go:build review

package client_test

import (
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/sync/client"
)

// TestReviewLinkWorkerKeepsTheSetAsideSettingOfAConflict: a link worker
// may review conflicts (access.ActionReviewConflicts: administrator, link
// worker), and "Keep this one" on the value set aside writes it back
// (domain.ResolveConflict). On a conflict over an organisation setting
// (two administrators set the follow-up interval offline), that write is
// a setting write, which the server now takes only from an administrator's
// device (checkRole): it is refused and set aside, while the resolution
// itself goes through, so every device shows the conflict resolved with
// the set-aside value kept, and the server keeps the other.
func TestReviewLinkWorkerKeepsTheSetAsideSettingOfAConflict(t *testing.T) {
	w := newWorld(t)
	office2 := w.env.NewDeviceAs("office2", org, domain.RoleAdministrator, client.Options{}, nil)
	office2.Sync()
	w.office.Save(domain.KindSetting, domain.OrgSettingsID, map[string]string{"follow_up_weeks": "5"})
	office2.Save(domain.KindSetting, domain.OrgSettingsID, map[string]string{"follow_up_weeks": "6"})
	w.office.Sync()
	office2.Sync()
	link := w.env.NewDeviceAs("link", org, domain.RoleLinkWorker, client.Options{}, nil)
	link.Sync()
	var found *domain.Conflict
	for _, r := range link.Store.View().All(domain.KindConflict) {
		var c domain.Conflict
		r.Decode(&c)
		if c.EntityKind == string(domain.KindSetting) {
			found = &c
		}
	}
	if found == nil {
		t.Fatal("no conflict over the follow-up interval reached the link worker")
	}
	if err := link.Store.Save("lw", domain.ResolveConflict(*found, true, "lw")...); err != nil {
		t.Fatal(err)
	}
	link.Sync()
	e, _ := w.env.Store.Entity(domain.KindSetting, domain.OrgSettingsID)
	c, _ := w.env.Store.Entity(domain.KindConflict, found.ID)
	if c.Get("resolved") == domain.ResolvedLoser && e.Get("follow_up_weeks") != found.LoserValue {
		t.Errorf("the conflict reads resolved keeping %q, but the server's follow-up interval is %q (refused from the link worker: %+v)",
			found.LoserValue, e.Get("follow_up_weeks"), link.Client.Refused())
	}
}
