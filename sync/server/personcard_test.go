package server_test

import (
	"fmt"
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/hlc"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/protocol"
)

// TestVenueDeviceMayNotSetAPersonDeleted: no screen deletes a person (duplicates
// are merged, on organisation devices; people are erased by an
// administrator), and a deleted person leaves every device's read model
// (storage upsert), their case with them. A venue tablet that may keep
// Ann's card up to date must not be able to set her deleted, which hides
// her case from the link workers.
func TestVenueDeviceMayNotSetAPersonDeleted(t *testing.T) {
	f := newFixture(t)
	ws := []record.Write{
		{Kind: domain.KindPerson, ID: "ann", Field: "given_name", Value: "Ann"},
		{Kind: domain.KindPerson, ID: "ann", Field: "nhs_number", Value: "943 476 5919"},
		{Kind: domain.KindEnrolment, ID: domain.EnrolmentID("a1", "ann"), Field: "venue_id", Value: f.v1},
	}
	oc := hlc.NewClock("office", f.env.Clock.Now)
	for i := range ws {
		ws[i].Stamp, ws[i].Staff = oc.Now(), "sam"
	}
	if err := f.office.Push(ws, 100); err != nil {
		t.Fatal(err)
	}
	perr := refusal(t, f.tablet.Push([]record.Write{{Kind: domain.KindPerson, ID: "ann", Field: record.FieldDeleted, Value: "true", Stamp: f.clock.Now(), Staff: "x"}}, 1))
	if perr == nil || perr.Code != protocol.CodeOutOfScope {
		t.Errorf("a venue tablet deleted a person: %+v", perr)
	}
	if p, _ := f.env.Store.Entity(domain.KindPerson, "ann"); p.Deleted() {
		t.Error("the server holds Ann as deleted, so every device drops her and her case")
	}
}

// TestVenueDeviceWritesOnlyThePersonCard: on a person of its register a
// venue tablet may change the card its screens edit, and nothing else of
// the organisation's: not deleted, merged_into, photo_consent, nor a field
// no screen writes. A walk-in it registers is held to the same card.
func TestVenueDeviceWritesOnlyThePersonCard(t *testing.T) {
	f := newFixture(t)
	oc := hlc.NewClock("office", f.env.Clock.Now)
	ws := []record.Write{
		{Kind: domain.KindPerson, ID: "ann", Field: "given_name", Value: "Ann", Stamp: oc.Now(), Staff: "sam"},
		{Kind: domain.KindEnrolment, ID: domain.EnrolmentID("a1", "ann"), Field: "venue_id", Value: f.v1, Stamp: oc.Now(), Staff: "sam"},
	}
	if err := f.office.Push(ws, 100); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		person, field, value string
		ok                   bool
	}{
		{"ann", "given_name", "Annie", true},
		{"ann", "preferred_name", "Nan", true},
		{"ann", "access_needs", "Step-free access", true},
		{"ann", "emergency_contact_name", "Bob", true},
		{"ann", "emergency_contact_phone", "07700 900456", true},
		{"ann", record.FieldDeleted, "true", false},
		{"ann", record.FieldDeleted, "", false},
		{"ann", record.FieldMergedInto, "zed", false},
		{"ann", "photo_consent", "true", false},
		{"ann", "favourite_colour", "green", false},
		{"newcomer", "given_name", "Cal", true},
		{"newcomer-2", record.FieldDeleted, "true", false},
		{"newcomer-3", "favourite_colour", "green", false},
	}
	for i, tc := range cases {
		t.Run(tc.person+"/"+tc.field+"="+tc.value, func(t *testing.T) {
			dev := newRaw(t, f.env, fmt.Sprintf("tablet-%d", i), protocol.Scope{Venues: []string{f.v1}})
			clock := hlc.NewClock(dev.ID, f.env.Clock.Now)
			w := record.Write{Kind: domain.KindPerson, ID: tc.person, Field: tc.field, Value: tc.value, Stamp: clock.Now(), Staff: "s1"}
			perr := refusal(t, dev.Push([]record.Write{w}, 1))
			switch {
			case tc.ok && perr != nil:
				t.Errorf("refused: %v", perr)
			case !tc.ok && (perr == nil || perr.Code != protocol.CodeOutOfScope):
				t.Errorf("not refused: %+v", perr)
			}
		})
	}
}
