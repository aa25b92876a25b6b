package storage

import (
	"testing"

	"github.com/dgraph-io/badger/v4"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

func entityVersion(t *testing.T, s *Store, kind record.Kind, id string) uint64 {
	t.Helper()
	var v uint64
	if err := s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(entityKey(kind, id))
		if err == nil {
			v = item.Version()
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return v
}

// A pulled page that changes nothing (this device's own writes coming
// back, a page pulled again after a crash) writes only its meta (the
// cursor): no entity is rewritten, nothing is published, no watcher wakes.
func TestApplyRemoteUnchangedWritesOnlyMeta(t *testing.T) {
	s, _ := openTemp(t, Options{})
	if err := s.Save("sam", record.Change{Kind: domain.KindAttendance, ID: "a1",
		Fields: map[string]string{"status": domain.StatusPresent, "person_id": "p1"}}); err != nil {
		t.Fatal(err)
	}
	own, err := s.Entity(domain.KindAttendance, "a1")
	if err != nil {
		t.Fatal(err)
	}
	before := entityVersion(t, s, domain.KindAttendance, "a1")
	changed := s.Changed()
	res, err := s.ApplyRemote(own.Writes(), map[string][]byte{"cursor": []byte("7")})
	if err != nil {
		t.Fatal(err)
	}
	if res.Changed != 0 {
		t.Fatalf("Applied.Changed = %d for a page of this device's own state", res.Changed)
	}
	if got := entityVersion(t, s, domain.KindAttendance, "a1"); got != before {
		t.Fatalf("the unchanged entity was written again (version %d, was %d)", got, before)
	}
	select {
	case <-changed:
		t.Fatal("a page that changed nothing woke the store's watchers")
	default:
	}
	if c, _ := s.Meta("cursor"); string(c) != "7" {
		t.Fatalf("cursor %q, want 7: the meta must be written even when nothing changed", c)
	}

	// A page with one changed entity among unchanged ones writes that one.
	newer := record.Write{Kind: domain.KindAttendance, ID: "a2", Field: "status", Value: domain.StatusPresent,
		Stamp: s.Clock().Now(), Staff: "kim"}
	res, err = s.ApplyRemote(append(own.Writes(), newer), map[string][]byte{"cursor": []byte("8")})
	if err != nil {
		t.Fatal(err)
	}
	if res.Changed != 1 || entityVersion(t, s, domain.KindAttendance, "a1") != before {
		t.Fatalf("Applied.Changed = %d; a1 rewritten: %v", res.Changed, entityVersion(t, s, domain.KindAttendance, "a1") != before)
	}
	select {
	case <-changed:
	default:
		t.Fatal("a page that changed an entity did not wake the watchers")
	}
	if e, _ := s.Entity(domain.KindAttendance, "a2"); e.Get("status") != domain.StatusPresent {
		t.Fatal("the changed entity was not stored")
	}
	if got := s.View().Count(domain.KindAttendance); got != 2 {
		t.Fatalf("read model holds %d marks, want 2", got)
	}
}
