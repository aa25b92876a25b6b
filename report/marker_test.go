package report

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestOneMarkerForEveryHiddenFigure: a count hidden only so that another
// cannot be worked out by subtraction may be any size (the fixture's 8 new
// people of 10, 5 friends of 8 companions). It must not read "<5", which
// would be false, nor anything other than the marker every hidden figure
// shows, which would tell it apart from the small ones. No output, PDF or
// CSV, says "<5" at all.
func TestOneMarkerForEveryHiddenFigure(t *testing.T) {
	r := build(t, Options{})
	a := r.Attendance
	for _, c := range []struct {
		name string
		c    Count
	}{{"new people", a.NewPeople}, {"friends", a.Friends}} {
		if !c.c.Hidden || c.c.N < MinGroup {
			t.Fatalf("%s: %+v; the fixture should hide it only to protect another", c.name, c.c)
		}
		if got := c.c.String(); got != Suppressed {
			t.Errorf("%s (%d, hidden) reads %q, want %q", c.name, c.c.N, got, Suppressed)
		}
	}
	if got := summaryValue(t, r, "New people"); got != Suppressed {
		t.Errorf("summary: new people read %q, want %q", got, Suppressed)
	}

	// The CSV: every cell of every table, staff-only ones too.
	var zbuf bytes.Buffer
	if err := WriteCSVZip(&zbuf, r.Tables()); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(zbuf.Bytes()), int64(zbuf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		for i, rec := range readCSV(t, data) {
			for _, cell := range rec {
				if strings.Contains(cell, "<5") {
					t.Errorf("%s row %d: cell %q says <5", zf.Name, i, cell)
				}
			}
		}
	}

	// The PDF, as a reader sees it.
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext is not installed (poppler-utils)")
	}
	var pbuf bytes.Buffer
	if err := WritePDF(&pbuf, r); err != nil {
		t.Fatal(err)
	}
	pdf := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(pdf, pbuf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	txt := string(out)
	if strings.Contains(txt, "<5") {
		for _, line := range strings.Split(txt, "\n") {
			if strings.Contains(line, "<5") {
				t.Errorf("the PDF says <5: %q", strings.TrimSpace(line))
			}
		}
	}
	found := false
	for _, line := range strings.Split(txt, "\n") {
		if strings.Contains(line, "New people (first time ever)") {
			found = true
			if f := strings.TrimSpace(line); !strings.HasSuffix(f, Suppressed) {
				t.Errorf("the PDF's summary reads %q, want it to end %q", f, Suppressed)
			}
		}
	}
	if !found {
		t.Error("the PDF has no line for new people")
	}
}
