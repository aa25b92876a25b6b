// Package storetest is the conformance suite every server.Backend passes:
// the backend's own contract (storage, order, snapshots, deletion) and the
// sync rules run over it, including two server Stores sharing one backend
// as two processes share one database. Each backend's package runs it from
// its tests (litestream's pattern): a failing backend is a failing test.
package storetest
