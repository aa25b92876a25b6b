package client

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"

	"github.com/gather-sp/gather/record"
)

// Undoing refused changes.
//
// A change the server refused stays on this device only (setAside): the
// device shows a value no other device sees. Undoing it puts this device
// back to what the server holds. The server's value is not on the device:
// the refused write replaced it in the store, and a venue device is never
// sent fields outside its scope (a person's phone number). So the device
// drops the field, when it still holds exactly the refused write, and
// pulls everything again from the start (MetaPullAgain); the pull brings
// the field as the server holds it, or nothing when this device may not
// hold it. A field written since, here or elsewhere, is someone's later
// save and stays. Nothing is queued: the refused value is never sent again
// and nothing is written on the server.

// Key names a refused change for UndoRefused: stable while it is listed.
func (r RefusedChange) Key() string {
	return strconv.FormatUint(r.Seq, 10) + "\x00" + r.record() + "\x00" + r.Field + "\x00" + r.Stamp.String()
}

// UndoRefused puts this device back to what the server holds for the
// refused changes named by keys (Key), and takes them off the list; it
// returns how many it took off. A key no longer listed is passed over. It
// stops a sync under way and asks for one after: until it has pulled, the
// fields show nothing. The fields, the list and the pull to come are saved
// in one store transaction, so a crash leaves either all or none of it.
// It may wait for the store: call it off the UI goroutine.
func (c *Client) UndoRefused(ctx context.Context, keys ...string) (int, error) {
	if err := c.takeSync(ctx); err != nil { // a push or pull must not change the list meanwhile
		return 0, err
	}
	defer c.unlockSync()
	list, err := c.refused()
	if err != nil {
		return 0, err
	}
	records, err := c.refusedRecords()
	if err != nil {
		return 0, err
	}
	pushedOff, err := c.store.Meta(MetaRefusedPushedOff)
	if err != nil {
		return 0, err
	}
	wanted := map[string]bool{}
	for _, k := range keys {
		wanted[k] = true
	}
	var undone, kept []RefusedChange
	for _, r := range list {
		if wanted[r.Key()] {
			undone = append(undone, r)
		} else {
			kept = append(kept, r)
		}
	}
	if len(undone) == 0 {
		return 0, nil
	}
	writes, err := c.refusedWrites(undone)
	if err != nil {
		return 0, err
	}
	meta := map[string][]byte{}
	meta[MetaRefused], _ = json.Marshal(kept)
	// A record leaves MetaRefusedRecords once no listed change names it,
	// unless changes were pushed off the list (maxRefused): one of those
	// may be about it, and the forget functions must still keep it.
	if len(pushedOff) > 0 || len(list) >= maxRefused {
		meta[MetaRefusedPushedOff] = []byte("1")
	} else {
		listed := map[string]bool{}
		for _, r := range kept {
			listed[r.record()] = true
		}
		left := slices.DeleteFunc(slices.Clone(records), func(r refusedRecord) bool { return !listed[recordName(r.Kind, r.ID)] })
		meta[MetaRefusedRecords], _ = json.Marshal(left)
	}
	dropped, err := c.store.DropLocalWrites(writes, func(dropped int) map[string][]byte {
		if dropped > 0 {
			// The server's values come with a pull from the start.
			meta[MetaCursor], meta[MetaPullAgain] = []byte("0"), []byte("1")
		}
		return meta
	})
	if err != nil {
		return 0, fmt.Errorf("undoing refused changes: %w", err)
	}
	c.log.Info("refused changes undone on this device", "changes", len(undone), "fields_dropped", dropped)
	c.SyncNow()
	return len(undone), nil
}

// refusedWrites are the writes of the listed changes as the store holds
// them. A change listed before stamps were kept has none: it is the
// field's state if that has the refused value and was written on this
// device, which the server refused; otherwise the field holds a later
// value, and nothing is dropped.
func (c *Client) refusedWrites(list []RefusedChange) ([]record.Write, error) {
	ws := make([]record.Write, 0, len(list))
	for _, r := range list {
		w := record.Write{Kind: record.Kind(r.Kind), ID: r.ID, Field: r.Field, Value: r.Value, Stamp: r.Stamp}
		if w.Stamp.IsZero() {
			e, err := c.store.Entity(w.Kind, w.ID)
			if err != nil {
				return nil, err
			}
			f, ok := e.Fields[w.Field]
			if !ok || f.Value != w.Value {
				continue
			}
			if mine, err := c.store.MadeHere(f.Stamp.Device); err != nil || !mine {
				continue // an error keeps the field: dropping too little loses nothing
			}
			w.Stamp = f.Stamp
		}
		ws = append(ws, w)
	}
	return ws, nil
}
