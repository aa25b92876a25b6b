package server_test

import (
	"bytes"
	"fmt"
	"net/http"
	"runtime"
	"strings"
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/internal/testenv"
	"github.com/gather-sp/gather/sync/protocol"
	"github.com/gather-sp/gather/sync/server"
)

// Holes the December review found in decoding a request's JSON: a few KiB
// of gzip from any device token must not cost the server more than
// reading the body does.

// allocatedBy returns how many bytes the whole process allocated while
// serve ran (the server runs in this process).
func allocatedBy(serve func() answer) (answer, uint64) {
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	a := serve()
	runtime.ReadMemStats(&after)
	return a, after.TotalAlloc - before.TotalAlloc
}

// TestAttackDeeplyNestedPushCostsGigabytes: any device token (a venue
// tablet's) posts a few KiB of gzip that inflate to a run of '[' followed
// by a surrogate escape. The escape sent the body to the check for garbled
// text, whose token walk kept a frame per open bracket with no depth limit
// (and json.Decoder.Token one more): about 490 MiB for 2 KiB of gzip, and
// gigabytes at the 32 MiB inflated limit. The server now refuses a body
// nested deeper than protocol.MaxDepth before anything walks it.
func TestAttackDeeplyNestedPushCostsGigabytes(t *testing.T) {
	env := testenv.Start(t, server.Options{})
	v := env.Venue("v1", "Garden")
	tablet, err := env.NewRaw("tablet", protocol.Scope{Venues: []string{v}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	const depth = 2 << 20 // 2 MiB of brackets; the server takes 32 MiB inflated
	bodies := map[string][]byte{
		"lists":   append(bytes.Repeat([]byte{'['}, depth), []byte(`"\ud800"`)...),
		"objects": append(bytes.Repeat([]byte(`{"a":`), depth/5), []byte(`"\ud800"`)...),
	}
	for name, body := range bodies {
		gz := gzipOf(t, body)
		for _, path := range []string{protocol.PathPush, protocol.PathPull} {
			t.Run(name+path, func(t *testing.T) {
				a, spent := allocatedBy(func() answer { return serveBearer(env, tablet.Token, path, gz) })
				t.Logf("refusing %d bytes of gzip allocated %d MiB", len(gz), spent>>20)
				if a.status != http.StatusBadRequest || a.err.Code != protocol.CodeBadRequest || !strings.Contains(a.err.Message, fmt.Sprint("more than ", protocol.MaxDepth, " deep")) {
					t.Errorf("answered %d %+v, want 400 bad_request saying how deep requests may nest", a.status, a.err)
				}
				// Before the fix: about 490 MiB.
				if limit := uint64(16 * depth); spent > limit {
					t.Errorf("refusing %d KiB of gzip allocated %d MiB (more than %d MiB): nesting depth is unbounded", len(gz)>>10, spent>>20, limit>>20)
				}
			})
		}
	}
}

// TestAttackPushOfEmptyWritesCostsGigabytes: the JSON push was decoded
// whole before its count of writes was checked against MaxPushWrites.
// Each "{}," (3 bytes, compressing to almost nothing) becomes a 120-byte
// protocol.Write, so 4 KiB of gzip inflating to 4 MiB of empty writes cost
// the server 849 MiB only to refuse them as too many (gigabytes at the 32
// MiB inflated limit). The server now counts a request's list items before
// decoding it; a push of the most writes still goes through.
func TestAttackPushOfEmptyWritesCostsGigabytes(t *testing.T) {
	env := testenv.Start(t, server.Options{})
	v := env.Venue("v1", "Garden")
	tablet, err := env.NewRaw("tablet", protocol.Scope{Venues: []string{v}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	const inflated = 4 << 20 // of the 32 MiB the server inflates
	for _, item := range []string{"{}", "null", "0"} {
		t.Run(item, func(t *testing.T) {
			var body bytes.Buffer
			body.WriteString(`{"schema":1,"writes":[` + item)
			for body.Len() < inflated-4 {
				body.WriteString("," + item)
			}
			body.WriteString(`]}`)
			gz := gzipOf(t, body.Bytes())
			a, spent := allocatedBy(func() answer { return serveBearer(env, tablet.Token, protocol.PathPush, gz) })
			t.Logf("refusing %d bytes of gzip allocated %d MiB", len(gz), spent>>20)
			if a.status != http.StatusRequestEntityTooLarge || a.err.Code != protocol.CodeTooLarge ||
				!strings.Contains(a.err.Message, fmt.Sprint("at most ", protocol.MaxPushWrites, " writes")) || !strings.Contains(a.err.Message, "send smaller batches") {
				t.Errorf("answered %d %+v, want 413 too_large saying how many writes a push may carry", a.status, a.err)
			}
			// Before the fix: about 850 MiB for "{}".
			if limit := uint64(16 * inflated); spent > limit {
				t.Errorf("refusing %d KiB of gzip allocated %d MiB (more than %d MiB): writes are counted only after decoding them all", len(gz)>>10, spent>>20, limit>>20)
			}
		})
	}
	t.Run("the most writes", func(t *testing.T) {
		office, err := env.NewRaw("office", protocol.Scope{Organisation: true}, nil)
		if err != nil {
			t.Fatal(err)
		}
		ws := make([]record.Write, protocol.MaxPushWrites)
		for i := range ws {
			ws[i] = record.Write{Kind: domain.KindPerson, ID: fmt.Sprint("p", i), Field: "given_name", Value: "Ann", Stamp: office.Clock.Now(), Staff: "sam"}
		}
		if err := office.Push(ws, len(ws)); err != nil {
			t.Errorf("a push of %d writes as JSON was refused: %v", len(ws), err)
		}
	})
}
