package walfix

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/dgraph-io/badger/v4"
)

// TestBadgerOpensAfterACrashMidCreate reproduces the file a crash leaves
// while Badger makes a memtable log, checks Badger refuses it, and that
// after DropEmptyMemtables it opens with its data.
func TestBadgerOpensAfterACrashMidCreate(t *testing.T) {
	dir := t.TempDir()
	opts := badger.DefaultOptions(dir).WithLogger(nil).WithMemTableSize(16 << 20)
	db, err := badger.Open(opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(func(txn *badger.Txn) error { return txn.Set([]byte("mark"), []byte("present")) }); err != nil {
		t.Fatal(err)
	}
	db.Close()
	// The next log, created and not yet grown when the power went.
	crashLeftover := func() {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, "00099.mem"), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	crashLeftover()
	if db, err := badger.Open(opts); err == nil {
		db.Close()
		t.Log("this Badger opens an empty memtable log by itself; DropEmptyMemtables is still harmless")
	} else {
		t.Logf("as expected, Badger refuses: %v", err)
	}
	// That failed open grew the file; leave it empty again, as the crash did.
	crashLeftover()

	dropped, err := DropEmptyMemtables(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(dropped, []string{"00099.mem"}) {
		t.Errorf("dropped %v, want the empty log only", dropped)
	}
	db, err = badger.Open(opts)
	if err != nil {
		t.Fatalf("Badger does not open after the repair: %v", err)
	}
	defer db.Close()
	err = db.View(func(txn *badger.Txn) error {
		item, err := txn.Get([]byte("mark"))
		if err != nil {
			return err
		}
		v, err := item.ValueCopy(nil)
		if string(v) != "present" {
			t.Errorf("the mark reads %q after the repair", v)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestDropEmptyMemtablesLeavesOthers(t *testing.T) {
	dir := t.TempDir()
	for name, size := range map[string]int{"00001.mem": 0, "00002.mem": 64, "00003.vlog": 0, "MANIFEST": 0} {
		if err := os.WriteFile(filepath.Join(dir, name), make([]byte, size), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	dropped, err := DropEmptyMemtables(dir)
	if err != nil || !reflect.DeepEqual(dropped, []string{"00001.mem"}) {
		t.Fatalf("dropped %v, %v", dropped, err)
	}
	for _, name := range []string{"00002.mem", "00003.vlog", "MANIFEST"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("%s was touched: %v", name, err)
		}
	}
	if got, err := DropEmptyMemtables(filepath.Join(dir, "missing")); err != nil || got != nil {
		t.Errorf("a missing folder: %v, %v", got, err)
	}
}

// TestNothingRemovedUnderARunningStore: while Badger has the folder open,
// an empty log may be one it is making now; it must be left alone.
func TestNothingRemovedUnderARunningStore(t *testing.T) {
	dir := t.TempDir()
	db, err := badger.Open(badger.DefaultOptions(dir).WithLogger(nil))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	empty := filepath.Join(dir, "00042.mem")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if dropped, err := DropEmptyMemtables(dir); err != nil || len(dropped) != 0 {
		t.Errorf("with the store open: dropped %v, %v", dropped, err)
	}
	if _, err := os.Stat(empty); err != nil {
		t.Errorf("the log was removed from under a running store: %v", err)
	}
	os.Remove(empty)
}
