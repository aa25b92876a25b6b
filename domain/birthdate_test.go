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
