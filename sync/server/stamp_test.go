package server_test

import (
	"testing"
	"time"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/hlc"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/protocol"
)

// TestVenueWriteCarryingTheServersStampIsStillCheckedForCaseData: the office saves
// Ann's card and phone number in one change (one stamp per field, in field
// order, as storage.Save does). A venue tablet where Ann is enrolled pulls
// her card, so it sees the stamps of the card's fields and so knows the
// phone's stamp (the next counter). It sends a phone write carrying exactly
// that stamp and a value that sorts higher: the server must refuse it
// (case data), not skip the scope check as "a write it already has" and
// then let the tie-break take the tablet's value.
func TestVenueWriteCarryingTheServersStampIsStillCheckedForCaseData(t *testing.T) {
	f := newFixture(t)
	now := f.env.Clock.Now()
	oc := hlc.NewClock("office", func() time.Time { return now })
	var ws []record.Write
	for _, kv := range [][2]string{{"family_name", "Smith"}, {"given_name", "Ann"}, {"phone", "07700 900123"}} {
		ws = append(ws, record.Write{Kind: domain.KindPerson, ID: "ann", Field: kv[0], Value: kv[1], Stamp: oc.Now(), Staff: "sam"})
	}
	ws = append(ws, record.Write{Kind: domain.KindEnrolment, ID: domain.EnrolmentID("a1", "ann"), Field: "venue_id", Value: f.v1, Stamp: oc.Now(), Staff: "sam"})
	if err := f.office.Push(ws, 100); err != nil {
		t.Fatal(err)
	}

	card := pullVisible(t, f.tablet)["person/ann"]
	if card == nil || card.Get("phone") != "" {
		t.Fatalf("the tablet should see Ann's card without her phone: %v", card)
	}
	guess := card.Fields["given_name"].Stamp
	guess.Counter++ // the phone was stamped next

	perr := refusal(t, f.tablet.Push([]record.Write{{Kind: domain.KindPerson, ID: "ann", Field: "phone", Value: "09999 000000", Stamp: guess, Staff: "x"}}, 1))
	if perr == nil || perr.Code != protocol.CodeOutOfScope {
		t.Errorf("a venue tablet's write of case data was not refused: %+v", perr)
	}
	if p, _ := f.env.Store.Entity(domain.KindPerson, "ann"); p.Get("phone") != "07700 900123" {
		t.Errorf("a venue tablet rewrote Ann's phone number to %q", p.Get("phone"))
	}
}

// TestVenueStaffRoleSentAgainWithItsStampIsStillCheckedForRole: a tablet adds
// Sue as a facilitator ("Add me"), then sends her role again with the same
// stamp and the value "link worker", which sorts after "facilitator". The
// role check must still apply.
func TestVenueStaffRoleSentAgainWithItsStampIsStillCheckedForRole(t *testing.T) {
	f := newFixture(t)
	tablet := newRaw(t, f.env, "tablet-sue", protocol.Scope{Venues: []string{f.v1}})
	stamp := tablet.Clock.Now()
	if err := tablet.Push([]record.Write{{Kind: domain.KindStaff, ID: "sue", Field: "role", Value: domain.RoleFacilitator, Stamp: stamp, Staff: "sue"}}, 1); err != nil {
		t.Fatal(err)
	}
	perr := refusal(t, tablet.Push([]record.Write{{Kind: domain.KindStaff, ID: "sue", Field: "role", Value: domain.RoleLinkWorker, Stamp: stamp, Staff: "sue"}}, 1))
	if perr == nil {
		t.Error("a venue tablet made a staff member a link worker")
	}
	if s, _ := f.env.Store.Entity(domain.KindStaff, "sue"); s.Get("role") != domain.RoleFacilitator {
		t.Errorf("Sue's role is now %q", s.Get("role"))
	}
}

// TestAuditEntrySentAgainByAnotherStaffIsRefused: a write with the stamp
// and value the server holds but another author is not the write the
// server has; taken, the equal-stamp tie-break would rewrite who made the
// entry.
func TestAuditEntrySentAgainByAnotherStaffIsRefused(t *testing.T) {
	f := newFixture(t)
	w := record.Write{Kind: domain.KindAudit, ID: "au1", Field: "action", Value: "viewed", Stamp: f.clock.Now(), Staff: "s1"}
	if err := f.tablet.Push([]record.Write{w}, 1); err != nil {
		t.Fatal(err)
	}
	w.Staff = "zz" // sorts after s1
	if perr := refusal(t, f.office.Push([]record.Write{w}, 1)); perr == nil || perr.Code != protocol.CodeOutOfScope {
		t.Errorf("not refused: %+v", perr)
	}
	if e, _ := f.env.Store.Entity(domain.KindAudit, "au1"); e.Fields["action"].Staff != "s1" {
		t.Errorf("the entry's author is now %q", e.Fields["action"].Staff)
	}
}
