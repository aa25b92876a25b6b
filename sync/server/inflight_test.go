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

// heldPush starts a push from r whose body has not arrived: the server
// holds it in flight until release is called. It returns release, which
// sends the body and returns the push's answer.
func heldPush(t *testing.T, r *testenv.Raw) (release func() error) {
	t.Helper()
	body, err := protocol.Encode(&protocol.PushRequest{Schema: protocol.Schema, Epoch: r.Epoch})
	if err != nil {
		t.Fatal(err)
	}
	pr, pw := io.Pipe()
	req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, r.URL+protocol.PathPush, pr)
	if err != nil {
		t.Fatal(err)
	}
	protocol.SetHeaders(req.Header)
	req.Header.Set("Authorization", "Bearer "+r.Token)
	answer := make(chan error, 1)
	go func() {
		resp, err := r.HTTP.Do(req)
		if err == nil {
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

// emptyPush sends a push with no writes and returns its refusal, if any.
func emptyPush(r *testenv.Raw) (int, error) {
	return r.Do(protocol.PathPush, &protocol.PushRequest{Schema: protocol.Schema, Epoch: r.Epoch}, &protocol.PushResponse{})
}

// TestOnePushInFlightPerDevice: while a device's push is in flight, a
// second from the same device waits for it, and is refused with a clear
// rate_limited answer (429, Retry-After) if the first takes longer than
// PushWait; other devices push as usual. One token can so never queue
// more than one push's body.
func TestOnePushInFlightPerDevice(t *testing.T) {
	env := testenv.Start(t, server.Options{PushWait: time.Second})
	tablet := newRaw(t, env, "tablet", protocol.Scope{Venues: []string{env.Venue("v1", "Garden")}})
	office := newRaw(t, env, "office", org)

	release := heldPush(t, tablet)
	// The held push takes the device's turn as soon as the server reads
	// its headers; until then a second push goes through.
	var status int
	var err error
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); {
		if status, err = emptyPush(tablet); err != nil {
			break
		}
	}
	var perr *protocol.Error
	if !errors.As(err, &perr) || perr.Code != protocol.CodeRateLimited || status != http.StatusTooManyRequests || perr.Message == "" {
		t.Fatalf("a second push while one is in flight: status %d, %v; want 429 rate_limited", status, err)
	}
	if _, err := emptyPush(office); err != nil {
		t.Errorf("another device's push was held up: %v", err)
	}

	// A push that waits goes through once the one in flight is done.
	waited := make(chan error, 1)
	go func() {
		_, err := emptyPush(tablet)
		waited <- err
	}()
	time.Sleep(100 * time.Millisecond)
	if err := release(); err != nil {
		t.Errorf("the push in flight: %v", err)
	}
	if err := <-waited; err != nil {
		t.Errorf("the waiting push: %v", err)
	}
	if _, err := emptyPush(tablet); err != nil {
		t.Errorf("a push after both: %v", err)
	}
}
