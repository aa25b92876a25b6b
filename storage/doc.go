// Package storage is Gather's on-device store: Badger holds the truth (field
// states, the outbound queue, meta) and a go-memdb read model answers every
// query the screens make.
//
// One user action is one Save: one Badger transaction, written with
// SyncWrites, that holds the new field states and their outbound queue
// entries. When Save returns, a kill -9 or a power cut cannot lose the action.
// The read model is rebuilt from Badger at Open and updated after every
// commit; its watch channels fire for local saves and for changes that arrive
// by sync alike.
//
// The outbound queue holds one entry per change (the writes one save made
// to one record), its writes numbered one by one for the sync protocol; see
// queue.go. The key layout is documented in keys.go.
package storage
