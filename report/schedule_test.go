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
