package app

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/app/register"
	"github.com/gather-sp/gather/app/reports"
	"github.com/gather-sp/gather/audit"
	"github.com/gather-sp/gather/demo"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

// saveDialog is "Save the printout" on top of the window: the file name it
// suggests and its Save button. It fails the test when no such dialog is
// showing.
func saveDialog(t *testing.T, h *harness) (name string, save *widget.Button) {
	t.Helper()
	top := h.w.Canvas().Overlays().Top()
	if top == nil || h.u.printDialog == nil {
		t.Fatal("no save dialog: the printout was not asked where to go")
	}
	title := false
	for _, o := range test.LaidOutObjects(top) {
		switch x := o.(type) {
		case *widget.Button:
			if x.Text == "Save" && x.Visible() {
				save = x
			}
		case *widget.Entry:
			name = x.Text
		case *widget.Label:
			title = title || x.Text == "Save the printout"
		}
	}
	if save == nil || !title {
		t.Fatalf("the dialog on top is not the printout's save dialog:\n%s", uitest.LaidOutText(top))
	}
	return name, save
}

// savePrinted taps Save in the printout's save dialog and returns the file
// written.
func savePrinted(t *testing.T, h *harness) string {
	t.Helper()
	before := h.u.lastPrint
	name, save := saveDialog(t, h)
	test.Tap(save)
	if h.u.printDialog != nil {
		t.Fatalf("the save dialog is still open after Save:\n%s", uitest.DialogText(h.w))
	}
	path := h.u.lastPrint
	if r, ok := h.u.current().(*register.Register); ok {
		path = r.LastPrint()
	} else if path == before {
		t.Fatal("Save wrote nothing")
	}
	if filepath.Base(path) != name {
		t.Errorf("saved as %s, the dialog said %s", filepath.Base(path), name)
	}
	return path
}

func mustBeOwnerOnly(t *testing.T, path string) {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && st.Mode().Perm() != 0o600 {
		t.Errorf("%s has mode %v, want 0600 (its owner only)", filepath.Base(path), st.Mode().Perm())
	}
}

func exported(h *harness, kind record.Kind, id string) []domain.Audit {
	return auditEntries(h, audit.Filter{Action: audit.ActionExported, EntityKind: kind, EntityID: id})
}

// TestPrintFolder: the save dialog opens in the folder chosen last time,
// while it is still there; otherwise in Gather's own folder in Documents
// (or the home folder), never somewhere shared.
func TestPrintFolder(t *testing.T) {
	h := newHarness(t, false, desktopSize)
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("USERPROFILE", home)
	h.u.opts.PrintDir = ""
	if got, want := h.u.printFolder(), filepath.Join(home, "Gather"); got != want {
		t.Errorf("with no Documents: %s, want %s", got, want)
	}
	os.Mkdir(filepath.Join(home, "Documents"), 0o700)
	if got, want := h.u.printFolder(), filepath.Join(home, "Documents", "Gather"); got != want {
		t.Errorf("with Documents: %s, want %s", got, want)
	}
	chosen := t.TempDir()
	h.u.SetMeta(map[string]string{metaPrintDir: chosen})
	if got := h.u.printFolder(); got != chosen {
		t.Errorf("after choosing %s: %s", chosen, got)
	}
	os.Remove(chosen)
	if got, want := h.u.printFolder(), filepath.Join(home, "Documents", "Gather"); got != want {
		t.Errorf("the chosen folder is gone: %s, want %s", got, want)
	}
	h.u.opts.PrintDir = chosen
	if got := h.u.printFolder(); got != chosen {
		t.Errorf("with a configured folder: %s", got)
	}
}

// TestReportExportFolder: the reports screen, made afresh on each visit,
// offers the folder the last export on this device went to while it is
// still there, else the configured one; printouts keep their own folder.
func TestReportExportFolder(t *testing.T) {
	h := newHarness(t, false, desktopSize)
	configured, shared := t.TempDir(), t.TempDir()
	h.u.opts.PrintDir = configured
	if got := h.u.reportsContext().ExportDir; got != configured {
		t.Errorf("before any export: %s, want %s", got, configured)
	}
	h.u.reportsContext().OnExport(reports.Export{StaffID: h.u.staff.ID, Format: "pdf", What: "report PDF", Path: filepath.Join(shared, "march.pdf")})
	if got := h.u.reportsContext().ExportDir; got != shared {
		t.Errorf("after an export to %s: %s", shared, got)
	}
	if got := h.u.printFolder(); got != configured {
		t.Errorf("printouts moved with the export: %s, want %s", got, configured)
	}
	os.Remove(shared)
	if got := h.u.reportsContext().ExportDir; got != configured {
		t.Errorf("the export folder is gone: %s, want %s", got, configured)
	}
}

// TestPrintRegisterAsksSavesPrivatelyAndAudits: printing a register asks
// where to save it, in Gather's private folder the first time; the PDF is
// its owner's only; the print is in the audit trail against the session;
// the folder chosen is where the dialog opens next time. Cancelling writes
// and records nothing.
func TestPrintRegisterAsksSavesPrivatelyAndAudits(t *testing.T) {
	h := newHarness(t, true, desktopSize)
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("USERPROFILE", home)
	os.Mkdir(filepath.Join(home, "Documents"), 0o755)
	h.u.opts.PrintDir = ""
	h.signIn(domain.RoleFacilitator)
	r := h.openRegister(garden)
	session := r.Info().Session.ID

	// Cancelled: nothing written, nothing recorded.
	r.Print()
	saveDialog(t, h)
	h.u.printDialog.Dismiss()
	if r.LastPrint() != "" || len(exported(h, domain.KindSession, session)) != 0 {
		t.Fatalf("a cancelled print wrote %q or was recorded", r.LastPrint())
	}

	r.Print()
	name, _ := saveDialog(t, h)
	if !strings.HasPrefix(name, "register-") || !strings.HasSuffix(name, ".pdf") {
		t.Errorf("suggested name %q", name)
	}
	private := filepath.Join(home, "Documents", "Gather")
	if st, err := os.Stat(private); err != nil || runtime.GOOS != "windows" && st.Mode().Perm() != 0o700 {
		t.Fatalf("Gather's folder %s: %v %v, want made with 0700", private, st, err)
	}
	path := savePrinted(t, h)
	if filepath.Dir(path) != private {
		t.Errorf("saved in %s, want the private folder %s", filepath.Dir(path), private)
	}
	mustBeOwnerOnly(t, path)
	if b, _ := os.ReadFile(path); !strings.HasPrefix(string(b), "%PDF") {
		t.Errorf("%s is not a PDF", path)
	}
	es := exported(h, domain.KindSession, session)
	if len(es) != 1 || es[0].Staff != h.u.staff.ID || !strings.Contains(es[0].Detail, "register PDF") {
		t.Fatalf("audit entries for the print: %+v", es)
	}
	if n := len(r.Expected()); !strings.HasSuffix(es[0].Detail, ", "+strconv.Itoa(n)+" rows") {
		t.Errorf("the entry does not count the %d people named: %q", n, es[0].Detail)
	}
	if !strings.Contains(uitest.DialogText(h.w), "only you can open the file") {
		t.Errorf("the saved dialog says:\n%s", uitest.DialogText(h.w))
	}

	// They choose another folder: it is remembered, and the next print
	// opens there.
	other := t.TempDir()
	r.Print()
	h.u.printDialog.SetFolder(other)
	if path := savePrinted(t, h); filepath.Dir(path) != other {
		t.Fatalf("saved in %s, want the folder chosen %s", filepath.Dir(path), other)
	}
	if got := h.u.Meta(metaPrintDir); got != other {
		t.Errorf("remembered folder %q, want %q", got, other)
	}
	os.Remove(filepath.Join(other, name))
	r.Print()
	if path := savePrinted(t, h); filepath.Dir(path) != other {
		t.Errorf("the next print opened in %s, want the folder chosen last time %s", filepath.Dir(path), other)
	}
	if n := len(exported(h, domain.KindSession, session)); n != 3 {
		t.Errorf("%d audit entries after three prints", n)
	}
}

// TestInfoSheetNamingSomeoneIsAudited: an info sheet printed from a
// person's card names them, so it is recorded against them and is its
// owner's only; a blank sheet for an activity names nobody and is not.
func TestInfoSheetNamingSomeoneIsAudited(t *testing.T) {
	h := newHarness(t, true, desktopSize)
	h.signIn(domain.RoleReception)
	ps, err := h.u.sceneCard(domain.RoleReception)
	if err != nil {
		t.Fatal(err)
	}
	sheets := infoSheetButtons(h.w.Canvas().Content())
	if len(sheets) == 0 {
		t.Fatal("the card offers no info sheet")
	}
	test.Tap(sheets[0])
	if es := exported(h, domain.KindPerson, ps.PersonID()); len(es) != 0 {
		t.Fatalf("recorded before it was saved: %+v", es)
	}
	path := savePrinted(t, h)
	mustBeOwnerOnly(t, path)
	es := exported(h, domain.KindPerson, ps.PersonID())
	if len(es) != 1 || !strings.Contains(es[0].Detail, "info sheet PDF") {
		t.Fatalf("audit entries for the person's info sheet: %+v", es)
	}
	if person, _ := h.st.View().Person(ps.PersonID()); strings.Contains(es[0].Detail, person.GivenName) {
		t.Errorf("the audit entry holds their name: %q", es[0].Detail)
	}

	all := len(auditEntries(h, audit.Filter{Action: audit.ActionExported}))
	h.u.PrintInfoSheet("", demo.IDPrefix+"act-garden", false)
	mustBeOwnerOnly(t, savePrinted(t, h))
	if n := len(auditEntries(h, audit.Filter{Action: audit.ActionExported})); n != all {
		t.Errorf("a sheet naming nobody was recorded (%d entries, was %d)", n, all)
	}
}

// TestInfoSheetForSomeoneCarriesTheirWelcome: a person's own info sheet,
// printed from their card by a link worker, carries the way there and who
// will meet them from their match; for someone whose access needs ask for
// large print, large print is what the card offers first.
func TestInfoSheetForSomeoneCarriesTheirWelcome(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Fatal("pdftotext is missing: make test installs poppler-utils (scripts/deps.sh)")
	}
	h := newHarness(t, true, desktopSize)
	h.signIn(domain.RoleLinkWorker)
	r := h.openRegister(garden)
	pid := r.Shown()[0].ID
	person, _ := h.st.View().Person(pid)
	match := domain.Match{PersonID: pid, ActivityID: garden, Date: "2026-11-01",
		TravelRoute: "The 42 bus to Mill Lane, then the side gate", MeetBy: "Priya at the gate", WithFriend: true}
	if err := h.st.Save(h.u.staff.ID,
		record.Change{Kind: domain.KindPerson, ID: pid, Fields: map[string]string{"access_needs": "Partially sighted: large print, please"}},
		record.Change{Kind: domain.KindMatch, ID: "m-welcome", Fields: domain.Encode(match)}); err != nil {
		t.Fatal(err)
	}
	h.u.OpenPerson(pid)
	var path string
	for _, b := range infoSheetButtons(h.w.Canvas().Content()) {
		if b.Text != "Print in large print" {
			t.Fatalf("the card of someone who needs large print offers %q", b.Text)
		}
		test.Tap(b)
		if p := savePrinted(t, h); strings.Contains(filepath.Base(p), "Garden") {
			path = p
		}
	}
	if !strings.Contains(filepath.Base(path), "large-print") {
		t.Fatalf("the garden group's sheet was saved as %q, not in large print", path)
	}
	out, err := exec.Command("pdftotext", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(out)), " ")
	for _, want := range []string{"For " + person.DisplayName(), "The 42 bus to Mill Lane", "Who will meet you Priya at the gate.", "bring a friend or carer"} {
		if !strings.Contains(text, want) {
			t.Errorf("the sheet lacks %q:\n%s", want, out)
		}
	}
}
