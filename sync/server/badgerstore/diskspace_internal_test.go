package badgerstore

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gather-sp/gather/sync/server"
)

// TestNearlyFullDiskIsRefusedInWords: with less than minFreeBytes free, the
// store does not open and does not commit, and says why, where Badger
// would write into a mapped file the disk cannot back and die with SIGBUS;
// once space is freed it commits again.
func TestNearlyFullDiskIsRefusedInWords(t *testing.T) {
	var free atomic.Uint64
	free.Store(100 << 20)
	was := freeSpace
	freeSpace = func(string) (uint64, error) { return free.Load(), nil }
	t.Cleanup(func() { freeSpace = was })

	dir := t.TempDir()
	if _, err := Open(dir, Options{}); err == nil || !strings.Contains(err.Error(), "nearly full: 100 MB free") {
		t.Fatalf("opening on a nearly full disk: %v", err)
	}
	free.Store(10 << 30)
	d, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	write := func() error {
		return d.Update(context.Background(), func(tx server.Tx) error {
			m, err := tx.Meta()
			if err != nil {
				return err
			}
			m.Seq++
			return tx.SetMeta(m)
		})
	}
	if err := write(); err != nil {
		t.Fatal(err)
	}
	free.Store(200 << 20)
	d.room.checked = time.Time{} // the next commit looks again
	if err := write(); err == nil || !strings.Contains(err.Error(), "nothing is lost") {
		t.Fatalf("a commit on a nearly full disk: %v", err)
	}
	free.Store(10 << 30)
	d.room.checked = time.Time{}
	if err := write(); err != nil {
		t.Fatalf("after space was freed: %v", err)
	}
}
