package report

import (
	"slices"
	"testing"

	"github.com/gather-sp/gather/internal/pdffont"
	"github.com/go-pdf/fpdf"
)

// TestPDFSuppressedFiguresLeaveNamesTheirWidth: in the attendance table a
// suppressed figure (Suppressed) is a figure like any other: it must
// not take the width the activity's and venue's names need, so that each
// name reads on one line, nor make the table too wide for the page (which
// would set it smaller). The fixture's Crafternoon and Money advice have
// both suppressed.
func TestPDFSuppressedFiguresLeaveNamesTheirWidth(t *testing.T) {
	r := build(t, Options{})
	i := slices.IndexFunc(r.Tables(), func(t Table) bool { return t.Name == "attendance_by_activity" })
	if i < 0 {
		t.Fatal("no attendance_by_activity table")
	}
	tab := r.Tables()[i]
	suppressed := 0
	for _, row := range tab.Rows {
		suppressed += len(slices.DeleteFunc(slices.Clone(row), func(c string) bool { return c != Suppressed }))
	}
	if suppressed == 0 {
		t.Fatal("the fixture has no suppressed figure in the attendance table; the test would prove nothing")
	}
	p := &pdfWriter{f: fpdf.New("P", "mm", "A4", ""), r: r, left: margin, width: contentW, tr: pdffont.Text}
	pdffont.Register(p.f)
	p.f.AddPage()
	headers, at := p.pick(tab, attendanceColumns)
	widths := p.autoWidths(tab, headers, at, 2)
	total := 0.0
	for _, w := range widths {
		total += w
	}
	if total > contentW+0.01 {
		t.Errorf("the table is %.1f mm wide, more than the page's %.1f: it would be set smaller", total, contentW)
	}
	for _, row := range tab.Rows {
		p.f.SetFont(pdffont.Family, "", 8.5)
		for c := range 2 {
			name := row[at[c]]
			if need := p.f.GetStringWidth(p.tr(name)) + 3; widths[c] < need {
				t.Errorf("%s %q needs %.1f mm on one line, has %.1f (widths %.1f)", headers[c], name, need, widths[c], widths)
			}
		}
		for c := 2; c < len(at); c++ {
			markerFont(p.f, 8.5) // as the table sets it
			if cell := row[at[c]]; cell == Suppressed && p.f.GetStringWidth(p.tr(cell))+1.5 > widths[c] {
				t.Errorf("%q does not fit its %s column (%.1f mm)", cell, headers[c], widths[c])
			}
		}
	}
}

// TestPDFONS4MeanHoldsSuppressed: the ONS4 table's fixed mean column holds a
// suppressed mean without running into the bands beside it.
func TestPDFONS4MeanHoldsSuppressed(t *testing.T) {
	f := fpdf.New("P", "mm", "A4", "")
	pdffont.Register(f)
	f.AddPage()
	f.SetFont(pdffont.Family, "", 8.5)
	if need := f.GetStringWidth(pdffont.Text(Suppressed)) + 2; onsWidths[2] < need {
		t.Errorf("the mean column is %.1f mm; %q needs %.1f", onsWidths[2], Suppressed, need)
	}
	total := 0.0
	for _, w := range onsWidths {
		total += w
	}
	if total > contentW+0.01 {
		t.Errorf("the ONS4 table is %.1f mm wide, more than the page's %.1f", total, contentW)
	}
}
