// Package servertest runs a sync server in memory over HTTP for one test:
// the device-side tests (the app's screens, the desktop wiring) enrol
// devices with it and sync through it as they would with a real server.
package servertest

import (
	"net/http/httptest"
	"testing"
	"time"

	"github.com/gather-sp/gather/sync/protocol"
	"github.com/gather-sp/gather/sync/server"
	"github.com/gather-sp/gather/sync/server/badgerstore"
)

// Server is a sync server on an in-memory Badger store.
type Server struct {
	t     testing.TB
	URL   string
	Store *server.Store
}

// New starts a server; it stops when the test ends.
func New(t testing.TB) *Server {
	t.Helper()
	st, err := badgerstore.OpenStore(t.TempDir(), badgerstore.Options{InMemory: true}, server.StoreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(server.New(st, server.Options{}).Handler())
	t.Cleanup(func() {
		srv.Close()
		st.Close()
	})
	return &Server{t: t, URL: srv.URL, Store: st}
}

// Code is a one-time enrolment code for a device of scope and role.
func (s *Server) Code(scope protocol.Scope, role string) string {
	s.t.Helper()
	c, _, err := s.Store.CreateCode(scope, role, time.Hour)
	if err != nil {
		s.t.Fatal(err)
	}
	return c
}
