package paper

import (
	"io"
	"strings"
	"time"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/internal/pdffont"
)

// Type sizes of a letter, in points. Large print is what the RNIB's clear
// print guidance asks for: 16 point at least.
const (
	LetterPoints     = 12.0
	LargePrintPoints = 18.0
)

// Letter is one person's letter.
type Letter struct {
	Person     domain.Person
	LargePrint bool     // their access needs ask for large print
	Body       []string // paragraphs between "Dear ..." and the sign-off
}

// Letters is a batch of letters, one page each, to print and post.
type Letters struct {
	From string // who signs them
	Role string // their role (domain.Role...), said under their name
	// Service is the sender's contact details: its name, address, phone
	// and email head each letter on the right, as a letter's sender's
	// address does. Unset, the letters have no sender's address.
	Service domain.ServiceContact
	Letters []Letter
	Demo    bool
	Printed time.Time
}

// addressLines splits an address as typed (lines or commas) into lines.
func addressLines(p domain.Person) []string {
	var out []string
	for _, part := range strings.FieldsFunc(p.Address, func(r rune) bool { return r == '\n' || r == ',' }) {
		if s := strings.TrimSpace(part); s != "" {
			out = append(out, s)
		}
	}
	if pc := strings.TrimSpace(p.Postcode); pc != "" && !strings.Contains(strings.ToUpper(p.Address), strings.ToUpper(pc)) {
		out = append(out, pc)
	}
	return out
}

// WriteLetters writes the letters, one A4 page per person: their name and
// address where a window envelope shows it, the date, the message and who
// it is from. A letter for someone whose access needs ask for large print
// is set at LargePrintPoints throughout; a letter too long for one page is
// set smaller, never below 16 point for large print (10 otherwise), and one
// too long even then runs on to a page headed with the person's name and
// "continued", rather than lose its end off the foot of the page.
func WriteLetters(w io.Writer, l Letters) error {
	d := newDoc("P")
	p := d.pdf
	if l.Printed.IsZero() {
		l.Printed = time.Now()
	}
	pageW, pageH := p.GetPageSize()
	const left = 25.0
	textW := pageW - 2*left
	// Letters are measured on a scratch page, so that the printed page
	// sets only the type size it is printed in.
	measure := newDoc("P")
	measure.pdf.AddPage()
	p.SetAutoPageBreak(true, 15)
	var cont string // whose letter runs on, to head a continuation page
	firstPage := 0
	contSize := LetterPoints
	p.SetHeaderFunc(func() {
		if cont == "" || p.PageNo() == firstPage {
			return
		}
		d.demoBanner(l.Demo)
		p.SetFont(pdffont.Family, "", contSize)
		p.SetXY(left, 15)
		p.MultiCell(textW, contSize*0.45, d.t(cont), "", "L", false)
		p.Ln(contSize * 0.45)
	})
	from := letterSender(l.From, l.Role, l.Service)
	for _, letter := range l.Letters {
		size := LetterPoints
		minSize := 10.0
		if letter.LargePrint {
			size, minSize = LargePrintPoints, 16.0
		}
		// Shrink a long letter to fit its page.
		for size > minSize && letterHeight(measure, letter, from, textW, size) > pageH-20 {
			size--
		}
		p.SetFont(pdffont.Family, "", size)
		cont, contSize, firstPage = letter.Person.FullName()+", "+domain.LongDate(l.Printed)+": letter continued", size, p.PageNo()+1
		p.AddPage()
		d.demoBanner(l.Demo)
		lh := size * 0.45 // line height in mm: about 1.3 times the type size
		p.SetLeftMargin(left)
		p.SetRightMargin(left)
		p.SetFont(pdffont.Family, "", size)
		// The sender's address, top right, clear of the envelope's window.
		senderEnd := 0.0
		if block := from.block(); len(block) > 0 {
			colW, sz := textW*senderShare, senderPoints(size)
			p.SetFont(pdffont.Family, "", sz)
			p.SetXY(left+textW-colW, 15)
			for _, line := range block {
				w := senderCellW(d, line, colW, textW)
				p.SetX(left + textW - w)
				p.MultiCell(w, sz*0.45, d.t(line), "", "R", false)
			}
			senderEnd = p.GetY()
			p.SetFont(pdffont.Family, "", size)
		}
		// Address block, placed for a DL window envelope.
		p.SetXY(left, 45)
		for _, line := range append([]string{letter.Person.FullName()}, addressLines(letter.Person)...) {
			p.CellFormat(textW, lh, d.t(line), "", 1, "L", false, 0, "")
		}
		// The date goes below both addresses.
		if senderEnd > p.GetY() {
			p.SetY(senderEnd)
		}
		p.Ln(lh)
		p.CellFormat(textW, lh, d.t(domain.LongDate(l.Printed)), "", 1, "R", false, 0, "")
		p.Ln(lh)
		p.MultiCell(textW, lh, d.t(letterBody(letter, from)), "", "L", false)
	}
	if len(l.Letters) == 0 {
		p.AddPage()
		p.SetFont(pdffont.Family, "", LetterPoints)
		p.CellFormat(0, 8, "No letters to print.", "", 1, "L", false, 0, "")
	}
	return finish(p, w)
}

func greetingName(p domain.Person) string {
	if p.PreferredName != "" {
		return p.PreferredName
	}
	if p.GivenName != "" {
		return p.GivenName
	}
	return p.FullName()
}

func letterBody(letter Letter, from sender) string {
	var b strings.Builder
	b.WriteString("Dear " + greetingName(letter.Person) + ",\n\n")
	for _, para := range letter.Body {
		b.WriteString(para + "\n\n")
	}
	b.WriteString("With best wishes,\n\n")
	b.WriteString(strings.Join(from.signature, "\n"))
	return b.String()
}

// sender is who a letter is from, as every letter Gather prints gives it:
// the lines that sign it, and the service's contact details.
type sender struct {
	// signature is the name the letter is signed with and, under it,
	// what they do and for whom, so the reader knows who wrote: "Link
	// worker, Northside Social Prescribing" ("social prescribing" with no
	// service name set; a role other than link worker says just the
	// service, or "Social prescribing team"; no role, just the name).
	signature []string
	// contact is the service's address, telephone and email, as far as
	// they are set, each labelled.
	contact []string
	// name is the service's name, "" when none is set.
	name string
}

func letterSender(from, role string, service domain.ServiceContact) sender {
	c := service.Tidy()
	s := sender{signature: []string{from}, name: c.Name}
	switch {
	case role == "":
	case role == domain.RoleLinkWorker:
		s.signature = append(s.signature, "Link worker, "+c.DisplayName())
	case c.Name != "":
		s.signature = append(s.signature, c.Name)
	default:
		s.signature = append(s.signature, "Social prescribing team")
	}
	s.contact = c.AddressLines()
	if c.Phone != "" {
		s.contact = append(s.contact, "Telephone: "+c.Phone)
	}
	if c.Email != "" {
		s.contact = append(s.contact, "Email: "+c.Email)
	}
	return s
}

// signOff is the signature and, under it, the contact details: how a
// letter with no sender's block at its head ends (the GP letter).
func (s sender) signOff() []string { return append(append([]string{}, s.signature...), s.contact...) }

// block is the sender's address block at a letter's head: the service's
// name, then its contact details; none when nothing is set.
func (s sender) block() []string {
	if s.name == "" {
		return s.contact
	}
	return append([]string{s.name}, s.contact...)
}

// senderShare is how much of the text width the sender's address takes,
// on the right: the rest, on the left, is the envelope window's.
const senderShare = 0.5

// senderPoints is the sender's block's type size in a letter set at
// size: the letter's, but at most 16 point (large print's least), so that
// an email address fits its half of the page unbroken.
func senderPoints(size float64) float64 { return min(size, 16) }

// senderCellW is the width a line of the sender's block is set in: its
// column, but for a line a little too wide for it (a labelled email
// address) as much more as the line needs, up to 60% of the text's width,
// and for a word wider than the column (an email address) as much as
// the word needs, up to the same, so that an address is not broken.
func senderCellW(d *doc, line string, colW, textW float64) float64 {
	most := textW * 0.6
	margins := 2 * d.pdf.GetCellMargin()
	if need := d.pdf.GetStringWidth(d.t(line)) + margins; need <= most {
		return max(colW, need)
	}
	word := 0.0
	for _, w := range strings.Fields(line) {
		word = max(word, d.pdf.GetStringWidth(d.t(w))+margins)
	}
	return max(colW, min(word, most))
}

// letterHeight is how far down the page a letter reaches at size points.
func letterHeight(d *doc, letter Letter, from sender, textW, size float64) float64 {
	p := d.pdf
	p.SetFont(pdffont.Family, "", size)
	lh := size * 0.45
	top := 45 + float64(1+len(addressLines(letter.Person)))*lh // name, address
	sender, sz := 15.0, senderPoints(size)
	p.SetFont(pdffont.Family, "", sz)
	for _, line := range from.block() {
		sender += float64(max(len(p.SplitText(latin1(line), senderCellW(d, line, textW*senderShare, textW))), 1)) * sz * 0.45
	}
	p.SetFont(pdffont.Family, "", size)
	top = max(top, sender)
	lines := 4 // gaps, date
	for _, para := range strings.Split(letterBody(letter, from), "\n") {
		n := len(p.SplitText(latin1(para), textW))
		if n == 0 {
			n = 1
		}
		lines += n
	}
	return top + float64(lines)*lh
}

// latin1 is s with every character beyond Latin-1 as "?": SplitText
// measures runes with the core fonts' 256 widths.
func latin1(s string) string {
	return strings.Map(func(r rune) rune {
		if r > 255 {
			return '?'
		}
		return r
	}, s)
}
