package reports

import (
	"regexp"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/report"
)

// TestEquityGroupsReadOneWay: the Equity section shows each breakdown as
// two charts, people attending and referrals received, in which every
// group (a nought and not recorded among them) is written the one way,
// its count and share ("8 · 100%", "0 · 0%") or "not shown", at the end
// of its bar where it has one, and never as a series' name in words beside
// a swatch, as the bars of one series and the text lines of another did;
// the table under them writes each the same.
func TestEquityGroupsReadOneWay(t *testing.T) {
	h := newHarness(t, "")
	h.s.onSection(SectionEquity)
	h.w.Resize(fyne.NewSize(1280, 800))
	h.settle()
	countAndShare := regexp.MustCompile(`^\d+ · \d+%$`)
	tables := h.tables()
	var charts []*Chart
	walk(h.s.body, func(o fyne.CanvasObject) {
		if c, ok := o.(*Chart); ok {
			charts = append(charts, c)
		}
	})
	if len(charts) != 6 || len(tables) != 3 {
		t.Fatalf("%d charts and %d tables, want people and referrals for each of three breakdowns, and a table each", len(charts), len(tables))
	}
	for i, c := range charts {
		if len(c.Data.Series) != 1 {
			t.Errorf("chart %d has %d series, want one: a value without a bar would read as words", i, len(c.Data.Series))
			continue
		}
		c.Resize(fyne.NewSize(600, c.MinSize().Height))
		var texts []string
		bars := 0
		for _, o := range test.WidgetRenderer(c).Objects() {
			switch x := o.(type) {
			case *canvas.Text:
				texts = append(texts, x.Text)
			case *canvas.Rectangle:
				if x.Size().Width > 0 {
					bars++
				}
			}
		}
		table := tables[i/2]
		col := 1 + 2*(i%2) // people attending, or referrals received
		wantBars := 0
		for li, label := range c.Data.Labels {
			row := table.row(label)
			if row == nil {
				t.Errorf("%s: %q is charted but not in the table", table.columns[0], label)
				continue
			}
			want := row[col]
			if want != report.Suppressed && !countAndShare.MatchString(want) {
				t.Errorf("%s %s: the table reads %q, not a count and share", table.columns[0], label, want)
			}
			if v := c.Data.Series[0].Values[li]; v > 0 {
				wantBars++
			}
			if !containsText(texts, want) {
				t.Errorf("%s %s: the chart does not write %q as the table does; it writes %q", table.columns[0], label, want, texts)
			}
		}
		if len(c.Data.Labels) != len(table.rows) {
			t.Errorf("%s: %d groups charted, %d in the table", table.columns[0], len(c.Data.Labels), len(table.rows))
		}
		if bars != wantBars {
			t.Errorf("%s chart %d: %d bars, want one for each group above nought (%d)", table.columns[0], i%2, bars, wantBars)
		}
		for _, s := range texts {
			if strings.HasSuffix(s, ":") {
				t.Errorf("%s chart %d names a series in words (%q) beside a value", table.columns[0], i%2, s)
			}
		}
	}
}

func containsText(texts []string, want string) bool {
	for _, s := range texts {
		if s == want {
			return true
		}
	}
	return false
}
