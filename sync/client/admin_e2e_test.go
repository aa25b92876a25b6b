package client_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/sync/client"
	"github.com/gather-sp/gather/sync/protocol"
)

// An administrator's organisation device makes a code for a new tablet,
// sees it listed, and removes it through the client, with its own token;
// the tablet's next sync reports it revoked.
func TestAdministratorDeviceRevokesATablet(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	admin := w.env.NewDeviceAs("admin laptop", org, domain.RoleAdministrator, client.Options{}, nil)
	admin.Sync()
	if e, ok := admin.Client.Enrolment(); !ok || !e.Scope.Organisation || e.Role != domain.RoleAdministrator || e.DeviceID != admin.Store.Device() {
		t.Fatalf("enrolment %+v %v", e, ok)
	}

	code, expires, err := admin.Client.CreateCode(ctx, protocol.Scope{Venues: []string{w.v1}}, domain.RoleFacilitator, 2*time.Hour)
	if err != nil || code == "" || time.Until(expires) < 90*time.Minute {
		t.Fatalf("create code: %q %v %v", code, expires, err)
	}
	tablet := w.env.NewDevice("garden tablet", protocol.Scope{Venues: []string{w.v1}}, client.Options{}, nil)
	// The code the administrator made enrols a second tablet too.
	second := w.env.NewDevice("spare", protocol.Scope{Venues: []string{w.v1}}, client.Options{}, nil)
	if err := client.Enrol(ctx, second.Store, w.env.URL, code, client.Options{DeviceName: "spare"}); err != nil {
		t.Fatalf("enrol with the administrator's code: %v", err)
	}
	if e, _ := second.Client.Enrolment(); e.Role != domain.RoleFacilitator || !e.Scope.HasVenue(w.v1) || e.Scope.Organisation {
		t.Fatalf("the code's device enrolled as %+v", e)
	}
	tablet.Sync()

	list, err := admin.Client.Devices(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var found *protocol.DeviceInfo
	for i := range list {
		if list[i].ID == tablet.Store.Device() {
			found = &list[i]
		}
	}
	if found == nil || found.Name != "garden tablet" || found.LastSynced == 0 || found.Revoked {
		t.Fatalf("the tablet is not listed as synced: %+v", list)
	}

	if err := admin.Client.Revoke(ctx, admin.Store.Device()); err == nil || !strings.Contains(err.Error(), "cannot remove itself") {
		t.Fatalf("the administrator's device removed itself: %v", err)
	}
	if err := admin.Client.Revoke(ctx, tablet.Store.Device()); err != nil {
		t.Fatal(err)
	}
	if err := tablet.Client.SyncOnce(ctx); !errors.Is(err, client.ErrRevoked) {
		t.Fatalf("the tablet's next sync: %v, want ErrRevoked", err)
	}
	if !tablet.Client.Revoked() || !strings.Contains(tablet.Client.Status().Err, "removed by an administrator") {
		t.Fatalf("tablet status %+v", tablet.Client.Status())
	}
	admin.Sync() // the administrator's device is unaffected

	// A facilitator's tablet is refused in words.
	_, err = second.Client.Devices(ctx)
	var perr *protocol.Error
	if !errors.As(err, &perr) || perr.Code != protocol.CodeForbidden || !strings.Contains(err.Error(), "administrator") {
		t.Fatalf("a facilitator's tablet listed devices: %v", err)
	}
}

func TestAdminMethodsSayWhenOffline(t *testing.T) {
	w := newWorld(t)
	admin := w.env.NewDeviceAs("admin laptop", org, domain.RoleAdministrator, client.Options{}, nil)
	dead := httptest.NewServer(http.NotFoundHandler())
	dead.Close()
	if err := admin.Store.SetMeta(map[string][]byte{client.MetaServer: []byte(dead.URL)}); err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Client.Devices(context.Background()); !errors.Is(err, client.ErrOffline) {
		t.Fatalf("offline: %v", err)
	}
	if err := admin.Store.SetMeta(map[string][]byte{client.MetaToken: nil}); err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Client.Devices(context.Background()); !errors.Is(err, client.ErrNotConnected) {
		t.Fatalf("not connected: %v", err)
	}
}
