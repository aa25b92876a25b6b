package app

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/app/shell"
	"github.com/gather-sp/gather/domain"
)

// TestPrintoutOverAnOldOneKeepsItUntilComplete: the facilitator saves
// today's register over last week's PDF of the same name, saying yes to
// replacing it. Nothing touches last week's file while they are asked, nor
// when the new printout cannot be noted in the audit trail (it names
// people, so it is not kept), nor when the PDF cannot be made: each time
// the file there is last week's, whole, and nothing is left beside it.
// Once a printout succeeds it replaces the file, readable by its owner
// only, and is recorded once. (Fyne's save dialog emptied the file as soon
// as the overwrite was confirmed, and a failure then lost it.)
func TestPrintoutOverAnOldOneKeepsItUntilComplete(t *testing.T) {
	h := newHarness(t, true, desktopSize)
	h.signIn(domain.RoleFacilitator)
	r := h.openRegister(garden)
	session := r.Info().Session.ID
	folder := t.TempDir()
	h.u.SetMeta(map[string]string{metaPrintDir: folder})

	r.Print()
	name, _ := saveDialog(t, h)
	h.u.printDialog.Dismiss()
	last := filepath.Join(folder, name)
	old := "%PDF-1.4 last week's register"
	if err := os.WriteFile(last, []byte(old), 0o644); err != nil {
		t.Fatal(err)
	}
	lastWeeks := func(when string) {
		t.Helper()
		if got, err := os.ReadFile(last); err != nil || string(got) != old {
			t.Fatalf("%s: last week's register is now %q (%v)", when, got[:min(len(got), 40)], err)
		}
		if es, _ := os.ReadDir(folder); len(es) != 1 {
			t.Errorf("%s: the folder holds %d files, want just last week's", when, len(es))
		}
	}
	replace := func(shots string) {
		t.Helper()
		_, save := saveDialog(t, h)
		if shots != "" {
			mustFitDialog(t, h)
			shot(t, h, shots+"-form")
		}
		test.Tap(save)
		top := h.w.Canvas().Overlays().Top()
		btn := findIn[*widget.Button](t, top, func(b *widget.Button) bool { return b.Text == "Replace" })
		if btn == nil {
			t.Fatalf("not asked before replacing %s:\n%s", name, uitest.LaidOutText(top))
		}
		if said := uitest.LaidOutText(top); !strings.Contains(said, name+" is already in that folder") ||
			!strings.Contains(said, "if saving it fails, the file there stays as it is") {
			t.Errorf("the question says:\n%s", said)
		}
		if shots != "" {
			mustFitDialog(t, h)
			shot(t, h, shots+"-replace")
		}
		lastWeeks("while asked")
		test.Tap(btn)
	}

	// The audit trail cannot be saved.
	rs := recordSaves(h)
	rs.Fail = errors.New("the disk is full")
	r.Print()
	replace("print-save")
	if said := uitest.DialogText(h.w); !strings.Contains(said, "could not note it in the audit trail") {
		t.Errorf("after the audit trail failed the app says:\n%s", said)
	}
	lastWeeks("after the audit trail failed")
	if es := exported(h, domain.KindSession, session); len(es) != 0 {
		t.Fatalf("recorded: %+v", es)
	}

	// The PDF cannot be made.
	rs.Fail = nil
	h.u.Print(shell.Printout{Name: strings.TrimSuffix(name, ".pdf"), Write: func(w io.Writer) error {
		io.WriteString(w, "%PDF-1.4 half a register")
		return errors.New("the PDF could not be finished")
	}})
	replace("")
	if said := uitest.DialogText(h.w); !strings.Contains(said, "The printout was not made") {
		t.Errorf("after the PDF failed the app says:\n%s", said)
	}
	lastWeeks("after the PDF failed")

	// It works.
	r.Print()
	replace("")
	got, err := os.ReadFile(last)
	if err != nil || !strings.HasPrefix(string(got), "%PDF") || string(got) == old {
		t.Fatalf("the new register did not replace last week's: %q (%v)", got[:min(len(got), 40)], err)
	}
	mustBeOwnerOnly(t, last)
	if es, _ := os.ReadDir(folder); len(es) != 1 {
		t.Errorf("the folder holds %d files, want the register only", len(es))
	}
	if es := exported(h, domain.KindSession, session); len(es) != 1 {
		t.Errorf("%d audit entries, want 1", len(es))
	}
}

// TestPrintSaveDialogFitsATablet: on a tablet held upright the save form
// fits, every label whole.
func TestPrintSaveDialogFitsATablet(t *testing.T) {
	h := newHarness(t, true, fyne.NewSize(800, 1280))
	h.signIn(domain.RoleFacilitator)
	h.openRegister(garden).Print()
	saveDialog(t, h)
	mustFitDialog(t, h)
	shot(t, h, "print-save-tablet")
}

// TestPrintoutNotKeptAfterItWasNoted: when the printout is written and
// noted in the audit trail but cannot then take its place (here a folder
// of that name is in the way), the message says the trail notes it and
// does not claim that nothing in Gather changed.
func TestPrintoutNotKeptAfterItWasNoted(t *testing.T) {
	h := newHarness(t, true, desktopSize)
	h.signIn(domain.RoleFacilitator)
	session := h.openRegister(garden).Info().Session.ID
	inTheWay := filepath.Join(t.TempDir(), "register.pdf")
	if err := os.Mkdir(inTheWay, 0o700); err != nil {
		t.Fatal(err)
	}
	h.u.writePrintout(inTheWay, shell.Printout{Name: "register",
		Write: func(w io.Writer) error { _, err := io.WriteString(w, "%PDF-1.4 a register"); return err },
		Audit: h.u.Recorder().Printed(h.u.staff.ID, "register", 18, domain.KindSession, session)})
	said := uitest.DialogText(h.w)
	if !strings.Contains(said, "The printout was not made") || !strings.Contains(said, "The audit trail notes it, though it was not kept") ||
		strings.Contains(said, "Nothing in Gather has changed") {
		t.Errorf("the app says:\n%s", said)
	}
	if es := exported(h, domain.KindSession, session); len(es) != 1 {
		t.Errorf("%d audit entries, want the 1 the trail kept", len(es))
	}
}
