package reports

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/internal/uitest"
)

// onTop is the dialog on top of the harness's window: its entry, the
// button with this text, and its text.
func (h *harness) onTop(button string) (*widget.Entry, *widget.Button, string) {
	h.t.Helper()
	top := h.w.Canvas().Overlays().Top()
	if top == nil {
		h.t.Fatal("no dialog")
	}
	var entry *widget.Entry
	var btn *widget.Button
	for _, o := range test.LaidOutObjects(top) {
		switch x := o.(type) {
		case *widget.Entry:
			entry = x
		case *widget.Button:
			if x.Text == button && x.Visible() {
				btn = x
			}
		}
	}
	if btn == nil {
		h.t.Fatalf("no %q on the dialog on top:\n%s", button, uitest.LaidOutText(top))
	}
	return entry, btn, uitest.LaidOutText(top)
}

// TestExportOverLastMonthsKeepsItUntilComplete: the coordinator saves this
// month's report PDF over last month's, in the window's own dialog. They
// are asked before it is replaced, and nothing touches it meanwhile; the
// memory stick is pulled out as the PDF is written, so the export fails,
// says so, and last month's file is there as it was when the stick goes
// back in. Saved again, the new PDF replaces it whole, owner-only.
// (Fyne's save dialog emptied the file as soon as the overwrite was
// confirmed, and the export wrote into it.)
func TestExportOverLastMonthsKeepsItUntilComplete(t *testing.T) {
	h := newHarness(t, "")
	h.s.ctx.SaveAs = nil
	h.s.ctx.Window = h.w
	last := filepath.Join(h.dir, "march.pdf")
	old := "%PDF-1.4 last month's report"
	if err := os.WriteFile(last, []byte(old), 0o600); err != nil {
		t.Fatal(err)
	}
	lastMonths := func(when string) {
		t.Helper()
		if got, err := os.ReadFile(last); err != nil || string(got) != old {
			t.Fatalf("%s: last month's report is now %q (%v)", when, got[:min(len(got), 40)], err)
		}
		if got := onlyFiles(t, h.dir); len(got) != 1 {
			t.Errorf("%s: the folder holds %q", when, got)
		}
	}
	replace := func(shots bool) {
		t.Helper()
		test.Tap(h.s.pdfBtn)
		name, save, said := h.onTop("Save")
		for _, want := range []string{"Save the report as a PDF", h.dir, "gather-report-2026-03-01-to-2026-03-31.pdf"} {
			if !strings.Contains(said+"\n"+name.Text, want) {
				t.Errorf("the save dialog does not say %q:\n%s", want, said)
			}
		}
		name.SetText("march")
		if shots {
			uitest.Shot(t, h.w, "export-save-form")
		}
		test.Tap(save)
		_, yes, said := h.onTop("Replace")
		if !strings.Contains(said, "march.pdf is already in that folder") || !strings.Contains(said, "the file there stays as it is") {
			t.Errorf("the question says:\n%s", said)
		}
		if shots {
			uitest.Shot(t, h.w, "export-save-replace")
		}
		lastMonths("while asked")
		test.Tap(yes)
	}

	run := h.s.run
	h.s.run = func(work, done func()) {
		// The stick is pulled out: where its folder was, nothing can be
		// written.
		away := h.dir + "-away"
		if err := os.Rename(h.dir, away); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(h.dir, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		work()
		os.Remove(h.dir)
		if err := os.Rename(away, h.dir); err != nil {
			t.Fatal(err)
		}
		done()
	}
	replace(true)
	if !h.s.problem.Visible() || !strings.HasPrefix(h.s.problem.Text, "The PDF was not saved.") || len(h.exports) != 0 {
		t.Errorf("after the failed export: problem %q, exports %+v", h.s.problem.Text, h.exports)
	}
	lastMonths("after the failed export")

	h.s.run = run
	for _, o := range h.w.Canvas().Overlays().List() {
		h.w.Canvas().Overlays().Remove(o)
	}
	replace(false)
	got, err := os.ReadFile(last)
	if err != nil || !strings.HasPrefix(string(got), "%PDF") || string(got) == old || len(h.exports) != 1 || h.exports[0].Path != last {
		t.Fatalf("the new report did not replace last month's: %q (%v), exports %+v", got[:min(len(got), 30)], err, h.exports)
	}
	if st, _ := os.Stat(last); st.Mode().Perm() != 0o600 {
		t.Errorf("the export has mode %v, want 0600", st.Mode().Perm())
	}
	if got := onlyFiles(t, h.dir); len(got) != 1 {
		t.Errorf("the folder holds %q", got)
	}
}
