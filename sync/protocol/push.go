package protocol

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/klauspost/compress/gzip"

	"github.com/gather-sp/gather/hlc"
	"github.com/gather-sp/gather/record"
)

// ContentTypePush is the compact form of a push request. Decoding JSON
// cost the server more than merging and saving a push (about 2.5 µs a
// write), so a client sends this form to a server that says it takes it:
// every answer to a push or pull carries "Accept-Post" naming it. The
// writes are grouped by record, as the device queues them, and a stamp's
// device is written only when it changes:
//
//	push:  magic "GATHER-PUSH-1\n" | uvarint n | n bytes JSON header | uvarint groups | groups × group
//	header: a PushRequest without writes
//	group: str kind | str id | uvarint n | n × write
//	write: uvarint step | str field | str value | stamp | stamp base | str staff
//	stamp: varint wall | uvarint counter | uvarint dev [| dev-1 bytes]
//	str:   uvarint length | bytes
//
// A write's seq is the previous write's plus its step (the first write's
// step is its seq), so seqs start at 1 and increase. A dev of 0 is the
// last device named before in the body (none before the first), 1 is no
// device (a write without base), otherwise dev-1 bytes of device follow. The whole body is
// gzip-compressed (Content-Encoding: gzip). Every string is held to the
// limits and rules of the JSON form (Write.ToRecord).
const ContentTypePush = "application/x-gather-push"

// AcceptPost is the header by which a server names the request forms its
// push endpoint takes (RFC 5023's Accept-Post, a list of media types).
const AcceptPost = "Accept-Post"

const pushMagic = "GATHER-PUSH-1\n"

// EncodePush writes a push request whose writes are ws, numbered seqs
// (req.Writes is not read), gzip-compressed in the compact form.
func EncodePush(w io.Writer, req *PushRequest, seqs []uint64, ws []record.Write) error {
	if len(seqs) != len(ws) {
		return errors.New("protocol: a push needs one seq per write")
	}
	hdr := *req
	hdr.Writes = nil
	h, err := json.Marshal(&hdr)
	if err != nil {
		return err
	}
	buf := make([]byte, 0, len(pushMagic)+len(h)+16+len(ws)*48)
	buf = append(buf, pushMagic...)
	buf = binary.AppendUvarint(buf, uint64(len(h)))
	buf = append(buf, h...)
	groups := 0
	for i := range ws {
		if i == 0 || ws[i].Kind != ws[i-1].Kind || ws[i].ID != ws[i-1].ID {
			groups++
		}
	}
	buf = binary.AppendUvarint(buf, uint64(groups))
	var prev uint64
	dev := ""
	for i := 0; i < len(ws); {
		j := i + 1
		for j < len(ws) && ws[j].Kind == ws[i].Kind && ws[j].ID == ws[i].ID {
			j++
		}
		buf = appendStr(buf, string(ws[i].Kind))
		buf = appendStr(buf, ws[i].ID)
		buf = binary.AppendUvarint(buf, uint64(j-i))
		for k := i; k < j; k++ {
			buf = binary.AppendUvarint(buf, seqs[k]-prev)
			prev = seqs[k]
			buf = appendStr(buf, ws[k].Field)
			buf = appendStr(buf, ws[k].Value)
			buf = record.AppendStamp(buf, ws[k].Stamp, &dev)
			buf = record.AppendStamp(buf, ws[k].Base, &dev)
			buf = appendStr(buf, ws[k].Staff)
		}
		i = j
	}
	zw := writers.Get().(*gzip.Writer)
	defer writers.Put(zw)
	zw.Reset(w)
	if _, err := zw.Write(buf); err != nil {
		return err
	}
	return zw.Close()
}

// IsPush reports whether an inflated body is in the compact push form.
func IsPush(b []byte) bool {
	return len(b) >= len(pushMagic) && string(b[:len(pushMagic)]) == pushMagic
}

// DecodePush reads an inflated push body in the compact form: the request
// (Writes left nil) and its writes with their seqs, checked as Validate and
// Write.ToRecord check the JSON form. maxWrites bounds the writes read.
func DecodePush(b []byte, maxWrites int) (*PushRequest, []uint64, []record.Write, error) {
	if !IsPush(b) {
		return nil, nil, nil, errors.New("the body is not a Gather push")
	}
	d := pushDecoder{b: b[len(pushMagic):], names: map[string]string{}}
	h := d.bytes(1 << 16)
	if d.err != nil || !utf8.Valid(h) {
		return nil, nil, nil, fmt.Errorf("the push's header is damaged")
	}
	// Bounded before decoding, as a JSON request is: 64 KiB of "{}," in
	// the writes it may not carry would decode to 21,000 of them first.
	if err := CheckRequest(h); err != nil {
		return nil, nil, nil, fmt.Errorf("the push's header: %w", err)
	}
	var req PushRequest
	if err := json.Unmarshal(h, &req); err != nil {
		return nil, nil, nil, fmt.Errorf("the push's header is not valid JSON: %w", err)
	}
	if len(req.Writes) > 0 {
		return nil, nil, nil, errors.New("the push's header may not carry writes")
	}
	if err := req.Validate(); err != nil {
		return nil, nil, nil, err
	}
	groups := d.uvarint()
	if d.err != nil || groups > uint64(len(d.b)) {
		return nil, nil, nil, errors.New("the push's count of records is damaged")
	}
	// A write takes 25 to 45 bytes here: room for the writes at once saves
	// growing (and copying) the slices.
	room := min(maxWrites, len(d.b)/24+1)
	seqs := make([]uint64, 0, room)
	ws := make([]record.Write, 0, room)
	var seq uint64
	for g := uint64(0); g < groups; g++ {
		kind := d.name(MaxKindBytes, "kind")
		id := d.str(MaxIDBytes, "id", true)
		n := d.uvarint()
		if d.err == nil && (n == 0 || n > uint64(len(d.b))) {
			d.fail("count of writes")
		}
		if d.err == nil && len(ws)+int(n) > maxWrites {
			return nil, nil, nil, fmt.Errorf("%w: a push may carry at most %d writes", ErrTooLarge, maxWrites)
		}
		for i := uint64(0); i < n && d.err == nil; i++ {
			step := d.uvarint()
			if d.err == nil && (step == 0 || step > ^uint64(0)-seq) {
				return nil, nil, nil, fmt.Errorf("write sequences must start at 1 and increase; write %d has step %d after %d", len(ws), step, seq)
			}
			seq += step
			w := record.Write{Kind: record.Kind(kind), ID: id}
			w.Field = d.name(MaxFieldNameBytes, "field name")
			if d.err == nil && w.Field == "" {
				// The JSON form's rule (Write.ToRecord): a field has a name.
				d.err = errors.New("field name must not be empty")
			}
			w.Value = d.str(MaxValueBytes, "value", false)
			w.Stamp = d.stamp(false)
			w.Base = d.stamp(true)
			w.Staff = d.name(MaxStaffBytes, "staff")
			if d.err != nil {
				break
			}
			seqs, ws = append(seqs, seq), append(ws, w)
		}
		if d.err == nil && (kind == "" || id == "") {
			d.err = fmt.Errorf("write %d: kind and id must not be empty", len(ws))
		}
		if d.err != nil {
			return nil, nil, nil, fmt.Errorf("write %d (seq %d): %w", len(ws), seq, d.err)
		}
	}
	if len(d.b) != 0 {
		return nil, nil, nil, fmt.Errorf("the push has %d bytes after its last write", len(d.b))
	}
	return &req, seqs, ws, nil
}

type pushDecoder struct {
	b     []byte
	err   error
	dev   string
	names map[string]string // kinds, field names, staff: each string made once
}

func (d *pushDecoder) fail(what string) {
	if d.err == nil {
		d.err = fmt.Errorf("%s is damaged or out of bounds", what)
	}
	d.b = nil
}

func (d *pushDecoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail("a number")
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *pushDecoder) varint() int64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.fail("a number")
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *pushDecoder) bytes(max int) []byte {
	n := d.uvarint()
	if d.err != nil {
		return nil
	}
	if n > uint64(max) || n > uint64(len(d.b)) {
		d.fail("a string")
		return nil
	}
	s := d.b[:n:n]
	d.b = d.b[n:]
	return s
}

// str reads a string of at most max bytes of UTF-8; name forbids NUL (see
// Write.ToRecord).
func (d *pushDecoder) str(max int, what string, name bool) string {
	b := d.bytes(max)
	if d.err == nil && !validText(b, name) {
		d.err = fmt.Errorf("%s must be at most %d bytes of UTF-8 text%s", what, max, map[bool]string{true: " without NUL"}[name])
	}
	return string(b)
}

// name reads a short name that repeats (a kind, a field name, staff),
// making each distinct one once.
func (d *pushDecoder) name(max int, what string) string {
	b := d.bytes(max)
	if d.err != nil {
		return ""
	}
	if s, ok := d.names[string(b)]; ok {
		return s
	}
	if !validText(b, true) {
		d.err = fmt.Errorf("%s must be at most %d bytes of UTF-8 text without NUL", what, max)
		return ""
	}
	s := string(b)
	if len(d.names) < 4096 {
		d.names[s] = s
	}
	return s
}

func validText(b []byte, name bool) bool {
	if !utf8.Valid(b) {
		return false
	}
	if name {
		for _, c := range b {
			if c == 0 {
				return false
			}
		}
	}
	return true
}

// stamp reads a stamp; base allows the zero stamp (no base).
func (d *pushDecoder) stamp(base bool) hlc.Timestamp {
	wall := d.varint()
	ctr := d.uvarint()
	dev := d.dev
	switch n := d.uvarint(); {
	case d.err != nil:
		return hlc.Timestamp{}
	case n == 0:
		if dev == "" {
			d.fail("a stamp's device")
			return hlc.Timestamp{}
		}
	case n == 1:
		dev = ""
	case n-1 > 2*MaxIDBytes || n-1 > uint64(len(d.b)):
		d.fail("a stamp's device")
		return hlc.Timestamp{}
	default:
		b := d.b[:n-1]
		d.b = d.b[n-1:]
		if !validText(b, true) {
			d.err = errors.New("a stamp's device must be UTF-8 text without NUL")
			return hlc.Timestamp{}
		}
		d.dev = string(b)
		dev = d.dev
	}
	t := hlc.Timestamp{Wall: wall, Counter: uint32(ctr), Device: dev}
	switch {
	case ctr > uint64(hlc.MaxCounter):
		d.err = fmt.Errorf("stamp counter %d is above %d", ctr, hlc.MaxCounter)
	case base && t.IsZero():
	case t.IsZero() || wall < 0 || t.Device == "":
		d.err = fmt.Errorf("stamp %s is not wall.counter@device", t)
	case len(t.Device) > 2*MaxIDBytes-24 && len(t.String()) > 2*MaxIDBytes:
		d.err = errors.New("a stamp is too long") // as its text form is (parseStamp)
	}
	return t
}
