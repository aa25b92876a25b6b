package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/gather-sp/gather/sync/protocol"
)

// Managing devices from an administrator's organisation device. The server
// admits these requests with the device's own token when the device was
// enrolled for the whole organisation with the administrator role; it
// refuses every other device (see docs/sync-protocol.md). The server's
// admin token is never on a device.

// ErrOffline is returned by the admin methods when the server cannot be
// reached; the error wrapping it says why.
var ErrOffline = errors.New("cannot reach the server: connect to the server to manage devices")

// ErrNotConnected is returned by the admin methods on a device that was
// never enrolled.
var ErrNotConnected = errors.New("this device is not connected to a server: connect it in Settings first")

// Enrolment is what the server enrolled this device as.
type Enrolment struct {
	DeviceID string
	Scope    protocol.Scope
	Role     string // "" when enrolled before the role was kept
}

// Enrolment returns what this device was enrolled as; false before it was
// enrolled.
func (c *Client) Enrolment() (Enrolment, bool) {
	if _, err := c.config(); err != nil {
		return Enrolment{}, false
	}
	e := Enrolment{DeviceID: c.store.Device()}
	b, _ := c.store.Meta(MetaScope)
	if json.Unmarshal(b, &e.Scope) != nil {
		return Enrolment{}, false
	}
	role, _ := c.store.Meta(MetaRole)
	e.Role = string(role)
	return e, true
}

// adminCall sends an admin request with this device's token.
func (c *Client) adminCall(ctx context.Context, method, path string, in, out any) error {
	if c.revoked.Load() {
		return ErrRevoked
	}
	cfg, err := c.config()
	switch {
	case errors.Is(err, errNotConnected):
		return ErrNotConnected
	case err != nil:
		return err
	case cfg.revoked:
		return ErrRevoked
	}
	err = send(ctx, c.http, method, cfg.server, cfg.token, path, in, out)
	var perr *protocol.Error
	var herr *httpError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &perr):
		if perr.Code == protocol.CodeRevoked {
			c.revoked.Store(true)
			c.store.SetMeta(map[string][]byte{MetaRevoked: []byte("1")})
			return ErrRevoked
		}
		return perr // its message is in words
	case errors.As(err, &herr), errors.Is(err, context.Canceled), errors.Is(err, protocol.ErrAnswerTooLarge):
		return err
	}
	return fmt.Errorf("%w (%v)", ErrOffline, err)
}

// Devices lists the organisation's devices, newest first.
func (c *Client) Devices(ctx context.Context) ([]protocol.DeviceInfo, error) {
	var resp protocol.DevicesResponse
	if err := c.adminCall(ctx, http.MethodGet, protocol.PathAdminDevices, nil, &resp); err != nil {
		return nil, err
	}
	for i := range resp.Devices {
		resp.Devices[i].Name = serverWords(resp.Devices[i].Name)
	}
	noteRevoked(c.store, resp.Devices) // sent again after a restore (revocations.go)
	return resp.Devices, nil
}

// CreateCode makes a one-time enrolment code for a new device of scope and
// role, working for validFor (the server's default, a day, when 0).
func (c *Client) CreateCode(ctx context.Context, scope protocol.Scope, role string, validFor time.Duration) (string, time.Time, error) {
	var resp protocol.CreateCodeResponse
	req := &protocol.CreateCodeRequest{Schema: protocol.Schema, Scope: scope, Role: role, ValidForMinute: int(validFor / time.Minute)}
	if err := c.adminCall(ctx, http.MethodPost, protocol.PathAdminCodes, req, &resp); err != nil {
		return "", time.Time{}, err
	}
	return resp.Code, time.UnixMilli(resp.Expires), nil
}

// Revoke removes another device: the server refuses it from its next
// request on, and it wipes its records when it hears so.
func (c *Client) Revoke(ctx context.Context, deviceID string) error {
	if err := c.revoke(ctx, deviceID); err != nil {
		return err
	}
	// Sent again after a restore (revocations.go); the server holds it now.
	if err := addKnownRevoked(c.store, deviceID); err != nil {
		c.log.Warn("could not remember a revocation to send again after a restore", "device", deviceID, "err", err)
	}
	return nil
}

func (c *Client) revoke(ctx context.Context, deviceID string) error {
	return c.adminCall(ctx, http.MethodPost, protocol.PathAdminRevoke, &protocol.RevokeRequest{Schema: protocol.Schema, DeviceID: deviceID}, nil)
}
