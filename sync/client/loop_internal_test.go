package client

import (
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gather-sp/gather/sync/protocol"

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

// TestRetryAfterSetsTheWaitWithinBounds: a push the server holds back
// (rate_limited) with Retry-After is tried again when the server said, not
// at the usual backoff: never sooner than MinBackoff, never later than
// MaxBackoff (the daily budget says "after midnight"; pulls go on).
func TestRetryAfterSetsTheWaitWithinBounds(t *testing.T) {
	c := newTestClient(t, Options{MinBackoff: 2 * time.Second, MaxBackoff: 10 * time.Minute, Seed: 7})
	held := func(secs int) error {
		return fmt.Errorf("pushing: %w", &protocol.Error{Code: protocol.CodeRateLimited, RetryAfterSeconds: secs})
	}
	for _, tc := range []struct {
		err      error
		failures int
		want     time.Duration
	}{
		{held(90), 1, 90 * time.Second},          // longer than the backoff would wait
		{held(3), 9, 3 * time.Second},            // shorter than the backoff after many failures
		{held(1), 1, 2 * time.Second},            // never below MinBackoff
		{held(12 * 3600), 1, 10 * time.Minute},   // until midnight: capped at MaxBackoff
		{held(math.MaxInt), 1, 10 * time.Minute}, // no overflow
	} {
		if got := c.retryWait(tc.err, tc.failures); got != tc.want {
			t.Errorf("%v after %d failures: waited %v, want %v", tc.err, tc.failures, got, tc.want)
		}
	}
	// Without Retry-After: the backoff.
	if got := c.retryWait(&protocol.Error{Code: protocol.CodeRateLimited}, 3); got < 4*time.Second || got > 8*time.Second {
		t.Errorf("no Retry-After, 3 failures: waited %v, want the backoff (4–8 s)", got)
	}
	if got := c.retryWait(errors.New("connection refused"), 1); got < time.Second || got > 2*time.Second {
		t.Errorf("offline: waited %v, want the backoff (1–2 s)", got)
	}
}

// TestRetryAfterHeaderIsRead: a refusal whose body does not say how long
// to wait (a proxy's, or a server's older answer) takes the Retry-After
// header, in seconds or as a date.
func TestRetryAfterHeaderIsRead(t *testing.T) {
	now := time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)
	for v, want := range map[string]int{"": 0, "120": 120, " 5 ": 5, "-3": 0, "soon": 0,
		now.Add(90 * time.Second).Format(http.TimeFormat): 90, now.Add(-time.Hour).Format(http.TimeFormat): 0} {
		if got := retryAfterHeader(v, now); got != want {
			t.Errorf("Retry-After %q: %d s, want %d", v, got, want)
		}
	}
	resp := &http.Response{StatusCode: http.StatusTooManyRequests, Header: http.Header{"Retry-After": {"42"}},
		Body: io.NopCloser(strings.NewReader(`{"code":"rate_limited","message":"wait"}`))}
	var perr *protocol.Error
	if err := decodeAnswer(resp, nil); !errors.As(err, &perr) || perr.RetryAfterSeconds != 42 {
		t.Errorf("a 429 with Retry-After: 42 and none in the body: %v (%+v)", err, perr)
	}
}
