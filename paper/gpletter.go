package paper

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/internal/pdffont"
)

// GPLetterSheet is a letter to a person's GP summarising their time with
// the service (domain.BuildGPLetter, which refuses without their consent).
type GPLetterSheet struct {
	Letter domain.GPLetter
	// Service is how to reach the social prescribing service, given under
	// the link worker's name; unset, the letter leaves a line for a
	// telephone number to be written on by hand.
	Service domain.ServiceContact
	Demo    bool
	Printed time.Time
}

// WriteGPLetter writes the letter to the GP: who it is about (name, date of
// birth, NHS number, practice), why they were referred, the activities
// they were matched to and how often they came, their wellbeing scores,
// and who to contact. It says the person agreed to it being shared.
func WriteGPLetter(w io.Writer, s GPLetterSheet) error {
	d := newDoc("P")
	p := d.pdf
	if s.Printed.IsZero() {
		s.Printed = time.Now()
	}
	l := s.Letter
	p.SetAutoPageBreak(true, 18)
	pageW, _ := p.GetPageSize()
	const left = 20.0
	textW := pageW - 2*left
	p.SetLeftMargin(left)
	p.SetRightMargin(left)
	p.AddPage()
	d.demoBanner(s.Demo)
	p.SetXY(left, 16)
	p.SetFont(pdffont.Family, "B", 16)
	p.MultiCell(textW, 8, d.t("Social prescribing summary for the GP"), "", "L", false)
	p.SetFont(pdffont.Family, "", 11)
	// Whom it is for, so the practice's post room files it with the right
	// doctor's patient, and when.
	to := "For the GP"
	if practice := strings.TrimSpace(l.Person.Practice); practice != "" {
		to += ", " + practice
	}
	p.MultiCell(textW, 6, d.t(to), "", "L", false)
	p.MultiCell(textW, 6, d.t(plainDate(l.Date)), "", "L", false)
	p.Ln(3)

	row := func(label, value string) {
		if strings.TrimSpace(value) == "" {
			value = "not recorded"
		}
		p.SetFont(pdffont.Family, "B", 11)
		p.CellFormat(45, 6, d.t(label), "", 0, "L", false, 0, "")
		p.SetFont(pdffont.Family, "", 11)
		p.MultiCell(textW-45, 6, d.t(value), "", "L", false)
	}
	section := func(title string) {
		p.Ln(3)
		p.SetFont(pdffont.Family, "B", 13)
		p.SetTextColor(46, 125, 91)
		p.MultiCell(textW, 7, d.t(title), "", "L", false)
		p.SetTextColor(0, 0, 0)
	}
	para := func(text string) {
		p.SetFont(pdffont.Family, "", 11)
		p.MultiCell(textW, 6, d.t(text), "", "L", false)
	}
	// bullet sets text after a bullet, its lines wrapping under the text,
	// not back to the margin.
	bullet := func(text string) {
		const indent = 5.0
		p.SetFont(pdffont.Family, "", 11)
		p.SetX(left)
		p.CellFormat(indent, 6, d.t("•"), "", 0, "L", false, 0, "")
		p.SetLeftMargin(left + indent)
		p.MultiCell(textW-indent, 6, d.t(text), "", "L", false)
		p.SetLeftMargin(left)
		p.SetX(left)
	}

	section("Patient")
	row("Name", l.Person.FullName())
	row("Date of birth", domain.BirthDay(l.Person.DateOfBirth))
	row("NHS number", l.Person.NHSNumber)
	row("Address", strings.Join(addressLines(l.Person), ", "))
	row("Practice", l.Person.Practice)

	section("Referral")
	if l.Referral.ID == "" {
		para("No referral is recorded.")
	} else {
		row("Received", plainDate(l.Referral.Received))
		from := domain.SourceWords(l.Referral.Source)
		if ref := strings.TrimSpace(l.Referral.Referrer); ref != "" {
			if from != "" {
				from += ": "
			}
			from += ref
		}
		row("From", from)
		row("Reasons", domain.CapitalFirst(strings.Join(l.Referral.Reasons, ", ")))
		row("Now", domain.CapitalFirst(l.Referral.Status))
	}

	section("Activities")
	if len(l.Activities) == 0 {
		para("Not yet matched to an activity.")
	}
	for _, a := range l.Activities {
		line := fmt.Sprintf("%s: matched %s; came to %s", a.Name, plainDate(a.Matched),
			domain.Count(a.Attended, "session", "sessions"))
		if a.Ended != "" {
			line += "; finished " + plainDate(a.Ended)
		}
		bullet(line + ".")
	}

	section("Wellbeing")
	if len(l.Wellbeing) == 0 {
		para("No wellbeing questionnaire is recorded.")
	}
	for _, line := range l.Wellbeing {
		para(line)
	}

	p.Ln(6)
	para(fmt.Sprintf("%s agreed to this summary being shared with their GP. For more, please contact their link worker, %s.",
		l.Person.DisplayName(), l.LinkWorker))
	p.Ln(4)
	para(strings.Join(letterSender(l.LinkWorker, domain.RoleLinkWorker, s.Service).signOff(), "\n"))
	// Without the service's number, the letter leaves a line for the link
	// worker to write one on as they sign.
	if strings.TrimSpace(s.Service.Phone) == "" {
		p.Ln(2)
		para("Telephone: ______________________________")
	}
	p.Ln(4)
	p.SetFont(pdffont.Family, "I", 9)
	p.SetTextColor(90, 90, 90)
	p.MultiCell(textW, 5, d.t("Confidential: personal health information. Printed "+s.Printed.Format("2 January 2006")+" by Gather."), "", "L", false)
	return finish(p, w)
}

// plainDate is a date as a letter gives it, "2 March 1950": a weekday
// beside a date of birth or a date long past says nothing to the reader.
func plainDate(date string) string {
	t, ok := domain.ParseDate(date)
	if !ok {
		return date
	}
	return t.Format("2 January 2006")
}
