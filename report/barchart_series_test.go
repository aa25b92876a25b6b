package report

import (
	"bytes"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-pdf/fpdf"

	"github.com/gather-sp/gather/internal/pdffont"
)

// TestPDFBarChartValuesWithoutBarsSayTheirSeries: in a PDF bar chart of
// two series (baseline and follow-up, people attending and referrals
// received), a figure not shown and a nought have no bar to carry the
// series' colour; each still says which series it is, by name beside the
// value (and the series' swatch), as the on-screen chart does. A value
// with a bar is just its number. One series needs no names.
func TestPDFBarChartValuesWithoutBarsSayTheirSeries(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Fatal("pdftotext is missing: make test installs poppler-utils (scripts/deps.sh)")
	}
	nan := math.NaN()
	two := Chart{Name: "c", Title: "By age", Kind: ChartBar, Labels: []string{"25-34", "35-44", "85 and over"},
		Series: []Series{{Name: "people attending", Values: []float64{nan, 9, nan}},
			{Name: "referrals received", Values: []float64{0, nan, 12}}}}
	one := Chart{Name: "d", Title: "Alone", Kind: ChartBar, Labels: []string{"a", "b"},
		Series: []Series{{Name: "people attending", Values: []float64{nan, 0}}}}
	text := func(c Chart) string {
		t.Helper()
		f := fpdf.New("P", "mm", "A4", "")
		f.AddPage()
		pdffont.Register(f)
		p := &pdfWriter{f: f, tr: pdffont.Text, left: margin, width: contentW}
		p.barChart(c)
		var buf bytes.Buffer
		if err := f.Output(&buf); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), c.Name+".pdf")
		if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		if dir := os.Getenv("GATHER_SHOTS"); dir != "" {
			os.WriteFile(filepath.Join(dir, "barchart-"+c.Name+".pdf"), buf.Bytes(), 0o644)
		}
		out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		return string(out)
	}
	got := text(two)
	// Each row's lines, from its label to the next one's.
	rows := map[string]string{}
	for i, label := range two.Labels {
		from := strings.Index(got, label)
		if from < 0 {
			t.Fatalf("no row %q in:\n%s", label, got)
		}
		to := len(got)
		if i+1 < len(two.Labels) {
			to = strings.Index(got, two.Labels[i+1])
		}
		// The row's label sits between its two series' lines: take the
		// line before it too.
		if nl := strings.LastIndex(got[:from], "\n"); nl > 0 {
			if prev := strings.LastIndex(got[:nl], "\n"); prev >= 0 {
				from = prev
			}
		}
		rows[label] = strings.Join(strings.Fields(got[from:to]), " ")
	}
	for _, want := range []struct{ label, says string }{
		{"25-34", "people attending: " + Suppressed}, {"25-34", "referrals received: 0"},
		{"35-44", "referrals received: " + Suppressed},
		{"85 and over", "people attending: " + Suppressed},
	} {
		if !strings.Contains(rows[want.label], want.says) {
			t.Errorf("row %s does not say %q: %q", want.label, want.says, rows[want.label])
		}
	}
	for _, bar := range []string{"people attending: 9", "referrals received: 12"} {
		if strings.Contains(got, bar) {
			t.Errorf("a value with a bar is named too: %q", bar)
		}
	}
	if alone := text(one); strings.Contains(alone, "people attending:") {
		t.Errorf("a chart of one series names it beside its values:\n%s", alone)
	}
}
