package record

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/gather-sp/gather/hlc"
)

// Binary encodings used on disk. Both start with a version byte so a future
// layout can be read side by side with this one.
//
//	entity: 0x01 | uvarint nFields | nFields × field
//	field:  str name | str value | stamp | stamp base | str staff
//	write:  0x01 | str kind | str id | str field | str value | stamp | stamp base | str staff
//	stamp:  varint wall | uvarint counter | str device
//	str:    uvarint length | bytes
const codecVersion = 1

// maxString bounds any decoded string; nothing Gather stores comes close.
const maxString = 1 << 20

// ErrCorrupt is returned (wrapped) for bytes that are not a valid encoding.
var ErrCorrupt = errors.New("record: corrupt encoding")

// AppendEntity appends the encoding of e's fields to dst. Kind and id live in
// the key, not the value.
func AppendEntity(dst []byte, e *Entity) []byte {
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

// DecodeEntity decodes the fields written by AppendEntity into a new entity.
// intern, when not nil, is used to share repeated strings (field names).
func DecodeEntity(kind Kind, id string, b []byte, intern func(string) string) (*Entity, error) {
	d := decoder{b: b}
	if v := d.byte(); v != codecVersion {
		return nil, fmt.Errorf("%w: entity version %d", ErrCorrupt, v)
	}
	n := d.uvarint()
	if n > uint64(len(b)) {
		return nil, fmt.Errorf("%w: %d fields in %d bytes", ErrCorrupt, n, len(b))
	}
	e := &Entity{Kind: kind, ID: id, Fields: make(map[string]FieldState, n)}
	for i := uint64(0); i < n && d.err == nil; i++ {
		name := d.str()
		if intern != nil {
			name = intern(name)
		}
		var f FieldState
		f.Value = d.str()
		f.Stamp = d.stamp()
		f.Base = d.stamp()
		f.Staff = d.str()
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

// VisitValues walks the field values of an encoded entity without building
// it: fn receives each field's name and value as bytes that are only valid
// during the call. It is the fast path for rebuilding read models, which need
// values but not stamps.
func VisitValues(b []byte, fn func(name, value []byte)) error {
	d := decoder{b: b}
	if v := d.byte(); v != codecVersion {
		return fmt.Errorf("%w: entity version %d", ErrCorrupt, v)
	}
	n := d.uvarint()
	if n > uint64(len(b)) {
		return fmt.Errorf("%w: %d fields in %d bytes", ErrCorrupt, n, len(b))
	}
	for i := uint64(0); i < n && d.err == nil; i++ {
		name := d.bytes()
		value := d.bytes()
		d.skipStamp()
		d.skipStamp()
		d.bytes()
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
