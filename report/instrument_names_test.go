package report

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gather-sp/gather/domain"
)

// TestReportsNameQuestionnairesAsTheScreensDo: the printed report's
// wellbeing tables and charts (CSV titles, PDF headings) call the
// questionnaires what the screens call them (domain.InstrumentName), never
// the old "ONS4 personal wellbeing" or "SWEMWBS mental wellbeing"; the
// CSV's file names and column ids stay as they were, for spreadsheets
// that read them.
func TestReportsNameQuestionnairesAsTheScreensDo(t *testing.T) {
	ons, sw := domain.InstrumentName(domain.InstrumentONS4), domain.InstrumentName(domain.InstrumentSWEMWBS)
	old := []string{"ONS4 personal wellbeing", "SWEMWBS mental wellbeing", "ONS4 mean", "SWEMWBS mean metric score (7-35)"}
	r := build(t, Options{})
	want := map[string]struct {
		name    string
		columns string
	}{"ons4": {ons, "item|stage|people|mean|band|people_in_band"}, "swemwbs": {sw, "figure|value"}}
	seen := 0
	for _, tab := range r.Tables() {
		w, ok := want[tab.Name]
		if !ok {
			continue
		}
		seen++
		if !strings.HasPrefix(tab.Title, w.name) {
			t.Errorf("table %s is titled %q, not after %q", tab.Name, tab.Title, w.name)
		}
		if got := strings.Join(tab.Columns, "|"); got != w.columns {
			t.Errorf("table %s's CSV columns are %s, were %s", tab.Name, got, w.columns)
		}
		var buf bytes.Buffer
		if err := WriteCSV(&buf, tab); err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(readCSV(t, buf.Bytes())[0], "|"); got != w.columns {
			t.Errorf("%s.csv's header is %s, was %s", tab.Name, got, w.columns)
		}
	}
	if seen != 2 {
		t.Fatalf("found %d of the ons4 and swemwbs tables", seen)
	}
	for _, c := range r.Charts() {
		if w, ok := want[c.Name]; ok && !strings.HasPrefix(c.Title, w.name) {
			t.Errorf("chart %s is titled %q, not after %q", c.Name, c.Title, w.name)
		}
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("no pdftotext to read the PDF's words")
	}
	var buf bytes.Buffer
	if err := WritePDF(&buf, r); err != nil {
		t.Fatal(err)
	}
	pdf := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(pdf, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", pdf, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	txt := strings.Join(strings.Fields(string(out)), " ")
	for _, w := range []string{ons + ": mean and people in each ONS band", sw + ": people measured at baseline and follow-up", ons + ": mean scores", sw + ": mean metric score"} {
		if !strings.Contains(txt, w) {
			t.Errorf("the PDF does not say %q", w)
		}
	}
	for _, o := range old {
		if strings.Contains(txt, o) {
			t.Errorf("the PDF still says %q", o)
		}
	}
}
