// Package pgstore keeps a sync server's state in PostgreSQL, so several
// gather-server processes behind a load balancer can share it. It
// implements server.Backend; everything a second process must see is in
// the database: devices and token hashes, revocation, last sequences,
// enrolment codes, the wrong-code counters, the admin token hash, the
// server's clock and its epoch.
//
// Commit order: every update first locks the one row of gather_meta
// (SELECT ... FOR UPDATE) and holds it until COMMIT, so commits are
// serialised across processes and the sequence a commit hands out is also
// the order in which commits become visible. A pull reads the head and its
// page in one REPEATABLE READ snapshot, so it sees a gap-free prefix of the
// log. (A bigserial column would hand out numbers in start order, not
// commit order, and a reader could pass a number whose commit is still in
// flight, skipping it for good.) Each process still groups many devices'
// pushes into one transaction (server's group commit).
//
// The schema is created and migrated by Open from the versioned SQL files
// embedded from migrations/; a database whose schema is newer than this
// binary is refused.
package pgstore
