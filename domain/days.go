package domain

import (
	"fmt"
	"strings"
	"time"
)

// TypedDay reads a date as people type it, as stored (YYYY-MM-DD): year
// first (2026-11-21), or day first as the UK writes it (21/11/2026,
// 21.11.2026, 21-11-2026). A date that does not exist is refused.
func TypedDay(s string) (string, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"2006-1-2", "2/1/2006", "2.1.2006", "2-1-2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Format(DateLayout), true
		}
	}
	return "", false
}

// StoredDay is a typed date as stored when TypedDay can read it, so it
// matches a known person's; otherwise as typed (trimmed), for a check to
// say what is wrong with it.
func StoredDay(typed string) string {
	if d, ok := TypedDay(typed); ok {
		return d
	}
	return strings.TrimSpace(typed)
}

// ReadDay reads a date as it was typed (TypedDay), as stored, with what
// is wrong in words when it cannot be read. The forms that take a date of
// a contact, a follow-up or a referral's step read it here, so each takes
// 21/03/2026 as it takes 2026-03-21.
func ReadDay(typed string) (string, error) {
	d, ok := TypedDay(typed)
	if !ok {
		return "", fmt.Errorf("%q is not a date we can read. Type it like 21/03/2026 or 2026-03-21", strings.TrimSpace(typed))
	}
	return d, nil
}

// UKDay is a stored date (YYYY-MM-DD) as the UK writes it, 21/03/2026,
// for a form to start from; anything else as it is.
func UKDay(stored string) string {
	if t, ok := ParseDate(stored); ok {
		return t.Format("02/01/2006")
	}
	return stored
}

// BirthDay is a stored date of birth as every screen and printout shows
// it: 16/03/1964, day first as the UK writes it and as the forms take it,
// so what reception reads back is what was typed; never with the weekday
// (the day of the week someone was born on is noise). Anything else as it
// is. Search, the card, the case, the merge, the walk-in's possible
// duplicates, the import and the GP letter all show a date of birth
// through here.
func BirthDay(stored string) string {
	if t, ok := ParseDate(stored); ok {
		return t.Format("02/01/2006")
	}
	return stored
}

// DayInWords is a stored date as screens write it, "Mon 3 Mar 2026";
// anything else as it is.
func DayInWords(stored string) string {
	if t, ok := ParseDate(stored); ok {
		return t.Format("Mon 2 Jan 2006")
	}
	return stored
}

// BirthDate reads a date of birth as it was typed (TypedDay), as stored,
// with what is wrong in words when it cannot be read, is after today
// (YYYY-MM-DD) or is more than 130 years before it. Every form that takes
// a date of birth reads it here, so one typed 21/03/1956 is taken on the
// walk-in, the self-referral and the edit form alike. Empty is no date.
func BirthDate(typed, today string) (string, error) {
	typed = strings.TrimSpace(typed)
	if typed == "" {
		return "", nil
	}
	d, ok := TypedDay(typed)
	if !ok {
		return "", fmt.Errorf("The date of birth %q is not a date we can read. Type it like 21/03/1956 or 1956-03-21.", typed)
	}
	born, _ := ParseDate(d)
	if d > today {
		return "", fmt.Errorf("The date of birth %s is in the future. Check the year.", born.Format("2 January 2006"))
	}
	if now, ok := ParseDate(today); ok && born.Year() < now.Year()-130 {
		return "", fmt.Errorf("The date of birth %s is more than 130 years ago. Check the year.", born.Format("2 January 2006"))
	}
	return d, nil
}

// IsDay reports whether s is a day as stored: YYYY-MM-DD, a date that
// exists. The server asks it of every session and mark id it takes, so it
// reads the digits itself rather than parse a time.
func IsDay(s string) bool {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	num := func(from, to int) int {
		n := 0
		for _, c := range s[from:to] {
			if c < '0' || c > '9' {
				return -1
			}
			n = n*10 + int(c-'0')
		}
		return n
	}
	y, m, d := num(0, 4), num(5, 7), num(8, 10)
	if y < 1 || m < 1 || m > 12 || d < 1 {
		return false
	}
	return d <= time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}
