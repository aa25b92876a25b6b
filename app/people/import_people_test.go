package people

import (
	"io"
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/audit"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

// importTexts and hasText read the screen's visible text (uitest).
func importTexts(o fyne.CanvasObject) []string      { return uitest.Texts(o) }
func hasText(o fyne.CanvasObject, want string) bool { return uitest.Shows(o, want) }

// openImport signs in as role and opens Import people from Find a person.
func openImport(t *testing.T, h *harness, role string) *Import {
	t.Helper()
	h.signIn(role)
	// The shell runs slow work inline (shelltest).
	h.sh.Push(NewFinder(h.sh, os.TempDir))
	ps := h.sh.Top().(*Finder)
	if ps.importBtn == nil {
		t.Fatalf("a %s has no Import from a spreadsheet… on Find a person", role)
	}
	test.Tap(ps.importBtn)
	s, ok := h.sh.Top().(*Import)
	if !ok {
		t.Fatalf("the button opened %T", h.sh.Top())
	}
	return s
}

func TestImportPeopleScreen(t *testing.T) {
	h := newHarness(t, true, fyne.NewSize(1280, 800))
	s := openImport(t, h, domain.RoleLinkWorker)
	people := h.st.View().Count(domain.KindPerson)
	sample := SampleCSV(h.st.View())
	s.Load("garden-group-list.csv", io.NopCloser(strings.NewReader(sample)))

	// The preview: how the columns were matched, the problems by line, the
	// possible duplicate, and Import held back while rows are bad.
	for _, want := range []string{
		`Excel's "CSV UTF-8", separated by semicolons`,
		"→ Given name", "→ Date of birth", "not imported", // Favourite plant
		"Zainab", "Line 4: The NHS number \"943 476 5918\" is not a real NHS number",
		"Line 5: D.O.B.: \"30/02/1950\" is not a date that exists: February 1950 has 28 days",
		"Line 7: Activity: there is no activity called \"Pottery\"",
		"Line 6: ", "same date of birth", "Skip: same person",
		"3 people to add; 3 enrolments; 1 person may already be here (1 skipped); 3 rows with problems.",
		"Leave out the 3 rows with problems",
	} {
		if !hasText(s.content, want) {
			t.Errorf("the screen does not say %q", want)
		}
	}
	if !s.importBtn.Disabled() {
		t.Fatal("Import is offered while rows have problems")
	}
	test.Tap(s.importBtn)
	if got := h.st.View().Count(domain.KindPerson); got != people {
		t.Fatalf("%d people after tapping a disabled Import, want %d", got, people)
	}

	// Leave the bad rows out: Import brings in the three good new people,
	// the possible duplicate is skipped, and the trail has one entry.
	test.Tap(s.skipBad)
	if s.importBtn.Disabled() || s.importBtn.Text != "Import 3 people" {
		t.Fatalf("Import after leaving the bad rows out: %q, disabled %v", s.importBtn.Text, s.importBtn.Disabled())
	}
	test.Tap(s.importBtn)
	v := h.st.View()
	if got := v.Count(domain.KindPerson); got != people+3 {
		t.Fatalf("%d people after the import, want %d", got, people+3)
	}
	for _, name := range []string{"Quartey", "Quigley", "Quick"} {
		if len(v.SearchPeople(name, 5)) != 1 {
			t.Errorf("%s was not imported once", name)
		}
	}
	for _, name := range []string{"Quinn", "Quayle", "Quested"} {
		if len(v.SearchPeople(name, 5)) != 0 {
			t.Errorf("%s, from a row with a problem, was imported", name)
		}
	}
	if e := audit.List(v, audit.Filter{Action: audit.ActionImported}); len(e) != 1 || e[0].Staff != h.sh.Who.ID {
		t.Errorf("audit entries for the import: %+v", e)
	}
	if n := len(audit.List(v, audit.Filter{Action: audit.ActionChanged})); n != 0 {
		t.Errorf("%d changed entries besides the import's own", n)
	}
	if !s.result.Visible() || !strings.Contains(s.result.Text, "Imported 3 people and 3 enrolments") {
		t.Errorf("after the import it says %q", s.result.Text)
	}
	if !s.importBtn.Disabled() || s.importBtn.Text != "Nothing to import" {
		t.Errorf("after the import, Import reads %q (disabled %v)", s.importBtn.Text, s.importBtn.Disabled())
	}

	// The same file again: nobody new.
	s.Load("garden-group-list.csv", io.NopCloser(strings.NewReader(sample)))
	if !hasText(s.content, "3 people in the file are on this device already") || !s.importBtn.Disabled() {
		t.Errorf("the same file again: %q, Import disabled %v", s.summary.Text, s.importBtn.Disabled())
	}
	test.Tap(s.skipBad)
	test.Tap(s.importBtn)
	if got := h.st.View().Count(domain.KindPerson); got != people+3 {
		t.Errorf("%d people after importing the same file again, want %d", got, people+3)
	}
}

func TestImportPeopleScreenDecisions(t *testing.T) {
	for _, tc := range []struct {
		choice      string
		morePeople  int
		peterEnrols bool
	}{
		{"skip", 0, false},
		{"enrol", 0, true},
		{"create", 1, false},
	} {
		t.Run(tc.choice, func(t *testing.T) {
			h := newHarness(t, true, fyne.NewSize(800, 1280))
			s := openImport(t, h, domain.RoleAdministrator)
			sample := SampleCSV(h.st.View())
			// Only the heading and the row of the person already here.
			lines := strings.Split(sample, "\r\n")
			s.Load("one.csv", io.NopCloser(strings.NewReader(lines[0]+"\r\n"+lines[5]+"\r\n")))
			if len(s.dupDecos) != 1 {
				t.Fatalf("%d duplicates to decide on", len(s.dupDecos))
			}
			var entry = s.plan.Entries[0]
			known := entry.Duplicates[0].Person
			people := h.st.View().Count(domain.KindPerson)
			test.Tap(s.dupDecos[0].Buttons[tc.choice])
			if tc.choice == "skip" {
				if !s.importBtn.Disabled() {
					t.Fatal("Import is offered with nothing to import")
				}
				return
			}
			test.Tap(s.importBtn)
			v := h.st.View()
			if got := v.Count(domain.KindPerson); got != people+tc.morePeople {
				t.Errorf("%d people, want %d", got, people+tc.morePeople)
			}
			crafts := domain.EnrolmentID(entry.Activities[0].ID, known.ID)
			if _, ok := v.Get(domain.KindEnrolment, crafts); ok != tc.peterEnrols {
				t.Errorf("%s enrolled: %v, want %v", known.FullName(), ok, tc.peterEnrols)
			}
		})
	}
}

func TestImportPeopleScreenBadFile(t *testing.T) {
	h := newHarness(t, true, fyne.NewSize(1280, 800))
	s := openImport(t, h, domain.RoleLinkWorker)
	people := h.st.View().Count(domain.KindPerson)
	s.Load("notes.csv", io.NopCloser(strings.NewReader("Ann,Smith\nBob,Jones\n")))
	if !s.status.Visible() || !strings.Contains(s.status.Text, "notes.csv cannot be imported: no heading row") || s.importBtn.Visible() {
		t.Errorf("a file without headings: %q (Import shown %v)", s.status.Text, s.importBtn.Visible())
	}
	if h.st.View().Count(domain.KindPerson) != people {
		t.Error("something was saved")
	}
	// A good file, then a bad one: the good one's preview goes, so nothing
	// on show belongs to another file.
	s.Load("good.csv", io.NopCloser(strings.NewReader("Name\nAnn Smith\n")))
	if !s.importBtn.Visible() || s.importBtn.Disabled() {
		t.Fatal("a good file cannot be imported")
	}
	s.Load("bad.csv", io.NopCloser(strings.NewReader("\"Ann,Smith\nBob,Jones\n")))
	if s.importBtn.Visible() || s.plan != nil || hasText(s.content, "Ann") || !strings.Contains(s.status.Text, "bad.csv cannot be imported") {
		t.Errorf("after a bad file: Import shown %v, status %q", s.importBtn.Visible(), s.status.Text)
	}
	// Choose a CSV file… opens Fyne's open dialog.
	test.Tap(s.chooseBtn)
	if s.dialog == nil || len(h.w.Canvas().Overlays().List()) == 0 {
		t.Error("Choose a CSV file… opened no dialog")
	}
}

// Only administrators and link workers are offered the import.
func TestImportPeopleOnlyForSome(t *testing.T) {
	h := newHarness(t, true, fyne.NewSize(1280, 800))
	h.signIn(domain.RoleReception)
	h.sh.Push(NewFinder(h.sh, os.TempDir))
	if ps := h.sh.Top().(*Finder); ps.importBtn != nil {
		t.Error("reception is offered Import from a spreadsheet…")
	}
	s := NewImport(h.sh, os.TempDir)
	if !s.chooseBtn.Disabled() {
		t.Error("reception may choose a file to import")
	}
}

// A wide file's preview shows the columns that fit, and › the others.
func TestImportPeoplePreviewColumns(t *testing.T) {
	h := newHarness(t, true, fyne.NewSize(800, 1280))
	s := openImport(t, h, domain.RoleLinkWorker)
	s.Load("garden-group-list.csv", io.NopCloser(strings.NewReader(SampleCSV(h.st.View()))))
	if s.previewNext == nil || !s.previewPrev.Disabled() || hasText(s.preview, "Favourite plant") || !hasText(s.preview, "First name") {
		t.Fatalf("a 10-column file on a tablet: %q", importTexts(s.preview))
	}
	for i := 0; i < 5 && !s.previewNext.Disabled(); i++ {
		test.Tap(s.previewNext)
	}
	if !hasText(s.preview, "Favourite plant") || !hasText(s.preview, "Pottery") || !s.previewNext.Disabled() || s.previewPrev.Disabled() {
		t.Errorf("the last columns: %q", importTexts(s.preview))
	}
}

// Someone added on the device after the file was read (by a sync, or a
// colleague) is not created twice: Import checks again and says so.
func TestImportPeopleChecksAgainOnImport(t *testing.T) {
	h := newHarness(t, true, fyne.NewSize(1280, 800))
	s := openImport(t, h, domain.RoleLinkWorker)
	s.Load("list.csv", io.NopCloser(strings.NewReader("First name,Last name,Date of birth\nZainab,Quartey,03/02/1950\nWalter,Quigley,21/11/1961\n")))
	if s.importBtn.Disabled() || s.importBtn.Text != "Import 2 people" {
		t.Fatalf("Import reads %q", s.importBtn.Text)
	}
	// Meanwhile a sync brings Walter in.
	if err := h.st.Save("elsewhere", record.Change{Kind: domain.KindPerson, ID: "walter-from-sync",
		Fields: map[string]string{"given_name": "Walter", "family_name": "Quigley", "date_of_birth": "1961-11-21", "phone": "07700 900456"}}); err != nil {
		t.Fatal(err)
	}
	people := h.st.View().Count(domain.KindPerson)
	test.Tap(s.importBtn)
	if got := h.st.View().Count(domain.KindPerson); got != people {
		t.Fatalf("Import saved at once although the device changed: %d people, want %d", got, people)
	}
	if !strings.Contains(s.status.Text, "changed since the file was read") || s.importBtn.Text != "Import 1 person" {
		t.Errorf("after the change: %q, Import reads %q", s.status.Text, s.importBtn.Text)
	}
	test.Tap(s.importBtn)
	v := h.st.View()
	if got := v.Count(domain.KindPerson); got != people+1 || len(v.SearchPeople("Quigley", 5)) != 1 {
		t.Errorf("%d people, %d Walters", got, len(v.SearchPeople("Quigley", 5)))
	}
}

// A file with a heading row and nobody under it says so in words, rather
// than only "0 people to add".
func TestImportPeopleScreenSaysWhenNoRows(t *testing.T) {
	h := newHarness(t, true, fyne.NewSize(1280, 800))
	s := openImport(t, h, domain.RoleLinkWorker)
	s.Load("empty.csv", io.NopCloser(strings.NewReader("First name,Last name,DOB\n,,\n")))
	uitest.Shot(t, h.w, "import-people-no-rows")
	if !hasText(s.content, "There are no rows under the heading row") || !s.importBtn.Disabled() {
		t.Errorf("a file with only a heading row: %q (Import disabled %v)", importTexts(s.content), s.importBtn.Disabled())
	}
	// A file with people in it does not say so.
	s.Load("one.csv", io.NopCloser(strings.NewReader("First name,Last name\nAnn,Smith\n")))
	if hasText(s.content, "There are no rows under the heading row") {
		t.Error("a file with a row says it has none")
	}
}

// Two rows of one name with different dates of birth are two people, and
// the screen says so where it can be checked before Import.
func TestImportPeopleScreenSaysWhenOneNameIsTwoPeople(t *testing.T) {
	h := newHarness(t, true, fyne.NewSize(1280, 800))
	s := openImport(t, h, domain.RoleLinkWorker)
	s.Load("list.csv", io.NopCloser(strings.NewReader("First name,Last name,DOB\nAnn,Smith,3/2/1950\nAnn,Smith,4/2/1951\n")))
	uitest.Shot(t, h.w, "import-people-two-people")
	for _, want := range []string{"Taken as different people (1)",
		"Line 3: Ann Smith has the same name as line 2 but a different date of birth, so they are taken as two people"} {
		if !hasText(s.content, want) {
			t.Errorf("the screen does not say %q: %q", want, importTexts(s.content))
		}
	}
	if s.importBtn.Disabled() || s.importBtn.Text != "Import 2 people" {
		t.Errorf("Import reads %q (disabled %v)", s.importBtn.Text, s.importBtn.Disabled())
	}
}

// TestImportPeopleAgainAfterAnErasure: someone imported from a file and
// erased at their request since. Importing the file again brings them
// back nowhere (the store keeps an erasure), and the screen says so,
// where it offered them as a person to add and said they were imported.
func TestImportPeopleAgainAfterAnErasure(t *testing.T) {
	h := newHarness(t, true, fyne.NewSize(1280, 800))
	s := openImport(t, h, domain.RoleLinkWorker)
	file := "First name,Last name,Date of birth\nZainab,Quartey,03/02/1950\nWalter,Quigley,21/11/1961\n"
	s.Load("list.csv", io.NopCloser(strings.NewReader(file)))
	test.Tap(s.importBtn)
	v := h.st.View()
	found := v.SearchPeople("Quigley", 5)
	if len(found) != 1 {
		t.Fatalf("%d Walters after the import", len(found))
	}
	if err := h.st.ErasePerson("staff-admin", found[0].ID); err != nil {
		t.Fatal(err)
	}

	s.Load("list.csv", io.NopCloser(strings.NewReader(file)))
	for _, want := range []string{
		"1 person in the file was erased or removed from this device since an earlier import of it; they are not brought back.",
		"0 people to add; 1 already here; 1 erased or removed before, not brought back.",
	} {
		if !hasText(s.content, want) {
			t.Errorf("the screen does not say %q", want)
		}
	}
	uitest.Shot(t, h.w, "import-again-after-an-erasure")
	if !s.importBtn.Disabled() {
		t.Errorf("Import is offered (%q) with nobody to add", s.importBtn.Text)
	}
	if n := len(h.st.View().SearchPeople("Quigley", 5)); n != 0 {
		t.Errorf("%d Walters after the erasure", n)
	}
}
