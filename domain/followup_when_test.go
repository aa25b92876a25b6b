package domain

import "testing"

// TestFollowUpWhen: one set of words for when a follow-up falls, on every
// screen that shows it.
func TestFollowUpWhen(t *testing.T) {
	today := "2026-11-21"
	for due, want := range map[string]string{
		"2026-11-12": "OVERDUE by 9 days (was due Thu 12 Nov 2026)",
		"2026-11-20": "OVERDUE by 1 day (was due Fri 20 Nov 2026)",
		"2026-11-21": "Due today",
		"2026-11-23": "Due Mon 23 Nov 2026",
	} {
		if got := FollowUpWhen(FollowUp{Due: due}, today); got != want {
			t.Errorf("due %s: %q, want %q", due, got, want)
		}
	}
}
