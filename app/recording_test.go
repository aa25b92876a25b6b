package app

import (
	"sort"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/storage"
)

// Helpers of the app's own tests that the activities forms' tests (now in
// app/activities) used to hold.

// recordingStore remembers what the UI saves, and can refuse to save.
type recordingStore struct {
	*storage.Store
	saved [][]record.Change
	fail  error
}

func (s *recordingStore) Save(staff string, changes ...record.Change) error {
	if s.fail != nil {
		return s.fail
	}
	s.saved = append(s.saved, changes)
	return s.Store.Save(staff, changes...)
}

// writes are the fields the UI saved to one entity, over every save.
func (s *recordingStore) writes(kind record.Kind, id string) []string {
	var out []string
	for _, cs := range s.saved {
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

func recordSaves(h *harness) *recordingStore {
	rs := &recordingStore{Store: h.st}
	h.u.opts.Store = rs
	return rs
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

// signInLocal starts an empty device "on this device only" as a link worker.
func (h *harness) signInLocal(name string) {
	h.t.Helper()
	h.u.Start()
	fr, ok := h.u.current().(*firstRunScreen)
	if !ok {
		h.t.Fatalf("an empty store opened on %T", h.u.current())
	}
	test.Tap(fr.localBtn)
	test.Type(fr.nameEntry, name)
	fr.roleSelect.SetSelected(domain.RoleLinkWorker)
	fr.onLocal()
	if h.u.staff.Role != domain.RoleLinkWorker {
		h.t.Fatalf("signed in as %+v", h.u.staff)
	}
}
