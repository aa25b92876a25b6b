// Package hlc implements the hybrid logical clock that stamps every field write.
//
// A Timestamp is (wall milliseconds, counter, device id). Timestamps from one
// clock only ever increase, even when the wall clock steps backwards, and a
// clock that observes a remote timestamp moves past it, so causally later
// writes always carry larger stamps. Ordering ties on (wall, counter) are
// broken by device id, which makes the order total and the same everywhere.
package hlc
