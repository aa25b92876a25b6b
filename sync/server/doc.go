// Package server is Gather's central sync server: HTTP handlers for
// enrolment, push and pull, and the sync rules behind them (validation,
// scope, merge, conflicts, erasure, group commit, paging, enrolment).
//
// The rules run over a small storage interface this package declares
// (Backend, backend.go); each backend is its own package: badgerstore, the
// embedded default, and pgstore, PostgreSQL shared by several server
// processes. storetest is the one conformance suite they all pass.
//
// The store keeps each record's merged state once, under its latest commit
// sequence; a pull is an ordered scan of that log after the device's
// cursor, filtered by the device's scope. Pushes are applied in groups, one
// backend transaction (one fsync) per group, so many devices syncing at
// once share the cost of durability. Sequences are assigned at commit under
// one lock held until the commit is visible, so a reader's snapshot always
// holds a prefix of the log and no change is skipped. A log entry names the
// opening of a device's store that holds its state already (origin.go), and
// that store's pulls leave it out: no echo.
package server
