package app

import (
	"net/http/httptest"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/demo"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/storage"
	"github.com/gather-sp/gather/storage/storagetest"
	"github.com/gather-sp/gather/sync/protocol"
	"github.com/gather-sp/gather/sync/server"
	"github.com/gather-sp/gather/sync/server/badgerstore"
)

// testServer is a sync server in memory, over HTTP, for one test.
type testServer struct {
	t     testing.TB
	URL   string
	store *server.Store
}

func newTestServer(t testing.TB) *testServer {
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
	return &testServer{t: t, URL: srv.URL, store: st}
}

// code is a one-time enrolment code for a device of scope and role.
func (s *testServer) code(scope protocol.Scope, role string) string {
	s.t.Helper()
	c, _, err := s.store.CreateCode(scope, role, time.Hour)
	if err != nil {
		s.t.Fatal(err)
	}
	return c
}

// testNow is a Saturday morning; the demo's sessions fall on it.
var testNow = time.Date(2026, 11, 21, 10, 20, 0, 0, time.Local)

type harness struct {
	t  testing.TB
	u  *UI
	st *storage.Store
	w  fyne.Window
}

// newHarness opens a store in a temporary folder, optionally with the demo
// data, and builds the UI in a test window of the given size.
func newHarness(t testing.TB, withDemo bool, size fyne.Size) *harness {
	t.Helper()
	a := test.NewTempApp(t)
	st := storagetest.Open(t)
	if withDemo {
		if _, err := demo.Generate(st, demo.Options{Seed: 1, Today: testNow}); err != nil {
			t.Fatal(err)
		}
		st.SetMeta(map[string][]byte{metaSetup: []byte("demo"), metaDemo: []byte("true")})
	}
	w := a.NewWindow("Gather")
	w.Resize(size)
	u := New(a, w, Options{Store: st, Now: func() time.Time { return testNow }, PrintDir: t.TempDir(),
		OpenFile: func(string) error { return nil },
		Demo: func() error {
			_, err := demo.Generate(st, demo.Options{Seed: 1, Today: testNow})
			return err
		}})
	return &harness{t: t, u: u, st: st, w: w}
}

// signIn signs in as the demo facilitator and opens Today.
func (h *harness) signIn(role string) {
	h.t.Helper()
	if err := h.u.signInFirst(role); err != nil {
		h.t.Fatal(err)
	}
}

// openRegister opens today's register for an activity from Today.
func (h *harness) openRegister(activityID string) *registerScreen {
	h.t.Helper()
	h.u.ShowNav("today")
	today := h.u.current().(*todayScreen)
	for i, si := range today.sessions {
		if si.Activity.ID == activityID {
			test.Tap(today.openBtns[i])
			r, ok := h.u.current().(*registerScreen)
			if !ok {
				h.t.Fatalf("Open register showed %T", h.u.current())
			}
			return r
		}
	}
	h.t.Fatalf("no session of %s today", activityID)
	return nil
}

// row finds the laid-out row of a person on a register.
func (h *harness) row(r *registerScreen, personID string) *registerRow {
	h.t.Helper()
	for i, row := range r.rows {
		if row.Person.ID == personID {
			r.list.ScrollTo(i)
			for _, o := range test.LaidOutObjects(h.w.Canvas().Content()) {
				if rr, ok := o.(*registerRow); ok && rr.id == i && rr.Visible() {
					return rr
				}
			}
		}
	}
	h.t.Fatalf("%s has no row on the register", personID)
	return nil
}

// mark reads a person's stored mark in a session.
func (h *harness) mark(sessionID, personID string) domain.Attendance {
	var m domain.Attendance
	if row, ok := h.st.View().Get(domain.KindAttendance, domain.AttendanceID(sessionID, personID)); ok {
		row.Decode(&m)
	}
	return m
}

// firstUnmarked is the first expected person with no mark.
func firstUnmarked(t testing.TB, r *registerScreen) string {
	for _, id := range r.expected {
		if r.marks[id].Status == "" {
			return id
		}
	}
	t.Fatal("everyone is marked")
	return ""
}

const garden = demo.IDPrefix + "act-garden"
