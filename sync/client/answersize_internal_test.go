package client

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/klauspost/compress/gzip"

	"github.com/gather-sp/gather/sync/protocol"
)

// TestAnHonestServersLargestAnswersAreRead: the bound on a server's answer
// (protocol.MaxAnswerBytes) is for a hostile server's hundreds of MiB,
// never for Gather's own server. Its largest answers, built at the limits
// the server holds them to, are read whole: a pull page (or records asked
// for by name, which come as one) of the most records a page holds, each
// with the longest kind and id, all of whose bytes JSON escapes to six,
// and states filling the rest of the page's bytes (protocol.MaxPageBytes
// of Entity.PageBytes, as the server counts them); a page of one record
// as big as a page; a push answer refusing every write of a compact push
// in an honest refusal's longest words; an enrolment for as many venues
// as a request may name.
func TestAnHonestServersLargestAnswersAreRead(t *testing.T) {
	longest := func(n int) string { return strings.Repeat("<", n) } // each byte "\u003c" in JSON
	fullPage := func() *protocol.PullResponse {
		p := &protocol.PullResponse{Schema: protocol.Schema, Epoch: longest(protocol.MaxIDBytes), Organisation: longest(protocol.MaxIDBytes),
			Next: 1 << 62, Head: 1 << 62, More: true, ServerTime: 1 << 50}
		bytes := 0
		for range protocol.MaxPullEntities {
			p.Entities = append(p.Entities, protocol.Entity{Kind: longest(protocol.MaxKindBytes), ID: longest(protocol.MaxIDBytes)})
			bytes += p.Entities[len(p.Entities)-1].PageBytes()
		}
		each := (protocol.MaxPageBytes - bytes) / protocol.MaxPullEntities
		for i := range p.Entities {
			p.Entities[i].State = make([]byte, each)
			rand.Read(p.Entities[i].State) // as gzip finds them: not at all compressible
		}
		return p
	}
	bigRecord := &protocol.PullResponse{Schema: protocol.Schema, Epoch: "e1",
		Entities: []protocol.Entity{{Kind: "person", ID: "p1", State: make([]byte, protocol.MaxPageBytes)}}}
	rand.Read(bigRecord.Entities[0].State)
	refusals := &protocol.PushResponse{Schema: protocol.Schema, Epoch: "e1"}
	for i := range protocol.MaxCompactPushWrites {
		// TestServerWordsKeepAnHonestServersWords: about 1,400 characters.
		refusals.Refused = append(refusals.Refused, protocol.RefusedWrite{Seq: uint64(i + 1), Code: protocol.CodeOutOfScope, Message: strings.Repeat("w", 1400)})
	}
	enrolled := &protocol.EnrolResponse{Schema: protocol.Schema, Token: "t", DeviceID: "d", Epoch: "e1"}
	for range protocol.MaxRequestListItems {
		enrolled.Scope.Venues = append(enrolled.Scope.Venues, longest(protocol.MaxIDBytes))
	}
	page := fullPage()
	for _, tc := range []struct {
		name    string
		answer  any
		compact bool
		read    func() any
	}{
		{"the fullest page as JSON", page, false, func() any { return new(protocol.PullResponse) }},
		{"the fullest page, compact", page, true, func() any { return new(protocol.PullResponse) }},
		{"a page of one record as big as a page", bigRecord, false, func() any { return new(protocol.PullResponse) }},
		{"a push answer refusing every write of a compact push", refusals, false, func() any { return new(protocol.PushResponse) }},
		{"an enrolment for the most venues", enrolled, false, func() any { return new(protocol.EnrolResponse) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			contentType := protocol.ContentType
			if tc.compact {
				contentType = protocol.ContentTypePage
				if err := protocol.EncodePage(&buf, tc.answer.(*protocol.PullResponse)); err != nil {
					t.Fatal(err)
				}
			} else if err := protocol.EncodeTo(&buf, tc.answer); err != nil {
				t.Fatal(err)
			}
			zr, err := gzip.NewReader(bytes.NewReader(buf.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			inflated, _ := io.Copy(io.Discard, zr)
			t.Logf("%.1f MiB inflated, %.1f MiB on the wire; the bound is %.1f MiB", float64(inflated)/(1<<20), float64(buf.Len())/(1<<20), float64(protocol.MaxAnswerBytes)/(1<<20))
			h := http.Header{}
			h.Set("Content-Encoding", "gzip")
			h.Set("Content-Type", contentType)
			out := tc.read()
			if err := decodeAnswer(&http.Response{StatusCode: http.StatusOK, Header: h, Body: io.NopCloser(&buf)}, out); err != nil {
				t.Errorf("an honest server's answer was not read: %v", err)
			}
		})
	}
}

// TestAServersAnswerPastTheBoundIsNotReadWhole: a hostile server (or a
// proxy answering for it) that answers with more than any Gather server
// sends (protocol.MaxAnswerBytes), as a body or as gzip inflating to it
// (a few hundred KiB on the wire), is refused in words once the device
// has read past the bound: it does not read, inflate or hold the rest,
// which at every sync would take a tablet hundreds of MiB (256 MiB
// were read, then as much inflated, before).
func TestAServersAnswerPastTheBoundIsNotReadWhole(t *testing.T) {
	const hostile = 2 * protocol.MaxAnswerBytes
	const bound = protocol.MaxAnswerBytes
	// stream is a JSON answer of about hostile bytes: one long string.
	stream := func(w io.Writer) (int64, error) {
		n, err := io.WriteString(w, `{"schema":1,"epoch":"`)
		total := int64(n)
		chunk := bytes.Repeat([]byte("a"), 64<<10)
		for total < hostile && err == nil {
			n, err = w.Write(chunk)
			total += int64(n)
		}
		if err == nil {
			n, err = io.WriteString(w, `"}`)
			total += int64(n)
		}
		return total, err
	}
	// compact is a page whose one record's state is about hostile bytes.
	compact := func(w io.Writer) (int64, error) {
		h := []byte(`{"schema":1,"epoch":"e1"}`)
		b := append([]byte("GATHER-PAGE-1\n"), binary.AppendUvarint(nil, uint64(len(h)))...)
		b = append(b, h...)
		b = binary.AppendUvarint(b, 1)
		b = append(b, "\x06person\x02p1"...)
		b = binary.AppendUvarint(b, uint64(hostile))
		n, err := w.Write(b)
		total := int64(n)
		chunk := make([]byte, 64<<10)
		for state := int64(0); state < hostile && err == nil; state += int64(n) {
			n, err = w.Write(chunk[:min(int64(len(chunk)), hostile-state)])
			total += int64(n)
		}
		return total, err
	}
	for _, tc := range []struct {
		name        string
		body        func(io.Writer) (int64, error)
		gzipped     bool
		contentType string
		status      int
	}{
		{"an answer", stream, false, protocol.ContentType, http.StatusOK},
		{"gzip inflating past the bound", stream, true, protocol.ContentType, http.StatusOK},
		{"a compact page", compact, false, protocol.ContentTypePage, http.StatusOK},
		{"a compact page in gzip inflating past the bound", compact, true, protocol.ContentTypePage, http.StatusOK},
		{"a refusal", stream, false, protocol.ContentType, http.StatusBadRequest},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var written atomic.Int64
			done := make(chan struct{})
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				defer close(done)
				w.Header().Set("Content-Type", tc.contentType)
				if !tc.gzipped {
					w.WriteHeader(tc.status)
					n, _ := tc.body(w)
					written.Store(n)
					return
				}
				w.Header().Set("Content-Encoding", "gzip")
				w.WriteHeader(tc.status)
				cw := &counted{w: w}
				zw, _ := gzip.NewWriterLevel(cw, gzip.BestSpeed)
				tc.body(zw)
				zw.Close()
				written.Store(cw.n)
			}))
			defer srv.Close()
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			var resp protocol.PullResponse
			_, err := sendBody(context.Background(), srv.Client(), http.MethodPost, srv.URL, "", protocol.PathPull, protocol.ContentType, nil, &resp)
			runtime.ReadMemStats(&after)
			<-done
			alloc := after.TotalAlloc - before.TotalAlloc
			t.Logf("the server wrote %.1f MiB; the device allocated %.1f MiB", float64(written.Load())/(1<<20), float64(alloc)/(1<<20))
			var herr *httpError
			switch {
			case tc.status != http.StatusOK && !errors.As(err, &herr):
				t.Errorf("a refusal past its bound was read as %v", err)
			case tc.status == http.StatusOK && !errors.Is(err, protocol.ErrAnswerTooLarge):
				t.Errorf("an answer of %d MiB was read: %v", hostile>>20, err)
			}
			// The device stops reading past the bound; what the server
			// wrote beyond it waits in the connection's buffers.
			if !tc.gzipped && written.Load() > bound+16<<20 {
				t.Errorf("the server wrote %d MiB of an answer past the bound before the device stopped reading", written.Load()>>20)
			}
			// Reading grows its buffer by a quarter at a time, so what it
			// allocates sums to about four times what it read (the garbage
			// collector takes the smaller buffers back as it goes); before,
			// an answer of 146 MiB took 1.4 GB, and 256 MiB were read.
			if alloc > 5*uint64(bound) {
				t.Errorf("reading an answer past the bound allocated %d MiB", alloc>>20)
			}
		})
	}
}

// counted counts the bytes written through it.
type counted struct {
	w io.Writer
	n int64
}

func (c *counted) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
