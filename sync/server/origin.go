package server

import (
	"crypto/sha256"

	"github.com/gather-sp/gather/domain"

	"github.com/gather-sp/gather/record"
)

// No echo: a device is not sent back what it pushed.
//
// A push carries the instance of the device's store: a random name made
// each time the store is opened (protocol.PushRequest.Instance). The
// server notes, on each record a commit logs, the origin of its new state:
// the instance (with the device it belongs to) that holds every field of
// it, field for field (value and stamp): fields its pushes sent in this
// commit, and fields left unchanged from a previous state it holds. It
// holds the previous state when that was logged with the same origin, or
// when its push said its store had pulled past where that state was logged
// (PushRequest.Cursor) and the state was wholly visible to it then. A
// pull with that instance leaves the entry out and moves its cursor past
// it.
//
// Only the same opening of the store is sure to hold what it sent: its
// store never loses a committed write while it is open. A device id alone
// would not do: a store put back from a backup, or a copy of its files on
// another tablet, has the same device id (until the server tells them
// apart at a push) but not every write made under it. They open with
// instances of their own, so they get everything, as before. The cursor
// is safe to trust across copies: a store saves its cursor in the same
// transaction as the records pulled with it, so any copy of the store
// with that cursor holds them.
//
// What this cannot leave out, and sends as before: records that hold a
// field from anyone else (a conflict the device lost, another tablet's
// field, the server's own writes such as an erasure's tombstone or a
// conflict record), records touched in one commit by two instances, and
// what an opening of the store pushed before the store was closed, and
// what it pushed under an earlier enrolment.

// originKey names one opening of one device's store, under one
// enrolment, in log entries: a hash of the device id (as authenticated),
// its token's hash and the instance it sent, so a device cannot name
// another's.
//
// The token's hash changes with every enrolment, so an enrolment never
// inherits the origins of the one before. A store that was a venue tablet
// forgets the case details it pushed once the server holds them
// (storage.Store.ForgetCaseFields): the same opening, enrolled again for
// the whole organisation, no longer holds what its old entries say, and
// must be sent them.
func originKey(dev *Device, instance string) string {
	if instance == "" || dev == nil {
		return ""
	}
	h := sha256.Sum256([]byte(dev.ID + "\x00" + dev.TokenHash + "\x00" + instance))
	return string(h[:16])
}

// noteSent records that job j's store instance pushed w to c in this group.
func (c *cached) noteSent(j *pushJob, w record.Write) {
	if j.origin == "" || c.mixed {
		return
	}
	if c.by != nil && c.by.origin != j.origin {
		c.mixed, c.sent = true, nil
		return
	}
	if c.by == nil {
		c.by = j
	}
	if c.sent == nil {
		c.sent = map[string]record.FieldState{}
	}
	if cur, ok := c.sent[w.Field]; ok && w.Stamp.Less(cur.Stamp) {
		return
	}
	c.sent[w.Field] = record.FieldState{Value: w.Value, Stamp: w.Stamp, Base: w.Base, Staff: w.Staff}
}

// heldBy returns the origin that holds c's new state whole, or "": every
// field is one its pushes sent in this group or one unchanged from the
// previous state (old, logged at c.oldSeq), if it holds that.
func (c *cached) heldBy(old *LogEntry) string {
	if c.by == nil || c.mixed {
		return ""
	}
	var before *record.Entity
	for name, f := range c.e.Fields {
		if s, ok := c.sent[name]; ok && s == f {
			continue
		}
		if old == nil || !c.heldBefore(old) {
			return ""
		}
		if before == nil {
			var err error
			if before, err = record.DecodeEntity(old.Kind, old.ID, old.State, nil); err != nil {
				return ""
			}
		}
		if b, ok := before.Fields[name]; !ok || b != f {
			return ""
		}
	}
	return c.by.origin
}

// heldBefore says whether the pushing instance holds the state old
// logged before this group: it was logged with the same origin, or at or
// before the push's cursor and wholly visible to the device.
func (c *cached) heldBefore(old *LogEntry) bool {
	j := c.by
	if old.Origin == j.origin {
		return true
	}
	if c.oldSeq == 0 || c.oldSeq > j.req.Cursor || j.dev.PullFromStart {
		// A cursor sent before the device has pulled from the start
		// under this enrolment was reached under another scope.
		return false
	}
	scope := j.dev.Scope
	switch old.Audience {
	case AudienceEveryone:
		// A venue device sees the settings without their case fields.
		return scope.Organisation || !domain.HasCaseFields(old.Kind)
	case AudienceVenue:
		return scope.HasVenue(old.Venue)
	case AudienceOrganisation, AudiencePerson:
		// A venue device sees a person's card without the case fields.
		return scope.Organisation
	}
	return false
}
