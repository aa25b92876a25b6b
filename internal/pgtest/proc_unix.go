//go:build unix

package pgtest

import (
	"os/exec"
	"syscall"
)

// asUser is who PostgreSQL's programs run as when the tests run as root.
var asUser *syscall.Credential

func runAs(uid, gid int) { asUser = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)} }

// prepare makes cmd run as asUser, when set.
func prepare(cmd *exec.Cmd) {
	if asUser != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: asUser}
	}
}

// alive reports whether process pid may still be running.
func alive(pid int) bool { return syscall.Kill(pid, 0) != syscall.ESRCH }
