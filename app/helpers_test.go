package app

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/register"
	"github.com/gather-sp/gather/app/shell"
	"github.com/gather-sp/gather/demo"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/storage"
	"github.com/gather-sp/gather/storage/storagetest"
)

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
		st.SetMeta(map[string][]byte{metaSetup: []byte("demo"), shell.MetaDemo: []byte("true")})
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
func (h *harness) openRegister(activityID string) *register.Register {
	h.t.Helper()
	h.u.ShowNav("today")
	today := h.u.current().(*register.Today)
	for i, si := range today.Sessions() {
		if si.Activity.ID == activityID {
			today.Open(i)
			r, ok := h.u.current().(*register.Register)
			if !ok {
				h.t.Fatalf("Open register showed %T", h.u.current())
			}
			return r
		}
	}
	h.t.Fatalf("no session of %s today", activityID)
	return nil
}

// row is a person's row on a register, laid out in sight.
func (h *harness) row(r *register.Register, personID string) register.RowView {
	h.t.Helper()
	row, ok := r.Row(personID)
	if !ok {
		h.t.Fatalf("%s has no row on the register", personID)
	}
	return row
}

// markButton is a person's mark button on a register, laid out in sight.
func (h *harness) markButton(r *register.Register, personID string) *widget.Button {
	h.t.Helper()
	return h.row(r, personID).Mark
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
func firstUnmarked(t testing.TB, r *register.Register) string {
	for _, id := range r.Expected() {
		if r.MarkOf(id).Status == "" {
			return id
		}
	}
	t.Fatal("everyone is marked")
	return ""
}

const garden = demo.IDPrefix + "act-garden"
