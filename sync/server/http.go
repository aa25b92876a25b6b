package server

import (
	"bytes"
	"crypto/subtle"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gather-sp/gather/sync/protocol"
)

// Options configure the HTTP server.
type Options struct {
	Logger *slog.Logger
	// AdminToken, when set, enables the admin endpoints for requests that
	// carry it as a bearer token.
	AdminToken string
	// Limits; zero means the protocol's maximum.
	MaxBodyBytes    int64
	MaxPushWrites   int
	MaxPageEntities int
	MaxPageBytes    int
	// Enrolment guessing: after EnrolFailures wrong codes from one address
	// within EnrolWindow, further tries from it are refused until the window
	// passes (and all addresses together get twenty times that).
	EnrolFailures int
	EnrolWindow   time.Duration
}

// Server answers the sync protocol over HTTP.
type Server struct {
	store   *Store
	log     *slog.Logger
	opts    Options
	limiter *enrolLimiter
	admin   []byte // sha256 of the admin token
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
	s := &Server{store: store, log: opts.Logger, opts: opts,
		limiter: &enrolLimiter{now: store.now, max: opts.EnrolFailures, window: opts.EnrolWindow, byAddr: map[string]*failures{}}}
	if opts.AdminToken != "" {
		s.admin = hashSecret(opts.AdminToken)
	}
	return s
}

// Handler routes the protocol's endpoints.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+protocol.PathHealth, s.health)
	mux.HandleFunc("POST "+protocol.PathEnrol, s.enrol)
	mux.HandleFunc("POST "+protocol.PathPush, s.push)
	mux.HandleFunc("POST "+protocol.PathPull, s.pull)
	mux.HandleFunc("POST "+protocol.PathAdminVenues, s.adminOnly(s.addVenue))
	mux.HandleFunc("POST "+protocol.PathAdminCodes, s.adminOnly(s.createCode))
	mux.HandleFunc("GET "+protocol.PathAdminDevices, s.adminOnly(s.listDevices))
	mux.HandleFunc("POST "+protocol.PathAdminRevoke, s.adminOnly(s.revoke))
	mux.HandleFunc("GET /v1/admin/backup", s.adminOnly(s.backup))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, http.StatusNotFound, &protocol.Error{Code: protocol.CodeNotFound, Message: "no such endpoint: is the server address right? It should be like https://gather.example.org"})
	})
	return s.recoverAndLog(mux)
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

// decode reads a request body within limits; on failure it answers and
// returns false.
func (s *Server) decode(w http.ResponseWriter, r *http.Request, v any, schema func() int) bool {
	gz := strings.EqualFold(r.Header.Get("Content-Encoding"), "gzip")
	if r.ContentLength > s.opts.MaxBodyBytes {
		s.fail(w, r, http.StatusRequestEntityTooLarge, &protocol.Error{Code: protocol.CodeTooLarge,
			Message: fmt.Sprintf("the request is %d bytes; the server takes at most %d: send smaller batches", r.ContentLength, s.opts.MaxBodyBytes)})
		return false
	}
	err := protocol.Decode(http.MaxBytesReader(w, r.Body, s.opts.MaxBodyBytes+1), gz, s.opts.MaxBodyBytes, protocol.MaxInflatedBytes, v)
	var maxErr *http.MaxBytesError
	switch {
	case errors.Is(err, protocol.ErrTooLarge) || errors.As(err, &maxErr):
		s.fail(w, r, http.StatusRequestEntityTooLarge, &protocol.Error{Code: protocol.CodeTooLarge, Message: err.Error() + ": send smaller batches"})
		return false
	case err != nil:
		s.fail(w, r, http.StatusBadRequest, &protocol.Error{Code: protocol.CodeBadRequest, Message: err.Error()})
		return false
	}
	if e := protocol.CheckSchema(schema()); e != nil {
		status := http.StatusBadRequest
		if e.Code == protocol.CodeUpdateRequired {
			status = http.StatusUpgradeRequired
		} else if e.Code == protocol.CodeServerTooOld {
			status = http.StatusConflict
		}
		s.fail(w, r, status, e)
		return false
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

func (s *Server) authenticate(w http.ResponseWriter, r *http.Request) (*device, bool) {
	dev, perr := s.store.Authenticate(bearer(r))
	if perr != nil {
		status := http.StatusUnauthorized
		if perr.Code == protocol.CodeRevoked {
			status = http.StatusForbidden
		}
		s.fail(w, r, status, perr)
		return nil, false
	}
	return dev, true
}

func (s *Server) health(w http.ResponseWriter, r *http.Request) {
	s.reply(w, http.StatusOK, protocol.Health{Status: "ok", Schema: protocol.Schema, Epoch: s.store.Epoch()})
}

func (s *Server) enrol(w http.ResponseWriter, r *http.Request) {
	addr := clientAddr(r)
	if wait := s.limiter.blocked(addr); wait > 0 {
		s.fail(w, r, http.StatusTooManyRequests, &protocol.Error{Code: protocol.CodeRateLimited, RetryAfterSeconds: int(wait.Seconds()) + 1,
			Message: fmt.Sprintf("too many wrong enrolment codes from this network; wait %s and try again, or ask your administrator for a new code", wait.Round(time.Minute))})
		return
	}
	var req protocol.EnrolRequest
	if !s.decode(w, r, &req, func() int { return req.Schema }) {
		return
	}
	if err := req.Validate(); err != nil {
		s.fail(w, r, http.StatusBadRequest, &protocol.Error{Code: protocol.CodeBadRequest, Message: err.Error()})
		return
	}
	resp, perr, err := s.store.Enrol(req)
	switch {
	case err != nil:
		s.serverError(w, r, err)
	case perr != nil:
		s.limiter.fail(addr)
		s.log.Warn("wrong enrolment code", "remote", addr)
		s.fail(w, r, http.StatusForbidden, perr)
	default:
		s.log.Info("device enrolled", "device", resp.DeviceID, "scope", resp.Scope.String())
		s.reply(w, http.StatusOK, resp)
	}
}

func (s *Server) serverError(w http.ResponseWriter, r *http.Request, err error) {
	s.log.Error("request failed", "path", r.URL.Path, "err", err)
	s.fail(w, r, http.StatusServiceUnavailable, &protocol.Error{Code: protocol.CodeUnavailable,
		Message: "the server could not save or read data just now; your changes are safe on this device and will be sent again: " + err.Error()})
}

func (s *Server) push(w http.ResponseWriter, r *http.Request) {
	dev, ok := s.authenticate(w, r)
	if !ok {
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
	if err := req.Validate(); err != nil {
		s.fail(w, r, http.StatusBadRequest, &protocol.Error{Code: protocol.CodeBadRequest, Message: err.Error()})
		return
	}
	resp, perr, err := s.store.Push(r.Context(), dev, &req)
	switch {
	case err != nil:
		s.serverError(w, r, err)
	case perr != nil:
		s.log.Warn("push refused", "device", dev.ID, "code", perr.Code, "writes", len(req.Writes))
		s.fail(w, r, statusOf(perr), perr)
	default:
		s.log.Debug("push", "device", dev.ID, "writes", len(req.Writes), "applied", resp.Applied, "acked", resp.AckedSeq)
		s.reply(w, http.StatusOK, resp)
	}
}

func (s *Server) pull(w http.ResponseWriter, r *http.Request) {
	dev, ok := s.authenticate(w, r)
	if !ok {
		return
	}
	var req protocol.PullRequest
	if !s.decode(w, r, &req, func() int { return req.Schema }) {
		return
	}
	if err := req.Validate(); err != nil {
		s.fail(w, r, http.StatusBadRequest, &protocol.Error{Code: protocol.CodeBadRequest, Message: err.Error()})
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

func statusOf(e *protocol.Error) int {
	switch e.Code {
	case protocol.CodeOutOfScope, protocol.CodeRevoked, protocol.CodeForbidden:
		return http.StatusForbidden
	case protocol.CodeNotEnrolled:
		return http.StatusUnauthorized
	case protocol.CodeSequenceGap, protocol.CodeEpochChanged:
		return http.StatusConflict
	case protocol.CodeClockAhead:
		return http.StatusUnprocessableEntity
	case protocol.CodeTooLarge:
		return http.StatusRequestEntityTooLarge
	}
	return http.StatusBadRequest
}

// ---- admin ----

func (s *Server) adminOnly(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		tok := bearer(r)
		if s.admin == nil || tok == "" || subtle.ConstantTimeCompare(hashSecret(tok), s.admin) != 1 {
			s.fail(w, r, http.StatusForbidden, &protocol.Error{Code: protocol.CodeForbidden,
				Message: "admin requests need the admin token from the server's data folder (run the gather-server command on the server machine)"})
			return
		}
		h(w, r)
	}
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

func (s *Server) createCode(w http.ResponseWriter, r *http.Request) {
	var req protocol.CreateCodeRequest
	if !s.decode(w, r, &req, func() int { return req.Schema }) {
		return
	}
	code, exp, err := s.store.CreateCode(req.Scope, req.Role, time.Duration(req.ValidForMinute)*time.Minute)
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, &protocol.Error{Code: protocol.CodeBadRequest, Message: err.Error()})
		return
	}
	s.log.Info("enrolment code created", "scope", req.Scope.String(), "expires", exp)
	s.reply(w, http.StatusOK, protocol.CreateCodeResponse{Code: code, Expires: exp.UnixMilli()})
}

func (s *Server) listDevices(w http.ResponseWriter, r *http.Request) {
	s.reply(w, http.StatusOK, protocol.DevicesResponse{Devices: s.store.Devices()})
}

func (s *Server) revoke(w http.ResponseWriter, r *http.Request) {
	var req protocol.RevokeRequest
	if !s.decode(w, r, &req, func() int { return req.Schema }) {
		return
	}
	if err := s.store.Revoke(req.DeviceID); err != nil {
		s.fail(w, r, http.StatusNotFound, &protocol.Error{Code: protocol.CodeNotFound, Message: err.Error()})
		return
	}
	s.log.Info("device revoked", "device", req.DeviceID)
	s.reply(w, http.StatusOK, struct{}{})
}

func (s *Server) backup(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/octet-stream")
	if err := s.store.Backup(w); err != nil {
		s.log.Error("backup failed", "err", err)
	}
}

// ---- enrolment guessing ----

// enrolLimiter counts wrong enrolment codes per client address, and in
// total, so neither one machine nor many can guess codes quickly.
type enrolLimiter struct {
	mu     sync.Mutex
	now    func() time.Time
	max    int
	window time.Duration
	byAddr map[string]*failures
	total  failures
}

type failures struct {
	start time.Time
	n     int
}

func (f *failures) wait(now time.Time, window time.Duration, max int) time.Duration {
	if now.Sub(f.start) >= window {
		f.start, f.n = now, 0
	}
	if f.n >= max {
		return f.start.Add(window).Sub(now)
	}
	return 0
}

func (l *enrolLimiter) blocked(addr string) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	f := l.byAddr[addr]
	if f == nil {
		f = &failures{start: now}
		l.byAddr[addr] = f
	}
	if len(l.byAddr) > 10000 { // forget old addresses rather than grow without bound
		for a, g := range l.byAddr {
			if now.Sub(g.start) >= l.window {
				delete(l.byAddr, a)
			}
		}
	}
	return max(f.wait(now, l.window, l.max), l.total.wait(now, l.window, l.max*20))
}

func (l *enrolLimiter) fail(addr string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if f := l.byAddr[addr]; f != nil {
		f.n++
	}
	l.total.n++
}

func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
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
