package server_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/gather-sp/gather/sync/internal/testenv"
	"github.com/gather-sp/gather/sync/protocol"
	"github.com/gather-sp/gather/sync/server"
)

// heldPull starts a pull from r whose body has not arrived; release sends
// it and returns the pull's answer.
func heldPull(t *testing.T, r *testenv.Raw) (release func() error) {
	t.Helper()
	body, err := protocol.Encode(&protocol.PullRequest{Schema: protocol.Schema, Epoch: r.Epoch})
	if err != nil {
		t.Fatal(err)
	}
	pr, pw := io.Pipe()
	req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, r.URL+protocol.PathPull, pr)
	if err != nil {
		t.Fatal(err)
	}
	protocol.SetHeaders(req.Header)
	req.Header.Set("Authorization", "Bearer "+r.Token)
	answer := make(chan error, 1)
	go func() {
		resp, err := r.HTTP.Do(req)
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				err = errors.New(resp.Status)
			}
		}
		answer <- err
	}()
	return func() error {
		pw.Write(body)
		pw.Close()
		return <-answer
	}
}

// TestAttackManyPullsAtOnceFromOneToken: a pull answers a page of up to
// protocol.MaxPageBytes, held in memory until it is written, and a hostile
// tablet can fill its own venue's records so every page is that big. Pushes
// are one in flight per device (TestOnePushInFlightPerDevice); pulls were
// not bounded at all, so one token opening hundreds of pulls at once held
// hundreds of pages. Now a second pull of the same device waits for the
// first and is refused (429 rate_limited) if it takes too long; other
// devices pull as usual, and the waiting pull goes through once the first
// is done.
func TestAttackManyPullsAtOnceFromOneToken(t *testing.T) {
	env := testenv.Start(t, server.Options{PushWait: time.Second})
	tablet := newRaw(t, env, "tablet", protocol.Scope{Venues: []string{env.Venue("v1", "Garden")}})
	office := newRaw(t, env, "office", org)
	pull := func(r *testenv.Raw) (int, error) {
		return r.Do(protocol.PathPull, &protocol.PullRequest{Schema: protocol.Schema, Epoch: r.Epoch}, &protocol.PullResponse{})
	}

	release := heldPull(t, tablet)
	var status int
	var err error
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); {
		if status, err = pull(tablet); err != nil {
			break
		}
	}
	var perr *protocol.Error
	if !errors.As(err, &perr) || perr.Code != protocol.CodeRateLimited || status != http.StatusTooManyRequests || perr.Message == "" {
		t.Fatalf("a second pull while one is in flight: status %d, %v; want 429 rate_limited", status, err)
	}
	if _, err := pull(office); err != nil {
		t.Errorf("another device's pull was held up: %v", err)
	}
	waited := make(chan error, 1)
	go func() {
		_, err := pull(tablet)
		waited <- err
	}()
	time.Sleep(100 * time.Millisecond)
	if err := release(); err != nil {
		t.Errorf("the pull in flight: %v", err)
	}
	if err := <-waited; err != nil {
		t.Errorf("the waiting pull: %v", err)
	}
	// A push is not held up by a pull, nor a pull by a push.
	releasePull := heldPull(t, tablet)
	time.Sleep(100 * time.Millisecond)
	if _, err := emptyPush(tablet); err != nil {
		t.Errorf("a push while a pull is in flight: %v", err)
	}
	if err := releasePull(); err != nil {
		t.Errorf("the pull in flight: %v", err)
	}
}
