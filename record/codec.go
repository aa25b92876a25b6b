package record

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/gather-sp/gather/hlc"
)

// Binary encodings used on disk and in pull pages. Each starts with a
// version byte so a new layout can be read side by side with the old.
//
//	entity v2: 0x02 | uvarint nNames | nNames × str | uvarint nFields | nFields × field
//	field:     str name | str value | stamp | stamp base | uvarint staff
//	stamp:     uvarint ref [| varint wall − previous wall | uvarint counter]
//
//	entity v1: 0x01 | uvarint nFields | nFields × field1
//	field1:    str name | str value | stamp1 | stamp1 base | str staff
//	stamp1:    varint wall | uvarint counter | str device
//
//	write:     0x01 | str kind | str id | str field | str value | stamp1 | stamp1 base | str staff
//	str:       uvarint length | bytes
//
// Version 2 names each device and staff id once, in a table after the
// version byte, and refers to them by their index: a field's staff is
// names[staff]; a stamp's ref is 0 for the zero stamp (nothing else
// follows), else its device is names[ref−1] and its wall is written as the
// difference from the previous non-zero stamp's wall in the entity (from
// 0 for the first), as a record's stamps lie close together. A mark's
// state (eight fields, one device, one member of staff) is about 300 bytes
// in version 2 against 567 in version 1: the server writes each state
// twice, the device once, and pull pages carry them. AppendEntity writes
// version 2; DecodeEntity and VisitValues read both; AppendEntityVersion
// writes version 1 for a reader that knows no other (a device from before
// version 2, see protocol.PullRequest.States).
const (
	codecVersion  = 1
	entityVersion = 2
)

// EntityVersion is the entity encoding AppendEntity writes.
const EntityVersion = entityVersion

// maxString bounds any decoded string; nothing Gather stores comes close.
const maxString = 1 << 20

// ErrCorrupt is returned (wrapped) for bytes that are not a valid encoding.
var ErrCorrupt = errors.New("record: corrupt encoding")

// AppendEntity appends the encoding of e's fields to dst. Kind and id live in
// the key, not the value.
func AppendEntity(dst []byte, e *Entity) []byte {
	return AppendEntityVersion(dst, e, entityVersion)
}

// AppendEntityVersion appends e in encoding version v (1 or 2).
func AppendEntityVersion(dst []byte, e *Entity, v byte) []byte {
	if v == codecVersion {
		dst = append(dst, codecVersion)
		dst = binary.AppendUvarint(dst, uint64(len(e.Fields)))
		for name, f := range e.Fields {
			dst = appendStr(dst, name)
			dst = appendStr(dst, f.Value)
			dst = appendStamp(dst, f.Stamp)
			dst = appendStamp(dst, f.Base)
			dst = appendStr(dst, f.Staff)
		}
		return dst
	}
	var names nameTable
	for _, f := range e.Fields {
		if !f.Stamp.IsZero() {
			names.add(f.Stamp.Device)
		}
		if !f.Base.IsZero() {
			names.add(f.Base.Device)
		}
		names.add(f.Staff)
	}
	dst = append(dst, entityVersion)
	dst = binary.AppendUvarint(dst, uint64(len(names.list)))
	for _, n := range names.list {
		dst = appendStr(dst, n)
	}
	dst = binary.AppendUvarint(dst, uint64(len(e.Fields)))
	var wall int64
	stamp := func(dst []byte, t hlc.Timestamp) []byte {
		if t.IsZero() {
			return append(dst, 0)
		}
		dst = binary.AppendUvarint(dst, uint64(names.index(t.Device))+1)
		dst = binary.AppendVarint(dst, t.Wall-wall)
		wall = t.Wall
		return binary.AppendUvarint(dst, uint64(t.Counter))
	}
	for name, f := range e.Fields {
		dst = appendStr(dst, name)
		dst = appendStr(dst, f.Value)
		dst = stamp(dst, f.Stamp)
		dst = stamp(dst, f.Base)
		dst = binary.AppendUvarint(dst, uint64(names.index(f.Staff)))
	}
	return dst
}

// nameTable is version 2's table of device and staff ids. A record names
// a handful, so a list searched in order beats a map until it grows.
type nameTable struct {
	list []string
	at   map[string]int
}

func (t *nameTable) add(s string) {
	if t.index(s) < 0 {
		t.list = append(t.list, s)
		if t.at != nil {
			t.at[s] = len(t.list) - 1
		}
	}
}

func (t *nameTable) index(s string) int {
	if t.at != nil {
		if i, ok := t.at[s]; ok {
			return i
		}
		return -1
	}
	for i, n := range t.list {
		if n == s {
			return i
		}
	}
	if len(t.list) >= 16 {
		t.at = make(map[string]int, 2*len(t.list))
		for i, n := range t.list {
			t.at[n] = i
		}
	}
	return -1
}

// EntityVersionOf returns the encoding version of an encoded entity, 0 for
// none.
func EntityVersionOf(b []byte) byte {
	if len(b) == 0 {
		return 0
	}
	return b[0]
}

// DecodeEntity decodes the fields written by AppendEntity (either version)
// into a new entity. intern, when not nil, is used to share repeated
// strings (field names).
func DecodeEntity(kind Kind, id string, b []byte, intern func(string) string) (*Entity, error) {
	d := decoder{b: b}
	v := d.byte()
	var names []string
	switch v {
	case codecVersion:
	case entityVersion:
		names = d.names()
	default:
		return nil, fmt.Errorf("%w: entity version %d", ErrCorrupt, v)
	}
	n := d.uvarint()
	if n > uint64(len(b)) {
		return nil, fmt.Errorf("%w: %d fields in %d bytes", ErrCorrupt, n, len(b))
	}
	e := &Entity{Kind: kind, ID: id, Fields: make(map[string]FieldState, n)}
	var wall int64
	for i := uint64(0); i < n && d.err == nil; i++ {
		name := d.str()
		if intern != nil {
			name = intern(name)
		}
		var f FieldState
		f.Value = d.str()
		if v == codecVersion {
			f.Stamp = d.stamp()
			f.Base = d.stamp()
			f.Staff = d.str()
		} else {
			f.Stamp = d.stamp2(names, &wall)
			f.Base = d.stamp2(names, &wall)
			f.Staff = d.name(names)
		}
		e.Fields[name] = f
	}
	if d.err == nil && len(d.b) != 0 {
		d.err = fmt.Errorf("%w: %d trailing bytes", ErrCorrupt, len(d.b))
	}
	if d.err != nil {
		return nil, d.err
	}
	return e, nil
}

// AppendWrite appends the encoding of w to dst.
func AppendWrite(dst []byte, w Write) []byte {
	dst = append(dst, codecVersion)
	dst = appendStr(dst, string(w.Kind))
	dst = appendStr(dst, w.ID)
	dst = appendStr(dst, w.Field)
	dst = appendStr(dst, w.Value)
	dst = appendStamp(dst, w.Stamp)
	dst = appendStamp(dst, w.Base)
	return appendStr(dst, w.Staff)
}

// DecodeWrite decodes the bytes written by AppendWrite.
func DecodeWrite(b []byte) (Write, error) {
	d := decoder{b: b}
	if v := d.byte(); v != codecVersion {
		return Write{}, fmt.Errorf("%w: write version %d", ErrCorrupt, v)
	}
	var w Write
	w.Kind = Kind(d.str())
	w.ID = d.str()
	w.Field = d.str()
	w.Value = d.str()
	w.Stamp = d.stamp()
	w.Base = d.stamp()
	w.Staff = d.str()
	if d.err == nil && len(d.b) != 0 {
		d.err = fmt.Errorf("%w: %d trailing bytes", ErrCorrupt, len(d.b))
	}
	return w, d.err
}

func appendStr(dst []byte, s string) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(s)))
	return append(dst, s...)
}

func appendStamp(dst []byte, t hlc.Timestamp) []byte {
	dst = binary.AppendVarint(dst, t.Wall)
	dst = binary.AppendUvarint(dst, uint64(t.Counter))
	return appendStr(dst, t.Device)
}

type decoder struct {
	b   []byte
	err error
}

func (d *decoder) fail(what string) {
	if d.err == nil {
		d.err = fmt.Errorf("%w: bad %s", ErrCorrupt, what)
	}
	d.b = nil
}

func (d *decoder) byte() byte {
	if d.err != nil || len(d.b) == 0 {
		d.fail("header")
		return 0
	}
	c := d.b[0]
	d.b = d.b[1:]
	return c
}

func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail("length")
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) varint() int64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.fail("number")
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) str() string {
	n := d.uvarint()
	if d.err != nil {
		return ""
	}
	if n > maxString || n > uint64(len(d.b)) {
		d.fail("string length")
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}

func (d *decoder) stamp() hlc.Timestamp {
	wall := d.varint()
	ctr := d.uvarint()
	if ctr > 1<<32-1 {
		d.fail("counter")
	}
	dev := d.str()
	return hlc.Timestamp{Wall: wall, Counter: uint32(ctr), Device: dev}
}

// names reads version 2's table of names.
func (d *decoder) names() []string {
	n := d.uvarint()
	if d.err != nil {
		return nil
	}
	if n > uint64(len(d.b)) {
		d.fail("name table")
		return nil
	}
	names := make([]string, n)
	for i := range names {
		names[i] = d.str()
	}
	return names
}

// name reads a reference into the table of names.
func (d *decoder) name(names []string) string {
	i := d.uvarint()
	if d.err != nil {
		return ""
	}
	if i >= uint64(len(names)) {
		d.fail("name reference")
		return ""
	}
	return names[i]
}

// stamp2 reads a version 2 stamp; *wall is the previous non-zero stamp's.
func (d *decoder) stamp2(names []string, wall *int64) hlc.Timestamp {
	ref := d.uvarint()
	if d.err != nil || ref == 0 {
		return hlc.Timestamp{}
	}
	if ref > uint64(len(names)) {
		d.fail("device reference")
		return hlc.Timestamp{}
	}
	*wall += d.varint()
	ctr := d.uvarint()
	if ctr > 1<<32-1 {
		d.fail("counter")
	}
	return hlc.Timestamp{Wall: *wall, Counter: uint32(ctr), Device: names[ref-1]}
}

// skipStamp2 passes over a version 2 stamp.
func (d *decoder) skipStamp2(names int) {
	ref := d.uvarint()
	if d.err != nil || ref == 0 {
		return
	}
	if ref > uint64(names) {
		d.fail("device reference")
		return
	}
	d.varint()
	if d.uvarint() > 1<<32-1 {
		d.fail("counter")
	}
}

// VisitValues walks the field values of an encoded entity (either version)
// without building it: fn receives each field's name and value as bytes
// that are only valid during the call. It is the fast path for rebuilding
// read models, which need values but not stamps.
func VisitValues(b []byte, fn func(name, value []byte)) error {
	d := decoder{b: b}
	v := d.byte()
	names := 0
	switch v {
	case codecVersion:
	case entityVersion:
		n := d.uvarint()
		if d.err == nil && n > uint64(len(d.b)) {
			d.fail("name table")
		}
		for i := uint64(0); i < n && d.err == nil; i++ {
			d.bytes()
		}
		names = int(n)
	default:
		return fmt.Errorf("%w: entity version %d", ErrCorrupt, v)
	}
	n := d.uvarint()
	if d.err == nil && n > uint64(len(b)) {
		return fmt.Errorf("%w: %d fields in %d bytes", ErrCorrupt, n, len(b))
	}
	for i := uint64(0); i < n && d.err == nil; i++ {
		name := d.bytes()
		value := d.bytes()
		if v == codecVersion {
			d.skipStamp()
			d.skipStamp()
			d.bytes()
		} else {
			d.skipStamp2(names)
			d.skipStamp2(names)
			if s := d.uvarint(); d.err == nil && s >= uint64(names) {
				d.fail("name reference")
			}
		}
		if d.err == nil {
			fn(name, value)
		}
	}
	if d.err == nil && len(d.b) != 0 {
		d.err = fmt.Errorf("%w: %d trailing bytes", ErrCorrupt, len(d.b))
	}
	return d.err
}

func (d *decoder) bytes() []byte {
	n := d.uvarint()
	if d.err != nil {
		return nil
	}
	if n > maxString || n > uint64(len(d.b)) {
		d.fail("string length")
		return nil
	}
	s := d.b[:n]
	d.b = d.b[n:]
	return s
}

func (d *decoder) skipStamp() {
	d.varint()
	if d.uvarint() > 1<<32-1 {
		d.fail("counter")
	}
	d.bytes()
}
