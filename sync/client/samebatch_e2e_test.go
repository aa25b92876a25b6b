package client_test

import (
	"testing"
	"time"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/client"
	"github.com/gather-sp/gather/sync/protocol"
)

// TestCardWrittenInTheBatchThatLinksThePerson: a venue tablet's card
// writes are taken for people its venues see, and the server must count
// those the same batch puts on one of its registers: offline, a tablet
// registers a newcomer, corrects their card, and marks them again at
// another of its venues and at an activity it sets up there, or puts
// someone from one of its venues on the other's registers and corrects
// their card, all in one push (or in pushes so small they are cut
// anywhere). Nothing is refused, and the
// office and a tablet at the other venue receive the card as corrected.
func TestCardWrittenInTheBatchThatLinksThePerson(t *testing.T) {
	for _, batch := range []int{0, 1, 3} {
		t.Run(map[int]string{0: "one push", 1: "a change a push", 3: "three changes a push"}[batch], func(t *testing.T) {
			w := newWorld(t)
			w.person("ann", "Ann", w.act1, w.v1)
			w.office.Sync()
			both := protocol.Scope{Venues: []string{w.v1, w.v2}}
			tab := w.env.NewDevice("tablet", both, client.Options{PushBatch: batch}, nil)
			tab.Sync()

			// Offline from here until the one sync.
			s := domain.Session{ID: domain.SessionID(w.act1, "2026-11-21"), ActivityID: w.act1, VenueID: w.v1, Date: "2026-11-21"}
			p, e, m, err := domain.WalkIn(domain.Person{GivenName: "Winifred", FamilyName: "Hale"}, s, "staff-bev", time.Now())
			if err != nil {
				t.Fatal(err)
			}
			if err := tab.Store.Save("staff-bev", record.Change{Kind: domain.KindSession, ID: s.ID, Fields: domain.Encode(s)},
				record.Change{Kind: domain.KindPerson, ID: p.ID, Fields: domain.Encode(p)},
				record.Change{Kind: domain.KindEnrolment, ID: e.ID, Fields: domain.Encode(e)},
				record.Change{Kind: domain.KindAttendance, ID: m.ID, Fields: domain.Encode(m)}); err != nil {
				t.Fatal(err)
			}
			tab.Save(domain.KindPerson, p.ID, map[string]string{"preferred_name": "Win", "access_needs": "uses a stick"})
			mark(tab, w.act2, w.v2, "2026-11-22", p.ID, domain.StatusPresent)
			tab.Save(domain.KindPerson, p.ID, map[string]string{"emergency_contact_name": "Hal Hale"})
			// Ann, of the garden, comes to the craft club too.
			mark(tab, w.act2, w.v2, "2026-11-22", "ann", domain.StatusPresent)
			tab.Save(domain.KindPerson, "ann", map[string]string{"access_needs": "hearing loop"})
			// And to a drawing group the tablet sets up there, as the
			// newcomer does.
			tab.Save(domain.KindActivity, "drawing", map[string]string{"name": "Drawing", "venue_id": w.v2})
			mark(tab, "drawing", w.v2, "2026-11-23", "ann", domain.StatusPresent)
			mark(tab, "drawing", w.v2, "2026-11-23", p.ID, domain.StatusPresent)
			tab.Save(domain.KindPerson, p.ID, map[string]string{"family_name": "Hale-Jones"})
			tab.Sync()

			if refused := tab.Client.Refused(); len(refused) != 0 {
				t.Fatalf("the server refused %+v", refused)
			}
			if n := tab.Store.PendingCount(); n != 0 {
				t.Errorf("%d changes still wait on the tablet", n)
			}
			w.office.Sync()
			arts := w.env.NewDevice("arts", protocol.Scope{Venues: []string{w.v2}}, client.Options{}, nil)
			arts.Sync()
			for _, d := range []interface {
				Get(record.Kind, string, string) string
			}{w.office, arts} {
				if got := d.Get(domain.KindPerson, p.ID, "preferred_name"); got != "Win" {
					t.Errorf("the newcomer's preferred name reads %q", got)
				}
				if got := d.Get(domain.KindPerson, p.ID, "emergency_contact_name"); got == "" {
					t.Error("the newcomer's emergency contact did not arrive")
				}
				if got := d.Get(domain.KindPerson, p.ID, "family_name"); got != "Hale-Jones" {
					t.Errorf("the newcomer's family name reads %q", got)
				}
				if got := d.Get(domain.KindPerson, "ann", "access_needs"); got != "hearing loop" {
					t.Errorf("Ann's access needs read %q", got)
				}
			}
		})
	}
}
