package storage

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/hashicorp/go-memdb"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

// Row is one entity in the read model: its current non-empty field values,
// without stamps. Rows are immutable once inserted.
//
// Rows are the bulk of the read model (a million attendance marks), so a
// row's id and values share one string: the id, then each field as
//
//	uvarint name number | uvarint tag | literal bytes
//
// where the name number refers to fieldNames and the tag is either len<<1
// for a literal value that follows, or off<<1|1 followed by a uvarint
// length for a value that is a piece of the id: a mark's session, activity,
// date and person are all in its id ("activity@date/person"), so they cost
// a few bytes each. A person's folded name keys follow their fields under
// the hidden name number 0. Field names are at most 255 bytes (Save refuses
// longer ones).
type Row struct {
	Kind record.Kind
	ID   string
	data string
}

// fieldNames numbers field names, so rows hold a name as a byte or two. Names
// are only ever added; number 0 is reserved for a person's name keys.
var fieldNames = newNameTable()

type nameTable struct {
	mu   sync.Mutex
	ids  map[string]uint64
	list atomic.Pointer[[]string]
}

func newNameTable() *nameTable {
	t := &nameTable{ids: map[string]uint64{}}
	list := []string{""}
	t.list.Store(&list)
	return t
}

// id returns the number of a field name, adding it when new.
func (t *nameTable) id(name []byte) uint64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	if id, ok := t.ids[string(name)]; ok {
		return id
	}
	old := *t.list.Load()
	list := make([]string, len(old), len(old)+1)
	copy(list, old)
	list = append(list, string(name))
	id := uint64(len(old))
	t.ids[list[id]] = id
	t.list.Store(&list)
	return id
}

// names returns the current list; numbers index it.
func (t *nameTable) names() []string { return *t.list.Load() }

// Get returns a field value, or "".
func (r *Row) Get(field string) string {
	v, _ := r.lookup(field)
	return v
}

func (r *Row) lookup(field string) (string, bool) {
	names := fieldNames.names()
	d := r.data
	for len(d) >= 3 {
		id, tag := int(d[0]), int(d[1])
		if id|tag >= 0x80 {
			break // a long name number or value
		}
		if tag&1 != 0 { // a piece of the id
			off, n := tag>>1, int(d[2])
			if n >= 0x80 {
				break
			}
			d = d[3:]
			if id != 0 && names[id] == field && off+n <= len(r.ID) {
				return r.ID[off : off+n], true
			}
			continue
		}
		d = d[2:]
		n := min(tag>>1, len(d))
		if id != 0 && names[id] == field {
			return d[:n], true
		}
		d = d[n:]
	}
	// The general case, from where the quick loop stopped.
	for len(d) > 0 {
		id, k := uvarintString(d)
		d = d[k:]
		if id != 0 && id < len(names) && names[id] == field {
			v, _ := r.value(d)
			return v, true
		}
		d = r.skipValue(d)
	}
	return "", false
}

// skipValue returns d after the encoded value at its start.
func (r *Row) skipValue(d string) string {
	tag, k := uvarintString(d)
	d = d[k:]
	if tag&1 == 0 {
		return d[min(tag>>1, len(d)):]
	}
	_, k = uvarintString(d)
	return d[k:]
}

// each calls fn for every field until fn returns false.
func (r *Row) each(fn func(name, value string) bool) {
	names := fieldNames.names()
	d := r.data
	for len(d) > 0 {
		id, k := uvarintString(d)
		d = d[k:]
		value, rest := r.value(d)
		d = rest
		if id == 0 || id >= len(names) {
			continue // name keys
		}
		if !fn(names[id], value) {
			return
		}
	}
}

// value decodes one encoded value at the start of d and returns it with
// the rest of d.
func (r *Row) value(d string) (string, string) {
	tag, k := uvarintString(d)
	d = d[k:]
	if tag&1 == 0 {
		n := min(tag>>1, len(d))
		return d[:n], d[n:]
	}
	off := tag >> 1
	n, k := uvarintString(d)
	if off+n > len(r.ID) {
		return "", d[k:]
	}
	return r.ID[off : off+n], d[k:]
}

// nameKeys calls fn with each of a person's folded name keys (see
// domain.NameKeys), without copying them, until fn returns false.
func (r *Row) nameKeys(fn func(key string) bool) {
	for ks := r.encodedKeys(); ks != ""; {
		key, rest := nextKey(ks)
		if !fn(key) {
			return
		}
		ks = rest
	}
}

// encodedKeys returns a person's name keys as stored: each as a uvarint
// length and the key.
func (r *Row) encodedKeys() string {
	d := r.data
	for len(d) > 0 {
		id, k := uvarintString(d)
		d = d[k:]
		if id == 0 {
			v, _ := r.value(d)
			return v
		}
		d = r.skipValue(d)
	}
	return ""
}

// nextKey splits the first key off encoded keys.
func nextKey(ks string) (string, string) {
	n, k := uvarintString(ks)
	n = min(n, len(ks)-k)
	return ks[k : k+n], ks[k+n:]
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

// rowBuilder encodes a row: the id first, then its fields. Not safe for
// concurrent use; each rebuild worker has its own.
type rowBuilder struct {
	buf   []byte
	idLen int
	names map[string]uint64 // a cache of fieldNames; nil for none
}

func newRowBuilder() *rowBuilder { return &rowBuilder{names: map[string]uint64{}} }

func (b *rowBuilder) reset(id []byte) {
	b.buf = append(b.buf[:0], id...)
	b.idLen = len(id)
}

func (b *rowBuilder) add(name, value []byte) {
	if len(value) == 0 || len(name) == 0 || len(name) > 255 {
		return
	}
	id, ok := b.names[string(name)]
	if !ok {
		id = fieldNames.id(name)
		if b.names != nil {
			b.names[string(name)] = id
		}
	}
	b.buf = binary.AppendUvarint(b.buf, id)
	b.addValue(value)
}

// addValue appends a value, as a piece of the id when it is one.
func (b *rowBuilder) addValue(value []byte) {
	if len(value) >= 4 {
		if off := bytes.Index(b.buf[:b.idLen], value); off >= 0 {
			b.buf = binary.AppendUvarint(b.buf, uint64(off)<<1|1)
			b.buf = binary.AppendUvarint(b.buf, uint64(len(value)))
			return
		}
	}
	b.buf = binary.AppendUvarint(b.buf, uint64(len(value))<<1)
	b.buf = append(b.buf, value...)
}

// row finishes the row; a person's name keys are added to it.
func (b *rowBuilder) row(kind record.Kind) *Row {
	r := &Row{}
	b.fill(r, kind)
	return r
}

// fill is row, into r.
func (b *rowBuilder) fill(r *Row, kind record.Kind) {
	s := string(b.buf)
	*r = Row{Kind: kind, ID: s[:b.idLen], data: s[b.idLen:]}
	if kind != domain.KindPerson || r.Get(record.FieldMergedInto) != "" {
		return
	}
	keys := domain.NameKeys(r.Get("given_name"), r.Get("family_name"), r.Get("preferred_name"))
	if len(keys) == 0 {
		return
	}
	var joined []byte
	for _, k := range keys {
		joined = binary.AppendUvarint(joined, uint64(len(k)))
		joined = append(joined, k...)
	}
	b.buf = append(b.buf, 0)
	b.addValue(joined)
	s = string(b.buf)
	*r = Row{Kind: kind, ID: s[:b.idLen], data: s[b.idLen:]}
}

// newRow builds the read-model row for an entity.
func newRow(e *record.Entity) *Row {
	b := &rowBuilder{}
	b.reset([]byte(e.ID))
	for name, f := range e.Fields {
		b.add([]byte(name), []byte(f.Value))
	}
	return b.row(e.Kind)
}

// rowDecoder turns stored entity bytes straight into rows during a rebuild,
// skipping the stamps the read model does not need. Not safe for concurrent
// use: each rebuild worker has its own.
type rowDecoder struct {
	b *rowBuilder
}

func newRowDecoder() *rowDecoder { return &rowDecoder{b: newRowBuilder()} }

// decode fills r with the row for a stored entity and reports whether it
// is live: false when it is deleted or erased.
func (d *rowDecoder) decode(r *Row, kind record.Kind, id, val []byte) (bool, error) {
	d.b.reset(id)
	if err := record.VisitValues(val, d.b.add); err != nil {
		return false, err
	}
	d.b.fill(r, kind)
	if r.Get(record.FieldDeleted) == "true" || r.Get(record.FieldErased) == "true" {
		return false, nil
	}
	return true, nil
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
	var out [][]byte
	obj.(*Row).nameKeys(func(k string) bool {
		out = append(out, append([]byte(k), 0))
		return true
	})
	return len(out) > 0, out, nil
}

func (nameIndex) FromArgs(args ...any) ([]byte, error) {
	s, _ := args[0].(string)
	return append([]byte(domain.FoldName(s)), 0), nil
}

func (nameIndex) PrefixFromArgs(args ...any) ([]byte, error) {
	s, _ := args[0].(string)
	return []byte(domain.FoldName(s)), nil
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

// FieldArchivedOn is a field the read model adds to a retired venue or
// activity (View.Retired): the day, YYYY-MM-DD on this device's calendar,
// it was archived, taken from the stamp of its deletion. It is never
// stored or synced.
const FieldArchivedOn = "archived_on"

// retiredKinds are the kinds whose records, once out of use, the read
// model keeps apart, because records from before still point at them: an
// archived venue or activity (a report of the months it ran names it and
// knows its capacity and category), and an erased person merged into
// another (the tombstone keeps merged_into, so a report counts the person
// once). They are few.
var retiredKinds = []record.Kind{domain.KindVenue, domain.KindActivity, domain.KindPerson}

func retiredTable(kind record.Kind) string { return string(kind) + "/retired" }

func hasRetired(kind record.Kind) bool {
	for _, k := range retiredKinds {
		if k == kind {
			return true
		}
	}
	return false
}

// retiredRow is the row the read model keeps apart for an entity out of
// use, or nil when it keeps none: see retiredKinds. A record this device
// stops holding (ForgetRecords marks it deleted with no stamp) is not
// retired but gone.
func retiredRow(e *record.Entity) *Row {
	del, ok := e.Fields[record.FieldDeleted]
	if ok && del.Value == "true" && del.Stamp.IsZero() {
		return nil // forgotten
	}
	switch {
	case e.Kind == domain.KindPerson:
		if !e.Erased() || e.Get(record.FieldMergedInto) == "" {
			return nil
		}
		return newRow(e) // merged_into and erased: all an erasure keeps
	case e.Erased() || !ok || del.Value != "true":
		return nil
	}
	b := &rowBuilder{}
	b.reset([]byte(e.ID))
	for name, f := range e.Fields {
		b.add([]byte(name), []byte(f.Value))
	}
	b.add([]byte(FieldArchivedOn), []byte(domain.DateOf(del.Stamp.Time().Local())))
	return b.row(e.Kind)
}

// setRetired keeps the entity's retired row apart, or drops the one kept
// (a venue put back in use).
func setRetired(txn *memdb.Txn, e *record.Entity) error {
	if !hasRetired(e.Kind) {
		return nil
	}
	if row := retiredRow(e); row != nil {
		return txn.Insert(retiredTable(e.Kind), row)
	}
	_, err := txn.DeleteAll(retiredTable(e.Kind), indexID, e.ID)
	return err
}

// isRetired reports whether a row a rebuild decoded is a retired one: live
// rows carry neither field.
func isRetired(r *Row) bool {
	return hasRetired(r.Kind) && (r.Get(record.FieldDeleted) == "true" || r.Get(record.FieldErased) == "true")
}

// schema is the read model: one table per kind, and one for each kind's
// retired records.
func schema() *memdb.DBSchema {
	tables := []*memdb.TableSchema{
		tableSchema(domain.KindVenue),
		tableSchema(domain.KindActivity, byField("venue_id")),
		tableSchema(domain.KindSession, byField("date"), venueDate(), byField("activity_id")),
		tableSchema(domain.KindPerson, &memdb.IndexSchema{Name: "name", AllowMissing: true, Indexer: nameIndex{}},
			byField(record.FieldMergedInto)),
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
		tableSchema(domain.KindPractice),
	}
	for _, kind := range retiredKinds {
		tables = append(tables, tableSchema(record.Kind(retiredTable(kind))))
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
	marks     []Row
}

func (r *register) find(id string) (int, bool) {
	i := sort.Search(len(r.marks), func(i int) bool { return r.marks[i].ID >= id })
	return i, i < len(r.marks) && r.marks[i].ID == id
}

// with returns a copy of r with row in place of the mark with id (added
// when new); a nil row removes the mark. memdb objects are never mutated.
func (r *register) with(id string, row *Row) *register {
	i, found := r.find(id)
	marks := make([]Row, 0, len(r.marks)+1)
	marks = append(marks, r.marks[:i]...)
	if row != nil {
		marks = append(marks, *row)
	}
	if found {
		i++
	}
	marks = append(marks, r.marks[i:]...)
	return &register{sessionID: r.sessionID, marks: marks}
}

// withAll returns a copy of r with every row of rows (by mark id) in
// place: a nil row removes the mark. One copy for a whole commit's marks
// of the session, where with would copy the register once per mark.
func (r *register) withAll(rows map[string]*Row) *register {
	marks := make([]Row, 0, len(r.marks)+len(rows))
	replaced := 0
	for _, m := range r.marks {
		row, ok := rows[m.ID]
		if !ok {
			marks = append(marks, m)
			continue
		}
		replaced++
		if row != nil {
			marks = append(marks, *row)
		}
	}
	if replaced < len(rows) {
		for id, row := range rows {
			if _, had := r.find(id); !had && row != nil {
				marks = append(marks, *row)
			}
		}
		sort.Slice(marks, func(i, j int) bool { return marks[i].ID < marks[j].ID })
	}
	return &register{sessionID: r.sessionID, marks: marks}
}

func sessionOfMark(e *record.Entity) string {
	if sid, _, ok := domain.ParseAttendanceID(e.ID); ok {
		return sid
	}
	return e.Get("session_id")
}

// upsert puts the entity's row in the read model, or removes it when the
// entity is deleted (keeping it apart when it is retired: see retiredRow).
func upsert(txn *memdb.Txn, e *record.Entity) error {
	if !hasTable(e.Kind) {
		return nil // kinds from a newer version stay in Badger only
	}
	if err := setRetired(txn, e); err != nil {
		return err
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
// session is inserted into memdb once. Badger returns marks in id order, so
// a session's marks mostly arrive side by side in one batch: its register
// then uses that piece of the batch as it is, without a copy.
type registerBuilder map[string]*register

func markSession(r *Row) string {
	if sid, _, ok := domain.ParseAttendanceID(r.ID); ok {
		return sid
	}
	return r.Get("session_id")
}

// add takes marks (a run of rows from one batch, all attendance).
func (b registerBuilder) add(marks []Row) {
	for len(marks) > 0 {
		sid := markSession(&marks[0])
		n := 1
		for n < len(marks) && markSession(&marks[n]) == sid {
			n++
		}
		run := marks[:n:n]
		marks = marks[n:]
		if reg := b[sid]; reg == nil {
			b[sid] = &register{sessionID: sid, marks: run}
		} else {
			reg.marks = append(reg.marks[:len(reg.marks):len(reg.marks)], run...)
		}
	}
}

func (b registerBuilder) insertAll(txn *memdb.Txn) error {
	for _, reg := range b {
		if !sort.SliceIsSorted(reg.marks, func(i, j int) bool { return reg.marks[i].ID < reg.marks[j].ID }) {
			sort.Slice(reg.marks, func(i, j int) bool { return reg.marks[i].ID < reg.marks[j].ID })
		}
		if err := txn.Insert(string(domain.KindAttendance), reg); err != nil {
			return err
		}
	}
	return nil
}

// rowPointers returns pointers to rows, which are immutable.
func rowPointers(rows []Row) []*Row {
	if len(rows) == 0 {
		return nil
	}
	out := make([]*Row, len(rows))
	for i := range rows {
		out[i] = &rows[i]
	}
	return out
}
