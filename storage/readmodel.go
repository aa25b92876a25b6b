package storage

import (
	"encoding/binary"
	"fmt"
	"sort"

	"github.com/hashicorp/go-memdb"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

// Row is one entity in the read model: its current non-empty field values,
// without stamps. Rows are immutable once inserted.
//
// The values live in one string, each field as
//
//	len(name) byte | name | uvarint len(value) | value
//
// because rows are the bulk of the read model (a million attendance marks)
// and one string per row costs a fraction of a map or a slice of pairs.
// Field names are at most 255 bytes (Save refuses longer ones).
type Row struct {
	Kind record.Kind
	ID   string
	data string
	keys []string // folded name keys, people only
}

// Get returns a field value, or "".
func (r *Row) Get(field string) string {
	v, _ := r.lookup(field)
	return v
}

func (r *Row) lookup(field string) (string, bool) {
	found, value := false, ""
	r.each(func(name, v string) bool {
		if name == field {
			found, value = true, v
			return false
		}
		return true
	})
	return value, found
}

// each calls fn for every field until fn returns false.
func (r *Row) each(fn func(name, value string) bool) {
	d := r.data
	for len(d) > 0 {
		n := int(d[0])
		name := d[1 : 1+n]
		d = d[1+n:]
		l, k := uvarintString(d)
		if !fn(name, d[k:k+l]) {
			return
		}
		d = d[k+l:]
	}
}

func uvarintString(s string) (int, int) {
	var x, shift uint
	for i := 0; i < len(s); i++ {
		b := s[i]
		x |= uint(b&0x7f) << shift
		if b < 0x80 {
			return int(x), i + 1
		}
		shift += 7
	}
	return 0, len(s)
}

// Values returns a copy of the row's fields.
func (r *Row) Values() map[string]string {
	out := map[string]string{}
	r.each(func(name, value string) bool {
		out[name] = value
		return true
	})
	return out
}

// Decode fills a domain record struct from the row.
func (r *Row) Decode(v any) { domain.Decode(r.ID, r, v) }

// rowBuilder appends fields in the Row layout.
type rowBuilder []byte

func (b *rowBuilder) add(name, value []byte) {
	if len(value) == 0 || len(name) == 0 || len(name) > 255 {
		return
	}
	*b = append(*b, byte(len(name)))
	*b = append(*b, name...)
	*b = binary.AppendUvarint(*b, uint64(len(value)))
	*b = append(*b, value...)
}

// newRow builds the read-model row for an entity.
func newRow(e *record.Entity) *Row {
	var b rowBuilder
	for name, f := range e.Fields {
		b.add([]byte(name), []byte(f.Value))
	}
	return rowOf(e.Kind, e.ID, string(b))
}

// rowOf finishes a row from its encoded values.
func rowOf(kind record.Kind, id string, data string) *Row {
	r := &Row{Kind: kind, ID: id, data: data}
	if kind == domain.KindPerson && r.Get(record.FieldMergedInto) == "" {
		r.keys = nameKeys(r.Get("given_name"), r.Get("family_name"), r.Get("preferred_name"))
	}
	return r
}

// rowDecoder turns stored entity bytes straight into rows during a rebuild,
// skipping the stamps the read model does not need. Not safe for concurrent
// use: each rebuild worker has its own.
type rowDecoder struct {
	buf rowBuilder
}

func newRowDecoder() *rowDecoder { return &rowDecoder{} }

// decode returns the row for a stored entity, or nil when it is deleted or
// erased.
func (d *rowDecoder) decode(kind record.Kind, id string, val []byte) (*Row, error) {
	d.buf = d.buf[:0]
	err := record.VisitValues(val, d.buf.add)
	if err != nil {
		return nil, err
	}
	r := rowOf(kind, id, string(d.buf))
	if r.Get(record.FieldDeleted) == "true" || r.Get(record.FieldErased) == "true" {
		return nil, nil
	}
	return r, nil
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
	switch o := obj.(type) {
	case *Row:
		return true, append([]byte(o.ID), 0), nil
	case *register:
		return true, append([]byte(o.sessionID), 0), nil
	}
	return false, nil, fmt.Errorf("read model: unexpected object %T", obj)
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
		tableSchema(domain.KindAttendance), // holds *register objects, one per session
		tableSchema(domain.KindStaff),
		tableSchema(domain.KindReferral, byField("status"), byField("person_id")),
		tableSchema(domain.KindMatch, byField("person_id"), byField("activity_id")),
		tableSchema(domain.KindFollowUp, byField("due"), byField("person_id")),
		tableSchema(domain.KindContact, byField("person_id")),
		tableSchema(domain.KindMeasure, byField("person_id")),
		tableSchema(domain.KindConsent, byField("person_id")),
		tableSchema(domain.KindConflict, byField("entity_id")),
		tableSchema(domain.KindAudit, byField("entity_id"), byField("staff")),
		tableSchema(domain.KindSetting),
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

// register is the read model's object for attendance: every mark of one
// session, sorted by id. Marks are the bulk of the data (a million for a
// busy organisation), so the read model keeps one memdb object per session,
// rather than one per mark: memdb's cost is per object and per index entry.
// Attendance ids begin with their session id, so Badger's key order already
// groups them.
type register struct {
	sessionID string
	marks     []*Row
}

func (r *register) find(id string) (int, bool) {
	i := sort.Search(len(r.marks), func(i int) bool { return r.marks[i].ID >= id })
	return i, i < len(r.marks) && r.marks[i].ID == id
}

// with returns a copy of r with row in place of the mark with id (added
// when new); a nil row removes the mark. memdb objects are never mutated.
func (r *register) with(id string, row *Row) *register {
	i, found := r.find(id)
	marks := make([]*Row, 0, len(r.marks)+1)
	marks = append(marks, r.marks[:i]...)
	if row != nil {
		marks = append(marks, row)
	}
	if found {
		i++
	}
	marks = append(marks, r.marks[i:]...)
	return &register{sessionID: r.sessionID, marks: marks}
}

func sessionOfMark(e *record.Entity) string {
	if sid, _, ok := domain.ParseAttendanceID(e.ID); ok {
		return sid
	}
	return e.Get("session_id")
}

// upsert puts the entity's row in the read model, or removes it when the
// entity is deleted.
func upsert(txn *memdb.Txn, e *record.Entity) error {
	if !hasTable(e.Kind) {
		return nil // kinds from a newer version stay in Badger only
	}
	if e.Kind == domain.KindAttendance {
		sid := sessionOfMark(e)
		reg := &register{sessionID: sid}
		if obj, err := txn.First(string(domain.KindAttendance), indexID, sid); err != nil {
			return err
		} else if obj != nil {
			reg = obj.(*register)
		}
		var row *Row
		if !e.Deleted() {
			row = newRow(e)
		}
		return txn.Insert(string(domain.KindAttendance), reg.with(e.ID, row))
	}
	if e.Deleted() {
		if _, err := txn.DeleteAll(string(e.Kind), indexID, e.ID); err != nil {
			return err
		}
		return nil
	}
	return txn.Insert(string(e.Kind), newRow(e))
}

// registerBuilder gathers marks into registers during a rebuild, so each
// session is inserted into memdb once.
type registerBuilder map[string]*register

func (b registerBuilder) add(r *Row) {
	sid, _, ok := domain.ParseAttendanceID(r.ID)
	if !ok {
		sid = r.Get("session_id")
	}
	reg := b[sid]
	if reg == nil {
		reg = &register{sessionID: sid}
		b[sid] = reg
	}
	reg.marks = append(reg.marks, r)
}

func (b registerBuilder) insertAll(txn *memdb.Txn) error {
	for _, reg := range b {
		sort.Slice(reg.marks, func(i, j int) bool { return reg.marks[i].ID < reg.marks[j].ID })
		if err := txn.Insert(string(domain.KindAttendance), reg); err != nil {
			return err
		}
	}
	return nil
}
