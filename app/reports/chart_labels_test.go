package reports

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/report"
)

// TestBarChartLabelsAreWhole: in a column as narrow as the Equity
// section's on a portrait tablet, at every text size, each group's name
// (the ethnic groups are long) is written whole, on lines of its own
// above its bar when it does not fit beside it, inside the chart, and
// nothing is cut short with "…"; a bar and its count still follow each.
func TestBarChartLabelsAreWhole(t *testing.T) {
	test.NewTempApp(t)
	labels := append([]string{domain.NotRecorded}, domain.EthnicGroups...)
	values := make([]float64, len(labels))
	for i := range values {
		values[i] = float64(5 + i)
	}
	c := report.Chart{Kind: report.ChartBar, Labels: labels, Series: []report.Series{{Name: "people attending", Values: values}}}
	for _, ts := range uitest.TextSizes {
		for _, width := range []float32{330, 600} {
			t.Run(fmt.Sprintf("%s-%.0f", ts.Name, width), func(t *testing.T) {
				uitest.UseTextSize(ts.Scale)
				ch := NewChart(c, 0, 0)
				w := test.NewWindow(ch)
				defer w.Close()
				ch.Resize(fyne.NewSize(width, 10))
				ch.Resize(fyne.NewSize(width, ch.MinSize().Height)) // as high as it asks at that width
				w.Resize(ch.Size().AddWidthHeight(2*theme.Padding(), 2*theme.Padding()))
				uitest.Shot(t, w, fmt.Sprintf("chart-labels-%s-%.0f", ts.Name, width))
				var texts []*canvas.Text
				var bottom float32
				for _, o := range test.WidgetRenderer(ch).Objects() {
					if x, ok := o.(*canvas.Text); ok {
						texts = append(texts, x)
						if strings.Contains(x.Text, "…") {
							t.Errorf("%q is cut short", x.Text)
						}
						if x.Position().X+x.MinSize().Width > width+0.5 {
							t.Errorf("%q runs past the chart's right edge", x.Text)
						}
					}
					bottom = fyne.Max(bottom, o.Position().Y+o.Size().Height)
				}
				if bottom > ch.Size().Height+0.5 {
					t.Errorf("the chart draws down to %.0f, below its %.0f", bottom, ch.Size().Height)
				}
				all := make([]string, len(texts))
				for i, x := range texts {
					all[i] = x.Text
				}
				joined := strings.Join(all, " ")
				for _, l := range labels {
					if !strings.Contains(joined, l) {
						t.Errorf("%q is not written whole; the chart writes %q", l, all)
					}
				}
			})
		}
	}
}
