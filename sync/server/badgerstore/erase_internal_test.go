package badgerstore

import (
	"github.com/gather-sp/gather/sync/server"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/internal/diskscan"
	"github.com/gather-sp/gather/record"
)

// A server stopped before its delayed Compact rewrites its files at the next
// start.
func TestErasureIsCompactedAfterARestart(t *testing.T) {
	dir := t.TempDir()
	s, err := OpenStore(dir, Options{CompactDelay: time.Hour}, server.StoreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	add, flush := officePusher(t, s)
	add(domain.KindPerson, "wil", map[string]string{"given_name": "Wilhelmina", "nhs_number": "401 023 2137"})
	flush()
	add(domain.KindPerson, "wil", map[string]string{record.FieldErased: "true"})
	flush()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if found, _ := diskscan.Find(dir, "Wilhelmina"); len(found) == 0 {
		t.Fatal("the name never reached the disk: the test proves nothing")
	}
	s, err = OpenStore(dir, Options{CompactDelay: 10 * time.Millisecond}, server.StoreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for deadline := time.Now().Add(20 * time.Second); ; {
		err := s.Backend().(*DB).db.View(func(txn *badger.Txn) error {
			_, err := txn.Get(metaKey(metaCompactPending))
			return err
		})
		if err == badger.ErrKeyNotFound {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the erasure left over from the last run was never compacted (%v)", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	found, err := diskscan.Find(dir, "Wilhelmina", "401 023 2137")
	if err != nil {
		t.Fatal(err)
	}
	if len(found) > 0 {
		t.Fatalf("after the compaction at start the files still hold %v", found)
	}
	// The tombstone and the server's seal of it (a signature over ids).
	if e, _ := s.Entity(domain.KindPerson, "wil"); !e.Erased() || len(e.Fields) != 2 || e.Get(record.FieldErasureSeal) == "" {
		t.Fatalf("the person after the restart: %v", e.Values())
	}
}
