package domain

import (
	"fmt"
	"testing"
)

// Two desks merging the same records in opposite directions, one offline,
// leave a cycle of merged_into until the server breaks it. Meanwhile every
// member resolves to one person, the smallest id (the one the server
// keeps), and resolving ends however the cycle is entered.
func TestResolvePersonOnACycle(t *testing.T) {
	for _, c := range []struct {
		name string
		into map[string]string
		want map[string]string // start -> resolved
	}{
		{"two records merged into each other", map[string]string{"p1": "p2", "p2": "p1"},
			map[string]string{"p1": "p1", "p2": "p1"}},
		{"three records in a ring", map[string]string{"b": "c", "c": "a", "a": "b"},
			map[string]string{"a": "a", "b": "a", "c": "a"}},
		{"a record merged into itself", map[string]string{"s": "s"},
			map[string]string{"s": "s"}},
		{"a chain leading into a cycle", map[string]string{"z": "y", "y": "m", "m": "n", "n": "m"},
			map[string]string{"z": "m", "y": "m", "m": "m", "n": "m"}},
		{"a chain with no cycle", map[string]string{"a": "b", "b": "c"},
			map[string]string{"a": "c", "b": "c", "c": "c"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			for start, want := range c.want {
				calls := 0
				got := ResolvePerson(start, func(id string) string { calls++; return c.into[id] })
				if got != want {
					t.Errorf("ResolvePerson(%q) = %q, want %q", start, got, want)
				}
				if calls > len(c.into)+1 {
					t.Errorf("ResolvePerson(%q) read %d merges of %d records: it went round the cycle", start, calls, len(c.into))
				}
			}
		})
	}
}

// A chain longer than ResolvePerson follows ends where it stopped, after
// maxMergeHops reads.
func TestResolvePersonStopsOnALongChain(t *testing.T) {
	calls := 0
	next := func(id string) string {
		calls++
		var n int
		fmt.Sscanf(id, "p%d", &n)
		return fmt.Sprintf("p%d", n+1)
	}
	if got := ResolvePerson("p0", next); got != fmt.Sprintf("p%d", maxMergeHops) || calls != maxMergeHops {
		t.Errorf("ResolvePerson on an endless chain = %q after %d reads, want p%d after %d", got, calls, maxMergeHops, maxMergeHops)
	}
}
