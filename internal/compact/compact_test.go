package compact

import (
	"bytes"
	"testing"

	"github.com/dgraph-io/badger/v4"

	"github.com/gather-sp/gather/internal/diskscan"
)

func filesHolding(t *testing.T, dir string, secret []byte) []string {
	t.Helper()
	found, err := diskscan.Find(dir, string(secret))
	if err != nil {
		t.Fatal(err)
	}
	return found
}

func TestFlushAndRewriteLeaveNoOldVersionOnDisk(t *testing.T) {
	for _, tc := range []struct {
		name      string
		threshold int64
		filler    int
	}{
		{"values in the tables", 1 << 20, 0},
		// Values above the threshold live in the value log. Enough later
		// writes fill the first value-log file, so GC may rewrite it.
		{"values in the value log", 64, 1 << 20},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			opts := badger.DefaultOptions(dir).WithLogger(nil).WithSyncWrites(true).
				WithValueThreshold(tc.threshold).WithValueLogFileSize(1 << 20).WithNumVersionsToKeep(1)
			db, err := badger.Open(opts)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			secret := []byte("Wilhelmina Quarrington")
			set := func(k string, v []byte, discard bool) {
				t.Helper()
				err := db.Update(func(txn *badger.Txn) error {
					e := badger.NewEntry([]byte(k), v)
					if discard {
						e = e.WithDiscard()
					}
					return txn.SetEntry(e)
				})
				if err != nil {
					t.Fatal(err)
				}
			}
			set("Eperson\x00p1", append(bytes.Repeat([]byte{'x'}, 100), secret...), false)
			set("Lq1", append(bytes.Repeat([]byte{'y'}, 100), secret...), false)
			set("Eperson\x00p1", []byte("erased"), true)
			if err := db.Update(func(txn *badger.Txn) error { return txn.Delete([]byte("Lq1")) }); err != nil {
				t.Fatal(err)
			}
			for i := 0; i < tc.filler/4096; i++ {
				set("F"+string(rune('a'+i%26))+string(rune('a'+i/26%26))+string(rune('a'+i/676)), bytes.Repeat([]byte{'f'}, 4096), false)
			}
			if got := filesHolding(t, dir, secret); len(got) == 0 {
				t.Fatal("the secret never reached the disk: the test proves nothing")
			}
			if err := Flush(db, []byte("Zcompact")); err != nil {
				t.Fatal(err)
			}
			if err := Rewrite(db); err != nil {
				t.Fatal(err)
			}
			if got := filesHolding(t, dir, secret); len(got) > 0 {
				t.Fatalf("after Flush and Rewrite %v still hold the overwritten value", got)
			}
			err = db.View(func(txn *badger.Txn) error {
				item, err := txn.Get([]byte("Eperson\x00p1"))
				if err != nil {
					return err
				}
				v, err := item.ValueCopy(nil)
				if string(v) != "erased" {
					t.Errorf("current value %q, want erased", v)
				}
				if _, err := txn.Get([]byte("Zcompact")); err != badger.ErrKeyNotFound {
					t.Errorf("scratch key left behind: %v", err)
				}
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}
