package storage

import (
	"fmt"
	"sort"

	"github.com/hashicorp/go-memdb"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

// Row is one entity in the read model: its current field values, without
// stamps. Rows are immutable once inserted.
type Row struct {
	Kind record.Kind
	ID   string
	vals []pair // sorted by name
	keys []string
}

type pair struct{ name, value string }

// Get returns a field value, or "".
func (r *Row) Get(field string) string {
	i := sort.Search(len(r.vals), func(i int) bool { return r.vals[i].name >= field })
	if i < len(r.vals) && r.vals[i].name == field {
		return r.vals[i].value
	}
	return ""
}

// Values returns a copy of the row's fields.
func (r *Row) Values() map[string]string {
	out := make(map[string]string, len(r.vals))
	for _, p := range r.vals {
		out[p.name] = p.value
	}
	return out
}

// Decode fills a domain record struct from the row.
func (r *Row) Decode(v any) { domain.Decode(r.ID, r, v) }

func newRow(e *record.Entity) *Row {
	r := &Row{Kind: e.Kind, ID: e.ID, vals: make([]pair, 0, len(e.Fields))}
	for name, f := range e.Fields {
		if f.Value != "" {
			r.vals = append(r.vals, pair{name, f.Value})
		}
	}
	sort.Slice(r.vals, func(i, j int) bool { return r.vals[i].name < r.vals[j].name })
	if e.Kind == domain.KindPerson && r.Get(record.FieldMergedInto) == "" {
		r.keys = nameKeys(r.Get("given_name"), r.Get("family_name"), r.Get("preferred_name"))
	}
	return r
}

// fieldIndex indexes rows by one field's value; rows without it are skipped.
type fieldIndex struct{ field string }

func (x fieldIndex) FromObject(obj any) (bool, []byte, error) {
	v := obj.(*Row).Get(x.field)
	if v == "" {
		return false, nil, nil
	}
	return true, append([]byte(v), 0), nil
}

func (x fieldIndex) FromArgs(args ...any) ([]byte, error) {
	if len(args) != 1 {
		return nil, fmt.Errorf("index %s takes one argument", x.field)
	}
	s, ok := args[0].(string)
	if !ok {
		return nil, fmt.Errorf("index %s: argument must be a string", x.field)
	}
	return append([]byte(s), 0), nil
}

// PrefixFromArgs lets range scans ask for "every value starting with".
func (x fieldIndex) PrefixFromArgs(args ...any) ([]byte, error) {
	b, err := x.FromArgs(args...)
	if err != nil {
		return nil, err
	}
	return b[:len(b)-1], nil
}

// nameIndex indexes people by every folded name key.
type nameIndex struct{}

func (nameIndex) FromObject(obj any) (bool, [][]byte, error) {
	keys := obj.(*Row).keys
	if len(keys) == 0 {
		return false, nil, nil
	}
	out := make([][]byte, len(keys))
	for i, k := range keys {
		out[i] = append([]byte(k), 0)
	}
	return true, out, nil
}

func (nameIndex) FromArgs(args ...any) ([]byte, error) {
	s, _ := args[0].(string)
	return append([]byte(fold(s)), 0), nil
}

func (nameIndex) PrefixFromArgs(args ...any) ([]byte, error) {
	s, _ := args[0].(string)
	return []byte(fold(s)), nil
}

type idIndex struct{}

func (idIndex) FromObject(obj any) (bool, []byte, error) {
	return true, append([]byte(obj.(*Row).ID), 0), nil
}

func (idIndex) FromArgs(args ...any) ([]byte, error) {
	s, _ := args[0].(string)
	return append([]byte(s), 0), nil
}

func (x idIndex) PrefixFromArgs(args ...any) ([]byte, error) {
	s, _ := args[0].(string)
	return []byte(s), nil
}

// Index names used by View queries.
const (
	indexID = "id"
)

func byField(field string) *memdb.IndexSchema {
	return &memdb.IndexSchema{Name: field, AllowMissing: true, Indexer: fieldIndex{field}}
}

// tableSchema is a table factory: the id index plus the given indexes.
func tableSchema(kind record.Kind, extra ...*memdb.IndexSchema) *memdb.TableSchema {
	t := &memdb.TableSchema{Name: string(kind), Indexes: map[string]*memdb.IndexSchema{
		indexID: {Name: indexID, Unique: true, Indexer: idIndex{}},
	}}
	for _, ix := range extra {
		t.Indexes[ix.Name] = ix
	}
	return t
}

func venueDate() *memdb.IndexSchema {
	return &memdb.IndexSchema{Name: "venue_date", AllowMissing: true, Indexer: &memdb.CompoundIndex{
		Indexes: []memdb.Indexer{fieldIndex{"venue_id"}, fieldIndex{"date"}},
	}}
}

// schema is the read model: one table per kind.
func schema() *memdb.DBSchema {
	tables := []*memdb.TableSchema{
		tableSchema(domain.KindVenue),
		tableSchema(domain.KindActivity, byField("venue_id")),
		tableSchema(domain.KindSession, byField("date"), venueDate(), byField("activity_id")),
		tableSchema(domain.KindPerson, &memdb.IndexSchema{Name: "name", AllowMissing: true, Indexer: nameIndex{}}),
		tableSchema(domain.KindEnrolment, byField("activity_id"), byField("person_id")),
		tableSchema(domain.KindAttendance, byField("session_id"), byField("person_id")),
		tableSchema(domain.KindStaff),
		tableSchema(domain.KindReferral, byField("status"), byField("person_id")),
		tableSchema(domain.KindMatch, byField("person_id"), byField("activity_id")),
		tableSchema(domain.KindFollowUp, byField("due"), byField("person_id")),
		tableSchema(domain.KindContact, byField("person_id")),
		tableSchema(domain.KindMeasure, byField("person_id")),
		tableSchema(domain.KindConsent, byField("person_id")),
		tableSchema(domain.KindConflict, byField("entity_id")),
		tableSchema(domain.KindAudit, byField("entity_id"), byField("staff")),
	}
	s := &memdb.DBSchema{Tables: map[string]*memdb.TableSchema{}}
	for _, t := range tables {
		s.Tables[t.Name] = t
	}
	return s
}

// hasTable reports whether the read model keeps a kind.
func hasTable(kind record.Kind) bool {
	_, ok := schemaTables[string(kind)]
	return ok
}

var schemaTables = schema().Tables

// upsert puts the entity's row in the read model, or removes it when the
// entity is deleted.
func upsert(txn *memdb.Txn, e *record.Entity) error {
	if !hasTable(e.Kind) {
		return nil // kinds from a newer version stay in Badger only
	}
	if e.Deleted() {
		if _, err := txn.DeleteAll(string(e.Kind), indexID, e.ID); err != nil {
			return err
		}
		return nil
	}
	return txn.Insert(string(e.Kind), newRow(e))
}
