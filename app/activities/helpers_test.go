package activities

import (
	"testing"

	"fyne.io/fyne/v2"

	"github.com/gather-sp/gather/app/shell"
	"github.com/gather-sp/gather/app/shell/shelltest"
	"github.com/gather-sp/gather/demo"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/storage"
	"github.com/gather-sp/gather/storage/storagetest"
)

var desktopSize = fyne.NewSize(1280, 800)

// garden is the demo's garden group, on Saturdays.
const garden = demo.IDPrefix + "act-garden"

// harness is the Activities screen on shelltest's Shell: the screen sits
// at the bottom of the stack, as the navigation bar shows it, so a form
// that is left shows it again, refreshed. recordSaves sends its saves
// through a recording store.
type harness struct {
	*shelltest.Shell
	t   testing.TB
	st  *storage.Store
	nav *Screen
}

var _ shell.Shell = (*harness)(nil)

// newHarness opens a store in a temporary folder, optionally with the demo
// data, in a test window of the given size; signIn says who uses it.
func newHarness(t testing.TB, withDemo bool, size fyne.Size) *harness {
	t.Helper()
	sh := shelltest.New(t, domain.Staff{}, size)
	if withDemo {
		if _, err := demo.Generate(sh.St, demo.Options{Seed: 1, Today: shelltest.Now}); err != nil {
			t.Fatal(err)
		}
	}
	return &harness{Shell: sh, t: t, st: sh.St}
}

// signIn uses the device as the demo's first staff member with role (by
// name), or someone made up when the store has none.
func (h *harness) signIn(role string) {
	h.t.Helper()
	who := domain.Staff{ID: "staff-" + role, Name: "Jo Bloggs", Role: role}
	best := ""
	for _, r := range h.st.View().All(domain.KindStaff) {
		var s domain.Staff
		r.Decode(&s)
		if s.Role == role && (best == "" || s.Name < best) {
			who, best = s, s.Name
		}
	}
	h.Who = who
	h.Stack, h.nav = nil, nil
}

// current is the screen on show.
func (h *harness) current() shell.Screen { return h.Top() }

func recordSaves(h *harness) *storagetest.Recording { return h.RecordSaves() }

// activitiesScreen shows Activities as the navigation bar does: the one
// screen, refreshed.
func (h *harness) activitiesScreen() *Screen {
	h.t.Helper()
	if h.nav == nil {
		h.nav = New(h)
	}
	h.Stack = nil
	h.Push(h.nav)
	return h.nav
}
