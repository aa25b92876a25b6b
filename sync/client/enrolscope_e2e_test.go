package client_test

import (
	"testing"
	"time"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/client"
	"github.com/gather-sp/gather/sync/protocol"
)

// TestVenueTabletMovedToAnotherVenueCannotPullAFormerPersonsCardByMarkingThem:
// a garden tablet held Ann's card; enrolled again for the arts centre, it
// still knows her id and marks her at the craft club (which would enrol
// her there and send it her card). The server refuses the mark and the
// enrolment; the tablet sets them aside as refused (listed, not stuck: a
// mark saved after them reaches the server), no arts centre tablet
// receives Ann's card, and undoing the refused changes takes them off the
// tablet.
func TestVenueTabletMovedToAnotherVenueCannotPullAFormerPersonsCardByMarkingThem(t *testing.T) {
	w := newWorld(t)
	w.person("ann", "Ann", w.act1, w.v1)
	w.person("dan", "Dan", w.act2, w.v2)
	w.office.Sync()
	tab := w.env.NewDevice("tablet", protocol.Scope{Venues: []string{w.v1}}, client.Options{}, nil)
	tab.Sync()
	if !tab.Has(domain.KindPerson, "ann") {
		t.Fatal("the garden tablet did not receive Ann's card")
	}
	reenrol(t, w, tab, protocol.Scope{Venues: []string{w.v2}})
	tab.Sync()

	annMark := mark(tab, w.act2, w.v2, "2026-11-21", "ann", domain.StatusPresent)
	tab.Save(domain.KindEnrolment, domain.EnrolmentID(w.act2, "ann"), map[string]string{
		"activity_id": w.act2, "person_id": "ann", "venue_id": w.v2, "started": "2026-11-21"})
	danMark := mark(tab, w.act2, w.v2, "2026-11-21", "dan", domain.StatusPresent)
	tab.Sync()

	if e, _ := w.env.Store.Entity(domain.KindAttendance, danMark); e.Get("status") != domain.StatusPresent {
		t.Error("the mark saved after the refused ones did not reach the server: the queue is stuck")
	}
	if e, _ := w.env.Store.Entity(domain.KindAttendance, annMark); len(e.Fields) != 0 {
		t.Errorf("the server took the arts centre's mark of Ann: %v", e.Values())
	}
	if n := tab.Store.PendingCount(); n != 0 {
		t.Errorf("%d changes still wait on the tablet", n)
	}
	refused := refusedKeys(tab.Client, func(r client.RefusedChange) bool {
		return r.Kind == string(domain.KindAttendance) && r.ID == annMark || r.Kind == string(domain.KindEnrolment)
	})
	if len(refused) == 0 {
		t.Fatalf("the refused mark and enrolment of Ann are not listed: %+v", tab.Client.Refused())
	}
	other := w.env.NewDevice("arts", protocol.Scope{Venues: []string{w.v2}}, client.Options{}, nil)
	other.Sync()
	if other.Has(domain.KindPerson, "ann") {
		t.Error("an arts centre tablet received the card of the garden's Ann")
	}
	if !other.Has(domain.KindPerson, "dan") {
		t.Error("an arts centre tablet did not receive its own Dan's card")
	}

	if _, err := tab.Client.UndoRefused(t.Context(), allRefused(tab.Client)...); err != nil {
		t.Fatal(err)
	}
	tab.Sync()
	if tab.Has(domain.KindAttendance, annMark) || tab.Has(domain.KindEnrolment, domain.EnrolmentID(w.act2, "ann")) {
		t.Error("after the undo the tablet still holds the refused mark or enrolment of Ann")
	}
	if list := tab.Client.Refused(); len(list) != 0 {
		t.Errorf("still listed after the undo: %+v", list)
	}
}

// TestOfflineWalkInsPushedInSmallBatchesAreEnrolled: a tablet registers
// two walk-ins offline, as the register saves them (session, person,
// enrolment, mark: one action each), and pushes in batches so small that
// each person's card and their enrolment go in different pushes. Nothing
// is refused, and another tablet at the venue receives both cards.
func TestOfflineWalkInsPushedInSmallBatchesAreEnrolled(t *testing.T) {
	w := newWorld(t)
	w.office.Sync()
	scope := protocol.Scope{Venues: []string{w.v1}}
	tab := w.env.NewDevice("garden-a", scope, client.Options{PushBatch: 1}, nil)
	tab.Sync()
	s := domain.Session{ID: domain.SessionID(w.act1, "2026-11-21"), ActivityID: w.act1, VenueID: w.v1, Date: "2026-11-21"}
	var ids []string
	for _, name := range []string{"Wyn", "Wes"} {
		p, e, m, err := domain.WalkIn(domain.Person{GivenName: name, FamilyName: "Hale"}, s, "staff-bev", time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if err := tab.Store.Save("staff-bev", record.Change{Kind: domain.KindSession, ID: s.ID, Fields: domain.Encode(s)},
			record.Change{Kind: domain.KindPerson, ID: p.ID, Fields: domain.Encode(p)},
			record.Change{Kind: domain.KindEnrolment, ID: e.ID, Fields: domain.Encode(e)},
			record.Change{Kind: domain.KindAttendance, ID: m.ID, Fields: domain.Encode(m)}); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, p.ID)
	}
	tab.Sync()
	if refused := tab.Client.Refused(); len(refused) != 0 {
		t.Fatalf("the server refused %+v", refused)
	}
	other := w.env.NewDevice("garden-b", scope, client.Options{}, nil)
	other.Sync()
	for _, id := range ids {
		if !other.Has(domain.KindPerson, id) {
			t.Errorf("the other garden tablet did not receive walk-in %s's card", id)
		}
	}
}
