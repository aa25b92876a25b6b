package server_test

import (
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/hlc"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/protocol"
)

// TestVenueTabletReceivesTheServiceContactOnly: an activity's info sheet
// printed on a venue tablet gives the service's number when the venue has
// none, so the tablet receives the organisation's settings, but only the
// service's contact: not the follow-up interval, the retention period or a
// setting this server does not know. It may not change them; the office
// receives them whole.
func TestVenueTabletReceivesTheServiceContactOnly(t *testing.T) {
	f := newFixture(t)
	office := newRawAs(t, f.env, "admin-laptop", org, domain.RoleAdministrator)
	oc := office.Clock
	var ws []record.Write
	for field, value := range map[string]string{
		"service_name": "Kirkby Vale Social Prescribing", "service_phone": "01632 960000",
		"follow_up_weeks": "6", "retention_months": "84", "a_setting_from_a_newer_app": "x",
	} {
		ws = append(ws, record.Write{Kind: domain.KindSetting, ID: domain.OrgSettingsID, Field: field, Value: value, Stamp: oc.Now(), Staff: "boss"})
	}
	if err := office.Push(ws, 100); err != nil {
		t.Fatal(err)
	}

	got := pullVisible(t, f.tablet)["setting/"+domain.OrgSettingsID]
	if got == nil {
		t.Fatal("the venue tablet did not receive the service's contact")
	}
	if got.Get("service_phone") != "01632 960000" || got.Get("service_name") != "Kirkby Vale Social Prescribing" {
		t.Errorf("the tablet's settings lack the service's contact: %v", got.Values())
	}
	for _, field := range []string{"follow_up_weeks", "retention_months", "a_setting_from_a_newer_app"} {
		if _, ok := got.Fields[field]; ok {
			t.Errorf("the venue tablet received the organisation's %s", field)
		}
	}
	if whole := pullVisible(t, newRaw(t, f.env, "office-reader", org))["setting/"+domain.OrgSettingsID]; whole.Get("retention_months") != "84" {
		t.Errorf("the office's settings lost the retention period: %v", whole.Values())
	}

	tc := hlc.NewClock("tablet", f.env.Clock.Now)
	for _, field := range []string{"service_phone", "follow_up_weeks"} {
		t.Run(field, func(t *testing.T) {
			dev := newRaw(t, f.env, "tablet-"+field, protocol.Scope{Venues: []string{f.v1}})
			perr := refusal(t, dev.Push([]record.Write{{Kind: domain.KindSetting, ID: domain.OrgSettingsID, Field: field, Value: "07700 900000", Stamp: tc.Now(), Staff: "bev"}}, 1))
			if perr == nil || perr.Code != protocol.CodeOutOfScope {
				t.Fatalf("a venue tablet changed the organisation's %s (%v)", field, perr)
			}
		})
	}
	if held, _ := f.env.Store.Entity(domain.KindSetting, domain.OrgSettingsID); held.Get("service_phone") != "01632 960000" {
		t.Errorf("the service's phone is now %q", held.Get("service_phone"))
	}
}
