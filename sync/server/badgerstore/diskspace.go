package badgerstore

import (
	"fmt"
	"sync"
	"time"
)

// Badger writes its logs through files mapped into memory, made at their
// full size before they are filled. On a full disk the kernel cannot back
// a page the server then writes, and the process dies with SIGBUS, saying
// nothing of the disk. So the store keeps a margin: it refuses to open,
// and refuses to commit, while less than minFreeBytes is free where it
// lives. Nothing is lost: a device keeps what it could not send.
const minFreeBytes = 512 << 20 // two 128 MiB memtables' logs, and room for compaction

// freeSpace reports the bytes free to this process on dir's filesystem;
// tests replace it.
var freeSpace = diskFree

// diskRoom checks the free space of a store's folder, at most once a
// second, so a commit costs no system call.
type diskRoom struct {
	dir string

	mu      sync.Mutex
	checked time.Time
	err     error
}

// check returns an error in words while too little space is free.
func (r *diskRoom) check() error {
	if r == nil || r.dir == "" {
		return nil // in memory
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if now := time.Now(); now.Sub(r.checked) >= time.Second {
		r.checked, r.err = now, lowSpace(r.dir)
	}
	return r.err
}

// lowSpace is the error for a folder with less than minFreeBytes free.
func lowSpace(dir string) error {
	free, err := freeSpace(dir)
	if err != nil || free >= minFreeBytes {
		return nil // a filesystem that cannot say is not refused
	}
	return fmt.Errorf("the disk holding the server's store (%s) is nearly full: %d MB free, and the server needs %d MB to write safely; free some space on it (nothing is lost: devices keep their changes until then)",
		dir, free>>20, minFreeBytes>>20)
}
