package storage

import (
	"bytes"
	"testing"
	"time"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/hlc"
	"github.com/gather-sp/gather/internal/diskscan"
	"github.com/gather-sp/gather/record"
)

func TestErasePerson(t *testing.T) {
	s, _ := openTemp(t, Options{})
	sid := domain.SessionID("garden", "2026-11-21")
	must(t, s.Save("ann",
		personChange("p1", "Wilhelmina", "Quarrington", ""),
		personChange("p2", "Ann", "Lee", ""),
		record.Change{Kind: domain.KindEnrolment, ID: domain.EnrolmentID("garden", "p1"), Fields: map[string]string{"activity_id": "garden", "person_id": "p1"}},
		record.Change{Kind: domain.KindReferral, ID: "r1", Fields: map[string]string{"person_id": "p1", "notes": "lonely since bereavement"}},
		record.Change{Kind: domain.KindAttendance, ID: domain.AttendanceID(sid, "p1"),
			Fields: map[string]string{"session_id": sid, "person_id": "p1", "status": domain.StatusPresent, "note": "came with daughter"}},
	))
	must(t, s.ErasePerson("admin", "p1"))

	v := s.View()
	if _, ok := v.Person("p1"); ok {
		t.Fatal("erased person still readable")
	}
	if got := v.SearchPeople("wilhelmina", 10); len(got) != 0 {
		t.Fatalf("erased person still found by search: %v", got)
	}
	if _, ok := v.Get(domain.KindReferral, "r1"); ok {
		t.Fatal("erased person's referral still readable")
	}
	mark, ok := v.Get(domain.KindAttendance, domain.AttendanceID(sid, "p1"))
	if !ok || mark.Get("status") != domain.StatusPresent || mark.Get("note") != "" {
		t.Fatalf("mark after erasure: %v %v; want status kept for counts, note gone", mark, ok)
	}
	if _, ok := v.Person("p2"); !ok {
		t.Fatal("erasing one person touched another")
	}
	e, _ := s.Entity(domain.KindPerson, "p1")
	if len(e.Fields) != 1 || !e.Erased() {
		t.Fatalf("stored state keeps %v", e.Fields)
	}
	// Nothing queued for push still carries the erased values.
	queued, _ := s.PendingWrites(0, 1000)
	for _, q := range queued {
		if q.Write.Value == "Wilhelmina" || q.Write.Value == "lonely since bereavement" || q.Write.Value == "came with daughter" ||
			q.Write.Value == "943 476 5919" && q.Write.ID == "p1" {
			t.Fatalf("queue still holds erased value %+v", q.Write)
		}
	}
	if _, ok := v.Person("p2"); !ok || s.PendingCount() != len(queued) {
		t.Fatalf("pending count %d, queue holds %d", s.PendingCount(), len(queued))
	}
	if err := s.ErasePerson("admin", "p1"); err == nil {
		t.Fatal("erasing an erased person again did not say so")
	}
}

func TestExpiredCases(t *testing.T) {
	s, _ := openTemp(t, Options{})
	ref := func(id, person, closed, declined string) record.Change {
		return record.Change{Kind: domain.KindReferral, ID: id, Fields: map[string]string{"person_id": person, "closed": closed, "declined": declined}}
	}
	sid := domain.SessionID("garden", "2026-06-01")
	must(t, s.Save("ann",
		ref("r1", "old", "2025-01-10", ""),                               // closed long ago: expired
		ref("r2", "declined", "", "2025-02-01"),                          // declined long ago: expired
		ref("r3", "recent", "2026-10-01", ""),                            // closed recently: kept
		ref("r4", "mixed", "2025-01-01", ""), ref("r5", "mixed", "", ""), // one still open: kept
		ref("r6", "attends", "2025-01-01", ""), // closed but still comes to the garden: kept
		record.Change{Kind: domain.KindEnrolment, ID: domain.EnrolmentID("garden", "attends"), Fields: map[string]string{"activity_id": "garden", "person_id": "attends"}},
		record.Change{Kind: domain.KindAttendance, ID: domain.AttendanceID(sid, "attends"),
			Fields: map[string]string{"session_id": sid, "person_id": "attends", "date": "2026-06-01", "status": domain.StatusPresent}},
	))
	got := ExpiredCases(s.View(), "2025-11-21")
	if len(got) != 2 || got[0] != "declined" || got[1] != "old" {
		t.Fatalf("ExpiredCases = %v, want [declined old]", got)
	}
}

// fullPerson is a person with every card and case field filled, as a link
// worker's record is: over 1 KiB written out (encoding version 1).
func fullPerson(id string) record.Change {
	return record.Change{Kind: domain.KindPerson, ID: id, Fields: domain.Encode(domain.Person{
		GivenName: "Wilhelmina", FamilyName: "Quarrington", PreferredName: "Billie", AccessNeeds: "uses a wheelchair; step-free access please",
		EmergencyContactName: "Jonathan Quarrington", EmergencyContactPhone: "07700 900456",
		DateOfBirth: "1948-03-02", Phone: "07700 900123", Email: "billie.quarrington@example.org",
		Address: "14 Orchard Row, Lower Marsh", Postcode: "ZZ1 4QQ", ContactPreferences: []string{"phone", "letter"},
		NHSNumber: "401 023 2137", Practice: "Riverside Surgery", Gender: "woman", Ethnicity: "White British",
	})}
}

// secretsOnDisk lists which secrets some file under dir holds, and where.
func secretsOnDisk(t *testing.T, dir string, secrets ...string) []string {
	t.Helper()
	found, err := diskscan.Find(dir, secrets...)
	if err != nil {
		t.Fatal(err)
	}
	return found
}

func TestErasureLeavesTheDiskAfterCompact(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{CompactDelay: time.Hour}) // Compact by hand below
	must(t, err)
	defer func() { s.Close() }()
	sid := domain.SessionID("garden", "2026-11-21")
	staff := domain.NewID() // staff ids are random, like device ids
	must(t, s.Save(staff, fullPerson("p1"), personChange("p2", "Ann", "Lee", ""),
		record.Change{Kind: domain.KindEnrolment, ID: domain.EnrolmentID("garden", "p1"), Fields: map[string]string{"activity_id": "garden", "person_id": "p1"}},
		record.Change{Kind: domain.KindReferral, ID: "r1", Fields: map[string]string{"person_id": "p1", "notes": "lonely since bereavement"}},
		record.Change{Kind: domain.KindAttendance, ID: domain.AttendanceID(sid, "p1"),
			Fields: map[string]string{"session_id": sid, "person_id": "p1", "status": domain.StatusPresent, "note": "came with daughter"}}))
	// Measured in the plain encoding (version 1, ids written out): the
	// stored one names devices and staff once and is smaller.
	if e, _ := s.Entity(domain.KindPerson, "p1"); len(record.AppendEntityVersion(nil, e, 1)) < 1024 {
		t.Fatalf("the person's state is %d bytes; the test wants a realistic one over 1 KiB", len(record.AppendEntityVersion(nil, e, 1)))
	}
	// Sync would acknowledge the queued writes; their old versions must go too.
	must(t, s.Ack(s.QueueSeq()))
	// Close and reopen, so the values sit in tables as well as in the log.
	must(t, s.Close())
	s, err = Open(dir, Options{CompactDelay: time.Hour})
	must(t, err)

	secrets := []string{"Wilhelmina", "Quarrington", "401 023 2137", "lonely since bereavement", "came with daughter"}
	if got := secretsOnDisk(t, dir, secrets...); len(got) == 0 {
		t.Fatal("the secrets never reached the disk: the test proves nothing")
	}
	must(t, s.ErasePerson("admin", "p1"))
	// A backup taken at once, before any compaction, holds no old version.
	var backup bytes.Buffer
	must(t, s.Backup(&backup))
	for _, secret := range secrets {
		if bytes.Contains(backup.Bytes(), []byte(secret)) {
			t.Errorf("a backup made after the erasure holds %q", secret)
		}
	}
	must(t, s.Compact())
	if got := secretsOnDisk(t, dir, secrets...); len(got) > 0 {
		t.Fatalf("after erasure and Compact the store's files still hold %v", got)
	}
	if b, _ := s.Meta(metaCompact); b != nil {
		t.Errorf("Compact left the pending flag set: %q", b)
	}
	// Nothing else was lost, and the erasure holds after a restart.
	must(t, s.Close())
	s, err = Open(dir, Options{})
	must(t, err)
	v := s.View()
	if _, ok := v.Person("p1"); ok {
		t.Fatal("the erased person is back in the read model after a restart")
	}
	if p, ok := v.Person("p2"); !ok || p.GivenName != "Ann" {
		t.Fatalf("another person after Compact: %+v %v", p, ok)
	}
	if m, ok := v.Get(domain.KindAttendance, domain.AttendanceID(sid, "p1")); !ok || m.Get("status") != domain.StatusPresent {
		t.Fatal("the anonymous mark did not survive Compact")
	}
}

func TestErasureCompactsByItselfEvenAcrossARestart(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{CompactDelay: time.Hour})
	must(t, err)
	must(t, s.Save("ann", fullPerson("p1")))
	must(t, s.Ack(s.QueueSeq()))
	must(t, s.ErasePerson("admin", "p1"))
	// The app closes before the delayed Compact: the next open does it.
	must(t, s.Close())
	s, err = Open(dir, Options{CompactDelay: 10 * time.Millisecond})
	must(t, err)
	defer s.Close()
	deadline := time.Now().Add(20 * time.Second)
	for {
		b, err := s.Meta(metaCompact)
		must(t, err)
		if b == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the store never compacted the erasure left over from the last run")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if got := secretsOnDisk(t, dir, "Wilhelmina", "401 023 2137"); len(got) > 0 {
		t.Fatalf("after the automatic Compact the files still hold %v", got)
	}
}

func TestErasureTakesConflictsAndMergedDuplicates(t *testing.T) {
	s, _ := openTemp(t, Options{})
	sid := domain.SessionID("garden", "2026-11-21")
	mark := domain.AttendanceID(sid, "p1")
	must(t, s.Save("ann", fullPerson("p1"), personChange("dup", "Willa", "Quarrington", ""), personChange("p2", "Ann", "Lee", ""),
		record.Change{Kind: domain.KindEnrolment, ID: domain.EnrolmentID("garden", "p1"), Fields: map[string]string{"activity_id": "garden", "person_id": "p1"}},
		record.Change{Kind: domain.KindAttendance, ID: mark, Fields: map[string]string{"session_id": sid, "person_id": "p1", "status": domain.StatusPresent}}))
	must(t, s.Save("ann", record.Change{Kind: domain.KindPerson, ID: "dup", Fields: map[string]string{record.FieldMergedInto: "p1"}}))
	// Concurrent edits arrive by sync and lose: conflict records keep the
	// losing values for review.
	other := hlc.NewClock("tablet", nil)
	var ws []record.Write
	for _, c := range []struct {
		kind          record.Kind
		id, field, to string
	}{{domain.KindPerson, "p1", "given_name", "Mina"}, {domain.KindAttendance, mark, "status", domain.StatusLate}, {domain.KindPerson, "p2", "given_name", "Annie"}} {
		e, _ := s.Entity(c.kind, c.id)
		must(t, s.Save("ann", record.Change{Kind: c.kind, ID: c.id, Fields: map[string]string{c.field: c.to + "!"}}))
		ws = append(ws, record.Write{Kind: c.kind, ID: c.id, Field: c.field, Value: c.to, Stamp: other.Now(), Base: e.Fields[c.field].Stamp, Staff: "sam"})
	}
	if _, err := s.ApplyRemote(append(ws, serverConflicts(t, s, ws)...), nil); err != nil {
		t.Fatal(err)
	}
	if n := len(s.View().All(domain.KindConflict)); n != 3 {
		t.Fatalf("%d conflicts recorded, want 3", n)
	}
	must(t, s.ErasePerson("admin", "p1"))
	v := s.View()
	left := v.All(domain.KindConflict)
	if len(left) != 1 || left[0].Get("entity_id") != "p2" {
		t.Fatalf("conflicts after erasure: %v; want only the one about p2", left)
	}
	if _, ok := v.Person("dup"); ok {
		t.Fatal("a duplicate merged into the erased person is still readable")
	}
	if got := v.SearchPeople("quarrington", 10); len(got) != 0 {
		t.Fatalf("search still finds %v", got)
	}
	e, _ := s.Entity(domain.KindPerson, "dup")
	if !e.Erased() {
		t.Fatalf("duplicate's stored state: %v", e.Fields)
	}
}

// serverConflicts returns the conflict records the server makes when it
// meets ws after what s holds, as a pull would bring them.
func serverConflicts(t *testing.T, s *Store, ws []record.Write) []record.Write {
	t.Helper()
	var out []record.Write
	for _, w := range ws {
		e, err := s.Entity(w.Kind, w.ID)
		must(t, err)
		if c := e.Clone().Apply(w).Conflict; c != nil {
			out = append(out, domain.ConflictEntity(c, "server").Writes()...)
		}
	}
	return out
}

func TestRemoteErasureLeavesNoLocalConflicts(t *testing.T) {
	s, _ := openTemp(t, Options{})
	must(t, s.Save("ann", personChange("p1", "Wilhelmina", "Quarrington", "")))
	server := hlc.NewClock("office", nil)
	e, _ := s.Entity(domain.KindPerson, "p1")
	must(t, s.Save("ann", record.Change{Kind: domain.KindPerson, ID: "p1", Fields: map[string]string{"given_name": "Mina"}}))
	// The office's concurrent rename loses here. The tablet records no
	// conflict itself (the server does, and erases it with the person), so
	// none can outlive the erasure on this device.
	if _, err := s.ApplyRemote([]record.Write{{Kind: domain.KindPerson, ID: "p1", Field: "given_name", Value: "Billie",
		Stamp: hlc.Timestamp{Wall: e.Fields["given_name"].Stamp.Wall + 1, Device: "aaa"}, Base: e.Fields["given_name"].Stamp, Staff: "sam"}}, nil); err != nil {
		t.Fatal(err)
	}
	if n := len(s.View().All(domain.KindConflict)); n != 0 {
		t.Fatalf("%d local conflicts, want none", n)
	}
	// The erasure arrives by sync, with a stale name write in the same page.
	if _, err := s.ApplyRemote([]record.Write{
		{Kind: domain.KindPerson, ID: "p1", Field: "given_name", Value: "Old", Stamp: server.Now(), Base: e.Fields["given_name"].Stamp, Staff: "sam"},
		{Kind: domain.KindPerson, ID: "p1", Field: record.FieldErased, Value: "true", Stamp: server.Now(), Staff: "admin"},
	}, nil); err != nil {
		t.Fatal(err)
	}
	if got := s.View().All(domain.KindConflict); len(got) != 0 {
		t.Fatalf("conflicts about the erased person left on the device: %v", got)
	}
	if _, ok := s.View().Person("p1"); ok {
		t.Fatal("erased person still readable")
	}
	if b, _ := s.Meta(metaCompact); b == nil {
		t.Error("a remote erasure did not ask for Compact")
	}
}

// TestErasureBlanksMarksWithNoEnrolmentBehindThem: a mark whose enrolment
// is gone (an undo on another device deleted the one a first mark made,
// after this person was marked again) still loses its note and companion.
func TestErasureBlanksMarksWithNoEnrolmentBehindThem(t *testing.T) {
	s, _ := openTemp(t, Options{})
	first, later := domain.SessionID("garden", "2026-11-14"), domain.SessionID("garden", "2026-11-21")
	enrolment := domain.EnrolmentID("garden", "p1")
	must(t, s.Save("bev",
		personChange("p1", "Wilhelmina", "Quarrington", ""),
		record.Change{Kind: domain.KindEnrolment, ID: enrolment, Fields: map[string]string{"activity_id": "garden", "person_id": "p1"}},
		record.Change{Kind: domain.KindAttendance, ID: domain.AttendanceID(later, "p1"),
			Fields: map[string]string{"session_id": later, "person_id": "p1", "status": domain.StatusPresent, "note": "feeling low", "companion": "carer"}},
	))
	must(t, s.Save("bev",
		record.Change{Kind: domain.KindAttendance, ID: domain.AttendanceID(first, "p1"), Fields: map[string]string{"status": ""}},
		record.Change{Kind: domain.KindEnrolment, ID: enrolment, Fields: map[string]string{record.FieldDeleted: "true"}},
	))
	must(t, s.ErasePerson("admin", "p1"))
	mark, ok := s.View().Get(domain.KindAttendance, domain.AttendanceID(later, "p1"))
	if !ok || mark.Get("status") != domain.StatusPresent || mark.Get("note") != "" || mark.Get("companion") != "" {
		t.Fatalf("mark after erasure: status %q, note %q, companion %q; want the status kept, the rest gone",
			mark.Get("status"), mark.Get("note"), mark.Get("companion"))
	}
}
