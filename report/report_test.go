package report

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/gather-sp/gather/domain"
)

func build(t *testing.T, opt Options) *Report {
	t.Helper()
	if opt.From == "" {
		opt.From, opt.To = fixFrom, fixTo
	}
	if opt.Today == "" {
		opt.Today = fixToday
	}
	r, err := Build(fixture(), opt)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// figure is one expected figure: what a screen shows.
type figure struct {
	name      string
	got, want string
}

func check(t *testing.T, figs []figure) {
	t.Helper()
	for _, f := range figs {
		t.Run(f.name, func(t *testing.T) {
			if f.got != f.want {
				t.Errorf("%s = %q, want %q", f.name, f.got, f.want)
			}
		})
	}
}

func TestAttendanceWholeOrganisation(t *testing.T) {
	a := build(t, Options{}).Attendance
	check(t, []figure{
		// Garden 4 + craft 3 (12 March from marks alone; 19 March cancelled) + money 1.
		{"sessions held", itoa(a.SessionsHeld), "8"},
		// 4 Mondays + 4 Thursdays + the one-off; craft's 19 March cancelled.
		{"sessions expected", itoa(a.SessionsExpected), "9"},
		{"sessions cancelled", itoa(a.SessionsCancelled), "1"},
		// Garden 19 + craft 9 + money 2; the undone mark, the cancelled
		// session and 30 March are left out.
		{"attendances", a.Attendances.Format(0), "30"},
		// g1-g5 (g3's merged record counted as her), c1-c3, m1, m2: g1 once.
		{"people", a.People.String(), "10"},
		// All but g1 and g2, who first came on 23 February: 8 new of 10
		// would give the 2 who came before away, so it is hidden.
		{"new people", a.NewPeople.String(), Suppressed},
		{"per session", a.PerSession.Format(2), "3.75"},
		// Places: garden 4 x 10 + craft 3 x 8 = 64 over 7 sessions.
		{"capacity per session", a.CapacityPerSession.Format(2), "9.14"},
		// (19 + 9) / 64 = 43.75%, but not shown: craft (4 people, with a
		// capacity) is hidden with money advice (no capacity), and 44% of
		// 64 places less the garden's 19 would give craft's 9 away.
		{"fill rate", a.FillRate.Percent(), Suppressed},
		{"apologies (2)", a.Apologies.String(), Suppressed},
		{"no-shows", a.Absent.String(), "6"},
		// Garden 4 friends + 2 carers, craft 1 carer, money 1 friend; not
		// the absent mark's, the cancelled session's or the day after's.
		{"friends and carers", a.Companions.String(), "8"},
		// 5 friends of 8 would give away the 3 carers: both hidden.
		{"friends", a.Friends.String(), Suppressed},
		{"carers (3)", a.Carers.String(), Suppressed},
	})
	if a.Carers.N != 3 {
		t.Errorf("carers %d, want 3", a.Carers.N)
	}
	if a.Apologies.N != 2 {
		t.Errorf("apologies N = %d, want 2", a.Apologies.N)
	}
}

func TestAttendanceByActivity(t *testing.T) {
	rows := build(t, Options{}).Tables()[1]
	want := [][]string{
		// Garden: 19 attendances by 5 people over 4 sessions of 10 places.
		// Its 6 friends and carers would leave craft's and money advice's
		// 2 of the 8 in all, so they are hidden with them.
		{"garden", "Garden group", "Lakeside Garden", "4", "10", "19", "5", "4.8", "48%", Suppressed, "6", Suppressed, "4", "0"},
		// Four people at the craft group and two at money advice: only
		// the sessions held are shown; counts, the average and the share of
		// places all read Suppressed, the one marker of a hidden figure.
		// Expected 4 Thursdays; 19 March cancelled. Their apologies are
		// hidden, not 0: beside the garden's hidden ones and a hidden total, two
		// zeros would say that every apology was the garden's.
		{"craft", "Crafternoon", "Town Library", "3", "8", Suppressed, Suppressed, Suppressed, Suppressed, Suppressed, "0", Suppressed, "4", "1"},
		{"money", "Money advice", "Town Library", "1", "", Suppressed, Suppressed, Suppressed, "", Suppressed, "0", Suppressed, "1", "0"},
	}
	if rows.Name != "attendance_by_activity" || !reflect.DeepEqual(rows.Rows, want) {
		t.Fatalf("%s rows:\n got %q\nwant %q", rows.Name, rows.Rows, want)
	}
}

func TestWeeklyTrend(t *testing.T) {
	a := build(t, Options{}).Attendance
	if want := []string{"2026-03-02", "2026-03-09", "2026-03-16", "2026-03-23"}; !reflect.DeepEqual(a.Weeks, want) {
		t.Fatalf("weeks %v, want %v", a.Weeks, want)
	}
	want := []ActivityTrend{
		{ActivityID: "craft", Activity: "Crafternoon", Hidden: true},
		{ActivityID: "garden", Activity: "Garden group", Attendances: []int{5, 5, 4, 5}},
		{ActivityID: "money", Activity: "Money advice", Hidden: true},
	}
	if !reflect.DeepEqual(a.Trend, want) {
		t.Fatalf("trend\n got %+v\nwant %+v", a.Trend, want)
	}
	// A period that starts mid-week still has whole weeks, Monday first.
	b := build(t, Options{From: "2026-03-04", To: "2026-03-10"}).Attendance
	if want := []string{"2026-03-02", "2026-03-09"}; !reflect.DeepEqual(b.Weeks, want) {
		t.Fatalf("mid-week weeks %v, want %v", b.Weeks, want)
	}
	// Looked at on 11 March, this month's chart stops at this week rather
	// than falling to 0 in the weeks still to come.
	c := build(t, Options{From: "2026-03-01", To: "2026-03-31", Today: "2026-03-11"}).Attendance
	if want := []string{"2026-02-23", "2026-03-02", "2026-03-09"}; !reflect.DeepEqual(c.Weeks, want) {
		t.Fatalf("weeks seen on 11 March %v, want %v", c.Weeks, want)
	}
	for _, tr := range c.Trend {
		if !tr.Hidden && len(tr.Attendances) != len(c.Weeks) {
			t.Errorf("%s has %d weeks of figures for %d weeks", tr.Activity, len(tr.Attendances), len(c.Weeks))
		}
	}
}

func TestStoppedComing(t *testing.T) {
	got := build(t, Options{}).Attendance.StoppedComing
	// Grace came on 23 February and missed 9, 16 and 23 March. Dev (g6)
	// never came; Li (g8) ended his enrolment; Ruth missed one session.
	want := []StoppedComing{{PersonID: "g7", Name: "Grace Hughes", ActivityID: "garden", Activity: "Garden group",
		Venue: "Lakeside Garden", LastAttended: "2026-02-23", MissedSince: "2026-03-09"}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("stopped coming\n got %+v\nwant %+v", got, want)
	}
	// With the period ending 16 March, the last three garden sessions are
	// 2, 9 and 16 March: Grace again, missed since 2 March.
	early := build(t, Options{From: "2026-03-01", To: "2026-03-16"}).Attendance.StoppedComing
	if len(early) != 1 || early[0].MissedSince != "2026-03-02" {
		t.Fatalf("early period: %+v", early)
	}
}

func TestReferrals(t *testing.T) {
	r := build(t, Options{}).Referrals
	check(t, []figure{
		// r2, r3, r4, r5 (last day), r7, r8, r10 and ten more; not r1, r6
		// (before), r9 (after) or the deleted r11.
		{"received", r.Received.String(), "17"},
		// Contacted in the period: r1, r2, r3, r4, r7, r10 and the ten.
		{"accepted", r.Accepted.String(), "16"},
		// r6 and r10.
		{"declined", r.Declined.String(), Suppressed},
		// Waits: 0,0,1,1,2,2,3,4,5,5,6,7,8,9,10,11 (16 referrals).
		{"contacted", r.Waiting.Contacted.String(), "16"},
		{"median", r.Waiting.MedianDays.Format(1), "4.5"},
		// Nearest rank: the 15th of 16 (ceil of 14.4).
		{"p90", r.Waiting.P90Days.Format(0), "10"},
		// r5 (contacted after the period) and r8.
		{"still waiting", r.Waiting.StillWaiting.String(), Suppressed},
		{"longest wait (hidden, 2 people)", r.Waiting.LongestDays.Format(0), Suppressed},
		// m1 matched to money advice.
		{"onward", r.Onward.String(), Suppressed},
	})
	if r.Declined.N != 2 || r.Waiting.StillWaiting.N != 2 || r.Waiting.LongestDays.Value != 9 || r.Onward.N != 1 {
		t.Errorf("true values: declined %d, still waiting %d, longest %v, onward %d",
			r.Declined.N, r.Waiting.StillWaiting.N, r.Waiting.LongestDays.Value, r.Onward.N)
	}
	// A part is hidden with the small ones when the total less it would
	// leave them, together, fewer than 5: 17 less 14 is 3, 11 less 9 is 2.
	groupsWant := map[string][]Group{
		"source":   {{"GP", Count{14, true}}, {"self-referral", Count{2, true}}, {"other professional", Count{1, true}}},
		"practice": {{"Elm Surgery", Count{14, true}}, {"Oak Practice", Count{2, true}}, {"not recorded", Count{1, true}}},
		"reason": {{"loneliness or isolation", Count{13, false}}, {"low mood or anxiety", Count{1, true}},
			{"money or debt", Count{2, true}}, {"housing", Count{}}, {"work", Count{}}, {"long-term condition", Count{}},
			{"caring", Count{}}, {"bereavement", Count{1, true}}, {"other", Count{}}, {"not recorded", Count{1, true}}},
		"decline reasons": {{"feels better", Count{1, true}}, {"wants to wait", Count{1, true}}},
		// g3 twice: once. Six more matched to the garden on 18 March.
		"matched to": {{"Garden group (Lakeside Garden)", Count{9, true}}, {"Crafternoon (Town Library)", Count{1, true}},
			{"Money advice (Town Library)", Count{1, true}}},
		"category": {{"gardening", Count{9, true}}, {"craft", Count{1, true}}, {"money advice", Count{1, true}}},
	}
	got := map[string][]Group{"source": r.BySource, "practice": r.ByPractice, "reason": r.ByReason,
		"decline reasons": r.DeclineReasons, "matched to": r.MatchedTo, "category": r.MatchedByCategory}
	for name, want := range groupsWant {
		t.Run(name, func(t *testing.T) {
			if !reflect.DeepEqual(got[name], want) {
				t.Errorf("\n got %v\nwant %v", got[name], want)
			}
		})
	}
}

func TestFollowUps(t *testing.T) {
	tests := []struct {
		today string
		want  FollowUps
	}{
		// Due in the period: f1-f5 and five on 25 March. On time: f1 (on
		// the day), f5, the five. Late: f2. Overdue on 1 April: f3, f4.
		// On time is hidden too: 10 less 7 would give the other 3.
		{fixToday, FollowUps{Due: Count{10, false}, OnTime: Count{7, true}, Late: Count{1, true}, Overdue: Count{2, true}}},
		// On 20 March, f4 (due 29 March) is not yet due.
		{"2026-03-20", FollowUps{Due: Count{10, false}, OnTime: Count{7, true}, Late: Count{1, true}, Overdue: Count{1, true},
			NotYetDue: Count{1, true}}},
	}
	for _, tt := range tests {
		t.Run(tt.today, func(t *testing.T) {
			if got := build(t, Options{Today: tt.today}).FollowUps; got != tt.want {
				t.Errorf("\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestSWEMWBSPairsOnly(t *testing.T) {
	s := build(t, Options{}).Outcomes.SWEMWBS
	check(t, []figure{
		// b01-b06 and b10; not b07 (no follow-up), b08 (no baseline), b09
		// (follow-up after the period) or g1 (baseline answers invalid).
		{"pairs", s.Pairs.String(), "7"},
		// (15.32+18.59+16.88+22.35+17.43+14.08+7.00) / 7 = 111.65 / 7.
		{"baseline", s.Baseline.Format(2), "15.95"},
		// (18.59+19.25+19.98+21.54+19.25+17.98+15.32) / 7 = 131.91 / 7.
		{"follow-up", s.FollowUp.Format(2), "18.84"},
		{"change", s.Change.Format(2), "2.89"},
		// 4 of 7 improved: shown, it would give away the 3 who did not.
		{"improved", s.Improved.String(), Suppressed},
		{"share improved", s.ImprovedShare.Percent(), Suppressed},
	})
	if !strings.Contains(s.Warning, "Only 7 people") {
		t.Errorf("warning %q", s.Warning)
	}
}

func TestONS4EachItemOnItsOwn(t *testing.T) {
	o := build(t, Options{}).Outcomes.ONS4
	if o.Pairs != (Count{5, false}) || !strings.Contains(o.Warning, "Only 5 people") {
		t.Fatalf("pairs %+v, warning %q", o.Pairs, o.Warning)
	}
	means := map[string][2]string{
		"Life satisfaction": {"4.2", "5.8"}, "Worthwhile": {"5.0", "6.4"}, "Happiness": {"4.0", "6.0"}, "Anxiety": {"6.6", "4.4"},
	}
	for _, it := range o.Items {
		if got := [2]string{it.Baseline.Mean.Format(1), it.FollowUp.Mean.Format(1)}; got != means[it.Label] {
			t.Errorf("%s means %v, want %v", it.Label, got, means[it.Label])
		}
	}
	bands := func(cs []Count) []string {
		var out []string
		for _, c := range cs {
			out = append(out, c.String())
		}
		return out
	}
	// Life satisfaction at follow-up: 6, 6, 5, 8, 4 -> low 1, medium 3, high 1.
	if got, want := bands(o.Items[0].FollowUp.Bands), []string{Suppressed, Suppressed, Suppressed, "0"}; !reflect.DeepEqual(got, want) {
		t.Errorf("life satisfaction bands %v, want %v", got, want)
	}
	if got := o.Items[0].FollowUp.Bands[1].N; got != 3 {
		t.Errorf("medium life satisfaction at follow-up: %d, want 3", got)
	}
	// Anxiety at baseline: 8, 6, 7, 3, 9 -> very low 0, low 1, medium 0, high 4.
	if got := o.Items[3].Bands; !reflect.DeepEqual(got, []string{"very low", "low", "medium", "high"}) {
		t.Errorf("anxiety bands %v", got)
	}
	if got := o.Items[3].Baseline.Bands; got[1].N != 1 || got[3].N != 4 || got[0].N != 0 {
		t.Errorf("anxiety baseline bands %+v", got)
	}
}

func TestFewerThanFivePairsShowNothing(t *testing.T) {
	// For the Town Library, only people matched or enrolled there count,
	// and none of them has a pair.
	o := build(t, Options{VenueID: "v2"}).Outcomes
	if o.SWEMWBS.Pairs.N != 0 || o.SWEMWBS.Baseline.Format(2) != "" || !strings.Contains(o.SWEMWBS.Warning, "No one") {
		t.Fatalf("SWEMWBS %+v", o.SWEMWBS)
	}
	// Pairs for b01-b06 are within the garden's case scope (they were
	// matched there); b10 is not: six pairs.
	g := build(t, Options{VenueID: "v1"}).Outcomes.SWEMWBS
	if g.Pairs.String() != "6" {
		t.Fatalf("garden pairs %s", g.Pairs.String())
	}
	// Four pairs: ONS4 for b01-b04 only.
	ds := fixture()
	var kept = ds.Measures[:0]
	for _, m := range ds.Measures {
		if m.PersonID != "b05" {
			kept = append(kept, m)
		}
	}
	ds.Measures = kept
	r, err := Build(ds, Options{From: fixFrom, To: fixTo})
	if err != nil {
		t.Fatal(err)
	}
	ons := r.Outcomes.ONS4
	if ons.Pairs.String() != Suppressed || ons.Items[0].Baseline.Mean.Format(1) != Suppressed || !strings.Contains(ons.Warning, "Fewer than 5") {
		t.Fatalf("four ONS4 pairs: %+v", ons)
	}
	for _, it := range ons.Items {
		for _, c := range append(it.Baseline.Bands, it.FollowUp.Bands...) {
			if c.String() != Suppressed {
				t.Fatalf("%s band shown with four pairs: %+v", it.Label, c)
			}
		}
	}
}

func TestEquity(t *testing.T) {
	rows := build(t, Options{}).Equity
	type row struct{ dim, group, people, attendances, referrals string }
	var got []row
	for _, e := range rows {
		if e.Dimension != "Ethnicity" {
			got = append(got, row{e.Dimension, e.Group, e.People.String(), e.Attendances.Total(), e.Referrals.String()})
		}
	}
	want := []row{
		{"Age band", "under 18", Suppressed, Suppressed, Suppressed}, // c2, 17 until 30 March; r5
		{"Age band", "18-24", Suppressed, Suppressed, Suppressed},    // c1, 18 on the last day; r4
		{"Age band", "25-34", "0", "0", "0"},                         // nobody, listed all the same
		{"Age band", "35-44", Suppressed, Suppressed, Suppressed},    // g4, g5; r2, r3
		{"Age band", "45-54", Suppressed, Suppressed, "0"},           // g3
		{"Age band", "55-64", "0", "0", "10"},                        // the ten referred on 16 March
		{"Age band", "65-74", Suppressed, Suppressed, Suppressed},    // g2 (74), m1; r10, r7
		{"Age band", "75-84", Suppressed, Suppressed, Suppressed},    // g1 (75 on the last day), m2; r8
		{"Age band", "85 and over", "0", "0", "0"},                   // nobody
		{"Age band", "not recorded", Suppressed, Suppressed, "0"},    // c3
		// Female's 6 would leave 4 of the 10 people for the two hidden groups.
		{"Gender", "Female", Suppressed, Suppressed, "9"},       // g1 6, g2 4, g3 4, g5 3, c1 3, m2 1
		{"Gender", "Male", Suppressed, Suppressed, "8"},         // g4, c2, m1
		{"Gender", "not recorded", Suppressed, Suppressed, "0"}, // c3
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("equity\n got %v\nwant %v", got, want)
	}
}

func TestFilters(t *testing.T) {
	tests := []struct {
		name string
		opt  Options
		want []figure
	}{
		{"venue", Options{VenueID: "v2"}, nil},
		{"activity", Options{ActivityID: "garden"}, nil},
		{"practice", Options{Practice: "Oak Practice"}, nil},
		{"first day only", Options{From: fixFrom, To: fixFrom}, nil},
		{"last day only", Options{From: fixTo, To: fixTo}, nil},
	}
	wants := map[string]map[string]string{
		// Craft 3 sessions and money 1; 9 + 2 attendances by c1-c3, g1,
		// m1, m2, all new to the library's activities (g1 first came to
		// the craft group on 5 March). Referrals of people matched or
		// enrolled there: r4, r5, r7, r8; accepted r4, r7; declined r6.
		"venue": {"sessions": "4", "attendances": "11", "people": "6", "new": "6", "received": Suppressed, "received N": "4",
			"accepted N": "2", "declined N": "1", "stopped": "0", "scope": "Venue: Town Library"},
		"activity": {"sessions": "4", "attendances": "19", "people": "5", "new": Suppressed, "stopped": "1", "scope": "Activity: Garden group"},
		// Ruth (g5, Oak on her record) and Olu (c2, an Oak referral):
		// sessions where one of them was marked: 4 garden, 2 craft; not
		// shown, as it would say how often those two came.
		"practice": {"sessions": Suppressed, "sessions N": "6", "attendances": Suppressed, "attendances N": "5", "people": Suppressed, "received N": "2",
			"scope": "Practice: Oak Practice"},
		// 2 March: the garden session; r2 and r7 received; f1 due.
		"first day only": {"sessions": "1", "attendances": "5", "people": "5", "received N": "2", "follow-ups due N": "1"},
		// 29 March (a Sunday): no sessions; r5 received.
		"last day only": {"sessions": "0", "attendances": "0", "people": "0", "received N": "1", "follow-ups due N": "1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := build(t, tt.opt)
			a := r.Attendance
			got := map[string]string{
				"sessions": a.SessionsHeldShown(), "sessions N": itoa(a.SessionsHeld), "attendances": a.Attendances.Total(), "attendances N": itoa(int(a.Attendances.Value)),
				"people": a.People.String(), "new": a.NewPeople.String(), "received": r.Referrals.Received.String(),
				"received N": itoa(r.Referrals.Received.N), "accepted N": itoa(r.Referrals.Accepted.N),
				"declined N": itoa(r.Referrals.Declined.N), "stopped": itoa(len(a.StoppedComing)), "scope": r.Scope,
				"follow-ups due N": itoa(r.FollowUps.Due.N),
			}
			for k, want := range wants[tt.name] {
				if got[k] != want {
					t.Errorf("%s = %q, want %q", k, got[k], want)
				}
			}
		})
	}
}

func TestProtect(t *testing.T) {
	tests := []struct {
		name  string
		tally map[string]int
		want  []string
	}{
		// One hidden count would be the total minus the rest: the next
		// smallest goes too.
		{"one small", map[string]int{"a": 20, "b": 7, "c": 3}, []string{"20", Suppressed, Suppressed}},
		{"two small", map[string]int{"a": 20, "b": 7, "c": 3, "d": 2}, []string{"20", "7", Suppressed, Suppressed}},
		// Two hidden ones of 1 each would be the total less the rest, 2:
		// what is hidden together must be at least 5 people.
		{"hidden ones together under five", map[string]int{"a": 20, "b": 7, "c": 1, "d": 1}, []string{"20", Suppressed, Suppressed, Suppressed}},
		{"zero is shown", map[string]int{"a": 20, "b": 0}, []string{"20", "0"}},
		{"nothing to pair with", map[string]int{"a": 3}, []string{Suppressed}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, g := range groups(tt.tally, nil) {
				got = append(got, g.Count.String())
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestMedianAndPercentile(t *testing.T) {
	tests := []struct {
		values      []float64
		median, p90 float64
	}{
		{[]float64{7}, 7, 7},
		{[]float64{1, 2}, 1.5, 2},
		{[]float64{1, 2, 3}, 2, 3},
		{[]float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 5.5, 9},    // rank ceil(9) = 9th
		{[]float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 6, 10}, // rank ceil(9.9) = 10th
	}
	for _, tt := range tests {
		if m, p := median(tt.values), percentile(tt.values, 90); m != tt.median || p != tt.p90 {
			t.Errorf("%v: median %v p90 %v, want %v %v", tt.values, m, p, tt.median, tt.p90)
		}
	}
}

func TestOptionsValidate(t *testing.T) {
	tests := []struct {
		name string
		opt  Options
		want string // part of the error; "" for none
	}{
		{"fine", Options{From: "2026-01-01", To: "2026-03-31"}, ""},
		{"one day", Options{From: "2026-01-01", To: "2026-01-01"}, ""},
		{"missing", Options{From: "2026-01-01"}, "give both"},
		{"bad from", Options{From: "01/01/2026", To: "2026-03-31"}, "from date \"01/01/2026\" is not a date"},
		{"bad to", Options{From: "2026-01-01", To: "2026-02-30"}, "to date \"2026-02-30\" is not a date"},
		{"backwards", Options{From: "2026-03-31", To: "2026-01-01"}, "ends (2026-01-01) before it starts"},
		{"bad today", Options{From: "2026-01-01", To: "2026-01-02", Today: "soon"}, "today"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.opt.Validate()
			if (err == nil) != (tt.want == "") || (err != nil && !strings.Contains(err.Error(), tt.want)) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestDays(t *testing.T) {
	tests := []struct {
		s      string
		ok     bool
		monday string
	}{
		{"1970-01-01", true, "1969-12-29"},
		{"2026-03-29", true, "2026-03-23"},
		{"2026-03-30", true, "2026-03-30"},
		{"2024-02-29", true, "2024-02-26"},
		{"2026-02-29", false, ""},
		{"2026-13-01", false, ""},
		{"2026-3-1", false, ""},
	}
	for _, tt := range tests {
		d := parseDay(tt.s)
		if (d != noDay) != tt.ok {
			t.Errorf("parseDay(%q) = %v", tt.s, d)
			continue
		}
		if tt.ok && (d.String() != tt.s || d.monday().String() != tt.monday) {
			t.Errorf("%s: round trip %s, monday %s", tt.s, d.String(), d.monday().String())
		}
	}
}

func TestPresetPeriods(t *testing.T) {
	got := PresetPeriods("2026-02-15")
	want := []Period{
		{"This month", "2026-02-01", "2026-02-28"},
		{"Last month", "2026-01-01", "2026-01-31"},
		{"This quarter", "2026-01-01", "2026-03-31"},
		{"Last quarter", "2025-10-01", "2025-12-31"},
		{"This financial year", "2025-04-01", "2026-03-31"},
		{"Last financial year", "2024-04-01", "2025-03-31"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("\n got %v\nwant %v", got, want)
	}
	if fy := PresetPeriods("2026-04-01")[4]; fy.From != "2026-04-01" || fy.To != "2027-03-31" {
		t.Fatalf("financial year from 1 April: %v", fy)
	}
	if PresetPeriods("soon") != nil {
		t.Fatal("bad date gave periods")
	}
}

// TestHiddenActivityCannotBeWorkedOut: with one activity too small to show,
// the next smallest is hidden with it, attendances and all, so the small
// one's figures cannot be had by taking the others from the total.
func TestHiddenActivityCannotBeWorkedOut(t *testing.T) {
	ds := &Dataset{Venues: []domain.Venue{{ID: "v1", Name: "Hall"}}}
	const date = "2026-03-02"
	for _, a := range []struct {
		id     string
		people int
	}{{"big", 6}, {"middle", 5}, {"small", 2}} {
		ds.Activities = append(ds.Activities, domain.Activity{ID: a.id, Name: a.id, VenueID: "v1", Capacity: 10})
		sid := domain.SessionID(a.id, date)
		ds.Sessions = append(ds.Sessions, domain.Session{ID: sid, ActivityID: a.id, VenueID: "v1", Date: date})
		for i := 0; i < a.people; i++ {
			p := fmt.Sprintf("%s-%d", a.id, i)
			ds.People = append(ds.People, domain.Person{ID: p, GivenName: p})
			ds.Attendance = append(ds.Attendance, domain.Attendance{ID: domain.AttendanceID(sid, p), SessionID: sid, PersonID: p,
				ActivityID: a.id, VenueID: "v1", Date: date, Status: domain.StatusPresent})
		}
	}
	r, err := Build(ds, Options{From: "2026-03-01", To: "2026-03-31", Today: "2026-04-01"})
	if err != nil {
		t.Fatal(err)
	}
	shown := 0.0
	for _, row := range r.Attendance.ByActivity {
		hidden := row.ActivityID != "big"
		if row.People.Hidden != hidden || row.Attendances.Hidden != hidden || row.PerSession.Hidden != hidden || row.FillRate.Hidden != hidden {
			t.Errorf("%s: people hidden %v, attendances %v, per session %v, fill rate %v; want all %v", row.ActivityID,
				row.People.Hidden, row.Attendances.Hidden, row.PerSession.Hidden, row.FillRate.Hidden, hidden)
		}
		if !row.Attendances.Hidden {
			shown += row.Attendances.Value
		}
	}
	if total := r.Attendance.Attendances.Value; total-shown < MinGroup {
		t.Errorf("the total %v less the attendances shown %v leaves %v: a group under %d could be worked out", total, shown, total-shown, MinGroup)
	}
	for _, tr := range r.Attendance.Trend {
		if want := tr.ActivityID != "big"; tr.Hidden != want || (tr.Attendances == nil) != want {
			t.Errorf("%s trend hidden %v (%v), want %v", tr.ActivityID, tr.Hidden, tr.Attendances, want)
		}
	}
}

// TestReferralSourcesChartInTheScreensWords: the chart of referrals by
// source (the PDF's and the Reports screen's) labels each source as every
// screen writes it; the CSV keeps the stored value.
func TestReferralSourcesChartInTheScreensWords(t *testing.T) {
	rep := build(t, Options{})
	var labels []string
	for _, c := range rep.Charts() {
		if c.Name == "referrals_by_source" {
			labels = c.Labels
		}
	}
	if want := []string{"GP", "Self-referral", "Other professional"}; !reflect.DeepEqual(labels, want) {
		t.Errorf("chart labels %q, want %q", labels, want)
	}
	for _, tb := range rep.Tables() {
		if tb.Name == "referrals_by_source" && (len(tb.Rows) < 2 || tb.Rows[1][0] != domain.SourceSelf) {
			t.Errorf("the CSV's sources are %v, want the stored values", tb.Rows)
		}
	}
}
