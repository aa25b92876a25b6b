package server_test

import (
	"fmt"
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/hlc"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/protocol"
)

// TestAttackJunkFieldsFillARegisterRecord: a hostile venue-1 tablet adds
// made-up fields to its venue's activity and to a mark until each holds
// the most fields a record may (protocol.MaxRecordFields). A field once
// written is never removed (only an erasure drops fields), so without a
// rule the office could then never set a field the record lacked: not
// deleting the activity, not a mark's note. The made-up fields are
// refused; the office's and an honest tablet's writes still go in.
func TestAttackJunkFieldsFillARegisterRecord(t *testing.T) {
	f := newFixture(t)
	hostile := hostileV1(t, f, "hostile-junk")
	mark := domain.AttendanceID(domain.SessionID("a1", "2026-11-20"), "walkin")
	setup := append(personWrites(hostile.Clock, "walkin", "Wally"), markWrites(hostile.Clock, "a1", "2026-11-20", "walkin", f.v1)...)
	if err := hostile.Push(setup, 100); err != nil {
		t.Fatalf("the tablet's own walk-in and mark: %v", err)
	}
	for _, target := range []struct {
		kind record.Kind
		id   string
	}{{domain.KindActivity, "a1"}, {domain.KindAttendance, mark}, {domain.KindVenue, f.v1}} {
		held, _ := f.env.Store.Entity(target.kind, target.id)
		var ws []record.Write
		for i := range protocol.MaxRecordFields - len(held.Fields) {
			ws = append(ws, record.Write{Kind: target.kind, ID: target.id, Field: fmt.Sprintf("junk_%03d", i), Value: "x", Stamp: hostile.Clock.Now(), Staff: "x"})
		}
		dev := hostileV1(t, f, "hostile-junk-"+string(target.kind))
		for i := range ws {
			ws[i].Stamp = dev.Clock.Now()
		}
		if perr := refusal(t, dev.Push(ws, len(ws))); perr == nil || perr.Code != protocol.CodeOutOfScope {
			t.Errorf("%s %s: made-up fields from a venue device were taken (%v)", target.kind, target.id, perr)
		}
	}
	oc := hlc.NewClock("office", f.env.Clock.Now)
	if err := f.office.Push([]record.Write{
		{Kind: domain.KindActivity, ID: "a1", Field: "deleted", Value: "true", Stamp: oc.Now(), Staff: "boss"},
		{Kind: domain.KindAttendance, ID: mark, Field: "note", Value: "came with a friend", Stamp: oc.Now(), Staff: "boss"},
	}, 100); err != nil {
		t.Fatalf("the office's writes: %v", err)
	}
	if a, _ := f.env.Store.Entity(domain.KindActivity, "a1"); a.Get("deleted") != "true" {
		t.Error("the office could not delete the activity")
	}
	for _, kind := range []record.Kind{domain.KindActivity, domain.KindAttendance, domain.KindVenue} {
		for _, id := range []string{"a1", mark, f.v1} {
			e, _ := f.env.Store.Entity(kind, id)
			for name := range e.Fields {
				if len(name) > 5 && name[:5] == "junk_" {
					t.Fatalf("%s %s holds made-up field %s", kind, id, name)
				}
			}
		}
	}
}

// TestAttackVenueTabletReadsAPersonFieldThisServerDoesNotKnow: a person
// field that is neither on the card nor one of the case fields this
// server's version lists (one a newer office app writes: pronouns, a
// safeguarding note) went to every venue tablet that sees the person, as
// only the listed case fields were dropped. A venue tablet now receives of
// a person only the card and the fields that merge, delete, erase or
// mirror photo consent on it.
func TestAttackVenueTabletReadsAPersonFieldThisServerDoesNotKnow(t *testing.T) {
	f := newFixture(t)
	oc := hlc.NewClock("office", f.env.Clock.Now)
	ws := []record.Write{
		{Kind: domain.KindPerson, ID: "kim", Field: "given_name", Value: "Kim", Stamp: oc.Now(), Staff: "boss"},
		{Kind: domain.KindPerson, ID: "kim", Field: "safeguarding_note", Value: "lives with an abusive partner", Stamp: oc.Now(), Staff: "boss"},
		{Kind: domain.KindPerson, ID: "kim", Field: "nhs_number", Value: "943 476 5919", Stamp: oc.Now(), Staff: "boss"},
		{Kind: domain.KindPerson, ID: "kim", Field: "photo_consent", Value: "true", Stamp: oc.Now(), Staff: "boss"},
	}
	ws = append(ws, enrolWrites(oc, "a1", "kim", f.v1)...)
	if err := f.office.Push(ws, 100); err != nil {
		t.Fatal(err)
	}
	p := pullVisible(t, newRaw(t, f.env, "v1-reader", protocol.Scope{Venues: []string{f.v1}}))["person/kim"]
	if p == nil {
		t.Fatal("the venue-1 tablet did not receive Kim's card")
	}
	if p.Get("given_name") != "Kim" || p.Get("photo_consent") != "true" {
		t.Errorf("the card lost what the tablet reads: %v", p.Values())
	}
	for _, field := range []string{"safeguarding_note", "nhs_number"} {
		if _, ok := p.Fields[field]; ok {
			t.Errorf("the venue-1 tablet received Kim's %s", field)
		}
	}
}
