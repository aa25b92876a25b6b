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

// Change notices say what changed (issue 12): a save changes records and
// the queue; its acknowledgement and a requeue change only the queue, so
// screens are not repainted for them; a save that changes nothing
// rewrites nothing and tells no one.
func TestChangeNotices(t *testing.T) {
	s, _ := openTemp(t, Options{})
	fired := func(ch <-chan struct{}) bool {
		select {
		case <-ch:
			return true
		default:
			return false
		}
	}
	mark := record.Change{Kind: domain.KindAttendance, ID: "a1",
		Fields: map[string]string{"status": domain.StatusPresent, "person_id": "p1"}}
	session := record.Change{Kind: domain.KindSession, ID: "s1", Fields: map[string]string{"date": "2026-11-21"}}
	steps := []struct {
		name           string
		do             func() error
		records, queue bool
	}{
		{"save", func() error { return s.Save("sam", mark, session) }, true, true},
		{"acknowledgement", func() error { return s.Ack(s.QueueSeq()) }, false, true},
		{"save of the same values", func() error { return s.Save("sam", mark, session) }, false, false},
		{"requeue", s.RequeueAll, false, true},
		{"second acknowledgement", func() error { return s.Ack(s.QueueSeq()) }, false, true},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			changed, queued, version := s.Changed(), s.QueueChanged(), s.Version()
			var sessionVersion uint64
			if _, ok := s.View().Get(domain.KindSession, "s1"); ok {
				sessionVersion = entityVersion(t, s, domain.KindSession, "s1")
			}
			if err := st.do(); err != nil {
				t.Fatal(err)
			}
			if got := fired(changed); got != st.records {
				t.Errorf("Changed fired: %v, want %v", got, st.records)
			}
			if got := s.Version() != version; got != st.records {
				t.Errorf("Version moved from %d to %d; want a move: %v", version, s.Version(), st.records)
			}
			if got := fired(queued); got != st.queue {
				t.Errorf("QueueChanged fired: %v, want %v", got, st.queue)
			}
			if !st.records && sessionVersion != 0 && entityVersion(t, s, domain.KindSession, "s1") != sessionVersion {
				t.Error("the session record was written again although nothing in it changed")
			}
		})
	}
	// A save that changes one record of two rewrites only that one.
	before := entityVersion(t, s, domain.KindSession, "s1")
	mark.Fields = map[string]string{"status": domain.StatusLate}
	must(t, s.Save("sam", mark, session))
	if entityVersion(t, s, domain.KindSession, "s1") != before {
		t.Error("an unchanged record saved beside a changed one was written again")
	}
	if e, _ := s.Entity(domain.KindAttendance, "a1"); e.Get("status") != domain.StatusLate {
		t.Error("the changed record was not saved")
	}
}
