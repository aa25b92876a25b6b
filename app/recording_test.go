package app

import (
	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/storage/storagetest"
)

// Helpers of the app's own tests that the activities forms' tests (now in
// app/activities) used to hold.

func recordSaves(h *harness) *storagetest.Recording {
	rs := &storagetest.Recording{Store: h.st}
	h.u.opts.Store = rs
	return rs
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
