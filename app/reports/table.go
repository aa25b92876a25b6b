package reports

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/report"
)

// Table shows rows of text under a bold header, numbers aligned right and
// every other row lightly shaded. Columns are as wide as their widest
// cell; when the table is wider than the screen, text columns are
// shortened with an ellipsis, down to a few words, and then it scrolls
// sideways (see newTable).
type Table struct {
	widget.BaseWidget
	Columns []string
	Rows    [][]string
}

// NewTable returns a table of rows under columns. Cells are shown as given;
// a suppressed figure (report.Suppressed) is drawn faint.
func NewTable(columns []string, rows [][]string) *Table {
	t := &Table{Columns: columns, Rows: rows}
	t.ExtendBaseWidget(t)
	return t
}

// newTable wraps a table so that a wide one scrolls sideways rather than
// widening the screen.
func newTable(columns []string, rows [][]string) fyne.CanvasObject {
	return container.NewHScroll(NewTable(columns, rows))
}

// pick returns the named columns of an engine table, with headings for
// people to read.
func pick(t report.Table, names []string, headings []string) ([]string, [][]string) {
	idx := make([]int, len(names))
	for i, n := range names {
		idx[i] = -1
		for j, c := range t.Columns {
			if c == n {
				idx[i] = j
			}
		}
	}
	rows := make([][]string, len(t.Rows))
	for r, row := range t.Rows {
		out := make([]string, len(names))
		for i, j := range idx {
			if j >= 0 && j < len(row) {
				out[i] = row[j]
			}
		}
		rows[r] = out
	}
	return headings, rows
}

// CreateRenderer is part of fyne.Widget.
func (t *Table) CreateRenderer() fyne.WidgetRenderer {
	r := &tableRenderer{t: t}
	r.build()
	return r
}

type tableRenderer struct {
	t       *Table
	bgs     []*canvas.Rectangle // one per data row
	line    *canvas.Line
	head    [][]*canvas.Text // per column, the header's lines
	headTxt [][]string
	cells   [][]*canvas.Text // per row, per column
	numeric []bool
	natural []float32 // natural column widths
	objs    []fyne.CanvasObject
}

// suppressed reports whether an engine cell is a figure hidden by
// small-number suppression (report.Suppressed, whatever the figure): it is
// drawn faint, as a figure in a number column.
func suppressed(cell string) bool { return cell == report.Suppressed }

func isNumeric(s string) bool {
	if s == "" || suppressed(s) {
		return true
	}
	// A count with its share, "9 · 20%" (report.CountAndShare), is a number.
	s = strings.ReplaceAll(strings.ReplaceAll(s, " · ", ""), "%", "")
	for _, c := range s {
		if (c < '0' || c > '9') && c != '.' && c != '-' && c != ',' {
			return false
		}
	}
	return true
}

// headerLines splits a heading into at most two lines, breaking at the
// space nearest the middle.
func headerLines(h string) []string {
	if !strings.Contains(h, " ") || len(h) < 12 {
		return []string{h}
	}
	best, bestDiff := -1, len(h)
	for i, c := range h {
		if c == ' ' {
			if d := abs(len(h)/2 - i); d < bestDiff {
				best, bestDiff = i, d
			}
		}
	}
	return []string{h[:best], h[best+1:]}
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

func (r *tableRenderer) build() {
	t := r.t
	fg := theme.Color(theme.ColorNameForeground)
	faint := theme.Color(theme.ColorNamePlaceHolder)
	ts := textSize()
	cols := len(t.Columns)
	r.numeric = make([]bool, cols)
	for c := range cols {
		r.numeric[c] = c > 0
		for _, row := range t.Rows {
			if c < len(row) && !isNumeric(row[c]) {
				r.numeric[c] = false
			}
		}
	}
	r.line = canvas.NewLine(theme.Color(theme.ColorNameForeground))
	r.line.StrokeWidth = 1
	for i := range t.Rows {
		bg := canvas.NewRectangle(theme.Color(theme.ColorNameHover))
		if i%2 == 1 {
			bg.Hide()
		}
		r.bgs = append(r.bgs, bg)
		r.objs = append(r.objs, bg)
	}
	r.objs = append(r.objs, r.line)
	pad := theme.Padding() * 2
	r.natural = make([]float32, cols)
	r.head = make([][]*canvas.Text, cols)
	for c, h := range t.Columns {
		for _, line := range headerLines(h) {
			tx := canvas.NewText(line, fg)
			tx.TextSize = ts
			tx.TextStyle.Bold = true
			r.head[c] = append(r.head[c], tx)
			for len(r.headTxt) <= c {
				r.headTxt = append(r.headTxt, nil)
			}
			r.headTxt[c] = append(r.headTxt[c], line)
			r.objs = append(r.objs, tx)
			r.natural[c] = fyne.Max(r.natural[c], measure(line, true)+pad*2)
		}
	}
	for _, row := range t.Rows {
		var texts []*canvas.Text
		for c := range cols {
			cell := ""
			if c < len(row) {
				cell = row[c]
			}
			tx := canvas.NewText(cell, fg)
			tx.TextSize = ts
			if suppressed(cell) {
				tx.Color = faint
			}
			texts = append(texts, tx)
			r.objs = append(r.objs, tx)
			r.natural[c] = fyne.Max(r.natural[c], measure(tx.Text, false)+pad*2)
		}
		r.cells = append(r.cells, texts)
	}
}

func (r *tableRenderer) rowHeight() float32 { return textSize() * 2 }

func (r *tableRenderer) headHeight() float32 {
	lines := 1
	for _, h := range r.head {
		lines = max(lines, len(h))
	}
	return float32(lines)*textSize()*1.3 + theme.Padding()*2
}

// minColumn is the narrowest a text column gets before the table scrolls.
func minColumn() float32 { return textSize() * 7 }

func (r *tableRenderer) MinSize() fyne.Size {
	var w float32
	for c, n := range r.natural {
		if r.numeric[c] {
			w += n
		} else {
			w += fyne.Min(n, minColumn())
		}
	}
	return fyne.NewSize(w, r.headHeight()+float32(len(r.cells))*r.rowHeight())
}

// widths fits the columns into width: natural widths, the spare given to
// the first column; or, when too wide, text columns shortened in
// proportion.
func (r *tableRenderer) widths(width float32) []float32 {
	out := append([]float32(nil), r.natural...)
	var total, text float32
	for c, n := range out {
		total += n
		if !r.numeric[c] {
			text += n - fyne.Min(n, minColumn())
		}
	}
	switch {
	case total <= width && len(out) > 0:
		out[0] += width - total
	case text > 0:
		cut := fyne.Min(total-width, text)
		for c, n := range out {
			if !r.numeric[c] {
				out[c] = n - cut*(n-fyne.Min(n, minColumn()))/text
			}
		}
	}
	return out
}

func (r *tableRenderer) Layout(size fyne.Size) {
	ws := r.widths(size.Width)
	pad := theme.Padding() * 2
	ts := textSize()
	hh := r.headHeight()
	place := func(tx *canvas.Text, full string, c int, x, y, h float32, bold bool) {
		tx.Text = fit(full, ws[c]-pad*2, bold)
		m := tx.MinSize()
		tx.Resize(m)
		tx.Move(fyne.NewPos(x+pad, y+(h-m.Height)/2))
		if r.numeric[c] {
			tx.Move(fyne.NewPos(x+ws[c]-pad-m.Width, y+(h-m.Height)/2))
		}
	}
	x := float32(0)
	for c, lines := range r.head {
		lh := ts * 1.3
		y := hh - theme.Padding() - lh*float32(len(lines))
		for k, tx := range lines {
			place(tx, r.headTxt[c][k], c, x, y, lh, true)
			y += lh
		}
		x += ws[c]
	}
	r.line.Position1 = fyne.NewPos(0, hh)
	r.line.Position2 = fyne.NewPos(size.Width, hh)
	y := hh
	for i, row := range r.cells {
		r.bgs[i].Move(fyne.NewPos(0, y))
		r.bgs[i].Resize(fyne.NewSize(size.Width, r.rowHeight()))
		x := float32(0)
		for c, tx := range row {
			full := ""
			if c < len(r.t.Rows[i]) {
				full = r.t.Rows[i][c]
			}
			place(tx, full, c, x, y, r.rowHeight(), false)
			x += ws[c]
		}
		y += r.rowHeight()
	}
}

func (r *tableRenderer) Objects() []fyne.CanvasObject { return r.objs }
func (r *tableRenderer) Destroy()                     {}

func (r *tableRenderer) Refresh() {
	fg := theme.Color(theme.ColorNameForeground)
	faint := theme.Color(theme.ColorNamePlaceHolder)
	r.line.StrokeColor = fg
	for _, bg := range r.bgs {
		bg.FillColor = theme.Color(theme.ColorNameHover)
	}
	for _, h := range r.head {
		for _, tx := range h {
			tx.Color = fg
			tx.TextSize = textSize()
		}
	}
	for i, row := range r.cells {
		for c, tx := range row {
			tx.Color = fg
			if c < len(r.t.Rows[i]) && suppressed(r.t.Rows[i][c]) {
				tx.Color = faint
			}
			tx.TextSize = textSize()
		}
	}
	r.Layout(r.t.Size())
	canvas.Refresh(r.t)
}
