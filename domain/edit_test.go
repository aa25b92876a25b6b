package domain

import (
	"reflect"
	"testing"
)

// TestEditWritesWhatAFormChanged: a new record writes every field with a
// value; an edit only the fields that differ; Changed gives nothing when
// nothing differs, and Create writes every field.
func TestEditWritesWhatAFormChanged(t *testing.T) {
	before := Venue{ID: "v1", Name: "Hall", Postcode: "AB1 2CD"}
	after := before
	after.Name = "St Anne's Hall"
	tests := []struct {
		name string
		got  map[string]string
		want map[string]string
	}{
		{"new", Edit(KindVenue, "v1", true, nil, before).Fields, map[string]string{"name": "Hall", "postcode": "AB1 2CD"}},
		{"edit", Edit(KindVenue, "v1", false, before, after).Fields, map[string]string{"name": "St Anne's Hall"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if !reflect.DeepEqual(tc.got, tc.want) {
				t.Fatalf("fields %v, want %v", tc.got, tc.want)
			}
		})
	}
	if got := Changed(KindVenue, "v1", before, before); got != nil {
		t.Errorf("an edit that changes nothing gives %v", got)
	}
	if c := Create(KindVenue, "v1", before); c.Kind != KindVenue || c.ID != "v1" || len(c.Fields) != len(Encode(before)) {
		t.Errorf("Create gave %+v", c)
	}
}
