package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"

	"github.com/gather-sp/gather/hlc"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/protocol"
)

// Undoing refused changes.
//
// A change the server refused stays on this device only (setAside): the
// device shows a value no other device sees. Undoing it puts this device
// back to what the server holds. The server's value is not on the device:
// the refused write replaced it in the store, and a venue device is never
// sent fields outside its scope (a person's phone number). So the device
// drops the field, when it still holds exactly the refused write, and
// notes its record (MetaPullRecords); the next sync asks the server for
// those records alone (pullRecords, protocol.PathPullRecords), whoever
// pushed them, and brings each field as the server holds it, or nothing
// when this device may not hold it. An office device holds the whole
// organisation: pulling everything again from the start, as undo did
// before, fetched every record to bring back one field. A server from
// before that answer is still pulled from the start (MetaPullAgain). A
// field written since, here or elsewhere, is someone's later save and
// stays. Nothing is queued: the refused value is never sent again and
// nothing is written on the server.

// MetaPullRecords lists, as JSON protocol.RecordRefs, the records whose
// refused fields an undo dropped (UndoRefused), until the server's state
// of them is fetched (pullRecords). It is written with the drop, and
// cleared with the records applied, each in one store transaction.
const MetaPullRecords = "sync.pull_records"

// Key names a refused change for UndoRefused: stable while it is listed.
func (r RefusedChange) Key() string {
	return strconv.FormatUint(r.Seq, 10) + "\x00" + r.record() + "\x00" + r.Field + "\x00" + r.Stamp.String()
}

// UndoRefused puts this device back to what the server holds for the
// refused changes named by keys (Key), and takes them off the list; it
// returns how many it took off. A key no longer listed is passed over. It
// stops a sync under way and asks for one after, which fetches the
// records concerned: until then, the fields show nothing. The fields, the list and the pull to come are saved
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
	fetch, err := c.recordsToFetch()
	if err != nil {
		return 0, err
	}
	for _, w := range writes {
		if ref := (protocol.RecordRef{Kind: string(w.Kind), ID: w.ID}); !slices.Contains(fetch, ref) {
			fetch = append(fetch, ref)
		}
	}
	dropped, err := c.store.DropLocalWrites(writes, func(dropped int) map[string][]byte {
		if dropped > 0 {
			// The server's values come with the next sync (pullRecords).
			meta[MetaPullRecords], _ = json.Marshal(fetch)
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

// recordsToFetch reads MetaPullRecords.
func (c *Client) recordsToFetch() ([]protocol.RecordRef, error) {
	var refs []protocol.RecordRef
	b, err := c.store.Meta(MetaPullRecords)
	if err != nil || len(b) == 0 {
		return nil, err
	}
	if err := json.Unmarshal(b, &refs); err != nil {
		// The fields stay dropped until fetched: pull everything again.
		c.log.Warn("this device's list of records to fetch after an undo is damaged; fetching everything again", "err", err)
		return nil, c.pullAllAgain()
	}
	return refs, nil
}

// pullAllAgain asks for a pull from the start that brings this store's
// own pushes too (MetaPullAgain), in place of the records an undo noted:
// it brings them all.
func (c *Client) pullAllAgain() error {
	return c.store.SetMeta(map[string][]byte{MetaCursor: []byte("0"), MetaPullAgain: []byte("1"), MetaPullRecords: nil})
}

// pullRecords fetches the records an undo of refused changes noted
// (MetaPullRecords) as the server holds them, whatever their sequence,
// and applies them, taking each batch off the list in the same store
// transaction. The cursor stays: the records come as the server holds
// them now, which later pages merge with as ever. A server from before
// this answer is asked for everything from the start instead (the pull
// that follows), and so is one restored from a backup (epoch_changed).
func (c *Client) pullRecords(ctx context.Context, cfg config) error {
	refs, err := c.recordsToFetch()
	if err != nil || len(refs) == 0 {
		return err
	}
	epoch, _ := c.cursor()
	for len(refs) > 0 {
		n := min(len(refs), protocol.MaxPullRecords)
		req := &protocol.RecordsRequest{Schema: protocol.Schema, Epoch: epoch, States: record.EntityVersion, Records: refs[:n]}
		var resp protocol.PullResponse
		err := c.call(ctx, cfg, protocol.PathPullRecords, req, &resp)
		var perr *protocol.Error
		var herr *httpError
		switch {
		case errors.As(err, &perr) && (perr.Code == protocol.CodeNotFound || perr.Code == protocol.CodeEpochChanged),
			errors.As(err, &herr) && herr.status == http.StatusNotFound:
			c.log.Info("the server does not answer records by name; fetching everything again", "err", err)
			if serr := c.pullAllAgain(); serr != nil {
				return serr
			}
			if perr != nil && perr.Code == protocol.CodeEpochChanged {
				return c.epochChanged(err) // a restored server: everything is sent and fetched again
			}
			return nil // the pull that follows starts from the start
		case err != nil:
			return err
		}
		if resp.More {
			// The answer had room for the first Next records named
			// (protocol.RecordsRequest): the rest stay noted and are asked
			// for again.
			if resp.Next == 0 || resp.Next > uint64(n) {
				return fmt.Errorf("the server said it answered %d of the %d records asked for by name, which it never should; they are asked for again", resp.Next, n)
			}
			n = int(resp.Next)
		}
		records, states, err := decodeRecords(resp.Entities)
		if err != nil {
			return err
		}
		rest := refs[n:]
		meta := map[string][]byte{MetaPullRecords: nil}
		if len(rest) > 0 {
			meta[MetaPullRecords], _ = json.Marshal(rest)
		}
		if err := c.forgetErased(records, meta); err != nil {
			return err
		}
		if err := c.apply(records, states, meta); err != nil {
			return err
		}
		c.store.Clock().Observe(hlc.Timestamp{Wall: resp.ServerTime})
		c.log.Info("fetched the records of undone refused changes", "asked", n, "received", len(records))
		refs = rest
	}
	return nil
}
