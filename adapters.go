package main

import (
	"context"
	"errors"

	"github.com/gather-sp/gather/app"
	"github.com/gather-sp/gather/app/lock"
	"github.com/gather-sp/gather/sync/client"
)

// syncer shows the sync client to the UI as an app.Syncer.
type syncer struct{ c *client.Client }

func (s syncer) Status() app.SyncStatus { return syncStatus(s.c.Status(), s.c.ServerURL()) }

func (s syncer) Updates() <-chan struct{} { return s.c.Updates() }

func (s syncer) SyncNow() { s.c.SyncNow() }

func (s syncer) Connect(ctx context.Context, serverURL, code string) error {
	return s.c.Connect(ctx, serverURL, code)
}

// syncStatus translates the client's status into the UI's words.
func syncStatus(st client.Status, server string) app.SyncStatus {
	out := app.SyncStatus{Progress: st.Progress, Pending: st.Pending, LastSynced: st.LastSynced, Server: server}
	switch st.State {
	case client.StateOffline:
		out.State = app.SyncOffline
	case client.StateSyncing:
		out.State = app.SyncSyncing
	case client.StateSynced:
		out.State = app.SyncSynced
	case client.StateError:
		out.State = app.SyncError
	default:
		out.State = app.SyncNotConnected
	}
	if st.Err != "" {
		out.Err = errors.New(st.Err)
	}
	return out
}

var (
	_ app.Syncer    = syncer{}
	_ app.StaffKeys = lock.Admin{}
	_ app.Lock      = (*lock.Gate)(nil)
)
