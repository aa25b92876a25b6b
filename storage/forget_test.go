package storage

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/hlc"
	"github.com/gather-sp/gather/record"
)

// TestForgetCaseFields: a person's case fields leave the device (store and
// read model, for good) once nothing of theirs waits to be sent; a person
// with a write still queued, or one the server refused (keep), keeps
// everything; the card always stays.
func TestForgetCaseFields(t *testing.T) {
	s, dir := openTemp(t, Options{})
	walkIn := func(id string) record.Change {
		return record.Change{Kind: domain.KindPerson, ID: id, Fields: map[string]string{"given_name": "Win", "family_name": id,
			"access_needs": "uses a stick", "phone": "07700 900555", "date_of_birth": "1957-04-09", "gender": domain.PreferNotToSay}}
	}
	must(t, s.Save("bev", walkIn("sent"), walkIn("refused")))
	must(t, s.Ack(s.QueueSeq())) // the server has the one, set aside the other
	must(t, s.Save("bev", walkIn("waiting")))
	keep := func(kind record.Kind, id string) bool { return kind == domain.KindPerson && id == "refused" }
	n, err := s.ForgetCaseFields(keep)
	must(t, err)
	if n != 1 {
		t.Fatalf("forgot %d people, want 1", n)
	}
	check := func(t *testing.T, s *Store) {
		t.Helper()
		sent, _ := s.View().Person("sent")
		if sent.Phone != "" || sent.DateOfBirth != "" || sent.Gender != "" || sent.AccessNeeds != "uses a stick" || sent.GivenName != "Win" {
			t.Errorf("the sent walk-in reads %+v", sent)
		}
		e, err := s.Entity(domain.KindPerson, "sent")
		must(t, err)
		for _, f := range []string{"phone", "date_of_birth", "gender"} {
			if _, ok := e.Fields[f]; ok {
				t.Errorf("the store still holds %s", f)
			}
		}
		for _, id := range []string{"waiting", "refused"} {
			if p, _ := s.View().Person(id); p.Phone != "07700 900555" {
				t.Errorf("the %s walk-in lost its phone: %+v", id, p)
			}
		}
	}
	check(t, s)
	if n, _ := s.ForgetCaseFields(keep); n != 0 {
		t.Errorf("a second pass forgot %d", n)
	}
	if s.PendingCount() == 0 {
		t.Error("forgetting dropped the queued writes")
	}
	must(t, s.Close())
	s2, err := Open(dir, Options{})
	must(t, err)
	defer s2.Close()
	t.Run("reopened", func(t *testing.T) { check(t, s2) })
}

// TestForgetCaseRecords: with ForgetRecords of the case kinds, case
// records the server holds leave the device (read model and files, for
// good); one still waiting to be sent stays; so does one the server
// refused (keep); register records and cards stay.
func TestForgetCaseRecords(t *testing.T) {
	s, dir := openTemp(t, Options{})
	ref := func(id string) record.Change {
		return record.Change{Kind: domain.KindReferral, ID: id, Fields: map[string]string{"person_id": "ann", "notes": "low mood"}}
	}
	must(t, s.Save("priya", personChange("ann", "Ann", "Lee", ""), ref("sent"), ref("refused"),
		record.Change{Kind: domain.KindVenue, ID: "v1", Fields: map[string]string{"name": "Hall"}}))
	must(t, s.Ack(s.QueueSeq())) // the server has them
	must(t, s.Save("priya", ref("waiting")))
	n, err := s.ForgetRecords(domain.IsCaseKind, func(kind record.Kind, id string) bool { return kind == domain.KindReferral && id == "refused" })
	must(t, err)
	if n != 1 {
		t.Fatalf("dropped %d records, want 1", n)
	}
	check := func(t *testing.T, s *Store) {
		t.Helper()
		v := s.View()
		if _, ok := v.Get(domain.KindReferral, "sent"); ok {
			t.Error("the sent referral is still in the read model")
		}
		if e, err := s.Entity(domain.KindReferral, "sent"); err != nil || len(e.Fields) != 0 {
			t.Errorf("the sent referral is still in the files: %v %v", e, err)
		}
		for _, id := range []string{"waiting", "refused"} {
			if r, ok := v.Get(domain.KindReferral, id); !ok || r.Get("notes") != "low mood" {
				t.Errorf("the %s referral was dropped", id)
			}
		}
		if _, ok := v.Person("ann"); !ok {
			t.Error("Ann's card was dropped")
		}
		if _, ok := v.Get(domain.KindVenue, "v1"); !ok {
			t.Error("the venue was dropped")
		}
	}
	checkAndReopened(t, s, dir, check)
}

// TestForgetInParts: an office laptop handed to a venue drops more case
// records, and rewrites more people, than one transaction holds (Badger
// refuses one above MaxBatchBytes), and leaves nothing behind: in the read
// model, in the files, or after reopening.
func TestForgetInParts(t *testing.T) {
	const audits, people = 20_000, 5_000
	s, dir := openTemp(t, Options{})
	address := strings.Repeat("Flat 2, 10 Long Road, ", 10)
	needs := strings.Repeat("Uses a stick; a quiet seat near the door, please. ", 6) // the card stays: rewritten, not dropped
	var held []*record.Entity
	for i := range audits {
		held = append(held, remoteState(domain.KindAudit, fmt.Sprintf("a%05d", i),
			map[string]string{"entity_kind": "person", "entity_id": fmt.Sprintf("p%04d", i%people), "staff": "kim"}, 5))
	}
	for i := range people {
		held = append(held, remoteState(domain.KindPerson, fmt.Sprintf("p%04d", i),
			map[string]string{"given_name": "Ann", "family_name": fmt.Sprint(i), "access_needs": needs, "phone": "07700 900555", "address": address}, 5))
	}
	for part := range slices.Chunk(held, 1000) { // as pulled, a page at a time
		if _, err := s.ApplyRemoteEntities(part, nil, nil); err != nil {
			t.Fatal(err)
		}
	}
	n, err := s.ForgetRecords(domain.IsCaseKind, nil)
	if err != nil {
		t.Fatalf("forgetting %d audit entries and %d people's details: %v", audits, people, err)
	}
	if n != audits {
		t.Errorf("dropped %d records, want %d", n, audits)
	}
	check := func(t *testing.T, s *Store) {
		t.Helper()
		if got := len(s.View().All(domain.KindAudit)); got != 0 {
			t.Errorf("the read model still holds %d audit entries", got)
		}
		for _, id := range []string{"a00000", "a09999", fmt.Sprintf("a%05d", audits-1)} {
			if e, err := s.Entity(domain.KindAudit, id); err != nil || len(e.Fields) != 0 {
				t.Errorf("the files still hold audit entry %s: %v %v", id, e, err)
			}
		}
		for _, id := range []string{"p0000", fmt.Sprintf("p%04d", people-1)} {
			p, ok := s.View().Person(id)
			if !ok || p.GivenName != "Ann" || p.AccessNeeds != needs {
				t.Errorf("%s's card was dropped: %+v", id, p)
			}
			if p.Phone != "" || p.Address != "" {
				t.Errorf("%s's details are still in the read model: %+v", id, p)
			}
			e, err := s.Entity(domain.KindPerson, id)
			must(t, err)
			if _, ok := e.Fields["phone"]; ok {
				t.Errorf("the files still hold %s's phone", id)
			}
		}
	}
	checkAndReopened(t, s, dir, check)
}

// checkAndReopened runs check on s, then closes s and runs it again on the
// store reopened from dir: what is forgotten stays forgotten.
func checkAndReopened(t *testing.T, s *Store, dir string, check func(*testing.T, *Store)) {
	t.Helper()
	check(t, s)
	must(t, s.Close())
	s2, err := Open(dir, Options{})
	must(t, err)
	defer s2.Close()
	t.Run("reopened", func(t *testing.T) { check(t, s2) })
}

// TestForgetRecords: the records of the kinds asked for leave the device,
// store and read model (a mark from its session's register, also one whose
// id does not name the session); one still waiting to be sent and one in
// keep stay; other kinds stay.
func TestForgetRecords(t *testing.T) {
	s, _ := openTemp(t, Options{})
	session := domain.SessionID("garden-club", "2026-11-21")
	mark := func(id, person string) record.Change {
		return record.Change{Kind: domain.KindAttendance, ID: id, Fields: map[string]string{"session_id": session,
			"person_id": person, "activity_id": "garden-club", "venue_id": "v1", "date": "2026-11-21", "status": domain.StatusPresent}}
	}
	must(t, s.Save("bev",
		record.Change{Kind: domain.KindSession, ID: session, Fields: map[string]string{"activity_id": "garden-club", "venue_id": "v1", "date": "2026-11-21"}},
		record.Change{Kind: domain.KindPerson, ID: "ann", Fields: map[string]string{"given_name": "Ann"}},
		record.Change{Kind: domain.KindPerson, ID: "refused", Fields: map[string]string{"given_name": "Ray"}},
		record.Change{Kind: domain.KindStaff, ID: "bev", Fields: map[string]string{"name": "Bev", "role": domain.RoleFacilitator}},
		mark(domain.AttendanceID(session, "ann"), "ann"),
		mark("an-older-mark-id", "ann")))
	must(t, s.Ack(s.QueueSeq())) // the server holds all of it
	must(t, s.Save("bev", mark(domain.AttendanceID(session, "waiting"), "waiting")))
	notStaff := func(k record.Kind) bool { return k != domain.KindStaff }
	keep := func(kind record.Kind, id string) bool { return kind == domain.KindPerson && id == "refused" }
	n, err := s.ForgetRecords(notStaff, keep)
	must(t, err)
	if n != 4 {
		t.Errorf("dropped %d records, want 4 (the session, Ann and her two marks)", n)
	}
	v := s.View()
	if got := v.Attendance(session); len(got) != 1 || got[0].PersonID != "waiting" {
		t.Errorf("the register holds %+v, want only the mark still waiting", got)
	}
	for _, r := range []struct {
		kind record.Kind
		id   string
		held bool
	}{{domain.KindSession, session, false}, {domain.KindPerson, "ann", false}, {domain.KindAttendance, "an-older-mark-id", false},
		{domain.KindPerson, "refused", true}, {domain.KindStaff, "bev", true}} {
		if _, ok := v.Get(r.kind, r.id); ok != r.held {
			t.Errorf("%s %s in the read model: %v, want %v", r.kind, r.id, ok, r.held)
		}
		if e, err := s.Entity(r.kind, r.id); err != nil || (len(e.Fields) > 0) != r.held {
			t.Errorf("%s %s in the store: %v (%v), want held %v", r.kind, r.id, e, err, r.held)
		}
	}
}

// TestCaseFieldsHeld lists the people ForgetCaseFields would drop now,
// each with the newest stamp of their case fields, which moves when a
// detail is typed again.
func TestCaseFieldsHeld(t *testing.T) {
	s, _ := openTemp(t, Options{})
	must(t, s.Save("bev",
		record.Change{Kind: domain.KindPerson, ID: "sent", Fields: map[string]string{"given_name": "Win", "phone": "07700 900555"}},
		record.Change{Kind: domain.KindPerson, ID: "card", Fields: map[string]string{"given_name": "Cal"}},
		record.Change{Kind: domain.KindPerson, ID: "refused", Fields: map[string]string{"given_name": "Rae", "phone": "07700 900556"}}))
	must(t, s.Ack(s.QueueSeq()))
	must(t, s.Save("bev", record.Change{Kind: domain.KindPerson, ID: "waiting", Fields: map[string]string{"phone": "07700 900557"}}))
	keep := func(kind record.Kind, id string) bool { return id == "refused" }
	held, err := s.CaseFieldsHeld(keep)
	must(t, err)
	e, err := s.Entity(domain.KindPerson, "sent")
	must(t, err)
	if len(held) != 1 || held[0].ID != "sent" || held[0].Newest != e.Fields["phone"].Stamp {
		t.Fatalf("held %+v, want only sent with its phone's stamp %v", held, e.Fields["phone"].Stamp)
	}
	must(t, s.Save("bev", record.Change{Kind: domain.KindPerson, ID: "sent", Fields: map[string]string{"date_of_birth": "1957-04-09"}}))
	must(t, s.Ack(s.QueueSeq())) // and the waiting one reached the server too
	again, err := s.CaseFieldsHeld(keep)
	must(t, err)
	newest := map[string]hlc.Timestamp{}
	for _, h := range again {
		newest[h.ID] = h.Newest
	}
	if len(again) != 2 || !held[0].Newest.Less(newest["sent"]) || newest["waiting"].IsZero() {
		t.Errorf("after a detail was typed again, held %+v (was %+v)", again, held)
	}
}
