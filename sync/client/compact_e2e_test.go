package client_test

import (
	"bytes"
	"io"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/sync/client"
	"github.com/gather-sp/gather/sync/internal/testenv"
	"github.com/gather-sp/gather/sync/protocol"
)

// oldServer makes the server look like one from before the compact push
// form while old is set: its answers do not name the form, and a push in
// it is refused as malformed, as a server reading it as JSON refuses it.
type oldServer struct {
	old            atomic.Bool
	compact, plain atomic.Int64 // pushes sent in each form
}

func (o *oldServer) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Path == protocol.PathPush {
		if req.Header.Get("Content-Type") == protocol.ContentTypePush {
			o.compact.Add(1)
			if o.old.Load() {
				body, _ := protocol.Encode(&protocol.Error{Code: protocol.CodeBadRequest, Message: "the body is not valid JSON for this request"})
				h := http.Header{}
				protocol.SetHeaders(h)
				return &http.Response{StatusCode: http.StatusBadRequest, Header: h, Body: io.NopCloser(bytes.NewReader(body)), Request: req}, nil
			}
		} else {
			o.plain.Add(1)
		}
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err == nil && o.old.Load() {
		resp.Header.Del(protocol.AcceptPost)
	}
	return resp, err
}

// A client sends pushes in the compact form once the server has said it
// takes it, and JSON again to a server that turns out not to (put back to
// an older version meanwhile), losing nothing either way.
func TestCompactPushAndFallBack(t *testing.T) {
	w := newWorld(t)
	o := &oldServer{}
	tablet := w.env.NewDevice("tablet", protocol.Scope{Venues: []string{w.v1}}, client.Options{HTTPClient: testenv.HTTPClient(o)}, nil)
	tablet.Sync() // learns the form from this sync's answers
	mark(tablet, w.act1, w.v1, "2026-11-20", "ann", domain.StatusPresent)
	tablet.Sync()
	if o.compact.Load() == 0 {
		t.Fatalf("no push was sent in the compact form (%d as JSON)", o.plain.Load())
	}
	// The server is put back to an older version: the next push in the
	// compact form is refused, and the batch goes again as JSON.
	o.old.Store(true)
	compact, plain := o.compact.Load(), o.plain.Load()
	id := mark(tablet, w.act1, w.v1, "2026-11-21", "bob", domain.StatusLate)
	tablet.Sync()
	if got := o.compact.Load() - compact; got != 1 {
		t.Errorf("%d compact pushes to the older server, want the one that told", got)
	}
	if o.plain.Load() == plain || tablet.Store.PendingCount() != 0 {
		t.Fatalf("the batch was not sent again as JSON (%d still queued)", tablet.Store.PendingCount())
	}
	if e, _ := w.env.Store.Entity(domain.KindAttendance, id); e.Get("status") != domain.StatusLate {
		t.Fatal("the mark did not reach the server")
	}
	// And it stays with JSON while the server does not name the form.
	compact = o.compact.Load()
	mark(tablet, w.act1, w.v1, "2026-11-22", "ann", domain.StatusPresent)
	tablet.Sync()
	if o.compact.Load() != compact {
		t.Error("the client went back to the compact form with a server that does not take it")
	}
}
