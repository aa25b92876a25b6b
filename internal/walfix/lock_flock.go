//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package walfix

import (
	"os"
	"syscall"
)

// lockDir takes the lock Badger takes (flock on the folder itself), so
// nothing is removed from under a running store. It reports false when
// another process holds it; a folder that does not exist is "locked" with
// nothing to unlock.
func lockDir(dir string) (unlock func(), ok bool) {
	f, err := os.Open(dir)
	if err != nil {
		return func() {}, true
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, false
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, true
}
