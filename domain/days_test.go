package domain

import (
	"strings"
	"testing"
)

// TestBirthDate: a date of birth is taken as people in the UK type it,
// day first, as well as year first; what cannot be right says why.
func TestBirthDate(t *testing.T) {
	for _, tc := range []struct{ in, want, msg string }{
		{"1956-03-21", "1956-03-21", ""},
		{"21/03/1956", "1956-03-21", ""},
		{" 21.3.1956 ", "1956-03-21", ""},
		{"21-03-1956", "1956-03-21", ""},
		{"", "", ""},
		{"31/02/1950", "", "not a date we can read. Type it like 21/03/1956"},
		{"22/11/2026", "", "in the future"},
		{"1880-01-01", "", "more than 130 years"},
	} {
		got, err := BirthDate(tc.in, "2026-11-21")
		msg := ""
		if err != nil {
			msg = err.Error()
		}
		if got != tc.want || (tc.msg == "") != (msg == "") || !strings.Contains(msg, tc.msg) {
			t.Errorf("BirthDate(%q) = %q, %q; want %q, %q", tc.in, got, msg, tc.want, tc.msg)
		}
	}
}

func TestReadDay(t *testing.T) {
	for _, tc := range []struct{ typed, want, wrong string }{
		{typed: "2026-03-21", want: "2026-03-21"},
		{typed: " 21/03/2026 ", want: "2026-03-21"},
		{typed: "1/3/2026", want: "2026-03-01"},
		{typed: "21.03.2026", want: "2026-03-21"},
		{typed: "31/02/2026", wrong: `"31/02/2026" is not a date we can read. Type it like 21/03/2026 or 2026-03-21`},
		{typed: "next tuesday", wrong: "not a date we can read"},
		{typed: "", wrong: "not a date we can read"},
	} {
		got, err := ReadDay(tc.typed)
		switch {
		case tc.wrong != "" && (err == nil || !strings.Contains(err.Error(), tc.wrong)):
			t.Errorf("ReadDay(%q) = %q, %v; want an error saying %q", tc.typed, got, err, tc.wrong)
		case tc.wrong == "" && (err != nil || got != tc.want):
			t.Errorf("ReadDay(%q) = %q, %v; want %q", tc.typed, got, err, tc.want)
		}
	}
	if got := UKDay("2026-03-01"); got != "01/03/2026" {
		t.Errorf("UKDay = %q, want 01/03/2026", got)
	}
	if d, _ := ReadDay(UKDay("2026-11-21")); d != "2026-11-21" {
		t.Errorf("a date as UKDay writes it reads back as %q", d)
	}
}

func TestIsDay(t *testing.T) {
	for _, tc := range []struct {
		s    string
		want bool
	}{
		{"2026-11-21", true},
		{"2028-02-29", true},
		{"2026-02-29", false},
		{"2026-13-01", false},
		{"2026-00-10", false},
		{"2026-04-31", false},
		{"0000-01-01", false},
		{"2026-1-21", false},
		{"21/11/2026", false},
		{"2026-11-2x", false},
		{"+026-11-21", false},
		{"", false},
		{"2026-11-21T00:00", false},
	} {
		t.Run(tc.s, func(t *testing.T) {
			if got := IsDay(tc.s); got != tc.want {
				t.Errorf("IsDay(%q) = %v, want %v", tc.s, got, tc.want)
			}
		})
	}
}

// TestBirthDay: a date of birth is shown one way on every screen and
// printout, day first as the UK writes it and the forms take it, with no
// weekday; anything not a date as it is.
func TestBirthDay(t *testing.T) {
	for stored, want := range map[string]string{"1964-03-16": "16/03/1964", "1950-04-02": "02/04/1950", "": "", "about 1950": "about 1950"} {
		if got := BirthDay(stored); got != want {
			t.Errorf("BirthDay(%q) = %q, want %q", stored, got, want)
		}
	}
}
