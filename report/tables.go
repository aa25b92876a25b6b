package report

import (
	"math"
	"strconv"
	"strings"

	"github.com/gather-sp/gather/domain"
)

// Table is one table of a report, ready to show: every cell is text, with
// small-number suppression already applied.
type Table struct {
	Name      string // file name without extension: "attendance_by_activity"
	Title     string
	Note      string // a line under the title, when the table needs one
	Columns   []string
	Rows      [][]string
	StaffOnly bool // names people: left out of the PDF, which is handed on
}

// Chart is the data of one chart: a label per point and one or more series.
// A hidden value is NaN: draw nothing for it.
type Chart struct {
	Name, Title string
	Kind        string // ChartBar or ChartLine
	Labels      []string
	Series      []Series
	Unit        string // what the values count: "attendances", "people", "score"
}

// Series is one set of values in a chart.
type Series struct {
	Name   string
	Values []float64
	// Shown, when set, is each value as written beside its bar, where
	// the number alone would say less ("9 · 20%", a count and its share).
	// A hidden value (NaN) reads Suppressed whatever it holds.
	Shown []string
}

// ValueText is the i-th value as written beside its bar or point:
// Suppressed when hidden, Shown when given, else format's number.
func (s Series) ValueText(i int, format func(float64) string) string {
	v := math.NaN()
	if i < len(s.Values) {
		v = s.Values[i]
	}
	switch {
	case math.IsNaN(v):
		return Suppressed
	case i < len(s.Shown) && s.Shown[i] != "":
		return s.Shown[i]
	}
	return format(v)
}

// Chart kinds.
const (
	ChartBar  = "bar"
	ChartLine = "line"
)

func itoa(n int) string { return strconv.Itoa(n) }

// orWords is s, or none when s is blank: there was nothing to work the
// figure out from, and none says so in words.
func orWords(s, none string) string {
	if s == "" {
		return none
	}
	return s
}

// Tables lays the report out as tables, in reading order.
func (r *Report) Tables() []Table {
	a, rf, f, o := &r.Attendance, &r.Referrals, &r.FollowUps, &r.Outcomes
	summary := Table{Name: "summary", Title: "Summary", Columns: []string{"section", "figure", "value"},
		Note: "Period " + r.Options.From + " to " + r.Options.To + " (inclusive). " + r.Scope + ". Follow-ups as at " + domain.DayInWords(r.Options.Today) + "."}
	add := func(section, figure, value string) {
		summary.Rows = append(summary.Rows, []string{section, figure, value})
	}
	add("Attendance", "Sessions held", a.SessionsHeldShown())
	add("Attendance", "Sessions expected by the schedules (up to the day of the report)", a.SessionsExpectedShown())
	add("Attendance", "Sessions cancelled", a.SessionsCancelledShown())
	add("Attendance", "Attendances", a.Attendances.Total())
	add("Attendance", "Different people who came", a.People.String())
	add("Attendance", "New people (first time ever)", a.NewPeople.String())
	add("Attendance", "Average attendances per session", orWords(a.PerSession.Format(1), NoSessions))
	add("Attendance", "Average places per session (activities with a capacity)", orWords(a.CapacityPerSessionShown(), NoPlacesSet))
	add("Attendance", "Places taken (activities with a capacity)", orWords(a.FillRateShown(), NoPlacesSet))
	add("Attendance", ApologiesWord, a.Apologies.String())
	add("Attendance", AbsentWord, a.Absent.String())
	add("Attendance", "Friends and carers who came along", a.Companions.String())
	add("Attendance", "Friends who came along", a.Friends.String())
	add("Attendance", "Carers who came along", a.Carers.String())
	add("Attendance", "People who stopped coming", a.StoppedComingPeople().String())
	add("Referrals", "Received", rf.Received.String())
	add("Referrals", "Accepted: "+domain.SnomedReferralAccepted+" "+domain.SnomedTerms[domain.SnomedReferralAccepted], rf.Accepted.String())
	add("Referrals", "Declined: "+domain.SnomedDeclined+" "+domain.SnomedTerms[domain.SnomedDeclined], rf.Declined.String())
	add("Referrals", "First contacted in the period", rf.Waiting.Contacted.String())
	add("Referrals", "Usual wait from referral to first contact, in days (median)", orWords(rf.Waiting.MedianDays.Format(1), NobodyContacted))
	add("Referrals", "9 in 10 people were first contacted within this many days (90th percentile)", orWords(rf.Waiting.P90Days.Format(0), NobodyContacted))
	add("Referrals", "Still waiting for first contact at the end of the period", rf.Waiting.StillWaiting.String())
	add("Referrals", "Longest anyone is still waiting for first contact, in days", orWords(rf.Waiting.LongestDays.Format(0), NobodyWaiting))
	add("Referrals", "Onward referrals (people matched to advice or employment services)", rf.Onward.String())
	w := &r.WaitingLists
	add("Waiting lists", "People on a waiting list at the end of the period", w.AtEnd.String())
	add("Waiting lists", "Put on a waiting list in the period", w.Joined.String())
	add("Waiting lists", "Given a place from a waiting list in the period", w.Placed.String())
	add("Waiting lists", "Usual wait for a place from a waiting list, in days (median)", orWords(w.MedianDays.Format(1), NobodyPlaced))
	add("Waiting lists", "Longest anyone is still waiting for a place, in days", orWords(w.LongestDays.Format(0), NobodyWaiting))
	add("Follow-ups", "Due in the period", f.Due.String())
	add("Follow-ups", "Done on time", f.OnTime.String())
	add("Follow-ups", "Done late", f.Late.String())
	add("Follow-ups", "Overdue", f.Overdue.String())
	add("Follow-ups", "Not yet due", f.NotYetDue.String())
	add("Outcomes", "ONS4 pairs (baseline and follow-up)", o.ONS4.Pairs.String())
	add("Outcomes", "SWEMWBS pairs (baseline and follow-up)", o.SWEMWBS.Pairs.String())
	add("Outcomes", "SWEMWBS mean metric score at baseline", orWords(o.SWEMWBS.Baseline.Format(2), NobodyMeasuredTwice))
	add("Outcomes", "SWEMWBS mean metric score at follow-up", orWords(o.SWEMWBS.FollowUp.Format(2), NobodyMeasuredTwice))
	add("Outcomes", "SWEMWBS mean change", orWords(o.SWEMWBS.Change.Format(2), NobodyMeasuredTwice))
	add("Outcomes", "SWEMWBS rose by at least "+strconv.FormatFloat(domain.SWEMWBSMeaningfulChange, 'f', 0, 64)+" points (people)", o.SWEMWBS.Improved.String())
	add("Outcomes", "SWEMWBS rose by at least "+strconv.FormatFloat(domain.SWEMWBSMeaningfulChange, 'f', 0, 64)+" points (share)", orWords(o.SWEMWBS.ImprovedShare.Percent(), NobodyMeasuredTwice))

	byActivity := Table{Name: "attendance_by_activity", Title: "Attendance by activity",
		Columns: []string{"activity_id", "activity", "venue", "sessions_held", "capacity", "attendances", "people",
			"average_per_session", "places_taken", "apologies", "absent", "friends_and_carers",
			"sessions_expected", "sessions_cancelled"}}
	for _, x := range a.ByActivity {
		capacity := ""
		if x.Capacity > 0 {
			capacity = itoa(x.Capacity)
		}
		byActivity.Rows = append(byActivity.Rows, []string{x.ActivityID, x.Activity, x.Venue, x.SessionsHeldShown(), capacity,
			x.Attendances.Total(), x.People.String(), x.PerSession.Format(1), x.FillRateShown(),
			x.Apologies.String(), x.Absent.String(), x.Companions.String(),
			x.SessionsExpectedShown(), x.SessionsCancelledShown()})
	}

	weekly := Table{Name: "attendance_weekly", Title: "Attendances per week, by activity",
		Note:    "Weeks start on Monday. Activities where fewer than 5 people came in the period, and any others needed to protect them, are not shown week by week.",
		Columns: []string{"week_starting", "activity_id", "activity", "attendances"}}
	for w, week := range a.Weeks {
		for _, t := range a.Trend {
			v := Suppressed
			if !t.Hidden {
				v = itoa(t.Attendances[w])
			}
			weekly.Rows = append(weekly.Rows, []string{week, t.ActivityID, t.Activity, v})
		}
	}

	stopped := Table{Name: "stopped_coming", Title: "People who stopped coming", StaffOnly: true,
		Note:    "Came before, then missed each of the last three sessions they were expected at. Names: for staff to follow up, not for sharing.",
		Columns: []string{"person_id", "name", "activity_id", "activity", "venue", "last_attended", "missed_since"}}
	for _, s := range a.StoppedComing {
		stopped.Rows = append(stopped.Rows, []string{s.PersonID, s.Name, s.ActivityID, s.Activity, s.Venue, s.LastAttended, s.MissedSince})
	}

	groupTable := func(name, title, column, note string, gs []Group) Table {
		t := Table{Name: name, Title: title, Note: note, Columns: []string{column, "count"}}
		for _, g := range gs {
			t.Rows = append(t.Rows, []string{g.Name, g.Count.String()})
		}
		return t
	}
	codes := Table{Name: "snomed_codes", Title: "SNOMED CT codes recorded in the period",
		Columns: []string{"code", "term", "referrals"},
		Rows: [][]string{
			{domain.SnomedReferralAccepted, domain.SnomedTerms[domain.SnomedReferralAccepted], rf.Accepted.String()},
			{domain.SnomedDeclined, domain.SnomedTerms[domain.SnomedDeclined], rf.Declined.String()},
		}}

	followUps := Table{Name: "follow_ups", Title: "Follow-ups due in the period", Columns: []string{"state", "follow_ups"},
		Note: "As at " + domain.DayInWords(r.Options.Today) + ". On time means done on or before the due date.",
		Rows: [][]string{{"due", f.Due.String()}, {"done on time", f.OnTime.String()}, {"done late", f.Late.String()},
			{"overdue", f.Overdue.String()}, {"not yet due", f.NotYetDue.String()}}}

	ons := Table{Name: "ons4", Title: domain.InstrumentName(domain.InstrumentONS4) + ": people measured at baseline and follow-up",
		Note:    joinNote(o.ONS4.Warning, "Each question on its own; the four are never added together."),
		Columns: []string{"item", "stage", "people", "mean", "band", "people_in_band"}}
	for _, it := range o.ONS4.Items {
		for _, stage := range []struct {
			name string
			s    ItemSummary
		}{{"baseline", it.Baseline}, {"follow-up", it.FollowUp}} {
			for i, b := range it.Bands {
				ons.Rows = append(ons.Rows, []string{it.Label, stage.name, o.ONS4.Pairs.String(), stage.s.Mean.Format(1),
					b + " (" + bandRange(it.Label, i) + ")", stage.s.Bands[i].String()})
			}
		}
	}

	sw := o.SWEMWBS
	swemwbs := Table{Name: "swemwbs", Title: domain.InstrumentName(domain.InstrumentSWEMWBS) + ": people measured at baseline and follow-up",
		Note:    joinNote(sw.Warning, domain.SWEMWBSLicence),
		Columns: []string{"figure", "value"},
		Rows: [][]string{
			{"people measured at both", sw.Pairs.String()},
			{"mean metric score at baseline", sw.Baseline.Format(2)},
			{"mean metric score at follow-up", sw.FollowUp.Format(2)},
			{"mean change", sw.Change.Format(2)},
			{"people whose score rose by at least " + strconv.FormatFloat(domain.SWEMWBSMeaningfulChange, 'f', 0, 64) + " points", sw.Improved.String()},
			{"share whose score rose by at least " + strconv.FormatFloat(domain.SWEMWBSMeaningfulChange, 'f', 0, 64) + " points", sw.ImprovedShare.Percent()},
		}}

	equity := Table{Name: "equity", Title: "Attendance and referrals by age, gender and ethnicity",
		Note: "As recorded on the person. Age on the last day of the period.",
		// The shares come last: a spreadsheet that reads the columns
		// before them by position reads them where it always did.
		Columns: []string{"dimension", "group", "people_attending", "attendances", "referrals_received", "people_attending_share", "referrals_received_share"}}
	for _, e := range r.Equity {
		equity.Rows = append(equity.Rows, []string{e.Dimension, e.Group, e.People.String(),
			e.Attendances.Total(), e.Referrals.String(), e.PeopleShare.Percent(), e.ReferralsShare.Percent()})
	}

	return []Table{
		summary, byActivity, weekly, stopped,
		groupTable("referrals_by_source", "Referrals received, by source", "source", "", rf.BySource),
		groupTable("referrals_by_practice", "Referrals received, by practice", "practice", "", rf.ByPractice),
		groupTable("referrals_by_reason", "Referrals received, by reason", "reason", "A referral can give several reasons, so these add up to more than the referrals received.", rf.ByReason),
		codes,
		groupTable("declined_reasons", "Why referrals were declined", "reason", "", rf.DeclineReasons),
		groupTable("matched_to", "Where people were matched to", "activity", "People matched in the period, once per activity.", rf.MatchedTo),
		groupTable("matched_by_category", "Where people were matched to, by kind of activity", "category", "", rf.MatchedByCategory),
		groupTable("onward_referrals", "Onward referrals", "service", "Matches to money advice and employment services run by other organisations.", rf.OnwardTo),
		r.WaitingLists.table(),
		followUps, ons, swemwbs, equity,
	}
}

func joinNote(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + " " + b
}

// bandRange is the score range of an ONS4 band, for labels.
func bandRange(label string, i int) string {
	if label == domain.ONS4Labels[domain.ONS4Anxiety] {
		return []string{"0-1", "2-3", "4-5", "6-10"}[i]
	}
	return []string{"0-4", "5-6", "7-8", "9-10"}[i]
}

func value(s Stat) float64 {
	if s.Hidden || s.None() {
		return math.NaN()
	}
	return s.Value
}

func countValue(c Count) float64 {
	if c.Hidden {
		return math.NaN()
	}
	return float64(c.N)
}

// Charts returns the report's charts, in reading order.
func (r *Report) Charts() []Chart {
	a, rf, o := &r.Attendance, &r.Referrals, &r.Outcomes
	var out []Chart

	byAct := Chart{Name: "attendance_by_activity", Title: "Attendances by activity", Kind: ChartBar, Unit: "attendances",
		Series: []Series{{Name: "attendances"}}}
	for _, x := range a.ByActivity {
		byAct.Labels = append(byAct.Labels, x.Activity)
		byAct.Series[0].Values = append(byAct.Series[0].Values, value(x.Attendances))
	}
	out = append(out, byAct)

	weekly := Chart{Name: "attendance_weekly", Title: "Attendances per week, by activity", Kind: ChartLine, Unit: "attendances",
		Labels: a.Weeks}
	for _, t := range a.Trend {
		if !t.Hidden {
			s := Series{Name: t.Activity}
			for _, n := range t.Attendances {
				s.Values = append(s.Values, float64(n))
			}
			weekly.Series = append(weekly.Series, s)
		}
	}
	out = append(out, weekly)

	bySource := Chart{Name: "referrals_by_source", Title: "Referrals received, by source", Kind: ChartBar, Unit: "referrals",
		Series: []Series{{Name: "referrals"}}}
	for _, g := range rf.BySource {
		// In the screens' words ("Self-referral"); the CSV keeps the value.
		bySource.Labels = append(bySource.Labels, domain.SourceWords(g.Name))
		bySource.Series[0].Values = append(bySource.Series[0].Values, countValue(g.Count))
	}
	out = append(out, bySource)

	ons := Chart{Name: "ons4", Title: domain.InstrumentName(domain.InstrumentONS4) + ": mean scores (0-10), baseline and follow-up", Kind: ChartBar, Unit: "score",
		Series: []Series{{Name: "baseline"}, {Name: "follow-up"}}}
	for _, it := range o.ONS4.Items {
		ons.Labels = append(ons.Labels, it.Label)
		ons.Series[0].Values = append(ons.Series[0].Values, value(it.Baseline.Mean))
		ons.Series[1].Values = append(ons.Series[1].Values, value(it.FollowUp.Mean))
	}
	out = append(out, ons)

	out = append(out, r.equityCharts()...)

	out = append(out, Chart{Name: "swemwbs", Title: domain.InstrumentName(domain.InstrumentSWEMWBS) + ": mean metric score (7-35)", Kind: ChartBar, Unit: "score",
		Labels: []string{"baseline", "follow-up"},
		Series: []Series{{Name: "score", Values: []float64{value(o.SWEMWBS.Baseline), value(o.SWEMWBS.FollowUp)}}}})
	return out
}

// equityCharts are two charts for each dimension of the equity table
// (age band, gender, ethnicity): people attending and referrals received,
// every group of it a bar (none for a nought) written as its count and
// its share of the whole ("9 · 20%"), so every group reads the same way.
// Their names are equity_people_<dimension> and equity_referrals_<…>.
func (r *Report) equityCharts() []Chart {
	var out []Chart
	at := map[string]int{}
	for _, e := range r.Equity {
		i, ok := at[e.Dimension]
		if !ok {
			i = len(out)
			at[e.Dimension] = i
			dim := strings.ToLower(e.Dimension)
			slug := strings.ReplaceAll(dim, " ", "_")
			out = append(out,
				Chart{Name: "equity_people_" + slug, Title: "People attending, by " + dim, Kind: ChartBar, Unit: "people",
					Series: []Series{{Name: "people attending"}}},
				Chart{Name: "equity_referrals_" + slug, Title: "Referrals received, by " + dim, Kind: ChartBar, Unit: "referrals",
					Series: []Series{{Name: "referrals received"}}})
		}
		for j, f := range []struct {
			c     Count
			share Stat
		}{{e.People, e.PeopleShare}, {e.Referrals, e.ReferralsShare}} {
			c := &out[i+j]
			c.Labels = append(c.Labels, e.Group)
			c.Series[0].Values = append(c.Series[0].Values, countValue(f.c))
			c.Series[0].Shown = append(c.Series[0].Shown, CountAndShare(f.c, f.share))
		}
	}
	return out
}

// EquityIntro says how the equity breakdowns are counted, over them on
// screen and in the PDF.
const EquityIntro = "As recorded on the person. Age on the last day of the period. Not recorded is its own group. " +
	"Each count is written with its share of everyone in the breakdown."

// CountAndShare writes a count with its share, "9 · 20%", the way every
// group of the equity breakdown is written on screen and in the PDF:
// Suppressed when either is hidden, the count alone when there is no
// share (nothing in the whole).
func CountAndShare(c Count, share Stat) string {
	if c.Hidden || share.Hidden {
		return Suppressed
	}
	if share.None() {
		return c.String()
	}
	return c.String() + " · " + share.Percent()
}

// EquityShown is the equity table as the PDF and the Reports screen show
// it, beside the bars: each count written with its share as the bars
// are (CountAndShare), so every group reads the same way. The CSV's
// equity table keeps the count and the share in columns of their own.
// No note: the page says above the bars how the groups are counted
// (EquityIntro).
func (r *Report) EquityShown() Table {
	t := Table{Name: "equity", Title: "Attendance and referrals by age, gender and ethnicity",
		Columns: []string{"dimension", "group", "people_attending", "attendances", "referrals_received"}}
	for _, e := range r.Equity {
		t.Rows = append(t.Rows, []string{e.Dimension, e.Group, CountAndShare(e.People, e.PeopleShare),
			e.Attendances.Total(), CountAndShare(e.Referrals, e.ReferralsShare)})
	}
	return t
}
