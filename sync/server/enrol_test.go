package server_test

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/gather-sp/gather/sync/internal/testenv"
	"github.com/gather-sp/gather/sync/protocol"
	"github.com/gather-sp/gather/sync/server"
)

func enrol(t *testing.T, env *testenv.Env, code, device string) (int, *protocol.EnrolResponse, *protocol.Error) {
	t.Helper()
	r := &testenv.Raw{URL: env.URL, HTTP: http.DefaultClient}
	var resp protocol.EnrolResponse
	status, err := r.Do(protocol.PathEnrol, &protocol.EnrolRequest{Schema: protocol.Schema, Code: code, DeviceID: device}, &resp)
	var perr *protocol.Error
	if errors.As(err, &perr) {
		return status, nil, perr
	}
	if err != nil {
		t.Fatal(err)
	}
	return status, &resp, nil
}

func TestEnrolmentCodes(t *testing.T) {
	t.Run("a code works once, forgiving case and dashes", func(t *testing.T) {
		env := testenv.Start(t, server.Options{})
		v := env.Venue("v1", "Garden")
		code := env.Code(protocol.Scope{Venues: []string{v}})
		status, resp, perr := enrol(t, env, " "+lower(code)+" ", "tablet")
		if status != 200 || perr != nil || resp.Token == "" || !resp.Scope.HasVenue(v) || resp.Scope.Organisation {
			t.Fatalf("first use: %d %+v %+v", status, resp, perr)
		}
		status, _, perr = enrol(t, env, code, "tablet-2")
		if status != http.StatusForbidden || perr.Code != protocol.CodeBadCode {
			t.Fatalf("second use: %d %+v", status, perr)
		}
	})
	t.Run("no device may take the id the server stamps its own writes with", func(t *testing.T) {
		env := testenv.Start(t, server.Options{})
		code := env.Code(org)
		status, _, perr := enrol(t, env, code, server.ServerDevice)
		if perr == nil || perr.Code != protocol.CodeDeviceIDTaken {
			t.Fatalf("enrolled as %q: %d %+v", server.ServerDevice, status, perr)
		}
		// The code is not spent: the device takes another id and tries again.
		if status, _, perr := enrol(t, env, code, "laptop"); status != 200 {
			t.Fatalf("the same code with another id: %d %+v", status, perr)
		}
	})
	t.Run("a code expires", func(t *testing.T) {
		env := testenv.Start(t, server.Options{})
		code := env.Code(org) // valid for an hour
		env.Clock.Advance(61 * time.Minute)
		if status, _, perr := enrol(t, env, code, "laptop"); status != http.StatusForbidden || perr.Code != protocol.CodeBadCode {
			t.Fatalf("expired code: %d %+v", status, perr)
		}
	})
	t.Run("wrong guesses are rate limited", func(t *testing.T) {
		env := testenv.Start(t, server.Options{EnrolFailures: 5, EnrolWindow: 15 * time.Minute})
		code := env.Code(org)
		for i := range 5 {
			if status, _, perr := enrol(t, env, "WRONG-CODE-"+string(rune('A'+i)), "x"); status != http.StatusForbidden {
				t.Fatalf("guess %d: %d %+v", i, status, perr)
			}
		}
		status, _, perr := enrol(t, env, code, "laptop")
		if status != http.StatusTooManyRequests || perr.Code != protocol.CodeRateLimited || perr.RetryAfterSeconds <= 0 {
			t.Fatalf("after five wrong guesses even the right code must wait: %d %+v", status, perr)
		}
		env.Clock.Advance(16 * time.Minute)
		if status, _, perr := enrol(t, env, code, "laptop"); status != 200 {
			t.Fatalf("after the window: %d %+v", status, perr)
		}
	})
	t.Run("codes need existing venues", func(t *testing.T) {
		env := testenv.Start(t, server.Options{})
		if _, _, err := env.Store.CreateCode(protocol.Scope{Venues: []string{"nowhere"}}, "", time.Hour); !errors.Is(err, server.ErrUnknownVenue) {
			t.Fatalf("code for an unknown venue: %v", err)
		}
		if _, _, err := env.Store.CreateCode(protocol.Scope{}, "", time.Hour); err == nil {
			t.Fatal("a code with no scope was made")
		}
	})
	t.Run("revoking refuses the device at once and survives a restart", func(t *testing.T) {
		env := testenv.Start(t, server.Options{})
		raw, err := env.NewRaw("tablet", org, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := raw.PullAll(0); err != nil {
			t.Fatal(err)
		}
		if err := env.Store.Revoke("tablet"); err != nil {
			t.Fatal(err)
		}
		env.Restart()
		raw.URL = env.URL
		_, _, err = raw.PullAll(0)
		var perr *protocol.Error
		if !errors.As(err, &perr) || perr.Code != protocol.CodeRevoked {
			t.Fatalf("revoked device pulled: %v", err)
		}
		if err := env.Store.Revoke("no-such-device"); !errors.Is(err, server.ErrNoDevice) {
			t.Fatalf("revoking an unknown device: %v", err)
		}
	})
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

func TestCheckListenRefusesPlainHTTPOffLoopback(t *testing.T) {
	cases := []struct {
		addr       string
		tls, plain bool
		ok         bool
	}{
		{"127.0.0.1:8420", false, false, true},
		{"[::1]:8420", false, false, true},
		{"localhost:8420", false, false, true},
		{"0.0.0.0:8420", false, false, false},
		{":8420", false, false, false},
		{"192.168.1.20:8420", false, false, false},
		{"0.0.0.0:8420", true, false, true},
		{"0.0.0.0:8420", false, true, true},
		{"nonsense", false, false, false},
	}
	for _, tc := range cases {
		t.Run(tc.addr, func(t *testing.T) {
			err := server.CheckListen(tc.addr, tc.tls, tc.plain)
			if (err == nil) != tc.ok {
				t.Errorf("CheckListen(%q, tls=%v, plain=%v) = %v", tc.addr, tc.tls, tc.plain, err)
			}
		})
	}
}
