package storage

import (
	"reflect"
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/hlc"
	"github.com/gather-sp/gather/record"
)

func remoteState(kind record.Kind, id string, fields map[string]string, wall int64) *record.Entity {
	e := record.NewEntity(kind, id)
	for name, v := range fields {
		e.Apply(record.Write{Kind: kind, ID: id, Field: name, Value: v, Staff: "kim",
			Stamp: hlc.Timestamp{Wall: wall, Device: "server-seen-tablet"}})
	}
	return e
}

// TestApplyRemoteEntities: pulled records are taken as they came when the
// store holds none, merged with what it holds otherwise, and a record a
// page carries twice meets its own first merge.
func TestApplyRemoteEntities(t *testing.T) {
	tests := []struct {
		name    string
		held    map[string]string // saved here first; nil for none
		pulled  []*record.Entity
		want    map[string]string
		changed int
	}{
		{name: "new record",
			pulled:  []*record.Entity{remoteState(domain.KindPerson, "p1", map[string]string{"given_name": "Ada"}, 5)},
			want:    map[string]string{"given_name": "Ada"},
			changed: 1},
		{name: "held record merged field by field",
			held:    map[string]string{"given_name": "Ada", "phone": "0161 496 0000"},
			pulled:  []*record.Entity{remoteState(domain.KindPerson, "p1", map[string]string{"given_name": "Ada Lovelace"}, 1<<50)},
			want:    map[string]string{"given_name": "Ada Lovelace", "phone": "0161 496 0000"},
			changed: 1},
		{name: "older state changes nothing",
			held:    map[string]string{"given_name": "Ada"},
			pulled:  []*record.Entity{remoteState(domain.KindPerson, "p1", map[string]string{"given_name": "Old"}, 1)},
			want:    map[string]string{"given_name": "Ada"},
			changed: 0},
		{name: "one record twice in a page",
			pulled: []*record.Entity{
				remoteState(domain.KindPerson, "p1", map[string]string{"given_name": "Ada"}, 5),
				remoteState(domain.KindPerson, "p1", map[string]string{"phone": "0161 496 0000"}, 6)},
			want:    map[string]string{"given_name": "Ada", "phone": "0161 496 0000"},
			changed: 2},
		{name: "an erased record keeps nothing else, however it came",
			pulled:  []*record.Entity{erasedWithFields()},
			want:    map[string]string{record.FieldErased: "true"},
			changed: 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := openTemp(t, Options{})
			if tc.held != nil {
				if err := s.Save("sam", record.Change{Kind: domain.KindPerson, ID: "p1", Fields: tc.held}); err != nil {
					t.Fatal(err)
				}
			}
			res, err := s.ApplyRemoteEntities(tc.pulled, map[string][]byte{"cursor": []byte("3")})
			if err != nil {
				t.Fatal(err)
			}
			if res.Changed != tc.changed {
				t.Errorf("Applied.Changed = %d, want %d", res.Changed, tc.changed)
			}
			e, err := s.Entity(domain.KindPerson, "p1")
			if err != nil {
				t.Fatal(err)
			}
			if got := e.Values(); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("stored %v, want %v", got, tc.want)
			}
			if c, _ := s.Meta("cursor"); string(c) != "3" {
				t.Errorf("cursor %q, want 3", c)
			}
		})
	}
}

// erasedWithFields is a state no merge makes (a damaged or hostile page):
// an erasure beside a field it erases.
func erasedWithFields() *record.Entity {
	return &record.Entity{Kind: domain.KindPerson, ID: "p1", Fields: map[string]record.FieldState{
		record.FieldErased: {Value: "true", Stamp: hlc.Timestamp{Wall: 1 << 50, Device: "d"}},
		"given_name":       {Value: "Ada", Stamp: hlc.Timestamp{Wall: 1 << 50, Counter: 1, Device: "d"}},
	}}
}

// TestApplyRemoteEntitiesErased: an erasure pulled for a person held here
// is stored as the erasure alone, and the person leaves the read model.
func TestApplyRemoteEntitiesErased(t *testing.T) {
	s, _ := openTemp(t, Options{})
	if err := s.Save("sam", record.Change{Kind: domain.KindPerson, ID: "p1", Fields: map[string]string{"given_name": "Ada"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ApplyRemoteEntities([]*record.Entity{erasedWithFields()}, nil); err != nil {
		t.Fatal(err)
	}
	e, _ := s.Entity(domain.KindPerson, "p1")
	if got := e.Values(); !reflect.DeepEqual(got, map[string]string{record.FieldErased: "true"}) {
		t.Fatalf("stored %v, want the erasure alone", got)
	}
	if n := s.View().Count(domain.KindPerson); n != 0 {
		t.Fatalf("read model still holds %d people", n)
	}
}
