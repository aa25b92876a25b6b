package client

import (
	"testing"
	"time"

	"github.com/gather-sp/gather/storage/storagetest"

	"github.com/gather-sp/gather/storage"
)

func newTestClient(t *testing.T, opts Options) *Client {
	t.Helper()
	return New(storagetest.OpenWith(t, storage.Options{InMemory: true}), opts)
}

func TestRepeatedSyncNowPressesCollapseIntoOneRun(t *testing.T) {
	c := newTestClient(t, Options{})
	for range 100 {
		c.SyncNow()
	}
	if n := len(c.trigger); n != 1 {
		t.Fatalf("%d runs queued after 100 presses, want 1", n)
	}
	<-c.trigger // the loop takes it and starts a run
	c.SyncNow() // a press during that run queues exactly one more
	c.SyncNow()
	if n := len(c.trigger); n != 1 {
		t.Fatalf("%d runs queued during a run, want 1", n)
	}
}

func TestBackoffGrowsWithJitterAndIsCapped(t *testing.T) {
	c := newTestClient(t, Options{MinBackoff: time.Second, MaxBackoff: time.Minute, Seed: 42})
	cases := []struct {
		failures int
		ceiling  time.Duration
	}{{1, time.Second}, {2, 2 * time.Second}, {3, 4 * time.Second}, {6, 32 * time.Second}, {7, time.Minute}, {50, time.Minute}}
	for _, tc := range cases {
		seen := map[time.Duration]bool{}
		for range 20 {
			d := c.backoff(tc.failures)
			if d < tc.ceiling/2 || d > tc.ceiling {
				t.Errorf("after %d failures waited %v, want between %v and %v", tc.failures, d, tc.ceiling/2, tc.ceiling)
			}
			seen[d] = true
		}
		if len(seen) < 2 {
			t.Errorf("after %d failures every wait was the same: no jitter", tc.failures)
		}
	}
}

func TestNormaliseServerURL(t *testing.T) {
	cases := []struct{ in, want string }{
		{"gather.example.org", "https://gather.example.org"},
		{" https://gather.example.org/ ", "https://gather.example.org"},
		{"http://127.0.0.1:8420", "http://127.0.0.1:8420"},
		{"ftp://x", ""},
		{"", ""},
	}
	for _, tc := range cases {
		got, err := NormaliseServerURL(tc.in)
		if got != tc.want || (err != nil) != (tc.want == "") {
			t.Errorf("NormaliseServerURL(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}
