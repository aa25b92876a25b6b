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
	Letter  domain.GPLetter
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
	p.MultiCell(textW, 6, d.t(longDate(l.Date)), "", "L", false)
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

	section("Patient")
	row("Name", l.Person.FullName())
	row("Date of birth", longDate(l.Person.DateOfBirth))
	row("NHS number", l.Person.NHSNumber)
	row("Address", strings.Join(addressLines(l.Person), ", "))
	row("Practice", l.Person.Practice)

	section("Referral")
	if l.Referral.ID == "" {
		para("No referral is recorded.")
	} else {
		row("Received", longDate(l.Referral.Received))
		from := domain.SourceWords(l.Referral.Source)
		if ref := strings.TrimSpace(l.Referral.Referrer); ref != "" {
			if from != "" {
				from += ": "
			}
			from += ref
		}
		row("From", from)
		row("Reasons", capitalFirst(strings.Join(l.Referral.Reasons, ", ")))
		row("Now", capitalFirst(l.Referral.Status))
	}

	section("Activities")
	if len(l.Activities) == 0 {
		para("Not yet matched to an activity.")
	}
	for _, a := range l.Activities {
		line := fmt.Sprintf("%s: matched %s; came to %s", a.Name, longDate(a.Matched),
			domain.Count(a.Attended, "session", "sessions"))
		if a.Ended != "" {
			line += "; finished " + longDate(a.Ended)
		}
		para("- " + line + ".")
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
	para(l.LinkWorker + "\nLink worker, social prescribing")
	p.Ln(4)
	p.SetFont(pdffont.Family, "I", 9)
	p.SetTextColor(90, 90, 90)
	p.MultiCell(textW, 5, d.t("Confidential: personal health information. Printed "+s.Printed.Format("2 January 2006")+" by Gather."), "", "L", false)
	return finish(p, w)
}

// capitalFirst is s with its first letter a capital, as a value beside a
// label reads: "Attending", not the stored "attending".
func capitalFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
