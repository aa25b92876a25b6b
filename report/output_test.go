package report

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gather-sp/gather/internal/pdffont"
	"github.com/go-pdf/fpdf"
)

// pdfPages is how many pages the fixed data set's PDF has: summary,
// attendance, referrals and follow-ups, outcomes, equity, and how the
// numbers were counted.
const pdfPages = 6

// TestPDFRendersPages renders the PDF with pdftoppm and checks it has the
// expected pages. Set GATHER_REPORT_PNG to a folder to keep the PNGs and
// look at them.
func TestPDFRendersPages(t *testing.T) {
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		t.Skip("pdftoppm is not installed (poppler-utils)")
	}
	dir := t.TempDir()
	if keep := os.Getenv("GATHER_REPORT_PNG"); keep != "" {
		dir = keep
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	pdf := filepath.Join(dir, "report.pdf")
	var buf bytes.Buffer
	if err := WritePDF(&buf, build(t, Options{})); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
		t.Fatal("not a PDF")
	}
	if err := os.WriteFile(pdf, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftoppm", "-r", "70", "-png", pdf, filepath.Join(dir, "page")).CombinedOutput()
	if err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	pages, _ := filepath.Glob(filepath.Join(dir, "page-*.png"))
	if len(pages) != pdfPages {
		t.Fatalf("%d pages rendered, want %d", len(pages), pdfPages)
	}
	for _, p := range pages {
		if fi, err := os.Stat(p); err != nil || fi.Size() < 5000 {
			t.Errorf("page %s looks empty (%v)", p, err)
		}
	}
	// The text a reader needs is there, and names of people are not.
	if _, err := exec.LookPath("pdftotext"); err == nil {
		txt, err := exec.Command("pdftotext", "-layout", pdf, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"Social prescribing report", "2 March 2026 to 29 March 2026", "Attendance by activity",
			"871731000000106", "Only 7 people", "How these numbers were counted", "SWEMWBS", "Page 6 of 6", Suppressed} {
			if !strings.Contains(string(txt), want) {
				t.Errorf("PDF text lacks %q", want)
			}
		}
		if strings.Contains(string(txt), "Grace Hughes") {
			t.Error("the PDF names a person from the stopped-coming list")
		}
	}
}

func TestPDFIsDeterministic(t *testing.T) {
	var a, b bytes.Buffer
	r := build(t, Options{})
	if err := WritePDF(&a, r); err != nil {
		t.Fatal(err)
	}
	if err := WritePDF(&b, r); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("the same report gave two different PDFs")
	}
}

func readCSV(t *testing.T, data []byte) [][]string {
	t.Helper()
	if !bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")) {
		t.Fatal("CSV has no UTF-8 byte-order mark")
	}
	recs, err := csv.NewReader(bytes.NewReader(data[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func TestCSVTable(t *testing.T) {
	tab := Table{Name: "x", Columns: []string{"name", "value", "date"}, Rows: [][]string{
		{"Zoë, \"Zo\" Okafor", "-1.5", "2026-03-02"},
		{"=HYPERLINK(\"http://x\")", Suppressed, ""},
		{"+44 7700", "@sum", "-"},
	}}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, tab); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "\r\n") {
		t.Error("rows do not end in CRLF")
	}
	got := readCSV(t, buf.Bytes())
	want := [][]string{{"name", "value", "date"},
		{"Zoë, \"Zo\" Okafor", "-1.5", "2026-03-02"},
		{"'=HYPERLINK(\"http://x\")", Suppressed, ""},
		{"'+44 7700", "'@sum", "'-"}}
	for i := range want {
		if strings.Join(got[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d: %q, want %q", i, got[i], want[i])
		}
	}
}

func TestCommand(t *testing.T) {
	load := func() *Dataset { return fixture() }
	now := func() time.Time { return time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC) }
	dir := t.TempDir()
	run := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := command(args, load, &out, now)
		return out.String(), err
	}
	t.Run("csv folder", func(t *testing.T) {
		folder := filepath.Join(dir, "csv")
		msg, err := run("--from", fixFrom, "--to", fixTo, "--format", "csv", "--out", folder)
		if err != nil {
			t.Fatal(err)
		}
		if want := "Wrote the CSV report for the whole organisation, " + longDate(fixFrom) + " to " + longDate(fixTo) + ", to " + folder + "\n"; msg != want {
			t.Errorf("message %q, want %q", msg, want)
		}
		data, err := os.ReadFile(filepath.Join(folder, "attendance_by_activity.csv"))
		if err != nil {
			t.Fatal(err)
		}
		recs := readCSV(t, data)
		if strings.Join(recs[1], ",") != "garden,Garden group,Lakeside Garden,4,10,19,5,4.8,48%,not shown,6,not shown,4,0" {
			t.Errorf("garden row %q", recs[1])
		}
		files, _ := filepath.Glob(filepath.Join(folder, "*.csv"))
		if len(files) != len(build(t, Options{}).Tables()) {
			t.Errorf("%d files", len(files))
		}
		// The stopped-coming list is there, for staff.
		data, _ = os.ReadFile(filepath.Join(folder, "stopped_coming.csv"))
		if recs := readCSV(t, data); len(recs) != 2 || recs[1][1] != "Grace Hughes" {
			t.Errorf("stopped_coming %q", recs)
		}
	})
	t.Run("csv zip", func(t *testing.T) {
		path := filepath.Join(dir, "report.zip")
		if _, err := run("--from", fixFrom, "--to", fixTo, "--format", "csv", "--out", path); err != nil {
			t.Fatal(err)
		}
		zr, err := zip.OpenReader(path)
		if err != nil {
			t.Fatal(err)
		}
		defer zr.Close()
		if zr.File[0].Name != "summary.csv" {
			t.Errorf("first file %s", zr.File[0].Name)
		}
	})
	t.Run("pdf with filter", func(t *testing.T) {
		path := filepath.Join(dir, "garden.pdf")
		msg, err := run("--from", fixFrom, "--to", fixTo, "--format", "pdf", "--out", path, "--activity", "garden")
		if err != nil {
			t.Fatal(err)
		}
		data, _ := os.ReadFile(path)
		if !bytes.HasPrefix(data, []byte("%PDF-")) || !strings.Contains(msg, "Activity: Garden group") {
			t.Errorf("pdf %d bytes, message %q", len(data), msg)
		}
	})
	errs := []struct {
		name string
		args []string
		want string
	}{
		{"no period", []string{"--format", "pdf", "--out", "x.pdf"}, "give both a from and a to date"},
		{"bad date", []string{"--from", "1/3/2026", "--to", fixTo, "--format", "pdf", "--out", "x.pdf"}, "YYYY-MM-DD"},
		{"backwards", []string{"--from", fixTo, "--to", fixFrom, "--format", "pdf", "--out", "x.pdf"}, "before it starts"},
		{"bad format", []string{"--from", fixFrom, "--to", fixTo, "--format", "xlsx", "--out", "x.xlsx"}, "csv or pdf"},
		{"no out", []string{"--from", fixFrom, "--to", fixTo, "--format", "csv"}, "--out is needed"},
		{"pdf name", []string{"--from", fixFrom, "--to", fixTo, "--format", "pdf", "--out", "report.csv"}, "should end in .pdf"},
		{"csv as one file", []string{"--from", fixFrom, "--to", fixTo, "--format", "csv", "--out", "october.csv"}, "give a folder (--out october) or a zip of them (--out october.zip)"},
		{"unknown flag", []string{"--form", fixFrom}, "flag provided but not defined: -form"},
		{"stray word", []string{"--from", fixFrom, "--to", fixTo, "pdf"}, "unexpected \"pdf\""},
		{"unknown venue", []string{"--from", fixFrom, "--to", fixTo, "--format", "csv", "--out", dir, "--venue", "v9"}, "no venue with id \"v9\""},
		{"unknown activity", []string{"--from", fixFrom, "--to", fixTo, "--format", "csv", "--out", dir, "--activity", "choir"}, "no activity"},
		{"unknown practice", []string{"--from", fixFrom, "--to", fixTo, "--format", "csv", "--out", dir, "--practice", "elm surgery"}, "must match exactly"},
	}
	for _, tt := range errs {
		t.Run(tt.name, func(t *testing.T) {
			_, err := run(tt.args...)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
		})
	}
	t.Run("help", func(t *testing.T) {
		out, err := run("--help")
		if err != nil || !strings.Contains(out, "usage: gather report") {
			t.Fatalf("help: %v %q", err, out)
		}
	})
}

// TestPDFTableWrapsLongNames: a name too long for its column wraps onto
// more lines instead of being cut short with "...".
func TestPDFTableWrapsLongNames(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Fatal("pdftotext is missing: make test installs poppler-utils (scripts/deps.sh)")
	}
	const long = "Intergenerational mindful walking and wildlife spotting in the Riverside Surgery community garden, with tea after"
	f := fpdf.New("P", "mm", "A4", "")
	f.AddPage()
	pdffont.Register(f)
	p := &pdfWriter{f: f, tr: pdffont.Text, left: margin, width: contentW}
	tab := Table{Name: "t", Columns: []string{"Activity", "Venue", "Sessions", "Places", "Attended", "Did not come", "Walk-ins", "Rate"},
		Rows: [][]string{{long, "St Anne's Church Hall and Community Rooms", "12", "240", "180", "40", "5", "75%"}, {"Craft", "Hall", "1", "2", "3", "4", "5", "6%"}}}
	var cols []pdfColumn
	for _, c := range tab.Columns {
		cols = append(cols, pdfColumn{c, c})
	}
	p.table(tab, cols, 2)
	var buf bytes.Buffer
	if err := f.Output(&buf); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "t.pdf")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(out)), " ")
	if strings.Contains(text, "...") {
		t.Errorf("a cell was cut short:\n%s", out)
	}
	for _, word := range strings.Fields(long + " St Anne's Church Hall and Community Rooms") {
		if !strings.Contains(text, word) {
			t.Errorf("the PDF lacks %q of the names:\n%s", word, out)
		}
	}
}

// TestPDFTablesShowTheColumnsTheyName: each cell of a PDF table is the
// table's column named under its header, whatever columns the CSV gains.
// Before, the PDF skipped as many leading columns as the CSV had more
// than its headers, so two columns added at the end of the
// attendance-by-activity table dropped the activity and venue names and
// printed every figure under the wrong header.
func TestPDFTablesShowTheColumnsTheyName(t *testing.T) {
	r := build(t, Options{})
	var buf bytes.Buffer
	if err := WritePDF(&buf, r); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	// A row's names may wrap onto a second line: the first line holds the
	// first word of each, and the figures.
	table := string(out)[strings.Index(string(out), "Attendance by activity\n"):]
	for _, a := range r.Attendance.ByActivity {
		activity, venue := strings.Fields(a.Activity)[0], strings.Fields(a.Venue)[0]
		found := false
		for _, line := range strings.Split(table, "\n") {
			f := strings.Fields(line)
			if len(f) > 3 && f[0] == activity && slices.Contains(f, venue) && slices.Contains(f, itoa(a.SessionsHeld)) {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("no row of the attendance table starts %s, %s, %d sessions:\n%s", activity, venue, a.SessionsHeld, table)
		}
	}

	p := &pdfWriter{f: fpdf.New("P", "mm", "A4", ""), tr: pdffont.Text, left: margin, width: contentW}
	pdffont.Register(p.f)
	p.f.AddPage()
	p.table(Table{Name: "t", Columns: []string{"a"}, Rows: [][]string{{"1"}}}, []pdfColumn{{"a", "A"}, {"gone", "Gone"}}, 1)
	if p.err == nil || !strings.Contains(p.err.Error(), `"gone"`) {
		t.Errorf("a column the table lacks gives %v", p.err)
	}
}
