package pdffont

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-pdf/fpdf"
)

// TestNamesPrintAsWritten: names from across Europe come out of a PDF
// letter for letter (read back with pdftotext), and twice the same
// document is the same bytes.
func TestNamesPrintAsWritten(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Fatal("pdftotext is missing: make test installs poppler-utils (scripts/deps.sh)")
	}
	names := []string{"Łukasz Wójcik", "Gwenllïan ap Dafydd, Tŷ Gwyn, Ŵyn", "Antonín Dvořák", "Şükrü Öztürk", "Zoë Ní Bhraonáin", "Åsa Sørensen"}
	render := func() []byte {
		f := fpdf.New("P", "mm", "A4", "")
		// Both dates pinned: fpdf stamps an unset ModDate with the clock,
		// and the two renders could fall either side of a second.
		f.SetCreationDate(time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC))
		f.SetModificationDate(time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC))
		f.SetCatalogSort(true)
		Register(f)
		f.AddPage()
		for i, style := range []string{"", "B", "I", "BI", "", ""} {
			f.SetFont(Family, style, 12)
			f.CellFormat(0, 8, Text(names[i]+" ✓"), "", 1, "L", false, 0, "")
		}
		var buf bytes.Buffer
		if err := f.Output(&buf); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	a, b := render(), render()
	if !bytes.Equal(a, b) {
		t.Error("the same document gave different bytes")
	}
	path := filepath.Join(t.TempDir(), "names.pdf")
	if err := os.WriteFile(path, a, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		if !strings.Contains(string(out), n) {
			t.Errorf("%q did not print as written:\n%s", n, out)
		}
	}
}
