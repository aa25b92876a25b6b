package activities

import (
	"sort"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/shell"
	"github.com/gather-sp/gather/app/shell/shelltest"
	"github.com/gather-sp/gather/demo"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/storage"
)

var desktopSize = fyne.NewSize(1280, 800)

// garden is the demo's garden group, on Saturdays.
const garden = demo.IDPrefix + "act-garden"

// harness is the Activities screen on shelltest's Shell: the screen sits
// at the bottom of the stack, as the navigation bar shows it, so a form
// that is left shows it again, refreshed. Its Save goes through the
// recorder once recordSaves has started it.
type harness struct {
	*shelltest.Shell
	t   testing.TB
	st  *storage.Store
	nav *Screen
	rec *recorder
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

// Save saves as the shell does, recording what was saved (and refusing
// to save, when told to) once recordSaves has been called.
func (h *harness) Save(changes ...record.Change) error {
	if h.rec != nil {
		if h.rec.fail != nil {
			h.ShowError("That was not saved", h.rec.fail, "")
			return h.rec.fail
		}
		h.rec.saved = append(h.rec.saved, changes)
	}
	return h.Shell.Save(changes...)
}

// recorder remembers what the screens saved, and can refuse to save.
type recorder struct {
	saved [][]record.Change
	fail  error
}

// writes are the fields the screens saved to one entity, over every save.
func (r *recorder) writes(kind record.Kind, id string) []string {
	var out []string
	for _, cs := range r.saved {
		for _, c := range cs {
			if c.Kind == kind && c.ID == id {
				for f := range c.Fields {
					out = append(out, f)
				}
			}
		}
	}
	sort.Strings(out)
	return out
}

func recordSaves(h *harness) *recorder {
	h.rec = &recorder{}
	return h.rec
}

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

// visibleButtons calls fn for every button on screen in o.
func visibleButtons(o fyne.CanvasObject, fn func(*widget.Button)) {
	if o == nil || !o.Visible() {
		return
	}
	switch x := o.(type) {
	case *widget.Button:
		fn(x)
	case *fyne.Container:
		for _, k := range x.Objects {
			visibleButtons(k, fn)
		}
	case fyne.Widget:
		for _, k := range test.WidgetRenderer(x).Objects() {
			visibleButtons(k, fn)
		}
	}
}
