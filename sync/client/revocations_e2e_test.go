package client_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/sync/client"
	"github.com/gather-sp/gather/sync/internal/testenv"
	"github.com/gather-sp/gather/sync/protocol"
	"github.com/gather-sp/gather/sync/server"
)

// An administrator's device sends again, after the server's restore, the
// revocations it made and those it saw in the server's device list; a
// device the restored server never knew is skipped without stopping the
// rest.
func TestOfficeRevokesAgainWhatItRevokedAndWhatItListed(t *testing.T) {
	w := newWorld(t)
	venue := protocol.Scope{Venues: []string{w.v1}}
	lost := w.env.NewDevice("lost tablet", venue, client.Options{}, nil)
	lost.Sync()
	byServer := w.env.NewDevice("tablet revoked on the server", venue, client.Options{}, nil)
	byServer.Sync()
	backup := w.env.Backup()

	ctx := context.Background()
	late := w.env.NewDevice("tablet enrolled after the backup", venue, client.Options{}, nil)
	late.Sync()
	if err := w.office.Client.Revoke(ctx, late.Store.Device()); err != nil { // first: the restored server does not know it
		t.Fatal(err)
	}
	if err := w.office.Client.Revoke(ctx, lost.Store.Device()); err != nil {
		t.Fatal(err)
	}
	if err := w.env.Store.Revoke(byServer.Store.Device()); err != nil { // gather-server revoke
		t.Fatal(err)
	}
	if _, err := w.office.Client.Devices(ctx); err != nil { // the office sees it in the list
		t.Fatal(err)
	}
	w.env.RestoreFrom(backup)
	w.person("bob", "Bob", w.act1, w.v1)
	w.office.Sync()

	for _, d := range []*testenv.Device{lost, byServer} {
		if err := d.Client.SyncOnce(ctx); !errors.Is(err, client.ErrRevoked) {
			t.Errorf("%s's sync after the office's: %v, want ErrRevoked", d.Name, err)
		}
		if d.Has(domain.KindPerson, "bob") {
			t.Errorf("%s pulled a newcomer's card", d.Name)
		}
	}
}

// failRevoke fails every admin revoke request while on is set, as a lost
// connection would.
type failRevoke struct {
	on   atomic.Bool
	seen atomic.Int32
	next http.RoundTripper
}

func (f *failRevoke) RoundTrip(req *http.Request) (*http.Response, error) {
	if strings.HasSuffix(req.URL.Path, protocol.PathAdminRevoke) {
		f.seen.Add(1)
		if f.on.Load() {
			return nil, errors.New("connection reset")
		}
	}
	return f.next.RoundTrip(req)
}

// A revocation the administrator's device cannot send again after the
// restore is not lost: it is sent at the next sync, after a restart too.
func TestRevocationNotSentAgainAfterTheRestoreIsSentAtTheNextSync(t *testing.T) {
	w := newWorld(t)
	rt := &failRevoke{next: http.DefaultTransport}
	admin := w.env.NewDeviceAs("admin laptop", org, domain.RoleAdministrator, client.Options{HTTPClient: testenv.HTTPClient(rt)}, nil)
	admin.Sync()
	stolen := w.env.NewDevice("stolen tablet", protocol.Scope{Venues: []string{w.v1}}, client.Options{}, nil)
	stolen.Sync()
	backup := w.env.Backup()
	if err := admin.Client.Revoke(context.Background(), stolen.Store.Device()); err != nil {
		t.Fatal(err)
	}
	w.env.RestoreFrom(backup)

	rt.on.Store(true)
	admin.Sync() // its records go through; the revocation does not
	if rt.seen.Load() < 2 {
		t.Fatalf("the administrator's device sent %d revocation(s) after the restore, want it to try", rt.seen.Load()-1)
	}
	rt.on.Store(false)
	admin.Restart()
	admin.Sync()

	if err := stolen.Client.SyncOnce(context.Background()); !errors.Is(err, client.ErrRevoked) {
		t.Errorf("the stolen tablet's sync after the administrator's next sync: %v, want ErrRevoked", err)
	}
}

// A device enrolled again for a role that may not manage devices sends
// none of the revocations it knew as an administrator's after a restore:
// the server would refuse them.
func TestDeviceNoLongerAnAdministratorsSendsNoRevocationAfterARestore(t *testing.T) {
	w := newWorld(t)
	rt := &failRevoke{next: http.DefaultTransport}
	laptop := w.env.NewDeviceAs("laptop", org, domain.RoleAdministrator, client.Options{HTTPClient: testenv.HTTPClient(rt)}, nil)
	laptop.Sync()
	stolen := w.env.NewDevice("stolen tablet", protocol.Scope{Venues: []string{w.v1}}, client.Options{}, nil)
	if err := laptop.Client.Revoke(context.Background(), stolen.Store.Device()); err != nil {
		t.Fatal(err)
	}
	laptop.Enrol(w.env, org, domain.RoleReception)
	laptop.Sync()
	backup := w.env.Backup()
	w.env.RestoreFrom(backup)
	before := rt.seen.Load()
	laptop.Sync()
	if n := rt.seen.Load() - before; n != 0 {
		t.Errorf("the reception laptop sent %d revocation(s) after the restore", n)
	}
}

// An administrator's device enrolled after the server's backup is not
// known to the restored server; once connected again with a new code, it
// sends its revocations again all the same.
func TestAdministratorEnrolledAfterTheBackupRevokesAgainOnceConnectedAgain(t *testing.T) {
	w := newWorld(t)
	stolen := w.env.NewDevice("stolen tablet", protocol.Scope{Venues: []string{w.v1}}, client.Options{}, nil)
	stolen.Sync()
	backup := w.env.Backup()
	laptop := w.env.NewDeviceAs("new admin laptop", org, domain.RoleAdministrator, client.Options{}, nil)
	laptop.Sync()
	if err := laptop.Client.Revoke(context.Background(), stolen.Store.Device()); err != nil {
		t.Fatal(err)
	}
	w.env.RestoreFrom(backup)
	if err := laptop.Client.SyncOnce(context.Background()); err == nil {
		t.Fatal("the restored server knows a device enrolled after its backup")
	}
	laptop.Enrol(w.env, org, domain.RoleAdministrator)
	laptop.Sync()
	if err := stolen.Client.SyncOnce(context.Background()); !errors.Is(err, client.ErrRevoked) {
		t.Errorf("the stolen tablet's sync after the laptop's: %v, want ErrRevoked", err)
	}
}

// An administrator's laptop that revoked devices on another server (a
// training copy made from the organisation's backup, or a server that is
// not the organisation's at all, whose device list may say anything) and
// is then enrolled with the organisation's server sends none of those
// revocations there: the same device ids are the organisation's working
// tablets, which a revocation wipes.
func TestRevocationsOnAnotherServerAreNotSentToTheNext(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	tablet := w.env.NewDevice("garden tablet", protocol.Scope{Venues: []string{w.v1}}, client.Options{}, nil)
	tablet.Sync()

	other := testenv.Start(t, server.Options{})
	if _, err := other.Store.AdoptOrganisation(ctx, w.env.Store.Organisation()); err != nil {
		t.Fatal(err)
	}
	laptop := other.NewDeviceAs("admin laptop", org, domain.RoleAdministrator, client.Options{}, nil)
	laptop.Sync()
	// The garden tablet's id, on the other server (a copy knows it).
	if _, err := other.NewRawAs(tablet.Store.Device(), protocol.Scope{Venues: []string{other.Venue("v-other", "Other")}}, "", nil); err != nil {
		t.Fatal(err)
	}
	if err := laptop.Client.Revoke(ctx, tablet.Store.Device()); err != nil {
		t.Fatal(err)
	}

	laptop.Enrol(w.env, org, domain.RoleAdministrator)
	laptop.Sync()
	if err := tablet.Client.SyncOnce(ctx); err != nil {
		t.Errorf("the organisation's tablet after the laptop moved from another server: %v", err)
	}
}
