package domain

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gather-sp/gather/record"
)

// Reminders without a gateway: Gather sends no texts or emails. For the
// next session of an activity, or for the follow-ups falling due, it
// prepares a call list (people who prefer phone and consented to phone
// contact) and letters to print (people who prefer post and consented to
// letters), and lists everyone else with the reason, so nobody is left
// out without anyone noticing.

// Ways a reminder goes out.
const (
	ReminderCall   = "call"
	ReminderLetter = "letter"
)

// Reminded is one person on a reminder plan.
type Reminded struct {
	Person Person
	// Way is ReminderCall or ReminderLetter; "" when there is no usable
	// way, and Why says what is missing.
	Way string
	Why string
	// LargePrint is set when their access needs ask for large print: their
	// letter is printed in large type.
	LargePrint bool
}

// ReminderPlan is who is reminded how.
type ReminderPlan struct {
	Calls       []Reminded
	Letters     []Reminded
	Unreachable []Reminded
}

// Total is how many people the plan covers.
func (p ReminderPlan) Total() int { return len(p.Calls) + len(p.Letters) + len(p.Unreachable) }

// PlanReminders decides, on date today, how each person is reminded. Their
// contact preferences are taken in the order recorded, then any way they
// agreed to that is not among them (AgreedContactWays); the first that
// Gather can act on, with its contact detail and the consent it needs
// standing today, decides: phone puts them on the call list, letter on the
// letters. Text and email are not sent by Gather. Anyone left is
// Unreachable with every reason in words. Deleted people and people merged
// into another are left out (the one they were merged into is who to
// remind); everyone else is in exactly one list, each list by name (ByDue
// orders them by when their follow-up is due instead).
// consents are each person's consent records by person id.
func PlanReminders(people []Person, consents map[string][]Consent, today string) ReminderPlan {
	var plan ReminderPlan
	seen := map[string]bool{}
	for _, p := range people {
		if p.Deleted || p.MergedInto != "" || seen[p.ID] {
			continue
		}
		seen[p.ID] = true
		r := Reminded{Person: p, LargePrint: NeedsLargePrint(p.AccessNeeds)}
		var why []string
		// Their preferences in order, then any way they agreed to
		// without it being among them (Usable goes by the consent).
		ways := slices.Clone(p.ContactPreferences)
		for _, w := range AgreedContactWays(p, consents[p.ID], today) {
			if !slices.Contains(ways, w) {
				ways = append(ways, w)
			}
		}
		todo := reminderTodo{}
		for _, pref := range ways {
			// A way agreed but not among their preferences is said as
			// agreed (ContactWaysWords), not as a preference never given.
			prefers := "prefer"
			if !slices.Contains(p.ContactPreferences, pref) {
				prefers = "agreed to"
			}
			switch pref {
			case "phone", "letter":
				says := map[string]string{"phone": "phone calls", "letter": "letters"}[pref]
				st := ConsentStatus(consents[p.ID], PreferenceConsentPurpose(pref), today) // as the ticks record it (AgreeContactWays)
				switch {
				case MissingContactDetail(p, pref) != "":
					why = append(why, fmt.Sprintf("they %s %s, but no %s is recorded", prefers, says, MissingContactDetail(p, pref)))
					todo.detail = true
				case st.Withdrawn.Withdrawn != "" && !st.Stands:
					// Said without the preference: "prefers phone but
					// withdrew consent" read as a contradiction.
					why = append(why, "they "+consentNotStanding(pref, st))
				case !st.Stands:
					why = append(why, fmt.Sprintf("they %s %s, but %s", prefers, says, consentNotStanding(pref, st)))
					todo.consent = true
				case pref == "phone":
					r.Way = ReminderCall
				default:
					r.Way = ReminderLetter
				}
			case "text", "email":
				why = append(why, fmt.Sprintf("Gather cannot send the %ss they %s", pref, prefers))
			}
			if r.Way != "" {
				break
			}
		}
		switch r.Way {
		case ReminderCall:
			plan.Calls = append(plan.Calls, r)
		case ReminderLetter:
			plan.Letters = append(plan.Letters, r)
		default:
			if len(why) == 0 {
				why = append(why, "no way to contact them is recorded")
				todo.ask = true
			}
			r.Why = CapitalFirst(strings.Join(why, ", and ")) + ": " + todo.String()
			plan.Unreachable = append(plan.Unreachable, r)
		}
	}
	for _, list := range [][]Reminded{plan.Calls, plan.Letters, plan.Unreachable} {
		sort.SliceStable(list, func(i, j int) bool { return sortName(list[i].Person) < sortName(list[j].Person) })
	}
	return plan
}

// ByDue orders each list of the plan by when its person's follow-up is
// due (due maps person id to YYYY-MM-DD): the most overdue first, then
// the due soonest, so whoever rings round calls those who have waited
// longest before the rest. People with the same date stay by name; anyone
// without a date comes last.
func (p ReminderPlan) ByDue(due map[string]string) ReminderPlan {
	key := func(r Reminded) string {
		if d, ok := due[r.Person.ID]; ok && d != "" {
			return d
		}
		return "\xff"
	}
	for _, list := range [][]Reminded{p.Calls, p.Letters, p.Unreachable} {
		sort.SliceStable(list, func(i, j int) bool {
			if ki, kj := key(list[i]), key(list[j]); ki != kj {
				return ki < kj
			}
			return sortName(list[i].Person) < sortName(list[j].Person)
		})
	}
	return p
}

// reminderTodo is what whoever reminds can do about someone no reminder
// reaches, from what stood in the way.
type reminderTodo struct {
	consent bool // a way they prefer has no consent recorded
	detail  bool // a way they prefer or agreed to has no number or address
	ask     bool // no way at all is recorded
}

// String says the first of them that can be done at the desk; when only
// withdrawals and ways Gather cannot send stand in the way, to remind them
// another way.
func (t reminderTodo) String() string {
	switch {
	case t.consent:
		return "ask them, and record it on their case"
	case t.detail:
		return "add it with Edit details on their card"
	case t.ask:
		return "ask how they would like to hear from you, and record it on their case"
	}
	return "remind them in person, or through whoever referred them"
}

// consentNotStanding says why the consent to way (one of ContactWays)
// does not stand, in the words of ContactWaysWords, which the card, the
// case and the contact log say it in: "withdrew consent to contact by
// letter on Sun 1 Feb 2026" when they withdrew it (the latest withdrawal),
// "their consent to contact by phone is not recorded" when it was never
// given.
func consentNotStanding(way string, st ConsentState) string {
	if st.Withdrawn.Withdrawn != "" {
		return fmt.Sprintf("withdrew consent to contact by %s on %s", way, DayInWords(st.Withdrawn.Withdrawn))
	}
	return fmt.Sprintf("their consent to contact by %s is not recorded", way)
}

func sortName(p Person) string {
	return strings.ToLower(p.FamilyName + "\x00" + p.GivenName + "\x00" + p.ID)
}

// CapitalFirst is s with its first letter a capital, as a label or the
// start of a sentence writes a stored value ("other professional").
func CapitalFirst(s string) string {
	if s == "" {
		return s
	}
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// largePrintWords are what, in someone's access needs, asks for large print.
var largePrintWords = []string{"large print", "large-print", "large text", "big print", "bigger print",
	"larger print", "visually impaired", "visual impairment", "partially sighted", "low vision", "sight loss",
	"poor sight", "poor eyesight"}

// NeedsLargePrint reports whether access needs, as written, ask for large
// print: they mention large print or sight loss, in any case.
func NeedsLargePrint(accessNeeds string) bool {
	s := strings.ToLower(strings.Join(strings.Fields(accessNeeds), " "))
	for _, w := range largePrintWords {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// NextSessionToRemind is the first date after today (YYYY-MM-DD) when an
// activity meets by its schedule and its session is not cancelled; ok is
// false when there is none in the schedule's lookahead. cancelled reports a
// date whose session was called off (nil: none).
func NextSessionToRemind(a Activity, today string, cancelled func(date string) bool) (date string, ok bool) {
	if _, ok := ParseDate(today); !ok {
		return "", false
	}
	for _, d := range NextMeetings(a, AddDays(today, 1), 60) {
		if cancelled == nil || !cancelled(d) {
			return d, true
		}
	}
	return "", false
}

// ExpectedOn is who is enrolled on an activity on date: the people to
// remind of that session, each once, in the enrolments' order.
func ExpectedOn(enrolments []Enrolment, date string) []string {
	var ids []string
	seen := map[string]bool{}
	for _, e := range enrolments {
		if EnrolledOn(e, date) && !seen[e.PersonID] {
			seen[e.PersonID] = true
			ids = append(ids, e.PersonID)
		}
	}
	return ids
}

// FollowUpsToRemind is the follow-ups overdue or due (see FollowUpState)
// on today that a reminder is about: each person's earliest, earliest due
// first.
func FollowUpsToRemind(fs []FollowUp, today string) []FollowUp {
	fs = append([]FollowUp(nil), fs...)
	sort.SliceStable(fs, func(i, j int) bool { return fs[i].Due < fs[j].Due })
	var out []FollowUp
	seen := map[string]bool{}
	for _, f := range fs {
		if f.Deleted || seen[f.PersonID] {
			continue
		}
		if st := FollowUpState(f, today); st == FollowUpOverdue || st == FollowUpDueNow {
			seen[f.PersonID] = true
			out = append(out, f)
		}
	}
	return out
}

// ReminderNote is what a reminder's contact log entry says was done, for
// a reminder about "about" (a session, a check-in). The same words mark
// the reminder done on the call list, so a tick survives a restart.
func ReminderNote(way, about string) string {
	if way == ReminderLetter {
		return "Reminder letter printed: " + about
	}
	return "Reminder call: " + about
}

// ReminderContact is the contact log entry for a reminder given by staff
// member by on today.
func ReminderContact(personID, way, about, today, by string) (Contact, error) {
	method := "phone call"
	switch way {
	case ReminderCall:
	case ReminderLetter:
		method = "letter"
	default:
		return Contact{}, fmt.Errorf("a reminder goes by phone call or letter, not %q", way)
	}
	if personID == "" {
		return Contact{}, fmt.Errorf("a reminder needs the person it was for")
	}
	if err := CheckDate(today); err != nil {
		return Contact{}, err
	}
	return Contact{PersonID: personID, Method: method, Date: today, Outcome: ReminderNote(way, about), By: by}, nil
}

// LogReminder is the reminder given (ReminderContact) as a new record in
// the person's contact log, ready to save.
func LogReminder(personID, way, about, today, by string) (record.Change, error) {
	c, err := ReminderContact(personID, way, about, today, by)
	if err != nil {
		return record.Change{}, err
	}
	return record.Change{Kind: KindContact, ID: NewID(), Fields: Encode(c)}, nil
}

// AlreadyReminded reports whether contacts already hold the reminder about
// "about" given by way on today: the call list shows it ticked.
func AlreadyReminded(contacts []Contact, way, about, today string) bool {
	note := ReminderNote(way, about)
	for _, c := range contacts {
		if !c.Deleted && c.Date == today && c.Outcome == note {
			return true
		}
	}
	return false
}

// SessionReminderAbout names a session in a few words, for the call list
// and the contact log: "Garden group, Wednesday 25 March".
func SessionReminderAbout(a Activity, date string) string {
	if t, ok := ParseDate(date); ok {
		return a.Name + ", " + t.Format("Monday 2 January")
	}
	return a.Name + ", " + date
}

// FollowUpReminderAbout is what a follow-up reminder is about, in a few words.
const FollowUpReminderAbout = "check-in with their link worker"

// SessionReminderLetter is the body of a letter reminding someone of a
// session: when, where and where to meet, who to ask for, how to get
// there, what to bring, and a number to call if they cannot come or are
// lost or late; for an online activity, how to join instead of where.
// Without a number for the venue, it gives the service's way to get in
// touch (ServiceContact.HowToReach), if set.
func SessionReminderLetter(a Activity, v Venue, date string, service ServiceContact) []string {
	when := date
	if t, ok := ParseDate(date); ok {
		when = LongDate(t)
	}
	switch {
	case a.StartTime != "" && a.EndTime != "":
		when += ", from " + a.StartTime + " to " + a.EndTime
	case a.StartTime != "":
		when += ", at " + a.StartTime
	}
	paras := []string{fmt.Sprintf("This is a reminder that %s meets next on %s.", a.Name, when)}
	if a.Online {
		// Joined from home: the venue only organises it, so the letter
		// sends nobody there.
		paras = append(paras, "It is online: you join from home, on a phone, tablet or computer.")
		if j := strings.TrimSpace(a.JoinLink); j != "" {
			paras = append(paras, "How to join: "+j)
		}
		if a.ContactName != "" {
			paras = append(paras, "When you join, "+a.ContactName+" will welcome you.")
		}
	} else {
		where := strings.TrimSpace(strings.Join(nonEmpty(v.Name, v.Address, v.Postcode), ", "))
		if where != "" {
			paras = append(paras, "It is at "+where+".")
		}
		if m := strings.TrimSpace(a.MeetingPoint); m != "" {
			paras = append(paras, "Where to meet: "+m)
		}
		if a.ContactName != "" {
			paras = append(paras, "When you arrive, ask for "+a.ContactName+".")
		}
		if d := strings.TrimSpace(v.Directions); d != "" {
			paras = append(paras, "How to get there: "+d)
		}
	}
	if a.WhatToBring != "" {
		paras = append(paras, "What to bring: "+a.WhatToBring)
	}
	if v.Phone != "" {
		paras = append(paras, "Please call "+v.Phone+" if you cannot come, if you are lost or running late on the day, or if you have a question.")
	} else if how := service.HowToReach(); how != "" {
		paras = append(paras, "If you cannot come, or you have a question, please "+how+".")
	}
	return append(paras, "We look forward to seeing you.")
}

// FollowUpReminderLetter is the body of a letter saying a check-in is due,
// and how to get in touch sooner: the service's number or email
// (ServiceContact.HowToReach), or, with neither set, just to get in touch.
func FollowUpReminderLetter(linkWorker string, service ServiceContact) []string {
	who := "your link worker"
	if linkWorker != "" {
		who = "your link worker, " + linkWorker + ","
	}
	sooner := "please get in touch with us."
	if how := service.HowToReach(); how != "" {
		sooner = "please " + how + "."
	}
	return []string{
		fmt.Sprintf("It is time for your check-in: %s would like to hear how things are going with the activities you started.", who),
		"We will be in touch soon to find a time that suits you. If you would rather talk sooner, or something has changed, " + sooner,
	}
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}
