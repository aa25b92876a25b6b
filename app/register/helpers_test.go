package register

import (
	"fmt"
	"sort"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/app/shell/shelltest"
	"github.com/gather-sp/gather/demo"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/storage"
)

// desktopSize is a laptop's window.
var desktopSize = fyne.NewSize(1280, 800)

// testNow is a Saturday morning; the demo's sessions fall on it.
var testNow = shelltest.Now

const garden = demo.IDPrefix + "act-garden"

type harness struct {
	t  testing.TB
	sh *shelltest.Shell
	st *storage.Store
	w  fyne.Window
}

// newHarness opens a store, optionally with the demo data, on a test
// shell in a window of the given size.
func newHarness(t testing.TB, withDemo bool, size fyne.Size) *harness {
	t.Helper()
	sh := shelltest.New(t, domain.Staff{}, size)
	if withDemo {
		if _, err := demo.Generate(sh.St, demo.Options{Seed: 1, Today: testNow}); err != nil {
			t.Fatal(err)
		}
	}
	return &harness{t: t, sh: sh, st: sh.St, w: sh.Win}
}

// signIn makes the first staff member with role (by name) the one using
// the device.
func (h *harness) signIn(role string) {
	h.t.Helper()
	var all []domain.Staff
	for _, r := range h.st.View().All(domain.KindStaff) {
		var s domain.Staff
		r.Decode(&s)
		if s.Role == role {
			all = append(all, s)
		}
	}
	if len(all) == 0 {
		h.t.Fatalf("no %s on this device", role)
	}
	sort.Slice(all, func(i, j int) bool { return all[i].Name < all[j].Name })
	h.sh.Who = all[0]
}

// today shows Today, as the navigation bar does.
func (h *harness) today() *Today {
	t := NewToday(h.sh, Hooks{Do: func(f func()) { f() }})
	h.sh.Stack = nil
	h.sh.Show(t)
	return t
}

// openRegister opens today's register for an activity from Today.
func (h *harness) openRegister(activityID string) *Register {
	h.t.Helper()
	today := h.today()
	for i, si := range today.sessions {
		if si.Activity.ID == activityID {
			test.Tap(today.openBtns[i])
			r, ok := h.sh.Top().(*Register)
			if !ok {
				h.t.Fatalf("Open register showed %T", h.sh.Top())
			}
			return r
		}
	}
	h.t.Fatalf("no session of %s today", activityID)
	return nil
}

// row finds the laid-out row of a person on a register.
func (h *harness) row(r *Register, personID string) *registerRow {
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
func firstUnmarked(t testing.TB, r *Register) string {
	for _, id := range r.expected {
		if r.marks[id].Status == "" {
			return id
		}
	}
	t.Fatal("everyone is marked")
	return ""
}

// sizeName names a window size in test names: "1280x800".
func sizeName(s fyne.Size) string { return fmt.Sprintf("%.0fx%.0f", s.Width, s.Height) }
