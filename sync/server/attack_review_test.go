//go:build review

package server_test

// Holes found in the December review, each a failing test: run them with
// `go test -tags review ./sync/server -run TestAttack`. They are kept out
// of the normal run (build tag review) until the holes are fixed.

import (
	"bytes"
	"net/http"
	"runtime"
	"testing"

	"github.com/gather-sp/gather/sync/internal/testenv"
	"github.com/gather-sp/gather/sync/protocol"
	"github.com/gather-sp/gather/sync/server"
)

// TestAttackDeeplyNestedPushCostsGigabytes: any device token (a venue
// tablet's) posts a few KiB of gzip that inflate to a run of '[' followed
// by a surrogate escape. The escape sends the body to invalidText, whose
// token walk keeps a frame per open bracket with no depth limit (and
// json.Decoder.Token keeps one too), so each inflated byte costs ~40 bytes
// and more in slice growth: at the 32 MiB inflated limit that is gigabytes
// for one request, enough to have a small server killed. Refusing it
// should cost about what reading the body does.
func TestAttackDeeplyNestedPushCostsGigabytes(t *testing.T) {
	env := testenv.Start(t, server.Options{})
	v := env.Venue("v1", "Garden")
	tablet, err := env.NewRaw("tablet", protocol.Scope{Venues: []string{v}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	const depth = 2 << 20 // 2 MiB of brackets; the server takes 32 MiB inflated
	body := append(bytes.Repeat([]byte{'['}, depth), []byte(`"\ud800"`)...)
	gz := gzipOf(t, body)
	t.Logf("sent %d bytes of gzip", len(gz))
	for _, path := range []string{protocol.PathPush, protocol.PathPull} {
		t.Run(path, func(t *testing.T) {
			runtime.GC()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			a := serveBearer(env, tablet.Token, path, gz)
			runtime.ReadMemStats(&after)
			if a.status != http.StatusBadRequest {
				t.Errorf("answered %d %+v, want 400", a.status, a.err)
			}
			spent := after.TotalAlloc - before.TotalAlloc
			t.Logf("the server allocated %d MiB to refuse it", spent>>20)
			if limit := uint64(16 * depth); spent > limit {
				t.Errorf("refusing %d KiB of gzip allocated %d MiB (more than %d MiB): nesting depth is unbounded", len(gz)>>10, spent>>20, limit>>20)
			}
		})
	}
}

// TestAttackPushOfEmptyWritesCostsGigabytes: the JSON push is decoded
// whole before its count of writes is checked against MaxPushWrites. Each
// "{}," (3 bytes, compressing to almost nothing) becomes a 120-byte
// protocol.Write, so a few KiB of gzip from any device token that inflate
// to 32 MiB of empty writes make the server build an 11-million-element
// slice (well over a GiB, more in slice growth) only to refuse it as too
// many writes. The count should stop the decoding, not follow it.
func TestAttackPushOfEmptyWritesCostsGigabytes(t *testing.T) {
	env := testenv.Start(t, server.Options{})
	v := env.Venue("v1", "Garden")
	tablet, err := env.NewRaw("tablet", protocol.Scope{Venues: []string{v}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	const inflated = 4 << 20 // of the 32 MiB the server inflates
	var body bytes.Buffer
	body.WriteString(`{"schema":1,"writes":[{}`)
	for body.Len() < inflated-4 {
		body.WriteString(`,{}`)
	}
	body.WriteString(`]}`)
	gz := gzipOf(t, body.Bytes())
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	a := serveBearer(env, tablet.Token, protocol.PathPush, gz)
	runtime.ReadMemStats(&after)
	if a.status != http.StatusRequestEntityTooLarge && a.status != http.StatusBadRequest {
		t.Errorf("answered %d %+v, want a refusal", a.status, a.err)
	}
	spent := after.TotalAlloc - before.TotalAlloc
	t.Logf("sent %d bytes of gzip; the server allocated %d MiB to refuse it (%d)", len(gz), spent>>20, a.status)
	if limit := uint64(16 * inflated); spent > limit {
		t.Errorf("refusing %d KiB of gzip allocated %d MiB (more than %d MiB): writes are counted only after decoding them all", len(gz)>>10, spent>>20, limit>>20)
	}
}
