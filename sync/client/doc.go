// Package client is the device side of sync: a background loop that pushes
// the store's queued writes to the central server, then pulls what changed
// there, and publishes its state for the UI.
//
// The loop runs under an errgroup: one goroutine watches the store for local
// changes, one runs syncs. A sync starts soon after a local change, on
// SyncNow (presses while one is running collapse into one more run), and
// every PollInterval; after a failure it retries with exponential backoff and
// jitter. Every pulled page is applied together with its cursor in one store
// transaction, so a crash never skips or double-counts a change.
//
// Every enrolment, first or again (another venue, the organisation,
// another server), starts the cursor again from zero: records of the new
// scope logged before the old cursor must reach the device too. Connect
// stops a running sync and sends what is waiting under the old enrolment
// before it enrols, so no sync spans two enrolments.
//
// The HTTP client in Options is the seam for tests: a RoundTripper there can
// drop, duplicate, delay or reorder requests.
package client
