package storage

import (
	"errors"
	"strconv"
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

// fieldWrite is the write a field's state holds, as DropLocalWrites is
// given it (sync/client's refused list keeps value and stamp).
func fieldWrite(t *testing.T, s *Store, kind record.Kind, id, field string) record.Write {
	t.Helper()
	e, err := s.Entity(kind, id)
	must(t, err)
	f, ok := e.Fields[field]
	if !ok {
		t.Fatalf("%s %s holds no %s", kind, id, field)
	}
	return record.Write{Kind: kind, ID: id, Field: field, Value: f.Value, Stamp: f.Stamp}
}

// TestDropLocalWrites: a field still holding the write given leaves the
// store and the read model, with any copy of it still queued; a field
// written since (another value, or the same value under another stamp)
// stays; a record left with no field leaves store and read model; the
// caller's meta values are written with it, and survive a reopen.
func TestDropLocalWrites(t *testing.T) {
	mark := record.Change{Kind: domain.KindAttendance, ID: domain.AttendanceID(domain.SessionID("garden", "2026-11-21"), "ann"),
		Fields: map[string]string{"status": domain.StatusPresent, "person_id": "ann", "session_id": domain.SessionID("garden", "2026-11-21")}}
	ann := record.Change{Kind: domain.KindPerson, ID: "ann", Fields: map[string]string{"given_name": "Ann", "phone": "07700 900999"}}
	cases := []struct {
		name string
		// setup saves, and returns the writes to drop.
		setup func(t *testing.T, s *Store) []record.Write
		// dropped is how many fields DropLocalWrites reports.
		dropped int
		check   func(t *testing.T, s *Store)
	}{{
		name: "a field still holding the write is dropped",
		setup: func(t *testing.T, s *Store) []record.Write {
			must(t, s.Save("bev", ann))
			must(t, s.Ack(s.QueueSeq())) // the server has it, and refused the phone
			return []record.Write{fieldWrite(t, s, domain.KindPerson, "ann", "phone")}
		},
		dropped: 1,
		check: func(t *testing.T, s *Store) {
			e, err := s.Entity(domain.KindPerson, "ann")
			must(t, err)
			if _, ok := e.Fields["phone"]; ok || e.Get("given_name") != "Ann" {
				t.Errorf("the store holds %v; want the name without the phone", e.Values())
			}
			if row, ok := s.View().Get(domain.KindPerson, "ann"); !ok || row.Get("phone") != "" || row.Get("given_name") != "Ann" {
				t.Errorf("the read model shows phone %q, name %q", row.Get("phone"), row.Get("given_name"))
			}
		},
	}, {
		name: "a field written since with another value stays",
		setup: func(t *testing.T, s *Store) []record.Write {
			must(t, s.Save("bev", ann))
			must(t, s.Ack(s.QueueSeq()))
			w := fieldWrite(t, s, domain.KindPerson, "ann", "phone")
			must(t, s.Save("bev", record.Change{Kind: domain.KindPerson, ID: "ann", Fields: map[string]string{"phone": "07700 900123"}}))
			return []record.Write{w}
		},
		check: func(t *testing.T, s *Store) {
			if row, _ := s.View().Get(domain.KindPerson, "ann"); row.Get("phone") != "07700 900123" {
				t.Errorf("the later phone was dropped: %q", row.Get("phone"))
			}
			if n := s.PendingCount(); n != 1 {
				t.Errorf("%d writes wait; the later phone must still be sent", n)
			}
		},
	}, {
		name: "the same value under another stamp stays",
		setup: func(t *testing.T, s *Store) []record.Write {
			must(t, s.Save("bev", ann))
			must(t, s.Ack(s.QueueSeq()))
			w := fieldWrite(t, s, domain.KindPerson, "ann", "phone")
			w.Stamp.Wall-- // the refused write; the field holds one made after it with the same value
			return []record.Write{w}
		},
		check: func(t *testing.T, s *Store) {
			if row, _ := s.View().Get(domain.KindPerson, "ann"); row.Get("phone") != "07700 900999" {
				t.Errorf("a later write of the same value was dropped: %q", row.Get("phone"))
			}
		},
	}, {
		name: "a record left with no field leaves store and read model",
		setup: func(t *testing.T, s *Store) []record.Write {
			must(t, s.Save("bev", mark, record.Change{Kind: domain.KindVenue, ID: "v2", Fields: map[string]string{"name": "Annexe"}}))
			must(t, s.Ack(s.QueueSeq()))
			ws := []record.Write{fieldWrite(t, s, domain.KindVenue, "v2", "name")}
			for f := range mark.Fields {
				ws = append(ws, fieldWrite(t, s, mark.Kind, mark.ID, f))
			}
			return ws
		},
		dropped: 4,
		check: func(t *testing.T, s *Store) {
			for _, r := range []struct {
				kind record.Kind
				id   string
			}{{domain.KindVenue, "v2"}, {mark.Kind, mark.ID}} {
				if e, err := s.Entity(r.kind, r.id); err != nil || len(e.Fields) != 0 {
					t.Errorf("the store still holds %s %s: %v, %v", r.kind, r.id, e, err)
				}
				if _, ok := s.View().Get(r.kind, r.id); ok {
					t.Errorf("the read model still shows %s %s", r.kind, r.id)
				}
			}
			if marks := s.View().By(domain.KindAttendance, "person_id", "ann"); len(marks) != 0 {
				t.Errorf("the register still shows %d marks of Ann", len(marks))
			}
		},
	}, {
		name: "a copy still queued is purged, and the next push says numbers were skipped",
		setup: func(t *testing.T, s *Store) []record.Write {
			must(t, s.Save("bev", ann))
			must(t, s.Ack(s.QueueSeq()))
			must(t, s.RequeueAll()) // a server restored from a backup: everything queued again
			if n := s.PendingCount(); n != 2 {
				t.Fatalf("%d writes queued again, want 2", n)
			}
			return []record.Write{fieldWrite(t, s, domain.KindPerson, "ann", "phone")}
		},
		dropped: 1,
		check: func(t *testing.T, s *Store) {
			if n := s.PendingCount(); n != 1 {
				t.Errorf("%d writes wait, want the name alone", n)
			}
			ps, err := s.PendingWrites(0, 100)
			must(t, err)
			for _, p := range ps {
				if p.Write.Field == "phone" {
					t.Errorf("the refused phone is still queued as %d", p.Seq)
				}
			}
			rebase, err := s.Meta(MetaRebase)
			must(t, err)
			if want := strconv.FormatUint(s.QueueSeq(), 10); string(rebase) != want {
				t.Errorf("MetaRebase is %q, want the last queue number %s", rebase, want)
			}
		},
	}, {
		name: "a copy queued again goes though the field was written since, and the later write is sent",
		setup: func(t *testing.T, s *Store) []record.Write {
			must(t, s.Save("bev", ann))
			must(t, s.Ack(s.QueueSeq()))
			must(t, s.RequeueAll())
			w := fieldWrite(t, s, domain.KindPerson, "ann", "phone")
			must(t, s.Save("bev", record.Change{Kind: domain.KindPerson, ID: "ann", Fields: map[string]string{"phone": "07700 900123"}}))
			return []record.Write{w}
		},
		check: func(t *testing.T, s *Store) {
			if row, _ := s.View().Get(domain.KindPerson, "ann"); row.Get("phone") != "07700 900123" {
				t.Errorf("the later phone was dropped: %q", row.Get("phone"))
			}
			ps, err := s.PendingWrites(0, 100)
			must(t, err)
			var phones []string
			for _, p := range ps {
				if p.Write.Field == "phone" {
					phones = append(phones, p.Write.Value)
				}
			}
			if len(phones) != 1 || phones[0] != "07700 900123" {
				t.Errorf("phones queued %q, want the later one alone (the refused one would be refused again)", phones)
			}
			if rebase, _ := s.Meta(MetaRebase); len(rebase) == 0 {
				t.Error("a queued write was dropped, but the next push would not say so")
			}
		},
	}, {
		name: "nothing purged leaves the queue's numbering alone",
		setup: func(t *testing.T, s *Store) []record.Write {
			must(t, s.Save("bev", ann))
			must(t, s.Ack(s.QueueSeq()))
			return []record.Write{fieldWrite(t, s, domain.KindPerson, "ann", "phone")}
		},
		dropped: 1,
		check: func(t *testing.T, s *Store) {
			if rebase, _ := s.Meta(MetaRebase); len(rebase) != 0 {
				t.Errorf("MetaRebase is %q with no queued write dropped", rebase)
			}
		},
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, dir := openTemp(t, Options{})
			ws := c.setup(t, s)
			called := -1
			n, err := s.DropLocalWrites(ws, func(dropped int) map[string][]byte {
				called = dropped
				return map[string][]byte{"test.undone": []byte(strconv.Itoa(dropped))}
			})
			must(t, err)
			if n != c.dropped || called != c.dropped {
				t.Errorf("dropped %d fields, meta told %d; want %d", n, called, c.dropped)
			}
			checkAndReopened(t, s, dir, func(t *testing.T, s *Store) {
				t.Helper()
				c.check(t, s)
				if v, _ := s.Meta("test.undone"); string(v) != strconv.Itoa(c.dropped) {
					t.Errorf("the caller's meta value is %q, want %d", v, c.dropped)
				}
			})
		})
	}
}

// TestDropLocalWritesClosed: a closed store takes nothing back, and says so.
func TestDropLocalWritesClosed(t *testing.T) {
	s, _ := openTemp(t, Options{})
	must(t, s.Save("bev", record.Change{Kind: domain.KindVenue, ID: "v1", Fields: map[string]string{"name": "Hall"}}))
	w := fieldWrite(t, s, domain.KindVenue, "v1", "name")
	must(t, s.Close())
	called := false
	if _, err := s.DropLocalWrites([]record.Write{w}, func(int) map[string][]byte { called = true; return nil }); !errors.Is(err, ErrClosed) {
		t.Errorf("DropLocalWrites on a closed store: %v, want ErrClosed", err)
	}
	if called {
		t.Error("a closed store asked for meta values")
	}
}
