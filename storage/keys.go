package storage

import (
	"bytes"
	"encoding/binary"
	"fmt"

	"github.com/gather-sp/gather/record"
)

// Key layout. Every key starts with one byte naming what it holds:
//
//	'E' kind 0x00 id        entity state: record.AppendEntity encoding
//	'Q' seq(8, big-endian)  outbound queue: one entry per change, the writes
//	                        a save made to one record (record.AppendGroup,
//	                        or one record.AppendWrite in stores from before),
//	                        under its first write's number (see queue.go)
//	'M' name                meta: device id, HLC, queue sequence, sync cursor
//
// Kinds never contain 0x00, so the first 0x00 after 'E' ends the kind. Queue
// sequences are big-endian so Badger's byte order is numeric order.
const (
	prefixEntity byte = 'E'
	prefixQueue  byte = 'Q'
	prefixMeta   byte = 'M'
)

// Key is a parsed key.
type Key struct {
	Prefix byte
	Kind   record.Kind // entity keys
	ID     string      // entity keys
	Seq    uint64      // queue keys
	Name   string      // meta keys
}

func entityKey(kind record.Kind, id string) []byte {
	b := make([]byte, 0, 2+len(kind)+len(id))
	b = append(b, prefixEntity)
	b = append(b, kind...)
	b = append(b, 0)
	return append(b, id...)
}

func queueKey(seq uint64) []byte {
	return binary.BigEndian.AppendUint64([]byte{prefixQueue}, seq)
}

func metaKey(name string) []byte { return append([]byte{prefixMeta}, name...) }

// Bytes builds the key that ParseKey parses into k.
func (k Key) Bytes() []byte {
	switch k.Prefix {
	case prefixEntity:
		return entityKey(k.Kind, k.ID)
	case prefixQueue:
		return queueKey(k.Seq)
	case prefixMeta:
		return metaKey(k.Name)
	}
	return nil
}

// ParseKey inverts the key builders.
func ParseKey(b []byte) (Key, error) {
	if len(b) == 0 {
		return Key{}, fmt.Errorf("storage: empty key")
	}
	k := Key{Prefix: b[0]}
	rest := b[1:]
	switch k.Prefix {
	case prefixEntity:
		i := bytes.IndexByte(rest, 0)
		if i <= 0 {
			return Key{}, fmt.Errorf("storage: entity key %q has no kind", b)
		}
		k.Kind, k.ID = record.Kind(rest[:i]), string(rest[i+1:])
	case prefixQueue:
		if len(rest) != 8 {
			return Key{}, fmt.Errorf("storage: queue key %q is not 8 bytes of sequence", b)
		}
		k.Seq = binary.BigEndian.Uint64(rest)
	case prefixMeta:
		k.Name = string(rest)
	default:
		return Key{}, fmt.Errorf("storage: unknown key prefix %q", b[0])
	}
	return k, nil
}

// parseEntityKey splits an entity key without copying its id. The kind is
// the schema's own string for known kinds, so rows share it.
func parseEntityKey(b []byte) (record.Kind, []byte, error) {
	if len(b) == 0 || b[0] != prefixEntity {
		return "", nil, fmt.Errorf("storage: %q is not an entity key", b)
	}
	rest := b[1:]
	i := bytes.IndexByte(rest, 0)
	if i <= 0 {
		return "", nil, fmt.Errorf("storage: entity key %q has no kind", b)
	}
	kind, ok := knownKinds[string(rest[:i])]
	if !ok {
		kind = record.Kind(rest[:i])
	}
	return kind, rest[i+1:], nil
}

var knownKinds = func() map[string]record.Kind {
	m := map[string]record.Kind{}
	for name := range schemaTables {
		m[name] = record.Kind(name)
	}
	return m
}()
