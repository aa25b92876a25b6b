// Package server is Gather's central sync server: HTTP handlers for
// enrolment, push and pull, and the embedded Badger store behind them.
//
// The store keeps each record's merged state once, under its latest commit
// sequence; a pull is an ordered scan of that log after the device's cursor,
// filtered by the device's scope. Pushes are applied in groups, one Badger
// transaction (one fsync) per group, so many devices syncing at once share
// the cost of durability. Sequences are assigned at commit under one lock,
// so a reader's snapshot always holds a prefix of the log and no change is
// skipped.
package server
