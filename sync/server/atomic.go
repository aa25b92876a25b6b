package server

import "sync/atomic"

// atomicU64 is a small wrapper so the zero Store field is usable.
type atomicU64 struct{ v atomic.Uint64 }

func (a *atomicU64) load() uint64   { return a.v.Load() }
func (a *atomicU64) store(n uint64) { a.v.Store(n) }
