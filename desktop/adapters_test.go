package desktop

import (
	"errors"
	"testing"
	"time"

	"github.com/gather-sp/gather/app"
	"github.com/gather-sp/gather/sync/client"
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
