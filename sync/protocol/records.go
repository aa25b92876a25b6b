package protocol

import "fmt"

// PathPullRecords answers the current state of named records
// (RecordsRequest), as the device may see them, whatever their sequence:
// after an undo of refused changes the device dropped those fields and
// needs the server's values of them, and a pull from the start would send
// it every record it may see to bring back a few. A server from before it
// answers not_found; the device then pulls from the start.
const PathPullRecords = "/v1/pull/records"

// MaxPullRecords bounds the records one RecordsRequest names.
const MaxPullRecords = 100

// RecordRef names a record.
type RecordRef struct {
	Kind string `json:"kind"`
	ID   string `json:"id"`
}

// RecordsRequest asks for the records named, in the epoch the device's
// cursor is in (a server restored since answers epoch_changed, as a pull
// does). States is as PullRequest's. The answer is a PullResponse whose
// Entities are the records the device may see (a record it may not see,
// or the server does not hold, is left out, as a pull leaves it out);
// the device's cursor does not move. The answer holds at most a pull
// page's bytes (its first record always goes in): when it stops short,
// More is set and Next is how many of the records named it covers, and
// the device asks again for the rest.
type RecordsRequest struct {
	Schema  int         `json:"schema"`
	Epoch   string      `json:"epoch"`
	States  int         `json:"states,omitempty"`
	Records []RecordRef `json:"records"`
}

// Validate checks a records request's bounds.
func (r *RecordsRequest) Validate() error {
	if len(r.Records) == 0 || len(r.Records) > MaxPullRecords {
		return fmt.Errorf("name 1 to %d records", MaxPullRecords)
	}
	if r.States < 0 || r.States > 255 {
		return fmt.Errorf("states must be an encoding version between 0 and 255")
	}
	if len(r.Epoch) > 64 {
		return fmt.Errorf("epoch is too long")
	}
	for i, x := range r.Records {
		switch {
		case x.Kind == "" || len(x.Kind) > MaxKindBytes || !isName(x.Kind):
			return fmt.Errorf("record %d: kind must be 1 to %d bytes of UTF-8 text without NUL", i, MaxKindBytes)
		case x.ID == "" || len(x.ID) > MaxIDBytes || !isName(x.ID):
			return fmt.Errorf("record %d: id must be 1 to %d bytes of UTF-8 text without NUL", i, MaxIDBytes)
		}
	}
	return nil
}
