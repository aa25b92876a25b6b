package record

import (
	"sort"

	"github.com/gather-sp/gather/hlc"
)

// Kind names a type of entity, such as "person" or "attendance".
type Kind string

// Fields every kind may carry.
const (
	FieldDeleted    = "deleted"     // "true" once the entity is deleted
	FieldMergedInto = "merged_into" // id of the entity this duplicate was merged into
	// FieldErased, once "true", erases the entity for good (the right to
	// erasure): every other field but merged_into is dropped and later
	// writes to them are ignored. Being absorbing, it merges in any order
	// like the rest.
	FieldErased = "erased"
	// FieldErasureSeal is the server's signature of an erasure it took
	// (sync/server: erasureseal.go). Only the server writes it; a device
	// holds it with the tombstone and sends it back unchanged, so a
	// server restored from before the erasure takes the erasure again
	// from any of the organisation's devices. It names nothing but the
	// record's random id, signed.
	FieldErasureSeal = "erasure_seal"
)

// KeptByErasure reports whether a field outlives an erasure. merged_into
// names only the random id of the record a duplicate was merged into, no
// personal data, and reports need it to count a person registered twice
// once after they are erased; erasure_seal is the server's proof of the
// erasure, a signature over ids. Both go on merging like any field, so
// the result does not depend on whether they or the erasure arrived first.
func KeptByErasure(field string) bool { return field == FieldMergedInto || field == FieldErasureSeal }

// Write is one stamped change to one field of one entity.
type Write struct {
	Kind  Kind
	ID    string
	Field string
	Value string
	Stamp hlc.Timestamp // when and where the write was made
	Base  hlc.Timestamp // stamp of the field state the author saw; zero if none
	Staff string        // staff member who made the change
}

// Bases says of writes which their author changed again among them: a
// write another of them names as its base (same record and field, Base
// its stamp) was seen by whoever made the later one. Both ends count such
// a save as seen, not fresh (sync/server's freshWrites, within a push;
// storage's RequeueAll, across the batches a re-queue makes): losing to
// the write after the next is then no conflict for anyone to review.
func Bases(writes []Write) func(Write) bool {
	type fieldStamp struct {
		kind      Kind
		id, field string
		stamp     hlc.Timestamp
	}
	based := map[fieldStamp]bool{}
	for _, w := range writes {
		if !w.Base.IsZero() {
			based[fieldStamp{w.Kind, w.ID, w.Field, w.Base}] = true
		}
	}
	return func(w Write) bool { return based[fieldStamp{w.Kind, w.ID, w.Field, w.Stamp}] }
}

// FieldState is the winning write for one field.
type FieldState struct {
	Value string
	Stamp hlc.Timestamp
	Base  hlc.Timestamp
	Staff string
}

// Entity is the merged state of one record.
type Entity struct {
	Kind   Kind
	ID     string
	Fields map[string]FieldState
}

// NewEntity returns an empty entity.
func NewEntity(kind Kind, id string) *Entity {
	return &Entity{Kind: kind, ID: id, Fields: map[string]FieldState{}}
}

// Get returns the value of a field, or "" when it was never written.
func (e *Entity) Get(field string) string { return e.Fields[field].Value }

// Deleted reports whether the entity has been deleted or erased.
func (e *Entity) Deleted() bool { return e.Fields[FieldDeleted].Value == "true" || e.Erased() }

// Erased reports whether the entity has been erased.
func (e *Entity) Erased() bool { return e.Fields[FieldErased].Value == "true" }

// StateDeleted reports of an encoded state (either version) what Deleted
// does of the entity, reading its values without building it: a damaged
// state counts as not deleted (decoding it reports the damage).
func StateDeleted(state []byte) bool {
	gone := false
	_ = VisitValues(state, func(name, value []byte) {
		if (string(name) == FieldDeleted || string(name) == FieldErased) && string(value) == "true" {
			gone = true
		}
	})
	return gone
}

// Values returns the plain field values.
func (e *Entity) Values() map[string]string {
	out := make(map[string]string, len(e.Fields))
	for k, f := range e.Fields {
		out[k] = f.Value
	}
	return out
}

// Writes returns the entity's state as one write per field, in field order.
// Sending these is equivalent to sending every write ever applied.
func (e *Entity) Writes() []Write {
	names := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		names = append(names, k)
	}
	sort.Strings(names)
	out := make([]Write, 0, len(names))
	for _, k := range names {
		f := e.Fields[k]
		out = append(out, Write{Kind: e.Kind, ID: e.ID, Field: k, Value: f.Value, Stamp: f.Stamp, Base: f.Base, Staff: f.Staff})
	}
	return out
}

// Clone returns a deep copy.
func (e *Entity) Clone() *Entity {
	c := &Entity{Kind: e.Kind, ID: e.ID, Fields: make(map[string]FieldState, len(e.Fields))}
	for k, v := range e.Fields {
		c.Fields[k] = v
	}
	return c
}

// Conflict records a value that lost the merge to a concurrent write.
type Conflict struct {
	Kind   Kind
	ID     string
	Field  string
	Winner FieldState
	Loser  FieldState
}

// Outcome says what applying a write did.
type Outcome struct {
	Changed  bool      // the field's state changed
	Conflict *Conflict // non-nil when the write was concurrent with the state it met
}

// Apply merges w into e. Writes for another entity are ignored.
func (e *Entity) Apply(w Write) Outcome {
	if w.Kind != e.Kind || w.ID != e.ID {
		return Outcome{}
	}
	incoming := FieldState{Value: w.Value, Stamp: w.Stamp, Base: w.Base, Staff: w.Staff}
	if w.Field == FieldErased && w.Value == "true" {
		return e.erase(incoming)
	}
	if e.Erased() && !KeptByErasure(w.Field) {
		return Outcome{} // nothing else is kept of an erased record
	}
	cur, ok := e.Fields[w.Field]
	if !ok {
		e.Fields[w.Field] = incoming
		return Outcome{Changed: true}
	}
	cmp := cur.Stamp.Compare(w.Stamp)
	if cmp == 0 {
		// The same write again, or (only from two copies of one store, which
		// share a device id until the server tells them apart) two writes
		// with one stamp: the greater value and staff win, so every device
		// keeps the same one whatever the order. Neither copy saw the
		// other's, so two values are a conflict like any concurrent pair:
		// the losing save is kept for review, not lost.
		var out Outcome
		winner, loser := cur, incoming
		if tieBreaks(incoming, cur) {
			winner, loser = incoming, cur
			e.Fields[w.Field] = incoming
			out.Changed = true
		}
		if winner.Value != loser.Value {
			out.Conflict = &Conflict{Kind: e.Kind, ID: e.ID, Field: w.Field, Winner: winner, Loser: loser}
		}
		return out
	}
	var out Outcome
	winner, loser := cur, incoming
	if cmp < 0 {
		winner, loser = incoming, cur
		e.Fields[w.Field] = incoming
		out.Changed = true
	}
	if Concurrent(winner, loser) {
		out.Conflict = &Conflict{Kind: e.Kind, ID: e.ID, Field: w.Field, Winner: winner, Loser: loser}
	}
	return out
}

// Merge folds other's state into e, as if every write behind it arrived
// here, and reports whether e changed. The erasure goes first, so fields it
// drops are never copied in. States of another record are ignored.
func (e *Entity) Merge(other *Entity) (changed bool) {
	if other.Kind != e.Kind || other.ID != e.ID {
		return false
	}
	apply := func(name string, f FieldState) {
		if e.Apply(Write{Kind: e.Kind, ID: e.ID, Field: name, Value: f.Value, Stamp: f.Stamp, Base: f.Base, Staff: f.Staff}).Changed {
			changed = true
		}
	}
	if f, ok := other.Fields[FieldErased]; ok {
		apply(FieldErased, f)
	}
	for name, f := range other.Fields {
		if name != FieldErased {
			apply(name, f)
		}
	}
	return changed
}

// EntitiesOf gathers writes into one entity a record, in the order each record
// first appears; each entity is the merge of its record's writes.
func EntitiesOf(ws []Write) []*Entity {
	var out []*Entity
	index := map[string]*Entity{}
	for _, w := range ws {
		key := string(w.Kind) + "\x00" + w.ID
		e := index[key]
		if e == nil {
			e = NewEntity(w.Kind, w.ID)
			index[key] = e
			out = append(out, e)
		}
		e.Apply(w)
	}
	return out
}

// tieBreaks orders two states with equal stamps.
func tieBreaks(a, b FieldState) bool {
	if a.Value != b.Value {
		return a.Value > b.Value
	}
	if a.Staff != b.Staff {
		return a.Staff > b.Staff
	}
	return b.Base.Less(a.Base)
}

// erase drops every field but those KeptByErasure and keeps the earliest
// erasure, so every device ends with the same tombstone whichever erasure
// it saw first; two with one stamp (two copies of one store) are settled as
// any field's are.
func (e *Entity) erase(w FieldState) Outcome {
	if cur, ok := e.Fields[FieldErased]; ok && cur.Value == "true" {
		if cur.Stamp.Less(w.Stamp) || cur.Stamp == w.Stamp && !tieBreaks(w, cur) {
			return Outcome{}
		}
	}
	kept := map[string]FieldState{FieldErased: w}
	for name, f := range e.Fields {
		if KeptByErasure(name) {
			kept[name] = f
		}
	}
	e.Fields = kept
	return Outcome{Changed: true}
}

// Concurrent reports whether two states of one field were written without
// either author having seen the other's write, with different values.
func Concurrent(a, b FieldState) bool {
	if a.Value == b.Value || a.Stamp == b.Stamp {
		return false
	}
	return a.Base.Less(b.Stamp) && b.Base.Less(a.Stamp)
}

// Change is a set of field values for one entity, made by one user action
// before it is stamped. Store implementations turn it into Writes.
type Change struct {
	Kind   Kind
	ID     string
	Fields map[string]string
}
