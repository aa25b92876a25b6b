package report

import (
	"testing"
	"time"

	"github.com/gather-sp/gather/domain"
)

// TestExpectedSessionsFollowSchedules: the sessions a report expects are
// the ones each activity's schedule puts in the period, up to the day the
// report is made, without the dates skipped. March 2026's Tuesdays are the
// 3rd, 10th, 17th, 24th and 31st.
func TestExpectedSessionsFollowSchedules(t *testing.T) {
	tue := func(schedule string) domain.Activity {
		return domain.Activity{ID: "a1", Name: "Group", VenueID: "v1", Schedule: schedule, Weekday: time.Tuesday, StartDate: "2026-03-03"}
	}
	skipping := tue(domain.ScheduleWeekly)
	skipping.SkipDates = []string{"2026-03-17"}
	first := tue(domain.ScheduleMonthly)
	first.WeekOfMonth = 1
	last := tue(domain.ScheduleMonthly)
	last.WeekOfMonth = domain.LastWeekOfMonth
	cases := []struct {
		name  string
		a     domain.Activity
		today string
		want  int
	}{
		{"weekly", tue(domain.ScheduleWeekly), "", 5},
		{"weekly, made on the 20th", tue(domain.ScheduleWeekly), "2026-03-20", 3},
		{"weekly, one skipped", skipping, "", 4},
		{"every two weeks", tue(domain.ScheduleFortnightly), "", 3}, // 3rd, 17th, 31st
		{"first Tuesday", first, "", 1},
		{"last Tuesday, the fifth", last, "", 1},
		{"one-off", tue(domain.ScheduleOneOff), "", 1},
		{"no schedule recorded", domain.Activity{ID: "a1", Name: "Group", VenueID: "v1", Weekday: time.Tuesday}, "", 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ds := &Dataset{Venues: []domain.Venue{{ID: "v1", Name: "Hall"}}, Activities: []domain.Activity{tc.a}}
			rep, err := Build(ds, Options{From: "2026-03-01", To: "2026-03-31", Today: tc.today})
			if err != nil {
				t.Fatal(err)
			}
			if got := rep.Attendance.SessionsExpected; got != tc.want {
				t.Fatalf("%d sessions expected, want %d", got, tc.want)
			}
			rows := rep.Attendance.ByActivity
			if tc.want > 0 && (len(rows) != 1 || rows[0].SessionsExpected != tc.want) {
				t.Fatalf("the activity's row: %+v", rows)
			}
		})
	}
}

// TestVenueOnDay: a date the schedule expects counts where the activity met
// then. Sessions are days of March 2026 at a venue; it is at the Garden now.
func TestVenueOnDay(t *testing.T) {
	at := func(spec ...string) []dayVenue { // "03 hall"
		var out []dayVenue
		for _, s := range spec {
			out = append(out, dayVenue{parseDay("2026-03-" + s[:2]), s[3:]})
		}
		return out
	}
	cases := []struct {
		name     string
		sessions []dayVenue
		day      string
		want     string
	}{
		{"no sessions: where it is now", nil, "10", "garden"},
		{"moved: at the Hall up to its last session there", at("03 hall", "10 hall", "17 garden"), "10", "hall"},
		{"moved: a date skipped after the move", at("03 hall", "10 hall", "24 garden"), "17", "garden"},
		{"moved: before its first session", at("10 hall", "17 garden"), "03", "hall"},
		{"moved after the period: still the Hall", at("03 hall", "31 hall"), "24", "hall"},
		{"a day out: that day", at("03 garden", "10 park", "17 garden"), "10", "park"},
		{"a day out: the days around it", at("03 garden", "10 park", "17 garden"), "03", "garden"},
		{"a day out, last: after it, where it is now", at("03 garden", "10 park"), "17", "garden"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := venueOnDay(tc.sessions, "garden", parseDay("2026-03-"+tc.day)); got != tc.want {
				t.Errorf("%s March: %s, want %s", tc.day, got, tc.want)
			}
		})
	}
}
