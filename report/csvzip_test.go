package report

import (
	"archive/zip"
	"bytes"
	"testing"
	"time"
)

// TestCSVZipEntriesAreDated: each CSV in the zip carries the time it was
// written, as a file saved now would; undated, Windows Explorer and
// others showed "1980" or an impossible date (1980-00-00).
func TestCSVZipEntriesAreDated(t *testing.T) {
	tables := []Table{{Name: "attendance", Columns: []string{"a"}, Rows: [][]string{{"1"}}}, {Name: "referrals", Columns: []string{"b"}}}
	before := time.Now().Add(-2 * time.Second) // zip keeps two-second steps
	var buf bytes.Buffer
	if err := WriteCSVZip(&buf, tables); err != nil {
		t.Fatal(err)
	}
	after := time.Now().Add(2 * time.Second)
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if len(zr.File) != len(tables) {
		t.Fatalf("%d files in the zip, want %d", len(zr.File), len(tables))
	}
	for _, f := range zr.File {
		if m := f.Modified; m.Before(before) || m.After(after) {
			t.Errorf("%s is dated %v, want about now (%v)", f.Name, m, before)
		}
	}
}
