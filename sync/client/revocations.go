package client

import (
	"context"
	"encoding/json"
	"errors"
	"slices"

	"github.com/gather-sp/gather/access"
	"github.com/gather-sp/gather/storage"
	"github.com/gather-sp/gather/sync/protocol"
)

// Revocations an administrator's device brings back to a restored server.
// The server keeps a revocation only in its device list, and a restore
// (or rotate-epoch after a point-in-time restore) puts that list back as
// the backup held it: a tablet revoked since would sync again. So a
// device that may manage devices remembers the ids it knows were revoked
// (those it revoked, those the server's list showed revoked), and when it
// hears the server's epoch changed it sends each revocation again
// (revokeAgain), as it sends its records again. A revoked id is never
// enrolled again (the server refuses it), so sending one again can only
// remove a device that should stay removed.

const (
	// MetaKnownRevoked lists, as JSON, the ids of devices this device knows
	// were revoked, oldest first, at most maxKnownRevoked.
	MetaKnownRevoked = "sync.known_revoked"
	// MetaRevokeAgain is "1" from a change of the server's epoch (resetEpoch,
	// or an enrolment with a server of another epoch) until every known
	// revocation was sent again (revokeAgain): a failure leaves it for the
	// next sync, so none is lost to a lost connection.
	MetaRevokeAgain = "sync.revoke_again"
)

// maxKnownRevoked bounds MetaKnownRevoked: an organisation revokes far
// fewer devices than this, and the newest are the ones a backup can have
// missed.
const maxKnownRevoked = 2000

// knownRevoked reads MetaKnownRevoked; an unreadable list reads as empty
// (it is a help after a restore, not a record).
func knownRevoked(st *storage.Store) []string {
	b, err := st.Meta(MetaKnownRevoked)
	if err != nil || len(b) == 0 {
		return nil
	}
	var ids []string
	if json.Unmarshal(b, &ids) != nil {
		return nil
	}
	return ids
}

// addKnownRevoked adds ids (oldest first) to MetaKnownRevoked, each moved
// to the newest end if already there, keeping the newest maxKnownRevoked.
func addKnownRevoked(st *storage.Store, ids ...string) error {
	if len(ids) == 0 {
		return nil
	}
	list := knownRevoked(st)
	changed := false
	for _, id := range ids {
		if id == "" {
			continue
		}
		if i := slices.Index(list, id); i >= 0 {
			if i == len(list)-1 {
				continue
			}
			list = slices.Delete(list, i, i+1)
		}
		list = append(list, id)
		changed = true
	}
	if !changed {
		return nil
	}
	if n := len(list) - maxKnownRevoked; n > 0 {
		list = list[n:]
	}
	b, err := json.Marshal(list)
	if err != nil {
		return err
	}
	return st.SetMeta(map[string][]byte{MetaKnownRevoked: b})
}

// noteRevoked remembers the revoked devices in a list from the server,
// oldest enrolment first so the newest are kept. It adds nothing the
// list already holds, so listing devices writes nothing most times.
func noteRevoked(st *storage.Store, devices []protocol.DeviceInfo) {
	known := knownRevoked(st)
	var ids []string
	for i := len(devices) - 1; i >= 0; i-- { // the server lists newest first
		if d := devices[i]; d.Revoked && !slices.Contains(known, d.ID) {
			ids = append(ids, d.ID)
		}
	}
	_ = addKnownRevoked(st, ids...) // a help after a restore: listing still works without it
}

// markRevokeAgain adds MetaRevokeAgain to meta, written with a new epoch,
// when the store knows revocations to send again.
func markRevokeAgain(st *storage.Store, meta map[string][]byte) {
	if len(knownRevoked(st)) > 0 {
		meta[MetaRevokeAgain] = []byte("1")
	}
}

// revocationsOnEnrol adds to meta, written by an enrolment with server
// (epoch, the store's was old), what becomes of the known revocations:
// sent again to the same server under a new epoch (restored, and this
// device enrolled after its backup); forgotten for another server's
// address. Another server's device ids may be the organisation's own
// devices (a training copy made from its backup), and one that is not
// the organisation's lists whatever it likes as revoked: sent here, they
// would remove working tablets, which wipe themselves.
func revocationsOnEnrol(st *storage.Store, server string, old []byte, epoch string, meta map[string][]byte) error {
	was, err := st.Meta(MetaServer)
	if err != nil {
		return err
	}
	switch {
	case len(was) > 0 && string(was) != server:
		meta[MetaKnownRevoked], meta[MetaRevokeAgain] = nil, nil
	case len(old) > 0 && string(old) != epoch:
		markRevokeAgain(st, meta) // a restored server lacks later revocations
	}
	return nil
}

// mayManageDevices says whether this device's enrolment lets it revoke
// devices (the server checks the same: adminOrDevice).
func (c *Client) mayManageDevices() bool {
	e, ok := c.Enrolment()
	return ok && e.Scope.Organisation && access.CanDo(e.Role, access.ActionManageDevices)
}

// revokeAgain sends every known revocation again after the server's epoch
// changed (MetaRevokeAgain), and clears the mark once all are through. A
// device the server does not know is skipped; one revoked already is
// fine. Any other failure leaves the mark for the next sync. It costs one
// meta read when there is nothing to send.
func (c *Client) revokeAgain(ctx context.Context) {
	if b, err := c.store.Meta(MetaRevokeAgain); err != nil || string(b) != "1" {
		return
	}
	if !c.mayManageDevices() {
		// Enrolled again since for a role that may not: nothing to send.
		c.store.SetMeta(map[string][]byte{MetaRevokeAgain: nil})
		return
	}
	self := c.store.Device()
	sent := 0
	for _, id := range knownRevoked(c.store) {
		if id == self {
			continue
		}
		err := c.revoke(ctx, id)
		var perr *protocol.Error
		switch {
		case err == nil:
			sent++
		case errors.As(err, &perr) && perr.Code == protocol.CodeNotFound:
			// Enrolled after the backup, or on another server: nothing to undo.
		case errors.As(err, &perr) && perr.Code == protocol.CodeForbidden:
			// The server does not take this device as an administrator's:
			// it will not until it is enrolled again.
			c.log.Warn("the server refuses this device's revocations; revoke the devices removed before its restore by hand", "err", err)
			c.store.SetMeta(map[string][]byte{MetaRevokeAgain: nil})
			return
		default:
			c.log.Warn("could not revoke a device again after the server's restore; the next sync tries again", "device", id, "err", err)
			return
		}
	}
	c.log.Info("revoked again the devices revoked before the server's restore", "devices", sent)
	c.store.SetMeta(map[string][]byte{MetaRevokeAgain: nil})
}
