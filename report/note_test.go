package report

import (
	"strings"
	"testing"
)

// TestFollowUpsNoteGivesTheDayInWords: the follow-ups table says the day
// it counts to as a reader writes it, not as it is stored.
func TestFollowUpsNoteGivesTheDayInWords(t *testing.T) {
	rep, err := Build(&Dataset{}, Options{From: "2026-11-01", To: "2026-11-30", Today: "2026-11-21"})
	if err != nil {
		t.Fatal(err)
	}
	for _, tb := range rep.Tables() {
		if tb.Name != "follow_ups" {
			continue
		}
		if !strings.HasPrefix(tb.Note, "As at Sat 21 Nov 2026.") {
			t.Fatalf("note %q", tb.Note)
		}
		return
	}
	t.Fatal("no follow_ups table")
}
