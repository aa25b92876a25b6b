package activities

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/demo"
	"github.com/gather-sp/gather/domain"
)

// TestScheduleForm: the activity form offers every week, every two weeks,
// monthly on a week of the month, and once, with dates to skip; what is
// saved puts sessions on Today on the days the schedule says and no
// others, and the form shows it again when edited. (December 2026's
// Tuesdays are the 1st, 8th, 15th, 22nd and 29th; January 2027's the 5th,
// 12th, 19th and 26th; February's the 2nd, 9th, 16th and 23rd.)
func TestScheduleForm(t *testing.T) {
	cases := []struct {
		name     string
		fill     func(f *activityForm)
		want     domain.Activity // the schedule fields saved
		meets    []string
		notMeets []string
		words    string // what the list of activities says
	}{
		{"first Tuesday, January skipped", func(f *activityForm) {
			test.Tap(f.schedule.Buttons[domain.ScheduleMonthly])
			f.monthWeek.SetSelected("First")
			f.skips.SetText("5/1/2027")
		}, domain.Activity{Schedule: domain.ScheduleMonthly, WeekOfMonth: 1, SkipDates: []string{"2027-01-05"}},
			[]string{"2026-12-01", "2027-02-02"}, []string{"2026-12-08", "2027-01-05", "2027-01-12"},
			"First Tuesday of the month"},
		{"last Tuesday", func(f *activityForm) {
			test.Tap(f.schedule.Buttons[domain.ScheduleMonthly])
			f.monthWeek.SetSelected("Last")
		}, domain.Activity{Schedule: domain.ScheduleMonthly, WeekOfMonth: domain.LastWeekOfMonth},
			[]string{"2026-12-29", "2027-01-26", "2027-02-23"}, []string{"2026-12-22", "2027-02-16"},
			"Last Tuesday of the month"},
		{"every two weeks", func(f *activityForm) {
			test.Tap(f.schedule.Buttons[domain.ScheduleFortnightly])
			f.startDate.SetText("2026-12-01")
		}, domain.Activity{Schedule: domain.ScheduleFortnightly, StartDate: "2026-12-01"},
			[]string{"2026-12-01", "2026-12-15", "2026-12-29"}, []string{"2026-12-08", "2026-12-22", "2026-11-24"},
			"Every other Tuesday"},
		{"every week, Christmas skipped", func(f *activityForm) {
			f.skips.SetText("2026-12-22, 2026-12-29")
		}, domain.Activity{Schedule: domain.ScheduleWeekly, SkipDates: []string{"2026-12-22", "2026-12-29"}},
			[]string{"2026-12-15", "2027-01-05"}, []string{"2026-12-22", "2026-12-29"},
			"Tuesdays, 10:00–12:00; not 22 December 2026, 29 December 2026"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, true, desktopSize)
			h.signIn(domain.RoleLinkWorker)
			f := h.openActivityForm("")
			f.name.SetText("Pottery")
			chooseVenue(t, f, demo.VenueHall)
			f.weekday.SetSelected("Tuesday")
			f.startTime.SetText("10:00")
			f.endTime.SetText("12:00")
			tc.fill(f)
			if !f.preview.Visible() || !strings.Contains(f.preview.Text, "The next session is on") {
				t.Errorf("preview %q", f.preview.Text)
			}
			test.Tap(f.saveBtn)
			if h.current() == f {
				t.Fatalf("not saved: %q", f.problem.Text)
			}
			a := activityNamed(t, h.st, "Pottery")
			if a.Schedule != tc.want.Schedule || a.WeekOfMonth != tc.want.WeekOfMonth ||
				strings.Join(a.SkipDates, ",") != strings.Join(tc.want.SkipDates, ",") ||
				(tc.want.StartDate != "" && a.StartDate != tc.want.StartDate) {
				t.Fatalf("saved %+v", a)
			}
			for _, d := range tc.meets {
				if !slices.Contains(sessionIDsOn(h, d), a.ID) {
					t.Errorf("not on Today on %s", d)
				}
			}
			for _, d := range tc.notMeets {
				if slices.Contains(sessionIDsOn(h, d), a.ID) {
					t.Errorf("on Today on %s", d)
				}
			}
			if got := domain.ScheduleText(a); !strings.HasPrefix(got, tc.words) {
				t.Errorf("in words: %q, want %q", got, tc.words)
			}
			// Edited again, the form shows the schedule as saved, and
			// saving it unchanged writes nothing.
			rs := recordSaves(h)
			g := h.openActivityForm(a.ID)
			if g.schedule.Value != a.Schedule && !(a.Schedule == "" && g.schedule.Value == domain.ScheduleWeekly) {
				t.Errorf("the form shows schedule %q", g.schedule.Value)
			}
			if a.Schedule == domain.ScheduleMonthly && (g.monthWeek.Selected == "" || !g.monthBox.Visible()) {
				t.Errorf("the form does not show the week of the month")
			}
			// Its dates the UK way, as the form asks them to be typed.
			var ukSkips []string
			for _, d := range a.SkipDates {
				ukSkips = append(ukSkips, d[8:10]+"/"+d[5:7]+"/"+d[:4])
			}
			if want := strings.Join(ukSkips, ", "); g.skips.Text != want {
				t.Errorf("dates to skip shown as %q, want %q", g.skips.Text, want)
			}
			if want := a.StartDate[8:10] + "/" + a.StartDate[5:7] + "/" + a.StartDate[:4]; g.startDate.Text != want {
				t.Errorf("first date shown as %q, want %q", g.startDate.Text, want)
			}
			test.Tap(g.saveBtn)
			if w := rs.Writes(domain.KindActivity, a.ID); len(w) != 0 {
				t.Errorf("saving it unchanged wrote %v", w)
			}
		})
	}
}

// TestScheduleFormBadInput: a schedule that cannot work is explained in
// words, nothing is saved, and what was typed stays.
func TestScheduleFormBadInput(t *testing.T) {
	cases := []struct {
		name string
		fill func(f *activityForm)
		want string
	}{
		{"monthly without a week", func(f *activityForm) {
			test.Tap(f.schedule.Buttons[domain.ScheduleMonthly])
		}, "which week of the month"},
		{"every two weeks from a Wednesday", func(f *activityForm) {
			test.Tap(f.schedule.Buttons[domain.ScheduleFortnightly])
			f.startDate.SetText("2026-12-02")
		}, "is not a Tuesday"},
		{"a date to skip that is no date", func(f *activityForm) {
			f.skips.SetText("2026-12-22, Christmas")
		}, `"Christmas" is not a date`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, true, desktopSize)
			h.signIn(domain.RoleLinkWorker)
			rs := recordSaves(h)
			f := h.openActivityForm("")
			f.name.SetText("Pottery")
			chooseVenue(t, f, demo.VenueHall)
			f.weekday.SetSelected("Tuesday")
			f.startTime.SetText("10:00")
			tc.fill(f)
			skips := f.skips.Text
			test.Tap(f.saveBtn)
			if h.current() != f || !strings.Contains(f.problem.Text, tc.want) {
				t.Fatalf("problem %q, want %q", f.problem.Text, tc.want)
			}
			if len(rs.Saved) != 0 {
				t.Fatalf("saved %v", rs.Saved)
			}
			if f.skips.Text != skips {
				t.Fatalf("the dates to skip were lost: %q", f.skips.Text)
			}
		})
	}
}
