package client_test

import (
	"context"
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/client"
	"github.com/gather-sp/gather/sync/protocol"
)

// TestReceptionKeepsTheReasonsItTyped: the server sends a reception desk
// referrals without their reasons and notes (its role does not read
// them), but a desk that took a self-referral holds the reasons it typed:
// pulling the referral again, after a link worker assessed it, must bring
// the new status and leave the desk's own fields as they are, and a copy
// without them changes nothing on the desk (nothing written). The desk
// never receives the link worker's measure.
func TestReceptionKeepsTheReasonsItTyped(t *testing.T) {
	w := newWorld(t)
	w.person("ann", "Ann", "", "")
	w.office.Sync()
	desk := w.env.NewDeviceAs("desk", org, domain.RoleReception, client.Options{}, nil)
	link := w.env.NewDeviceAs("link laptop", org, domain.RoleLinkWorker, client.Options{}, nil)
	desk.Sync()
	desk.Save(domain.KindReferral, "r1", map[string]string{"person_id": "ann", "source": domain.SourceSelf, "status": "new",
		"reasons": "bereavement", "notes": "Lost her husband in May"})
	desk.Sync()

	link.Sync()
	if got := link.Get(domain.KindReferral, "r1", "notes"); got != "Lost her husband in May" {
		t.Fatalf("the link worker received notes %q", got)
	}
	link.Save(domain.KindReferral, "r1", map[string]string{"status": "assessed"})
	link.Save(domain.KindMeasure, "m1", map[string]string{"person_id": "ann", "items": "3,3,3,3,3,3,3"})
	link.Sync()

	desk.Sync()
	for field, want := range map[string]string{"status": "assessed", "reasons": "bereavement", "notes": "Lost her husband in May"} {
		if got := desk.Get(domain.KindReferral, "r1", field); got != want {
			t.Errorf("the desk's referral has %s %q, want %q", field, got, want)
		}
	}
	if desk.Has(domain.KindMeasure, "m1") {
		t.Error("the reception desk received a wellbeing measure")
	}

	// The referral as the server sends the desk, once more (a page pulled
	// again after a crash): nothing changes, nothing is written.
	held, err := desk.Store.Entity(domain.KindReferral, "r1")
	if err != nil {
		t.Fatal(err)
	}
	sent := held.Clone()
	delete(sent.Fields, "reasons")
	delete(sent.Fields, "notes")
	before := desk.Store.Version()
	res, err := desk.Store.ApplyRemoteEntities([]*record.Entity{sent}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Changed != 0 || desk.Store.Version() != before {
		t.Errorf("a referral without the desk's own reasons changed %d records here", res.Changed)
	}
	if got := desk.Get(domain.KindReferral, "r1", "reasons"); got != "bereavement" {
		t.Errorf("the desk's reasons are %q after the copy without them", got)
	}
}

// TestVenueTabletPrintsTheServicesNumber: an activity's info sheet printed
// on a venue tablet gives the service's number when the venue has none,
// so the service's contact, set at the office, reaches the tablet; the
// follow-up interval does not (case data: the tablet reads its default).
func TestVenueTabletPrintsTheServicesNumber(t *testing.T) {
	w := newWorld(t)
	contact, err := domain.SetServiceContact(domain.ServiceContact{Name: "Kirkby Vale Social Prescribing", Phone: "01632 960000"})
	if err != nil {
		t.Fatal(err)
	}
	w.office.Save(contact.Kind, contact.ID, contact.Fields)
	w.office.Save(domain.KindSetting, domain.OrgSettingsID, map[string]string{"follow_up_weeks": "6"})
	w.office.Sync()
	tablet := w.env.NewDevice("tablet", protocol.Scope{Venues: []string{w.v1}}, client.Options{}, nil)
	tablet.Sync()
	if got := tablet.Get(domain.KindSetting, domain.OrgSettingsID, "service_phone"); got != "01632 960000" {
		t.Errorf("the tablet's service phone is %q", got)
	}
	if got := tablet.Get(domain.KindSetting, domain.OrgSettingsID, "follow_up_weeks"); got != "" {
		t.Errorf("the tablet received the follow-up interval %q", got)
	}
}

// TestLaptopEnrolledAgainForALesserRoleDropsWhatItIsNoLongerSent: a link
// worker's laptop holding Ann's wellbeing measure and why she was
// referred is handed to the reception desk and enrolled again, as
// reception. The server sends a reception desk neither, so once its
// enrolment changes the laptop holds neither: a desk keeps only what its
// role is sent, whatever it held before. What it saved and has not sent
// yet stays, and reaches the server; the pull from the start brings back
// what a desk keeps.
func TestLaptopEnrolledAgainForALesserRoleDropsWhatItIsNoLongerSent(t *testing.T) {
	w := newWorld(t)
	w.person("ann", "Ann", "", "")
	w.office.Save(domain.KindReferral, "r1", map[string]string{"person_id": "ann", "status": "new", "reasons": "bereavement", "notes": "Lost her husband in May"})
	w.office.Save(domain.KindMeasure, "m1", map[string]string{"person_id": "ann", "items": "3,3,3,3,3,3,3"})
	w.office.Sync()
	laptop := w.env.NewDeviceAs("laptop", org, domain.RoleLinkWorker, client.Options{}, nil)
	laptop.Sync()
	if !laptop.Has(domain.KindMeasure, "m1") || laptop.Get(domain.KindReferral, "r1", "reasons") != "bereavement" {
		t.Fatal("the link worker's laptop lacks Ann's measure or referral")
	}
	laptop.Save(domain.KindFollowUp, "f1", map[string]string{"person_id": "ann", "due": "2026-12-20"}) // not sent yet

	if err := laptop.Client.Connect(context.Background(), w.env.URL, w.env.CodeAs(org, domain.RoleReception)); err != nil {
		t.Fatal(err)
	}
	laptop.Sync()
	if laptop.Has(domain.KindMeasure, "m1") {
		t.Error("enrolled as reception, the laptop still holds Ann's wellbeing measure")
	}
	for _, field := range []string{"reasons", "notes"} {
		if got := laptop.Get(domain.KindReferral, "r1", field); got != "" {
			t.Errorf("enrolled as reception, the laptop still holds the referral's %s (%q)", field, got)
		}
	}
	if got := laptop.Get(domain.KindReferral, "r1", "status"); got != "new" {
		t.Errorf("the referral's status on the desk: %q (the pull from the start brings back what a desk keeps)", got)
	}
	if e, _ := w.env.Store.Entity(domain.KindFollowUp, "f1"); e.Get("due") != "2026-12-20" {
		t.Errorf("the follow-up saved before the laptop was enrolled again did not reach the server: %v", e.Fields)
	}
	if e, _ := w.env.Store.Entity(domain.KindReferral, "r1"); e.Get("reasons") != "bereavement" {
		t.Errorf("the server lost the referral's reasons: %v", e.Fields)
	}
}
