package report

import (
	"sort"

	"github.com/gather-sp/gather/domain"
)

// OnwardCategories are the activity categories that are services run by
// other organisations (money advice, employment support): a match to one of
// them is counted as an onward referral. Gather has no separate onward
// referral record yet.
var OnwardCategories = []string{domain.CategoryMoneyAdvice, domain.CategoryEmployment}

// caseScope reports whether a person's case records belong in the report:
// the practice filter (through the person or their referrals) and, with a
// venue or activity filter, a match or enrolment at an activity chosen,
// made while it met at the venue chosen (caseAtVenue).
func (e *engine) caseScope() func(pi int32) bool {
	if e.inCaseScope == nil {
		e.inCaseScope = e.makeCaseScope()
	}
	return e.inCaseScope
}

func (e *engine) makeCaseScope() func(pi int32) bool {
	if e.opt.VenueID == "" && e.opt.ActivityID == "" {
		return func(pi int32) bool { return e.people[pi].inScope }
	}
	linked := map[int32]bool{}
	link := func(activityID, personID, date, venueID string) {
		if ai, ok := e.actIdx[activityID]; ok && e.caseAtVenue(ai, parseDay(date), venueID) {
			linked[e.personOf(personID)] = true
		}
	}
	for _, m := range e.ds.Matches {
		if !m.Deleted {
			link(m.ActivityID, m.PersonID, m.Date, "")
		}
	}
	for _, en := range e.ds.Enrolments {
		if !en.Deleted {
			link(en.ActivityID, en.PersonID, en.Started, en.VenueID)
		}
	}
	return func(pi int32) bool { return linked[pi] && e.people[pi].inScope }
}

// referrals fills out and returns the referrals received in the period per
// person, for the equity table.
func (e *engine) referrals(out *Referrals) map[int32]int {
	inScope := e.caseScope()
	perPerson := map[int32]int{}
	bySource, byPractice, byReason, declineReasons := map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}
	var received, accepted, declined, stillWaiting int
	var waits []float64
	longest := 0
	for _, r := range e.ds.Referrals {
		if r.Deleted {
			continue
		}
		pi := e.personOf(r.PersonID)
		practice := r.Practice
		if practice == "" {
			practice = e.people[pi].practice
		}
		if e.opt.Practice != "" && practice != e.opt.Practice {
			continue
		}
		if !inScope(pi) {
			continue
		}
		rec, contacted, dec := parseDay(r.Received), parseDay(r.Contacted), parseDay(r.Declined)
		if e.inPeriod(rec) {
			received++
			perPerson[pi]++
			bySource[orNotRecorded(r.Source)]++
			byPractice[orNotRecorded(practice)]++
			if len(r.Reasons) == 0 {
				byReason[notRecorded]++
			}
			for _, reason := range r.Reasons {
				byReason[reason]++
			}
		}
		if e.inPeriod(contacted) && r.HasSnomed(domain.SnomedReferralAccepted) {
			accepted++
		}
		if e.inPeriod(dec) && (r.HasSnomed(domain.SnomedDeclined) || r.Status == domain.ReferralDeclined) {
			declined++
			declineReasons[orNotRecorded(r.DeclineReason)]++
		}
		if rec == noDay {
			continue
		}
		if e.inPeriod(contacted) && contacted >= rec {
			waits = append(waits, float64(contacted-rec))
		}
		closed := parseDay(r.Closed)
		if rec <= e.to && !(contacted != noDay && contacted <= e.to) && !(dec != noDay && dec <= e.to) &&
			!(closed != noDay && closed <= e.to) {
			stillWaiting++
			longest = max(longest, int(e.soFar()-rec))
		}
	}
	out.Received = count(received)
	out.BySource = groups(bySource, []string{domain.SourceGP, domain.SourceSelf, domain.SourceProfessional})
	out.ByPractice = groups(byPractice, nil)
	out.ByReason = groups(byReason, domain.ReferralReasons)
	out.Accepted = count(accepted)
	out.Declined = count(declined)
	out.DeclineReasons = groups(declineReasons, nil)
	sort.Float64s(waits)
	out.Waiting.Contacted = count(len(waits))
	if len(waits) > 0 {
		out.Waiting.MedianDays = stat(median(waits), len(waits))
		out.Waiting.P90Days = stat(percentile(waits, 90), len(waits))
	}
	out.Waiting.StillWaiting = count(stillWaiting)
	if stillWaiting > 0 {
		out.Waiting.LongestDays = stat(float64(longest), stillWaiting)
	}
	e.matches(out, inScope)
	return perPerson
}

// matches counts the people matched in the period, by activity and
// category, each person once per activity.
func (e *engine) matches(out *Referrals, inScope func(int32) bool) {
	seen := map[uint64]bool{}
	onwardSeen := map[int32]bool{}
	byActivity, byCategory := map[string]int{}, map[string]int{}
	categoryOf := map[string]string{} // activity row name -> category
	catSeen := map[string]bool{}      // category and person (as merged), so a person counts once per kind
	onward := map[string]bool{}
	for _, c := range OnwardCategories {
		onward[c] = true
	}
	for _, m := range e.ds.Matches {
		if m.Deleted || !e.inPeriod(parseDay(m.Date)) {
			continue
		}
		ai, ok := e.actIdx[m.ActivityID]
		if !ok || !e.caseAtVenue(ai, parseDay(m.Date), "") {
			continue
		}
		pi := e.personOf(m.PersonID)
		if !e.people[pi].inScope || !inScope(pi) || seen[pairKey(ai, pi)] {
			continue
		}
		seen[pairKey(ai, pi)] = true
		act := &e.acts[ai]
		name := act.name + " (" + nameOr(e.venues[act.venueID], act.venueID) + ")"
		if e.opt.VenueID != "" {
			name = act.name + " (" + nameOr(e.venues[e.opt.VenueID], e.opt.VenueID) + ")" // where it met then
		}
		byActivity[name]++
		category := orNotRecorded(act.category)
		categoryOf[name] = category
		if k := category + "\x00" + e.people[pi].id; !catSeen[k] {
			catSeen[k] = true
			byCategory[category]++
		}
		if onward[act.category] {
			onwardSeen[pi] = true
		}
	}
	out.MatchedTo = groups(byActivity, nil)
	// A category, and the onward total, add up some of the activities
	// above: hidden when they would single out hidden ones.
	parts := make([]*Count, len(out.MatchedTo))
	for i := range out.MatchedTo {
		parts[i] = &out.MatchedTo[i].Count
	}
	inCategory := func(keep func(category string) bool) []bool {
		in := make([]bool, len(out.MatchedTo))
		for i, g := range out.MatchedTo {
			in[i] = keep(categoryOf[g.Name])
		}
		return in
	}
	out.MatchedByCategory = groups(byCategory, nil)
	for i := range out.MatchedByCategory {
		c := &out.MatchedByCategory[i]
		if splitsHidden(parts, inCategory(func(category string) bool { return category == c.Name })) {
			c.Count.Hidden = true
		}
	}
	categories := make([]*Count, len(out.MatchedByCategory))
	for i := range out.MatchedByCategory {
		categories[i] = &out.MatchedByCategory[i].Count
	}
	protectSum(nil, categories...)
	isOnward := inCategory(func(category string) bool { return onward[category] })
	out.Onward = count(len(onwardSeen))
	if splitsHidden(parts, isOnward) {
		out.Onward.Hidden = out.Onward.N > 0
	}
	// Each onward service is the same figure as in MatchedTo, so it is
	// shown the same way.
	out.OnwardTo = nil
	for i, g := range out.MatchedTo {
		if isOnward[i] {
			out.OnwardTo = append(out.OnwardTo, g)
		}
	}
}

func (e *engine) followUps() FollowUps {
	inScope := e.caseScope()
	var due, onTime, late, overdue, notYet int
	for _, f := range e.ds.FollowUps {
		d := parseDay(f.Due)
		if f.Deleted || !e.inPeriod(d) || !inScope(e.personOf(f.PersonID)) {
			continue
		}
		due++
		done := parseDay(f.Done)
		switch {
		case done != noDay && done <= d:
			onTime++
		case done != noDay:
			late++
		case d < e.today:
			overdue++
		default:
			notYet++
		}
	}
	out := FollowUps{Due: count(due), OnTime: count(onTime), Late: count(late), Overdue: count(overdue), NotYetDue: count(notYet)}
	protectSum(&out.Due, &out.OnTime, &out.Late, &out.Overdue, &out.NotYetDue)
	return out
}
