package desktop

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/gather-sp/gather/app"
	"github.com/gather-sp/gather/app/lock"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/client"
	"github.com/gather-sp/gather/sync/protocol"
)

// syncer shows the sync client to the UI as an app.Syncer.
type syncer struct{ c *client.Client }

func (s syncer) Status() app.SyncStatus { return syncStatus(s.c.Status(), s.c.ServerURL()) }

func (s syncer) Updates() <-chan struct{} { return s.c.Updates() }

func (s syncer) SyncNow() { s.c.SyncNow() }

func (s syncer) Connect(ctx context.Context, serverURL, code string) error {
	return connectError(s.c.Connect(ctx, serverURL, code), s.c.Organisation())
}

// connectError names the refusal the UI explains in its own words; held
// is the organisation whose records the device holds.
func connectError(err error, held string) error {
	var perr *protocol.Error
	if errors.As(err, &perr) && perr.Code == protocol.CodeOtherOrganisation {
		return fmt.Errorf("%w: %w", &app.OtherOrganisationError{Held: held}, err)
	}
	return err
}

// Refused makes the syncer an app.RefusedLister.
func (s syncer) Refused() []app.RefusedChange {
	list := s.c.Refused()
	out := make([]app.RefusedChange, len(list))
	for i, r := range list {
		out[i] = app.RefusedChange{At: r.At, Staff: r.Staff, Kind: record.Kind(r.Kind), ID: r.ID, Field: r.Field, Value: r.Value, Reason: r.Reason, Key: r.Key()}
	}
	return out
}

// UndoRefused makes the syncer an app.RefusedUndoer.
func (s syncer) UndoRefused(ctx context.Context, keys ...string) (int, error) {
	return s.c.UndoRefused(ctx, keys...)
}

// Enrolment, Devices, CreateCode and RevokeDevice make the syncer an
// app.DeviceAdmin: an administrator manages devices with this device's token.
func (s syncer) Enrolment() (app.Enrolment, bool) {
	e, ok := s.c.Enrolment()
	return app.Enrolment{DeviceID: e.DeviceID, Scope: appScope(e.Scope), Role: e.Role}, ok
}

func (s syncer) Devices(ctx context.Context) ([]app.DeviceInfo, error) {
	list, err := s.c.Devices(ctx)
	if err != nil {
		return nil, adminError(err)
	}
	out := make([]app.DeviceInfo, len(list))
	for i, d := range list {
		out[i] = app.DeviceInfo{ID: d.ID, Name: d.Name, Scope: appScope(d.Scope), Role: d.Role,
			Enrolled: unixMilli(d.Enrolled), LastSeen: unixMilli(d.LastSeen), LastSynced: unixMilli(d.LastSynced), Revoked: d.Revoked}
	}
	return out, nil
}

func (s syncer) CreateCode(ctx context.Context, scope app.DeviceScope, role string, validFor time.Duration) (app.EnrolmentCode, error) {
	code, expires, err := s.c.CreateCode(ctx, protocol.Scope{Organisation: scope.Organisation, Venues: scope.Venues}, role, validFor)
	if err != nil {
		return app.EnrolmentCode{}, adminError(err)
	}
	return app.EnrolmentCode{Code: code, Expires: expires}, nil
}

func (s syncer) RevokeDevice(ctx context.Context, id string) error {
	return adminError(s.c.Revoke(ctx, id))
}

func appScope(s protocol.Scope) app.DeviceScope {
	return app.DeviceScope{Organisation: s.Organisation, Venues: s.Venues}
}

func unixMilli(ms int64) time.Time {
	if ms == 0 {
		return time.Time{}
	}
	return time.UnixMilli(ms)
}

// adminError gives the app the errors it explains in its own words.
func adminError(err error) error {
	switch {
	case errors.Is(err, client.ErrOffline):
		return fmt.Errorf("%w: %w", app.ErrServerUnreachable, err)
	case errors.Is(err, client.ErrNotConnected):
		return app.ErrNotEnrolled
	}
	return err
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
	_ app.Syncer        = syncer{}
	_ app.DeviceAdmin   = syncer{}
	_ app.RefusedUndoer = syncer{}
	_ app.StaffKeys     = lock.Admin{}
	_ app.Lock          = (*lock.Gate)(nil)
)
