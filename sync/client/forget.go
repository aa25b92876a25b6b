package client

import (
	"encoding/json"

	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/storage"
	"github.com/gather-sp/gather/sync/protocol"
)

// forgetCaseData drops, on a device enrolled for venues, the case details
// of people the server now holds (a walk-in's phone number and date of
// birth typed on the tablet): see storage.Store.ForgetCaseFields. An
// organisation device keeps everything.
func (c *Client) forgetCaseData() error {
	b, err := c.store.Meta(MetaScope)
	if err != nil || len(b) == 0 {
		return err
	}
	var scope protocol.Scope
	if json.Unmarshal(b, &scope) != nil || scope.Organisation {
		return nil // an unreadable scope keeps everything: the server still decides what it sends
	}
	_, err = c.store.ForgetCaseFields(c.keepRefused())
	return err
}

// keepRefused keeps, through the storage forget functions, every record
// with a change set aside as refused: the change is acknowledged, so no
// longer waiting, yet this device holds its only copy. The records come
// from MetaRefusedRecords and, for a store that set changes aside before
// that list was kept, from the Refused list.
func (c *Client) keepRefused() storage.Keep {
	held := map[string]bool{}
	for _, r := range c.refusedRecords() {
		held[recordName(r.Kind, r.ID)] = true
	}
	for _, r := range c.Refused() {
		held[r.record()] = true
	}
	return func(kind record.Kind, id string) bool { return held[recordName(kind, id)] }
}

// refusedRecord names a record with a change set aside as refused.
type refusedRecord struct {
	Kind record.Kind `json:"kind"`
	ID   string      `json:"id"`
}

// refusedRecords lists the records in MetaRefusedRecords, in the order
// their first change was set aside.
func (c *Client) refusedRecords() []refusedRecord {
	b, _ := c.store.Meta(MetaRefusedRecords)
	var list []refusedRecord
	json.Unmarshal(b, &list)
	return list
}

// recordName names a record in the sets kept of refused changes; kinds
// hold no NUL.
func recordName(kind record.Kind, id string) string { return string(kind) + "\x00" + id }

// record names the record r changes (recordName).
func (r RefusedChange) record() string { return recordName(record.Kind(r.Kind), r.ID) }

// scope is what this device is enrolled for; the zero Scope before it is
// enrolled, or when the saved scope cannot be read.
func (c *Client) scope() protocol.Scope {
	var scope protocol.Scope
	if b, err := c.store.Meta(MetaScope); err == nil && len(b) > 0 {
		_ = json.Unmarshal(b, &scope)
	}
	return scope
}
