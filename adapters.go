package main

import (
	"context"
	"errors"

	"github.com/gather-sp/gather/app"
	"github.com/gather-sp/gather/app/lock"
	"github.com/gather-sp/gather/keyslot"
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

// staffKeys manages the key file as the administrator who unlocked the
// device; every change fails once the device has locked.
type staffKeys struct {
	kf   *keyslot.File
	gate *lock.Gate
}

var errLocked = errors.New("the device locked: unlock it and try again")

func (k staffKeys) admin() (*keyslot.Unlocked, error) {
	if u := k.gate.Current(); u != nil {
		return u, nil
	}
	return nil, errLocked
}

func (k staffKeys) Members() []keyslot.Member { return k.kf.Members() }

func (k staffKeys) Status(id string) (keyslot.Status, error) { return k.kf.Status(id) }

func (k staffKeys) MinPINLength() int { return keyslot.DefaultMinPINLength }

func (k staffKeys) AddStaff(m keyslot.Member, pin string) error {
	return k.as(func(a *keyslot.Unlocked) error { return k.kf.AddStaff(a, m, pin) })
}

func (k staffKeys) UpdateStaff(m keyslot.Member) error {
	return k.as(func(a *keyslot.Unlocked) error { return k.kf.UpdateStaff(a, m) })
}

func (k staffKeys) RemoveStaff(id string) error {
	return k.as(func(a *keyslot.Unlocked) error { return k.kf.RemoveStaff(a, id) })
}

func (k staffKeys) ResetPIN(id, pin string) error {
	return k.as(func(a *keyslot.Unlocked) error { return k.kf.ResetPIN(a, id, pin) })
}

func (k staffKeys) ClearLockout(id string) error {
	return k.as(func(a *keyslot.Unlocked) error { return k.kf.ClearLockout(a, id) })
}

func (k staffKeys) as(f func(*keyslot.Unlocked) error) error {
	a, err := k.admin()
	if err != nil {
		return err
	}
	return f(a)
}

var (
	_ app.Syncer    = syncer{}
	_ app.StaffKeys = staffKeys{}
	_ app.Lock      = (*lock.Gate)(nil)
)
