package domain

import (
	"strings"
	"testing"
)

func TestRegisterClues(t *testing.T) {
	names := map[string]string{"garden": "Garden group", "craft": "Crafternoon"}
	marks := []Attendance{
		{ActivityID: "garden", Date: "2026-11-07", Status: StatusPresent},
		{ActivityID: "craft", Date: "2026-11-14", Status: StatusLate},
		{ActivityID: "garden", Date: "2026-11-21", Status: StatusApologies}, // did not come
	}
	name := func(id string) string { return names[id] }
	for _, tc := range []struct {
		enrolled []string
		marks    []Attendance
		want     string
	}{
		{[]string{"Garden group"}, marks, "enrolled in Garden group | last came Sat 14 Nov 2026 (Crafternoon)"},
		{[]string{"Garden group", "Crafternoon"}, nil, "enrolled in Garden group, Crafternoon | has not come yet"},
		{nil, marks[2:], ""},
		// The one activity they are enrolled in is not named again.
		{[]string{"Garden group"}, marks[:1], "enrolled in Garden group | last came Sat 7 Nov 2026"},
		{[]string{"Garden group", "Crafternoon"}, marks[:1], "enrolled in Garden group, Crafternoon | last came Sat 7 Nov 2026 (Garden group)"},
		{nil, marks[:1], "last came Sat 7 Nov 2026 (Garden group)"},
	} {
		if got := strings.Join(RegisterClues(tc.enrolled, tc.marks, name), " | "); got != tc.want {
			t.Errorf("RegisterClues(%v, %d marks) = %q, want %q", tc.enrolled, len(tc.marks), got, tc.want)
		}
	}
}
