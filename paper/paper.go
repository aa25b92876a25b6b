package paper

import (
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"

	"github.com/go-pdf/fpdf"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/internal/pdffont"
)

// Register is what a printed register shows.
type Register struct {
	Activity    domain.Activity
	Venue       domain.Venue
	Date        string            // YYYY-MM-DD
	People      []domain.Person   // the expected people, in the order to print
	Marks       map[string]string // person id -> status already taken on a device (optional)
	WalkInLines int               // blank lines for walk-ins; 0 fills the rest of the page (at least 6)
	Demo        bool              // print a "demo data" banner
	Printed     time.Time
}

// InfoSheet is what an activity's info sheet shows.
type InfoSheet struct {
	Activity domain.Activity
	Venue    domain.Venue
	// Service is the social prescribing service's contact: its number is
	// the one to call when the venue has none.
	Service   domain.ServiceContact
	Person    *domain.Person // who it is for; nil for a general sheet
	NextDates []string       // the next sessions not yet started (domain.UpcomingSessions), YYYY-MM-DD
	// From the person's match, for their own sheet: their way there, who
	// will meet them, and whether a friend or carer is welcome along.
	Route      string
	MeetBy     string
	WithFriend bool
	// LargePrint sets the body in 17 point (headings larger): for someone
	// whose access needs ask for large print (domain.NeedsLargePrint).
	LargePrint bool
	Demo       bool
	Printed    time.Time
}

// infoSizes are an info sheet's type sizes, in points, and line heights
// and the gap below each section, in millimetres.
type infoSizes struct{ title, sub, head, body, headLine, bodyLine, gap, foot float64 }

func (s InfoSheet) sizes() infoSizes {
	if s.LargePrint {
		return infoSizes{title: 32, sub: 18, head: 19, body: 17, headLine: 9, bodyLine: 8.5, gap: 2, foot: 16}
	}
	// Ordinary print is spaced to keep a personal sheet to one page: 13
	// point on 6 mm lines is still 1.3 times the type's height.
	return infoSizes{title: 26, sub: 14, head: 14, body: 13, headLine: 6.5, bodyLine: 6, gap: 1.5, foot: 9}
}

type doc struct {
	pdf *fpdf.Fpdf
}

func newDoc(orientation string) *doc {
	p := fpdf.New(orientation, "mm", "A4", "")
	p.SetMargins(12, 12, 12)
	p.SetAutoPageBreak(false, 12)
	p.SetCreator("Gather", true)
	pdffont.Register(p)
	return &doc{pdf: p}
}

// t prepares text for the font (pdffont.Text).
func (d *doc) t(s string) string { return pdffont.Text(s) }

func (d *doc) demoBanner(on bool) {
	if !on {
		return
	}
	p := d.pdf
	w, _ := p.GetPageSize()
	p.SetFillColor(255, 236, 179)
	p.SetTextColor(120, 70, 0)
	p.SetFont(pdffont.Family, "B", 10)
	p.SetXY(12, 4)
	p.CellFormat(w-24, 6, d.t("DEMO DATA - made-up people and places, for trying Gather out"), "", 0, "C", true, 0, "")
	p.SetTextColor(0, 0, 0)
}

func longDate(date string) string {
	t, ok := domain.ParseDate(date)
	if !ok {
		return date
	}
	return domain.LongDate(t)
}

// WriteRegister writes a printable register: one line per expected person
// with a column to tick for each state, then blank lines for walk-ins.
func WriteRegister(w io.Writer, r Register) error {
	d := newDoc("L")
	p := d.pdf
	if r.Printed.IsZero() {
		r.Printed = time.Now()
	}
	pageW, pageH := p.GetPageSize()
	// The foot is broken into lines once, clear of the page number on its
	// right, and the rows stop 4 mm above its first line: a long activity
	// name takes the foot to two lines rather than under "Page 1 of 2".
	p.SetFont(pdffont.Family, "", 8)
	const footLine = 4.0
	pageNoW := p.GetStringWidth("Page 999 of 999") + 2*p.GetCellMargin()
	footW := pageW - 24 - pageNoW - 4
	foot := wrapLines(d, fmt.Sprintf("%s, %s - printed %s by Gather. When the tablet is back, type these marks into Gather and keep this sheet safe: it has personal details.",
		r.Activity.Name, longDate(r.Date), r.Printed.Format("2 Jan 2006 15:04")), footW-2*p.GetCellMargin())
	footTop := pageH - 6 - float64(len(foot))*footLine
	bottom := footTop - 4
	p.SetFooterFunc(func() {
		p.SetFont(pdffont.Family, "", 8)
		p.SetTextColor(90, 90, 90)
		for i, line := range foot {
			p.SetXY(12, footTop+float64(i)*footLine)
			p.CellFormat(footW, footLine, d.t(line), "", 0, "L", false, 0, "")
		}
		p.SetXY(pageW-12-pageNoW, footTop+float64(len(foot)-1)*footLine)
		p.CellFormat(pageNoW, footLine, fmt.Sprintf("Page %d of {nb}", p.PageNo()), "", 0, "R", false, 0, "")
		p.SetTextColor(0, 0, 0)
	})
	p.AliasNbPages("{nb}")

	type col struct {
		title string
		w     float64
	}
	cols := []col{{"", 9}, {"Name", 62}, {"Access needs", 62}, {"Here", 15}, {"Late", 15}, {"Left early", 17},
		{"Apologies", 19}, {"Absent", 16}, {"Friend / carer", 22}, {"Note", 0}}
	used := 0.0
	for _, c := range cols {
		used += c.w
	}
	cols[len(cols)-1].w = pageW - 24 - used
	const rowH = 10.0

	header := func(first bool) {
		p.AddPage()
		d.demoBanner(r.Demo)
		p.SetXY(12, 12)
		p.SetFont(pdffont.Family, "B", 18)
		title := "Register: " + r.Activity.Name
		if !first {
			title += " (continued)"
		}
		// A long name wraps rather than run off the page.
		p.MultiCell(0, 9, d.t(title), "", "L", false)
		p.SetFont(pdffont.Family, "", 11)
		when := longDate(r.Date)
		if tr := domain.TimeRange(r.Activity); tr != "" {
			when += ", " + tr
		}
		p.CellFormat(0, 6, d.t(when+"  -  "+r.Venue.Name), "", 1, "L", false, 0, "")
		if first {
			p.CellFormat(0, 6, d.t(fmt.Sprintf("%d expected. Tick one box for each person. Taken by: ______________________", len(r.People))), "", 1, "L", false, 0, "")
		}
		p.Ln(2)
		p.SetFont(pdffont.Family, "B", 9)
		p.SetFillColor(228, 238, 230)
		for _, c := range cols {
			p.CellFormat(c.w, 8, d.t(c.title), "1", 0, "C", true, 0, "")
		}
		p.Ln(-1)
	}
	header(true)
	for i, person := range r.People {
		if p.GetY()+rowH > bottom {
			header(false)
		}
		if i%2 == 1 {
			p.SetFillColor(247, 247, 244)
		} else {
			p.SetFillColor(255, 255, 255)
		}
		p.SetFont(pdffont.Family, "", 9)
		p.CellFormat(cols[0].w, rowH, fmt.Sprint(i+1), "1", 0, "C", true, 0, "")
		x, y := p.GetXY()
		p.CellFormat(cols[1].w, rowH, "", "1", 0, "L", true, 0, "")
		p.SetXY(x+1, y+1)
		p.SetFont(pdffont.Family, "B", 11)
		p.CellFormat(cols[1].w-2, 5, d.t(fit(d, person.DisplayName(), cols[1].w-2)), "", 0, "L", false, 0, "")
		if person.PreferredName != "" && person.PreferredName != person.GivenName {
			p.SetXY(x+1, y+5.5)
			p.SetFont(pdffont.Family, "", 8)
			p.CellFormat(cols[1].w-2, 3.5, d.t("known as "+person.PreferredName), "", 0, "L", false, 0, "")
		}
		p.SetXY(x+cols[1].w, y)
		// Access needs are what keep someone safe: set on two lines, and
		// smaller, before any of them is cut.
		ax, ay := p.GetXY()
		p.CellFormat(cols[2].w, rowH, "", "1", 0, "L", true, 0, "")
		var needs []string
		pt := 8.0
		for ; pt >= 6.5; pt -= 0.5 {
			p.SetFont(pdffont.Family, "", pt)
			if needs = wrapLines(d, person.AccessNeeds, cols[2].w-2); len(needs) <= 2 {
				break
			}
		}
		if len(needs) > 2 {
			needs = []string{needs[0], fit(d, strings.Join(needs[1:], " "), cols[2].w-2)}
		}
		lineH := pt * 0.42
		top := ay + (rowH-float64(len(needs))*lineH)/2
		for k, line := range needs {
			p.SetXY(ax+1, top+float64(k)*lineH)
			p.CellFormat(cols[2].w-2, lineH, d.t(line), "", 0, "L", false, 0, "")
		}
		p.SetXY(ax+cols[2].w, ay)
		status := r.Marks[person.ID]
		for k, st := range domain.AttendanceStatuses {
			c := cols[3+k]
			x, y := p.GetXY()
			p.CellFormat(c.w, rowH, "", "1", 0, "C", true, 0, "")
			box := 5.0
			bx, by := x+(c.w-box)/2, y+(rowH-box)/2
			p.Rect(bx, by, box, box, "D")
			if status == st {
				p.SetLineWidth(0.6)
				p.Line(bx+1, by+2.6, bx+2.2, by+4)
				p.Line(bx+2.2, by+4, bx+4.3, by+0.8)
				p.SetLineWidth(0.2)
			}
			p.SetXY(x+c.w, y)
		}
		p.CellFormat(cols[8].w, rowH, "", "1", 0, "C", true, 0, "")
		p.CellFormat(cols[9].w, rowH, "", "1", 1, "L", true, 0, "")
	}

	// Walk-ins.
	walkCols := []col{{"Walk-in: name", 80}, {"Phone (if they are happy to give it)", 60}, {"Access needs / emergency contact", 0}}
	walkCols[2].w = pageW - 24 - 140
	const walkHead = 19.0 // gap, heading and column titles
	lines := r.WalkInLines
	if fits := int((bottom - p.GetY() - walkHead) / rowH); lines == 0 && fits >= 6 {
		lines = fits
	} else if lines == 0 || fits < 3 {
		header(false)
		if lines == 0 {
			lines = int((bottom - p.GetY() - walkHead) / rowH)
		}
	}
	p.Ln(4)
	p.SetFont(pdffont.Family, "B", 12)
	p.CellFormat(0, 7, d.t("Walk-ins: people who came but are not listed above"), "", 1, "L", false, 0, "")
	walkHeader := func() {
		p.SetFont(pdffont.Family, "B", 9)
		p.SetFillColor(228, 238, 230)
		for _, c := range walkCols {
			p.CellFormat(c.w, 8, d.t(c.title), "1", 0, "L", true, 0, "")
		}
		p.Ln(-1)
	}
	walkHeader()
	for i := 0; i < lines; i++ {
		if p.GetY()+rowH > bottom {
			header(false)
			walkHeader()
		}
		for k, c := range walkCols {
			ln := 0
			if k == len(walkCols)-1 {
				ln = 1
			}
			p.CellFormat(c.w, rowH, "", "1", ln, "L", false, 0, "")
		}
	}
	return finish(p, w)
}

// fit shortens s with an ellipsis until it fits width mm in the current font.
func fit(d *doc, s string, width float64) string {
	if d.pdf.GetStringWidth(d.t(s)) <= width {
		return s
	}
	r := []rune(s)
	for len(r) > 1 && d.pdf.GetStringWidth(d.t(string(r)+"...")) > width {
		r = r[:len(r)-1]
	}
	return strings.TrimSpace(string(r)) + "..."
}

// wrapLines breaks s into lines no wider than width mm in the current
// font, at spaces; a word wider than a line is left whole on its own.
func wrapLines(d *doc, s string, width float64) []string {
	var lines []string
	cur := ""
	for _, word := range strings.Fields(s) {
		try := word
		if cur != "" {
			try = cur + " " + word
		}
		if cur != "" && d.pdf.GetStringWidth(d.t(try)) > width {
			lines = append(lines, cur)
			cur = word
			continue
		}
		cur = try
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return lines
}

func finish(p *fpdf.Fpdf, w io.Writer) error {
	if err := p.Error(); err != nil {
		return fmt.Errorf("paper: %w", err)
	}
	if err := p.Output(w); err != nil {
		return fmt.Errorf("paper: writing the PDF: %w", err)
	}
	return nil
}

// WriteInfoSheet writes a sheet about an activity, in large, plain type,
// for someone who has never been there. First what they need on the way,
// on the first page: when (the dates, one to a line), where, where to
// meet on arrival (or, online, how to join), their way there, who will
// meet them and who runs it, and the number to call if they are lost or
// late (at the foot of every page too). Then what it is, the venue's
// other directions and access, what to bring and the cost.
//
// A sheet that runs to more than one page says on every page which it is
// ("Page 2 of 2", in its foot), and every page after the first is headed
// with the activity and whom the sheet is for: pages that come apart
// still say which group, and whose route, they belong to.
func WriteInfoSheet(w io.Writer, s InfoSheet) error {
	if s.Printed.IsZero() {
		s.Printed = time.Now()
	}
	// Laid out once to count its pages; a sheet of more than one is laid
	// out again with room in its foot for the page number.
	p := s.layout(false)
	if p.Error() == nil && p.PageCount() > 1 {
		p = s.layout(true)
	}
	return finish(p, w)
}

// runningHead is what heads every page of an info sheet after the first.
func (s InfoSheet) runningHead() string {
	head := s.Activity.Name
	if s.Person != nil {
		head += ", for " + s.Person.DisplayName()
	}
	return head + " (continued)"
}

// layout sets the sheet out; numbered gives every page's foot its number.
func (s InfoSheet) layout(numbered bool) *fpdf.Fpdf {
	d := newDoc("P")
	p := d.pdf
	pageW, pageH := p.GetPageSize()
	z := s.sizes()
	phone, ask := s.askToCall()
	textW := pageW - 30
	foot := newInfoFoot(d, "Printed "+s.Printed.Format("2 January 2006")+" by Gather.", ask, phone, z.foot, 15, textW)
	foot.numbered = numbered
	// The foot is laid out once, so that the room kept for it is the room
	// it takes: the body stops 4 mm above it, however long the number.
	footTop := pageH - 6 - foot.height()
	bodyBottom := footTop - 4
	p.SetAutoPageBreak(true, pageH-bodyBottom)
	p.SetFooterFunc(func() { foot.draw(d, footTop) })
	p.AliasNbPages("{nb}")
	p.SetHeaderFunc(func() {
		d.demoBanner(s.Demo)
		if p.PageNo() == 1 {
			return
		}
		// The activity (and whose sheet it is) in the title's green, ruled
		// off from the body, which starts below it.
		p.SetXY(15, 12)
		p.SetFont(pdffont.Family, "B", z.head)
		p.SetTextColor(46, 125, 91)
		p.MultiCell(textW, z.headLine, d.t(s.runningHead()), "", "L", false)
		y := p.GetY() + 1
		p.SetDrawColor(46, 125, 91)
		p.SetLineWidth(0.4)
		p.Line(15, y, 15+textW, y)
		p.SetTextColor(0, 0, 0)
		p.SetXY(15, y+4)
	})
	p.AddPage()
	p.SetXY(15, 16)
	p.SetLeftMargin(15)
	p.SetRightMargin(15)

	// Title band.
	p.SetFillColor(46, 125, 91)
	p.SetTextColor(255, 255, 255)
	p.SetFont(pdffont.Family, "B", z.title)
	p.MultiCell(textW, z.title/2, d.t(s.Activity.Name), "", "L", true)
	p.SetFont(pdffont.Family, "", z.sub)
	sub := domain.ScheduleText(s.Activity)
	p.MultiCell(textW, z.sub*0.57, d.t(sub), "", "L", true)
	p.SetTextColor(0, 0, 0)
	p.Ln(4)
	if s.Person != nil {
		p.SetFont(pdffont.Family, "B", z.head+1)
		p.MultiCell(textW, z.headLine+1, d.t("For "+s.Person.DisplayName()), "", "L", false)
		p.Ln(2)
	}

	section := func(title, body string) {
		body = strings.TrimSpace(body)
		if body == "" {
			return
		}
		// A section that fits whole stays whole; a long one may run on,
		// but its heading never ends a page alone.
		p.SetFont(pdffont.Family, "", z.body)
		lines := float64(len(p.SplitText(latin1(d.t(body)), textW)))
		room := bodyBottom - p.GetY()
		if need := z.headLine + lines*z.bodyLine; need > room && (need < pageH/3 || z.headLine+2*z.bodyLine > room) {
			p.AddPage()
		}
		p.SetFont(pdffont.Family, "B", z.head)
		p.SetTextColor(46, 125, 91)
		p.MultiCell(textW, z.headLine, d.t(title), "", "L", false)
		p.SetTextColor(0, 0, 0)
		p.SetFont(pdffont.Family, "", z.body)
		p.MultiCell(textW, z.bodyLine, d.t(body), "", "L", false)
		p.Ln(z.gap)
	}
	// inline sets a short section on the line its heading begins,
	// "Cost: Free", moving it whole to the next page if it does not fit.
	inline := func(title, body string) {
		body = strings.TrimSpace(body)
		if body == "" {
			return
		}
		title += ": "
		p.SetFont(pdffont.Family, "B", z.body)
		lead := p.GetStringWidth(d.t(title))
		p.SetFont(pdffont.Family, "", z.body)
		// Its lines are counted with the bold heading as spaces at least
		// as wide: a count that errs long, never short.
		spaces := strings.Repeat(" ", int(lead/p.GetStringWidth(" "))+1)
		lines := float64(len(p.SplitText(latin1(d.t(spaces+body)), textW)))
		if lines*z.bodyLine > bodyBottom-p.GetY() {
			p.AddPage()
		}
		p.SetFont(pdffont.Family, "B", z.body)
		p.SetTextColor(46, 125, 91)
		p.Write(z.bodyLine, d.t(title))
		p.SetTextColor(0, 0, 0)
		p.SetFont(pdffont.Family, "", z.body)
		p.Write(z.bodyLine, d.t(body))
		p.Ln(z.bodyLine + z.gap)
	}
	// First what someone going for the first time needs on the way, all
	// on the first page: when, where, where to meet, their own way there
	// (written with them), who will meet them and the number to call.
	// What it is and the general details (the venue's directions, access,
	// what to bring, cost) follow: read at home, beforehand.
	section("When", s.when())
	where := s.Venue.Name
	if s.Venue.Address != "" {
		where += "\n" + s.Venue.Address
	}
	if s.Venue.Postcode != "" {
		where += "\n" + s.Venue.Postcode
	}
	// An online activity is joined from home: its venue only organises
	// it, so the sheet sends nobody there.
	join := strings.TrimSpace(s.Activity.JoinLink)
	if s.Activity.Online {
		where = "Online: you join from home, on a phone, tablet or computer."
		if phone != "" && join == "" {
			where += " Call the number below for the link to join."
		}
	}
	section("Where", where)
	if s.Activity.Online {
		section("How to join", join)
	} else {
		section("Where to meet", s.Activity.MeetingPoint)
	}
	// Their own way there, worked out with them, says it is theirs; the
	// venue's directions follow later as the other ways, not dropped: they
	// often end with the last few yards (which gate, which door) a route
	// leaves out, and they are the way when the bus is off or a lift turns
	// up. Two routes under headings that did not say which to follow left
	// a newcomer to guess. Without a route of their own, the venue's
	// directions are the way there, and take its place.
	ownRoute := domain.NeedsRoute(s.Activity) && strings.TrimSpace(s.Route) != ""
	switch {
	case ownRoute:
		section("Your way there (written for you)", s.Route)
	case !s.Activity.Online:
		section("How to get there", s.Venue.Directions)
	}
	meetTitle := "Who will meet you"
	if s.Activity.Online {
		meetTitle = "Who will welcome you"
	}
	section(meetTitle, s.welcome())
	if phone != "" {
		// One line, the number large: "Lost, running late, or can't come?
		// Call 01632 960101"; a longer question or number goes on as many
		// lines as it needs, the number under the question.
		numPt, numLine := z.head+6, (z.head+6)*0.5
		p.SetFont(pdffont.Family, "", z.body)
		askW := p.GetStringWidth(d.t(ask + " "))
		p.SetFont(pdffont.Family, "B", numPt)
		numW := p.GetStringWidth(d.t(phone))
		inner := textW - 10
		oneLine := askW+numW+2 <= inner
		nums := []string{phone}
		var asks []string
		boxH := 14.0
		if !oneLine {
			nums = wrapLines(d, phone, inner-2)
			p.SetFont(pdffont.Family, "", z.body)
			asks = wrapLines(d, ask, inner-2)
			boxH = 3 + float64(len(asks))*z.bodyLine + float64(len(nums))*numLine + 3
		}
		if p.GetY()+boxH > bodyBottom {
			p.AddPage()
		}
		y := p.GetY()
		p.SetFillColor(228, 238, 230)
		p.Rect(15, y, textW, boxH, "F")
		p.SetFont(pdffont.Family, "", z.body)
		if oneLine {
			p.SetXY(20, y)
			p.CellFormat(askW, boxH, d.t(ask+" "), "", 0, "L", false, 0, "")
			p.SetFont(pdffont.Family, "B", numPt)
			p.CellFormat(numW+2, boxH, d.t(phone), "", 0, "L", false, 0, "")
		} else {
			p.SetXY(20, y+3)
			for _, line := range asks {
				p.SetX(20)
				p.CellFormat(inner, z.bodyLine, d.t(line), "", 2, "L", false, 0, "")
			}
			p.SetFont(pdffont.Family, "B", numPt)
			for _, line := range nums {
				p.SetX(20)
				p.CellFormat(inner, numLine, d.t(line), "", 2, "L", false, 0, "")
			}
		}
		p.SetXY(15, y+boxH+3)
	}
	section("What it is", s.Activity.Description)
	if ownRoute {
		section("Other ways to get there", s.Venue.Directions)
	}
	if !s.Activity.Online {
		section("Access", s.Venue.AccessInfo)
	}
	// Small things, each a line or two: the heading begins the line.
	inline("What to bring", s.Activity.WhatToBring)
	inline("Cost", s.Activity.Cost)
	return p
}

// when is what the sheet says under "When": the time, then the dates it
// was given (NextDates), one to a line, so that none breaks across two
// and the first is plainly the next; today's, if listed, says so. With no
// dates, the schedule in words. Which sessions to list is the caller's
// (domain.UpcomingSessions).
func (s InfoSheet) when() string {
	var lines []string
	today := domain.DateOf(s.Printed)
	for _, x := range s.NextDates {
		t, ok := domain.ParseDate(x)
		if !ok {
			continue
		}
		line := t.Format("Monday 2 January 2006")
		if x == today {
			line += " (today)"
		}
		lines = append(lines, line)
	}
	if len(lines) == 0 {
		return domain.ScheduleText(s.Activity)
	}
	if tr := domain.TimeRange(s.Activity); tr != "" {
		lines = append([]string{"From " + strings.Replace(tr, "–", " to ", 1) + " on:"}, lines...)
	}
	return strings.Join(lines, "\n")
}

// welcome is what the sheet says under "Who will meet you": whoever the
// match says will meet them, as typed ("Bev at the gate for the first
// week", which may say where as well as who), as the heading's answer;
// whom to ask for, who runs the group, and that a friend or carer is
// welcome.
func (s InfoSheet) welcome() string {
	var meet []string
	if m := strings.TrimSpace(s.MeetBy); m != "" {
		meet = append(meet, asSentence(m))
	}
	c := strings.TrimSpace(s.Activity.ContactName)
	switch {
	case c == "":
	case s.Activity.Online:
		meet = append(meet, "When you join, "+c+" will welcome you.")
	case strings.HasPrefix(strings.ToLower(c), "ask "):
		// "Ask at the front desk for the drawing group": already what to do.
		meet = append(meet, "When you arrive, "+strings.ToLower(c[:1])+asSentence(c)[1:])
	default:
		meet = append(meet, "When you arrive, ask for "+c+".")
	}
	if f := strings.TrimSpace(s.Activity.Facilitator); f != "" {
		meet = append(meet, f+" runs the group.")
	}
	if s.WithFriend {
		meet = append(meet, "You are welcome to bring a friend or carer with you.")
	}
	return strings.Join(meet, " ")
}

// asSentence starts s with a capital and ends it with a full stop, unless
// it ends with one of its own.
func asSentence(s string) string {
	r := []rune(s)
	r[0] = unicode.ToUpper(r[0])
	if !strings.ContainsRune(".!?", r[len(r)-1]) {
		r = append(r, '.')
	}
	return string(r)
}

// askToCall is the sheet's number and what it says of it, the question
// ending "Call" or "Call ... on", the number to follow: in the box on
// the first page and at the foot of every page alike. The number is the
// venue's or, for a venue with none, the service's: someone to ask, if
// not someone at the door. With neither, both are "".
func (s InfoSheet) askToCall() (phone, ask string) {
	// Online, the question is about the link until the sheet prints one.
	online := "Need the link, or can't join? Call"
	if strings.TrimSpace(s.Activity.JoinLink) != "" {
		online = "Trouble joining, or can't come? Call"
	}
	if phone = strings.TrimSpace(s.Venue.Phone); phone != "" {
		if s.Activity.Online {
			return phone, online
		}
		return phone, "Lost, running late, or can't come? Call"
	}
	c := s.Service.Tidy()
	if c.Phone == "" {
		return "", ""
	}
	who := c.Name
	if who == "" {
		who = "the social prescribing team"
	}
	if s.Activity.Online {
		return c.Phone, online + " " + who + " on"
	}
	return c.Phone, "Questions, or can't come? Call " + who + " on"
}

// infoFoot is the foot of every page of an info sheet: when it was
// printed and the number to call, in small type, centred. Its lines are
// broken once, when it is made, and both its height and its drawing use
// them, so the room kept for it is the room it takes.
type infoFoot struct {
	lines       []string
	size, lineH float64 // type size in points, line height in mm
	left, width float64 // where it is set, in mm
	numbered    bool    // a last line, "Page 1 of 2"
}

func newInfoFoot(d *doc, printed, ask, phone string, size, left, width float64) infoFoot {
	text := printed
	if phone != "" {
		text += " " + ask + " " + phone + "."
	}
	d.pdf.SetFont(pdffont.Family, "", size)
	return infoFoot{lines: wrapLines(d, text, width-2*d.pdf.GetCellMargin()), size: size, lineH: size * 0.45, left: left, width: width}
}

// height is how tall the foot is, in mm.
func (f infoFoot) height() float64 {
	n := len(f.lines)
	if f.numbered {
		n++
	}
	return float64(n) * f.lineH
}

// draw sets the foot from top down.
func (f infoFoot) draw(d *doc, top float64) {
	p := d.pdf
	p.SetFont(pdffont.Family, "", f.size)
	p.SetTextColor(90, 90, 90)
	for i, line := range f.lines {
		p.SetXY(f.left, top+float64(i)*f.lineH)
		p.CellFormat(f.width, f.lineH, d.t(line), "", 0, "C", false, 0, "")
	}
	if f.numbered {
		p.SetXY(f.left, top+float64(len(f.lines))*f.lineH)
		p.CellFormat(f.width, f.lineH, fmt.Sprintf("Page %d of {nb}", p.PageNo()), "", 0, "C", false, 0, "")
	}
	p.SetTextColor(0, 0, 0)
}
