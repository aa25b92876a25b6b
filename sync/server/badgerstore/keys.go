package badgerstore

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/server"
)

// Key layout, one-byte prefix then:
//
//	'E' kind 0x00 id          -> seq (8 bytes BE) | entity state (record codec)
//	'L' seq (8 bytes BE)      -> log entry (see appendLogEntry)
//	'P' person 0x00 venue     -> empty: the person has an enrolment or mark at venue
//	'D' device id             -> device JSON
//	'T' sha256(token)         -> device id
//	'C' sha256(code)          -> enrolment code JSON
//	'M' name                  -> server meta (epoch, seq)
//	'I' venue 0x00 seq        -> empty: log entry seq reaches venue ("" = every venue)
//	'N' device 0x00 kind      -> day (8 bytes BE) | n (8 bytes BE): new records a venue device made that day
const (
	prefixEntity = 'E'
	prefixLog    = 'L'
	prefixLink   = 'P'
	prefixDevice = 'D'
	prefixToken  = 'T'
	prefixCode   = 'C'
	prefixMeta   = 'M'
	prefixIndex  = 'I'
	prefixNew    = 'N'
)

// indexPrefix is the start of a venue's partition of the log index.
func indexPrefix(venue string) []byte {
	k := make([]byte, 0, len(venue)+2)
	k = append(k, prefixIndex)
	k = append(k, venue...)
	return append(k, 0)
}

func indexKey(venue string, seq uint64) []byte { return appendSeq(indexPrefix(venue), seq) }

// linkPrefix is the start of a person's venue links.
func linkPrefix(person string) []byte {
	return append(append([]byte{prefixLink}, person...), 0)
}

func entityKey(kind record.Kind, id string) []byte {
	k := make([]byte, 0, 2+len(kind)+len(id))
	k = append(k, prefixEntity)
	k = append(k, kind...)
	k = append(k, 0)
	return append(k, id...)
}

func logKey(seq uint64) []byte {
	return binary.BigEndian.AppendUint64([]byte{prefixLog}, seq)
}

func linkKey(person, venue string) []byte {
	k := append([]byte{prefixLink}, person...)
	k = append(k, 0)
	return append(k, venue...)
}

func newRecordsKey(device string, kind record.Kind) []byte {
	k := append([]byte{prefixNew}, device...)
	k = append(k, 0)
	return append(k, kind...)
}

func deviceKey(id string) []byte          { return append([]byte{prefixDevice}, id...) }
func tokenKey(hash []byte) []byte         { return append([]byte{prefixToken}, hash...) }
func codeKey(hash []byte) []byte          { return append([]byte{prefixCode}, hash...) }
func metaKey(name string) []byte          { return append([]byte{prefixMeta}, name...) }
func seqFromLogKey(k []byte) uint64       { return binary.BigEndian.Uint64(k[1:]) }
func isLogKey(k []byte) bool              { return len(k) == 9 && k[0] == prefixLog }
func appendSeq(b []byte, s uint64) []byte { return binary.BigEndian.AppendUint64(b, s) }

// appendLogEntry encodes: audience byte | str kind | str id | str venue |
// [str origin] | state. An entry with an origin (no echo, see
// server.LogEntry) sets the audience byte's high bit (hasOrigin); entries
// written before there were origins never do.
func appendLogEntry(dst []byte, e server.LogEntry) []byte {
	a := byte(e.Audience)
	if e.Origin != "" {
		a |= hasOrigin
	}
	dst = append(dst, a)
	for _, s := range []string{string(e.Kind), e.ID, e.Venue} {
		dst = binary.AppendUvarint(dst, uint64(len(s)))
		dst = append(dst, s...)
	}
	if e.Origin != "" {
		dst = binary.AppendUvarint(dst, uint64(len(e.Origin)))
		dst = append(dst, e.Origin...)
	}
	return append(dst, e.State...)
}

// hasOrigin is the audience byte's flag for an entry with an origin.
const hasOrigin = 0x80

var errBadLogEntry = errors.New("server: damaged log entry")

// parseLogEntry decodes a log entry; state aliases b.
func parseLogEntry(b []byte) (server.LogEntry, error) {
	if len(b) < 1 {
		return server.LogEntry{}, errBadLogEntry
	}
	e := server.LogEntry{Audience: server.Audience(b[0] &^ hasOrigin)}
	n := 3
	if b[0]&hasOrigin != 0 {
		n = 4
	}
	b = b[1:]
	var parts [4]string
	for i := range n {
		n, w := binary.Uvarint(b)
		if w <= 0 || n > uint64(len(b)-w) {
			return server.LogEntry{}, fmt.Errorf("%w: bad string %d", errBadLogEntry, i)
		}
		parts[i] = string(b[w : w+int(n)])
		b = b[w+int(n):]
	}
	e.Kind, e.ID, e.Venue, e.Origin, e.State = record.Kind(parts[0]), parts[1], parts[2], parts[3], b
	return e, nil
}
