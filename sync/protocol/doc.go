// Package protocol holds the wire types of Gather's sync protocol, shared by
// the central server (sync/server) and the device loop (sync/client), and the
// helpers that encode and decode request bodies within their limits.
//
// Every request body is JSON, gzip-compressed, and names the schema version it
// was written for, so a server can refuse an old client with a clear "update
// required" answer instead of misreading it. Two bodies also have a compact
// binary form: pull answers (page.go) for a client that asks, and pushes
// (push.go) to a server that says it takes them. docs/sync-protocol.md
// describes the exchange in prose.
package protocol
