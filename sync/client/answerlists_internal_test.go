package client

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"runtime"
	"strings"
	"testing"

	"github.com/klauspost/compress/gzip"

	"github.com/gather-sp/gather/sync/protocol"
)

// TestAServersListsAreBoundedBeforeDecoding: a hostile server (or a proxy
// answering for it) that answers a pull with a million records in a few
// MiB (empty records cost it three bytes each, and gzip makes the answer
// a few KiB on the wire) is refused in words before the device makes room
// for them: each would take a record's worth of memory, so a page the
// size answers may be would have a tablet allocate gigabytes and the app
// die at every sync. No honest answer holds a longer list than a pull
// page's records (protocol.MaxPullEntities) or a push answer's refusals of
// a compact push's writes (protocol.MaxCompactPushWrites); those are taken.
func TestAServersListsAreBoundedBeforeDecoding(t *testing.T) {
	const hostile = 1_000_000 // records, in 3 MB
	gzipped := func(raw []byte) []byte {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		zw.Write(raw)
		zw.Close()
		return buf.Bytes()
	}
	// page is a pull answer in the compact form holding n empty records
	// (protocol.EncodePage's layout, which cannot write empty ones).
	page := func(n int) []byte {
		h := []byte(`{"schema":1,"epoch":"e1"}`)
		b := append([]byte("GATHER-PAGE-1\n"), binary.AppendUvarint(nil, uint64(len(h)))...)
		b = append(b, h...)
		b = binary.AppendUvarint(b, uint64(n))
		return append(b, make([]byte, 3*n)...)
	}
	// inHeader is a compact page holding no records, whose JSON header
	// holds n empty ones (a header is a page without its records).
	inHeader := func(n int) []byte {
		h := []byte(`{"schema":1,"epoch":"e1","entities":[` + strings.TrimSuffix(strings.Repeat("{},", n), ",") + `]}`)
		b := append([]byte("GATHER-PAGE-1\n"), binary.AppendUvarint(nil, uint64(len(h)))...)
		b = append(b, h...)
		return binary.AppendUvarint(b, 0)
	}
	// listed is a pull answer as JSON holding n empty records.
	listed := func(n int) []byte {
		return []byte(`{"schema":1,"epoch":"e1","entities":[` + strings.TrimSuffix(strings.Repeat("{},", n), ",") + `]}`)
	}
	answer := func(body []byte, contentType string) *http.Response {
		h := http.Header{}
		h.Set("Content-Encoding", "gzip")
		h.Set("Content-Type", contentType)
		return &http.Response{StatusCode: http.StatusOK, Header: h, Body: io.NopCloser(bytes.NewReader(gzipped(body)))}
	}
	for _, tc := range []struct {
		name        string
		body        func(n int) []byte
		contentType string
		records     bool // an honest page of the most records is read
	}{
		{"a compact page", page, protocol.ContentTypePage, true},
		{"a page as JSON", listed, protocol.ContentType, true},
		{"a compact page's header", inHeader, protocol.ContentTypePage, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body := tc.body(hostile)
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			var resp protocol.PullResponse
			err := decodeAnswer(answer(body, tc.contentType), &resp)
			runtime.ReadMemStats(&after)
			if !errors.Is(err, protocol.ErrAnswerTooLarge) {
				t.Errorf("an answer of %d records was read: %v (%d records)", hostile, err, len(resp.Entities))
			}
			// The answer is inflated once (3 MB) and looked at; a record
			// each would be 56 MB and more.
			if got := after.TotalAlloc - before.TotalAlloc; got > 6*uint64(len(body)) {
				t.Errorf("reading an answer of %d bytes allocated %d MB", len(body), got>>20)
			}
			if !tc.records {
				return
			}
			resp = protocol.PullResponse{}
			if err := decodeAnswer(answer(tc.body(protocol.MaxPullEntities), tc.contentType), &resp); err != nil || len(resp.Entities) != protocol.MaxPullEntities {
				t.Errorf("a page of %d records, as many as a page holds, was not read: %v (%d)", protocol.MaxPullEntities, err, len(resp.Entities))
			}
		})
	}
	t.Run("a push answer refusing every write of a compact push", func(t *testing.T) {
		pr := protocol.PushResponse{Schema: protocol.Schema, Epoch: "e1"}
		for i := range protocol.MaxCompactPushWrites {
			pr.Refused = append(pr.Refused, protocol.RefusedWrite{Seq: uint64(i + 1), Code: protocol.CodeOutOfScope, Message: "not here"})
		}
		body, err := json.Marshal(&pr)
		if err != nil {
			t.Fatal(err)
		}
		var got protocol.PushResponse
		if err := decodeAnswer(answer(body, protocol.ContentType), &got); err != nil || len(got.Refused) != len(pr.Refused) {
			t.Errorf("an honest push answer was not read: %v (%d refusals)", err, len(got.Refused))
		}
	})
}
