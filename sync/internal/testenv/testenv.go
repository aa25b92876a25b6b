// Package testenv runs a real sync server on 127.0.0.1 and device stores
// with sync clients, for end-to-end tests, the chaos simulation and
// benchmarks.
package testenv

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gather-sp/gather/internal/pgtest"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/storage"
	"github.com/gather-sp/gather/sync/client"
	"github.com/gather-sp/gather/sync/protocol"
	"github.com/gather-sp/gather/sync/server"
	"github.com/gather-sp/gather/sync/server/badgerstore"
	"github.com/gather-sp/gather/sync/server/pgstore"
)

// Clock is a settable clock shared by the server and devices.
type Clock struct {
	mu  sync.Mutex
	now time.Time
	off atomic.Int64 // real clock plus this offset when now is zero
}

// Now reads the clock.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.now.IsZero() {
		return time.Now().Add(time.Duration(c.off.Load()))
	}
	return c.now
}

// Set fixes the clock at t (it then moves only by Advance).
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	c.now = t
	c.mu.Unlock()
}

// Advance moves a fixed clock, or offsets the real one.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.now.IsZero() {
		c.off.Add(int64(d))
		return
	}
	c.now = c.now.Add(d)
}

// BackendEnv chooses the backend Start runs the server on: "badger" (the
// default) or "postgres" (a database of the test's own, see pgtest). make
// test runs the end-to-end suites on both.
const BackendEnv = "GATHER_TEST_BACKEND"

// OnPostgres says whether servers run on PostgreSQL in this test run.
func OnPostgres() bool { return os.Getenv(BackendEnv) == "postgres" }

// RequireBadger skips a test that is about the Badger store itself (its
// backups, its files) when the run is on PostgreSQL, saying why.
func RequireBadger(t testing.TB, why string) {
	t.Helper()
	if OnPostgres() {
		t.Skipf("Badger only: %s", why)
	}
}

// Env is a running server.
type Env struct {
	T      testing.TB
	Dir    string // the Badger store's folder
	DB     string // the PostgreSQL database, on PostgreSQL
	Clock  *Clock
	Store  *server.Store
	Server *server.Server
	HTTP   *httptest.Server
	URL    string
	Admin  string
	Key    []byte // the Badger store's encryption key; nil: not encrypted
	opts   server.Options
	addr   string
}

// Start runs a server on 127.0.0.1 with its data in a temporary folder.
func Start(t testing.TB, opts server.Options) *Env {
	t.Helper()
	return StartEncrypted(t, opts, nil)
}

// StartEncrypted is Start with the Badger store encrypted under key, as
// gather-server keeps it, so the folder can be served by that binary.
func StartEncrypted(t testing.TB, opts server.Options, key []byte) *Env {
	t.Helper()
	e := &Env{T: t, Dir: t.TempDir(), Clock: &Clock{}, Admin: "admin-secret", Key: key, opts: opts}
	e.opts.AdminToken = e.Admin
	e.open()
	t.Cleanup(e.Stop)
	return e
}

// Addr is the host and port the server listens on, kept across restarts.
func (e *Env) Addr() string { return e.addr }

func (e *Env) open() {
	e.T.Helper()
	var st *server.Store
	var err error
	if OnPostgres() {
		if e.DB == "" {
			e.DB = pgtest.NewDatabase(e.T)
		}
		st, err = pgstore.OpenStore(context.Background(), e.DB, pgstore.Options{MaxConns: 8}, server.StoreOptions{Now: e.Clock.Now})
	} else {
		st, err = badgerstore.OpenStore(e.Dir, badgerstore.Options{EncryptionKey: e.Key}, server.StoreOptions{Now: e.Clock.Now})
	}
	if err != nil {
		e.T.Fatalf("open server store: %v", err)
	}
	e.Store = st
	e.Server = server.New(st, e.opts)
	h := httptest.NewUnstartedServer(e.Server.Handler())
	if e.addr != "" {
		l, err := listenRetry(e.addr)
		if err != nil {
			e.T.Fatalf("listen again on %s: %v", e.addr, err)
		}
		h.Listener.Close()
		h.Listener = l
	}
	h.Start()
	e.HTTP = h
	e.URL = h.URL
	e.addr = h.Listener.Addr().String()
}

func listenRetry(addr string) (net.Listener, error) {
	var err error
	for range 50 {
		var l net.Listener
		if l, err = net.Listen("tcp", addr); err == nil {
			return l, nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	return nil, err
}

// Stop closes the server (idempotent).
func (e *Env) Stop() {
	if e.HTTP != nil {
		e.HTTP.CloseClientConnections()
		e.HTTP.Close()
		e.HTTP = nil
	}
	if e.Store != nil {
		e.Store.Close()
		e.Store = nil
	}
}

// Restart stops the server and starts it again on the same folder and
// address.
func (e *Env) Restart() {
	e.Stop()
	e.open()
}

// Venue adds a venue and returns its id.
func (e *Env) Venue(id, name string) string {
	e.T.Helper()
	id, err := e.Store.AddVenue(id, name, "")
	if err != nil {
		e.T.Fatalf("add venue: %v", err)
	}
	return id
}

// Code makes an enrolment code.
func (e *Env) Code(scope protocol.Scope) string {
	e.T.Helper()
	return e.CodeAs(scope, "")
}

// CodeAs makes an enrolment code for devices of a role ("administrator").
func (e *Env) CodeAs(scope protocol.Scope, role string) string {
	e.T.Helper()
	code, _, err := e.Store.CreateCode(scope, role, time.Hour)
	if err != nil {
		e.T.Fatalf("create code: %v", err)
	}
	return code
}

// Device is a device store with a sync client.
type Device struct {
	T      testing.TB
	Name   string
	Dir    string
	Store  *storage.Store
	Client *client.Client
	Opts   client.Options
	Now    func() time.Time
	// Interrupt is the store's storage.Options.Interrupt from the next
	// time it is opened (Restart): a test stops a job part way, as a
	// crash would.
	Interrupt func(point string) error
}

// NewDevice opens a store and enrols it with scope. now may be nil.
func (e *Env) NewDevice(name string, scope protocol.Scope, opts client.Options, now func() time.Time) *Device {
	e.T.Helper()
	return e.NewDeviceAs(name, scope, "", opts, now)
}

// NewDeviceAs is NewDevice for a device enrolled with a role.
func (e *Env) NewDeviceAs(name string, scope protocol.Scope, role string, opts client.Options, now func() time.Time) *Device {
	e.T.Helper()
	d := &Device{T: e.T, Name: name, Dir: e.T.TempDir(), Opts: opts, Now: now}
	d.open()
	e.T.Cleanup(func() { d.Store.Close() })
	opts.DeviceName = name
	if err := client.Enrol(context.Background(), d.Store, e.URL, e.CodeAs(scope, role), opts); err != nil {
		e.T.Fatalf("enrol %s: %v", name, err)
	}
	return d
}

// NewUnenrolled opens a device store that is not enrolled yet: one being
// set up before it is joined to the organisation (Enrol).
func (e *Env) NewUnenrolled(name string, opts client.Options, now func() time.Time) *Device {
	e.T.Helper()
	d := &Device{T: e.T, Name: name, Dir: e.T.TempDir(), Opts: opts, Now: now}
	d.open()
	e.T.Cleanup(func() { d.Store.Close() })
	return d
}

// Enrol joins d to e's organisation with a new code for scope and role,
// through its client's Connect, as Settings does.
func (d *Device) Enrol(e *Env, scope protocol.Scope, role string) {
	d.T.Helper()
	if err := d.Client.Connect(context.Background(), e.URL, e.CodeAs(scope, role)); err != nil {
		d.T.Fatalf("enrol %s: %v", d.Name, err)
	}
}

func (d *Device) open() {
	d.T.Helper()
	st, err := storage.Open(d.Dir, storage.Options{Now: d.Now, Interrupt: d.Interrupt})
	if err != nil {
		d.T.Fatalf("open %s: %v", d.Name, err)
	}
	d.Store = st
	d.Client = client.New(st, d.Opts)
}

// Restart closes the store (as a crash would leave it: whatever was
// committed) and opens it again with a new client.
func (d *Device) Restart() {
	d.T.Helper()
	d.Store.Close()
	d.open()
}

// Sync runs one sync and fails the test on error.
func (d *Device) Sync() {
	d.T.Helper()
	if err := d.Client.SyncOnce(context.Background()); err != nil {
		d.T.Fatalf("%s: sync: %v (status %+v)", d.Name, err, d.Client.Status())
	}
}

// Save records a change as staff "tester".
func (d *Device) Save(kind record.Kind, id string, fields map[string]string) {
	d.T.Helper()
	if err := d.Store.Save("tester", record.Change{Kind: kind, ID: id, Fields: fields}); err != nil {
		d.T.Fatalf("%s: save: %v", d.Name, err)
	}
}

// Get returns a field value on the device.
func (d *Device) Get(kind record.Kind, id, field string) string {
	d.T.Helper()
	e, err := d.Store.Entity(kind, id)
	if err != nil {
		d.T.Fatalf("%s: read: %v", d.Name, err)
	}
	return e.Get(field)
}

// Has reports whether the device holds any field of the entity.
func (d *Device) Has(kind record.Kind, id string) bool {
	d.T.Helper()
	e, err := d.Store.Entity(kind, id)
	if err != nil {
		d.T.Fatalf("%s: read: %v", d.Name, err)
	}
	return len(e.Fields) > 0
}

// HTTPClient returns a client that uses transport rt.
func HTTPClient(rt http.RoundTripper) *http.Client {
	return &http.Client{Transport: rt, Timeout: 30 * time.Second}
}

// Backup is a backup of the server's store as it is now, for RestoreFrom
// (server.Store.Backup: Badger only).
func (e *Env) Backup() []byte {
	e.T.Helper()
	RequireBadger(e.T, "a PostgreSQL store is backed up with pg_dump")
	var b bytes.Buffer
	if err := e.Store.Backup(&b); err != nil {
		e.T.Fatalf("backup: %v", err)
	}
	return b.Bytes()
}

// RestoreFrom stops the server, replaces its data with a backup made by
// server.Store.Backup and starts it again: the epoch changes.
func (e *Env) RestoreFrom(backup []byte) {
	e.T.Helper()
	RequireBadger(e.T, "a PostgreSQL store is backed up with pg_dump")
	e.Stop()
	if err := os.RemoveAll(filepath.Join(e.Dir, "db")); err != nil {
		e.T.Fatal(err)
	}
	if err := badgerstore.Restore(e.Dir, bytes.NewReader(backup)); err != nil {
		e.T.Fatalf("restore: %v", err)
	}
	e.open()
}
