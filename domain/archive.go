package domain

import "github.com/gather-sp/gather/record"

// Archive takes a venue, an activity or a practice out of use. Nothing is
// deleted: "deleted" is a field like any other, so its history stays and
// it syncs and merges like any change.
func Archive(kind record.Kind, id string) record.Change {
	return record.Change{Kind: kind, ID: id, Fields: map[string]string{record.FieldDeleted: "true"}}
}

// Restore puts an archived record back in use.
func Restore(kind record.Kind, id string) record.Change {
	return record.Change{Kind: kind, ID: id, Fields: map[string]string{record.FieldDeleted: ""}}
}
