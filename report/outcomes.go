package report

import (
	"fmt"
	"slices"

	"github.com/gather-sp/gather/domain"
)

// pair is one person's baseline and follow-up answers to an instrument.
type pair struct{ baseline, followUp []int }

// pairs finds, per person in scope, their earliest baseline measure (on or
// before the end of the period) and their latest follow-up in the period
// taken on or after it. Only people with both count: comparing everyone at
// baseline with the fewer people who stayed to follow-up would flatter the
// service.
func (e *engine) pairs(instrument string, valid func([]int) error) []pair {
	inScope := e.caseScope()
	type best struct {
		bDay, fDay day
		b, f       []int
	}
	found := map[int32]*best{}
	for _, m := range e.ds.Measures {
		if m.Deleted || m.Instrument != instrument || valid(m.Items) != nil {
			continue
		}
		d := parseDay(m.Date)
		if d == noDay || d > e.to {
			continue
		}
		pi := e.personOf(m.PersonID)
		if !inScope(pi) {
			continue
		}
		x := found[pi]
		if x == nil {
			x = &best{bDay: noDay, fDay: noDay}
			found[pi] = x
		}
		switch m.Stage {
		case domain.StageBaseline:
			if x.b == nil || d < x.bDay {
				x.bDay, x.b = d, m.Items
			}
		case domain.StageFollowUp:
			if e.inPeriod(d) && (x.f == nil || d > x.fDay) {
				x.fDay, x.f = d, m.Items
			}
		}
	}
	var out []pair
	for _, x := range found {
		if x.b != nil && x.f != nil && x.fDay >= x.bDay {
			out = append(out, pair{x.b, x.f})
		}
	}
	return out
}

func fewPairsWarning(n int) string {
	switch {
	case n == 0:
		return "No one was measured at both baseline and follow-up in this period."
	case n < MinGroup:
		return "Fewer than 5 people were measured at both baseline and follow-up, so nothing is shown: a person could be recognised."
	case n < FewPairsWarning:
		return fmt.Sprintf("Only %d people were measured at both baseline and follow-up. With fewer than %d, "+
			"a few people can move these averages a lot: read them with care.", n, FewPairsWarning)
	}
	return ""
}

func (e *engine) outcomes() Outcomes {
	var out Outcomes

	ons := e.pairs(domain.InstrumentONS4, domain.ValidateONS4)
	out.ONS4.Pairs = count(len(ons))
	out.ONS4.Warning = fewPairsWarning(len(ons))
	for item := 0; item < domain.ONS4Items; item++ {
		it := ONS4Item{Label: domain.ONS4Labels[item], Question: domain.ONS4Questions[item], Bands: domain.ONS4Bands(item)}
		summarise := func(answers func(pair) []int) ItemSummary {
			sum := 0
			tally := map[string]int{}
			for _, p := range ons {
				v := answers(p)[item]
				sum += v
				tally[domain.ONS4Band(item, v)]++
			}
			s := ItemSummary{}
			if len(ons) > 0 {
				s.Mean = stat(float64(sum)/float64(len(ons)), len(ons))
			}
			ptrs := make([]*Count, len(it.Bands))
			s.Bands = make([]Count, len(it.Bands))
			for i, b := range it.Bands {
				s.Bands[i] = count(tally[b])
				ptrs[i] = &s.Bands[i]
			}
			protectSum(&out.ONS4.Pairs, ptrs...)
			return s
		}
		it.Baseline = summarise(func(p pair) []int { return p.baseline })
		it.FollowUp = summarise(func(p pair) []int { return p.followUp })
		out.ONS4.Items = append(out.ONS4.Items, it)
	}

	sw := e.pairs(domain.InstrumentSWEMWBS, domain.ValidateSWEMWBS)
	n := len(sw)
	out.SWEMWBS.Pairs = count(n)
	out.SWEMWBS.Warning = fewPairsWarning(n)
	if n == 0 {
		return out
	}
	var before, after float64
	improved := 0
	for _, p := range sw {
		b, _ := domain.SWEMWBSMetric(p.baseline)
		f, _ := domain.SWEMWBSMetric(p.followUp)
		before += b
		after += f
		if domain.MeaningfulImprovement(b, f) {
			improved++
		}
	}
	out.SWEMWBS.Baseline = stat(before/float64(n), n)
	out.SWEMWBS.FollowUp = stat(after/float64(n), n)
	out.SWEMWBS.Change = stat((after-before)/float64(n), n)
	// Those who improved and those who did not add up to the pairs shown;
	// the share is the count over the pairs, so it goes with the count.
	out.SWEMWBS.Improved = count(improved)
	notImproved := count(n - improved)
	protectSum(&out.SWEMWBS.Pairs, &out.SWEMWBS.Improved, &notImproved)
	out.SWEMWBS.ImprovedShare = stat(float64(improved)/float64(n), n)
	out.SWEMWBS.ImprovedShare.Hidden = out.SWEMWBS.ImprovedShare.Hidden || out.SWEMWBS.Improved.Hidden
	return out
}

// equity breaks attendance and referrals down by age band, gender and
// ethnicity, each as recorded on the person.
func (e *engine) equity(referralsPerPerson map[int32]int) []EquityRow {
	type tally struct{ people, marks, referrals int }
	dims := []struct {
		name  string
		of    func(*person) string
		order []string
	}{
		{"Age band", func(p *person) string { return p.ageBand }, AgeBands},
		{"Gender", func(p *person) string { return p.gender }, nil},
		{"Ethnicity", func(p *person) string { return p.ethnicity }, nil},
	}
	var out []EquityRow
	for _, dim := range dims {
		t := map[string]*tally{}
		get := func(g string) *tally {
			if t[g] == nil {
				t[g] = &tally{}
			}
			return t[g]
		}
		for i := range e.people {
			p := &e.people[i]
			if p.periodMarks > 0 {
				x := get(dim.of(p))
				x.people++
				x.marks += int(p.periodMarks)
			}
			if n := referralsPerPerson[int32(i)]; n > 0 {
				get(dim.of(p)).referrals += n
			}
		}
		// Every group in order is listed, 0 where nobody is in it, and
		// so is not recorded: a band left out reads as never asked.
		names := slices.Clone(dim.order)
		if dim.order == nil {
			for g := range t {
				if g != notRecorded {
					names = append(names, g)
				}
			}
			sortStrings(names)
			names = append(names, notRecorded)
		}
		start := len(out)
		for _, g := range names {
			x := get(g)
			out = append(out, EquityRow{Dimension: dim.name, Group: g, People: count(x.people),
				Attendances: stat(float64(x.marks), x.people), Referrals: count(x.referrals)})
		}
		// Each dimension's groups add up to the people who came and the
		// referrals received, both shown in the summary.
		var ppl, refs []*Count
		var allPeople, allReferrals int
		for i := start; i < len(out); i++ {
			ppl = append(ppl, &out[i].People)
			refs = append(refs, &out[i].Referrals)
			allPeople += out[i].People.N
			allReferrals += out[i].Referrals.N
		}
		peopleSum, referralsSum := count(allPeople), count(allReferrals)
		protectSum(&peopleSum, ppl...)
		protectSum(&referralsSum, refs...)
		for i := start; i < len(out); i++ {
			// Attendances follow their people: hidden with them.
			if out[i].People.Hidden {
				out[i].Attendances.Hidden = true
			}
			out[i].PeopleShare = shareOf(out[i].People, peopleSum)
			out[i].ReferralsShare = shareOf(out[i].Referrals, referralsSum)
		}
	}
	return out
}

// shareOf is part as a share of whole, worked out over the whole: hidden
// when either is (from the share and the one shown, the other could be
// worked out), none when the whole is nought.
func shareOf(part, whole Count) Stat {
	if whole.N == 0 {
		return Stat{}
	}
	return Stat{Value: float64(part.N) / float64(whole.N), N: whole.N, Hidden: part.Hidden || whole.Hidden}
}
