package reports

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/report"
)

// The screen opens on last month (March 2026) for the whole organisation,
// with the filters offering what the store holds.
func TestOpensOnLastMonth(t *testing.T) {
	h := newHarness(t, "")
	if got, want := h.figures(), (figures{"5", "25", "8"}); got != want {
		t.Errorf("March figures %+v, want %+v", got, want)
	}
	if got := h.s.periodSel.Selected; got != "Last month" {
		t.Errorf("period shows %q, want Last month", got)
	}
	if got, want := h.s.status.Text, "Whole organisation · 1 Mar 2026 to 31 Mar 2026"; got != want {
		t.Errorf("status %q, want %q", got, want)
	}
	if h.s.csvBtn.Disabled() || h.s.pdfBtn.Disabled() {
		t.Error("Save CSV and Save PDF stay disabled once the figures are worked out")
	}
	// It writes one zip of CSV files, and says so before anyone saves.
	if !strings.Contains(h.s.csvBtn.Text, "zip") {
		t.Errorf("the CSV button %q does not say it saves a zip", h.s.csvBtn.Text)
	}
	if h.s.problem.Visible() {
		t.Errorf("a problem shows: %q", h.s.problem.Text)
	}
	for _, c := range []struct {
		name string
		sel  *widget.Select
		want []string
	}{
		{"venues", h.s.venueSel, []string{allVenues, gardenName, libraryName}},
		{"activities", h.s.activitySel, []string{allActivites, craftName, "Garden group", walkName}},
		{"practices", h.s.practiceSel, []string{allPractices, elm, oak}},
	} {
		if !reflect.DeepEqual(c.sel.Options, c.want) {
			t.Errorf("%s offered %q, want %q", c.name, c.sel.Options, c.want)
		}
		if c.sel.Selected != c.want[0] {
			t.Errorf("%s shows %q, want %q", c.name, c.sel.Selected, c.want[0])
		}
	}
}

// Every preset period shows its own figures; the screen can also open on
// one of them.
func TestPresetPeriods(t *testing.T) {
	// Hand-worked from the fixture (helpers_test.go).
	want := map[string]struct {
		from, to string
		figs     figures
	}{
		"This month":          {"2026-04-01", "2026-04-30", figures{"1", "5", "5"}},
		"Last month":          {"2026-03-01", "2026-03-31", figures{"5", "25", "8"}},
		"This quarter":        {"2026-04-01", "2026-06-30", figures{"1", "5", "5"}},
		"Last quarter":        {"2026-01-01", "2026-03-31", figures{"6", "31", "8"}},
		"This financial year": {"2026-04-01", "2027-03-31", figures{"1", "5", "5"}},
		"Last financial year": {"2025-04-01", "2026-03-31", figures{"6", "31", "8"}},
	}
	presets := report.PresetPeriods(todayDate)
	if len(presets) != len(want) {
		t.Fatalf("%d presets, the test knows %d", len(presets), len(want))
	}
	h := newHarness(t, "")
	// Chosen one after another on one screen, then back to the first.
	for _, p := range append(presets, presets[0]) {
		t.Run(p.Label, func(t *testing.T) {
			w, ok := want[p.Label]
			if !ok {
				t.Fatalf("preset %q not known to the test", p.Label)
			}
			h.s.periodSel.SetSelected(p.Label)
			if got := h.figures(); got != w.figs {
				t.Errorf("figures %+v, want %+v", got, w.figs)
			}
			if o := h.s.Report().Options; o.From != w.from || o.To != w.to || o.Today != todayDate {
				t.Errorf("report covers %s to %s as at %s, want %s to %s as at %s", o.From, o.To, o.Today, w.from, w.to, todayDate)
			}
			if want := "Whole organisation · " + longDate(w.from) + " to " + longDate(w.to); h.s.status.Text != want {
				t.Errorf("status %q, want %q", h.s.status.Text, want)
			}
			if h.s.periodSel.Selected != p.Label {
				t.Errorf("period shows %q", h.s.periodSel.Selected)
			}
		})
	}
	t.Run("opens on a chosen preset", func(t *testing.T) {
		h := newHarness(t, "Last quarter")
		if got, want := h.figures(), want["Last quarter"].figs; got != want {
			t.Errorf("figures %+v, want %+v", got, want)
		}
		if h.s.periodSel.Selected != "Last quarter" {
			t.Errorf("period shows %q", h.s.periodSel.Selected)
		}
	})
}

func TestCustomDates(t *testing.T) {
	tests := []struct {
		name, from, to string
		figs           figures
		label          string // what the period picker shows after
	}{
		// Garden 2 March (6), walk 4 March (5), craft 5 March (2).
		{"first week of March", "2026-03-01", "2026-03-08", figures{"3", "13", "8"}, customPeriod},
		{"February", "2026-02-01", "2026-02-28", figures{"1", "6", "6"}, customPeriod},
		{"spaces round the dates", " 2026-03-01 ", "2026-03-08\t", figures{"3", "13", "8"}, customPeriod},
		{"as the UK writes them", "01/03/2026", "8/3/2026", figures{"3", "13", "8"}, customPeriod},
		// Dates that are a preset show as that preset.
		{"April is this month", "2026-04-01", "2026-04-30", figures{"1", "5", "5"}, "This month"},
		{"a day with no sessions", "2026-03-22", "2026-03-22", figures{"0", "0", "0"}, customPeriod},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, "")
			h.s.periodSel.SetSelected(customPeriod)
			// The boxes start from the period on show.
			if h.s.fromEntry.Text != "01/03/2026" || h.s.toEntry.Text != "31/03/2026" {
				t.Errorf("date boxes start at %q to %q, want last month", h.s.fromEntry.Text, h.s.toEntry.Text)
			}
			h.customDates(tt.from, tt.to)
			if got := h.figures(); got != tt.figs {
				t.Errorf("figures %+v, want %+v", got, tt.figs)
			}
			from, _ := domain.TypedDay(tt.from)
			to, _ := domain.TypedDay(tt.to)
			if o := h.s.Report().Options; o.From != from || o.To != to {
				t.Errorf("report covers %s to %s, want %s to %s", o.From, o.To, from, to)
			}
			if !strings.HasSuffix(h.s.status.Text, longDate(from)+" to "+longDate(to)) {
				t.Errorf("status %q does not name the dates", h.s.status.Text)
			}
			if h.s.periodSel.Selected != tt.label {
				t.Errorf("period shows %q, want %q", h.s.periodSel.Selected, tt.label)
			}
			if h.s.problem.Visible() {
				t.Errorf("a problem shows: %q", h.s.problem.Text)
			}
		})
	}
	t.Run("Enter in a date box shows the dates", func(t *testing.T) {
		h := newHarness(t, "")
		h.s.periodSel.SetSelected(customPeriod)
		h.s.toEntry.SetText("")
		h.w.Canvas().Focus(h.s.toEntry)
		test.Type(h.s.toEntry, "08/03/2026")
		h.s.toEntry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
		if got, want := h.figures(), (figures{"3", "13", "8"}); got != want {
			t.Errorf("figures %+v, want %+v", got, want)
		}
	})
	t.Run("a preset after custom dates hides the boxes", func(t *testing.T) {
		h := newHarness(t, "")
		h.customDates("2026-03-01", "2026-03-08")
		h.s.periodSel.SetSelected("Last quarter")
		if h.s.customRow.Visible() {
			t.Error("the date boxes still show")
		}
		if got, want := h.figures(), (figures{"6", "31", "8"}); got != want {
			t.Errorf("figures %+v, want %+v", got, want)
		}
	})
}

// A date that is wrong is said in plain words, and the figures on show stay
// those of the period before.
func TestBadCustomDates(t *testing.T) {
	tests := []struct {
		name, from, to, want string
	}{
		{"no such day", "2026-02-30", "2026-03-08",
			`From date: "2026-02-30" is not a date we can read. Type it like 21/03/2026 or 2026-03-21.`},
		{"month first", "2026-03-01", "03/31/2026",
			`To date: "03/31/2026" is not a date we can read. Type it like 21/03/2026 or 2026-03-21.`},
		{"ends before it starts", "2026-03-08", "2026-03-01",
			"The period ends (2026-03-01) before it starts (2026-03-08)."},
		{"empty", "", "2026-03-08",
			"A report needs a period: give both a From and a To date, for example 01/03/2026 and 31/03/2026."},
		{"too long", "2000-01-01", "2026-03-08",
			"The period 2000-01-01 to 2026-03-08 is over ten years; choose a shorter one."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, "")
			before, status, rep := h.figures(), h.s.status.Text, h.s.Report()
			h.customDates(tt.from, tt.to)
			h.w.Content().Refresh()
			uitest.Shot(t, h.w, "reports-bad-dates-"+strings.ReplaceAll(tt.name, " ", "-"))
			if !h.s.problem.Visible() || h.s.problem.Text != tt.want {
				t.Errorf("problem %q (showing %v), want %q", h.s.problem.Text, h.s.problem.Visible(), tt.want)
			}
			if got := h.figures(); got != before {
				t.Errorf("figures changed to %+v, want those before, %+v", got, before)
			}
			if h.s.status.Text != status || h.s.Report() != rep {
				t.Errorf("status %q, want %q still; report replaced: %v", h.s.status.Text, status, h.s.Report() != rep)
			}
			if o := h.s.Report().Options; o.From != "2026-03-01" || o.To != "2026-03-31" {
				t.Errorf("report covers %s to %s, want last month still", o.From, o.To)
			}
			if h.s.csvBtn.Disabled() {
				t.Error("Save CSV disabled: the figures on show can still be saved")
			}
			// Putting the date right clears the message.
			h.customDates("2026-03-01", "2026-03-08")
			if h.s.problem.Visible() {
				t.Errorf("the problem still shows after good dates: %q", h.s.problem.Text)
			}
			if got, want := h.figures(), (figures{"3", "13", "8"}); got != want {
				t.Errorf("figures after good dates %+v, want %+v", got, want)
			}
		})
	}
}

// Filters narrow the figures to a venue, an activity or a practice, and the
// status and file name say so.
func TestFilters(t *testing.T) {
	hidden := report.Suppressed
	tests := []struct {
		name     string
		venue    string
		activity string
		practice string
		figs     figures
		scope    string
		file     string
	}{
		// Garden 3 sessions x 6 + walk 5.
		{"venue garden", gardenName, "", "", figures{"4", "23", "6"}, "Venue: " + gardenName,
			"gather-report-2026-03-01-to-2026-03-31-lakeside-garden.zip"},
		// Crafternoon: 2 people, so their 2 attendances are hidden too.
		{"venue library", libraryName, "", "", figures{"1", hidden, hidden}, "Venue: " + libraryName,
			"gather-report-2026-03-01-to-2026-03-31-town-library.zip"},
		{"activity walk", "", walkName, "", figures{"1", "5", "5"}, "Activity: " + walkName,
			"gather-report-2026-03-01-to-2026-03-31-mindful-walk.zip"},
		{"activity garden", "", "Garden group", "", figures{"3", "18", "6"}, "Activity: Garden group",
			"gather-report-2026-03-01-to-2026-03-31-garden-group.zip"},
		{"venue and activity", gardenName, walkName, "", figures{"1", "5", "5"},
			"Venue: " + gardenName + "; Activity: " + walkName,
			"gather-report-2026-03-01-to-2026-03-31-lakeside-garden-activity-mindful-walk.zip"},
		// p1-p5: garden 3 x 5 + walk 5; the craft session had no one from Elm.
		{"practice Elm", "", "", elm, figures{"4", "20", "5"}, "Practice: " + elm,
			"gather-report-2026-03-01-to-2026-03-31-elm-surgery.zip"},
		// p6 at the garden three times, p7 and p8 at the craft group: 3
		// people. The 4 sessions they were marked at are not shown either.
		{"practice Oak", "", "", oak, figures{report.Suppressed, hidden, hidden}, "Practice: " + oak,
			"gather-report-2026-03-01-to-2026-03-31-oak-practice.zip"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, "")
			if tt.venue != "" {
				h.s.venueSel.SetSelected(tt.venue)
			}
			if tt.activity != "" {
				h.s.activitySel.SetSelected(tt.activity)
				if h.s.activitySel.Selected != tt.activity {
					t.Fatalf("activity %q could not be chosen from %q", tt.activity, h.s.activitySel.Options)
				}
			}
			if tt.practice != "" {
				h.s.practiceSel.SetSelected(tt.practice)
			}
			h.w.Content().Refresh()
			uitest.Shot(t, h.w, "reports-filter-"+strings.ReplaceAll(tt.name, " ", "-"))
			if got := h.figures(); got != tt.figs {
				t.Errorf("figures %+v, want %+v", got, tt.figs)
			}
			if got := h.s.Report().Scope; got != tt.scope {
				t.Errorf("scope %q, want %q", got, tt.scope)
			}
			// The schedules and the places are the service's, not a
			// practice's: beside its sessions held they do not apply.
			for _, caption := range []string{"Sessions expected by the schedules", "Sessions cancelled",
				"Places taken (activities with a capacity)"} {
				if got := h.tile(caption); (got == report.NotApplicable) != (tt.practice != "") {
					t.Errorf("%s reads %q", caption, got)
				}
			}
			if want := tt.scope + " · 1 Mar 2026 to 31 Mar 2026"; h.s.status.Text != want {
				t.Errorf("status %q, want %q", h.s.status.Text, want)
			}
			// A filter survives a change of period.
			h.s.periodSel.SetSelected("This month")
			if got := h.s.Report().Scope; got != tt.scope {
				t.Errorf("after a new period the scope is %q, want %q", got, tt.scope)
			}
			h.s.periodSel.SetSelected("Last month")
			test.Tap(h.s.csvBtn)
			if len(h.asked) != 1 || h.asked[0] != tt.file {
				t.Errorf("save dialog offered %q, want %q", h.asked, tt.file)
			}
		})
	}

	t.Run("a venue offers only its activities", func(t *testing.T) {
		h := newHarness(t, "")
		h.s.activitySel.SetSelected(craftName)
		h.s.venueSel.SetSelected(gardenName)
		if want := []string{allActivites, "Garden group", walkName}; !reflect.DeepEqual(h.s.activitySel.Options, want) {
			t.Errorf("activities offered %q, want %q", h.s.activitySel.Options, want)
		}
		// The activity chosen before is at another venue: it is let go.
		if h.s.activitySel.Selected != allActivites || h.s.Report().Options.ActivityID != "" {
			t.Errorf("activity %q (%q) still chosen", h.s.activitySel.Selected, h.s.Report().Options.ActivityID)
		}
		if got, want := h.figures(), (figures{"4", "23", "6"}); got != want {
			t.Errorf("figures %+v, want %+v", got, want)
		}
		h.s.venueSel.SetSelected(allVenues)
		if got, want := h.figures(), (figures{"5", "25", "8"}); got != want {
			t.Errorf("all venues again: figures %+v, want %+v", got, want)
		}
		if len(h.s.activitySel.Options) != 4 {
			t.Errorf("all venues again: activities offered %q", h.s.activitySel.Options)
		}
	})
}

// A group of fewer than 5 people shows report.Suppressed, never its number;
// so does one hidden with it, whatever its size.
func TestSmallNumbersAreHidden(t *testing.T) {
	h := newHarness(t, "")
	// p6 and p8 came for the first time in March: 2.
	if got := h.tile("New people (first time ever)"); got != report.Suppressed {
		t.Errorf("new people (2) shows %q, want %q", got, report.Suppressed)
	}
	if h.s.Report().Attendance.NewPeople.N != 2 {
		t.Fatalf("the fixture has %d new people in March, want 2", h.s.Report().Attendance.NewPeople.N)
	}
	byAct := h.table("Activity", "Venue", "Sessions", "Attendances", "People", "Per session", "Places taken", "Apologies", "Absent", "Friends and carers")
	if want := []string{"Garden group", gardenName, "3", "18", "6", "6.0", "60%", "0", "0", "0"}; !reflect.DeepEqual(byAct.row("Garden group"), want) {
		t.Errorf("garden row %q, want %q", byAct.row("Garden group"), want)
	}
	if os.Getenv("GATHER_SHOTS") != "" {
		// Tall enough to show the table under the tiles.
		size := h.w.Canvas().Size()
		h.w.Resize(fyne.NewSize(size.Width, 1500))
		uitest.Shot(t, h.w, "reports-small-numbers-hidden")
		h.w.Resize(size)
	}
	craft := byAct.row(craftName)
	// Counts, the average and the share of places all read
	// report.Suppressed: one marker, whatever the hidden figure.
	if want := []string{craftName, libraryName, "1", report.Suppressed, report.Suppressed, report.Suppressed, report.Suppressed, "0", "0", "0"}; !reflect.DeepEqual(craft, want) {
		t.Errorf("craft row (2 people) %q, want %q", craft, want)
	}
	// The walk (5 people) is hidden with it: 25 attendances less the
	// garden's 18 and the walk's 5 would give the craft group's 2 away.
	if walk := byAct.row(walkName); len(walk) < 7 || walk[3] != report.Suppressed || walk[4] != report.Suppressed || walk[5] != report.Suppressed {
		t.Errorf("walk row %q: its attendances, people and average must be hidden with the craft group's", walk)
	}
	// The week-by-week chart says why the craft group is not drawn, nor the
	// walk, hidden with it so the craft group's figures cannot be had by
	// subtraction.
	if !hasLabel(h.s.body, "Not drawn week by week, to protect groups of fewer than 5 people: "+craftName+", "+walkName+".") {
		t.Error("no note that the craft group and the walk are not drawn week by week")
	}

	tests := []struct {
		name     string
		activity string
		tiles    map[string]string
	}{
		{"craft group alone", craftName, map[string]string{"Sessions held": "1", "Attendances": report.Suppressed,
			"Different people who came": report.Suppressed, "Average attendances per session": report.Suppressed, "Places taken (activities with a capacity)": report.Suppressed}},
		{"walk of exactly 5", walkName, map[string]string{"Sessions held": "1", "Attendances": "5",
			"Different people who came": "5", "Average attendances per session": "5.0", "Places taken (activities with a capacity)": "42%"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, "")
			h.s.activitySel.SetSelected(tt.activity)
			for caption, want := range tt.tiles {
				if got := h.tile(caption); got != want {
					t.Errorf("%s shows %q, want %q", caption, got, want)
				}
			}
		})
	}

	t.Run("no number under 5 anywhere on the craft group", func(t *testing.T) {
		h := newHarness(t, "")
		h.s.activitySel.SetSelected(craftName)
		for _, sec := range Sections {
			h.s.onSection(sec)
			// Two people came, twice in all: neither number shows.
			for _, l := range labels(h.s.body) {
				if l == "2" {
					t.Errorf("%s shows a bare %q", sec, l)
				}
			}
			for _, tb := range h.tables() {
				for _, r := range tb.rows {
					for _, c := range r {
						if c == "2" {
							t.Errorf("%s table %q shows a bare %q in %q", sec, tb.columns, c, r)
						}
					}
				}
			}
		}
	})
}

// Each section shows, with its figures and tables, and its button is the
// one marked.
func TestSections(t *testing.T) {
	tests := []struct {
		section  string
		headings []string
		tiles    map[string]string
		tables   map[string][][]string // first column heading -> the columns, then rows expected among the table's
	}{
		{SectionAttendance, []string{"Attendances by activity", "Attendances per week", "Attendance by activity",
			"People who stopped coming (1)"},
			// Expected: five Mondays (garden), four Wednesdays (walk), four
			// Thursdays (craft); the garden's 23 March cancelled.
			map[string]string{"Sessions held": "5", "Apologies": "0", "Absent": "0",
				"Sessions expected by the schedules": "13", "Sessions cancelled": "1"},
			map[string][][]string{
				"Name": {{"Name", "Activity", "Venue", "Last came", "Missed since"},
					{"Gus Ives", "Garden group", gardenName, "23 Feb 2026", "2 Mar 2026"}},
			}},
		{SectionReferrals, []string{"Received, by source", "Received, by practice", "Received, by reason",
			"Where people were matched to", "SNOMED CT codes recorded in the period", "Why referrals were declined", "Waiting lists"},
			// r1-r6 received; r1-r5 contacted 5 March; r6 still waiting.
			map[string]string{"Referrals received": "6", "Accepted (first contact)": "5", "Declined": "0",
				"Still waiting for first contact at the end of the period": report.Suppressed,
				// Waits read as people say them; r6's, about one person, stays hidden.
				"Usual wait for first contact (median)": "2.0 days", "How long it took to contact 9 in 10 people": "2 days",
				"Longest anyone is still waiting": report.Suppressed},
			map[string][][]string{
				"Code": {{"Code", "Term", "Referrals"},
					{domain.SnomedReferralAccepted, domain.SnomedTerms[domain.SnomedReferralAccepted], "5"},
					{domain.SnomedDeclined, domain.SnomedTerms[domain.SnomedDeclined], "0"}},
			}},
		{SectionFollowUps, []string{"How the follow-ups due went", "Follow-ups due in the period"},
			// Six due; five done on time, one overdue (hidden, and so
			// the five are too, or 6 - 5 would give it away).
			map[string]string{"Follow-ups due in the period": "6", "Overdue": report.Suppressed},
			map[string][][]string{
				"State": {{"State", "Follow-ups"}, {"Due", "6"}, {"Done on time", report.Suppressed}, {"Done late", "0"},
					{"Overdue", report.Suppressed}, {"Not yet due", "0"}},
			}},
		{SectionOutcomes, []string{domain.InstrumentName(domain.InstrumentONS4), domain.InstrumentName(domain.InstrumentSWEMWBS),
			"No one was measured with ONS4 at both baseline and follow-up in this period.", domain.SWEMWBSLicence},
			map[string]string{"People measured at both (SWEMWBS)": "5", "Rose by at least 3 points": "5"},
			map[string][][]string{"Figure": {{"Figure", "Value"}}}},
		{SectionEquity, []string{"Age band", "Gender", "Ethnicity"},
			nil,
			map[string][][]string{
				// Everyone is White British: 8 people, 25 attendances,
				// 6 referrals, each all of them; not recorded is listed
				// with its noughts.
				"Ethnicity": {{"Ethnicity", "People attending", "Attendances", "Referrals received"},
					{"White British", "8 · 100%", "25", "6 · 100%"}, {"not recorded", "0 · 0%", "0", "0 · 0%"}},
				// Three men: hidden, and the five women with them, or
				// 8 - 5 would give the men away.
				"Gender": {{"Gender", "People attending", "Attendances", "Referrals received"},
					{"Female", report.Suppressed, report.Suppressed, report.Suppressed}, {"Male", report.Suppressed, report.Suppressed, report.Suppressed}},
			}},
	}
	h := newHarness(t, "")
	// Round the sections twice: coming back to one shows it afresh.
	for _, round := range []string{"first", "again"} {
		for _, tt := range tests {
			t.Run(round+"/"+tt.section, func(t *testing.T) {
				test.Tap(h.s.sectionBtns[tt.section])
				if h.s.section != tt.section {
					t.Fatalf("section %q, want %q", h.s.section, tt.section)
				}
				for name, b := range h.s.sectionBtns {
					if want := name == tt.section; (b.Importance == widget.HighImportance) != want {
						t.Errorf("button %s importance %v", name, b.Importance)
					}
				}
				for _, want := range tt.headings {
					if !hasLabel(h.s.body, want) {
						t.Errorf("no %q", want)
					}
				}
				for caption, want := range tt.tiles {
					if got := h.tile(caption); got != want {
						t.Errorf("tile %s shows %q, want %q", caption, got, want)
					}
				}
				if len(h.tables()) == 0 {
					t.Error("no tables")
				}
				for _, want := range tt.tables {
					got := h.table(want[0]...)
					for _, row := range want[1:] {
						if !reflect.DeepEqual(got.row(row[0]), row) {
							t.Errorf("%s row %q, want %q", want[0][0], got.row(row[0]), row)
						}
					}
				}
			})
		}
	}
	t.Run("outcomes warn about few pairs", func(t *testing.T) {
		h.s.onSection(SectionOutcomes)
		var warned bool
		walk(h.s.body, func(o fyne.CanvasObject) {
			if l, ok := o.(*widget.Label); ok && l.Importance == widget.WarningImportance && strings.Contains(l.Text, "Only 5 people") {
				warned = true
			}
		})
		if !warned {
			t.Errorf("no warning about 5 pairs among %q", labels(h.s.body))
		}
	})
	t.Run("no pairs is said once, per instrument", func(t *testing.T) {
		h := newHarness(t, "This month") // April: no follow-up measures at all
		h.s.onSection(SectionOutcomes)
		var said []string
		for _, l := range labels(h.s.body) {
			if strings.HasPrefix(l, "No one was measured") {
				said = append(said, l)
			}
		}
		want := []string{"No one was measured with ONS4 at both baseline and follow-up in this period.",
			"No one was measured with SWEMWBS at both baseline and follow-up in this period."}
		if !reflect.DeepEqual(said, want) {
			t.Errorf("says %q, want %q", said, want)
		}
	})
	t.Run("a new period keeps the section", func(t *testing.T) {
		h.s.onSection(SectionFollowUps)
		h.s.periodSel.SetSelected("This month")
		if h.s.section != SectionFollowUps || !hasLabel(h.s.body, "No follow-ups were due in this period.") {
			t.Errorf("section %q, showing %q", h.s.section, labels(h.s.body))
		}
	})
}

// Figures follow the store when the shell calls Refresh after a commit.
func TestRefreshReadsTheStoreAgain(t *testing.T) {
	h := newHarness(t, "")
	h.s.venueSel.SetSelected(gardenName)
	if err := h.store.Save("staff-bev", session(actWalk, "2026-03-11", false),
		mark(actWalk, "2026-03-11", "p1", domain.StatusPresent), mark(actWalk, "2026-03-11", "p6", domain.StatusPresent)); err != nil {
		t.Fatal(err)
	}
	h.s.Refresh()
	if got, want := h.figures(), (figures{"5", "25", "6"}); got != want {
		t.Errorf("after a new session: figures %+v, want %+v", got, want)
	}
	if h.s.venueSel.Selected != gardenName {
		t.Errorf("the venue filter was lost: %q", h.s.venueSel.Selected)
	}
}

// readZip returns each CSV in the zip, parsed, by file name.
func readZip(t *testing.T, path string) (map[string][][]string, []string) {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	files := map[string][][]string{}
	var names []string
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(data, []byte("\uFEFF")) {
			t.Errorf("%s has no byte-order mark", f.Name)
		}
		recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\uFEFF")))).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		files[f.Name] = recs
		names = append(names, f.Name)
	}
	return files, names
}

// onlyFiles lists the files in dir (no half-written ones left behind).
func onlyFiles(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		out = append(out, e.Name())
	}
	sort.Strings(out)
	return out
}

func TestSaveCSV(t *testing.T) {
	h := newHarness(t, "")
	test.Tap(h.s.csvBtn)

	name := "gather-report-2026-03-01-to-2026-03-31.zip"
	path := filepath.Join(h.dir, name)
	if !reflect.DeepEqual(h.asked, []string{name}) {
		t.Fatalf("save dialog offered %q, want %q", h.asked, name)
	}
	if got := onlyFiles(t, h.dir); !reflect.DeepEqual(got, []string{name}) {
		t.Fatalf("the export folder holds %q, want just %q", got, name)
	}
	files, names := readZip(t, path)
	wantNames := []string{"summary.csv", "attendance_by_activity.csv", "attendance_weekly.csv", "stopped_coming.csv",
		"referrals_by_source.csv", "referrals_by_practice.csv", "referrals_by_reason.csv", "snomed_codes.csv",
		"declined_reasons.csv", "matched_to.csv", "matched_by_category.csv", "onward_referrals.csv", "waiting_lists.csv", "follow_ups.csv",
		"ons4.csv", "swemwbs.csv", "equity.csv"}
	if !reflect.DeepEqual(names, wantNames) {
		t.Errorf("the zip holds %q, want %q", names, wantNames)
	}

	headers := map[string][]string{
		"summary.csv": {"section", "figure", "value"},
		"attendance_by_activity.csv": {"activity_id", "activity", "venue", "sessions_held", "capacity", "attendances",
			"people", "average_per_session", "places_taken", "apologies", "absent", "friends_and_carers",
			"sessions_expected", "sessions_cancelled"},
		"attendance_weekly.csv": {"week_starting", "activity_id", "activity", "attendances"},
		"stopped_coming.csv":    {"person_id", "name", "activity_id", "activity", "venue", "last_attended", "missed_since"},
		"follow_ups.csv":        {"state", "follow_ups"},
		"equity.csv":            {"dimension", "group", "people_attending", "attendances", "referrals_received", "people_attending_share", "referrals_received_share"},
	}
	for file, want := range headers {
		if recs := files[file]; len(recs) == 0 || !reflect.DeepEqual(recs[0], want) {
			t.Errorf("%s header %q, want %q", file, first(recs), want)
		}
	}
	rows := map[string][][]string{
		// Dates are ISO, as the engine gives them, not as the screen
		// shows them.
		"stopped_coming.csv": {{"p7", "Gus Ives", actGarden, "Garden group", gardenName, "2026-02-23", "2026-03-02"}},
		"attendance_by_activity.csv": {
			// March 2026: five Mondays, one cancelled; four Thursdays.
			{actGarden, "Garden group", gardenName, "3", "10", "18", "6", "6.0", "60%", "0", "0", "0", "5", "1"},
			{actCraft, craftName, libraryName, "1", "8", report.Suppressed, report.Suppressed, report.Suppressed, report.Suppressed, "0", "0", "0", "4", "0"}},
		"follow_ups.csv": {{"due", "6"}, {"overdue", report.Suppressed}},
	}
	for file, want := range rows {
		for _, row := range want {
			if !hasRow(files[file], row) {
				t.Errorf("%s lacks row %q; has %q", file, row, files[file])
			}
		}
	}
	// The weeks of March, Monday first, as ISO dates.
	var weeks []string
	for _, r := range files["attendance_weekly.csv"][1:] {
		if r[1] == actGarden {
			weeks = append(weeks, r[0])
		}
	}
	if want := []string{"2026-02-23", "2026-03-02", "2026-03-09", "2026-03-16", "2026-03-23", "2026-03-30"}; !reflect.DeepEqual(weeks, want) {
		t.Errorf("garden weeks %q, want %q", weeks, want)
	}

	if len(h.exports) != 1 {
		t.Fatalf("OnExport called %d times, want 1", len(h.exports))
	}
	e := h.exports[0]
	dataRows := 0
	for _, recs := range files {
		dataRows += len(recs) - 1
	}
	if e.Format != "csv" || e.Path != path || e.StaffID != "staff-alex" || e.Rows != dataRows {
		t.Errorf("export %+v, want format csv, path %s, staff-alex, %d rows", e, path, dataRows)
	}
	if want := "report CSV (zip), 2026-03-01 to 2026-03-31, Whole organisation, with the names of people who stopped coming"; e.What != want {
		t.Errorf("export What %q, want %q", e.What, want)
	}
	if strings.Contains(e.What, "Gus") {
		t.Error("the audit line names a person")
	}
	if !h.s.notice.Visible() || h.s.notice.Text != "Saved the CSV files (one zip): "+path {
		t.Errorf("notice %q (showing %v)", h.s.notice.Text, h.s.notice.Visible())
	}
	if h.s.problem.Visible() {
		t.Errorf("a problem shows: %q", h.s.problem.Text)
	}
	if !strings.HasPrefix(h.s.status.Text, "Whole organisation · ") {
		t.Errorf("status after saving %q", h.s.status.Text)
	}
}

func first(recs [][]string) []string {
	if len(recs) == 0 {
		return nil
	}
	return recs[0]
}

func hasRow(recs [][]string, row []string) bool {
	for _, r := range recs {
		if reflect.DeepEqual(r, row) {
			return true
		}
	}
	return false
}

// TestExportsOpenWhereTheLastWent: someone who saved this month's report
// on the practice's shared drive finds the next save dialog there, not
// back in the default folder; a cancelled or failed save does not move it.
func TestExportsOpenWhereTheLastWent(t *testing.T) {
	h := newHarness(t, "")
	shared := t.TempDir()
	h.target = filepath.Join(shared, "march.pdf")
	test.Tap(h.s.pdfBtn)
	h.cancel = true
	test.Tap(h.s.csvBtn)
	h.cancel, h.target = false, filepath.Join(shared, "march.pdf", "cannot.zip") // a file, not a folder
	test.Tap(h.s.csvBtn)
	h.target = filepath.Join(shared, "april.pdf")
	test.Tap(h.s.pdfBtn)
	if want := []string{h.dir, shared, shared, shared}; !reflect.DeepEqual(h.offered, want) {
		t.Errorf("save dialogs opened in %q, want %q", h.offered, want)
	}
	if len(h.exports) != 2 || h.exports[0].Path != filepath.Join(shared, "march.pdf") || h.exports[1].Path != h.target {
		t.Errorf("exports %+v, want march.pdf and april.pdf in %s", h.exports, shared)
	}
}

func TestSavePDF(t *testing.T) {
	h := newHarness(t, "")
	test.Tap(h.s.pdfBtn)
	name := "gather-report-2026-03-01-to-2026-03-31.pdf"
	path := filepath.Join(h.dir, name)
	if !reflect.DeepEqual(h.asked, []string{name}) {
		t.Fatalf("save dialog offered %q, want %q", h.asked, name)
	}
	if got := onlyFiles(t, h.dir); !reflect.DeepEqual(got, []string{name}) {
		t.Fatalf("the export folder holds %q, want just %q", got, name)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte("%PDF")) || !bytes.Contains(data[len(data)-64:], []byte("%%EOF")) {
		t.Fatalf("not a whole PDF: starts %q", data[:min(16, len(data))])
	}
	if len(h.exports) != 1 {
		t.Fatalf("OnExport called %d times, want 1", len(h.exports))
	}
	e := h.exports[0]
	// The PDF leaves out the one named row (Gus Ives stopped coming).
	csvRows := 0
	for _, tb := range h.s.Report().Tables() {
		csvRows += len(tb.Rows)
	}
	if e.Format != "pdf" || e.Path != path || e.Rows != csvRows-1 {
		t.Errorf("export %+v, want format pdf, path %s, %d rows", e, path, csvRows-1)
	}
	if want := "report PDF, 2026-03-01 to 2026-03-31, Whole organisation"; e.What != want {
		t.Errorf("export What %q, want %q", e.What, want)
	}
	if h.s.notice.Text != "Saved the PDF: "+path {
		t.Errorf("notice %q", h.s.notice.Text)
	}

	t.Run("then CSV: two files, two calls", func(t *testing.T) {
		test.Tap(h.s.csvBtn)
		if got := onlyFiles(t, h.dir); len(got) != 2 {
			t.Errorf("the export folder holds %q", got)
		}
		if len(h.exports) != 2 || h.exports[1].Format != "csv" {
			t.Errorf("exports %+v", h.exports)
		}
	})
}

// Cancelling the save dialog writes nothing and records nothing.
func TestCancelSave(t *testing.T) {
	for _, format := range []string{"csv", "pdf"} {
		t.Run(format, func(t *testing.T) {
			h := newHarness(t, "")
			h.cancel = true
			btn := map[string]*widget.Button{"csv": h.s.csvBtn, "pdf": h.s.pdfBtn}[format]
			test.Tap(btn)
			if len(h.asked) != 1 {
				t.Fatalf("save dialog asked %d times, want 1", len(h.asked))
			}
			if got := onlyFiles(t, h.dir); len(got) != 0 {
				t.Errorf("files written: %q", got)
			}
			if len(h.exports) != 0 {
				t.Errorf("OnExport called: %+v", h.exports)
			}
			if h.s.notice.Visible() || h.s.problem.Visible() {
				t.Errorf("notice %q / problem %q shows", h.s.notice.Text, h.s.problem.Text)
			}
			if h.s.csvBtn.Disabled() || h.s.pdfBtn.Disabled() {
				t.Error("the save buttons are disabled after a cancel")
			}
		})
	}
}

// A folder that cannot be written is said in plain words, and nothing is
// recorded as exported.
func TestSaveFails(t *testing.T) {
	for _, format := range []string{"csv", "pdf"} {
		t.Run(format, func(t *testing.T) {
			h := newHarness(t, "")
			file := filepath.Join(h.dir, "not-a-folder")
			if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
				t.Fatal(err)
			}
			h.target = filepath.Join(file, "report."+format)
			btn := map[string]*widget.Button{"csv": h.s.csvBtn, "pdf": h.s.pdfBtn}[format]
			test.Tap(btn)
			want := map[string]string{"csv": "The CSV files were not saved. ", "pdf": "The PDF was not saved. "}[format]
			if !h.s.problem.Visible() || !strings.HasPrefix(h.s.problem.Text, want) {
				t.Errorf("problem %q (showing %v), want it to start %q", h.s.problem.Text, h.s.problem.Visible(), want)
			}
			if len(h.exports) != 0 {
				t.Errorf("OnExport called for a failed export: %+v", h.exports)
			}
			if h.s.notice.Visible() {
				t.Errorf("notice shows: %q", h.s.notice.Text)
			}
			if got := onlyFiles(t, h.dir); !reflect.DeepEqual(got, []string{"not-a-folder"}) {
				t.Errorf("the folder holds %q", got)
			}
			// The figures are still on show.
			if got, want := h.figures(), (figures{"5", "25", "8"}); got != want {
				t.Errorf("figures %+v, want %+v", got, want)
			}
		})
	}
}

// TestWaitTilesSayWhyThereIsNoFigure: in a period with no referrals, the
// waits say in words that nobody was contacted or is waiting, drawn faint
// as words are, not "none" (nobody? no days?) or a blank.
func TestWaitTilesSayWhyThereIsNoFigure(t *testing.T) {
	h := newHarness(t, "")
	h.customDates("01/01/2025", "31/01/2025")
	h.s.onSection(SectionReferrals)
	for caption, want := range map[string]string{
		"Usual wait for first contact (median)":      report.NobodyContacted,
		"How long it took to contact 9 in 10 people": report.NobodyContacted,
		"Longest anyone is still waiting":            report.NobodyWaiting,
	} {
		if got := h.tile(caption); got != want {
			t.Errorf("tile %q shows %q, want %q", caption, got, want)
		}
	}
	h.s.onSection(SectionAttendance)
	if got := h.tile("Average attendances per session"); got != report.NoSessions {
		t.Errorf("average per session with no sessions shows %q, want %q", got, report.NoSessions)
	}
	walk(h.s.body, func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok && l.Text == report.NoSessions && l.Importance != widget.LowImportance {
			t.Errorf("%q is drawn as a figure", l.Text)
		}
	})
}
