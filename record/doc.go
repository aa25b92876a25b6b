// Package record holds Gather's unit of data, the entity, and the merge rule
// that lets devices converge without coordination.
//
// An entity is a kind, an id and a set of fields. Every change is a Write to
// one field, stamped with a hybrid logical clock. An entity's state keeps, per
// field, the write with the greatest stamp (the stamp's device id breaks
// ties). That rule is commutative, associative and idempotent, so any order,
// duplication or delay of writes gives the same state. Deletion and merging of
// duplicate people are ordinary fields (FieldDeleted, FieldMergedInto), so they
// merge the same way.
//
// Each write also carries the stamp of the field state its author saw (Base).
// When a write meets a state whose author had not seen it, and vice versa, the
// two were concurrent: the merge still picks the same winner everywhere, and
// Apply reports the losing value as a Conflict for a person to review.
package record
