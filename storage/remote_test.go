package storage

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/dgraph-io/badger/v4"

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
			changed: 1}, // one record, counted once
		{name: "an empty record is not stored",
			pulled:  []*record.Entity{record.NewEntity(domain.KindPerson, "p1")},
			want:    map[string]string{},
			changed: 0},
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
			res, err := s.ApplyRemoteEntities(tc.pulled, nil, map[string][]byte{"cursor": []byte("3")})
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
	if _, err := s.ApplyRemoteEntities([]*record.Entity{erasedWithFields()}, nil, nil); err != nil {
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

// TestApplyRemoteEntitiesStoresStatesAsTheyCame: a record new to the
// device is stored in the bytes it arrived in (here the older encoding, so
// an encoding made again would differ); one held here is merged and
// encoded afresh; both read back as merged; a mismatched states slice is
// refused.
func TestApplyRemoteEntitiesStoresStatesAsTheyCame(t *testing.T) {
	s, dir := openTemp(t, Options{})
	must(t, s.Save("sam", record.Change{Kind: domain.KindPerson, ID: "held", Fields: map[string]string{"given_name": "Ada"}}))
	fresh := remoteState(domain.KindPerson, "fresh", map[string]string{"given_name": "Bo", "family_name": "Lee"}, 1<<50)
	held := remoteState(domain.KindPerson, "held", map[string]string{"family_name": "King"}, 1<<50)
	states := [][]byte{record.AppendEntityVersion(nil, fresh, 1), record.AppendEntityVersion(nil, held, 1)}
	if _, err := s.ApplyRemoteEntities([]*record.Entity{fresh, held}, states[:1], nil); err == nil {
		t.Fatal("one state for two records was taken")
	}
	if _, err := s.ApplyRemoteEntities([]*record.Entity{fresh, held}, states, nil); err != nil {
		t.Fatal(err)
	}
	raw := func(t *testing.T, s *Store, id string) []byte {
		t.Helper()
		var v []byte
		must(t, s.db.View(func(txn *badger.Txn) error {
			item, err := txn.Get(entityKey(domain.KindPerson, id))
			if err != nil {
				return err
			}
			v, err = item.ValueCopy(nil)
			return err
		}))
		return v
	}
	check := func(t *testing.T, s *Store) {
		t.Helper()
		if got := raw(t, s, "fresh"); !bytes.Equal(got, states[0]) {
			t.Errorf("the new record was stored as %x, not as it came (%x)", got, states[0])
		}
		if got := raw(t, s, "held"); len(got) == 0 || got[0] != record.EntityVersion {
			t.Errorf("the merged record was stored as %x, not encoded afresh", got)
		}
		for id, want := range map[string]string{"fresh": "Bo Lee", "held": "Ada King"} {
			if p, _ := s.View().Person(id); p.GivenName+" "+p.FamilyName != want {
				t.Errorf("%s reads %q %q, want %q", id, p.GivenName, p.FamilyName, want)
			}
		}
	}
	checkAndReopened(t, s, dir, check)
}

// TestApplyRemoteEntitiesNoEmptyRow: an empty record in a page (nothing
// the server sends, but a damaged page could) leaves no row behind.
func TestApplyRemoteEntitiesNoEmptyRow(t *testing.T) {
	s, _ := openTemp(t, Options{})
	if _, err := s.ApplyRemoteEntities([]*record.Entity{record.NewEntity(domain.KindPerson, "p1")}, nil, nil); err != nil {
		t.Fatal(err)
	}
	if n := s.View().Count(domain.KindPerson); n != 0 {
		t.Fatalf("the read model holds %d people after an empty record", n)
	}
}

// TestApplyRemoteConflictsCounted: Applied.Conflicts counts the conflict
// records a page brings that are new here and still open when it is
// applied, each once.
func TestApplyRemoteConflictsCounted(t *testing.T) {
	conflict := func(wall int64) *record.Entity {
		return remoteState(domain.KindConflict, "c1", map[string]string{"entity_kind": "person", "entity_id": "p1", "field": "phone"}, wall)
	}
	erasedConflict := func() *record.Entity {
		return &record.Entity{Kind: domain.KindConflict, ID: "c1", Fields: map[string]record.FieldState{
			record.FieldErased: {Value: "true", Stamp: hlc.Timestamp{Wall: 1 << 50, Device: "server"}}}}
	}
	tests := []struct {
		name           string
		held           []*record.Entity // applied in a page before
		page           []*record.Entity
		conflicts, chg int
	}{
		{"a new conflict", nil, []*record.Entity{conflict(5)}, 1, 1},
		{"one conflict twice", nil, []*record.Entity{conflict(5), conflict(6)}, 1, 1},
		{"a conflict already here", []*record.Entity{conflict(5)}, []*record.Entity{conflict(6)}, 0, 1},
		{"new, then erased in the same page", nil, []*record.Entity{conflict(5), erasedConflict()}, 0, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := openTemp(t, Options{})
			if tc.held != nil {
				if _, err := s.ApplyRemoteEntities(tc.held, nil, nil); err != nil {
					t.Fatal(err)
				}
			}
			res, err := s.ApplyRemoteEntities(tc.page, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			if res.Conflicts != tc.conflicts || res.Changed != tc.chg {
				t.Errorf("Applied %+v, want %d conflicts and %d changed", res, tc.conflicts, tc.chg)
			}
		})
	}
}

// TestApplyRemoteRefusesNULInKind: writes whose kind holds a NUL are
// refused, or two records would be grouped, and stored, as one.
func TestApplyRemoteRefusesNULInKind(t *testing.T) {
	s, _ := openTemp(t, Options{})
	stamp := hlc.Timestamp{Wall: 5, Device: "d"}
	_, err := s.ApplyRemote([]record.Write{
		{Kind: domain.KindPerson, ID: "x\x00y", Field: "given_name", Value: "Ada", Stamp: stamp},
		{Kind: domain.KindPerson + "\x00x", ID: "y", Field: "given_name", Value: "Bea", Stamp: stamp},
	}, nil)
	if err == nil {
		t.Fatal("writes with a NUL in their kind were taken")
	}
}
