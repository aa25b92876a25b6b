package server

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/hlc"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/protocol"
)

// The size limit measures a record in entity encoding version 1 without
// encoding it; the measure must stay that encoding's length exactly, or
// the limit would drift from what docs/sync-protocol.md promises.
func TestStateBytesIsVersion1Length(t *testing.T) {
	stamp := hlc.Timestamp{Wall: 1764892800123, Counter: 3, Device: "dev-7f3a9c2e-venue-tablet"}
	for _, tc := range []struct {
		name string
		e    record.Entity
	}{
		{"empty", record.Entity{Kind: "person", ID: "p1"}},
		{"one field, no base", record.Entity{Kind: "person", ID: "p1", Fields: map[string]record.FieldState{
			"name": {Value: "Ada", Stamp: stamp, Staff: "s1"}}}},
		{"a base and a zero stamp", record.Entity{Kind: "mark", ID: "m1", Fields: map[string]record.FieldState{
			"status": {Value: "present", Stamp: stamp, Base: hlc.Timestamp{Wall: 5, Device: "d"}},
			"note":   {Value: ""}}}},
		{"long values", record.Entity{Kind: "case_note", ID: "c1", Fields: map[string]record.FieldState{
			"text": {Value: strings.Repeat("é", 40000), Stamp: hlc.Timestamp{Wall: -1, Counter: 1 << 20, Device: strings.Repeat("d", 300)}}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := len(record.AppendEntityVersion(nil, &tc.e, 1))
			if got := stateBytes(&tc.e, fieldsBytes(&tc.e)); got != want {
				t.Fatalf("stateBytes = %d, version 1 encoding is %d bytes", got, want)
			}
		})
	}
}

// A person's card within its budget, written with the longest stamps,
// bases and staff the protocol lets through, takes at most cardReserve of
// the record, and the rest's limit is what that leaves: a full card beside
// a full rest is within protocol.MaxRecordBytes.
func TestCardReserveLeavesTheRestWithinTheRecordLimit(t *testing.T) {
	worst := hlc.Timestamp{Wall: math.MinInt64, Counter: hlc.MaxCounter, Device: strings.Repeat("d", 2*protocol.MaxIDBytes)}
	card := record.Entity{Kind: domain.KindPerson, ID: "p1", Fields: map[string]record.FieldState{}}
	for i, f := range domain.PersonCardFields {
		n := 0
		if i == 0 {
			n = domain.MaxCardBytes // the longest prefix on one field
		}
		card.Fields[f] = record.FieldState{Value: strings.Repeat("c", n), Stamp: worst, Base: worst, Staff: strings.Repeat("s", protocol.MaxStaffBytes)}
	}
	if got := fieldsBytes(&card); got > cardReserve {
		t.Errorf("a full card with the longest stamps takes %d bytes, more than the %d reserved", got, cardReserve)
	}
	restMax, restFields := personRest.limits()
	if restMax+cardReserve != protocol.MaxRecordBytes || restFields+len(domain.PersonCardFields) != protocol.MaxRecordFields {
		t.Errorf("the card's reserve (%d) and the rest (%d bytes, %d fields) do not make up the record limit", cardReserve, restMax, restFields)
	}
	// The rest as full as it goes: whole = card + rest's measure, as the
	// rest counts the header for a full card.
	whole := card.Clone()
	for i := 0; ; i++ {
		f := record.FieldState{Value: strings.Repeat("r", 60<<10), Stamp: worst}
		sum, keys := personRest.measure(whole)
		if personRest.size(sum+fieldBytes(fmt.Sprint("f", i), f), keys+1) > restMax {
			break
		}
		whole.Fields[fmt.Sprint("f", i)] = f
	}
	if n := len(record.AppendEntityVersion(nil, whole, 1)); n > protocol.MaxRecordBytes {
		t.Errorf("a full card beside a full rest is %d bytes", n)
	}
}
