// Package pgtest gives tests a PostgreSQL database of their own: on the
// server GATHER_TEST_DATABASE_URL names, or else on a throwaway cluster it
// starts from Debian's postgresql package (initdb and pg_ctl in a temporary
// folder, listening on a Unix socket only, without fsync), stopped when the
// test binary ends (Main).
//
// A test that cannot get a database fails: PostgreSQL tests never skip
// silently. GATHER_TEST_SKIP_POSTGRES=1 skips them on purpose, on a machine
// that cannot run PostgreSQL (see README.md, Tests); CI never sets it.
package pgtest
