package server

import (
	"strings"
	"testing"

	"github.com/gather-sp/gather/hlc"
	"github.com/gather-sp/gather/record"
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
