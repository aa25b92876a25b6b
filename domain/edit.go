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

// Create is the change that saves v as a new record id of kind, every
// field written (empty ones too, so nothing is left from before).
func Create(kind record.Kind, id string, v any) record.Change {
	return record.Change{Kind: kind, ID: id, Fields: Encode(v)}
}

// Changed is the edit of record id from before to after as a list: empty
// when nothing differs, so saving it writes nothing.
func Changed(kind record.Kind, id string, before, after any) []record.Change {
	if c := Edit(kind, id, false, before, after); len(c.Fields) > 0 {
		return []record.Change{c}
	}
	return nil
}
