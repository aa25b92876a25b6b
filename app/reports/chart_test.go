package reports

import (
	"math"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/gather-sp/gather/report"
)

// TestBarChartValuesWithoutBarsSayTheirSeries: in a chart of two series
// (ONS4's baseline and follow-up), a
// figure not shown and a nought have no bar to carry the series' colour;
// each still says which series it belongs to, with the series' swatch
// beside it and its name in words, in the text colour (not faint), within
// the chart, on a portrait tablet's width and a laptop's.
func TestBarChartValuesWithoutBarsSayTheirSeries(t *testing.T) {
	test.NewTempApp(t)
	nan := math.NaN()
	c := report.Chart{Kind: report.ChartBar, Labels: []string{"25-34", "35-44", "85 and over"},
		Series: []report.Series{{Name: "people attending", Values: []float64{nan, 9, nan}},
			{Name: "referrals received", Values: []float64{0, nan, nan}}}}
	for _, width := range []float32{360, 760, 1240} {
		ch := NewChart(c, 0, 0)
		w := test.NewWindow(ch)
		w.Resize(fyne.NewSize(width+20, ch.MinSize().Height+40))
		ch.Resize(fyne.NewSize(width, ch.MinSize().Height))
		objs := test.WidgetRenderer(ch).Objects()
		legendBottom := textSize() * 2
		var texts []*canvas.Text
		var swatches []*canvas.Rectangle
		for _, o := range objs {
			switch x := o.(type) {
			case *canvas.Text:
				if x.Position().Y >= legendBottom {
					texts = append(texts, x)
				}
			case *canvas.Rectangle:
				if x.Position().Y >= legendBottom && x.Size().Width < textSize() { // a swatch, not a bar
					swatches = append(swatches, x)
				}
			}
		}
		// Each bar-less value: its row, its series, what it says.
		for li := range c.Labels {
			for si, s := range c.Series {
				v := s.Values[li]
				if !math.IsNaN(v) && v != 0 {
					continue
				}
				want := report.Suppressed
				if v == 0 {
					want = "0"
				}
				var value *canvas.Text
				for _, tx := range texts {
					if tx.Text == want && sameRow(tx, li, si, ch) {
						value = tx
					}
				}
				if value == nil {
					t.Errorf("width %v, %s, %s: no %q on its row", width, c.Labels[li], s.Name, want)
					continue
				}
				if value.Color == theme.Color(theme.ColorNamePlaceHolder) {
					t.Errorf("width %v, %s, %s: %q is faint", width, c.Labels[li], s.Name, want)
				}
				if value.Position().X+value.MinSize().Width > width {
					t.Errorf("width %v, %s, %s: %q runs off the chart", width, c.Labels[li], s.Name, want)
				}
				named, coloured := false, false
				for _, tx := range texts {
					if sameRow(tx, li, si, ch) && strings.Contains(tx.Text, strings.Fields(s.Name)[0]) {
						named = true
					}
				}
				for _, sw := range swatches {
					if sameRow(sw, li, si, ch) && sw.FillColor == seriesColor(si) && sw.Position().X < value.Position().X {
						coloured = true
					}
				}
				if !coloured {
					t.Errorf("width %v, %s: %s's %q has no swatch of its series' colour", width, c.Labels[li], s.Name, want)
				}
				if !named && width >= 760 {
					t.Errorf("width %v, %s: %s's %q does not name its series", width, c.Labels[li], s.Name, want)
				}
			}
		}
		w.Close()
	}
}

// sameRow tells whether o sits in the bar slot of label li, series si.
func sameRow(o fyne.CanvasObject, li, si int, ch *Chart) bool {
	r := &chartRenderer{c: ch}
	top := r.legendHeight() + float32(li)*r.groupHeight() + float32(si)*(r.barHeight()+2)
	mid := o.Position().Y + o.Size().Height/2
	return mid >= top && mid <= top+r.barHeight()
}
