package client

import (
	"bytes"
	"encoding/json"
	"time"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/hlc"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/storage"
	"github.com/gather-sp/gather/sync/protocol"
)

// CaseHold is how long a venue device keeps the case details typed on it
// (a walk-in's phone number or date of birth) after it finds the server
// holds them: a server restored from a backup up to this old gets them
// back when the device sends everything again (storage.RequeueAll), where
// a device that had dropped them at once would leave them lost.
const CaseHold = 7 * 24 * time.Hour

// forgetCaseData drops, on a device enrolled for venues, the case details
// of people the server has held for CaseHold (a walk-in's phone number and
// date of birth typed on the tablet): see storage.Store.ForgetCaseFields.
// An organisation device keeps everything.
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
	held, err := c.holdCaseData(keep, time.UnixMilli(c.store.Clock().Wall()))
	if err != nil {
		return err
	}
	_, err = c.store.ForgetCaseFields(func(kind record.Kind, id string) bool {
		return keep(kind, id) || kind == domain.KindPerson && held[id]
	})
	return err
}

// caseHeld is when a device found the server holding a person's case
// fields, as they stood then (the newest stamp among them: a detail typed
// again starts the hold again).
type caseHeld struct {
	Since  time.Time     `json:"since"`
	Newest hlc.Timestamp `json:"newest"`
}

// holdCaseData returns the people whose case fields the server holds but
// this device keeps for CaseHold from now, recording in MetaCaseHeld when
// the hold of each began. People whose fields are no longer held drop out.
func (c *Client) holdCaseData(keep storage.Keep, now time.Time) (map[string]bool, error) {
	list, err := c.store.CaseFieldsHeld(keep)
	if err != nil {
		return nil, err
	}
	old, err := c.store.Meta(MetaCaseHeld)
	if err != nil || len(list) == 0 && len(old) == 0 {
		return nil, err
	}
	was := map[string]caseHeld{}
	if len(old) > 0 && json.Unmarshal(old, &was) != nil {
		was = map[string]caseHeld{} // damaged: the holds start again, which keeps more, never less
	}
	next, held := map[string]caseHeld{}, map[string]bool{}
	for _, p := range list {
		h, ok := was[p.ID]
		if !ok || h.Newest != p.Newest {
			h = caseHeld{Since: now, Newest: p.Newest}
		}
		if now.Sub(h.Since) < CaseHold {
			next[p.ID], held[p.ID] = h, true
		}
	}
	var b []byte // none held: the key goes
	if len(next) > 0 {
		if b, err = json.Marshal(next); err != nil {
			return nil, err
		}
	}
	if bytes.Equal(b, old) {
		return held, nil
	}
	return held, c.store.SetMeta(map[string][]byte{MetaCaseHeld: b})
}

// forgetOutOfScope drops, after an enrolment whose scope does not cover
// the last one, or whose role may be sent less (access.DeviceKeepsAllOf)
// (MetaForget), every record the server holds but staff (every device
// gets them, and they unlock it): an office device handed to a venue
// keeps no case data, a tablet moved to another venue nothing of the one
// it left, and a link worker's laptop enrolled again as reception no
// measures. The pull from the start (Enrol) brings back what the
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
