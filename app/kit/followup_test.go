package kit

import (
	"testing"

	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/domain"
)

// TestFollowUpWhen: overdue is red, due this week amber, both bold;
// upcoming and done are plain, in the words domain gives.
func TestFollowUpWhen(t *testing.T) {
	const today = "2026-03-18"
	tests := []struct {
		name string
		f    domain.FollowUp
		imp  widget.Importance
		bold bool
	}{
		{"overdue", domain.FollowUp{Due: "2026-03-11"}, widget.DangerImportance, true},
		{"due today", domain.FollowUp{Due: today}, widget.WarningImportance, true},
		{"due in two days", domain.FollowUp{Due: "2026-03-20"}, widget.WarningImportance, true},
		{"upcoming", domain.FollowUp{Due: "2026-04-15"}, widget.MediumImportance, false},
		{"done", domain.FollowUp{Due: "2026-03-11", Done: "2026-03-11"}, widget.MediumImportance, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l := FollowUpWhen(tc.f, today)
			if l.Importance != tc.imp || l.TextStyle.Bold != tc.bold {
				t.Errorf("importance %v bold %v, want %v bold %v", l.Importance, l.TextStyle.Bold, tc.imp, tc.bold)
			}
			if want := domain.FollowUpWhen(tc.f, today); l.Text != want {
				t.Errorf("says %q, want %q", l.Text, want)
			}
		})
	}
}
