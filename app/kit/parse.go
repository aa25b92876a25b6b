package kit

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gather-sp/gather/domain"
)

// Reading what people type into the forms: times of day, weekdays and
// lists of dates, in the ways people write them.

var clockPattern = regexp.MustCompile(`^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?$`)

// ParseClock reads a time of day, "10:00", "9.30", "14:05" or "2pm", as
// stored: HH:MM on the 24-hour clock.
func ParseClock(s string) (string, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if len(s) == 4 && strings.Trim(s, "0123456789") == "" {
		s = s[:2] + ":" + s[2:] // 0930
	}
	m := clockPattern.FindStringSubmatch(s)
	if m == nil {
		return "", false
	}
	h, _ := strconv.Atoi(m[1])
	mins := 0
	if m[2] != "" {
		mins, _ = strconv.Atoi(m[2])
	}
	switch strings.ReplaceAll(m[3], ".", "") {
	case "am":
		if h < 1 || h > 12 {
			return "", false
		}
		if h == 12 {
			h = 0
		}
	case "pm":
		if h < 1 || h > 12 {
			return "", false
		}
		if h != 12 {
			h += 12
		}
	default:
		if m[2] == "" {
			return "", false // "10" alone could be a date or a number of places
		}
	}
	if h > 23 || mins > 59 {
		return "", false
	}
	return fmt.Sprintf("%02d:%02d", h, mins), true
}

// ParseDay reads a date typed as 2026-11-21 or 21/11/2026, as stored
// (domain.TypedDay: every form reads dates the same way).
func ParseDay(s string) (string, bool) { return domain.TypedDay(s) }

// weekdays in the order a UK week is written.
var weekdays = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}

func WeekdayNames() []string {
	out := make([]string, len(weekdays))
	for i, d := range weekdays {
		out[i] = d.String()
	}
	return out
}

func WeekdayOf(name string) (time.Weekday, bool) {
	for _, d := range weekdays {
		if d.String() == name {
			return d, true
		}
	}
	return 0, false
}

// WeekOfMonthChoices are the weeks a monthly activity may meet in, as the
// form offers them, with their domain.Activity.WeekOfMonth.
var WeekOfMonthChoices = []struct {
	Label string
	N     int
}{{"First", 1}, {"Second", 2}, {"Third", 3}, {"Fourth", 4}, {"Last", domain.LastWeekOfMonth}}

// ParseDays reads dates typed in one line, separated by commas or spaces,
// as stored and sorted; bad lists the ones that cannot be read.
func ParseDays(s string) (days, bad []string) {
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\n' }) {
		if d, ok := ParseDay(w); ok {
			if !slices.Contains(days, d) {
				days = append(days, d)
			}
		} else {
			bad = append(bad, w)
		}
	}
	sort.Strings(days)
	return days, bad
}
