package desktop

import (
	"context"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/audit"
	"github.com/gather-sp/gather/device"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/sync/protocol"
)

// TestAdministratorRemovesATabletFromTheApp: an administrator on an office
// computer enrolled as an administrator's organisation device opens
// Admin › Devices, removes a venue tablet and confirms; the tablet wipes
// itself at its next sync. Real sessions, sync clients and server; the
// server's admin token is never used.
func TestAdministratorRemovesATabletFromTheApp(t *testing.T) {
	srvStore, url := startServer(t)
	if _, err := srvStore.AddVenue("garden", "Riverside Surgery Garden", ""); err != nil {
		t.Fatal(err)
	}
	tabletCode, _, err := srvStore.CreateCode(protocol.Scope{Venues: []string{"garden"}}, domain.RoleFacilitator, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	officeCode, _, err := srvStore.CreateCode(protocol.Scope{Organisation: true}, domain.RoleAdministrator, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	tablet, _ := newTestSession(t)
	if err := tablet.client.Connect(ctx, url, tabletCode); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the tablet's first sync", func() bool { return tablet.client.Status().State == "synced" })

	office, _ := newTestSession(t)
	if err := office.client.Connect(ctx, url, officeCode); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the office's first sync", func() bool { return office.client.Status().State == "synced" })

	office.ui.ShowNav("admin")
	tab, _ := find[*widget.Button](t, office.win.Content(), func(b *widget.Button) bool { return b.Text == "Devices" })
	if tab == nil {
		t.Fatalf("Admin has no Devices section on the administrator's organisation device:\n%s", windowText(t, office.win))
	}
	test.Tap(tab)
	var remove *widget.Button
	waitFor(t, "the list of devices", func() bool {
		remove, _ = find[*widget.Button](t, office.win.Content(), func(b *widget.Button) bool { return b.Text == "Remove this device" })
		return remove != nil
	})
	test.Tap(remove)
	overlay := office.win.Canvas().Overlays().Top()
	if overlay == nil {
		t.Fatal("Remove did not ask first")
	}
	yes, _ := find[*widget.Button](t, overlay, func(b *widget.Button) bool { return b.Text == "Remove this device" })
	if yes == nil {
		t.Fatal("the confirm has no Remove button")
	}
	test.Tap(yes)
	waitFor(t, "the removal and its audit entry", func() bool {
		return len(audit.List(office.st.View(), audit.Filter{Action: audit.ActionDeviceRemoved})) == 1
	})

	tablet.client.SyncNow()
	waitFor(t, "the tablet's wipe", func() bool {
		_, wiped := device.WipedAt(tablet.paths)
		return wiped
	})
	if office.client.Revoked() {
		t.Fatal("the office computer was revoked too")
	}
}
