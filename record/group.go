package record

import (
	"encoding/binary"
	"fmt"

	"github.com/gather-sp/gather/hlc"
)

// A group is several writes to one entity, each with a number (a device
// store queues one change as a group, its writes numbered by its queue
// sequence). Kind and id are written once, and a stamp's device is written
// only when it differs from the previous stamp's in the group, so a mark's
// eight writes take about a third of eight AppendWrite encodings.
//
//	group:  0x02 | str kind | str id | uvarint n | uvarint last | n × gwrite
//	gwrite: uvarint step | str field | str value | gstamp | gstamp base | str staff
//	gstamp: varint wall | uvarint counter | uvarint dev [| dev-1 bytes]
//
// Numbers are given from a base the caller keeps beside the group (the
// queue key): the first write's number is base + its step, each next one
// the previous plus its step (at least 1), and last is the last number
// minus base, so a group's range is known from its header. A dev of 0 is
// the last device named before in the group (none before the first), 1 is
// no device (a write without base), otherwise dev-1 bytes of device follow.
const groupVersion = 2

// AppendGroup appends writes ws, all to one entity (ws[0]'s kind and id)
// and numbered nums (increasing, the first at least base), as a group.
func AppendGroup(dst []byte, base uint64, nums []uint64, ws []Write) []byte {
	if len(ws) == 0 || len(nums) != len(ws) {
		panic("record: AppendGroup needs one number per write, and a write")
	}
	dst = append(dst, groupVersion)
	dst = appendStr(dst, string(ws[0].Kind))
	dst = appendStr(dst, ws[0].ID)
	dst = binary.AppendUvarint(dst, uint64(len(ws)))
	dst = binary.AppendUvarint(dst, nums[len(nums)-1]-base)
	prev, dev := base, ""
	for i, w := range ws {
		dst = binary.AppendUvarint(dst, nums[i]-prev)
		prev = nums[i]
		dst = appendStr(dst, w.Field)
		dst = appendStr(dst, w.Value)
		dst = AppendStamp(dst, w.Stamp, &dev)
		dst = AppendStamp(dst, w.Base, &dev)
		dst = appendStr(dst, w.Staff)
	}
	return dst
}

// AppendStamp appends a stamp in the compact form the queue's groups and the
// compact push share: wall and counter as varints, then the device, written
// only when it differs from *dev (the last one written, which it updates):
// 0 for the same device, 1 for none, else its length plus one and itself.
func AppendStamp(dst []byte, t hlc.Timestamp, dev *string) []byte {
	dst = binary.AppendVarint(dst, t.Wall)
	dst = binary.AppendUvarint(dst, uint64(t.Counter))
	switch t.Device {
	case "":
		return append(dst, 1)
	case *dev:
		return append(dst, 0)
	}
	*dev = t.Device
	dst = binary.AppendUvarint(dst, uint64(len(t.Device))+1)
	return append(dst, t.Device...)
}

// GroupInfo is what a group's header says.
type GroupInfo struct {
	// Record is the encoded kind and id (the bytes after the version byte
	// that name the entity, the same in a group and in AppendWrite's
	// encoding), aliasing the input: a key for counting a record's writes.
	Record []byte
	N      int    // writes in the group
	Last   uint64 // the last write's number
}

// ReadGroupInfo reads the header of a group numbered from base, or of one
// write encoded by AppendWrite (a group of one, numbered base), without
// decoding the writes.
func ReadGroupInfo(b []byte, base uint64) (GroupInfo, error) {
	d := decoder{b: b}
	v := d.byte()
	if v != codecVersion && v != groupVersion {
		return GroupInfo{}, fmt.Errorf("%w: group version %d", ErrCorrupt, v)
	}
	d.bytes()
	d.bytes()
	if d.err != nil {
		return GroupInfo{}, d.err
	}
	info := GroupInfo{Record: b[1 : len(b)-len(d.b)], N: 1, Last: base}
	if v == codecVersion {
		return info, nil
	}
	n, last := d.uvarint(), d.uvarint()
	switch {
	case d.err != nil:
		return GroupInfo{}, d.err
	case n == 0 || n > uint64(len(d.b)) || last > ^uint64(0)-base:
		return GroupInfo{}, fmt.Errorf("%w: a group of %d writes to %d", ErrCorrupt, n, last)
	}
	info.N, info.Last = int(n), base+last
	return info, nil
}

// DecodeGroup calls fn with each write of a group numbered from base (or
// of one AppendWrite encoding, numbered base), in order. The writes share
// their kind and id strings. An error from fn stops it and is returned.
func DecodeGroup(b []byte, base uint64, fn func(num uint64, w Write) error) error {
	if len(b) > 0 && b[0] == codecVersion {
		w, err := DecodeWrite(b)
		if err != nil {
			return err
		}
		return fn(base, w)
	}
	d := decoder{b: b}
	if v := d.byte(); v != groupVersion {
		return fmt.Errorf("%w: group version %d", ErrCorrupt, v)
	}
	kind, id := Kind(d.str()), d.str()
	n, last := d.uvarint(), d.uvarint()
	if d.err == nil && (n == 0 || n > uint64(len(d.b))) {
		d.fail("write count")
	}
	num, dev := base, ""
	for i := uint64(0); i < n && d.err == nil; i++ {
		step := d.uvarint()
		if (i > 0 && step == 0) || step > ^uint64(0)-num {
			d.fail("write number")
			break
		}
		num += step
		w := Write{Kind: kind, ID: id}
		w.Field = d.str()
		w.Value = d.str()
		w.Stamp = d.groupStamp(&dev)
		w.Base = d.groupStamp(&dev)
		w.Staff = d.str()
		if d.err != nil {
			break
		}
		if err := fn(num, w); err != nil {
			return err
		}
	}
	if d.err == nil && num != base+last {
		d.fail("last number")
	}
	if d.err == nil && len(d.b) != 0 {
		d.err = fmt.Errorf("%w: %d trailing bytes", ErrCorrupt, len(d.b))
	}
	return d.err
}

func (d *decoder) groupStamp(dev *string) hlc.Timestamp {
	wall := d.varint()
	ctr := d.uvarint()
	if ctr > 1<<32-1 {
		d.fail("counter")
	}
	device := *dev
	switch n := d.uvarint(); {
	case d.err != nil:
	case n == 0:
		if device == "" {
			d.fail("device")
		}
	case n == 1:
		device = ""
	case n-1 > maxString || n-1 > uint64(len(d.b)):
		d.fail("device")
	default:
		*dev = string(d.b[:n-1])
		device = *dev
		d.b = d.b[n-1:]
	}
	return hlc.Timestamp{Wall: wall, Counter: uint32(ctr), Device: device}
}
