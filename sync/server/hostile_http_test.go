package server_test

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/hlc"
	"github.com/gather-sp/gather/sync/internal/testenv"
	"github.com/gather-sp/gather/sync/protocol"
	"github.com/gather-sp/gather/sync/server"
)

// Tests for hostile HTTP requests (issue 10 items 8 and 9): what anyone can
// send, with or without a token, is refused cheaply, counted when it needs
// no token, and answered with a JSON error whose code is documented.

// answer is a decoded reply: status, headers and the JSON error, if any.
type answer struct {
	status int
	header http.Header
	err    protocol.Error
	json   bool // the body decoded as a protocol.Error
	raw    []byte
}

// serveFrom sends one request straight to the server's handler as if from
// address remote, so tests can play many addresses.
func serveFrom(env *testenv.Env, remote, method, path string, body []byte, gzipped bool, chunked bool) answer {
	req := httptest.NewRequest(method, "http://gather.test/", bytes.NewReader(body))
	req.URL.Path = path // as the server would parse it, unclean paths included
	req.RequestURI = path
	req.RemoteAddr = remote
	if chunked {
		req.ContentLength = -1
	}
	req.Header.Set("Content-Type", protocol.ContentType)
	if gzipped {
		req.Header.Set("Content-Encoding", "gzip")
	}
	rec := httptest.NewRecorder()
	env.Server.Handler().ServeHTTP(rec, req)
	return decodeAnswer(rec.Code, rec.Header(), rec.Body.Bytes())
}

func decodeAnswer(status int, h http.Header, raw []byte) answer {
	a := answer{status: status, header: h, raw: raw}
	a.json = protocol.DecodeBytes(raw, h.Get("Content-Encoding") == "gzip", 1<<20, &a.err) == nil && a.err.Code != ""
	return a
}

func gzipWriter(w io.Writer) (*gzip.Writer, error) {
	return gzip.NewWriterLevel(w, gzip.BestCompression)
}

func readDoc(name string) (string, error) {
	b, err := os.ReadFile(filepath.Join("..", "..", "docs", name))
	return string(b), err
}

// gzipOf compresses b at the best ratio, as an attacker would.
func gzipOf(t *testing.T, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw, err := gzipWriter(&buf)
	if err != nil {
		t.Fatal(err)
	}
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

// enrolBomb is a JSON enrol request padded to inflated bytes.
func enrolBomb(inflated int) []byte {
	head := `{"schema":1,"code":"AAAA-BBBB-CCCC","device_id":"d","device_name":"`
	return []byte(head + strings.Repeat("A", inflated-len(head)-2) + `"}`)
}

func enrolBody(code, device string) []byte {
	return []byte(fmt.Sprintf(`{"schema":1,"code":%q,"device_id":%q}`, code, device))
}

// TestUnauthenticatedEnrolIsSmallAndCounted (item 8): an enrolment request
// needs no token, so the server reads at most 16 KiB of it and inflates at
// most 64 KiB, and a refusal for size or garbling counts as a wrong code
// for the address that sent it.
func TestUnauthenticatedEnrolIsSmallAndCounted(t *testing.T) {
	bomb := gzipOf(t, enrolBomb(31<<20)) // about 30 KiB, 31 MiB inflated
	smallBomb := gzipOf(t, enrolBomb(8<<20))
	if len(bomb) < 16<<10 || len(bomb) > 40<<10 || len(smallBomb) > 16<<10 {
		t.Fatalf("bombs of %d and %d bytes are not what this test means", len(bomb), len(smallBomb))
	}
	cases := []struct {
		name    string
		body    []byte
		gzipped bool
		chunked bool
		status  int
		code    string
	}{
		{"30 KiB gzip bomb", bomb, true, false, 413, protocol.CodeTooLarge},
		{"30 KiB gzip bomb without a length", bomb, true, true, 413, protocol.CodeTooLarge},
		{"8 KiB gzip bomb inflating to 8 MiB", smallBomb, true, false, 413, protocol.CodeTooLarge},
		{"plain body over 16 KiB", enrolBomb(20 << 10), false, false, 413, protocol.CodeTooLarge},
		{"malformed JSON", []byte(`{"schema":1,"code":`), false, false, 400, protocol.CodeBadRequest},
		{"not gzip", []byte(`{"schema":1}`), true, false, 400, protocol.CodeBadRequest},
		{"invalid UTF-8", []byte("{\"schema\":1,\"code\":\"AAAA-BBBB-CCCC\",\"device_id\":\"d\",\"device_name\":\"\xff\xfe\"}"), false, false, 400, protocol.CodeBadRequest},
	}

	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			env := testenv.Start(t, server.Options{EnrolFailures: 1, EnrolWindow: 15 * time.Minute})
			code := env.Code(org)
			attacker := fmt.Sprintf("198.51.100.%d:4000", i+1)
			a := serveFrom(env, attacker, http.MethodPost, protocol.PathEnrol, tc.body, tc.gzipped, tc.chunked)
			if a.status != tc.status || !a.json || a.err.Code != tc.code {
				t.Fatalf("got %d %+v (%q), want %d %s", a.status, a.err, a.raw, tc.status, tc.code)
			}
			// The refusal counted: with one failure allowed, even the right
			// code from that address now waits...
			a = serveFrom(env, attacker, http.MethodPost, protocol.PathEnrol, enrolBody(code, "laptop"), false, false)
			if a.status != http.StatusTooManyRequests || a.err.Code != protocol.CodeRateLimited || a.header.Get("Retry-After") == "" {
				t.Fatalf("after a refused enrolment the same address got %d %+v, want 429 rate_limited", a.status, a.err)
			}
			// ...while another address enrols.
			a = serveFrom(env, "203.0.113.7:5000", http.MethodPost, protocol.PathEnrol, enrolBody(code, "laptop"), false, false)
			if a.status != http.StatusOK {
				t.Fatalf("another address could not enrol: %d %+v", a.status, a.err)
			}
		})
	}

	t.Run("a schema the server does not speak is not counted", func(t *testing.T) {
		env := testenv.Start(t, server.Options{EnrolFailures: 1})
		code := env.Code(org)
		a := serveFrom(env, "198.51.100.50:1", http.MethodPost, protocol.PathEnrol, []byte(`{"schema":99,"code":"X","device_id":"d"}`), false, false)
		if a.status != http.StatusConflict || a.err.Code != protocol.CodeServerTooOld {
			t.Fatalf("newer schema: %d %+v", a.status, a.err)
		}
		if a = serveFrom(env, "198.51.100.50:1", http.MethodPost, protocol.PathEnrol, enrolBody(code, "laptop"), false, false); a.status != http.StatusOK {
			t.Fatalf("an app that needed updating was then locked out: %d %+v", a.status, a.err)
		}
	})

	t.Run("a bomb costs the server little memory", func(t *testing.T) {
		env := testenv.Start(t, server.Options{EnrolFailures: 1000})
		const n = 8
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		for i := range n {
			serveFrom(env, fmt.Sprintf("198.51.100.%d:1", 100+i), http.MethodPost, protocol.PathEnrol, bomb, true, true)
		}
		runtime.ReadMemStats(&after)
		// Today's server allocated about 100 MB for each; the limits allow
		// well under one.
		per := (after.TotalAlloc - before.TotalAlloc) / n
		if per > 2<<20 {
			t.Errorf("each 30 KiB enrolment bomb allocated %d KiB", per>>10)
		}
		t.Logf("each 30 KiB enrolment bomb allocated %d KiB", per>>10)
	})
}

// TestEnrolLimitIsPerAddressNotGlobal (item 8): a stranger sending wrong
// codes from many addresses locks out those addresses, never a new one.
func TestEnrolLimitIsPerAddressNotGlobal(t *testing.T) {
	cases := []struct {
		name     string
		attacker func(i int) string // the i-th of 20 addresses
		locked   string             // another address counted as the attacker's
		free     string             // an address that must still enrol
	}{
		{"IPv4", func(i int) string { return fmt.Sprintf("198.51.100.%d:999", i+1) }, "198.51.100.1:1234", "198.51.100.200:999"},
		{"IPv6 counts a /64 as one address", func(i int) string { return fmt.Sprintf("[2001:db8:0:%x::1]:999", i) }, "[2001:db8:0:0:abcd::9]:1", "[2001:db8:0:ff::1]:999"},
		{"IPv4 mapped in IPv6", func(i int) string { return fmt.Sprintf("[::ffff:198.51.100.%d]:999", i+1) }, "198.51.100.1:1", "[::ffff:198.51.100.201]:999"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			env := testenv.Start(t, server.Options{EnrolFailures: 5, EnrolWindow: 15 * time.Minute})
			code := env.Code(org)
			for i := range 20 {
				for j := range 5 {
					a := serveFrom(env, tc.attacker(i), http.MethodPost, protocol.PathEnrol, enrolBody(fmt.Sprintf("WRNG-CODE-%03d%d", i, j), "x"), false, false)
					if a.status != http.StatusForbidden || a.err.Code != protocol.CodeBadCode {
						t.Fatalf("wrong code %d from address %d: %d %+v", j, i, a.status, a.err)
					}
				}
			}
			if a := serveFrom(env, tc.locked, http.MethodPost, protocol.PathEnrol, enrolBody(code, "laptop"), false, false); a.status != http.StatusTooManyRequests {
				t.Fatalf("the attacker's address was not limited: %d %+v", a.status, a.err)
			}
			if a := serveFrom(env, tc.free, http.MethodPost, protocol.PathEnrol, enrolBody(code, "laptop"), false, false); a.status != http.StatusOK {
				t.Fatalf("after 100 wrong codes from 20 addresses a new address got %d %+v", a.status, a.err)
			}
		})
	}
}

// TestEveryRefusalIsJSON (item 9): a wrong method gets 405 with an Allow
// header, an unclean path gets 404, never a redirect, and every answer is a
// JSON error with a documented code.
func TestEveryRefusalIsJSON(t *testing.T) {
	env := testenv.Start(t, server.Options{AdminToken: "admin-secret"})
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	cases := []struct {
		method, path string
		status       int
		code         string
		allow        string
	}{
		{http.MethodGet, protocol.PathPush, 405, protocol.CodeMethodNotAllowed, "POST"},
		{http.MethodGet, protocol.PathPull, 405, protocol.CodeMethodNotAllowed, "POST"},
		{http.MethodPut, protocol.PathEnrol, 405, protocol.CodeMethodNotAllowed, "POST"},
		{http.MethodDelete, protocol.PathAdminRevoke, 405, protocol.CodeMethodNotAllowed, "POST"},
		{http.MethodPost, protocol.PathHealth, 405, protocol.CodeMethodNotAllowed, "GET, HEAD"},
		{http.MethodPost, protocol.PathAdminDevices, 405, protocol.CodeMethodNotAllowed, "GET, HEAD"},
		{http.MethodPost, "/v1/../v1/push", 404, protocol.CodeNotFound, ""},
		{http.MethodPost, "/v1/admin/../push", 404, protocol.CodeNotFound, ""},
		{http.MethodPost, "/v1//push", 404, protocol.CodeNotFound, ""},
		{http.MethodPost, "/v1/./push", 404, protocol.CodeNotFound, ""},
		{http.MethodPost, "/v1/push/", 404, protocol.CodeNotFound, ""},
		{http.MethodGet, "/v1/%2e%2e/v1/health", 404, protocol.CodeNotFound, ""},
		{http.MethodGet, "/", 404, protocol.CodeNotFound, ""},
		{http.MethodGet, protocol.PathAdminDevices, 403, protocol.CodeForbidden, ""},
	}
	documented := documentedCodes(t)
	for _, tc := range cases {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			req, err := http.NewRequest(tc.method, env.URL+tc.path, strings.NewReader(`{"schema":1}`))
			if err != nil {
				t.Fatal(err)
			}
			resp, err := hc.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			raw, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			a := decodeAnswer(resp.StatusCode, resp.Header, raw)
			if a.status != tc.status || !a.json || a.err.Code != tc.code {
				t.Fatalf("got %d %+v (%q, Location %q), want %d %s", a.status, a.err, raw, resp.Header.Get("Location"), tc.status, tc.code)
			}
			if got := resp.Header.Get("Allow"); got != tc.allow {
				t.Errorf("Allow: %q, want %q", got, tc.allow)
			}
			if !documented[a.err.Code] {
				t.Errorf("code %s is not in the error table of docs/sync-protocol.md", a.err.Code)
			}
			if len(a.err.Message) < 20 {
				t.Errorf("message %q does not tell a person what to do", a.err.Message)
			}
		})
	}
	for _, m := range []string{http.MethodGet, http.MethodHead} {
		t.Run(m+" health", func(t *testing.T) {
			req, _ := http.NewRequest(m, env.URL+protocol.PathHealth, nil)
			resp, err := hc.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("%s health: %d", m, resp.StatusCode)
			}
		})
	}
}

// TestEveryErrorCodeIsDocumented (item 9): every protocol.Code* the server
// can send is in the error table of docs/sync-protocol.md.
func TestEveryErrorCodeIsDocumented(t *testing.T) {
	documented := documentedCodes(t)
	for _, code := range []string{
		protocol.CodeBadRequest, protocol.CodeTooLarge, protocol.CodeUpdateRequired, protocol.CodeServerTooOld,
		protocol.CodeNotEnrolled, protocol.CodeRevoked, protocol.CodeBadCode, protocol.CodeRateLimited,
		protocol.CodeOutOfScope, protocol.CodeClockAhead, protocol.CodeSequenceGap, protocol.CodeEpochChanged,
		protocol.CodeUnavailable, protocol.CodeNotFound, protocol.CodeForbidden, protocol.CodeMethodNotAllowed,
		protocol.CodeDeviceRestored, protocol.CodeDeviceCloned, protocol.CodeDeviceIDTaken, protocol.CodeActivityUnknown,
	} {
		if !documented[code] {
			t.Errorf("code %s is not in the error table of docs/sync-protocol.md", code)
		}
	}
}

// documentedCodes reads the codes in the error table of the protocol doc.
func documentedCodes(t *testing.T) map[string]bool {
	t.Helper()
	doc, err := readDoc("sync-protocol.md")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, line := range strings.Split(doc, "\n") {
		// | 400 | `bad_request` | ... |
		cells := strings.Split(line, "|")
		if len(cells) < 4 || len(strings.TrimSpace(cells[1])) != 3 {
			continue
		}
		if c := strings.Trim(strings.TrimSpace(cells[2]), "`"); c != "" {
			out[c] = true
		}
	}
	return out
}

// TestGarbledJSONNamesAreRefused (item 9): invalid UTF-8 in a JSON name is
// refused too, and the message says where.
func TestGarbledJSONNamesAreRefused(t *testing.T) {
	env := testenv.Start(t, server.Options{})
	office, err := env.NewRaw("office", org, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, body, where string }{
		{"in a write", "{\"schema\":1,\"writes\":[{\"seq\":1,\"sta\xffff\":\"x\"}]}", "writes[0].sta"},
		{"at the top", "{\"schema\":1,\"\xff\":1}", "(the name)"},
		{"a bare string", "\"\xff\"", "the body"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := serveBearer(env, office.Token, protocol.PathPush, gzipOf(t, []byte(tc.body)))
			if a.status != http.StatusBadRequest || a.err.Code != protocol.CodeBadRequest || !strings.Contains(a.err.Message, tc.where) {
				t.Fatalf("got %d %+v, want 400 bad_request naming %s", a.status, a.err, tc.where)
			}
		})
	}
}

// TestPushRefusesGarbledText (item 9): invalid UTF-8 (raw, or as a lone
// surrogate escape) in any string of a push write, and a NUL anywhere but
// the value, is refused with 400 bad_request naming the field, and nothing
// is stored. A NUL in a value is a person's text and is kept as sent.
func TestPushRefusesGarbledText(t *testing.T) {
	env := testenv.Start(t, server.Options{})
	office, err := env.NewRaw("office", org, nil)
	if err != nil {
		t.Fatal(err)
	}
	clock := hlc.NewClock("office", env.Clock.Now)
	var seq uint64 = 1
	// write is a push body with one person write; each of kind, id, field,
	// value, staff and stamp device is raw JSON string content.
	body := func(kind, id, field, value, staff, device string) []byte {
		stamp := clock.Now()
		return []byte(fmt.Sprintf(`{"schema":1,"epoch":%q,"writes":[{"seq":%d,"kind":"%s","id":"%s","field":"%s","value":"%s","stamp":"%d.%d@%s","staff":"%s"}]}`,
			env.Store.Epoch(), seq, kind, id, field, value, stamp.Wall, stamp.Counter, device, staff))
	}
	const bad = "\xff\xfe"
	cases := []struct {
		name                                  string
		kind, id, field, value, staff, device string
		where                                 string // in the message; "" means accepted
		stored                                string
	}{
		{"invalid UTF-8 in kind", "per" + bad, "p1", "given_name", "Ann", "s", "office", "writes[0].kind", ""},
		{"invalid UTF-8 in id", "person", "p" + bad, "given_name", "Ann", "s", "office", "writes[0].id", ""},
		{"invalid UTF-8 in field", "person", "p1", "given" + bad, "Ann", "s", "office", "writes[0].field", ""},
		{"invalid UTF-8 in value", "person", "p1", "given_name", "An" + bad, "s", "office", "writes[0].value", ""},
		{"invalid UTF-8 in staff", "person", "p1", "given_name", "Ann", "s" + bad, "office", "writes[0].staff", ""},
		{"lone surrogate in value", "person", "p1", "given_name", `An\ud800n`, "s", "office", "writes[0].value", ""},
		{"lone low surrogate in field", "person", "p1", `given\udc00`, "Ann", "s", "office", "writes[0].field", ""},
		{"NUL in field", "person", "p1", `given\u0000name`, "Ann", "s", "office", ": field name must", ""},
		{"NUL in staff", "person", "p1", "given_name", "Ann", `s\u0000x`, "office", ": staff must", ""},
		{"NUL in kind", `person\u0000`, "p1", "given_name", "Ann", "s", "office", ": kind must", ""},
		{"NUL in id", "person", `p\u00001`, "given_name", "Ann", "s", "office", ": id must", ""},
		{"NUL in stamp device", "person", "p1", "given_name", "Ann", "s", `off\u0000ice`, ": stamp", ""},
		{"NUL in value is kept", "person", "p2", "given_name", `A\u0000nn`, "s", "office", "", "A\x00nn"},
		{"surrogate pair in value is kept", "person", "p3", "given_name", `Ann \ud83d\ude00`, "s", "office", "", "Ann \U0001F600"},
		{"U+FFFD a person typed is kept", "person", "p4", "given_name", "Ann \uFFFD", "s", "office", "", "Ann \uFFFD"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := body(tc.kind, tc.id, tc.field, tc.value, tc.staff, tc.device)
			head := env.Store.Head()
			a := serveBearer(env, office.Token, protocol.PathPush, gzipOf(t, b))
			if tc.where == "" {
				if a.status != http.StatusOK {
					t.Fatalf("refused: %d %+v", a.status, a.err)
				}
				seq++
				e, err := env.Store.Entity(domain.KindPerson, tc.id)
				if err != nil || e.Get("given_name") != tc.stored {
					t.Fatalf("stored %q (%v), want %q", e.Get("given_name"), err, tc.stored)
				}
				return
			}
			if a.status != http.StatusBadRequest || !a.json || a.err.Code != protocol.CodeBadRequest {
				t.Fatalf("got %d %+v (%q), want 400 bad_request", a.status, a.err, a.raw)
			}
			if !strings.Contains(a.err.Message, tc.where) {
				t.Errorf("message %q does not name %s", a.err.Message, tc.where)
			}
			if env.Store.Head() != head {
				t.Error("the server's log changed")
			}
		})
	}
}

// serveBearer posts a gzipped body with a device token over HTTP.
func serveBearer(env *testenv.Env, token, path string, body []byte) answer {
	req, _ := http.NewRequest(http.MethodPost, env.URL+path, bytes.NewReader(body))
	protocol.SetHeaders(req.Header)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return answer{raw: []byte(err.Error())}
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return decodeAnswer(resp.StatusCode, resp.Header, raw)
}

// FuzzPushText puts arbitrary JSON string content in a write's value: the
// server never fails (5xx), refuses with a JSON error, and what it accepts
// it stores as sent: never with a U+FFFD the sender did not write.
func FuzzPushText(f *testing.F) {
	env := testenv.Start(f, server.Options{})
	office, err := env.NewRaw("office", org, nil)
	if err != nil {
		f.Fatal(err)
	}
	clock := hlc.NewClock("office", env.Clock.Now)
	var seq uint64 = 1
	for _, s := range []string{"Ann", "\xff", `\ud800`, `\udc00x`, `\ud83d\ude00`, `\u0000`, "\uFFFD", `\\ud800`, `\ufffd`, `a\"b`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id := fmt.Sprintf("p%d", seq)
		stamp := clock.Now()
		body := fmt.Sprintf(`{"schema":1,"epoch":%q,"writes":[{"seq":%d,"kind":"person","id":%q,"field":"given_name","value":"%s","stamp":%q}]}`,
			env.Store.Epoch(), seq, id, s, stamp.String())
		a := serveBearer(env, office.Token, protocol.PathPush, gzipOf(t, []byte(body)))
		switch {
		case a.status >= 500 || a.status == 0:
			t.Fatalf("answered %d: %q", a.status, a.raw)
		case a.status != http.StatusOK:
			if !a.json || a.err.Message == "" {
				t.Fatalf("refused %d without a JSON message: %q", a.status, a.raw)
			}
			return
		}
		seq++
		e, err := env.Store.Entity(domain.KindPerson, id)
		if err != nil {
			t.Fatal(err)
		}
		v := e.Get("given_name")
		written := strings.Count(s, "\uFFFD") + strings.Count(strings.ToLower(s), `\ufffd`)
		if strings.Count(v, "\uFFFD") > written {
			t.Fatalf("value %q was stored as %q: replacement characters the sender did not write", s, v)
		}
	})
}
