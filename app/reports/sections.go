package reports

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"github.com/gather-sp/gather/app/kit"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/report"
)

// tableNamed finds an engine table by name.
func tableNamed(rep *report.Report, name string) report.Table {
	for _, t := range rep.Tables() {
		if t.Name == name {
			return t
		}
	}
	return report.Table{Name: name}
}

func chartNamed(rep *report.Report, name string) report.Chart {
	for _, c := range rep.Charts() {
		if c.Name == name {
			return c
		}
	}
	return report.Chart{Name: name}
}

func countValue(c report.Count) float64 {
	if c.Hidden {
		return math.NaN()
	}
	return float64(c.N)
}

// groupChart is a bar chart of a breakdown.
func groupChart(gs []report.Group) report.Chart {
	c := report.Chart{Kind: report.ChartBar, Series: []report.Series{{Name: "count"}}}
	for _, g := range gs {
		c.Labels = append(c.Labels, g.Name)
		c.Series[0].Values = append(c.Series[0].Values, countValue(g.Count))
	}
	return c
}

// barsOrNone is a bar chart, or a line saying there is nothing to draw.
func barsOrNone(c report.Chart, none string, decimals int, top float64) fyne.CanvasObject {
	if len(c.Labels) == 0 {
		return muted(none)
	}
	return NewChart(c, decimals, top)
}

func attendanceSection(rep *report.Report) fyne.CanvasObject {
	a := rep.Attendance
	objs := []fyne.CanvasObject{tiles(
		[2]string{"Sessions held", a.SessionsHeldShown()},
		[2]string{"Sessions expected by the schedules", a.SessionsExpectedShown()},
		[2]string{"Sessions cancelled", a.SessionsCancelledShown()},
		[2]string{"Attendances", a.Attendances.Total()},
		[2]string{"Different people who came", a.People.String()},
		[2]string{"New people (first time ever)", a.NewPeople.String()},
		[2]string{"Average attendances per session", kit.OrNothing(a.PerSession.Format(1), report.NoSessions)},
		[2]string{"Places taken (activities with a capacity)", kit.OrNothing(a.FillRateShown(), report.NoPlacesSet)},
		[2]string{report.ApologiesWord, a.Apologies.String()},
		[2]string{report.AbsentWord, a.Absent.String()},
		[2]string{"Friends and carers who came along", a.Companions.String()},
	)}

	byAct := chartNamed(rep, "attendance_by_activity")
	objs = append(objs, block("Attendances by activity", "",
		barsOrNone(byAct, "No sessions were held in this period.", 0, 0)))

	// One small line chart per activity, so every point can carry its
	// number without the lines crossing.
	var weekly []fyne.CanvasObject
	var notDrawn []string
	for _, t := range a.Trend {
		if t.Hidden {
			notDrawn = append(notDrawn, t.Activity)
			continue
		}
		c := report.Chart{Kind: report.ChartLine, Labels: a.Weeks, Series: []report.Series{{Name: t.Activity}}}
		total := 0
		for _, n := range t.Attendances {
			c.Series[0].Values = append(c.Series[0].Values, float64(n))
			total += n
		}
		weekly = append(weekly, panel(container.NewBorder(
			bold(t.Activity+" · "+strconv.Itoa(total)+" attendances"), nil, nil, nil, NewChart(c, 0, 0))))
	}
	note := "Weeks start on Monday."
	if len(notDrawn) > 0 {
		note += " Not drawn week by week, to protect groups of fewer than 5 people: " + strings.Join(notDrawn, ", ") + "."
	}
	if len(weekly) == 0 {
		weekly = []fyne.CanvasObject{muted("No activity can be drawn week by week in this period.")}
	}
	objs = append(objs, block("Attendances per week", note, container.New(&kit.Columns{Cell: 24}, weekly...)))

	t := tableNamed(rep, "attendance_by_activity")
	names := []string{"activity", "venue", "sessions_held", "attendances", "people", "average_per_session", "places_taken", "apologies", "absent", "friends_and_carers"}
	headings := []string{"Activity", "Venue", "Sessions", "Attendances", "People", "Per session", "Places taken", report.ApologiesWord, report.AbsentWord, "Friends and carers"}
	if a.ForPractice {
		// Not applicable in every row (report.NotApplicable): the tile says so once.
		i := slices.Index(names, "places_taken")
		names, headings = slices.Delete(names, i, i+1), slices.Delete(headings, i, i+1)
	}
	cols, rows := pick(t, names, headings)
	objs = append(objs, block(t.Title, t.Note, newTable(cols, rows)))

	st := tableNamed(rep, "stopped_coming")
	if len(st.Rows) == 0 {
		objs = append(objs, block("People who stopped coming", "", muted("No one stopped coming in this period.")))
	} else {
		cols, rows := pick(st, []string{"name", "activity", "venue", "last_attended", "missed_since"},
			[]string{"Name", "Activity", "Venue", "Last came", "Missed since"})
		for _, r := range rows {
			r[3], r[4] = longDate(r[3]), longDate(r[4])
		}
		objs = append(objs, block("People who stopped coming ("+itoa(len(rows))+")", st.Note, newTable(cols, rows)))
	}
	return container.NewVBox(objs...)
}

func referralsSection(rep *report.Report) fyne.CanvasObject {
	rf := rep.Referrals
	w := rf.Waiting
	objs := []fyne.CanvasObject{tiles(
		[2]string{"Referrals received", rf.Received.String()},
		[2]string{"Accepted (first contact)", rf.Accepted.String()},
		[2]string{"Declined", rf.Declined.String()},
		[2]string{"Usual wait for first contact (median)", w.MedianDays.Days(1, report.NobodyContacted)},
		[2]string{"How long it took to contact 9 in 10 people", w.P90Days.Days(0, report.NobodyContacted)},
		[2]string{"Still waiting for first contact at the end of the period", w.StillWaiting.String()},
		[2]string{"Longest anyone is still waiting", w.LongestDays.Days(0, report.NobodyWaiting)},
		[2]string{"Onward referrals", rf.Onward.String()},
	)}
	none := "None in this period."
	objs = append(objs,
		block("Received, by source", "", barsOrNone(chartNamed(rep, "referrals_by_source"), none, 0, 0)),
		block("Received, by practice", "", barsOrNone(groupChart(rf.ByPractice), none, 0, 0)),
		block("Received, by reason", "A referral can give several reasons, so these add up to more than the referrals received.",
			barsOrNone(groupChart(rf.ByReason), none, 0, 0)),
		block("Where people were matched to", "People matched in the period, once per activity.",
			barsOrNone(groupChart(rf.MatchedTo), none, 0, 0)),
	)
	codes := tableNamed(rep, "snomed_codes")
	objs = append(objs, block(codes.Title, "", newTable([]string{"Code", "Term", "Referrals"}, codes.Rows)))
	for _, g := range []struct {
		title, column, note string
		gs                  []report.Group
	}{
		{"Matched, by kind of activity", "Kind of activity", "", rf.MatchedByCategory},
		{"Why referrals were declined", "Reason", "", rf.DeclineReasons},
		{"Onward referrals", "Service", "Matches to money advice and employment services run by other organisations.", rf.OnwardTo},
	} {
		if len(g.gs) == 0 {
			objs = append(objs, block(g.title, "", muted(none)))
			continue
		}
		var rows [][]string
		for _, x := range g.gs {
			rows = append(rows, []string{x.Name, x.Count.String()})
		}
		objs = append(objs, block(g.title, g.note, newTable([]string{g.column, "Referrals"}, rows)))
	}
	// Waiting lists of full activities: how many wait, and for how long.
	wl := tableNamed(rep, "waiting_lists")
	if len(wl.Rows) == 0 {
		objs = append(objs, block(wl.Title, "", muted("Nobody waited for a place in this period.")))
	} else {
		cols, rows := pick(wl, []string{"activity", "venue", "waiting_at_end", "joined", "given_a_place", "median_days_waited", "longest_wait_so_far_days"},
			[]string{"Activity", "Venue", "Waiting at the end", "Joined", "Given a place", "Usual wait for a place, days", "Longest still waiting, days"})
		objs = append(objs, block(wl.Title, wl.Note, newTable(cols, rows)))
	}
	return container.NewVBox(objs...)
}

func followUpsSection(rep *report.Report) fyne.CanvasObject {
	f := rep.FollowUps
	c := report.Chart{Kind: report.ChartBar, Series: []report.Series{{Name: "follow-ups"}},
		Labels: []string{"Done on time", "Done late", "Overdue", "Not yet due"}}
	for _, n := range []report.Count{f.OnTime, f.Late, f.Overdue, f.NotYetDue} {
		c.Series[0].Values = append(c.Series[0].Values, countValue(n))
	}
	t := tableNamed(rep, "follow_ups")
	var rows [][]string
	for _, r := range t.Rows {
		rows = append(rows, []string{strings.ToUpper(r[0][:1]) + r[0][1:], r[1]})
	}
	var chart fyne.CanvasObject = NewChart(c, 0, 0)
	if f.Due.N == 0 {
		chart = muted("No follow-ups were due in this period.")
	}
	return container.NewVBox(
		tiles([2]string{"Follow-ups due in the period", f.Due.String()}, [2]string{"Overdue", f.Overdue.String()}),
		block("How the follow-ups due went", t.Note, chart),
		block(t.Title, "", newTable([]string{"State", "Follow-ups"}, rows)),
	)
}

func outcomesSection(rep *report.Report) fyne.CanvasObject {
	o := rep.Outcomes
	sw := o.SWEMWBS
	mc := strconv.FormatFloat(domain.SWEMWBSMeaningfulChange, 'f', 0, 64)
	objs := []fyne.CanvasObject{muted("Only people measured at both baseline and follow-up are counted, so before and after describe the same people.")}

	// ONS4.
	var ons []fyne.CanvasObject
	if o.ONS4.Warning != "" && o.ONS4.Pairs.N > 0 { // with none, the line below says so
		ons = append(ons, warning(o.ONS4.Warning))
	}
	if o.ONS4.Pairs.N == 0 {
		ons = append(ons, muted("No one was measured with ONS4 at both baseline and follow-up in this period."))
	} else {
		ons = append(ons, tiles([2]string{"People measured at both (ONS4)", o.ONS4.Pairs.String()}),
			NewChart(chartNamed(rep, "ons4"), 1, 10))
		var items []fyne.CanvasObject
		for _, it := range o.ONS4.Items {
			rows := [][]string{{"Mean (0-10)", it.Baseline.Mean.Format(1), it.FollowUp.Mean.Format(1)}}
			for i, b := range it.Bands {
				rows = append(rows, []string{b, it.Baseline.Bands[i].String(), it.FollowUp.Bands[i].String()})
			}
			items = append(items, container.NewVBox(bold(it.Label+": "+it.Question),
				newTable([]string{"", "Baseline", "Follow-up"}, rows)))
		}
		ons = append(ons, container.New(&kit.Columns{Cell: 22}, items...))
	}
	objs = append(objs, block(domain.InstrumentName(domain.InstrumentONS4), "Each question on its own; the four are never added together.", ons...))

	// SWEMWBS.
	var sws []fyne.CanvasObject
	if sw.Warning != "" && sw.Pairs.N > 0 {
		sws = append(sws, warning(sw.Warning))
	}
	if sw.Pairs.N == 0 {
		sws = append(sws, muted("No one was measured with SWEMWBS at both baseline and follow-up in this period."))
	} else {
		sws = append(sws, tiles(
			[2]string{"People measured at both (SWEMWBS)", sw.Pairs.String()},
			[2]string{"Mean change (metric score)", sw.Change.Format(2)},
			[2]string{"Rose by at least " + mc + " points", sw.Improved.String()},
			[2]string{"Share who rose by at least " + mc + " points", sw.ImprovedShare.Percent()},
		), NewChart(chartNamed(rep, "swemwbs"), 2, 35))
		t := tableNamed(rep, "swemwbs")
		var rows [][]string
		for _, r := range t.Rows {
			rows = append(rows, []string{strings.ToUpper(r[0][:1]) + r[0][1:], r[1]})
		}
		sws = append(sws, newTable([]string{"Figure", "Value"}, rows))
	}
	sws = append(sws, muted(domain.SWEMWBSLicence))
	objs = append(objs, block(domain.InstrumentName(domain.InstrumentSWEMWBS), "Metric scores, 7 to 35.", sws...))
	return container.NewVBox(objs...)
}

// equitySection shows, for each breakdown (age band, gender, ethnicity),
// people attending and referrals received side by side as bars, every
// group written as its count and share ("9 · 20%", report.CountAndShare;
// no bar for a nought, "not shown" for a hidden one), then the same
// numbers, so written, in a table with the attendances
// (report.EquityShown): as the PDF's Equity page.
func equitySection(rep *report.Report) fyne.CanvasObject {
	objs := []fyne.CanvasObject{muted(report.EquityIntro)}
	var dims []string
	byDim := map[string][][]string{}
	for _, row := range rep.EquityShown().Rows { // dimension, group, people, attendances, referrals
		if _, ok := byDim[row[0]]; !ok {
			dims = append(dims, row[0])
		}
		byDim[row[0]] = append(byDim[row[0]], row[1:])
	}
	for _, d := range dims {
		slug := strings.ReplaceAll(strings.ToLower(d), " ", "_")
		rows := byDim[d]
		charts := kit.NewColumns(22, true,
			container.NewVBox(bold("People attending"), NewChart(chartNamed(rep, "equity_people_"+slug), 0, 0)),
			container.NewVBox(bold("Referrals received"), NewChart(chartNamed(rep, "equity_referrals_"+slug), 0, 0)))
		objs = append(objs, block(d, "", charts,
			newTable([]string{d, "People attending", "Attendances", "Referrals received"}, rows)))
	}
	if len(dims) == 0 {
		objs = append(objs, muted("No one attended or was referred in this period."))
	}
	return container.NewVBox(objs...)
}
