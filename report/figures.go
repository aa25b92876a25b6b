package report

import (
	"math"
	"sort"
	"strconv"

	"github.com/gather-sp/gather/domain"
)

// MinGroup is the smallest number of people a figure may describe. Below
// it, a person could be recognised from the numbers, so nothing is shown.
const MinGroup = 5

// FewPairsWarning is the number of before-and-after pairs below which an
// outcome is shown with a plain warning that it may not mean much.
const FewPairsWarning = 30

// Suppressed is what every figure hidden to protect people shows, counts,
// averages, shares and totals alike, in the PDF (tables and charts), the
// CSV and on screen. A count is hidden when it is 1 to 4, and also when it
// had to be hidden so that another could not be worked out by subtraction
// (protectSum, splitsHidden), when it may be any size: so the marker says
// nothing about the value. "<5" would be false for those, and a second
// marker for them would tell the first kind apart. It is short, so that in
// a printed table it fits a number's column and leaves the names beside it
// their width; the PDF's first page and the method say why it is not shown.
const Suppressed = "not shown"

// NotApplicable is what a figure reads that does not apply to the scope
// chosen: under a practice filter, the schedules' sessions and the places
// at sessions, which are the service's and shared by every practice.
const NotApplicable = "not applicable"

// SuppressedNote says, in one line, why figures read Suppressed: on the
// PDF's first page and over the figures on screen.
const SuppressedNote = "So that no one can be recognised, figures about 1 to 4 people, and any that would give one away, are \"" +
	Suppressed + "\"."

// Count is a number of people, or of things that each stand for one person
// (referrals, follow-ups, measures). N is the true count; Hidden is set when
// it is from 1 to 4, or when it had to be hidden so that another hidden
// count could not be worked out by subtraction. Show String, not N.
type Count struct {
	N      int
	Hidden bool
}

func count(n int) Count { return Count{N: n, Hidden: n > 0 && n < MinGroup} }

// String is the count as shown: Suppressed when hidden.
func (c Count) String() string {
	if c.Hidden {
		return Suppressed
	}
	return strconv.Itoa(c.N)
}

// Stat is a figure worked out over N people: an average, median, share or
// total of marks. It is Hidden when N is from 1 to 4 (or when it would give
// a hidden figure away), and None when there was nothing to work it out
// from.
type Stat struct {
	Value  float64
	N      int
	Hidden bool
}

func stat(v float64, n int) Stat { return Stat{Value: v, N: n, Hidden: n > 0 && n < MinGroup} }

// None reports whether there was nothing to compute the figure from.
func (s Stat) None() bool { return s.N == 0 }

// Format shows the figure with the given decimals: Suppressed when hidden, ""
// when there is none.
func (s Stat) Format(decimals int) string {
	switch {
	case s.Hidden:
		return Suppressed
	case s.None():
		return ""
	}
	return strconv.FormatFloat(s.Value, 'f', decimals, 64)
}

// Days shows a number of days as people say it, "12 days", "1 day" or
// "2.5 days": Suppressed when hidden, and none, which says in words why
// there is no figure ("nobody waiting"), when there is none. A bare "" or
// "none" would leave the reader to guess between nobody and no days.
func (s Stat) Days(decimals int, none string) string {
	switch {
	case s.Hidden:
		return Suppressed
	case s.None():
		return none
	}
	v := strconv.FormatFloat(s.Value, 'f', decimals, 64)
	if v == "1" {
		return v + " day"
	}
	return v + " days"
}

// Words for a figure with nothing to work it out from, in place of a
// blank that could be read as nobody or as nought.
const (
	NobodyContacted     = "nobody contacted"        // no referral first contacted in the period
	NobodyWaiting       = "nobody waiting"          // no one still waiting at the end of the period
	NobodyPlaced        = "nobody given a place"    // no one given a place from a waiting list
	NoSessions          = "no sessions"             // no session held, so no average per session
	NoPlacesSet         = "no activity with places" // no activity with a set number of places met
	NobodyMeasuredTwice = "nobody measured twice"   // no one measured at both baseline and follow-up
)

// Total shows a total (of attendances, say) with no decimals: like
// Format(0), but 0 rather than nothing when there was nothing to count.
func (s Stat) Total() string {
	switch {
	case s.Hidden:
		return Suppressed
	case s.None():
		return "0"
	}
	return s.Format(0)
}

// Percent shows a share (0–1) as a percentage with no decimals.
func (s Stat) Percent() string {
	switch {
	case s.Hidden:
		return Suppressed
	case s.None():
		return ""
	}
	return strconv.FormatFloat(math.Round(s.Value*100), 'f', 0, 64) + "%"
}

// SessionsHeldShown is SessionsHeld as shown: Suppressed when hidden.
func (a *Attendance) SessionsHeldShown() string {
	return sessionsShown(a.SessionsHeld, a.SessionsHeldHidden)
}

// SessionsHeldShown is SessionsHeld as shown: Suppressed when hidden.
func (a *ActivityAttendance) SessionsHeldShown() string {
	return sessionsShown(a.SessionsHeld, a.SessionsHeldHidden)
}

// SessionsExpectedShown is SessionsExpected as shown: NotApplicable for a practice.
func (a *Attendance) SessionsExpectedShown() string {
	return forService(a.ForPractice, a.SessionsExpected)
}

// SessionsCancelledShown is SessionsCancelled as shown: NotApplicable for a practice.
func (a *Attendance) SessionsCancelledShown() string {
	return forService(a.ForPractice, a.SessionsCancelled)
}

// CapacityPerSessionShown is CapacityPerSession as shown: NotApplicable for a practice.
func (a *Attendance) CapacityPerSessionShown() string {
	if a.ForPractice {
		return NotApplicable
	}
	return a.CapacityPerSession.Format(1)
}

// FillRateShown is FillRate as shown: NotApplicable for a practice.
func (a *Attendance) FillRateShown() string { return fillRateShown(a.ForPractice, a.FillRate) }

// SessionsExpectedShown is SessionsExpected as shown: NotApplicable for a practice.
func (a *ActivityAttendance) SessionsExpectedShown() string {
	return forService(a.ForPractice, a.SessionsExpected)
}

// SessionsCancelledShown is SessionsCancelled as shown: NotApplicable for a practice.
func (a *ActivityAttendance) SessionsCancelledShown() string {
	return forService(a.ForPractice, a.SessionsCancelled)
}

// FillRateShown is FillRate as shown: NotApplicable for a practice.
func (a *ActivityAttendance) FillRateShown() string { return fillRateShown(a.ForPractice, a.FillRate) }

func forService(forPractice bool, n int) string {
	if forPractice {
		return NotApplicable
	}
	return strconv.Itoa(n)
}

func fillRateShown(forPractice bool, s Stat) string {
	if forPractice {
		return NotApplicable
	}
	return s.Percent()
}

// sessionsShown shows a number of sessions: Suppressed when hidden, as any
// other figure.
func sessionsShown(n int, hidden bool) string {
	if hidden {
		return Suppressed
	}
	return strconv.Itoa(n)
}

// Group is one row of a breakdown: a name and how many people.
type Group struct {
	Name  string
	Count Count
}

// protectSum is the one rule that keeps a breakdown (parts of people) from
// giving away a small figure beside its sum. Pass the sum when it is shown,
// or nil when it is not shown as such (the parts may still add up to a
// figure shown elsewhere, so the same care is taken).
//   - Beside a hidden sum every part is hidden, zeros too: a 0 there
//     would tell that the other parts are all of those few.
//   - Otherwise, the parts hidden must together be at least MinGroup
//     people, or the sum less the parts shown would give them away (one
//     hidden part exactly; two hidden parts of 1 each, as 2): the smallest
//     part shown is hidden too until they are. When no part is left to
//     hide, the sum is hidden.
func protectSum(sum *Count, parts ...*Count) {
	for {
		if sum != nil && sum.Hidden {
			for _, p := range parts {
				p.Hidden = true
			}
			return
		}
		hidden := 0
		var next *Count
		for _, p := range parts {
			switch {
			case p.Hidden:
				hidden += p.N
			case p.N > 0 && (next == nil || p.N < next.N):
				next = p
			}
		}
		if hidden == 0 || hidden >= MinGroup {
			return
		}
		if next == nil {
			if sum == nil {
				return
			}
			sum.Hidden = true // and so, next time round, its zeros
			continue
		}
		next.Hidden = true
	}
}

// splitsHidden reports whether a figure that adds up some of the parts of
// a breakdown (in[i] says which) would give hidden parts away: places taken
// at activities with a capacity, of the attendances by activity, say. Taking
// in all of the hidden parts, or none, it tells no more than the breakdown's
// sum does; any other mix, less the parts shown, singles some of them out,
// so such a figure must be hidden.
func splitsHidden(parts []*Count, in []bool) bool {
	inside, outside := false, false
	for i, p := range parts {
		if !p.Hidden {
			continue
		}
		if in[i] {
			inside = true
		} else {
			outside = true
		}
	}
	return inside && outside
}

// groups turns a tally into a breakdown, largest first (then by name), with
// the names in order always listed even at zero, and small counts protected
// (protectSum) against the sum of the parts, whether or not it is shown.
func groups(tally map[string]int, order []string) []Group {
	seen := map[string]bool{}
	var out []Group
	for _, name := range order {
		seen[name] = true
		out = append(out, Group{Name: name, Count: count(tally[name])})
	}
	var rest []Group
	for name, n := range tally {
		if !seen[name] {
			rest = append(rest, Group{Name: name, Count: count(n)})
		}
	}
	sort.Slice(rest, func(i, j int) bool {
		if rest[i].Count.N != rest[j].Count.N {
			return rest[i].Count.N > rest[j].Count.N
		}
		return rest[i].Name < rest[j].Name
	})
	out = append(out, rest...)
	ptrs := make([]*Count, len(out))
	total := 0
	for i := range out {
		ptrs[i] = &out[i].Count
		total += out[i].Count.N
	}
	sum := count(total)
	protectSum(&sum, ptrs...)
	return out
}

// median of sorted values: the middle one, or the mean of the middle two.
func median(sorted []float64) float64 {
	n := len(sorted)
	if n == 0 {
		return 0
	}
	if n%2 == 1 {
		return sorted[n/2]
	}
	return (sorted[n/2-1] + sorted[n/2]) / 2
}

// percentile of sorted values by the nearest-rank method: the smallest value
// that at least p percent of values are at or below. It is always a value
// that occurred, which is easy to explain: "9 in 10 people waited this long
// or less".
func percentile(sorted []float64, p float64) float64 {
	n := len(sorted)
	if n == 0 {
		return 0
	}
	rank := int(math.Ceil(p / 100 * float64(n)))
	return sorted[max(rank, 1)-1]
}

func mean(sum float64, n int) float64 {
	if n == 0 {
		return 0
	}
	return sum / float64(n)
}

func sortStrings(s []string) { sort.Strings(s) }

// StoppedComingPeople is how many people stopped coming, each once however
// many activities they stopped (StoppedComing has a row per activity).
func (a *Attendance) StoppedComingPeople() Count {
	people := map[string]bool{}
	for _, s := range a.StoppedComing {
		people[s.PersonID] = true
	}
	return count(len(people))
}

// The marks that are not attendances, as every report names them: the
// words the register, its mark dialog and the person card use
// (domain.StatusLabel), in the app's Reports, summary.csv, the CSV
// columns' headings and the PDF alike, so a mark of absent is never an
// "Absent" on the register and a "No-show" in a report.
var (
	ApologiesWord = domain.StatusLabel(domain.StatusApologies)
	AbsentWord    = domain.StatusLabel(domain.StatusAbsent)
)
