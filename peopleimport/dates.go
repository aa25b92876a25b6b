package peopleimport

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gather-sp/gather/domain"
)

var monthNames = map[string]time.Month{}

func init() {
	for m := time.January; m <= time.December; m++ {
		name := strings.ToLower(m.String())
		monthNames[name] = m
		monthNames[name[:3]] = m
	}
	monthNames["sept"] = time.September
}

// excelEpoch is day 0 of Excel's serial dates (1900 date system, counting
// the 29 February 1900 that never was, so serials from 61 on land right).
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// ParseDate reads a date as spreadsheets write it, day before month as in
// the UK: 21/11/1950, 21/11/50, 21.11.1950, 21-11-1950, 1950-11-21,
// 19501121, 21-Nov-1950, 3 February 1950, Feb 3, 1950, an Excel serial
// number (18591), with or without a time after it. Two-digit years are in
// the last hundred years up to today (today is YYYY-MM-DD). It returns the
// date as stored (YYYY-MM-DD) or, when it cannot, what is wrong in words:
// a date that does not exist (31/02/1950) is refused, not moved.
func ParseDate(s, today string) (date, problem string) {
	s = strings.TrimSpace(s)
	orig := s
	unreadable := fmt.Sprintf("%q is not a date Gather can read; write it like 21/11/1950", orig)
	// A time after the date (Excel writes 21/11/1950 00:00).
	if i := strings.IndexAny(s, " T"); i > 0 && strings.Contains(s[i:], ":") {
		s = strings.TrimSpace(s[:i])
	}
	thisYear := time.Now().Year()
	if t, ok := domain.ParseDate(today); ok {
		thisYear = t.Year()
	}
	fullYear := func(y string) (int, bool) {
		n, err := strconv.Atoi(y)
		if err != nil || n < 0 {
			return 0, false
		}
		switch len(y) {
		case 4:
			return n, true
		case 2:
			if 2000+n <= thisYear {
				return 2000 + n, true
			}
			return 1900 + n, true
		}
		return 0, false
	}

	if allDigits(s) {
		switch {
		case len(s) == 8 && (s[:2] == "19" || s[:2] == "20"): // 19501121
			return build(orig, s[:4], s[4:6], s[6:], fullYear)
		case len(s) == 4 && s >= "1800" && s <= "2100":
			return "", fmt.Sprintf("%q is only a year; Gather needs the day and month too, like 21/11/%s", orig, s)
		case len(s) <= 5:
			n, _ := strconv.Atoi(s)
			if n < 61 { // before March 1900, where Excel's count is off by one
				return "", unreadable
			}
			return excelEpoch.AddDate(0, 0, n).Format(domain.DateLayout), ""
		}
		return "", unreadable
	}
	// An Excel serial with a time: 18591.5
	if i := strings.IndexByte(s, '.'); i > 0 && allDigits(s[:i]) && allDigits(s[i+1:]) && strings.Count(s, ".") == 1 && i >= 3 && i <= 5 {
		return ParseDate(s[:i], today)
	}

	parts := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return r == '/' || r == '-' || r == '.' || r == ' ' || r == ','
	})
	if len(parts) != 3 {
		return "", unreadable
	}
	// A month written in words: 3 Feb 1950, 3-Feb-50, February 3, 1950.
	for i, p := range parts {
		m, ok := monthNames[strings.TrimSuffix(p, ".")]
		if !ok {
			continue
		}
		var day, year string
		switch i {
		case 0:
			day, year = parts[1], parts[2]
		case 1:
			day, year = parts[0], parts[2]
		default:
			return "", unreadable
		}
		day = strings.TrimRight(day, "stndrh") // 1st, 2nd, 3rd, 4th
		return build(orig, year, strconv.Itoa(int(m)), day, fullYear)
	}
	for _, p := range parts {
		if !allDigits(p) {
			return "", unreadable
		}
	}
	if len(parts[0]) == 4 { // 1950-11-21
		return build(orig, parts[0], parts[1], parts[2], fullYear)
	}
	if len(parts[0]) > 2 || len(parts[1]) > 2 {
		return "", unreadable
	}
	d, _ := strconv.Atoi(parts[0])
	m, _ := strconv.Atoi(parts[1])
	if m > 12 && d <= 12 {
		return "", fmt.Sprintf("%q has the month first, as in America; Gather reads dates day first, like 21/11/1950. Change the date format of that column in the spreadsheet", orig)
	}
	return build(orig, parts[2], parts[1], parts[0], fullYear)
}

// build checks that a year, month and day make a date that exists.
func build(orig, y, m, d string, fullYear func(string) (int, bool)) (string, string) {
	year, ok := fullYear(y)
	month, err1 := strconv.Atoi(m)
	day, err2 := strconv.Atoi(d)
	if !ok || err1 != nil || err2 != nil || len(d) > 2 || len(m) > 2 {
		return "", fmt.Sprintf("%q is not a date Gather can read; write it like 21/11/1950", orig)
	}
	if month < 1 || month > 12 {
		return "", fmt.Sprintf("%q is not a date that exists: there is no month %d", orig, month)
	}
	last := time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
	if day < 1 || day > last {
		return "", fmt.Sprintf("%q is not a date that exists: %s %d has %d days", orig, time.Month(month), year, last)
	}
	return fmt.Sprintf("%04d-%02d-%02d", year, month, day), ""
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
