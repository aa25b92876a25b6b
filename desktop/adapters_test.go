package desktop

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/gather-sp/gather/app"
	"github.com/gather-sp/gather/app/shell"
	"github.com/gather-sp/gather/storage/storagetest"
	"github.com/gather-sp/gather/sync/client"
	"github.com/gather-sp/gather/sync/protocol"
)

func TestSyncStatus(t *testing.T) {
	at := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		in   client.Status
		want app.SyncStatus
	}{
		{client.Status{State: client.StateNotConnected}, app.SyncStatus{State: app.SyncNotConnected}},
		{client.Status{State: client.StateOffline, Pending: 3}, app.SyncStatus{State: app.SyncOffline, Pending: 3}},
		{client.Status{State: client.StateSyncing, Progress: 0.5}, app.SyncStatus{State: app.SyncSyncing, Progress: 0.5}},
		{client.Status{State: client.StateSynced, LastSynced: at}, app.SyncStatus{State: app.SyncSynced, LastSynced: at}},
		{client.Status{State: client.StateError, Err: "clock is wrong"}, app.SyncStatus{State: app.SyncError, Err: errors.New("clock is wrong")}},
	} {
		got := syncStatus(tc.in, "https://gather.example.org")
		tc.want.Server = "https://gather.example.org"
		if got.State != tc.want.State || got.Pending != tc.want.Pending || got.Progress != tc.want.Progress ||
			!got.LastSynced.Equal(tc.want.LastSynced) || got.Server != tc.want.Server || (got.Err == nil) != (tc.want.Err == nil) ||
			(got.Err != nil && got.Err.Error() != tc.want.Err.Error()) {
			t.Errorf("syncStatus(%+v) = %+v, want %+v", tc.in, got, tc.want)
		}
	}
}

func TestConnectErrorNamesAnotherOrganisation(t *testing.T) {
	other := &protocol.Error{Code: protocol.CodeOtherOrganisation, Message: "another organisation"}
	for _, tc := range []struct {
		name  string
		err   error
		other bool
	}{
		{"another organisation's server", fmt.Errorf("enrol: %w", other), true},
		{"a wrong code", &protocol.Error{Code: protocol.CodeBadCode, Message: "not valid"}, false},
		{"no error", nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := connectError(tc.err, "org-a")
			if errors.Is(got, app.ErrOtherOrganisation) != tc.other || !errors.Is(got, tc.err) {
				t.Errorf("connectError(%v) = %v", tc.err, got)
			}
			var oe *app.OtherOrganisationError
			if tc.other && (!errors.As(got, &oe) || oe.Held != "org-a") {
				t.Errorf("connectError(%v) does not name the organisation the device holds: %v", tc.err, got)
			}
		})
	}
}

// TestSyncerListsRefusedChanges: the app sees the changes the sync
// client set aside as refused, as they were kept.
func TestSyncerListsRefusedChanges(t *testing.T) {
	st := storagetest.Open(t)
	at := time.Date(2026, 11, 21, 10, 2, 0, 0, time.UTC)
	b, _ := json.Marshal([]client.RefusedChange{{Seq: 7, Kind: "person", ID: "p1", Field: "phone", Value: "07700 900555", Staff: "bev", Reason: "outside this device's venues", At: at}})
	if err := st.SetMeta(map[string][]byte{client.MetaRefused: b}); err != nil {
		t.Fatal(err)
	}
	got := syncer{client.New(st, client.Options{})}.Refused()
	want := []app.RefusedChange{{At: at, Staff: "bev", Kind: "person", ID: "p1", Field: "phone", Value: "07700 900555", Reason: "outside this device's venues",
		Key: client.RefusedChange{Seq: 7, Kind: "person", ID: "p1", Field: "phone"}.Key()}}
	if len(got) != 1 || got[0] != want[0] {
		t.Errorf("refused %+v, want %+v", got, want)
	}
}

// TestShellReadsTheSyncClientsMeta: the screens read the device's scope
// and enrolled role from the store's meta under the sync client's names
// (shell.VenueDevice, shell.DeviceRefusal); a rename on one side only
// would leave a reception desk offering erasures the server refuses.
func TestShellReadsTheSyncClientsMeta(t *testing.T) {
	if shell.MetaSyncScope != client.MetaScope || shell.MetaSyncRole != client.MetaRole {
		t.Errorf("shell reads %q and %q, the sync client writes %q and %q", shell.MetaSyncScope, shell.MetaSyncRole, client.MetaScope, client.MetaRole)
	}
}
