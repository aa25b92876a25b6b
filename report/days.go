package report

import (
	"math"
	"time"
)

// day is a date as a count of days since 1970-01-01. Reports compare
// millions of dates, so they are parsed once into numbers.
type day int32

const noDay day = math.MinInt32

// parseDay reads YYYY-MM-DD, or returns noDay.
func parseDay(s string) day {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return noDay
	}
	y, ok1 := digits(s[0:4])
	m, ok2 := digits(s[5:7])
	d, ok3 := digits(s[8:10])
	if !ok1 || !ok2 || !ok3 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m) {
		return noDay
	}
	return day(daysFromCivil(y, m, d))
}

func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

func daysInMonth(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// daysFromCivil is Howard Hinnant's algorithm for the proleptic Gregorian
// calendar.
func daysFromCivil(y, m, d int) int {
	if m <= 2 {
		y--
	}
	era := y / 400
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// String is the date as YYYY-MM-DD, or "" for noDay.
func (d day) String() string {
	if d == noDay {
		return ""
	}
	return time.Unix(int64(d)*86400, 0).UTC().Format(time.DateOnly)
}

// monday is the Monday of d's week: weekly trends use weeks that start on
// Monday, as ISO 8601 does. 1970-01-01 was a Thursday.
func (d day) monday() day {
	return d - day(((int(d)+3)%7+7)%7)
}
