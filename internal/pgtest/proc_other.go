//go:build !unix

package pgtest

import "os/exec"

// Elsewhere (Windows) the tests never run as root, so PostgreSQL's programs
// run as the user running the tests, and a stale cluster is never assumed
// dead: set GATHER_TEST_DATABASE_URL there.

func runAs(uid, gid int) {}

func prepare(cmd *exec.Cmd) {}

func alive(pid int) bool { return true }
