package report

import "sort"

// WaitingLists is who waited for a place on a full activity (see
// domain.WaitingList): how many were waiting at the end of the period,
// joined a list and were given a place in it, and how long they waited.
type WaitingLists struct {
	AtEnd       Count // people on a waiting list at the end of the period
	Joined      Count // put on a waiting list in the period
	Placed      Count // given a place from one in the period
	MedianDays  Stat  // days waited by those given a place in the period
	LongestDays Stat  // the longest wait so far of those still waiting at the end
	ByActivity  []ActivityWaiting
}

// ActivityWaiting is one activity's waiting list.
type ActivityWaiting struct {
	ActivityID, Activity, Venue string
	AtEnd, Joined, Placed       Count
	MedianDays, LongestDays     Stat
}

// waitingLists works out, as domain.WaitingList keeps them, the waiting lists of the activities in scope, for
// the people in scope; a person on one list twice (registered twice, then
// merged) counts once.
func (e *engine) waitingLists() WaitingLists {
	type tally struct {
		atEnd, joined, placed map[int32]bool
		waited                []float64
		longest               int
	}
	by := map[int32]*tally{}
	all := &tally{atEnd: map[int32]bool{}, joined: map[int32]bool{}, placed: map[int32]bool{}}
	allAtEnd := map[uint64]bool{}
	for _, m := range e.ds.Matches {
		if m.Deleted || m.Waiting == "" {
			continue
		}
		ai, ok := e.actIdx[m.ActivityID]
		if !ok || !e.caseAtVenue(ai, parseDay(m.Waiting), "") { // where it met the day they joined
			continue
		}
		pi := e.personOf(m.PersonID)
		if !e.people[pi].inScope {
			continue
		}
		t := by[ai]
		if t == nil {
			t = &tally{atEnd: map[int32]bool{}, joined: map[int32]bool{}, placed: map[int32]bool{}}
			by[ai] = t
		}
		joined, placed, left := parseDay(m.Waiting), parseDay(m.PlaceGiven), parseDay(m.Ended)
		if joined == noDay || joined > e.to {
			continue
		}
		if e.inPeriod(joined) {
			t.joined[pi], all.joined[pi] = true, true
		}
		if placed != noDay && e.inPeriod(placed) && !t.placed[pi] {
			t.placed[pi], all.placed[pi] = true, true
			days := float64(max(placed-joined, 0))
			t.waited = append(t.waited, days)
			all.waited = append(all.waited, days)
		}
		// An archived activity's list ends the day it is archived.
		if (placed == noDay || placed > e.to) && (left == noDay || left > e.to) && e.acts[ai].lastDayInUse(e.to) == e.to {
			t.atEnd[pi] = true
			allAtEnd[pairKey(ai, pi)] = true
			days := max(int(e.soFar()-joined), 0)
			t.longest = max(t.longest, days)
			all.longest = max(all.longest, days)
		}
	}
	out := WaitingLists{Joined: count(len(all.joined)), Placed: count(len(all.placed)), AtEnd: count(len(allAtEnd))}
	finish := func(t *tally, atEnd int) (Stat, Stat) {
		sort.Float64s(t.waited)
		med, longest := Stat{}, Stat{}
		if len(t.waited) > 0 {
			med = stat(median(t.waited), len(t.waited))
		}
		if atEnd > 0 {
			longest = stat(float64(t.longest), atEnd)
		}
		return med, longest
	}
	out.MedianDays, out.LongestDays = finish(all, len(allAtEnd))
	var atEndCounts []*Count
	for ai, t := range by {
		act := &e.acts[ai]
		if len(t.atEnd)+len(t.joined)+len(t.placed) == 0 {
			continue
		}
		venueID := act.venueID
		if e.opt.VenueID != "" {
			venueID = e.opt.VenueID // where the lists counted were joined
		}
		r := ActivityWaiting{ActivityID: act.id, Activity: act.name, Venue: nameOr(e.venues[venueID], venueID),
			AtEnd: count(len(t.atEnd)), Joined: count(len(t.joined)), Placed: count(len(t.placed))}
		r.MedianDays, r.LongestDays = finish(t, len(t.atEnd))
		out.ByActivity = append(out.ByActivity, r)
	}
	sort.Slice(out.ByActivity, func(i, j int) bool {
		a, b := out.ByActivity[i], out.ByActivity[j]
		if a.Venue != b.Venue {
			return a.Venue < b.Venue
		}
		return a.Activity < b.Activity
	})
	var joinedCounts, placedCounts []*Count
	for i := range out.ByActivity {
		r := &out.ByActivity[i]
		atEndCounts = append(atEndCounts, &r.AtEnd)
		joinedCounts = append(joinedCounts, &r.Joined)
		placedCounts = append(placedCounts, &r.Placed)
	}
	// Each column adds up to a total in the summary.
	protectSum(&out.AtEnd, atEndCounts...)
	protectSum(&out.Joined, joinedCounts...)
	protectSum(&out.Placed, placedCounts...)
	for i := range out.ByActivity {
		if r := &out.ByActivity[i]; r.AtEnd.Hidden {
			r.LongestDays.Hidden = !r.LongestDays.None()
		}
	}
	return out
}

// waitingTable lays the waiting lists out as a table.
func (w *WaitingLists) table() Table {
	t := Table{Name: "waiting_lists", Title: "Waiting lists",
		Note: "People matched to an activity whose places were all taken wait on its list until given a place. Days waited: from joining the list to being given a place (the median); the longest is of those still waiting at the end. Blank: nobody was given a place, or nobody is still waiting.",
		Columns: []string{"activity_id", "activity", "venue", "waiting_at_end", "joined", "given_a_place",
			"median_days_waited", "longest_wait_so_far_days"}}
	for _, r := range w.ByActivity {
		t.Rows = append(t.Rows, []string{r.ActivityID, r.Activity, r.Venue, r.AtEnd.String(), r.Joined.String(), r.Placed.String(),
			r.MedianDays.Format(1), r.LongestDays.Format(0)})
	}
	return t
}
