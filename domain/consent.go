package domain

import (
	"fmt"
	"slices"
	"strings"

	"github.com/gather-sp/gather/record"
)

// contactConsent is the consent each way of contacting someone needs.
// Meeting in person and handing over printed information need none.
var contactConsent = map[string]string{
	"phone call": "contact by phone",
	"text":       "contact by text",
	"email":      "contact by email",
	"letter":     "contact by post",
}

// preferenceConsent is the consent each contact preference (how someone
// would like to be contacted) stands for: ticking "phone" on a form is
// agreeing to be phoned.
var preferenceConsent = map[string]string{
	"phone":  "contact by phone",
	"text":   "contact by text",
	"email":  "contact by email",
	"letter": "contact by post",
}

// PreferenceConsentPurpose is the consent purpose a contact preference
// gives, or "" for none.
func PreferenceConsentPurpose(pref string) string { return preferenceConsent[pref] }

// OtherConsentPurposes are the consent purposes no contact preference
// gives (sharing with the GP, photos), in ConsentPurposes' order.
func OtherConsentPurposes() []string {
	var out []string
	for _, p := range ConsentPurposes {
		contact := false
		for _, c := range preferenceConsent {
			contact = contact || c == p
		}
		if !contact {
			out = append(out, p)
		}
	}
	return out
}

// ContactConsentPurpose is the consent purpose (one of ConsentPurposes) a
// contact by method needs, or "" when it needs none.
func ContactConsentPurpose(method string) string { return contactConsent[method] }

// ConsentState is where a person's consent for one purpose stands on a
// day, read from all their consent records for it: a person can have
// several, when duplicates were merged (their consents move to the
// survivor) or when two devices each recorded it offline.
type ConsentState struct {
	Purpose string
	// Stands: the latest "given" on or before the day is after the latest
	// withdrawal on or before the day. Dates carry no time, so a consent
	// given on the day of a withdrawal does not stand: which came first
	// cannot be told, and no must win over yes.
	Stands    bool
	Given     Consent // the record given latest (on or before the day); zero if none
	Withdrawn Consent // the record withdrawn latest (on or before the day); zero if none
}

// WithdrawnToday reports whether the latest withdrawal is on today: a
// consent recorded today would not stand (see Stands).
func (s ConsentState) WithdrawnToday(today string) bool { return s.Withdrawn.Withdrawn == today }

// ConsentStatus reads the person's consent records cs (any order, any
// purposes) for purpose on today (YYYY-MM-DD). A withdrawal on one record
// takes back every earlier consent, on any record: the person said no to
// the purpose, not to a record.
func ConsentStatus(cs []Consent, purpose, today string) ConsentState {
	st := ConsentState{Purpose: purpose}
	for _, c := range cs {
		if c.Deleted || c.Purpose != purpose {
			continue
		}
		if c.Given != "" && c.Given <= today && c.Given > st.Given.Given {
			st.Given = c
		}
		if c.Withdrawn != "" && c.Withdrawn <= today && c.Withdrawn > st.Withdrawn.Withdrawn {
			st.Withdrawn = c
		}
	}
	st.Stands = st.Given.Given != "" && st.Given.Given > st.Withdrawn.Withdrawn
	return st
}

// ConsentGiven reports whether, on date today (YYYY-MM-DD), the person's
// consent for purpose stands (ConsentStatus). cs are the person's consent
// records, any order.
func ConsentGiven(cs []Consent, purpose, today string) bool {
	return ConsentStatus(cs, purpose, today).Stands
}

// WithdrawConsent records, on today, that the person withdrew their
// consent for purpose, by staff member by: every record of theirs for it
// not already withdrawn by today is withdrawn, so none can stand again (a
// record withdrawn only from next week would, otherwise). It returns cs as
// they are after it, and the changes to save.
func WithdrawConsent(cs []Consent, purpose, today, by string) ([]Consent, []record.Change) {
	out := make([]Consent, len(cs))
	var changes []record.Change
	for i, c := range cs {
		out[i] = c
		if c.Deleted || c.Purpose != purpose || c.Withdrawn != "" && c.Withdrawn <= today {
			continue
		}
		out[i].Withdrawn, out[i].WithdrawnBy = today, by
		changes = append(changes, Changed(KindConsent, c.ID, c, out[i])...)
	}
	return out, changes
}

// GiveConsents records, on today, that the person personID gave their
// consent to each of purposes, by staff member by: a new consent record for
// each and, when photos is among them, photo_consent on every card of
// theirs (cards: the survivor and every record merged into it, as stored,
// or the card about to be created for someone new) as all their consent
// records then say (PhotoConsentCards). That is read from every record, cs
// and the new ones: a yes recorded on the day of a withdrawal does not
// stand (ConsentStatus), so it never turns a card's no into a yes. It
// returns the changes to save, in one action.
func GiveConsents(personID string, cards []Person, cs []Consent, purposes []string, today, by string) []record.Change {
	all := slices.Clone(cs)
	var changes []record.Change
	photos := false
	for _, purpose := range purposes {
		c := Consent{ID: NewID(), PersonID: personID, Purpose: purpose, Given: today, RecordedBy: by}
		all = append(all, c)
		changes = append(changes, Create(KindConsent, c.ID, c))
		photos = photos || purpose == ConsentPhotos
	}
	if photos {
		changes = append(changes, PhotoConsentCards(cards, all, today)...)
	}
	return changes
}

// ContactWays are the ways a person can agree to be contacted, as the
// forms offer them, in order. Each is a contact preference and stands for
// one consent purpose (PreferenceConsentPurpose).
var ContactWays = []string{"phone", "text", "email", "letter"}

// ContactWayState is where one way of contacting a person stands on a day.
// The one rule every screen follows: a way may be used when, and only
// when, its consent stands (a recorded fact, with who and when: the one
// fact, whichever screen recorded it); a preference without it is never
// used, and is said so.
type ContactWayState struct {
	Way       string // one of ContactWays
	Purpose   string // the consent it needs
	Preferred bool   // in the person's contact preferences
	Consent   ConsentState
}

// Usable reports whether the way may be used: their consent to it
// stands. The ticks record the way with its consent (AgreeContactWays); a
// consent recorded without the way (by a case screen that had buttons of
// its own, or an older device) is their agreement all the same, not a
// fact no screen shows.
func (s ContactWayState) Usable() bool { return s.Consent.Stands }

// ContactWayStates reads, on today, each of ContactWays for person p from
// their consent records cs.
func ContactWayStates(p Person, cs []Consent, today string) []ContactWayState {
	var out []ContactWayState
	for _, w := range ContactWays {
		purpose := PreferenceConsentPurpose(w)
		out = append(out, ContactWayState{Way: w, Purpose: purpose,
			Preferred: slices.Contains(p.ContactPreferences, w), Consent: ConsentStatus(cs, purpose, today)})
	}
	return out
}

// AgreedContactWays are the ways person p has agreed to be contacted on
// today: those whose consent stands (Usable), in ContactWays' order.
func AgreedContactWays(p Person, cs []Consent, today string) []string {
	var out []string
	for _, st := range ContactWayStates(p, cs, today) {
		if st.Usable() {
			out = append(out, st.Way)
		}
	}
	return out
}

// KeepUnagreedPreferences is the preferences to save with the ways agreed
// (AgreeContactWays' prefs, the ticks): a way the person preferred before
// without consent, left unticked, stays a preference (not used, and said
// so), neither agreed to nor lost.
func KeepUnagreedPreferences(before Person, cs []Consent, today string, agreed []string) []string {
	var out []string
	for _, st := range ContactWayStates(before, cs, today) {
		if slices.Contains(agreed, st.Way) || st.Preferred && !st.Consent.Stands {
			out = append(out, st.Way)
		}
	}
	return out
}

// ContactWaysWords is how every screen says how a person may be contacted:
// "Agreed to contact by: phone, email", then, for the ways whose consent
// they withdrew (whether or not still preferred), when, and not to use
// them ("Withdrew consent to contact by phone or text on Wed 18 Nov 2026:
// do not contact them by phone or text": no one should ask again as if it
// had never been asked, nor ring the number shown beside it), and for
// each way whose consent was never recorded, that it is not used:
// "Prefers letter, but their consent is not recorded, so it is not used". With none of these,
// "No contact preference recorded".
func ContactWaysWords(p Person, cs []Consent, today string) string {
	var agreed, unagreed, days []string
	withdrawn := map[string][]string{} // ways by the day their consent was withdrawn
	for _, s := range ContactWayStates(p, cs, today) {
		switch {
		case s.Usable():
			agreed = append(agreed, s.Way)
		case !s.Consent.Stands && s.Consent.Withdrawn.Withdrawn != "":
			// Preferred or not: unticking a way on Contacts withdraws its
			// consent and drops the preference, and the desk must not ask
			// again as if nobody had.
			d := s.Consent.Withdrawn.Withdrawn
			if withdrawn[d] == nil {
				days = append(days, d)
			}
			withdrawn[d] = append(withdrawn[d], s.Way)
		case s.Preferred:
			unagreed = append(unagreed, s.Way)
		}
	}
	notUsed := func(ways []string) string {
		if len(ways) > 1 {
			return "they are not used"
		}
		return "it is not used"
	}
	var parts []string
	if len(agreed) > 0 {
		parts = append(parts, "Agreed to contact by: "+strings.Join(agreed, ", "))
	}
	slices.Sort(days)
	for _, d := range days {
		ways := orList(withdrawn[d])
		parts = append(parts, fmt.Sprintf("Withdrew consent to contact by %s on %s: do not contact them by %s", ways, DayInWords(d), ways))
	}
	if len(unagreed) > 0 {
		parts = append(parts, fmt.Sprintf("Prefers %s, but their consent is not recorded, so %s", orList(unagreed), notUsed(unagreed)))
	}
	if len(parts) == 0 {
		return NoContactWays
	}
	return strings.Join(parts, " · ")
}

// UnagreedContactWords is the warning before logging a contact by way
// (one of ContactWays) with someone whose consent to it did not stand on
// date, named name, on today. A way they had withdrawn says so, when, and
// offers no tick: they said no, and ticking it again would ask as if
// nobody had (and a consent given on the day of a withdrawal does not
// stand). A way never agreed says how to record it, where ticking it can
// help: only for a contact today (a tick records agreement from today),
// and not when its consent was withdrawn today, which AgreeContactWays
// refuses (ContactWayRefused), saying why in the refusal's words.
func UnagreedContactWords(cs []Consent, way, name, date, today string) string {
	purpose := PreferenceConsentPurpose(way)
	st := ConsentStatus(cs, purpose, date)
	if w := st.Withdrawn.Withdrawn; w != "" {
		return fmt.Sprintf("On %s, %s had withdrawn consent to contact by %s (on %s). Tap Log it anyway only if they contacted you, or it was urgent; otherwise choose another way.",
			DayInWords(date), name, way, DayInWords(w))
	}
	said := fmt.Sprintf("On %s, %s had not agreed to contact by %s.", DayInWords(date), name, way)
	const anyway = "If they contacted you, or it was urgent, tap Log it anyway; otherwise choose another way"
	switch now := ConsentStatus(cs, purpose, today); {
	case now.WithdrawnToday(today):
		return fmt.Sprintf("%s %s. %s.", said, withdrawnTodayWords([]string{way}), anyway)
	case now.Withdrawn.Withdrawn != "":
		return fmt.Sprintf("%s They withdrew consent to it on %s. %s.", said, DayInWords(now.Withdrawn.Withdrawn), anyway)
	case date != today:
		// A tick records agreement from today: it would not cover that day.
		return fmt.Sprintf("%s %s.", said, anyway)
	}
	return fmt.Sprintf("%s %s, or tick %s under How they agree to be contacted, save, then log it.", said, anyway, way)
}

// NoContactWays is what ContactWaysWords says of someone with no way
// agreed, preferred or withdrawn.
const NoContactWays = "No contact preference recorded"

func orList(xs []string) string {
	if len(xs) <= 1 {
		return strings.Join(xs, "")
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " or " + xs[len(xs)-1]
}

// ContactWayRefused is the refusal to record agreement to a way of contact
// whose consent was withdrawn today: dates carry no time, so a consent
// given on the day of a withdrawal would not stand (ConsentStatus).
type ContactWayRefused struct{ Ways []string }

func (e *ContactWayRefused) Error() string {
	return fmt.Sprintf("%s: untick %s, and tick it again from tomorrow if they agree.", withdrawnTodayWords(e.Ways), orList(e.Ways))
}

// withdrawnTodayWords says why ways cannot be ticked: the refusal and the
// contact log's warning say it alike.
func withdrawnTodayWords(ways []string) string {
	return fmt.Sprintf("Their consent to contact by %s was withdrawn today, so it cannot be ticked again today", orList(ways))
}

// AgreeContactWays is the one action that records how a person agrees to
// be contacted (the ticks on the contact preferences): their preferences
// become ways (in ContactWays' order; the caller saves the person with
// them), consent is recorded today by staff member by for each way ticked
// whose consent does not stand, and withdrawn today for each way not
// ticked whose consent stands, so the ticks, the consent and every list
// that goes by consent (reminders, the contact log) say the same thing.
// cards are the person's cards (for GiveConsents); cs their consent
// records. It refuses (*ContactWayRefused) a tick whose consent was
// withdrawn today. given and withdrawn are the ways changed, for the
// screen to say.
func AgreeContactWays(personID string, cards []Person, cs []Consent, ways []string, today, by string) (prefs, given, withdrawn []string, changes []record.Change, err error) {
	p := Person{ContactPreferences: ways}
	var refused, purposes []string
	for _, s := range ContactWayStates(p, cs, today) {
		switch {
		case s.Preferred:
			prefs = append(prefs, s.Way)
			if s.Consent.Stands {
				continue
			}
			if s.Consent.WithdrawnToday(today) {
				refused = append(refused, s.Way)
				continue
			}
			given, purposes = append(given, s.Way), append(purposes, s.Purpose)
		case s.Consent.Stands:
			var ch []record.Change
			cs, ch = WithdrawConsent(cs, s.Purpose, today, by)
			withdrawn, changes = append(withdrawn, s.Way), append(changes, ch...)
		}
	}
	if len(refused) > 0 {
		return nil, nil, nil, nil, &ContactWayRefused{Ways: refused}
	}
	changes = append(changes, GiveConsents(personID, cards, cs, purposes, today, by)...)
	return prefs, given, withdrawn, changes, nil
}

// CardContactLines are the lines of case fields a person's card shows, to
// the roles that see case data, on today: their phone, their birthday and
// how they agreed to be contacted (ContactWaysWords, unless nothing is
// recorded). The last stands on its own: someone with only an email
// address who agreed to email is told at the desk as on the case.
func CardContactLines(p Person, cs []Consent, today string) []string {
	var lines []string
	if p.Phone != "" {
		lines = append(lines, "Phone: "+p.Phone)
	}
	if p.DateOfBirth != "" {
		lines = append(lines, "Born: "+BirthDay(p.DateOfBirth))
	}
	if words := ContactWaysWords(p, cs, today); words != NoContactWays {
		lines = append(lines, words)
	}
	return lines
}

// ContactConsentsRecorded says when each way's consent (ContactWays) was
// recorded, and by whom (nameOf a staff id), as it stands on today, ways
// recorded alike together: "Recorded: phone and text agreed Sun 1 Mar
// 2026 by Priya Shah · email withdrawn Tue 10 Mar 2026 by Priya Shah", or
// "" when none was. ContactWaysWords says whether they agree; this is the
// record behind it, which the case showed beside its own consent buttons
// and shows now under the ticks' words, so who recorded a consent, and
// when, is not lost from sight.
func ContactConsentsRecorded(cs []Consent, today string, nameOf func(staffID string) string) string {
	var order []string
	ways := map[string][]string{}
	for _, way := range ContactWays {
		st := ConsentStatus(cs, PreferenceConsentPurpose(way), today)
		var what, day, by string
		switch {
		case st.Stands:
			what, day, by = "agreed", st.Given.Given, st.Given.RecordedBy
		case st.Withdrawn.Withdrawn != "":
			what, day, by = "withdrawn", st.Withdrawn.Withdrawn, st.Withdrawn.WithdrawnBy
		default:
			continue
		}
		said := what + " " + DayInWords(day)
		if by != "" {
			said += " by " + nameOf(by)
		}
		if _, ok := ways[said]; !ok {
			order = append(order, said)
		}
		ways[said] = append(ways[said], way)
	}
	if len(order) == 0 {
		return ""
	}
	var parts []string
	for _, said := range order {
		parts = append(parts, andList(ways[said])+" "+said)
	}
	return "Recorded: " + strings.Join(parts, " · ")
}

func andList(xs []string) string {
	if len(xs) <= 1 {
		return strings.Join(xs, "")
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " and " + xs[len(xs)-1]
}
