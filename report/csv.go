package report

import (
	"archive/zip"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// utf8BOM makes spreadsheet programs (Excel in particular) read the file as
// UTF-8, so Zoë and Siobhán keep their accents.
const utf8BOM = "\uFEFF"

// WriteCSV writes one table as CSV: UTF-8 with a byte-order mark, a header
// row, CRLF line ends, ISO dates.
func WriteCSV(w io.Writer, t Table) error {
	if _, err := io.WriteString(w, utf8BOM); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(t.Columns); err != nil {
		return err
	}
	for _, row := range t.Rows {
		safe := make([]string, len(row))
		for i, cell := range row {
			safe[i] = defuse(cell)
		}
		if err := cw.Write(safe); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// defuse stops a spreadsheet from running a cell as a formula: text that
// starts with = + - @ (a name typed as "=HYPERLINK(...)", say) gets a
// leading apostrophe. Numbers, negative ones included, are left alone.
func defuse(cell string) string {
	if cell == "" || !strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
		return cell
	}
	if _, err := strconv.ParseFloat(cell, 64); err == nil {
		return cell
	}
	return "'" + cell
}

// WriteCSVDir writes every table as NAME.csv in dir, creating it.
func WriteCSVDir(dir string, tables []Table) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("cannot make the folder for the CSV files: %w", err)
	}
	for _, t := range tables {
		f, err := os.Create(filepath.Join(dir, t.Name+".csv"))
		if err != nil {
			return err
		}
		err = WriteCSV(f, t)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("writing %s.csv: %w", t.Name, err)
		}
	}
	return nil
}

// WriteCSVZip writes every table as NAME.csv into one zip archive, each
// dated now, as a file written now is (zip.Create leaves them undated, which
// file managers show as 1980 or no date at all).
func WriteCSVZip(w io.Writer, tables []Table) error {
	zw := zip.NewWriter(w)
	now := time.Now()
	for _, t := range tables {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: t.Name + ".csv", Method: zip.Deflate, Modified: now})
		if err != nil {
			return err
		}
		if err := WriteCSV(f, t); err != nil {
			return fmt.Errorf("writing %s.csv: %w", t.Name, err)
		}
	}
	return zw.Close()
}
