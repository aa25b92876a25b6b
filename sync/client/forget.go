package client

import (
	"encoding/json"

	"github.com/gather-sp/gather/domain"
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
	keep, err := c.keepRefused()
	if err != nil {
		return err
	}
	_, err = c.store.ForgetCaseFields(keep)
	return err
}

// forgetOutOfScope drops, after an enrolment whose scope does not cover
// the last one (MetaForget), every record the server holds but staff
// (every device gets them, and they unlock it): an office device handed to
// a venue keeps no case data, and a tablet moved to another venue nothing
// of the one it left. The pull from the start (Enrol) brings back what the
// new scope allows. What waits to be sent, or was refused, stays: this
// device holds its only copy.
func (c *Client) forgetOutOfScope() error {
	if b, err := c.store.Meta(MetaForget); err != nil || len(b) == 0 {
		return err
	}
	keep, err := c.keepRefused()
	if err != nil {
		return err
	}
	if _, err := c.store.ForgetRecords(func(k record.Kind) bool { return k != domain.KindStaff }, keep); err != nil {
		return err
	}
	return c.store.SetMeta(map[string][]byte{MetaForget: nil})
}

// keepRefused keeps, through the storage forget functions, every record
// with a change set aside as refused: the change is acknowledged, so no
// longer waiting, yet this device holds its only copy. The records come
// from MetaRefusedRecords and, for a store that set changes aside before
// that list was kept, from the Refused list. A list that cannot be read
// is an error: forgetting without it could drop such a record.
func (c *Client) keepRefused() (storage.Keep, error) {
	records, err := c.refusedRecords()
	if err != nil {
		return nil, err
	}
	list, err := c.refused()
	if err != nil {
		return nil, err
	}
	held := map[string]bool{}
	for _, r := range records {
		held[recordName(r.Kind, r.ID)] = true
	}
	for _, r := range list {
		held[r.record()] = true
	}
	return func(kind record.Kind, id string) bool { return held[recordName(kind, id)] }, nil
}

// refusedRecord names a record with a change set aside as refused.
type refusedRecord struct {
	Kind record.Kind `json:"kind"`
	ID   string      `json:"id"`
}

// refusedRecords lists the records in MetaRefusedRecords, in the order
// their first change was set aside.
func (c *Client) refusedRecords() ([]refusedRecord, error) {
	var list []refusedRecord
	return list, readRefusedMeta(c.store, MetaRefusedRecords, &list)
}

// recordName names a record in the sets kept of refused changes; kinds
// hold no NUL.
func recordName(kind record.Kind, id string) string { return string(kind) + "\x00" + id }

// record names the record r changes (recordName).
func (r RefusedChange) record() string { return recordName(record.Kind(r.Kind), r.ID) }
