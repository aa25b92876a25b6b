package desktop

import (
	"context"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/casework"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/storage/storagetest"
	"github.com/gather-sp/gather/sync/client"
	"github.com/gather-sp/gather/sync/protocol"
)

// TestMatchReachesTheVenueTablet: a link worker's organisation device
// matches someone to the garden group with the matching screen; after sync
// the garden's tablet has them on the register with their card, and none of
// their case data.
func TestMatchReachesTheVenueTablet(t *testing.T) {
	srvStore, url := startServer(t)
	garden, err := srvStore.AddVenue("v-garden", "Riverside Surgery Garden", "12 Mill Lane")
	if err != nil {
		t.Fatal(err)
	}
	orgCode, _, err := srvStore.CreateCode(protocol.Scope{Organisation: true}, domain.RoleLinkWorker, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	tabletCode, _, err := srvStore.CreateCode(protocol.Scope{Venues: []string{garden}}, domain.RoleFacilitator, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	// The organisation device: the venue, the activity, and a person with a
	// referral and case details.
	s, u := newTestSession(t)
	if err := s.client.Connect(ctx, url, orgCode); err != nil {
		t.Fatal(err)
	}
	save := func(kind record.Kind, id string, v any) {
		t.Helper()
		if err := s.st.Save(u.ID, record.Change{Kind: kind, ID: id, Fields: domain.Encode(v)}); err != nil {
			t.Fatal(err)
		}
	}
	now := time.Now()
	save(domain.KindVenue, garden, domain.Venue{ID: garden, Name: "Riverside Surgery Garden"})
	save(domain.KindActivity, "a-garden", domain.Activity{ID: "a-garden", Name: "Garden group", VenueID: garden,
		Category: domain.CategoryGardening, Schedule: domain.ScheduleWeekly, Weekday: now.Weekday(), StartDate: domain.AddDays(domain.DateOf(now), -28),
		StartTime: "10:00", EndTime: "12:00", Capacity: 12})
	save(domain.KindPerson, "p-june", domain.Person{ID: "p-june", GivenName: "June", FamilyName: "Okonjo", AccessNeeds: "step-free",
		Phone: "07700 900111", NHSNumber: "9434765919", DateOfBirth: "1949-02-03"})
	save(domain.KindReferral, "r-june", domain.Referral{ID: "r-june", PersonID: "p-june", Source: domain.SourceGP,
		Status: domain.ReferralAssessed, Received: domain.AddDays(domain.DateOf(now), -10), Reasons: []string{"loneliness or isolation"}})

	m := casework.NewMatching(s.st, casework.Context{StaffID: u.ID, StaffName: u.Name, Role: domain.RoleLinkWorker,
		Window: s.win, NoLiveRefresh: true}, "p-june", "r-june")
	s.win.SetContent(m.Content())
	match, _ := find[*widget.Button](t, m.Content(), func(b *widget.Button) bool { return b.Text == "Match" })
	if match == nil {
		t.Fatalf("the matching screen has no Match toggle:\n%s", windowText(t, s.win))
	}
	test.Tap(match)
	// Match and enrol shows once something is ticked.
	enrol, _ := find[*widget.Button](t, m.Content(), func(b *widget.Button) bool { return b.Text == "Match and enrol" })
	if enrol == nil {
		t.Fatalf("the matching screen has no Match and enrol button after ticking Match:\n%s", windowText(t, s.win))
	}
	test.Tap(enrol)
	if len(s.st.View().Enrolments("a-garden")) != 1 {
		t.Fatalf("matching did not enrol June:\n%s", windowText(t, s.win))
	}
	// Stop the background loop, so this sync is the only one.
	s.cancel()
	<-s.done
	if err := s.client.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}

	// The garden's tablet, enrolled for that venue only.
	tablet := storagetest.Open(t)
	if err := client.Enrol(ctx, tablet, url, tabletCode); err != nil {
		t.Fatal(err)
	}
	if err := client.New(tablet, client.Options{}).SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	v := tablet.View()
	enrolled := v.Enrolments("a-garden")
	if len(enrolled) != 1 || enrolled[0].PersonID != "p-june" {
		t.Fatalf("the tablet's garden register holds %+v, want June", enrolled)
	}
	june, ok := v.Person("p-june")
	if !ok || june.GivenName != "June" || june.AccessNeeds != "step-free" {
		t.Fatalf("the tablet has June's card as %+v", june)
	}
	if june.Phone != "" || june.NHSNumber != "" || june.DateOfBirth != "" {
		t.Errorf("case details reached the tablet: phone %q, NHS number %q, born %q", june.Phone, june.NHSNumber, june.DateOfBirth)
	}
	for _, kind := range []record.Kind{domain.KindReferral, domain.KindMatch, domain.KindFollowUp, domain.KindMeasure, domain.KindAudit} {
		if n := v.Count(kind); n != 0 {
			t.Errorf("%d %s records reached the venue tablet", n, kind)
		}
	}
}
