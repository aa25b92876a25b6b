package domain

// Casework rules: the referral status path, SNOMED CT codes, waiting times,
// follow-up due dates and next-step suggestions. Everything here is pure:
// callers pass today's date in, and get a new record back to save (use Diff
// on the before and after values to get the field writes).

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/gather-sp/gather/record"
)

// Referral statuses, in the order a referral moves through them. Declined
// can be reached from any open status.
const (
	ReferralReceived  = "received"
	ReferralContacted = "contacted"
	ReferralAssessed  = "assessed"
	ReferralMatched   = "matched"
	ReferralAttending = "attending"
	ReferralClosed    = "closed"
	ReferralDeclined  = "declined"
)

// ReferralPath lists the statuses of the normal path in order.
var ReferralPath = []string{ReferralReceived, ReferralContacted, ReferralAssessed, ReferralMatched,
	ReferralAttending, ReferralClosed}

// ReferralStatuses lists every status: the path, then declined.
var ReferralStatuses = append(append([]string{}, ReferralPath...), ReferralDeclined)

// SNOMED CT concepts that practices report.
const (
	SnomedReferralAccepted = "871731000000106"
	SnomedDeclined         = "871711000000103"
)

// SnomedTerms gives the preferred term of each code Gather records.
var SnomedTerms = map[string]string{
	SnomedReferralAccepted: "Referral to social prescribing service",
	SnomedDeclined:         "Social prescribing declined",
}

// CheckDate returns an error a person can act on when s is not a
// YYYY-MM-DD date.
func CheckDate(s string) error {
	if _, err := time.Parse(time.DateOnly, s); err != nil {
		return fmt.Errorf("%q is not a date: write it as YYYY-MM-DD, for example 2026-03-31", s)
	}
	return nil
}

// shiftDate moves a checked YYYY-MM-DD date by n days.
func shiftDate(date string, n int) (string, error) {
	t, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return "", CheckDate(date)
	}
	return t.AddDate(0, 0, n).Format(time.DateOnly), nil
}

// DaysBetween returns the whole days from one date to another (negative
// when to is earlier).
func DaysBetween(from, to string) (int, error) {
	a, err := time.Parse(time.DateOnly, from)
	if err != nil {
		return 0, CheckDate(from)
	}
	b, err := time.Parse(time.DateOnly, to)
	if err != nil {
		return 0, CheckDate(to)
	}
	// Dates parse as UTC midnight, so the difference is a whole number of days.
	return int(b.Sub(a).Hours() / 24), nil
}

// ReferralOpen reports whether a referral is still being worked on: neither
// closed nor declined.
func ReferralOpen(status string) bool {
	return status != ReferralClosed && status != ReferralDeclined
}

// NextReferralStatus returns the status that follows on the normal path, or
// "" when there is none (closed, declined or unknown).
func NextReferralStatus(status string) string {
	if status == "" {
		return ReferralReceived
	}
	for i, s := range ReferralPath[:len(ReferralPath)-1] {
		if s == status {
			return ReferralPath[i+1]
		}
	}
	return ""
}

// ErrBadTransition is wrapped by every refusal from AdvanceReferral, so a
// screen can tell a refused step from bad input with errors.Is.
var ErrBadTransition = errors.New("this referral cannot move to that status")

// StepTooEarlyError is AdvanceReferral's refusal of a step dated before
// the referral's last step; it is an ErrBadTransition, and carries both
// dates (YYYY-MM-DD) so a screen can say them in words.
type StepTooEarlyError struct{ Date, Last string }

func (e *StepTooEarlyError) Error() string {
	return fmt.Sprintf("%v: %s is before the referral's last step on %s", ErrBadTransition, DayInWords(e.Date), DayInWords(e.Last))
}

func (e *StepTooEarlyError) Is(target error) bool { return target == ErrBadTransition }

// AdvanceReferral moves a referral one step along its path, or declines it,
// on date (YYYY-MM-DD), and returns the updated copy. It sets the date of the
// step and the SNOMED CT code that goes with it:
//
//   - received -> contacted -> assessed -> matched -> attending -> closed,
//     one step at a time, never backwards;
//   - declined from any open status, with a reason (required);
//   - a step's date may not be before the date of the step before it.
//
// The referral is "accepted" when it is first contacted: from then on the
// service is working with the person, so 871731000000106 is recorded.
// Declining records 871711000000103. A referral declined after being
// accepted keeps both codes, as a GP record would.
func AdvanceReferral(r Referral, to, date, declineReason string) (Referral, error) {
	if err := CheckDate(date); err != nil {
		return r, err
	}
	from := r.Status
	if from == "" {
		from = ReferralReceived
	}
	if r.Received == "" {
		return r, fmt.Errorf("%w: it has no received date", ErrBadTransition)
	}
	if !ReferralOpen(from) {
		return r, fmt.Errorf("%w: it is already %s", ErrBadTransition, from)
	}
	last := latestStepDate(r)
	if date < last {
		return r, &StepTooEarlyError{Date: date, Last: last}
	}
	if to == ReferralDeclined {
		if declineReason == "" {
			return r, fmt.Errorf("%w: give the reason it was declined", ErrBadTransition)
		}
		r.Status, r.Declined, r.DeclineReason = ReferralDeclined, date, declineReason
		r.SnomedCodes = withCode(r.SnomedCodes, SnomedDeclined)
		return r, nil
	}
	next := NextReferralStatus(from)
	if to != next {
		if !knownStatus(to) {
			return r, fmt.Errorf("%w: %q is not a referral status", ErrBadTransition, to)
		}
		return r, fmt.Errorf("%w: a %s referral moves next to %s (or is declined), not to %s",
			ErrBadTransition, from, next, to)
	}
	r.Status = to
	switch to {
	case ReferralContacted:
		r.Contacted = date
		r.SnomedCodes = withCode(r.SnomedCodes, SnomedReferralAccepted)
	case ReferralAssessed:
		r.Assessed = date
	case ReferralMatched:
		r.Matched = date
	case ReferralAttending:
		r.Attending = date
	case ReferralClosed:
		r.Closed = date
	}
	return r, nil
}

// MatchReferral is the step matching the person to an activity on date
// takes on their referral, wherever the match is made (from the referral or
// straight from the case). An open referral not yet matched moves along its
// path to matched: a person being matched has been in touch and assessed, so
// the steps not yet taken are taken, one at a time through AdvanceReferral,
// with their dates and SNOMED CT codes. Contacted is the day of the first
// conversation in contacts (the person's contact log) from the referral's
// receipt to the match, as the wait for a first contact is reported from
// it; with none logged, it is the match's day, as assessed is. A referral
// already matched or further on, closed or declined is returned as it is,
// never moved backwards. moved says whether it changed.
func MatchReferral(r Referral, date string, contacts []Contact) (after Referral, moved bool, err error) {
	from := r.Status
	if from == "" {
		from = ReferralReceived
	}
	if !ReferralOpen(from) || pathIndex(from) < 0 || pathIndex(from) >= pathIndex(ReferralMatched) {
		return r, false, nil
	}
	firstContact := date
	for _, c := range contacts {
		if !c.Deleted && c.PersonID == r.PersonID && c.Date >= r.Received && c.Date < firstContact && IsDay(c.Date) {
			firstContact = c.Date
		}
	}
	after = r
	for from != ReferralMatched {
		from = NextReferralStatus(from)
		on := date
		if from == ReferralContacted {
			on = firstContact
		}
		if after, err = AdvanceReferral(after, from, on, ""); err != nil {
			return r, false, err
		}
	}
	return after, true, nil
}

func pathIndex(status string) int {
	for i, s := range ReferralPath {
		if s == status {
			return i
		}
	}
	return -1
}

func knownStatus(s string) bool {
	for _, k := range ReferralStatuses {
		if k == s {
			return true
		}
	}
	return false
}

// latestStepDate is the date of the last step a referral took. ISO dates
// compare as strings.
func latestStepDate(r Referral) string {
	last := ""
	for _, d := range []string{r.Received, r.Contacted, r.Assessed, r.Matched, r.Attending, r.Closed, r.Declined} {
		if d > last {
			last = d
		}
	}
	return last
}

func withCode(codes []string, code string) []string {
	for _, c := range codes {
		if c == code {
			return codes
		}
	}
	return append(append([]string{}, codes...), code)
}

// HasSnomed reports whether a referral carries a SNOMED CT code.
func (r Referral) HasSnomed(code string) bool {
	for _, c := range r.SnomedCodes {
		if c == code {
			return true
		}
	}
	return false
}

// WaitingDays is the waiting time from referral to first contact, in days.
// For a referral not yet contacted it is the wait so far, up to today, and
// contacted is false. A declined referral never contacted stops waiting on
// the day it was declined.
func WaitingDays(r Referral, today string) (days int, contacted bool, err error) {
	end, contacted := r.Contacted, r.Contacted != ""
	if !contacted {
		end = today
		if r.Declined != "" {
			end = r.Declined
		}
	}
	days, err = DaysBetween(r.Received, end)
	return days, contacted, err
}

// Follow-up intervals, in weeks after matching.
const (
	DefaultFollowUpWeeks = 4
	MinFollowUpWeeks     = 4
	MaxFollowUpWeeks     = 6
)

// ValidateFollowUpWeeks checks an organisation's follow-up interval setting.
func ValidateFollowUpWeeks(weeks int) error {
	if weeks < MinFollowUpWeeks || weeks > MaxFollowUpWeeks {
		return fmt.Errorf("follow-ups are set between %d and %d weeks after matching, not %d",
			MinFollowUpWeeks, MaxFollowUpWeeks, weeks)
	}
	return nil
}

// SetFollowUpWeeks is the change that sets the organisation's follow-up
// interval (OrgSettings), refused outside MinFollowUpWeeks–MaxFollowUpWeeks.
func SetFollowUpWeeks(weeks int) (record.Change, error) {
	if err := ValidateFollowUpWeeks(weeks); err != nil {
		return record.Change{}, err
	}
	return record.Change{Kind: KindSetting, ID: OrgSettingsID,
		Fields: map[string]string{"follow_up_weeks": strconv.Itoa(weeks)}}, nil
}

// SetRetentionMonths is the change that sets how long the organisation
// keeps a closed case before listing it for erasure (OrgSettings); 0
// keeps cases until someone erases them.
func SetRetentionMonths(months int) record.Change {
	return record.Change{Kind: KindSetting, ID: OrgSettingsID,
		Fields: map[string]string{"retention_months": strconv.Itoa(months)}}
}

// FollowUpDue returns the date a follow-up is due: weeks after the date a
// person was matched. weeks 0 means the default of four.
func FollowUpDue(matched string, weeks int) (string, error) {
	if weeks == 0 {
		weeks = DefaultFollowUpWeeks
	}
	if err := ValidateFollowUpWeeks(weeks); err != nil {
		return "", err
	}
	return shiftDate(matched, 7*weeks)
}

// ScheduleFollowUp is the follow-up a match made on matched schedules for
// the person (on their referral, "" when there is none): due the
// organisation's weeks after the match. The caller gives it an id (NewID)
// and saves it.
func ScheduleFollowUp(personID, referralID, matched string, weeks int) (FollowUp, error) {
	if matched == "" {
		return FollowUp{}, errors.New("a follow-up is scheduled once the person is matched")
	}
	due, err := FollowUpDue(matched, weeks)
	if err != nil {
		return FollowUp{}, err
	}
	return FollowUp{PersonID: personID, ReferralID: referralID, Due: due}, nil
}

// Follow-up states, as the link worker's home sorts them: overdue first,
// then due, then upcoming; done ones last.
const (
	FollowUpOverdue  = "overdue"
	FollowUpDueNow   = "due"
	FollowUpUpcoming = "upcoming"
	FollowUpDone     = "done"
)

// FollowUpDueWindowDays is how far ahead a follow-up counts as due: the
// coming week, so a link worker can plan the calls.
const FollowUpDueWindowDays = 7

// FollowUpState classifies a follow-up on a day: done once recorded; overdue
// when its due date has passed; due when it falls today or in the coming
// week; upcoming otherwise.
func FollowUpState(f FollowUp, today string) string {
	if f.Done != "" {
		return FollowUpDone
	}
	if f.Due < today {
		return FollowUpOverdue
	}
	if soon, err := shiftDate(today, FollowUpDueWindowDays); err == nil && f.Due < soon {
		return FollowUpDueNow
	}
	return FollowUpUpcoming
}

// DoneOnTime reports whether a follow-up was recorded on or before its due
// date.
func DoneOnTime(f FollowUp) bool { return f.Done != "" && f.Done <= f.Due }

// NoMoreFollowUps is RecordFollowUp's nextWeeks when the link worker
// chooses to end the person's follow-ups.
const NoMoreFollowUps = -1

// ErrNextFollowUpUnchosen is RecordFollowUp's refusal when nothing says
// whether there is a next follow-up (nextWeeks 0). Ending a person's
// follow-ups takes them off the list of those due, so it is a choice
// (NoMoreFollowUps), never what happens when nothing was chosen.
var ErrNextFollowUpUnchosen = errors.New("choose when the next follow-up is, or no more follow-ups")

// RecordFollowUp marks a follow-up done and returns it with the contact-log
// entry that records the conversation. nextWeeks says what comes next: 4 to
// 6 returns the next follow-up, due that many weeks after done;
// NoMoreFollowUps returns none; 0 (nothing chosen) is refused with
// ErrNextFollowUpUnchosen. The caller assigns ids to the new records.
func RecordFollowUp(f FollowUp, done, method, outcome, by string, nextWeeks int) (FollowUp, Contact, *FollowUp, error) {
	if err := CheckDate(done); err != nil {
		return f, Contact{}, nil, err
	}
	if f.Done != "" {
		return f, Contact{}, nil, fmt.Errorf("this follow-up was already recorded on %s", f.Done)
	}
	if nextWeeks == 0 {
		return f, Contact{}, nil, ErrNextFollowUpUnchosen
	}
	if err := CheckContactMethod(method); err != nil {
		return f, Contact{}, nil, err
	}
	f.Done, f.Outcome, f.By = done, outcome, by
	c := Contact{PersonID: f.PersonID, Method: method, Date: done, Outcome: outcome, By: by}
	if nextWeeks == NoMoreFollowUps {
		return f, c, nil, nil
	}
	due, err := FollowUpDue(done, nextWeeks)
	if err != nil {
		return f, Contact{}, nil, err
	}
	return f, c, &FollowUp{PersonID: f.PersonID, ReferralID: f.ReferralID, Due: due}, nil
}

// IsIntroductory reports whether an activity is a taster or introductory
// one, after which a person is offered next steps.
func IsIntroductory(a Activity) bool {
	return a.Level == LevelTaster || a.Level == LevelIntroductory
}

// SuggestNextSteps returns the activities to suggest when a person finishes
// a taster or introductory activity: its NextSteps, in the order given,
// leaving out ones that are deleted, have ended before today, or that the
// person is already enrolled on. find looks an activity up by id. It returns
// nothing for an activity that is not introductory.
func SuggestNextSteps(finished Activity, find func(id string) (Activity, bool), enrolled map[string]bool, today string) []Activity {
	if !IsIntroductory(finished) {
		return nil
	}
	var out []Activity
	seen := map[string]bool{finished.ID: true}
	for _, id := range finished.NextSteps {
		if seen[id] || enrolled[id] {
			continue
		}
		seen[id] = true
		a, ok := find(id)
		if !ok || a.Deleted || (a.EndDate != "" && a.EndDate < today) {
			continue
		}
		out = append(out, a)
	}
	return out
}

// FollowUpWhen says, in the words every screen uses for it, when a
// follow-up not yet done falls on today: "OVERDUE by 9 days (was due
// Thu 12 Nov 2026)", "Due today" or "Due Mon 23 Nov 2026". Casework
// home, the case, the follow-up and the reminders' lists all say it so.
func FollowUpWhen(f FollowUp, today string) string {
	switch {
	case f.Due < today:
		days, _ := DaysBetween(f.Due, today)
		return fmt.Sprintf("OVERDUE by %s (was due %s)", Count(days, "day", "days"), DayInWords(f.Due))
	case f.Due == today:
		return "Due today"
	}
	return "Due " + DayInWords(f.Due)
}
