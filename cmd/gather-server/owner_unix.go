//go:build unix

package main

import (
	"os"
	"syscall"
)

// folderOwner says which user owns path.
func folderOwner(path string) (int, bool) {
	info, err := os.Stat(path)
	if err != nil {
		return 0, false
	}
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, false
	}
	return int(st.Uid), true
}
