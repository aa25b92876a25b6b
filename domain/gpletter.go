package domain

import (
	"fmt"
	"sort"
	"strings"

	"github.com/gather-sp/gather/record"
)

// Consent purposes that other features check.
const (
	ConsentShareWithGP = "share with GP"
	ConsentPhotos      = "photos"
)

// ConsentMissing is the refusal of something that needs a person's consent
// they have not given (or have withdrawn): its message says which, and
// when, and its next step fits: ask them when they were never asked; when
// they said no, that nothing is to be sent, never a problem to retry.
type ConsentMissing struct {
	Person    string // the name to say
	Purpose   string // one of ConsentPurposes
	Withdrawn string // YYYY-MM-DD when they withdrew it; "" if never given
	// Today is the day it was refused (YYYY-MM-DD): a withdrawal today
	// is said as today, and a consent recorded today would not count
	// (ConsentState.Stands).
	Today string
	// GivenSameDay: a consent was recorded again on the day of the
	// withdrawal (today or earlier), which does not count
	// (ConsentState.Stands).
	GivenSameDay bool
	What         string // what was refused, "A letter to the GP"
}

// consentPhrases say what consent to a purpose is for, in a sentence
// ("consent to ..."), where the purpose's own name is too terse.
var consentPhrases = map[string]string{
	ConsentShareWithGP: "share information with their GP",
	ConsentPhotos:      "being photographed",
}

func consentPhrase(purpose string) string {
	if s, ok := consentPhrases[purpose]; ok {
		return s
	}
	return purpose
}

func (e *ConsentMissing) withdrawnToday() bool { return e.Withdrawn != "" && e.Withdrawn == e.Today }

func (e *ConsentMissing) Error() string { return e.What + " was not made: " + e.why() }

// Beforehand says the same before anything is tried, where the action is
// offered, so nobody taps to find out: "A letter to the GP cannot be
// made: Ada Lovelace has not given consent to share information with
// their GP." NextStep says what to do.
func (e *ConsentMissing) Beforehand() string { return e.What + " cannot be made: " + e.why() }

// why is whose consent is missing, for what, and since when.
func (e *ConsentMissing) why() string {
	what := consentPhrase(e.Purpose)
	switch {
	case e.withdrawnToday():
		return fmt.Sprintf("%s withdrew consent to %s today (%s).", e.Person, what, longDateOf(e.Withdrawn))
	case e.Withdrawn != "":
		return fmt.Sprintf("%s withdrew consent to %s on %s.", e.Person, what, longDateOf(e.Withdrawn))
	}
	return fmt.Sprintf("%s has not given consent to %s.", e.Person, what)
}

// Title heads the refusal: it is the person's decision, or a question not
// yet asked, not something gone wrong.
func (e *ConsentMissing) Title() string {
	if e.Withdrawn != "" {
		return "Consent withdrawn"
	}
	return "Consent not given"
}

// NextStep says what to do about it. After a withdrawal there is nothing to
// retry: the person said no. Only if they agree again can a new consent be
// recorded, and not on the day they withdrew (which came first could not
// be told, and no wins).
func (e *ConsentMissing) NextStep() string {
	what := consentPhrase(e.Purpose)
	if e.Withdrawn == "" {
		return fmt.Sprintf("Ask them. If they agree, record their consent to %s in the Consent part of their case; then it can be made.", what)
	}
	never := fmt.Sprintf("%s must not be sent while their consent is withdrawn.", e.What)
	if e.withdrawnToday() {
		s := never
		if e.GivenSameDay {
			s += " The consent also recorded today does not count: " + sameDayRule
		}
		return s + " If they tell you they agree again, their new consent can be recorded in the Consent part of their case from tomorrow."
	}
	if e.GivenSameDay {
		never += " The consent recorded again on " + longDateOf(e.Withdrawn) + " does not count: " + sameDayRule
	}
	return never + " Only if they tell you they agree again can a new consent be recorded, in the Consent part of their case."
}

// sameDayRule is why a consent recorded on the day of a withdrawal does
// not count (ConsentState.Stands).
const sameDayRule = "on the day of a withdrawal, the withdrawal stands."

// NeedConsent returns a *ConsentMissing unless the person's consent for
// purpose stands on today (ConsentGiven).
func NeedConsent(p Person, cs []Consent, purpose, today, what string) error {
	st := ConsentStatus(cs, purpose, today)
	if st.Stands {
		return nil
	}
	return &ConsentMissing{Person: p.DisplayName(), Purpose: purpose, What: what, Today: today,
		Withdrawn: st.Withdrawn.Withdrawn, GivenSameDay: st.Withdrawn.Withdrawn != "" && st.Given.Given == st.Withdrawn.Withdrawn && st.Given.Withdrawn == ""}
}

// PhotoConsentCard is the person with their card's photo_consent field as
// their consent records cs say on today, and whether it changed: the card
// carries it to the venue tablets, which hold no consent records, so a
// facilitator knows whom not to photograph. Save it, on every card of the
// person (PhotoConsentCards), with every photo consent given or withdrawn.
func PhotoConsentCard(p Person, cs []Consent, today string) (Person, bool) {
	ok := ConsentGiven(cs, ConsentPhotos, today)
	if p.PhotoConsent == ok {
		return p, false
	}
	p.PhotoConsent = ok
	return p, true
}

// PhotoConsentCards is the changes that bring photo_consent on every card
// of one person (the surviving record and every record merged into it, as
// stored) to what their consent records cs say on today. Every card, not
// only the survivor's: the register says "Photos OK" only when all of them
// do (PhotosOK).
func PhotoConsentCards(cards []Person, cs []Consent, today string) []record.Change {
	var out []record.Change
	for _, p := range cards {
		if after, moved := PhotoConsentCard(p, cs, today); moved {
			out = append(out, Changed(KindPerson, p.ID, p, after)...)
		}
	}
	return out
}

// PhotosOK is whether a person may be photographed, by the cards of every
// record that stands for them (the survivor and every record merged into
// it): only when every card says so. Venue tablets hold no consent records,
// only cards, and a device that had not heard of a merge may have recorded
// a withdrawal on the merged-away record's card; any "no" wins.
func PhotosOK(cards []Person) bool {
	for _, p := range cards {
		if !p.PhotoConsent {
			return false
		}
	}
	return len(cards) > 0
}

// GPLetter is a summary of a person's time with the service for their GP.
type GPLetter struct {
	Person     Person
	Referral   Referral // the latest; zero when none
	Activities []GPActivity
	Wellbeing  []string // lines: "SWEMWBS 19.98 on 2 March 2026, 23.21 on 20 April 2026 (+3.23)"
	LinkWorker string
	Date       string // YYYY-MM-DD
}

// GPActivity is one activity they were matched to, and how it went.
type GPActivity struct {
	Name     string
	Matched  string // YYYY-MM-DD
	Ended    string
	Attended int
}

// BuildGPLetter gathers the letter to a person's GP, refusing with a
// *ConsentMissing unless their consent to share with the GP stands today.
// Deleted records are left out; attendance counts sessions they came to.
func BuildGPLetter(p Person, cs []Consent, refs []Referral, matches []Match, acts map[string]Activity,
	marks []Attendance, measures []Measure, linkWorker, today string) (GPLetter, error) {
	if err := NeedConsent(p, cs, ConsentShareWithGP, today, "A letter to the GP"); err != nil {
		return GPLetter{}, err
	}
	l := GPLetter{Person: p, LinkWorker: linkWorker, Date: today}
	for _, r := range refs {
		if !r.Deleted && r.Received >= l.Referral.Received {
			l.Referral = r
		}
	}
	came := map[string]int{}
	for _, m := range marks {
		if Attended(m.Status) {
			came[m.ActivityID]++
		}
	}
	for _, m := range matches {
		if m.Deleted {
			continue
		}
		name := acts[m.ActivityID].Name
		if name == "" {
			name = "an activity no longer listed"
		}
		l.Activities = append(l.Activities, GPActivity{Name: name, Matched: m.Date, Ended: m.Ended, Attended: came[m.ActivityID]})
	}
	sort.SliceStable(l.Activities, func(i, j int) bool { return l.Activities[i].Matched < l.Activities[j].Matched })
	var sw []Measure
	for _, m := range measures {
		if !m.Deleted && m.Instrument == InstrumentSWEMWBS {
			sw = append(sw, m)
		}
	}
	sort.SliceStable(sw, func(i, j int) bool { return sw[i].Date < sw[j].Date })
	var parts []string
	var first, last float64
	for i, m := range sw {
		s, err := SWEMWBSMetric(m.Items)
		if err != nil {
			continue
		}
		if len(parts) == 0 {
			first = s
		}
		last = s
		if i == 0 || i == len(sw)-1 {
			when := m.Date
			if t, ok := ParseDate(m.Date); ok {
				when = t.Format("2 January 2006")
			}
			parts = append(parts, fmt.Sprintf("%.2f on %s", s, when))
		}
	}
	if len(parts) > 0 {
		// A GP may not know the scale: say what it is, its range and
		// which way is better.
		line := "SWEMWBS (Short Warwick-Edinburgh Mental Wellbeing Scale; scores run from 7 to 35, higher is better): " +
			strings.Join(parts, ", then ")
		if len(parts) > 1 {
			line += fmt.Sprintf(" (%+.2f)", last-first)
		}
		l.Wellbeing = append(l.Wellbeing, line)
	}
	return l, nil
}

func longDateOf(date string) string {
	if t, ok := ParseDate(date); ok {
		return LongDate(t)
	}
	return date
}
