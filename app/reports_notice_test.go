package app

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/audit"
	"github.com/gather-sp/gather/domain"
)

// TestReportSavedNoticeStays: after a coordinator saves a report, the
// screen goes on saying where it went. The export's own audit entry is a
// commit, and the store's change notice that follows it (Watch) used to
// work the figures out again and hide "Saved the PDF: ..." at once, so the
// coordinator saw nothing happen and could not tell where the file was.
func TestReportSavedNoticeStays(t *testing.T) {
	for _, format := range []struct{ button, notice string }{
		{"Save PDF", "Saved the PDF: "},
		{"Save CSV (zip)", "Saved the CSV files (one zip): "},
	} {
		t.Run(format.button, func(t *testing.T) {
			h := newHarness(t, true, desktopSize)
			h.u.runAsync = func(work, done func()) { work(); done() }
			h.signIn(domain.RoleCoordinator)
			h.u.ShowNav("reports")
			test.Tap(uitest.Button(t, h.w.Canvas().Content(), format.button))
			save := dialogButton(h, "Save")
			if save == nil {
				t.Fatal("no save dialog")
			}
			test.Tap(save)
			uitest.MustShow(t, h.w.Canvas().Content(), format.notice)
			if got := len(auditEntries(h, audit.Filter{Action: audit.ActionExported})); got == 0 {
				t.Fatal("the export is not in the audit trail")
			}
			h.u.onStoreChanged() // Watch, on the audit entry's commit
			uitest.MustShow(t, h.w.Canvas().Content(), format.notice)
			uitest.Shot(t, h.w, "report-saved-"+format.button)
		})
	}
}
