package storage

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// releaseTables tells the kernel this process no longer needs the pages of
// Badger's memory-mapped tables under dir (madvise MADV_DONTNEED). Badger
// maps every table file and reads it in place, so a full scan (the rebuild)
// would otherwise leave the whole store, 400 MB with a million marks,
// counted in the app's resident memory. The pages stay in the kernel's page
// cache (the mappings are shared and file-backed, so nothing is lost, dirty
// or not): a later read of them is a minor fault, not a disk read.
func releaseTables(dir string) {
	if dir == "" {
		return
	}
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		dir = real
	}
	f, err := os.Open("/proc/self/maps")
	if err != nil {
		return
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		i := strings.Index(line, " /")
		if i < 0 {
			continue
		}
		path := line[i+1:]
		if !strings.HasSuffix(path, ".sst") || filepath.Dir(path) != dir {
			continue
		}
		span, _, _ := strings.Cut(line, " ")
		from, to, ok := strings.Cut(span, "-")
		if !ok {
			continue
		}
		start, err1 := strconv.ParseUint(from, 16, 64)
		end, err2 := strconv.ParseUint(to, 16, 64)
		if err1 != nil || err2 != nil || end <= start {
			continue
		}
		syscall.Syscall(syscall.SYS_MADVISE, uintptr(start), uintptr(end-start), syscall.MADV_DONTNEED)
	}
}
