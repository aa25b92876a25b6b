package server

import (
	"bytes"
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/klauspost/compress/gzip"

	"github.com/gather-sp/gather/access"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/sync/protocol"
	"github.com/gather-sp/gather/version"
)

// Options configure the HTTP server.
type Options struct {
	Logger *slog.Logger
	// AdminToken, when set, enables the admin endpoints for requests that
	// carry it as a bearer token.
	AdminToken string
	// Limits; zero means the protocol's maximum.
	MaxBodyBytes  int64
	MaxPushWrites int // as JSON
	// MaxCompactPushWrites bounds a push in the compact form.
	MaxCompactPushWrites int
	MaxPageEntities      int
	MaxPageBytes         int
	// PushWait is how long a device's push waits while another push of
	// the same device is in flight (pushGate), and a pull while another
	// pull is; 0 means DefaultPushWait.
	PushWait time.Duration
	// Enrolment guessing: after EnrolFailures wrong codes (or oversized or
	// malformed enrolment requests) from one address (an IPv6 /64 counts as
	// one) within EnrolWindow, further tries from it are refused until the
	// window passes. There is no limit across addresses.
	EnrolFailures int
	EnrolWindow   time.Duration
	// TrustedProxies are the load balancers in front of the server: for a
	// request from one of them, the client's address is the last one in
	// X-Forwarded-For that is not itself a trusted proxy. Without them the
	// header is ignored (anyone could write it).
	TrustedProxies []netip.Prefix
}

// Server answers the sync protocol over HTTP.
type Server struct {
	store   *Store
	log     *slog.Logger
	opts    Options
	limiter *enrolLimiter
	admin   []byte // sha256 of the admin token
	pushing pushGate
	// pulling admits one pull at a time per device, as pushing does
	// pushes: a pull holds its page (up to protocol.MaxPageBytes) until it
	// is written, and the client pulls one page at a time.
	pulling pushGate
}

// New makes a Server over store.
func New(store *Store, opts Options) *Server {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.MaxBodyBytes <= 0 || opts.MaxBodyBytes > protocol.MaxBodyBytes {
		opts.MaxBodyBytes = protocol.MaxBodyBytes
	}
	if opts.MaxPushWrites <= 0 || opts.MaxPushWrites > protocol.MaxPushWrites {
		opts.MaxPushWrites = protocol.MaxPushWrites
	}
	if opts.MaxCompactPushWrites <= 0 || opts.MaxCompactPushWrites > protocol.MaxCompactPushWrites {
		opts.MaxCompactPushWrites = protocol.MaxCompactPushWrites
	}
	if opts.MaxPageEntities <= 0 || opts.MaxPageEntities > protocol.MaxPullEntities {
		opts.MaxPageEntities = protocol.DefaultPullLimit * 2
	}
	if opts.MaxPageBytes <= 0 || opts.MaxPageBytes > protocol.MaxPageBytes {
		opts.MaxPageBytes = protocol.MaxPageBytes
	}
	if opts.EnrolFailures <= 0 {
		opts.EnrolFailures = 5
	}
	if opts.EnrolWindow <= 0 {
		opts.EnrolWindow = 15 * time.Minute
	}
	if opts.PushWait <= 0 {
		opts.PushWait = DefaultPushWait
	}
	s := &Server{store: store, log: opts.Logger, opts: opts,
		limiter: newEnrolLimiter(store.b.Failures(), store.now, opts.EnrolFailures, opts.EnrolWindow)}
	if opts.AdminToken != "" {
		s.admin = hashSecret(opts.AdminToken)
	}
	return s
}

// route is one endpoint: the method it takes and its handler.
type route struct {
	method string // GET endpoints answer HEAD too
	h      http.HandlerFunc
}

// Handler routes the protocol's endpoints. It matches paths exactly and
// answers everything else itself, as JSON: http.ServeMux would redirect a
// path with ".." or "//" in it (a 307 with an empty body) and answer a
// known path with the wrong method as not found.
func (s *Server) Handler() http.Handler {
	routes := map[string]route{
		protocol.PathHealth:       {http.MethodGet, s.health},
		protocol.PathEnrol:        {http.MethodPost, s.enrol},
		protocol.PathPush:         {http.MethodPost, s.push},
		protocol.PathPull:         {http.MethodPost, s.pull},
		protocol.PathPullRecords:  {http.MethodPost, s.pullRecords},
		protocol.PathAdminVenues:  {http.MethodPost, s.adminOnly(s.addVenue)},
		protocol.PathAdminCodes:   {http.MethodPost, s.adminOrDevice(s.createCode)},
		protocol.PathAdminDevices: {http.MethodGet, s.adminOrDevice(s.listDevices)},
		protocol.PathAdminRevoke:  {http.MethodPost, s.adminOrDevice(s.revoke)},
		protocol.PathAdminBackup:  {http.MethodGet, s.adminOnly(s.backup)},
	}
	return s.recoverAndLog(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rt, ok := routes[r.URL.Path]
		if !ok {
			s.fail(w, r, http.StatusNotFound, &protocol.Error{Code: protocol.CodeNotFound, Message: "no such endpoint: is the server address right? It should be like https://gather.example.org"})
			return
		}
		if r.Method != rt.method && (rt.method != http.MethodGet || r.Method != http.MethodHead) {
			allow := rt.method
			if allow == http.MethodGet {
				allow += ", " + http.MethodHead
			}
			w.Header().Set("Allow", allow)
			s.fail(w, r, http.StatusMethodNotAllowed, &protocol.Error{Code: protocol.CodeMethodNotAllowed,
				Message: "this endpoint takes " + rt.method + " requests only: is this a Gather client, and is it up to date?"})
			return
		}
		rt.h(w, r)
	}))
}

// statusWriter remembers the status for the access log.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the connection (the backup
// lifts its write deadline).
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (s *Server) recoverAndLog(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		defer func() {
			if p := recover(); p != nil {
				s.log.Error("panic in handler", "path", r.URL.Path, "panic", fmt.Sprint(p))
				s.fail(sw, r, http.StatusInternalServerError, &protocol.Error{Code: protocol.CodeUnavailable, Message: "the server hit an internal error; try again, and tell your administrator if it keeps happening"})
			}
			level := slog.LevelInfo
			if sw.status >= 500 {
				level = slog.LevelError
			} else if sw.status >= 400 {
				level = slog.LevelWarn
			}
			s.log.Log(r.Context(), level, "request", "method", r.Method, "path", r.URL.Path, "status", sw.status,
				"ms", time.Since(start).Milliseconds(), "remote", r.RemoteAddr)
		}()
		next.ServeHTTP(sw, r)
	})
}

func (s *Server) fail(w http.ResponseWriter, r *http.Request, status int, e *protocol.Error) {
	if e.Code == protocol.CodeRateLimited && e.RetryAfterSeconds > 0 {
		w.Header().Set("Retry-After", fmt.Sprint(e.RetryAfterSeconds))
	}
	s.reply(w, status, e)
}

func (s *Server) reply(w http.ResponseWriter, status int, v any) {
	body, err := protocol.Encode(v)
	if err != nil {
		http.Error(w, `{"code":"unavailable","message":"encoding the answer failed"}`, http.StatusInternalServerError)
		return
	}
	protocol.SetHeaders(w.Header())
	w.WriteHeader(status)
	w.Write(body)
}

// Limits of an enrolment request, the one request that needs no token: it
// carries a code, a device id and a name, well under a kilobyte, so a
// stranger cannot make the server read or inflate much.
const (
	enrolMaxBodyBytes     = 16 << 10
	enrolMaxInflatedBytes = 64 << 10
)

// decode reads a request body within the server's limits; on failure it
// answers and returns false.
func (s *Server) decode(w http.ResponseWriter, r *http.Request, v any, schema func() int) bool {
	if status, perr := s.read(w, r, v, schema, s.opts.MaxBodyBytes, protocol.MaxInflatedBytes); perr != nil {
		s.fail(w, r, status, perr)
		return false
	}
	return true
}

// read reads a request body of at most maxRaw bytes, maxInflated once
// gunzipped, into v, and checks its schema. It returns the answer to a
// refusal, or a nil error.
func (s *Server) read(w http.ResponseWriter, r *http.Request, v any, schema func() int, maxRaw, maxInflated int64) (int, *protocol.Error) {
	body, status, perr := s.body(w, r, maxRaw, maxInflated)
	if perr != nil {
		return status, perr
	}
	// Before anything walks or decodes it: a few KiB of gzip can inflate
	// to millions of nested lists, or of empty writes, each costing memory.
	if err := protocol.CheckRequest(body); errors.Is(err, protocol.ErrTooLarge) {
		return http.StatusRequestEntityTooLarge, &protocol.Error{Code: protocol.CodeTooLarge, Message: err.Error() + ": send smaller batches"}
	} else if err != nil {
		return http.StatusBadRequest, &protocol.Error{Code: protocol.CodeBadRequest, Message: err.Error()}
	}
	if where, ok := invalidText(body); !ok {
		return http.StatusBadRequest, &protocol.Error{Code: protocol.CodeBadRequest,
			Message: where + " is not valid UTF-8 text: the request was garbled, or does not come from Gather"}
	}
	err := protocol.DecodeBytes(body, false, maxInflated, v)
	switch {
	case errors.Is(err, protocol.ErrTooLarge):
		return http.StatusRequestEntityTooLarge, &protocol.Error{Code: protocol.CodeTooLarge, Message: err.Error() + ": send smaller batches"}
	case err != nil:
		return http.StatusBadRequest, &protocol.Error{Code: protocol.CodeBadRequest, Message: err.Error()}
	}
	return checkSchema(schema())
}

// checkSchema answers a request written for schema v, or returns 0, nil.
func checkSchema(v int) (int, *protocol.Error) {
	if e := protocol.CheckSchema(v); e != nil {
		status := http.StatusBadRequest
		if e.Code == protocol.CodeUpdateRequired {
			status = http.StatusUpgradeRequired
		} else if e.Code == protocol.CodeServerTooOld {
			status = http.StatusConflict
		}
		return status, e
	}
	return 0, nil
}

// body reads a request body of at most maxRaw bytes and inflates it (to
// at most maxInflated) when it is gzipped.
func (s *Server) body(w http.ResponseWriter, r *http.Request, maxRaw, maxInflated int64) ([]byte, int, *protocol.Error) {
	gz := strings.EqualFold(r.Header.Get("Content-Encoding"), "gzip")
	if r.ContentLength > maxRaw {
		return nil, http.StatusRequestEntityTooLarge, &protocol.Error{Code: protocol.CodeTooLarge,
			Message: fmt.Sprintf("the request is %d bytes; the server takes at most %d here: send smaller batches", r.ContentLength, maxRaw)}
	}
	tooLarge := func(err error) ([]byte, int, *protocol.Error) {
		return nil, http.StatusRequestEntityTooLarge, &protocol.Error{Code: protocol.CodeTooLarge, Message: err.Error() + ": send smaller batches"}
	}
	raw, err := io.ReadAll(io.LimitReader(http.MaxBytesReader(w, r.Body, maxRaw+1), maxRaw+1))
	var maxErr *http.MaxBytesError
	switch {
	case errors.As(err, &maxErr) || int64(len(raw)) > maxRaw:
		return tooLarge(fmt.Errorf("%w (%d bytes at most)", protocol.ErrTooLarge, maxRaw))
	case err != nil:
		return nil, http.StatusBadRequest, &protocol.Error{Code: protocol.CodeBadRequest, Message: "reading the body failed: " + err.Error()}
	}
	body := raw
	if gz {
		if body, err = inflate(raw, maxInflated); err != nil {
			if errors.Is(err, protocol.ErrTooLarge) {
				return tooLarge(err)
			}
			return nil, http.StatusBadRequest, &protocol.Error{Code: protocol.CodeBadRequest, Message: err.Error()}
		}
	}
	return body, 0, nil
}

// inflate gunzips a body of at most max bytes once inflated.
func inflate(raw []byte, max int64) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("the body is not valid gzip: %w", err)
	}
	body, err := io.ReadAll(io.LimitReader(zr, max+1))
	if err != nil {
		return nil, fmt.Errorf("the body is not valid gzip: %w", err)
	}
	if int64(len(body)) > max {
		return nil, fmt.Errorf("%w (%d bytes at most once uncompressed)", protocol.ErrTooLarge, max)
	}
	return body, nil
}

// invalidText reports whether every JSON string in body is valid Unicode
// text, and if not, where the first that is not sits ("writes[2].field").
// encoding/json would quietly turn invalid UTF-8, and escapes of lone UTF-16
// surrogates, into U+FFFD, so a garbled name or note would be stored
// changed; Gather's own clients never send either (their encoder cannot).
// A body that is not JSON passes: decoding refuses it. The walk keeps
// memory per level of nesting, so read runs it only on a body that
// protocol.CheckRequest passed.
func invalidText(body []byte) (string, bool) {
	if utf8.Valid(body) && !bytes.Contains(body, []byte(`\ud`)) && !bytes.Contains(body, []byte(`\uD`)) {
		return "", true // the common case: nothing to look at closely
	}
	type frame struct {
		obj     bool
		wantKey bool
		key     string
		n       int
	}
	var stack []frame
	where := func() string {
		var b strings.Builder
		for _, f := range stack {
			if f.obj {
				if b.Len() > 0 {
					b.WriteByte('.')
				}
				b.WriteString(f.key)
			} else {
				fmt.Fprintf(&b, "[%d]", f.n)
			}
		}
		if b.Len() == 0 {
			return "the body"
		}
		return b.String()
	}
	valueDone := func() {
		if len(stack) == 0 {
			return
		}
		if top := &stack[len(stack)-1]; top.obj {
			top.wantKey = true
		} else {
			top.n++
		}
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	for {
		before := dec.InputOffset()
		tok, err := dec.Token()
		if err != nil {
			return "", true // the end, or not JSON: decoding answers that
		}
		raw := body[before:dec.InputOffset()]
		if d, ok := tok.(json.Delim); ok {
			switch d {
			case '{':
				stack = append(stack, frame{obj: true, wantKey: true})
			case '[':
				stack = append(stack, frame{})
			default:
				stack = stack[:len(stack)-1]
				valueDone()
			}
			continue
		}
		if n := len(stack); n > 0 && stack[n-1].obj && stack[n-1].wantKey {
			key, _ := tok.(string)
			stack[n-1].key, stack[n-1].wantKey = key, false
			if !validJSONText(raw) {
				return where() + " (the name)", false
			}
			continue
		}
		if _, ok := tok.(string); ok && !validJSONText(raw) {
			return where(), false
		}
		valueDone()
	}
}

// validJSONText reports whether raw JSON text (a string token, with what
// separates it from the one before) is valid UTF-8 whose \u escapes pair
// every UTF-16 surrogate.
func validJSONText(raw []byte) bool {
	if !utf8.Valid(raw) {
		return false
	}
	hex := func(i int) (rune, bool) {
		if i+6 > len(raw) || raw[i] != '\\' || raw[i+1] != 'u' {
			return 0, false
		}
		v, err := strconv.ParseUint(string(raw[i+2:i+6]), 16, 16)
		return rune(v), err == nil
	}
	for i := 0; i < len(raw); i++ {
		if raw[i] != '\\' {
			continue
		}
		r, ok := hex(i)
		if !ok {
			i++ // another escape: skip the escaped byte
			continue
		}
		switch {
		case r >= 0xDC00 && r <= 0xDFFF:
			return false // a low surrogate with no high one before it
		case r >= 0xD800 && r <= 0xDBFF:
			lo, ok := hex(i + 6)
			if !ok || lo < 0xDC00 || lo > 0xDFFF {
				return false
			}
			i += 11
		default:
			i += 5
		}
	}
	return true
}

func bearer(r *http.Request) string {
	h := r.Header.Get("Authorization")
	if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return strings.TrimSpace(h[7:])
	}
	return ""
}

func (s *Server) authenticate(w http.ResponseWriter, r *http.Request) (*Device, bool) {
	dev, perr := s.store.Authenticate(bearer(r))
	if perr != nil {
		status := http.StatusUnauthorized
		switch perr.Code {
		case protocol.CodeRevoked:
			status = http.StatusForbidden
		case protocol.CodeUnavailable:
			status = http.StatusServiceUnavailable
		}
		s.fail(w, r, status, perr)
		return nil, false
	}
	return dev, true
}

func (s *Server) health(w http.ResponseWriter, r *http.Request) {
	s.reply(w, http.StatusOK, protocol.Health{Status: "ok", Schema: protocol.Schema, Epoch: s.store.Epoch(), Version: version.String("gather-server"),
		Organisation: s.store.Organisation()})
}

func (s *Server) enrol(w http.ResponseWriter, r *http.Request) {
	addr := clientAddr(r, s.opts.TrustedProxies)
	wait, err := s.limiter.blocked(addr)
	if err != nil {
		s.serverError(w, r, fmt.Errorf("reading the wrong-code counters: %w", err))
		return
	}
	if wait > 0 {
		s.fail(w, r, http.StatusTooManyRequests, &protocol.Error{Code: protocol.CodeRateLimited, RetryAfterSeconds: int(wait.Seconds()) + 1,
			Message: fmt.Sprintf("too many wrong connection codes from this network; wait %s and try again, or ask your administrator for a new one", wait.Round(time.Minute))})
		return
	}
	var req protocol.EnrolRequest
	if status, perr := s.read(w, r, &req, func() int { return req.Schema }, enrolMaxBodyBytes, enrolMaxInflatedBytes); perr != nil {
		// Anyone may send this request, so an oversized or garbled one
		// counts as a wrong code: nobody can make the server read
		// enrolment bodies without limit. A schema it does not speak is
		// an honest app that needs updating, and does not count.
		if perr.Code == protocol.CodeTooLarge || perr.Code == protocol.CodeBadRequest {
			s.limiter.fail(addr)
			s.log.Warn("malformed enrolment request", "remote", addr, "code", perr.Code)
		}
		s.fail(w, r, status, perr)
		return
	}
	if !s.valid(w, r, &req) {
		return
	}
	resp, perr, err := s.store.Enrol(req)
	switch {
	case err != nil:
		s.serverError(w, r, err)
	case perr != nil:
		if perr.Code == protocol.CodeBadCode {
			// Only a wrong code is a guess; an id already taken is not.
			s.limiter.fail(addr)
		}
		s.log.Warn("enrolment refused", "remote", addr, "code", perr.Code)
		s.fail(w, r, http.StatusForbidden, perr)
	default:
		s.log.Info("device enrolled", "device", resp.DeviceID, "scope", resp.Scope.String(), "role", resp.Role)
		s.reply(w, http.StatusOK, resp)
	}
}

func (s *Server) serverError(w http.ResponseWriter, r *http.Request, err error) {
	s.log.Error("request failed", "path", r.URL.Path, "err", err)
	s.fail(w, r, http.StatusServiceUnavailable, &protocol.Error{Code: protocol.CodeUnavailable,
		Message: "the server could not save or read data just now; your changes are safe on this device and will be sent again: " + err.Error()})
}

// acceptPost is what the push endpoint takes, named on every answer to a
// push or pull so a client knows it may send the compact form.
var acceptPost = protocol.ContentTypePush + ", " + protocol.ContentType

func (s *Server) push(w http.ResponseWriter, r *http.Request) {
	w.Header().Set(protocol.AcceptPost, acceptPost)
	dev, ok := s.authenticate(w, r)
	if !ok {
		return
	}
	// Before the body is read, so a waiting push holds none of it.
	if !s.pushing.enter(r.Context(), dev.ID, s.opts.PushWait) {
		s.fail(w, r, http.StatusTooManyRequests, &protocol.Error{Code: protocol.CodeRateLimited, RetryAfterSeconds: 1,
			Message: "this device is already sending changes to the server, and that is taking a while; nothing was lost, and the device sends again in a moment"})
		return
	}
	defer s.pushing.leave(dev.ID)
	if ct, _, _ := strings.Cut(r.Header.Get("Content-Type"), ";"); strings.EqualFold(strings.TrimSpace(ct), protocol.ContentTypePush) {
		s.pushCompact(w, r, dev)
		return
	}
	var req protocol.PushRequest
	if !s.decode(w, r, &req, func() int { return req.Schema }) {
		return
	}
	if len(req.Writes) > s.opts.MaxPushWrites {
		s.fail(w, r, http.StatusRequestEntityTooLarge, &protocol.Error{Code: protocol.CodeTooLarge,
			Message: fmt.Sprintf("a push may carry at most %d writes; this one has %d: send smaller batches", s.opts.MaxPushWrites, len(req.Writes))})
		return
	}
	if !s.valid(w, r, &req) {
		return
	}
	resp, perr, err := s.store.Push(r.Context(), dev, &req)
	s.pushed(w, r, dev, len(req.Writes), resp, perr, err)
}

// pushCompact answers a push in the compact form (protocol.EncodePush).
func (s *Server) pushCompact(w http.ResponseWriter, r *http.Request, dev *Device) {
	body, status, perr := s.body(w, r, s.opts.MaxBodyBytes, protocol.MaxInflatedBytes)
	if perr != nil {
		s.fail(w, r, status, perr)
		return
	}
	req, seqs, ws, err := protocol.DecodePush(body, s.opts.MaxCompactPushWrites)
	switch {
	case errors.Is(err, protocol.ErrTooLarge):
		s.fail(w, r, http.StatusRequestEntityTooLarge, &protocol.Error{Code: protocol.CodeTooLarge, Message: err.Error() + "; this one has more: send smaller batches"})
		return
	case err != nil:
		s.fail(w, r, http.StatusBadRequest, &protocol.Error{Code: protocol.CodeBadRequest, Message: err.Error()})
		return
	}
	if status, perr := checkSchema(req.Schema); perr != nil {
		s.fail(w, r, status, perr)
		return
	}
	resp, perr, err := s.store.PushWrites(r.Context(), dev, req, seqs, ws)
	s.pushed(w, r, dev, len(ws), resp, perr, err)
}

// pushed answers a push the store took, refused or failed.
func (s *Server) pushed(w http.ResponseWriter, r *http.Request, dev *Device, writes int, resp *protocol.PushResponse, perr *protocol.Error, err error) {
	switch {
	case err != nil:
		s.serverError(w, r, err)
	case perr != nil:
		s.log.Warn("push refused", "device", dev.ID, "code", perr.Code, "writes", writes)
		s.fail(w, r, statusOf(perr), perr)
	default:
		s.log.Debug("push", "device", dev.ID, "writes", writes, "applied", resp.Applied, "acked", resp.AckedSeq)
		s.reply(w, http.StatusOK, resp)
	}
}

func (s *Server) pull(w http.ResponseWriter, r *http.Request) {
	w.Header().Set(protocol.AcceptPost, acceptPost)
	dev, ok := s.enterPull(w, r)
	if !ok {
		return
	}
	defer s.pulling.leave(dev.ID)
	var req protocol.PullRequest
	if !s.decode(w, r, &req, func() int { return req.Schema }) {
		return
	}
	if !s.valid(w, r, &req) {
		return
	}
	resp, perr, err := s.store.Pull(dev, &req, PullOptions{MaxEntities: s.opts.MaxPageEntities, MaxBytes: s.opts.MaxPageBytes})
	switch {
	case err != nil:
		s.serverError(w, r, err)
	case perr != nil:
		s.fail(w, r, statusOf(perr), perr)
	case strings.Contains(r.Header.Get("Accept"), protocol.ContentTypePage):
		var buf bytes.Buffer
		if err := protocol.EncodePage(&buf, resp); err != nil {
			s.serverError(w, r, err)
			return
		}
		w.Header().Set("Content-Type", protocol.ContentTypePage)
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(buf.Bytes())
	default:
		s.reply(w, http.StatusOK, resp)
	}
}

// enterPull authenticates a pull, or a request for records by name, and
// lets one of a device's run at a time, answering rate_limited when
// another runs too long; the caller leaves (s.pulling.leave) when it
// returns true.
func (s *Server) enterPull(w http.ResponseWriter, r *http.Request) (*Device, bool) {
	dev, ok := s.authenticate(w, r)
	if !ok {
		return nil, false
	}
	if s.pulling.enter(r.Context(), dev.ID, s.opts.PushWait) {
		return dev, true
	}
	s.fail(w, r, http.StatusTooManyRequests, &protocol.Error{Code: protocol.CodeRateLimited, RetryAfterSeconds: 1,
		Message: "this device is already fetching changes from the server, and that is taking a while; the device fetches again in a moment"})
	return nil, false
}

// valid answers bad_request, in the request check's words, for a decoded
// request that fails it.
func (s *Server) valid(w http.ResponseWriter, r *http.Request, req interface{ Validate() error }) bool {
	if err := req.Validate(); err != nil {
		s.fail(w, r, http.StatusBadRequest, &protocol.Error{Code: protocol.CodeBadRequest, Message: err.Error()})
		return false
	}
	return true
}

func statusOf(e *protocol.Error) int {
	switch e.Code {
	case protocol.CodeOutOfScope, protocol.CodeRevoked, protocol.CodeForbidden:
		return http.StatusForbidden
	case protocol.CodeNotEnrolled:
		return http.StatusUnauthorized
	case protocol.CodeSequenceGap, protocol.CodeEpochChanged, protocol.CodeDeviceRestored, protocol.CodeDeviceCloned, protocol.CodeDeviceIDTaken, protocol.CodeActivityUnknown:
		return http.StatusConflict
	case protocol.CodeClockAhead:
		return http.StatusUnprocessableEntity
	case protocol.CodeTooLarge:
		return http.StatusRequestEntityTooLarge
	case protocol.CodeRateLimited:
		return http.StatusTooManyRequests
	}
	return http.StatusBadRequest
}

// ---- admin ----

func (s *Server) adminOnly(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !s.isAdmin(bearer(r)) {
			s.fail(w, r, http.StatusForbidden, &protocol.Error{Code: protocol.CodeForbidden,
				Message: "admin requests need the admin token from the server's data folder (run the gather-server command on the server machine)"})
			return
		}
		h(w, r)
	}
}

// isAdmin says whether tok is the admin token: the one in Options, else
// the one whose hash the backend holds (shared by every server process).
func (s *Server) isAdmin(tok string) bool {
	if tok == "" {
		return false
	}
	want := s.admin
	if want == nil {
		h, err := s.store.b.AdminTokenHash(context.Background())
		if err != nil {
			s.log.Error("reading the admin token hash", "err", err)
			return false
		}
		want = h
	}
	return want != nil && subtle.ConstantTimeCompare(hashSecret(tok), want) == 1
}

func (s *Server) addVenue(w http.ResponseWriter, r *http.Request) {
	var req protocol.AddVenueRequest
	if !s.decode(w, r, &req, func() int { return req.Schema }) {
		return
	}
	if len(req.Name) > protocol.MaxNameBytes || len(req.Address) > protocol.MaxValueBytes {
		s.fail(w, r, http.StatusBadRequest, &protocol.Error{Code: protocol.CodeBadRequest, Message: "the venue name or address is too long"})
		return
	}
	id, err := s.store.AddVenue(req.ID, req.Name, req.Address)
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, &protocol.Error{Code: protocol.CodeBadRequest, Message: err.Error()})
		return
	}
	s.log.Info("venue added", "venue", id)
	s.reply(w, http.StatusOK, protocol.AddVenueResponse{ID: id})
}

// adminOrDevice admits the admin token, or the token of a device enrolled
// for the whole organisation with the administrator role: how an
// administrator manages devices from the app without the server's admin
// token ever being on a tablet. The server checks the device's scope and
// role itself, from its own record of the enrolment code the device used;
// nothing the device says about itself counts. by is nil for the admin
// token.
func (s *Server) adminOrDevice(h func(w http.ResponseWriter, r *http.Request, by *Device)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		tok := bearer(r)
		if s.isAdmin(tok) {
			h(w, r, nil)
			return
		}
		refuse := &protocol.Error{Code: protocol.CodeForbidden,
			Message: "admin requests need the admin token from the server's data folder (run the gather-server command on the server machine), or an administrator's organisation device"}
		if tok == "" {
			s.fail(w, r, http.StatusForbidden, refuse)
			return
		}
		dev, perr := s.store.Authenticate(tok)
		switch {
		case perr != nil && perr.Code == protocol.CodeRevoked:
			s.fail(w, r, http.StatusForbidden, perr)
			return
		case perr != nil:
			s.fail(w, r, http.StatusForbidden, refuse)
			return
		case !dev.Scope.Organisation || !access.CanDo(dev.Role, access.ActionManageDevices):
			s.log.Warn("admin request refused", "path", r.URL.Path, "device", dev.ID, "scope", dev.Scope.String(), "role", dev.Role)
			s.fail(w, r, http.StatusForbidden, &protocol.Error{Code: protocol.CodeForbidden,
				Message: fmt.Sprintf("only an administrator's organisation device may manage devices; this device is enrolled for %s as %s: ask your administrator", dev.Scope, roleWords(dev.Role))})
			return
		}
		s.store.touch(dev.ID, false)
		h(w, r, dev)
	}
}

func roleWords(role string) string {
	if role == "" {
		return "no role"
	}
	return role
}

// byAttrs names who made an admin request, for the log.
func byAttrs(by *Device) []any {
	if by == nil {
		return []any{"by", "admin token"}
	}
	return []any{"by", "device", "by_device", by.ID, "by_name", by.Name}
}

// maxCodeValidity bounds how long a code made by a device works, as the
// create-code command does.
const maxCodeValidity = 30 * 24 * time.Hour

func (s *Server) createCode(w http.ResponseWriter, r *http.Request, by *Device) {
	var req protocol.CreateCodeRequest
	if !s.decode(w, r, &req, func() int { return req.Schema }) {
		return
	}
	valid := time.Duration(req.ValidForMinute) * time.Minute
	if by != nil {
		// A device's request is checked like a stranger's: the role must be
		// one the app knows, and the code must not live for ever.
		known := false
		for _, role := range domain.Roles {
			known = known || role == req.Role
		}
		if !known {
			s.fail(w, r, http.StatusBadRequest, &protocol.Error{Code: protocol.CodeBadRequest,
				Message: fmt.Sprintf("%q is not a role Gather knows: choose one of %s", req.Role, strings.Join(domain.Roles, ", "))})
			return
		}
		if req.ValidForMinute < 0 || valid > maxCodeValidity {
			s.fail(w, r, http.StatusBadRequest, &protocol.Error{Code: protocol.CodeBadRequest, Message: "a code may work for a minute up to 30 days"})
			return
		}
	}
	code, exp, err := s.store.CreateCode(req.Scope, req.Role, valid)
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, &protocol.Error{Code: protocol.CodeBadRequest, Message: err.Error()})
		return
	}
	s.log.Info("enrolment code created", append([]any{"scope", req.Scope.String(), "role", req.Role, "expires", exp}, byAttrs(by)...)...)
	s.reply(w, http.StatusOK, protocol.CreateCodeResponse{Code: code, Expires: exp.UnixMilli()})
}

func (s *Server) listDevices(w http.ResponseWriter, r *http.Request, by *Device) {
	list, err := s.store.DeviceList()
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.log.Info("devices listed", byAttrs(by)...)
	s.reply(w, http.StatusOK, protocol.DevicesResponse{Devices: list})
}

func (s *Server) revoke(w http.ResponseWriter, r *http.Request, by *Device) {
	var req protocol.RevokeRequest
	if !s.decode(w, r, &req, func() int { return req.Schema }) {
		return
	}
	if by != nil && req.DeviceID == by.ID {
		// Removing itself would wipe the administrator's own device at its
		// next sync, with whatever it has not sent, and leave nobody in
		// the app to undo it: another administrator's device, or the
		// revoke command on the server, does that.
		s.fail(w, r, http.StatusForbidden, &protocol.Error{Code: protocol.CodeForbidden,
			Message: "a device cannot remove itself: use another administrator's device, or the revoke command on the server"})
		return
	}
	if err := s.store.Revoke(req.DeviceID); err != nil {
		s.fail(w, r, http.StatusNotFound, &protocol.Error{Code: protocol.CodeNotFound, Message: err.Error()})
		return
	}
	s.log.Info("device revoked", append([]any{"device", req.DeviceID}, byAttrs(by)...)...)
	s.reply(w, http.StatusOK, struct{}{})
}

func (s *Server) backup(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.store.b.(Backuper); !ok {
		s.fail(w, r, http.StatusNotImplemented, &protocol.Error{Code: protocol.CodeNotFound,
			Message: "this server's store is backed up with its database's own tools (pg_dump; see docs/deploy.md), not through the server"})
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	// A backup streams for as long as it takes: a big store, or a slow
	// disk at the other end, needs more than the server's write timeout.
	// An error means the writer has no deadline to lift.
	_ = http.NewResponseController(w).SetWriteDeadline(time.Time{})
	if err := s.store.Backup(w); err != nil {
		s.log.Error("backup failed", "err", err)
	}
}

// ---- enrolment guessing ----

// enrolLimiter counts wrong enrolment codes, and enrolment requests refused
// as too large or malformed, per client: an IPv4 address, or an IPv6 /64
// (one host or household is usually given a whole /64, so counting its
// addresses one by one would limit nothing). After max failures within
// window, the client's tries are refused until the window has passed.
//
// There is no limit across clients: a stranger who sends wrong codes from
// many addresses must not stop the whole organisation enrolling. None is
// needed: a code has 60 random bits and lives a day, so even a million
// clients at five tries per quarter hour make about 5e8 guesses a day
// against some 1e18 codes.
//
// The table of clients is bounded (maxClients). When it is full of clients
// still inside their window, failures count per IPv4 /16 or IPv6 /32
// instead, so an attacker with endless IPv6 addresses can neither grow the
// server's memory nor escape counting; only then can a stranger slow down
// enrolment, and only for addresses in the same network as theirs.
type enrolLimiter struct {
	mu         sync.Mutex // orders this process's calls; the table itself is shared
	table      FailureTable
	now        func() time.Time
	max        int
	window     time.Duration
	maxClients int
	pruned     time.Time
}

func newEnrolLimiter(table FailureTable, now func() time.Time, max int, window time.Duration) *enrolLimiter {
	return &enrolLimiter{table: table, now: now, max: max, window: window, maxClients: 100000}
}

// clientKeys returns the key a client's failures count under, and the key
// of its wider network that they count under when the table is full.
func clientKeys(addr string) (client, network string) {
	ip, err := netip.ParseAddr(addr)
	if err != nil {
		return addr, addr
	}
	ip = ip.WithZone("").Unmap()
	if ip.Is4() {
		n, _ := ip.Prefix(16)
		return ip.String(), n.String()
	}
	c, _ := ip.Prefix(64)
	n, _ := ip.Prefix(32)
	return c.String(), n.String()
}

// wait is how long the client under key must wait.
func (l *enrolLimiter) wait(key string, now time.Time) (time.Duration, error) {
	start, n, err := l.table.Get(context.Background(), key)
	if err != nil || n == 0 || now.Sub(start) >= l.window || n < l.max {
		return 0, err
	}
	return start.Add(l.window).Sub(now), nil
}

// blocked returns how long the client at addr must wait before trying
// again. An error means the counters cannot be read: the caller refuses
// (fails closed) without blaming the client.
func (l *enrolLimiter) blocked(addr string) (time.Duration, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	client, network := clientKeys(addr)
	a, err := l.wait(client, now)
	if err != nil {
		return 0, err
	}
	b, err := l.wait(network, now)
	return max(a, b), err
}

// fail counts a failure for the client at addr.
func (l *enrolLimiter) fail(addr string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if err := l.count(addr); err != nil {
		slog.Error("counting a wrong enrolment code", "err", err)
	}
}

func (l *enrolLimiter) count(addr string) error {
	ctx := context.Background()
	now := l.now()
	key, network := clientKeys(addr)
	_, n, err := l.table.Get(ctx, key)
	if err != nil {
		return err
	}
	if n == 0 {
		size, err := l.table.Len(ctx)
		if err != nil {
			return err
		}
		if size >= l.maxClients && now.Sub(l.pruned) >= l.window/16 {
			l.pruned = now // at most so often, so a full table costs no time per request
			if err := l.table.Prune(ctx, now.Add(-l.window)); err != nil {
				return err
			}
			if size, err = l.table.Len(ctx); err != nil {
				return err
			}
		}
		if size >= l.maxClients {
			key = network
		}
	}
	return l.table.Add(ctx, key, now, l.window)
}

// clientAddr is the address of the client that sent r: the connection's,
// or, when that is a trusted proxy, the last address in X-Forwarded-For
// that is not one.
func clientAddr(r *http.Request, trusted []netip.Prefix) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	isTrusted := func(a string) bool {
		ip, err := netip.ParseAddr(strings.TrimSpace(a))
		if err != nil {
			return false
		}
		ip = ip.WithZone("").Unmap()
		for _, p := range trusted {
			if p.Contains(ip) {
				return true
			}
		}
		return false
	}
	if len(trusted) == 0 || !isTrusted(host) {
		return host
	}
	var hops []string
	for _, h := range r.Header.Values("X-Forwarded-For") {
		hops = append(hops, strings.Split(h, ",")...)
	}
	for i := len(hops) - 1; i >= 0; i-- {
		a := strings.TrimSpace(hops[i])
		if _, err := netip.ParseAddr(a); err != nil {
			break // garbled: the proxy's own address counts
		}
		if !isTrusted(a) {
			return a
		}
		host = a
	}
	return host
}

// CheckListen refuses to serve plain HTTP on an address other computers
// can reach, where device tokens and people's records would cross the
// network unencrypted, unless the operator said so explicitly.
func CheckListen(addr string, tls, allowPlain bool) error {
	if tls || allowPlain {
		return nil
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("the address %q is not host:port: %w", addr, err)
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("refusing to serve plain HTTP on %s: other computers could read people's records and device tokens on the network. Give --tls-cert and --tls-key, or listen on 127.0.0.1 behind a TLS proxy; if the network is already encrypted, add --insecure-allow-plain-http", addr)
}
