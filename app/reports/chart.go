package reports

import (
	"image/color"
	"math"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/report"
)

// Chart draws one report.Chart with canvas primitives: horizontal bars
// with the number (or its series' Shown text) written at the end of each
// bar, or a line with the
// number over each point (as many as fit without overlapping). A NaN value
// is a hidden figure: no bar, and report.Suppressed in its place. Sizes come
// from the theme, so the text size setting is honoured.
type Chart struct {
	widget.BaseWidget
	Data     report.Chart
	Decimals int     // decimals of the values shown
	Max      float64 // the top of the scale; 0 means the largest value
}

// NewChart returns a chart of c.
func NewChart(c report.Chart, decimals int, max float64) *Chart {
	ch := &Chart{Data: c, Decimals: decimals, Max: max}
	ch.ExtendBaseWidget(ch)
	return ch
}

// CreateRenderer is part of fyne.Widget.
func (c *Chart) CreateRenderer() fyne.WidgetRenderer { return &chartRenderer{c: c} }

// seriesColor is the colour of the i-th series: the theme's primary first,
// then colours that read on light and dark backgrounds alike.
func seriesColor(i int) color.Color {
	if i == 0 {
		return theme.Color(theme.ColorNamePrimary)
	}
	palette := []color.Color{
		color.NRGBA{0xc2, 0x7c, 0x0e, 0xff}, // amber
		color.NRGBA{0x3d, 0x73, 0xb8, 0xff}, // blue
		color.NRGBA{0x9b, 0x4f, 0x96, 0xff}, // plum
		color.NRGBA{0x5a, 0x8f, 0x29, 0xff}, // leaf
		color.NRGBA{0xb8, 0x4a, 0x3d, 0xff}, // brick
	}
	return palette[(i-1)%len(palette)]
}

type chartRenderer struct {
	c    *Chart
	objs []fyne.CanvasObject
	size fyne.Size
}

func (r *chartRenderer) Destroy()                     {}
func (r *chartRenderer) Objects() []fyne.CanvasObject { return r.objs }
func (r *chartRenderer) Refresh() {
	r.Layout(r.size)
	canvas.Refresh(r.c)
}

func textSize() float32 { return theme.Size(theme.SizeNameText) }

func measure(s string, bold bool) float32 {
	return fyne.MeasureText(s, textSize(), fyne.TextStyle{Bold: bold}).Width
}

func (r *chartRenderer) format(v float64) string {
	if math.IsNaN(v) {
		return report.Suppressed
	}
	return strconv.FormatFloat(v, 'f', r.c.Decimals, 64)
}

func (r *chartRenderer) MinSize() fyne.Size {
	ts := textSize()
	d := r.c.Data
	if d.Kind == report.ChartLine {
		return fyne.NewSize(ts*16, ts*11)
	}
	h := r.legendHeight() + float32(len(d.Labels))*r.groupHeight()
	if r.labelsAbove(r.size.Width) {
		for _, l := range d.Labels {
			h += float32(len(wrapText(l, r.size.Width))) * lineHeight()
		}
	}
	return fyne.NewSize(ts*18, h)
}

// labelColumn is the widest the names beside the bars may be in a chart
// width wide, so the bars keep the rest.
func labelColumn(width float32) float32 { return width * 0.38 }

// labelsAbove reports whether, width wide, the groups' names go on lines
// of their own above their bars: when one would be cut short beside its
// bar (the ethnic groups in a narrow column, or at the largest text). 0,
// before the chart is first laid out, is beside.
func (r *chartRenderer) labelsAbove(width float32) bool {
	if width <= 0 || r.c.Data.Kind == report.ChartLine {
		return false
	}
	for _, l := range r.c.Data.Labels {
		if measure(l, false) > labelColumn(width) {
			return true
		}
	}
	return false
}

func lineHeight() float32 { return fyne.MeasureText("Mg", textSize(), fyne.TextStyle{}).Height }

// wrapText breaks s into lines at most width wide, between words (a word
// wider than that has a line to itself).
func wrapText(s string, width float32) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		if line != "" && measure(line+" "+w, false) > width {
			lines = append(lines, line)
			line = w
			continue
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	if line != "" || len(lines) == 0 {
		lines = append(lines, line)
	}
	return lines
}

func (r *chartRenderer) legendHeight() float32 {
	if len(r.c.Data.Series) < 2 {
		return 0
	}
	return textSize() * 2
}

func (r *chartRenderer) barHeight() float32 { return textSize() * 1.5 }

func (r *chartRenderer) groupHeight() float32 {
	n := max(1, len(r.c.Data.Series))
	return float32(n)*r.barHeight() + float32(n-1)*2 + textSize()*0.7
}

func (r *chartRenderer) Layout(size fyne.Size) {
	r.size = size
	r.objs = r.objs[:0]
	if size.Width <= 0 {
		return
	}
	if r.c.Data.Kind == report.ChartLine {
		r.layoutLine(size)
		return
	}
	r.layoutBars(size)
	if r.MinSize().Height > size.Height {
		// The names went above their bars at this width, which takes more
		// height than was asked for before it was known: a repaint has the
		// window lay the screen out again for the new MinSize.
		canvas.Refresh(r.c)
	}
}

func (r *chartRenderer) text(s string, x, y float32, c color.Color, bold bool) *canvas.Text {
	t := canvas.NewText(s, c)
	t.TextSize = textSize()
	t.TextStyle.Bold = bold
	t.Move(fyne.NewPos(x, y))
	t.Resize(t.MinSize())
	r.objs = append(r.objs, t)
	return t
}

func (r *chartRenderer) legend(width float32) {
	d := r.c.Data
	if len(d.Series) < 2 {
		return
	}
	ts := textSize()
	fg := theme.Color(theme.ColorNameForeground)
	x := float32(0)
	for i, s := range d.Series {
		sw := canvas.NewRectangle(seriesColor(i))
		sw.CornerRadius = 3
		sw.Resize(fyne.NewSize(ts*0.9, ts*0.9))
		sw.Move(fyne.NewPos(x, ts*0.3))
		r.objs = append(r.objs, sw)
		r.text(s.Name, x+ts*1.3, 0, fg, false)
		x += ts*2.3 + measure(s.Name, false)
		if x > width {
			break
		}
	}
}

// fit shortens s with an ellipsis until it is at most w wide.
func fit(s string, w float32, bold bool) string {
	if measure(s, bold) <= w {
		return s
	}
	rs := []rune(s)
	for n := len(rs) - 1; n > 0; n-- {
		if t := string(rs[:n]) + "…"; measure(t, bold) <= w {
			return t
		}
	}
	return "…"
}

func (r *chartRenderer) scale() float64 {
	top := r.c.Max
	for _, s := range r.c.Data.Series {
		for _, v := range s.Values {
			if !math.IsNaN(v) && v > top {
				top = v
			}
		}
	}
	if top <= 0 {
		return 1
	}
	return top
}

func (r *chartRenderer) layoutBars(size fyne.Size) {
	d := r.c.Data
	ts, pad := textSize(), theme.Padding()
	fg := theme.Color(theme.ColorNameForeground)
	faint := theme.Color(theme.ColorNamePlaceHolder)
	r.legend(size.Width)

	above := r.labelsAbove(size.Width)
	labelW := float32(0)
	for _, l := range d.Labels {
		labelW = fyne.Max(labelW, measure(l, false))
	}
	labelW = fyne.Min(labelW, labelColumn(size.Width))
	valueW := float32(0)
	for _, s := range d.Series {
		for i := range s.Values {
			valueW = fyne.Max(valueW, measure(s.ValueText(i, r.format), true))
		}
	}
	x0 := labelW + pad*3
	if above {
		x0 = 0
	}
	span := size.Width - x0 - valueW - pad*2
	if span < ts {
		span = ts
	}
	top := r.scale()

	y := r.legendHeight()
	if !above {
		// With the names above, the bars start at the left edge, which
		// is their axis.
		axis := canvas.NewLine(theme.Color(theme.ColorNameSeparator))
		axis.StrokeWidth = 1
		axis.Position1 = fyne.NewPos(x0, y)
		axis.Position2 = fyne.NewPos(x0, y+float32(len(d.Labels))*r.groupHeight())
		r.objs = append(r.objs, axis)
	}

	bh := r.barHeight()
	th := lineHeight()
	for i, label := range d.Labels {
		gh := r.groupHeight()
		if above {
			for _, line := range wrapText(label, size.Width) {
				r.text(line, 0, y, fg, false)
				y += th
			}
		} else {
			r.text(fit(label, labelW, false), 0, y+(gh-ts*0.7-th)/2, fg, false)
		}
		by := y
		for si, s := range d.Series {
			v := math.NaN()
			if i < len(s.Values) {
				v = s.Values[i]
			}
			ty := by + (bh-th)/2
			switch {
			case len(d.Series) > 1 && (math.IsNaN(v) || v == 0):
				r.barless(si, s.Name, s.ValueText(i, r.format), x0, by, ty, size.Width)
			case math.IsNaN(v):
				r.text(report.Suppressed, x0+pad, ty, faint, false)
			default:
				w := float32(v/top) * span
				if v > 0 && w < 2 {
					w = 2
				}
				bar := canvas.NewRectangle(seriesColor(si))
				bar.CornerRadius = 3
				bar.Move(fyne.NewPos(x0, by))
				bar.Resize(fyne.NewSize(w, bh))
				r.objs = append(r.objs, bar)
				r.text(s.ValueText(i, r.format), x0+w+pad, ty, fg, true)
			}
			by += bh + 2
		}
		y += gh
	}
}

// barless writes a value that has no bar to carry its series' colour (a
// figure not shown, or a nought) in a chart of several series: the
// series' swatch, as in the legend, then its name and the value in the
// text colour, so a coordinator can tell "referrals received: not shown"
// from "people attending: not shown". The name is shortened, and dropped
// last, where the row is too narrow.
func (r *chartRenderer) barless(si int, name, value string, x0, by, ty, width float32) {
	ts, pad := textSize(), theme.Padding()
	fg := theme.Color(theme.ColorNameForeground)
	side := ts * 0.9
	sw := canvas.NewRectangle(seriesColor(si))
	sw.CornerRadius = 3
	sw.Resize(fyne.NewSize(side, side))
	sw.Move(fyne.NewPos(x0+pad, by+(r.barHeight()-side)/2))
	r.objs = append(r.objs, sw)
	x := x0 + pad + side + pad
	room := width - x - measure(value, true)
	if label := fit(name+":", room-pad, false); label != "…" {
		t := r.text(label, x, ty, fg, false)
		x += t.MinSize().Width + pad
	}
	r.text(value, x, ty, fg, true)
}

// shortDate is "6 Oct" for a week's Monday.
func shortDate(iso string) string {
	t, err := time.Parse(time.DateOnly, iso)
	if err != nil {
		return iso
	}
	return t.Format("2 Jan")
}

func (r *chartRenderer) layoutLine(size fyne.Size) {
	d := r.c.Data
	ts, pad := textSize(), theme.Padding()
	fg := theme.Color(theme.ColorNameForeground)
	grid := theme.Color(theme.ColorNameSeparator)
	r.legend(size.Width)
	th := fyne.MeasureText("Mg", ts, fyne.TextStyle{}).Height

	n := len(d.Labels)
	if n == 0 {
		return
	}
	left, right := pad+ts, size.Width-pad-ts*1.5
	top := r.legendHeight() + th + pad // room for the value over the highest point
	bottom := size.Height - th - pad*2 // room for the dates
	if bottom-top < ts {
		return
	}
	dx := float32(0)
	if n > 1 {
		dx = (right - left) / float32(n-1)
	}
	xAt := func(i int) float32 {
		if n == 1 {
			return (left + right) / 2
		}
		return left + float32(i)*dx
	}
	scale := r.scale()
	yAt := func(v float64) float32 { return bottom - float32(v/scale)*(bottom-top) }

	for _, v := range []float64{0, scale} {
		l := canvas.NewLine(grid)
		l.StrokeWidth = 1
		l.Position1 = fyne.NewPos(left-pad, yAt(v))
		l.Position2 = fyne.NewPos(right+pad, yAt(v))
		r.objs = append(r.objs, l)
	}

	// Dates under the axis, every step-th from the last, so they never overlap.
	every := func(w float32) int {
		if dx <= 0 {
			return 1
		}
		return int(math.Ceil(float64((w + pad*2) / dx)))
	}
	var dateW float32
	for _, l := range d.Labels {
		dateW = fyne.Max(dateW, measure(shortDate(l), false))
	}
	step := every(dateW)
	for i, l := range d.Labels {
		if (n-1-i)%step != 0 {
			continue
		}
		s := shortDate(l)
		w := measure(s, false)
		x := fyne.Min(fyne.Max(xAt(i)-w/2, 0), size.Width-w)
		r.text(s, x, bottom+pad, fg, false)
	}

	var valueW float32
	for _, s := range d.Series {
		for _, v := range s.Values {
			valueW = fyne.Max(valueW, measure(r.format(v), true))
		}
	}
	vstep := every(valueW)
	for si, s := range d.Series {
		col := seriesColor(si)
		prev := -1
		for i, v := range s.Values {
			if math.IsNaN(v) {
				prev = -1
				continue
			}
			if prev >= 0 {
				l := canvas.NewLine(col)
				l.StrokeWidth = 3
				l.Position1 = fyne.NewPos(xAt(prev), yAt(s.Values[prev]))
				l.Position2 = fyne.NewPos(xAt(i), yAt(v))
				r.objs = append(r.objs, l)
			}
			prev = i
		}
		for i, v := range s.Values {
			if math.IsNaN(v) {
				continue
			}
			dot := canvas.NewCircle(col)
			rad := ts * 0.28
			dot.Move(fyne.NewPos(xAt(i)-rad, yAt(v)-rad))
			dot.Resize(fyne.NewSize(rad*2, rad*2))
			r.objs = append(r.objs, dot)
			if len(d.Series) == 1 && (n-1-i)%vstep == 0 {
				txt := r.format(v)
				w := measure(txt, true)
				x := fyne.Min(fyne.Max(xAt(i)-w/2, 0), size.Width-w)
				r.text(txt, x, yAt(v)-th-pad/2, fg, true)
			}
		}
	}
}
