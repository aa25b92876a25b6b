package server_test

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/sync/internal/testenv"
	"github.com/gather-sp/gather/sync/protocol"
	"github.com/gather-sp/gather/sync/server"
)

// adminCall sends an admin request with a bearer token (none when empty)
// and decodes the answer into out, or the refusal.
func adminCall(t *testing.T, env *testenv.Env, token, method, path string, in, out any) (int, *protocol.Error) {
	t.Helper()
	var body io.Reader
	if in != nil {
		b, err := protocol.Encode(in)
		if err != nil {
			t.Fatal(err)
		}
		body = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, env.URL+path, body)
	protocol.SetHeaders(req.Header)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	gz := resp.Header.Get("Content-Encoding") == "gzip"
	if resp.StatusCode != http.StatusOK {
		var perr protocol.Error
		if err := protocol.DecodeBytes(raw, gz, 1<<20, &perr); err != nil || perr.Code == "" {
			t.Fatalf("%s %s: %d with a body that is not a JSON error: %q", method, path, resp.StatusCode, raw)
		}
		return resp.StatusCode, &perr
	}
	if out != nil {
		if err := protocol.DecodeBytes(raw, gz, 1<<20, out); err != nil {
			t.Fatal(err)
		}
	}
	return resp.StatusCode, nil
}

// enrolAs enrols a device with a code of a role and returns its token.
func enrolAs(t *testing.T, env *testenv.Env, id string, scope protocol.Scope, role string) string {
	t.Helper()
	status, resp, perr := enrol(t, env, env.CodeAs(scope, role), id)
	if status != http.StatusOK {
		t.Fatalf("enrol %s: %d %+v", id, status, perr)
	}
	return resp.Token
}

func TestAdminRequestsFromDevices(t *testing.T) {
	env := testenv.Start(t, server.Options{})
	garden := env.Venue("garden", "Garden")
	admin := enrolAs(t, env, "office-admin", org, domain.RoleAdministrator)
	linkWorker := enrolAs(t, env, "office-link", org, domain.RoleLinkWorker)
	venueAdmin := enrolAs(t, env, "garden-admin", protocol.Scope{Venues: []string{garden}}, domain.RoleAdministrator)
	lost := enrolAs(t, env, "lost-admin", org, domain.RoleAdministrator)
	if err := env.Store.Revoke("lost-admin"); err != nil {
		t.Fatal(err)
	}
	codeReq := &protocol.CreateCodeRequest{Schema: protocol.Schema, Scope: protocol.Scope{Venues: []string{garden}}, Role: domain.RoleFacilitator, ValidForMinute: 60}
	revokeReq := &protocol.RevokeRequest{Schema: protocol.Schema, DeviceID: "office-link"}

	for _, c := range []struct {
		name, token string
		allowed     bool
		code        string // the refusal's code
	}{
		{"an administrator's organisation device", admin, true, ""},
		{"the admin token", env.Admin, true, ""},
		{"a venue device, even an administrator's", venueAdmin, false, protocol.CodeForbidden},
		{"a link worker's organisation device", linkWorker, false, protocol.CodeForbidden},
		{"a revoked administrator's device", lost, false, protocol.CodeRevoked},
		{"no token", "", false, protocol.CodeForbidden},
		{"a token the server never gave", "not-a-token", false, protocol.CodeForbidden},
	} {
		t.Run(c.name, func(t *testing.T) {
			var list protocol.DevicesResponse
			status, perr := adminCall(t, env, c.token, http.MethodGet, protocol.PathAdminDevices, nil, &list)
			check := func(what string) {
				t.Helper()
				switch {
				case c.allowed && status != http.StatusOK:
					t.Fatalf("%s: refused %d %+v", what, status, perr)
				case !c.allowed && (status != http.StatusForbidden || perr.Code != c.code || perr.Message == ""):
					t.Fatalf("%s: want 403 %s, got %d %+v", what, c.code, status, perr)
				}
			}
			check("list devices")
			if c.allowed && len(list.Devices) != 4 {
				t.Fatalf("listed %d devices, want 4: %+v", len(list.Devices), list.Devices)
			}
			var code protocol.CreateCodeResponse
			status, perr = adminCall(t, env, c.token, http.MethodPost, protocol.PathAdminCodes, codeReq, &code)
			check("create code")
			if c.allowed && (code.Code == "" || code.Expires <= env.Clock.Now().UnixMilli()) {
				t.Fatalf("code %+v", code)
			}
			if !c.allowed {
				status, perr = adminCall(t, env, c.token, http.MethodPost, protocol.PathAdminRevoke, revokeReq, nil)
				check("revoke")
			}
		})
	}
	// None of the refused revokes took effect.
	if _, perr := env.Store.Authenticate(linkWorker); perr != nil {
		t.Fatalf("a refused revoke removed the device: %+v", perr)
	}
}

func TestCodeMadeByADeviceEnrolsATablet(t *testing.T) {
	env := testenv.Start(t, server.Options{})
	garden := env.Venue("garden", "Garden")
	admin := enrolAs(t, env, "office-admin", org, domain.RoleAdministrator)
	var code protocol.CreateCodeResponse
	if status, perr := adminCall(t, env, admin, http.MethodPost, protocol.PathAdminCodes,
		&protocol.CreateCodeRequest{Schema: protocol.Schema, Scope: protocol.Scope{Venues: []string{garden}}, Role: domain.RoleVolunteer, ValidForMinute: 120}, &code); perr != nil {
		t.Fatalf("create code: %d %+v", status, perr)
	}
	if want := env.Clock.Now().Add(2 * time.Hour); time.UnixMilli(code.Expires).Sub(want).Abs() > time.Second {
		t.Errorf("expires %v, want %v", time.UnixMilli(code.Expires), want)
	}
	status, resp, perr := enrol(t, env, code.Code, "garden-tablet")
	if status != http.StatusOK || !resp.Scope.HasVenue(garden) || resp.Scope.Organisation || resp.Role != domain.RoleVolunteer {
		t.Fatalf("enrol with the device's code: %d %+v %+v", status, resp, perr)
	}

	t.Run("roles and lifetimes are checked", func(t *testing.T) {
		for _, req := range []protocol.CreateCodeRequest{
			{Schema: protocol.Schema, Scope: org, Role: "superuser"},
			{Schema: protocol.Schema, Scope: org, Role: ""},
			{Schema: protocol.Schema, Scope: org, Role: domain.RoleFacilitator, ValidForMinute: 31 * 24 * 60},
			{Schema: protocol.Schema, Scope: protocol.Scope{Venues: []string{"nowhere"}}, Role: domain.RoleFacilitator},
		} {
			if status, perr := adminCall(t, env, admin, http.MethodPost, protocol.PathAdminCodes, &req, nil); status != http.StatusBadRequest || perr.Code != protocol.CodeBadRequest {
				t.Errorf("%+v: want 400, got %d %+v", req, status, perr)
			}
		}
	})
}

func TestRevokeByADevice(t *testing.T) {
	env := testenv.Start(t, server.Options{})
	garden := env.Venue("garden", "Garden")
	admin := enrolAs(t, env, "office-admin", org, domain.RoleAdministrator)
	tablet, err := env.NewRaw("garden-tablet", protocol.Scope{Venues: []string{garden}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := tablet.PullAll(0); err != nil {
		t.Fatal(err)
	}

	var list protocol.DevicesResponse
	if _, perr := adminCall(t, env, admin, http.MethodGet, protocol.PathAdminDevices, nil, &list); perr != nil {
		t.Fatal(perr)
	}
	var seen protocol.DeviceInfo
	for _, d := range list.Devices {
		if d.ID == "garden-tablet" {
			seen = d
		}
	}
	if seen.LastSeen == 0 || seen.LastSynced == 0 || seen.Revoked {
		t.Fatalf("the tablet's listing lacks when it was seen and synced: %+v", seen)
	}

	if status, perr := adminCall(t, env, admin, http.MethodPost, protocol.PathAdminRevoke,
		&protocol.RevokeRequest{Schema: protocol.Schema, DeviceID: "office-admin"}, nil); status != http.StatusForbidden || perr.Code != protocol.CodeForbidden {
		t.Fatalf("a device removed itself: %d %+v", status, perr)
	}
	if status, perr := adminCall(t, env, admin, http.MethodPost, protocol.PathAdminRevoke,
		&protocol.RevokeRequest{Schema: protocol.Schema, DeviceID: "nobody"}, nil); status != http.StatusNotFound {
		t.Fatalf("revoking an unknown device: %d %+v", status, perr)
	}
	if _, perr := adminCall(t, env, admin, http.MethodPost, protocol.PathAdminRevoke,
		&protocol.RevokeRequest{Schema: protocol.Schema, DeviceID: "garden-tablet"}, nil); perr != nil {
		t.Fatalf("revoke: %+v", perr)
	}
	_, _, err = tablet.PullAll(0)
	if perr := (*protocol.Error)(nil); !errors.As(err, &perr) || perr.Code != protocol.CodeRevoked {
		t.Fatalf("the revoked tablet's next request: %v", err)
	}
	if _, perr := adminCall(t, env, admin, http.MethodGet, protocol.PathAdminDevices, nil, &list); perr != nil {
		t.Fatal(perr)
	}
	for _, d := range list.Devices {
		if d.ID == "garden-tablet" && !d.Revoked {
			t.Fatal("the listing does not show the tablet revoked")
		}
	}
}
