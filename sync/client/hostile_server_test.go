package client_test

// A buggy or hostile server (or a proxy answering for it) must never make
// a device drop a change it did not send: nothing a person saved may be
// lost. Found by the December attack review.

import (
	"bytes"
	"context"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/client"
	"github.com/gather-sp/gather/sync/internal/testenv"
	"github.com/gather-sp/gather/sync/protocol"
	"github.com/gather-sp/gather/sync/server"
)

// pushForms are the two forms a push goes in: JSON to a server that does
// not name the compact form in its answers, compact to one that does.
var pushForms = []struct {
	name  string
	plain bool // hide the compact form from the device
}{{"json", true}, {"compact", false}}

// hostile passes requests to the server and lets a test change or replace
// its answers to pushes. With plain, answers do not name the compact push
// form, so the device pushes JSON.
type hostile struct {
	plain bool
	// answer, if set, answers push number n (from 1) in place of the
	// server, or returns nil to let it through.
	answer func(n int32, req *http.Request) *http.Response
	// change, if set, changes the server's answer to push number n.
	change func(n int32, pr *protocol.PushResponse)
	pushes atomic.Int32
	forms  [2]atomic.Int32 // pushes sent as JSON, in the compact form
	// pull, if set, answers pull number n (from 1) in place of the server,
	// or returns nil to let it through.
	pull  func(n int32, req *http.Request) *http.Response
	pulls atomic.Int32
}

func (h *hostile) RoundTrip(req *http.Request) (*http.Response, error) {
	var n int32
	if req.URL.Path == protocol.PathPush {
		n = h.pushes.Add(1)
		if req.Header.Get("Content-Type") == protocol.ContentTypePush {
			h.forms[1].Add(1)
		} else {
			h.forms[0].Add(1)
		}
		if h.answer != nil {
			if resp := h.answer(n, req); resp != nil {
				return resp, nil
			}
		}
	}
	if req.URL.Path == protocol.PathPull {
		n := h.pulls.Add(1)
		if err := req.Context().Err(); err != nil {
			return nil, err // as a real connection does
		}
		if h.pull != nil {
			if resp := h.pull(n, req); resp != nil {
				return resp, nil
			}
		}
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	if h.plain {
		resp.Header.Del(protocol.AcceptPost)
	}
	if n == 0 || h.change == nil || resp.StatusCode != http.StatusOK {
		return resp, nil
	}
	raw, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	var pr protocol.PushResponse
	if err := protocol.DecodeBytes(raw, resp.Header.Get("Content-Encoding") == "gzip", 64<<20, &pr); err != nil {
		return nil, err
	}
	h.change(n, &pr)
	body, err := protocol.Encode(&pr)
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	resp.ContentLength = int64(len(body))
	resp.Header.Set("Content-Length", strconv.Itoa(len(body)))
	resp.Header.Set("Content-Encoding", "gzip")
	return resp, nil
}

// checkForm fails unless the device pushed in the form the case is about.
func (h *hostile) checkForm(t *testing.T) {
	t.Helper()
	json, compact := h.forms[0].Load(), h.forms[1].Load()
	if h.plain && compact > 0 || !h.plain && json > 0 {
		t.Errorf("pushes sent %d as JSON and %d compact; the case is about one form", json, compact)
	}
}

// refusal is a refusal answer with perr, as the server sends it.
func (h *hostile) refusal(t *testing.T, req *http.Request, status int, perr *protocol.Error) *http.Response {
	body, err := protocol.Encode(perr)
	if err != nil {
		t.Error(err)
	}
	hd := http.Header{}
	protocol.SetHeaders(hd)
	hd.Set("Content-Encoding", "gzip")
	if !h.plain {
		hd.Set(protocol.AcceptPost, protocol.ContentTypePush+", "+protocol.ContentType)
	}
	return &http.Response{StatusCode: status, Header: hd, Body: io.NopCloser(bytes.NewReader(body)),
		ContentLength: int64(len(body)), Request: req}
}

// syncFailsInWords runs one sync on d that must fail and say so in the
// status in words, keeping the changes.
func syncFailsInWords(t *testing.T, d *testenv.Device) {
	t.Helper()
	err := d.Client.SyncOnce(context.Background())
	if err == nil {
		t.Error("the sync took a server's impossible answer without a word")
	}
	st := d.Client.Status()
	if st.State != client.StateError || !strings.Contains(st.Err, "never should") || !strings.Contains(st.Err, "sent again") {
		t.Errorf("status %q: %q, want an error that says the server answered wrongly and the changes wait", st.State, st.Err)
	}
}

// A server that acknowledges past the batch the device sent (a bug, a
// proxy replaying an answer, a hostile server) must not make the device
// drop a change saved while the push was on its way: it was never sent.
// The device takes the acknowledgement of its batch only, and the sync
// says the server answered wrongly.
func TestAServerThatAcknowledgesPastThePushDropsNothingUnsent(t *testing.T) {
	for _, form := range pushForms {
		t.Run(form.name, func(t *testing.T) {
			env := testenv.Start(t, server.Options{})
			v := env.Venue("v1", "Garden")
			office := env.NewDevice("office", protocol.Scope{Organisation: true}, client.Options{}, nil)
			office.Save(domain.KindActivity, "garden-club", map[string]string{"name": "Garden club", "venue_id": v})
			office.Sync()

			h := &hostile{plain: form.plain}
			tablet := env.NewDevice("tablet", protocol.Scope{Venues: []string{v}}, client.Options{HTTPClient: testenv.HTTPClient(h)}, nil)
			tablet.Sync() // learns the push form
			tablet.Save(domain.KindPerson, "ann", map[string]string{"given_name": "Ann", "family_name": "Walker"})
			h.change = func(n int32, pr *protocol.PushResponse) {
				if n != 1 {
					return
				}
				// Saved after the server answered, before the device reads it.
				if err := tablet.Store.Save("tester", record.Change{Kind: domain.KindPerson, ID: "bob",
					Fields: map[string]string{"given_name": "Bob", "family_name": "Hale"}}); err != nil {
					t.Errorf("save during the push: %v", err)
				}
				pr.AckedSeq += 50
			}
			syncFailsInWords(t, tablet)
			if n := tablet.Store.PendingCount(); n != 2 {
				t.Errorf("%d changes waiting after the answer, want Bob's 2 fields", n)
			}
			tablet.Sync()
			h.checkForm(t)
			office.Sync()
			if !office.Has(domain.KindPerson, "ann") {
				t.Fatal("the change in the batch did not reach the server")
			}
			if !office.Has(domain.KindPerson, "bob") {
				t.Errorf("Bob, saved on the tablet while a push was on its way, never reached the server: the tablet took an acknowledgement past the batch it sent and dropped him unsent")
			}
		})
	}
}

// An honest server answers sequence_gap only when the device skipped
// numbers: it names one below the batch's first, and the device sends
// its whole state again. A gap naming a number past the batch's first
// (which the client once took as an acknowledgement up to it) must drop
// nothing: the sync stops and says so, and the changes wait.
func TestAServerThatSaysItHoldsChangesNeverSentDropsNothing(t *testing.T) {
	for _, form := range pushForms {
		t.Run(form.name, func(t *testing.T) {
			env, h, tablet := behindHostile(t, form.plain)
			tablet.Sync() // learns the push form
			h.answer = func(n int32, req *http.Request) *http.Response {
				if n != 1 {
					return nil
				}
				return h.refusal(t, req, http.StatusConflict, &protocol.Error{Code: protocol.CodeSequenceGap,
					ExpectedSeq: tablet.Store.QueueSeq() + 1, Message: "the server expected a later change number"})
			}
			tablet.Save(domain.KindPerson, "ann", map[string]string{"given_name": "Ann", "family_name": "Walker"})
			syncFailsInWords(t, tablet)
			if n := tablet.Store.PendingCount(); n != 2 {
				t.Errorf("%d changes waiting after the answer, want Ann's 2 fields", n)
			}
			tablet.Sync()
			h.checkForm(t)
			if !reachedServer(env, "ann") {
				t.Errorf("Ann, saved on the tablet, never reached the server: a sequence_gap naming a number past the batch dropped her unsent (%d changes still waiting)", tablet.Store.PendingCount())
			}
		})
	}
}

// A server that answers sequence_gap to every push, also to the one that
// says the device sent its whole state again (rebase), where an honest
// server never does, must not keep the device queueing its whole state
// again in one sync without end: the sync stops and says so, and the
// changes wait.
func TestAServerThatAlwaysSaysGapStopsTheSync(t *testing.T) {
	for _, form := range pushForms {
		t.Run(form.name, func(t *testing.T) {
			env, h, tablet := behindHostile(t, form.plain)
			tablet.Save(domain.KindPerson, "ann", map[string]string{"given_name": "Ann", "family_name": "Walker"})
			tablet.Sync()
			h.pushes.Store(0)
			h.forms[0].Store(0)
			h.forms[1].Store(0)
			h.answer = func(n int32, req *http.Request) *http.Response {
				if n > 20 {
					return nil // the test's own bound, so it ends either way
				}
				return h.refusal(t, req, http.StatusConflict, &protocol.Error{Code: protocol.CodeSequenceGap,
					ExpectedSeq: 1, Message: "the server expected change number 1"})
			}
			tablet.Save(domain.KindPerson, "bob", map[string]string{"given_name": "Bob", "family_name": "Hale"})
			syncFailsInWords(t, tablet)
			if n := h.pushes.Load(); n != 2 {
				t.Errorf("%d pushes in the sync, want 2: the one refused, and the whole state sent again once", n)
			}
			h.answer = nil
			tablet.Sync()
			h.checkForm(t)
			if !reachedServer(env, "bob") {
				t.Errorf("Bob never reached the server (%d changes still waiting)", tablet.Store.PendingCount())
			}
		})
	}
}

// A server that says the device's store was restored from an earlier copy
// names the number the device renumbers its queue from. One past what the
// numbers hold (a hostile or broken server) must not wrap the numbering
// round, where acknowledging below the number it named would drop the
// whole state queued again: the sync stops and says so, and the changes
// wait.
func TestAServerThatSaysRestoredFromAnImpossibleNumberDropsNothing(t *testing.T) {
	for _, form := range pushForms {
		t.Run(form.name, func(t *testing.T) {
			env, h, tablet := behindHostile(t, form.plain)
			tablet.Sync() // learns the push form
			h.answer = func(n int32, req *http.Request) *http.Response {
				if n != 1 {
					return nil
				}
				return h.refusal(t, req, http.StatusConflict, &protocol.Error{Code: protocol.CodeDeviceRestored,
					ExpectedSeq: math.MaxUint64, Message: "this device's records were put back from an earlier copy"})
			}
			tablet.Save(domain.KindPerson, "ann", map[string]string{"given_name": "Ann", "family_name": "Walker"})
			syncFailsInWords(t, tablet)
			if n := tablet.Store.PendingCount(); n != 2 {
				t.Errorf("%d changes waiting after the answer, want Ann's 2 fields", n)
			}
			tablet.Sync()
			h.checkForm(t)
			if !reachedServer(env, "ann") {
				t.Errorf("Ann, saved on the tablet, never reached the server (%d changes still waiting)", tablet.Store.PendingCount())
			}
		})
	}
}

// A server that says again and again, with numbers that could each be
// honest, that the device's store was put back from an earlier copy would
// have it queue its whole state again each time, without end: the device
// takes two such answers in one sync (a copy on the old incarnation may
// push in between) and then stops and says so, and its changes still
// reach an honest server.
func TestAServerThatSaysRestoredAgainAndAgainIsStopped(t *testing.T) {
	for _, form := range pushForms {
		t.Run(form.name, func(t *testing.T) {
			env, h, tablet := behindHostile(t, form.plain)
			tablet.Sync() // learns the push form
			h.pushes.Store(0)
			h.answer = func(n int32, req *http.Request) *http.Response {
				if n > 20 {
					return nil // the test's own bound, so it ends either way
				}
				return h.refusal(t, req, http.StatusConflict, &protocol.Error{Code: protocol.CodeDeviceRestored,
					ExpectedSeq: uint64(n) << 40, Message: "this device's records were put back from an earlier copy"})
			}
			tablet.Save(domain.KindPerson, "ann", map[string]string{"given_name": "Ann", "family_name": "Walker"})
			syncFailsInWords(t, tablet)
			if n := h.pushes.Load(); n != 3 {
				t.Errorf("%d pushes in the sync, want 3: two answers taken, the third refused", n)
			}
			h.answer = nil
			tablet.Sync()
			if !reachedServer(env, "ann") {
				t.Errorf("Ann, saved on the tablet, never reached the server (%d changes still waiting)", tablet.Store.PendingCount())
			}
		})
	}
}

// behindHostile is a venue tablet on a fresh server whose every request
// and answer passes through h first.
func behindHostile(t *testing.T, plain bool) (*testenv.Env, *hostile, *testenv.Device) {
	t.Helper()
	env := testenv.Start(t, server.Options{})
	v := env.Venue("v1", "Garden")
	h := &hostile{plain: plain}
	return env, h, env.NewDevice("tablet", protocol.Scope{Venues: []string{v}}, client.Options{HTTPClient: testenv.HTTPClient(h)}, nil)
}

// reachedServer reports whether a person the tablet saved reached the
// server: an office device set up now pulls them.
func reachedServer(env *testenv.Env, person string) bool {
	env.T.Helper()
	office := env.NewDevice("office", protocol.Scope{Organisation: true}, client.Options{}, nil)
	office.Sync()
	return office.Has(domain.KindPerson, person)
}

// A server that refuses one by one a change the push did not carry (a
// bug, a hostile server) must not make the device list or drop anything:
// the sync stops and says so, and the batch stays queued, to be sent
// again.
func TestAServerThatRefusesAChangeNeverSentDropsNothing(t *testing.T) {
	for _, form := range pushForms {
		t.Run(form.name, func(t *testing.T) {
			env, h, tablet := behindHostile(t, form.plain)
			tablet.Sync() // learns the push form
			tablet.Save(domain.KindPerson, "ann", map[string]string{"given_name": "Ann", "family_name": "Walker"})
			h.change = func(n int32, pr *protocol.PushResponse) {
				pr.Refused = []protocol.RefusedWrite{{Seq: pr.AckedSeq + 50, Code: protocol.CodeOutOfScope, Message: "no"}}
			}
			syncFailsInWords(t, tablet)
			if n := tablet.Store.PendingCount(); n != 2 {
				t.Errorf("%d changes waiting after the answer, want Ann's 2 fields", n)
			}
			if refused := tablet.Client.Refused(); len(refused) != 0 {
				t.Errorf("the tablet lists as refused %+v", refused)
			}
			h.change = nil
			tablet.Sync()
			h.checkForm(t)
			if !reachedServer(env, "ann") {
				t.Error("Ann never reached the server")
			}
		})
	}
}

// TestAServersRefusalWordsAreBounded: the words a server gives with a
// refusal are kept with the refused change and shown in the sync status;
// a hostile server sending megabytes of them gets a couple of thousand
// kept and shown (room for an honest server's longest), cut between
// characters and marked as cut, whichever way it refuses: one by one in
// a push answer, or the whole batch, naming the change (out of scope), or
// the whole sync.
func TestAServersRefusalWordsAreBounded(t *testing.T) {
	const bound = 2100 // runes: the bound (maxServerWords) and the words around it
	// Under the MiB a refusal's body may take (decodeAnswer), and thousands
	// of times the words a refusal needs.
	long := strings.Repeat("é€😀", 100_000)
	refusal := func(h *hostile, t *testing.T, req *http.Request, perr *protocol.Error) *http.Response {
		perr.Message = long
		return h.refusal(t, req, http.StatusForbidden, perr)
	}
	for _, c := range []struct {
		name   string
		refuse func(h *hostile, t *testing.T, first uint64)
		listed bool
	}{
		{"one by one", func(h *hostile, t *testing.T, first uint64) {
			h.change = func(n int32, pr *protocol.PushResponse) {
				pr.Refused = []protocol.RefusedWrite{{Seq: first, Code: protocol.CodeOutOfScope, Message: long}}
			}
		}, true},
		{"the batch, naming the change", func(h *hostile, t *testing.T, first uint64) {
			h.answer = func(n int32, req *http.Request) *http.Response {
				return refusal(h, t, req, &protocol.Error{Code: protocol.CodeOutOfScope, RefusedSeq: first})
			}
		}, true},
		{"the sync", func(h *hostile, t *testing.T, first uint64) {
			h.answer = func(n int32, req *http.Request) *http.Response {
				return refusal(h, t, req, &protocol.Error{Code: "made_up"})
			}
		}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, h, tablet := behindHostile(t, true)
			tablet.Sync()
			tablet.Save(domain.KindPerson, "ann", map[string]string{"given_name": "Ann"})
			pending, err := tablet.Store.PendingWrites(0, 10)
			if err != nil || len(pending) == 0 {
				t.Fatalf("nothing waits: %v", err)
			}
			c.refuse(h, t, pending[0].Seq)
			_ = tablet.Client.SyncOnce(context.Background())
			bounded := func(what, s string) {
				t.Helper()
				if n := utf8.RuneCountInString(s); n > bound || !utf8.ValidString(s) || !strings.Contains(s, "…") {
					t.Errorf("%s: %d runes (valid UTF-8: %v, marked as cut: %v), want at most %d, cut between characters and marked",
						what, n, utf8.ValidString(s), strings.Contains(s, "…"), bound)
				}
			}
			bounded("the sync status", tablet.Client.Status().Err)
			refused := tablet.Client.Refused()
			if c.listed != (len(refused) > 0) {
				t.Fatalf("%d changes listed as refused", len(refused))
			}
			for _, r := range refused {
				bounded("the refused change's reason", r.Reason)
			}
			if b, _ := tablet.Store.Meta(client.MetaRefused); len(b) > 64<<10 {
				t.Errorf("the list of refused changes takes %d bytes", len(b))
			}
		})
	}
}

// A server that says another page is waiting but moves the cursor no
// further (a bug, a hostile server) must not keep a device pulling for
// ever: the sync never ended, so the changes saved since were never sent
// and the status said "syncing" for good. An honest page that says more
// is waiting always moves the cursor on (its first record always goes
// in). The sync stops and says so; nothing is lost, and the next sync
// tries again.
func TestAServerThatSaysMoreWithoutMovingStopsTheSync(t *testing.T) {
	env, h, tablet := behindHostile(t, false)
	tablet.Sync()
	h.pull = func(n int32, req *http.Request) *http.Response {
		raw, _ := io.ReadAll(req.Body)
		var pr protocol.PullRequest
		if err := protocol.DecodeBytes(raw, true, 1<<20, &pr); err != nil {
			t.Error(err)
		}
		return h.answerWith(t, req, &protocol.PullResponse{Schema: protocol.Schema, Epoch: pr.Epoch, Next: pr.After, Head: pr.After + 10, More: true})
	}
	tablet.Save(domain.KindPerson, "ann", map[string]string{"given_name": "Ann", "family_name": "Walker"})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	err := tablet.Client.SyncOnce(ctx)
	if err == nil || ctx.Err() != nil {
		t.Fatalf("the sync went on pulling pages that moved nowhere (%d pulls): %v", h.pulls.Load(), err)
	}
	st := tablet.Client.Status()
	if st.State != client.StateError || !strings.Contains(st.Err, "never should") {
		t.Errorf("status %q: %q, want words that the server answered wrongly", st.State, st.Err)
	}
	h.pull = nil
	tablet.Sync()
	if !reachedServer(env, "ann") {
		t.Errorf("Ann, saved on the tablet, never reached the server (%d changes still waiting)", tablet.Store.PendingCount())
	}
}

// answerWith is an answer of v, as the server sends it.
func (h *hostile) answerWith(t *testing.T, req *http.Request, v any) *http.Response {
	body, err := protocol.Encode(v)
	if err != nil {
		t.Error(err)
	}
	hd := http.Header{}
	protocol.SetHeaders(hd)
	return &http.Response{StatusCode: http.StatusOK, Header: hd, Body: io.NopCloser(bytes.NewReader(body)),
		ContentLength: int64(len(body)), Request: req}
}
