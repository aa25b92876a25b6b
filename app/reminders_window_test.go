package app

import (
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/internal/fixtures"
	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/domain"
)

// seedReminders is fixtures.Reminders in the harness's store.
func seedReminders(t *testing.T, h *harness) {
	t.Helper()
	if err := fixtures.Reminders(h.st); err != nil {
		t.Fatal(err)
	}
}

func contactsFor(h *harness, personID string) []domain.Contact {
	var out []domain.Contact
	for _, r := range h.st.View().By(domain.KindContact, "person_id", personID) {
		var c domain.Contact
		r.Decode(&c)
		out = append(out, c)
	}
	return out
}

// TestRemindersCancelledPrintLogsNothing: in the real shell, cancelling
// the letters' save dialog puts nothing in anyone's contact log.
func TestRemindersCancelledPrintLogsNothing(t *testing.T) {
	h := newHarness(t, false, desktopSize)
	seedReminders(t, h)
	h.signIn(domain.RoleLinkWorker)
	h.u.ShowNav("reminders")
	root := h.w.Canvas().Content()
	var choice *widget.Select
	for _, o := range test.LaidOutObjects(root) {
		if s, ok := o.(*widget.Select); ok {
			choice = s
		}
	}
	if choice == nil {
		t.Fatal("no choice of what to remind about")
	}
	choice.SetSelected("Next session: Garden group, Saturday 28 November")
	test.Tap(uitest.Button(t, root, "Print 2 letters"))
	saveDialog(t, h)
	h.u.printDialog.Dismiss()
	if cs := contactsFor(h, "bert"); len(cs) != 0 {
		t.Errorf("a cancelled print logged %+v", cs)
	}
}
