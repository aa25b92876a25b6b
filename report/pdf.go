package report

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/internal/pdffont"
	"github.com/go-pdf/fpdf"
)

// The PDF is A4 portrait, in millimetres.
const (
	pageW    = 210.0
	margin   = 15.0
	contentW = pageW - 2*margin
	lineH    = 5.5
)

// palette is used for chart series in order; it keeps its contrast when
// printed in greyscale (dark, light, mid...).
var palette = [][3]int{{31, 84, 145}, {230, 140, 40}, {60, 150, 90}, {150, 60, 140}, {110, 110, 110}, {200, 60, 60}}

// WritePDF writes the report as a PDF: a summary, attendance, referrals and
// follow-ups, outcomes and equity, and how the numbers were counted. Tables
// that name people (StaffOnly) are left out: a PDF gets handed on.
func WritePDF(w io.Writer, r *Report) error {
	p := &pdfWriter{f: fpdf.New("P", "mm", "A4", ""), r: r, left: margin, width: contentW, tr: pdffont.Text}
	f := p.f
	pdffont.Register(f)
	f.SetMargins(margin, margin, margin)
	f.SetAutoPageBreak(true, margin+5)
	f.SetTitle("Gather report "+r.Options.From+" to "+r.Options.To, true)
	f.SetProducer("Gather", true)
	if t, err := time.Parse(time.DateOnly, r.Options.Today); err == nil {
		// A fixed date keeps the file the same for the same report.
		f.SetCreationDate(t)
		f.SetModificationDate(t)
	}
	f.SetCatalogSort(true) // resources in a fixed order, so the same report gives the same bytes
	f.AliasNbPages("{nb}")
	f.SetFooterFunc(func() {
		f.SetY(-margin)
		f.SetFont(pdffont.Family, "", 8)
		f.SetTextColor(90, 90, 90)
		f.CellFormat(contentW/2, 5, p.tr("Gather report, "+r.Options.From+" to "+r.Options.To+", "+r.Scope), "", 0, "L", false, 0, "")
		f.CellFormat(contentW/2, 5, fmt.Sprintf("Page %d of {nb}", f.PageNo()), "", 0, "R", false, 0, "")
		f.SetTextColor(0, 0, 0)
	})

	tables := map[string]Table{}
	for _, t := range r.Tables() {
		tables[t.Name] = t
	}
	charts := map[string]Chart{}
	for _, c := range r.Charts() {
		charts[c.Name] = c
	}

	// Page 1: what this is, and the summary.
	f.AddPage()
	f.SetFont(pdffont.Family, "B", 20)
	f.CellFormat(contentW, 10, p.tr("Social prescribing report"), "", 1, "L", false, 0, "")
	f.SetFont(pdffont.Family, "", 11)
	f.CellFormat(contentW, 6, p.tr(longDate(r.Options.From)+" to "+longDate(r.Options.To)+" (both days included)"), "", 1, "L", false, 0, "")
	f.CellFormat(contentW, 6, p.tr(r.Scope+". Follow-ups as at "+longDate(r.Options.Today)+"."), "", 1, "L", false, 0, "")
	// One line, or the summary runs onto a second page.
	p.note(SuppressedNote)
	f.Ln(2)
	p.table(tables["summary"], []pdfColumn{{"section", "Section"}, {"figure", "Figure"}, {"value", "Value"}}, 2)

	// Page 2: attendance.
	f.AddPage()
	p.heading("Attendance")
	a := r.Attendance
	if a.SessionsHeld == 0 && a.Attendances.None() {
		p.para("No sessions were held in this period.")
	} else {
		p.para(attendanceSentence(a))
		if a.Companions.N > 0 {
			p.para(companionsSentence(a))
		}
	}
	p.barChart(charts["attendance_by_activity"])
	p.lineChart(charts["attendance_weekly"], 60)
	p.subTitle("Attendance by activity", "")
	cols := attendanceColumns
	if a.ForPractice {
		// Not applicable in every row: the column would say nothing.
		cols = slices.DeleteFunc(slices.Clone(cols), func(c pdfColumn) bool { return c.name == "places_taken" })
	}
	p.table(tables["attendance_by_activity"], cols, 2)
	p.note(fmt.Sprintf("People who stopped coming (missed their last three sessions): %s. Their names are in the stopped_coming CSV, for staff only.",
		a.StoppedComingPeople().String()))

	// Page 3: referrals and follow-ups.
	f.AddPage()
	p.heading("Referrals")
	p.barChart(charts["referrals_by_source"])
	p.columns([]Table{tables["referrals_by_practice"], tables["declined_reasons"]}, []Table{tables["referrals_by_reason"]})
	p.subTable(tables["snomed_codes"])
	p.columns([]Table{tables["matched_to"]}, []Table{tables["onward_referrals"]})
	if len(tables["waiting_lists"].Rows) > 0 {
		p.subTitle("Waiting lists", tables["waiting_lists"].Note)
		p.table(tables["waiting_lists"], []pdfColumn{{"activity", "Activity"}, {"venue", "Venue"},
			{"waiting_at_end", "Waiting at end"}, {"joined", "Joined"}, {"given_a_place", "Given a place"},
			{"median_days_waited", "Usual wait for a place, days"}, {"longest_wait_so_far_days", "Longest still waiting, days"}}, 2)
	}
	p.heading("Follow-ups")
	p.subTable(tables["follow_ups"])

	// Page 4: outcomes.
	f.AddPage()
	p.heading("Wellbeing outcomes")
	o := r.Outcomes
	p.para("Only people measured at both baseline and follow-up are included, so before and after describe the same people.")
	p.warning(o.ONS4.Warning)
	if o.ONS4.Pairs.N > 0 { // with no one, every bar would read Suppressed, which says someone is there
		p.barChart(charts["ons4"])
	}
	p.onsTable(o.ONS4)
	p.warning(o.SWEMWBS.Warning)
	if o.SWEMWBS.Pairs.N > 0 {
		p.barChart(charts["swemwbs"])
	}
	p.subTable(tables["swemwbs"])

	// Page 5: equity.
	f.AddPage()
	// Every group of each breakdown a bar, written as its count and
	// share, as on screen; then the table, with the attendances.
	p.heading("Equity")
	p.para(EquityIntro)
	for _, dim := range []string{"age_band", "gender", "ethnicity"} {
		p.barChartPair(charts["equity_people_"+dim], charts["equity_referrals_"+dim])
	}
	p.subTable(r.EquityShown())

	// Last page: method.
	f.AddPage()
	p.heading("How these numbers were counted")
	for _, m := range Method() {
		f.SetFont(pdffont.Family, "B", 10)
		f.CellFormat(contentW, lineH, p.tr(m[0]), "", 1, "L", false, 0, "")
		f.SetFont(pdffont.Family, "", 9)
		f.MultiCell(contentW, 4.5, p.tr(m[1]), "", "L", false)
		f.Ln(1.5)
	}
	if err := f.Error(); err != nil {
		return fmt.Errorf("making the PDF: %w", err)
	}
	if p.err != nil {
		return p.err
	}
	return f.Output(w)
}

// attendanceColumns are the attendance-by-activity table's columns in the
// PDF: two names, then numbers.
var attendanceColumns = []pdfColumn{{"activity", "Activity"}, {"venue", "Venue"},
	{"sessions_held", "Sessions"}, {"capacity", "Places"}, {"attendances", "Attended"}, {"people", "People"},
	{"average_per_session", "Per session"}, {"places_taken", "Filled"}, {"apologies", ApologiesWord},
	{"absent", AbsentWord}, {"friends_and_carers", "Friend/carer"}}

type pdfWriter struct {
	f  *fpdf.Fpdf
	r  *Report
	tr func(string) string
	// left and width place the current column: the whole page, or one of
	// two side by side.
	left, width float64
	err         error // the first fault of the PDF's own (pick)
}

// longDate is a YYYY-MM-DD date as people write it: "1 October 2026".
func longDate(iso string) string {
	t, err := time.Parse(time.DateOnly, iso)
	if err != nil {
		return iso
	}
	return t.Format("2 January 2006")
}

func orDash(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// attendanceSentence says in words what the attendance came to. A hidden
// figure is never written where its number would go ("Suppressed
// attendances"): its clause says that the number is not shown.
func attendanceSentence(a Attendance) string {
	held := a.SessionsHeldShown() + " sessions were held"
	if a.SessionsHeldHidden {
		held = "Sessions were held (number " + Suppressed + ")"
	}
	att := a.Attendances.Total() + " attendances"
	if a.Attendances.Hidden {
		att = "attendances (number " + Suppressed + ")"
	}
	people := a.People.String() + " different people"
	if a.People.Hidden {
		people = "different people (number " + Suppressed + ")"
	}
	s := held + ", with " + att + " by " + people
	switch {
	case a.People.Hidden: // and so, with them, the new ones
	case a.NewPeople.Hidden:
		s += " (how many of them were new is " + Suppressed + ")"
	default:
		s += " (" + a.NewPeople.String() + " of them new)"
	}
	if a.PerSession.Hidden {
		return s + ". The average per session is " + Suppressed + "."
	}
	return s + ". On average, " + orDash(a.PerSession.Format(1)) + " people came to each session."
}

// companionsSentence says how many friends and carers came along, in the
// same way.
func companionsSentence(a Attendance) string {
	const tail = "; they are not counted in the attendances."
	if a.Companions.Hidden {
		return "Friends and carers came along (how many times is " + Suppressed + ")" + tail
	}
	s := "Friends and carers came along " + a.Companions.String() + " times"
	part := func(name string, c Count) string {
		if c.Hidden {
			return name + " (number " + Suppressed + ")"
		}
		return name + " " + c.String()
	}
	switch {
	case a.Friends.Hidden && a.Carers.Hidden:
		s += " (how many were friends and how many carers is " + Suppressed + ")"
	default:
		s += " (" + part("friends", a.Friends) + ", " + part("carers", a.Carers) + ")"
	}
	return s + tail
}

// markerFont sets the font of Suppressed in a column of figures set at
// size: smaller, italic and grey, so that it reads as no figure at all (as
// on screen), and a table of many leaves the names beside them their width.
// plainFont sets the figures' own font back.
func markerFont(f *fpdf.Fpdf, size float64) {
	f.SetFont(pdffont.Family, "I", size*markerScale)
	f.SetTextColor(90, 90, 90)
}

// markerScale is the size of Suppressed in a table, to that of its figures.
const markerScale = 7.0 / 8.5

func plainFont(f *fpdf.Fpdf, size float64) {
	f.SetFont(pdffont.Family, "", size)
	f.SetTextColor(0, 0, 0)
}

// ensure starts a new page when less than h millimetres are left.
func (p *pdfWriter) ensure(h float64) {
	_, pageH := p.f.GetPageSize()
	if p.f.GetY()+h > pageH-margin-5 {
		p.f.AddPage()
	}
}

func (p *pdfWriter) heading(s string) {
	p.ensure(20)
	p.f.Ln(2)
	p.f.SetFont(pdffont.Family, "B", 15)
	p.f.SetTextColor(31, 84, 145)
	p.f.CellFormat(p.width, 9, p.tr(s), "", 1, "L", false, 0, "")
	p.f.SetTextColor(0, 0, 0)
}

func (p *pdfWriter) para(s string) {
	p.f.SetFont(pdffont.Family, "", 10)
	p.f.MultiCell(p.width, 5, p.tr(s), "", "L", false)
	p.f.Ln(1)
}

func (p *pdfWriter) note(s string) {
	if s == "" {
		return
	}
	p.f.SetFont(pdffont.Family, "I", 8.5)
	p.f.SetTextColor(70, 70, 70)
	p.f.SetX(p.left)
	p.f.MultiCell(p.width, 4, p.tr(s), "", "L", false)
	p.f.SetTextColor(0, 0, 0)
	p.f.Ln(1)
}

// warning is a plain sentence in a tinted box, for few pairs.
func (p *pdfWriter) warning(s string) {
	if s == "" {
		return
	}
	p.ensure(12)
	p.f.SetFont(pdffont.Family, "B", 9)
	p.f.SetFillColor(253, 240, 210)
	p.f.MultiCell(p.width, 5, p.tr(s), "", "L", true)
	p.f.Ln(2)
}

// subTitle prints a table's title and note.
func (p *pdfWriter) subTitle(title, note string) {
	p.f.SetFont(pdffont.Family, "B", 10.5)
	p.f.SetX(p.left)
	p.f.CellFormat(p.width, 6.5, p.tr(title), "", 1, "L", false, 0, "")
	p.note(note)
}

// subTable prints a titled table with its own column names.
func (p *pdfWriter) subTable(t Table) {
	p.ensure(22)
	p.subTitle(t.Title, t.Note)
	if len(t.Rows) == 0 {
		p.f.SetFont(pdffont.Family, "", 9)
		p.f.CellFormat(p.width, lineH, "None in this period.", "", 1, "L", false, 0, "")
		p.f.Ln(2)
		return
	}
	cols := make([]pdfColumn, len(t.Columns))
	for i, c := range t.Columns {
		cols[i] = pdfColumn{c, humanColumn(c)}
	}
	p.table(t, cols, firstNumber(t))
	p.f.Ln(2)
}

// firstNumber is the first column from which every column holds numbers
// (or suppressed ones), to be right-aligned.
func firstNumber(t Table) int {
	first := len(t.Columns)
	for c := len(t.Columns) - 1; c >= 0; c-- {
		for _, row := range t.Rows {
			// A count with its share, "9 · 20%" (CountAndShare), is a number.
			v := strings.ReplaceAll(strings.TrimSuffix(row[c], "%"), " · ", ".")
			if _, err := strconv.ParseFloat(v, 64); err != nil && v != Suppressed && v != "" {
				return first
			}
		}
		first = c
	}
	return first
}

// height estimates the space a subTable takes.
func (p *pdfWriter) height(t Table) float64 {
	h := 6.5 + float64(len(t.Rows)+1)*lineH + 3
	if t.Note != "" {
		h += 4 * float64(len(p.f.SplitText(p.tr(t.Note), p.width)))
	}
	return h
}

// columns prints two stacks of tables side by side, when they fit on a
// page; otherwise one after the other.
func (p *pdfWriter) columns(left, right []Table) {
	half := (contentW - 6) / 2
	saved := p.width
	p.width = half
	hl, hr := 0.0, 0.0
	for _, t := range left {
		hl += p.height(t)
	}
	for _, t := range right {
		hr += p.height(t)
	}
	p.width = saved
	if math.Max(hl, hr) > 180 {
		for _, t := range append(left, right...) {
			p.subTable(t)
		}
		return
	}
	p.ensure(math.Max(hl, hr))
	p.sideBySide(half, func() {
		for _, t := range left {
			p.subTable(t)
		}
	}, func() {
		for _, t := range right {
			p.subTable(t)
		}
	})
}

// sideBySide draws left and right each in a column half wide, from the
// same top, and goes on under the longer.
func (p *pdfWriter) sideBySide(half float64, left, right func()) {
	top := p.f.GetY()
	place := func(x float64, draw func()) float64 {
		p.left, p.width = x, half
		p.f.SetLeftMargin(x)
		p.f.SetXY(x, top)
		draw()
		return p.f.GetY()
	}
	yl := place(margin, left)
	yr := place(margin+half+6, right)
	p.left, p.width = margin, contentW
	p.f.SetLeftMargin(margin)
	p.f.SetXY(margin, math.Max(yl, yr))
}

func humanColumn(c string) string {
	c = strings.ReplaceAll(c, "_", " ")
	return strings.ToUpper(c[:1]) + c[1:]
}

// table prints rows with a shaded header that repeats on a new page. Columns
// from firstNumeric on are right-aligned. When there are fewer headers than
// columns, the first columns (ids) are left out.
func (p *pdfWriter) table(t Table, cols []pdfColumn, firstNumeric int) {
	f := p.f
	headers, at := p.pick(t, cols)
	widths := p.autoWidths(t, headers, at, firstNumeric)
	// A table still too wide once its text columns are as narrow as they
	// go is set smaller, in proportion, rather than run off the page.
	size, total := 8.5, 0.0
	for _, w := range widths {
		total += w
	}
	if total > p.width {
		k := p.width / total
		for i := range widths {
			widths[i] *= k
		}
		size *= k
	}
	header := func() {
		f.SetFont(pdffont.Family, "B", size)
		f.SetFillColor(225, 232, 242)
		// A number's heading may take two lines (autoWidths), so that
		// the names beside it keep their width.
		lines, n := make([][]string, len(widths)), 1
		for i, w := range widths {
			lines[i] = headerLines(f, p.tr(headers[i]), w)
			n = max(n, len(lines[i]))
		}
		headH := lineH + 0.5
		if n > 1 {
			headH = float64(n)*headerLineH + 1
		}
		x, y := p.left, f.GetY()
		for i, w := range widths {
			align := "L"
			if i >= firstNumeric {
				align = "R"
			}
			f.SetXY(x, y)
			f.CellFormat(w, headH, "", "", 0, "", true, 0, "")
			for k, line := range lines[i] {
				// Headings sit on the bottom line, over their figures.
				lh, ly := headerLineH, y+headH-0.5-float64(len(lines[i])-k)*headerLineH
				if n == 1 {
					lh, ly = headH, y
				}
				f.SetXY(x, ly)
				f.CellFormat(w, lh, fit(f, line, w), "", 0, align, false, 0, "")
			}
			x += w
		}
		f.SetXY(p.left, y+headH)
		f.SetFont(pdffont.Family, "", size)
	}
	p.ensure(3 * lineH)
	header()
	rows := t.Rows
	if len(rows) > maxPDFRows {
		rows = rows[:maxPDFRows]
	}
	defer func() {
		if len(t.Rows) > maxPDFRows {
			p.note(fmt.Sprintf("The first %d of %d rows; the %s CSV has them all.", maxPDFRows, len(t.Rows), t.Name))
		}
	}()
	for n, row := range rows {
		// Text cells wrap onto as many lines as they need, so an
		// activity's or a practice's name is never cut short; numbers
		// stay on one line.
		cells := make([][]string, len(widths))
		height := 1
		for i, w := range widths {
			if i < firstNumeric {
				cells[i] = f.SplitText(p.tr(row[at[i]]), w) // less the cell margins
			}
			if len(cells[i]) == 0 || i >= firstNumeric {
				if i >= firstNumeric && row[at[i]] == Suppressed {
					markerFont(f, size)
				}
				cells[i] = []string{p.tr(fit(f, row[at[i]], w))}
				plainFont(f, size)
			}
			height = max(height, len(cells[i]))
		}
		rowH := float64(height) * lineH
		if _, pageH := f.GetPageSize(); f.GetY()+rowH > pageH-margin-5 {
			f.AddPage()
			header()
		}
		fill := n%2 == 1
		f.SetFillColor(245, 247, 250)
		x, y := p.left, f.GetY()
		for i, w := range widths {
			align := "L"
			if i >= firstNumeric {
				align = "R"
			}
			f.SetXY(x, y)
			f.CellFormat(w, rowH, "", "", 0, "", fill, 0, "")
			if i >= firstNumeric && row[at[i]] == Suppressed {
				markerFont(f, size)
			}
			for k, line := range cells[i] {
				f.SetXY(x, y+float64(k)*lineH)
				f.CellFormat(w, lineH, line, "", 0, align, false, 0, "")
			}
			plainFont(f, size)
			x += w
		}
		f.SetXY(p.left, y+rowH)
	}
}

// pdfColumn is a column of a table (its CSV name) shown in the PDF under
// header.
type pdfColumn struct{ name, header string }

// pick finds cols in t: their headers, and where each is in t's rows. A
// column t lacks is an error of the PDF's (a table changed without it),
// kept for WritePDF to return rather than printing other figures under
// its header.
func (p *pdfWriter) pick(t Table, cols []pdfColumn) (headers []string, at []int) {
	for _, c := range cols {
		i := slices.Index(t.Columns, c.name)
		if i < 0 {
			p.err = cmp.Or(p.err, fmt.Errorf("report: the PDF shows column %q of %s, which the table does not have", c.name, t.Name))
			continue
		}
		headers, at = append(headers, c.header), append(at, i)
	}
	return headers, at
}

// maxPDFRows keeps a very large organisation's PDF to a readable length.
const maxPDFRows = 120

// autoWidths sizes columns to their widest header or cell. Spare width goes
// to the last text column. When the columns are too wide together, names
// keep priority: first the headings of number columns go onto two lines
// (headerLines), as narrow as their figures allow, suppressed ones (Suppressed)
// included; only then do text columns give way (and their cells wrap onto
// more lines).
func (p *pdfWriter) autoWidths(t Table, headers []string, at []int, firstNumeric int) []float64 {
	f := p.f
	rows := t.Rows[:min(len(t.Rows), maxPDFRows)]
	widths := make([]float64, len(headers))
	// narrow is a number column with its heading on two lines and only
	// the cell's own margins (1 mm a side) around its widest line.
	narrow := make([]float64, len(headers))
	const pad, tight = 3.0, 2.0
	for i, h := range headers {
		f.SetFont(pdffont.Family, "B", 8.5)
		widths[i] = f.GetStringWidth(p.tr(h)) + pad
		for _, line := range splitHeader(f, p.tr(h)) {
			narrow[i] = math.Max(narrow[i], f.GetStringWidth(line)+tight)
		}
		for _, row := range rows {
			plainFont(f, 8.5)
			if i >= firstNumeric && row[at[i]] == Suppressed {
				markerFont(f, 8.5)
			}
			cell := f.GetStringWidth(p.tr(row[at[i]]))
			widths[i], narrow[i] = math.Max(widths[i], cell+pad), math.Max(narrow[i], cell+tight)
		}
		plainFont(f, 8.5)
	}
	total := 0.0
	for _, w := range widths {
		total += w
	}
	text := max(min(firstNumeric, len(widths))-1, 0)
	if total <= p.width {
		widths[text] += p.width - total
		return widths
	}
	over, give := total-p.width, 0.0
	for i := min(firstNumeric, len(widths)); i < len(widths); i++ {
		give += widths[i] - narrow[i]
	}
	if give >= over {
		for i := min(firstNumeric, len(widths)); i < len(widths); i++ {
			widths[i] -= (widths[i] - narrow[i]) * over / give
		}
		return widths
	}
	for i := min(firstNumeric, len(widths)); i < len(widths); i++ {
		widths[i] = narrow[i]
	}
	over -= give
	// Shrink the text columns in proportion, but not below 18 mm nor below
	// their longest word, so that they wrap between words, never in one.
	textTotal := 0.0
	for i := 0; i < min(firstNumeric, len(widths)); i++ {
		textTotal += widths[i]
	}
	for i := 0; i < min(firstNumeric, len(widths)) && textTotal > 0; i++ {
		floor := 18.0
		for _, row := range rows {
			for _, word := range strings.Fields(row[at[i]]) {
				floor = math.Max(floor, f.GetStringWidth(p.tr(word))+3)
			}
		}
		widths[i] = math.Max(math.Min(floor, widths[i]), widths[i]-over*widths[i]/textTotal)
	}
	return widths
}

// headerLineH is the height of one line of a two-line heading.
const headerLineH = 3.8

// headerLines is a heading as printed in a column w wide: one line when it
// fits, else two (splitHeader).
func headerLines(f *fpdf.Fpdf, h string, w float64) []string {
	if f.GetStringWidth(h) <= w-1.5 {
		return []string{h}
	}
	return splitHeader(f, h)
}

// splitHeader breaks a heading into the two lines, at a space or after a
// hyphen or slash ("Friend/ carer"), whose longer line is shortest; a
// heading with nowhere to break stays one line.
func splitHeader(f *fpdf.Fpdf, h string) []string {
	best, bestW := []string{h}, f.GetStringWidth(h)
	for i, r := range h {
		var a, b string
		switch r {
		case ' ':
			a, b = h[:i], h[i+1:]
		case '-', '/':
			a, b = h[:i+1], h[i+1:]
		default:
			continue
		}
		if a == "" || b == "" {
			continue
		}
		if w := math.Max(f.GetStringWidth(a), f.GetStringWidth(b)); w < bestW {
			best, bestW = []string{a, b}, w
		}
	}
	return best
}

// fit shortens text with an ellipsis to fit a cell.
func fit(f *fpdf.Fpdf, s string, w float64) string {
	if f.GetStringWidth(s) <= w-1.5 {
		return s
	}
	r := []rune(s)
	for len(r) > 1 && f.GetStringWidth(string(r)+"...") > w-1.5 {
		r = r[:len(r)-1]
	}
	return string(r) + "..."
}

// onsWidths are the ONS4 table's columns: question, stage, mean (wide
// enough for Suppressed), and the four bands.
var onsWidths = []float64{31, 20, 17, 28, 28, 28, 28}

// onsTable prints each ONS4 item at baseline and follow-up: the mean and
// the people in each band. The bands' names and ranges head their columns
// (again, in a lighter row, before an item whose bands differ: anxiety's),
// so that a cell holds only its figure, Suppressed included.
func (p *pdfWriter) onsTable(o ONS4Outcome) {
	f := p.f
	p.ensure(50)
	f.SetFont(pdffont.Family, "B", 10.5)
	f.CellFormat(p.width, 6.5, p.tr(domain.InstrumentName(domain.InstrumentONS4)+": mean and people in each ONS band"), "", 1, "L", false, 0, "")
	p.note(fmt.Sprintf("People measured at both: %s. Each question on its own; the four are never added together.", o.Pairs.String()))
	widths := onsWidths
	bands := func(it ONS4Item) []string {
		var out []string
		for b, name := range it.Bands {
			out = append(out, name+" "+bandRange(it.Label, b))
		}
		return out
	}
	header := func(first []string, bandNames []string, r, g, b int) {
		f.SetFont(pdffont.Family, "B", 8.5)
		f.SetFillColor(r, g, b)
		for i := range widths {
			h, align := "", "L"
			switch {
			case i < 3:
				if i < len(first) {
					h = first[i]
				}
			case i-3 < len(bandNames):
				h = bandNames[i-3]
			}
			if i >= 2 {
				align = "R" // over its figures
			}
			f.CellFormat(widths[i], lineH+0.5, p.tr(h), "", 0, align, true, 0, "")
		}
		f.Ln(-1)
		f.SetFont(pdffont.Family, "", 8.5)
	}
	var shown []string
	for n, it := range o.Items {
		if names := bands(it); n == 0 || !slices.Equal(names, shown) {
			if n == 0 {
				header([]string{"Question", "Stage", "Mean"}, names, 225, 232, 242)
			} else {
				header(nil, names, 236, 240, 247)
			}
			shown = names
		}
		for s, stage := range []ItemSummary{it.Baseline, it.FollowUp} {
			fill := n%2 == 1
			f.SetFillColor(245, 247, 250)
			label := ""
			if s == 0 {
				label = it.Label
			}
			f.CellFormat(widths[0], lineH, p.tr(label), "", 0, "L", fill, 0, "")
			f.CellFormat(widths[1], lineH, []string{"baseline", "follow-up"}[s], "", 0, "L", fill, 0, "")
			figure := func(w float64, cell string) {
				if cell == Suppressed {
					markerFont(f, 8.5)
				}
				f.CellFormat(w, lineH, p.tr(cell), "", 0, "R", fill, 0, "")
				plainFont(f, 8.5)
			}
			figure(widths[2], stage.Mean.Format(1))
			for b := range it.Bands {
				cell := ""
				if b < len(stage.Bands) {
					cell = stage.Bands[b].String()
				}
				figure(widths[3+b], cell)
			}
			f.Ln(-1)
		}
	}
	f.Ln(3)
}

// barChart draws horizontal bars, one row per label, one bar per series,
// with each number written beside its bar. Hidden values get no bar and
// say Suppressed; with more than one series, a value with no bar (hidden,
// or 0) has its series' swatch and name before it.
func (p *pdfWriter) barChart(c Chart) {
	f := p.f
	if len(c.Labels) == 0 {
		return
	}
	if len(c.Labels) > maxBars {
		c = largest(c, maxBars)
	}
	labelW, valueW := 52.0, 16.0
	if p.width < contentW {
		// Half a page (barChartPair): the labels as wide as the longest.
		f.SetFont(pdffont.Family, "", 9)
		longest := 0.0
		for _, l := range c.Labels {
			longest = math.Max(longest, f.GetStringWidth(p.tr(l))+5) // and the cell's margins
		}
		labelW = math.Min(labelW, math.Min(longest, p.width*0.35))
	}
	barH := 5.0
	if len(c.Series) > 1 {
		barH = 4.0
	}
	rowH := barH*float64(len(c.Series)) + 2
	h := 9 + rowH*float64(len(c.Labels)) + 6
	if len(c.Series) > 1 {
		h += 6
	}
	p.ensure(h)
	f.SetFont(pdffont.Family, "B", 10.5)
	f.CellFormat(p.width, 7, p.tr(c.Title), "", 1, "L", false, 0, "")
	top := f.GetY() + 1
	maxV := 0.0
	for _, s := range c.Series {
		for _, v := range s.Values {
			if !math.IsNaN(v) && v > maxV {
				maxV = v
			}
		}
	}
	if c.Unit == "score" && strings.Contains(c.Title, "0-10") {
		maxV = 10 // a fixed scale, so bars are not exaggerated
	} else if c.Unit == "score" {
		maxV = 35
	}
	if maxV == 0 {
		maxV = 1
	}
	x0 := p.left + labelW
	barW := p.width - labelW - valueW
	// Axis line at zero.
	f.SetDrawColor(120, 120, 120)
	f.Line(x0, top, x0, top+rowH*float64(len(c.Labels)))
	for i, label := range c.Labels {
		y := top + rowH*float64(i)
		f.SetFont(pdffont.Family, "", 9)
		f.SetXY(p.left, y+(rowH-2-4.5)/2+0.5)
		f.CellFormat(labelW-2, 4.5, p.tr(fit(f, label, labelW-2)), "", 0, "R", false, 0, "")
		for si, s := range c.Series {
			v := s.Values[i]
			by := y + 1 + barH*float64(si)
			col := palette[si%len(palette)]
			text := s.ValueText(i, func(v float64) string { return formatNumber(v, c.Unit) })
			w := 0.0
			if !math.IsNaN(v) {
				w = barW * v / maxV
			}
			if w > 0 {
				f.SetFillColor(col[0], col[1], col[2])
				f.Rect(x0, by, w, barH-0.8, "F")
			}
			x := x0 + w + 1
			if len(c.Series) > 1 && w == 0 {
				// No bar to carry the series' colour (a figure not shown, a
				// nought): its swatch, as in the legend, and its name, so
				// "baseline: not shown" is not taken for the follow-up.
				f.SetFillColor(col[0], col[1], col[2])
				f.Rect(x, by+0.3, 3, barH-1.4, "F")
				x += 4
				plainFont(f, 8)
				name := p.tr(fit(f, s.Name+":", barW/2))
				nw := f.GetStringWidth(name) + 1
				f.SetXY(x, by)
				f.CellFormat(nw, barH-0.8, name, "", 0, "L", false, 0, "")
				x += nw
			}
			plainFont(f, 8)
			if text == Suppressed {
				markerFont(f, 8)
			}
			f.SetXY(x, by)
			f.CellFormat(valueW+10, barH-0.8, p.tr(text), "", 0, "L", false, 0, "")
			plainFont(f, 8)
		}
	}
	f.SetY(top + rowH*float64(len(c.Labels)) + 1)
	if len(c.Series) > 1 {
		p.legend(c.Series)
	}
	f.Ln(3)
}

// barChartPair draws two bar charts side by side, each on half the page,
// from the same top: two breakdowns of the same groups.
func (p *pdfWriter) barChartPair(left, right Chart) {
	half := (contentW - 6) / 2
	rows := math.Min(float64(max(len(left.Labels), len(right.Labels))), maxBars)
	p.ensure(9 + 7*rows + 6)
	p.sideBySide(half, func() { p.barChart(left) }, func() { p.barChart(right) })
}

// maxBars is the most bars a chart shows: beyond it, labels are too small
// to read. The tables and CSV have every row.
const maxBars = 15

// largest keeps the n labels with the largest first-series values (hidden
// ones last), in their original order.
func largest(c Chart, n int) Chart {
	idx := make([]int, len(c.Labels))
	for i := range idx {
		idx[i] = i
	}
	v := func(i int) float64 {
		if x := c.Series[0].Values[i]; !math.IsNaN(x) {
			return x
		}
		return -1
	}
	sort.SliceStable(idx, func(a, b int) bool { return v(idx[a]) > v(idx[b]) })
	keep := idx[:n]
	sort.Ints(keep)
	out := Chart{Name: c.Name, Title: fmt.Sprintf("%s: the %d largest of %d", c.Title, n, len(c.Labels)), Kind: c.Kind, Unit: c.Unit}
	for _, i := range keep {
		out.Labels = append(out.Labels, c.Labels[i])
	}
	for _, s := range c.Series {
		ns := Series{Name: s.Name}
		for _, i := range keep {
			ns.Values = append(ns.Values, s.Values[i])
			if i < len(s.Shown) {
				ns.Shown = append(ns.Shown, s.Shown[i])
			}
		}
		out.Series = append(out.Series, ns)
	}
	return out
}

func formatNumber(v float64, unit string) string {
	if unit == "score" {
		return strconv.FormatFloat(v, 'f', 2, 64)
	}
	return strconv.FormatFloat(v, 'f', 0, 64)
}

func (p *pdfWriter) legend(series []Series) {
	f := p.f
	x := margin
	y := f.GetY() + 1
	f.SetFont(pdffont.Family, "", 8)
	for i, s := range series {
		col := palette[i%len(palette)]
		name := p.tr(fit(f, s.Name, 40))
		w := 6 + f.GetStringWidth(name) + 5
		if x+w > margin+p.width {
			x = margin
			y += 5
		}
		f.SetFillColor(col[0], col[1], col[2])
		f.Rect(x, y+0.8, 4, 3, "F")
		f.SetXY(x+5, y)
		f.CellFormat(w-5, 4.5, name, "", 0, "L", false, 0, "")
		x += w
	}
	f.SetY(y + 6)
}

// lineChart draws one line per series over the labels (weeks), with a
// labelled y axis from zero. At most six series: more would not be readable;
// the table has every activity.
func (p *pdfWriter) lineChart(c Chart, h float64) {
	f := p.f
	series := c.Series
	if len(series) > len(palette) {
		// Keep the busiest activities; the table lists the rest.
		series = busiest(series, len(palette))
	}
	p.ensure(h + 22)
	f.SetFont(pdffont.Family, "B", 10.5)
	title := c.Title
	if len(series) < len(c.Series) {
		title += fmt.Sprintf(" (the %d busiest)", len(series))
	}
	f.CellFormat(p.width, 7, p.tr(title), "", 1, "L", false, 0, "")
	if len(series) == 0 || len(c.Labels) == 0 {
		p.note("No activity had five or more people in the period, so there is no weekly trend to show.")
		return
	}
	top := f.GetY() + 2
	axisW := 12.0
	x0, x1 := margin+axisW, margin+p.width-2
	y0, y1 := top+h, top
	maxV := 0.0
	for _, s := range series {
		for _, v := range s.Values {
			maxV = math.Max(maxV, v)
		}
	}
	step := niceStep(maxV / 4)
	top4 := step * math.Ceil(maxV/step)
	if top4 == 0 {
		top4 = step
	}
	f.SetFont(pdffont.Family, "", 7.5)
	f.SetDrawColor(220, 220, 220)
	for v := 0.0; v <= top4+step/2; v += step {
		y := y0 - (y0-y1)*v/top4
		f.Line(x0, y, x1, y)
		f.SetXY(margin, y-2)
		f.CellFormat(axisW-1.5, 4, strconv.FormatFloat(v, 'f', -1, 64), "", 0, "R", false, 0, "")
	}
	n := len(c.Labels)
	xAt := func(i int) float64 {
		if n == 1 {
			return (x0 + x1) / 2
		}
		return x0 + (x1-x0)*float64(i)/float64(n-1)
	}
	every := max(1, int(math.Ceil(float64(n)/8)))
	for i := 0; i < n; i += every {
		f.SetXY(xAt(i)-10, y0+1)
		f.CellFormat(20, 4, shortDate(c.Labels[i]), "", 0, "C", false, 0, "")
	}
	f.SetDrawColor(120, 120, 120)
	f.Line(x0, y0, x1, y0)
	f.Line(x0, y0, x0, y1)
	f.SetLineWidth(0.6)
	for si, s := range series {
		col := palette[si%len(palette)]
		f.SetDrawColor(col[0], col[1], col[2])
		f.SetFillColor(col[0], col[1], col[2])
		for i, v := range s.Values {
			x, y := xAt(i), y0-(y0-y1)*v/top4
			if i > 0 {
				f.Line(xAt(i-1), y0-(y0-y1)*s.Values[i-1]/top4, x, y)
			}
			f.Circle(x, y, 0.7, "F")
			// With one line and few weeks there is room for the numbers.
			if len(series) == 1 && n <= 13 {
				f.SetFont(pdffont.Family, "", 7.5)
				f.SetTextColor(col[0], col[1], col[2])
				f.SetXY(x-6, y-5)
				f.CellFormat(12, 4, strconv.FormatFloat(v, 'f', -1, 64), "", 0, "C", false, 0, "")
				f.SetTextColor(0, 0, 0)
			}
		}
	}
	f.SetLineWidth(0.2)
	f.SetDrawColor(0, 0, 0)
	f.SetY(y0 + 6)
	f.SetFont(pdffont.Family, "", 7.5)
	f.CellFormat(p.width, 4, "Week starting (Monday). Groups of fewer than 5 people are not drawn, nor others where needed to protect them.", "", 1, "C", false, 0, "")
	p.legend(series)
}

func shortDate(iso string) string {
	t, err := time.Parse(time.DateOnly, iso)
	if err != nil {
		return iso
	}
	return t.Format("2 Jan")
}

func busiest(series []Series, n int) []Series {
	type ranked struct {
		s     Series
		total float64
	}
	rs := make([]ranked, len(series))
	for i, s := range series {
		rs[i].s = s
		for _, v := range s.Values {
			rs[i].total += v
		}
	}
	// Stable selection keeps the alphabetical order among equals.
	out := make([]Series, 0, n)
	used := make([]bool, len(rs))
	for len(out) < n {
		best := -1
		for i := range rs {
			if !used[i] && (best < 0 || rs[i].total > rs[best].total) {
				best = i
			}
		}
		used[best] = true
		out = append(out, rs[best].s)
	}
	return out
}

// niceStep rounds a step up to 1, 2 or 5 times a power of ten.
func niceStep(raw float64) float64 {
	if raw <= 0 {
		return 1
	}
	pow := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*pow >= raw {
			return math.Max(m*pow, 1)
		}
	}
	return 10 * pow
}
