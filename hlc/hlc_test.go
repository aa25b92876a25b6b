package hlc

import (
	"strconv"
	"testing"
	"time"
)

func TestNowIncreasesWhenWallClockStepsBack(t *testing.T) {
	wall := time.UnixMilli(10_000)
	c := NewClock("a", func() time.Time { return wall })
	first := c.Now()
	wall = time.UnixMilli(5_000) // clock stepped back
	second := c.Now()
	if !first.Less(second) {
		t.Fatalf("second reading %v does not order after %v", second, first)
	}
	if second.Wall != 10_000 || second.Counter != 1 {
		t.Fatalf("got %v, want wall 10000 counter 1", second)
	}
}

func TestObserveMovesPastRemote(t *testing.T) {
	c := NewClock("a", func() time.Time { return time.UnixMilli(1_000) })
	remote := Timestamp{Wall: 9_000, Counter: 7, Device: "z"}
	c.Observe(remote)
	if got := c.Now(); !remote.Less(got) || got.Device != "a" {
		t.Fatalf("reading %v after observing %v", got, remote)
	}
}

func TestSetBackOnlyMovesBack(t *testing.T) {
	wall := time.UnixMilli(1_000)
	c := NewClock("a", func() time.Time { return wall })
	c.Observe(Timestamp{Wall: 9_000_000, Device: "z"}) // a date a long way ahead
	c.SetBack(Timestamp{Wall: 2_000})
	if got := c.Now(); got.Wall != 2_000 || got.Counter != 1 || got.Device != "a" {
		t.Fatalf("after setting back to 2000, read %v", got)
	}
	c.SetBack(Timestamp{Wall: 5_000}) // ahead of the clock: no change
	if got := c.Now(); got.Wall != 2_000 || got.Counter != 2 {
		t.Fatalf("setting back to a later time moved the clock: read %v", got)
	}
}

func TestCompare(t *testing.T) {
	cases := []struct {
		name string
		a, b Timestamp
		want int
	}{
		{"wall", Timestamp{1, 9, "z"}, Timestamp{2, 0, "a"}, -1},
		{"counter", Timestamp{2, 1, "z"}, Timestamp{2, 2, "a"}, -1},
		{"device breaks ties", Timestamp{2, 2, "b"}, Timestamp{2, 2, "a"}, 1},
		{"equal", Timestamp{2, 2, "a"}, Timestamp{2, 2, "a"}, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.a.Compare(tc.b); got != tc.want {
				t.Fatalf("Compare = %d, want %d", got, tc.want)
			}
			if got := tc.b.Compare(tc.a); got != -tc.want {
				t.Fatalf("reverse Compare = %d, want %d", got, -tc.want)
			}
		})
	}
}

func TestStringParseRoundTrip(t *testing.T) {
	for _, ts := range []Timestamp{{}, {1, 2, "dev-1"}, {1732200000000, 4294967295, "x@y"}} {
		got, err := Parse(ts.String())
		if err != nil || got != ts {
			t.Fatalf("Parse(%q) = %v, %v", ts.String(), got, err)
		}
	}
	for _, bad := range []string{"", "1", "1.2", "a.2@d", "1.b@d", "1@2.3"} {
		if _, err := Parse(bad); err == nil {
			t.Errorf("Parse(%q) succeeded", bad)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add("1732200000000.3@tablet-a")
	f.Add("0.0@")
	f.Fuzz(func(t *testing.T, s string) {
		ts, err := Parse(s)
		if err != nil {
			return
		}
		again, err := Parse(ts.String())
		if err != nil || again != ts {
			t.Fatalf("Parse(String(Parse(%q))) = %v, %v", s, again, err)
		}
	})
}

// TestNowNeverWraps: a clock that observed a stamp with the largest
// counter it hands out, or a larger one from elsewhere, moves its wall
// time on instead of wrapping the counter to a stamp that orders first.
func TestNowNeverWraps(t *testing.T) {
	for _, counter := range []uint32{MaxCounter - 1, MaxCounter, MaxCounter + 1, 1<<32 - 1} {
		t.Run("counter "+strconv.FormatUint(uint64(counter), 10), func(t *testing.T) {
			c := NewClock("server", func() time.Time { return time.UnixMilli(1_000) })
			seen := Timestamp{Wall: 5_000, Counter: counter, Device: "hostile"}
			c.Observe(seen)
			prev := seen
			for range 3 {
				got := c.Now()
				if !prev.Less(got) {
					t.Fatalf("reading %v orders before %v", got, prev)
				}
				if got.Counter > MaxCounter {
					t.Fatalf("reading %v has a counter above %d", got, MaxCounter)
				}
				prev = got
			}
		})
	}
}
