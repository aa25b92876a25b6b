package server

import (
	"fmt"
	"strings"
	"testing"
)

// TestMovedFromAfter: the list an activity keeps of the venues it moved
// away from is sorted, each once, never holds the venue it is at, and is
// bounded, keeping the venue it left last.
func TestMovedFromAfter(t *testing.T) {
	for _, tc := range []struct{ held, before, now, want string }{
		{"", "v1", "v2", "v1"},
		{"v1", "v2", "v3", "v1,v2"},
		{"v2,v3", "v1", "v3", "v1,v2"}, // back to v3
		{"v1", "v1", "v2", "v1"},
	} {
		if got := movedFromAfter(tc.held, tc.before, tc.now); got != tc.want {
			t.Errorf("movedFromAfter(%q, %q, %q) = %q, want %q", tc.held, tc.before, tc.now, got, tc.want)
		}
	}
	var full []string
	for i := range maxMovedFrom {
		full = append(full, fmt.Sprintf("v%02d", i))
	}
	got := movedFromList(movedFromAfter(strings.Join(full, ","), "v99", "x"))
	if len(got) != maxMovedFrom || got[len(got)-1] != "v99" || got[0] != "v01" {
		t.Errorf("a full list after one more move is %v, want %d venues ending with the one left last, v99, without v00", got, maxMovedFrom)
	}
}
