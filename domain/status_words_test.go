package domain

import "testing"

func TestStatusLabel(t *testing.T) {
	for status, want := range map[string]string{
		StatusPresent: "Here", StatusLate: "Late", StatusLeftEarly: "Left early",
		StatusApologies: "Apologies", StatusAbsent: "Absent", "": "Mark here", "someday": "Mark here",
	} {
		if got := StatusLabel(status); got != want {
			t.Errorf("StatusLabel(%q) = %q, want %q", status, got, want)
		}
	}
	for _, s := range AttendanceStatuses {
		if StatusLabel(s) == "Mark here" {
			t.Errorf("status %q has no label", s)
		}
	}
}
