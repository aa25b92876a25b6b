package domain

import "github.com/gather-sp/gather/record"

// Edit is the change a form saves to record id of kind: for a new record
// every field that has a value, for an edit only the fields that differ from what the form
// showed (so a change another device made meanwhile to another field
// survives).
func Edit(kind record.Kind, id string, isNew bool, before, after any) record.Change {
	if !isNew {
		return record.Change{Kind: kind, ID: id, Fields: Diff(before, after)}
	}
	fields := map[string]string{}
	for k, v := range Encode(after) {
		if v != "" {
			fields[k] = v
		}
	}
	return record.Change{Kind: kind, ID: id, Fields: fields}
}
