package storage

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/hlc"
	"github.com/gather-sp/gather/record"
)

func openTemp(t testing.TB, opts Options) (*Store, string) {
	t.Helper()
	dir := t.TempDir()
	s, err := Open(dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, dir
}

func personChange(id, given, family, preferred string) record.Change {
	return record.Change{Kind: domain.KindPerson, ID: id, Fields: domain.Encode(domain.Person{
		GivenName: given, FamilyName: family, PreferredName: preferred, NHSNumber: "943 476 5919",
	})}
}

func TestSaveReopenKeepsStateAndQueue(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Save("ann", personChange("p1", "Zoë", "Okafor", "Zo")); err != nil {
		t.Fatal(err)
	}
	device := s.Device()
	last := s.Clock().Last()
	s.Close()

	s, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	p, ok := s.View().Person("p1")
	if !ok || p.GivenName != "Zoë" || p.PreferredName != "Zo" {
		t.Fatalf("after reopen: %+v %v", p, ok)
	}
	if s.Device() != device {
		t.Fatal("device id changed on reopen")
	}
	if !last.Less(s.Clock().Now()) {
		t.Fatal("clock went backwards across reopen")
	}
	if n := s.PendingCount(); n != 4 {
		t.Fatalf("pending = %d, want 4 (given, family, preferred, nhs)", n)
	}
}

func TestSaveSkipsUnchangedFields(t *testing.T) {
	s, _ := openTemp(t, Options{})
	c := personChange("p1", "Ann", "Lee", "")
	if err := s.Save("ann", c); err != nil {
		t.Fatal(err)
	}
	before := s.PendingCount()
	if err := s.Save("ann", c); err != nil {
		t.Fatal(err)
	}
	if s.PendingCount() != before {
		t.Fatal("saving the same values queued new writes")
	}
}

func TestSaveRejectsBadChange(t *testing.T) {
	s, _ := openTemp(t, Options{})
	for _, c := range []record.Change{{Kind: "", ID: "x"}, {Kind: "person", ID: ""}, {Kind: "a\x00b", ID: "x"}} {
		if err := s.Save("ann", c); err == nil {
			t.Errorf("Save(%+v) accepted", c)
		}
	}
}

func TestSearchPeople(t *testing.T) {
	s, _ := openTemp(t, Options{})
	must(t, s.Save("ann",
		personChange("p1", "Zoë", "Okafor", ""),
		personChange("p2", "Margaret", "O'Brien", "Peggy"),
		personChange("p3", "Ann", "Lee", ""),
		personChange("p4", "Annabel", "Leigh", ""),
		personChange("p5", "Éamon", "Zielinski", ""),
	))
	cases := []struct {
		query string
		want  []string
	}{
		{"zoe", []string{"p1"}},
		{"ZO", []string{"p1"}},
		{"peg", []string{"p2"}},
		{"brien", []string{"p2"}},
		{"ann", []string{"p4", "p3"}}, // sorted by name: Annabel Leigh, Ann Lee... "ann lee" < "annabel leigh"
		{"ann le", []string{"p3", "p4"}},
		{"ann lee", []string{"p3"}},
		{"eamon", []string{"p5"}},
		{"lee ann", []string{"p3"}},
		{"nobody", nil},
		{"  ", nil},
	}
	for _, tc := range cases {
		t.Run(tc.query, func(t *testing.T) {
			var got []string
			for _, p := range s.View().SearchPeople(tc.query, 10) {
				got = append(got, p.ID)
			}
			if strings.Join(sortedCopy(got), ",") != strings.Join(sortedCopy(tc.want), ",") {
				t.Fatalf("SearchPeople(%q) = %v, want %v", tc.query, got, tc.want)
			}
		})
	}
}

// Find a person finds O'Brien and Zoë however their names are typed
// (issue 12), from the read model kept as saves happen and from the one
// rebuilt when the store opens.
func TestSearchPeopleFoldsNames(t *testing.T) {
	s, dir := openTemp(t, Options{})
	must(t, s.Save("ann",
		personChange("obrien", "Siobhán", "O'Brien", ""),
		personChange("curly", "Kate", "O’Neill", ""),
		personChange("spaced", "Dara", "O Brien", ""),
		personChange("zoe", "Zoë", "Quartermaine", ""),
		personChange("other", "Bríd", "Obi", ""),
	))
	cases := []struct {
		query string
		want  []string
	}{
		{"obrien", []string{"obrien", "spaced"}},
		{"O’Brien", []string{"obrien", "spaced"}},
		{"o brien", []string{"obrien", "spaced"}},
		{"O'Brien", []string{"obrien", "spaced"}},
		{"o'b", []string{"obrien", "spaced", "other"}},
		{"brien", []string{"obrien", "spaced"}},
		{"siobhan o'brien", []string{"obrien"}},
		{"o'neill", []string{"curly"}},
		{"oneill", []string{"curly"}},
		{"o neill", []string{"curly"}},
		{"zoe", []string{"zoe"}},
		{"Zoë", []string{"zoe"}},
		{"ZOE QUART", []string{"zoe"}},
		{"obrian", nil},
	}
	search := func(t *testing.T, s *Store) {
		for _, tc := range cases {
			t.Run(tc.query, func(t *testing.T) {
				var got []string
				for _, p := range s.View().SearchPeople(tc.query, 10) {
					got = append(got, p.ID)
				}
				if strings.Join(sortedCopy(got), ",") != strings.Join(sortedCopy(tc.want), ",") {
					t.Fatalf("SearchPeople(%q) = %v, want %v", tc.query, got, tc.want)
				}
			})
		}
	}
	t.Run("saved", func(t *testing.T) { search(t, s) })
	must(t, s.Close())
	s2, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	t.Run("reopened", func(t *testing.T) { search(t, s2) })
}

func sortedCopy(s []string) []string {
	out := append([]string(nil), s...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

func TestMergedPersonResolvesAndLeavesSearch(t *testing.T) {
	s, _ := openTemp(t, Options{})
	must(t, s.Save("ann", personChange("old", "Ann", "Lee", ""), personChange("new", "Ann", "Lee", "")))
	must(t, s.Save("ann", record.Change{Kind: domain.KindPerson, ID: "old", Fields: map[string]string{record.FieldMergedInto: "new"}}))
	v := s.View()
	if p, ok := v.Person("old"); !ok || p.ID != "new" {
		t.Fatalf("Person(old) = %+v, %v; want the surviving record", p, ok)
	}
	if got := v.SearchPeople("ann", 10); len(got) != 1 || got[0].ID != "new" {
		t.Fatalf("search shows %v, want only the surviving record", got)
	}
}

func TestDeletedLeavesReadModel(t *testing.T) {
	s, _ := openTemp(t, Options{})
	must(t, s.Save("ann", personChange("p1", "Ann", "Lee", "")))
	must(t, s.Save("ann", record.Change{Kind: domain.KindPerson, ID: "p1", Fields: map[string]string{record.FieldDeleted: "true"}}))
	if _, ok := s.View().Person("p1"); ok {
		t.Fatal("deleted person still in the read model")
	}
}

func TestIndexes(t *testing.T) {
	s, _ := openTemp(t, Options{})
	day, other := "2026-11-21", "2026-11-22"
	sess := func(act, venue, date string) record.Change {
		return record.Change{Kind: domain.KindSession, ID: domain.SessionID(act, date),
			Fields: domain.Encode(domain.Session{ActivityID: act, VenueID: venue, Date: date})}
	}
	must(t, s.Save("ann",
		sess("garden", "v1", day), sess("craft", "v2", day), sess("garden", "v1", other),
		record.Change{Kind: domain.KindAttendance, ID: domain.AttendanceID(domain.SessionID("garden", day), "p1"),
			Fields: map[string]string{"session_id": domain.SessionID("garden", day), "person_id": "p1", "status": domain.StatusPresent}},
		record.Change{Kind: domain.KindEnrolment, ID: domain.EnrolmentID("garden", "p1"),
			Fields: map[string]string{"activity_id": "garden", "person_id": "p1"}},
		record.Change{Kind: domain.KindReferral, ID: "r1", Fields: map[string]string{"status": "received"}},
		record.Change{Kind: domain.KindFollowUp, ID: "f1", Fields: map[string]string{"due": "2026-11-20"}},
		record.Change{Kind: domain.KindFollowUp, ID: "f2", Fields: map[string]string{"due": "2026-11-25"}},
		record.Change{Kind: domain.KindFollowUp, ID: "f3", Fields: map[string]string{"due": "2026-11-01", "done": "2026-11-02"}},
	))
	v := s.View()
	if got := v.SessionsOn(day); len(got) != 2 {
		t.Errorf("SessionsOn(day) = %d sessions, want 2", len(got))
	}
	if got := v.SessionsOn(day, "v1"); len(got) != 1 || got[0].ActivityID != "garden" {
		t.Errorf("SessionsOn(day, v1) = %+v", got)
	}
	if got := v.Attendance(domain.SessionID("garden", day)); len(got) != 1 || got[0].Status != domain.StatusPresent {
		t.Errorf("Attendance = %+v", got)
	}
	if got := v.PersonAttendance("p1"); len(got) != 1 || got[0].SessionID != domain.SessionID("garden", day) {
		t.Errorf("PersonAttendance(p1) = %+v", got)
	}
	if got := v.Count(domain.KindAttendance); got != 1 {
		t.Errorf("Count(attendance) = %d", got)
	}
	if got := v.Enrolments("garden"); len(got) != 1 || got[0].PersonID != "p1" {
		t.Errorf("Enrolments = %+v", got)
	}
	if got := v.Referrals("received"); len(got) != 1 {
		t.Errorf("Referrals = %+v", got)
	}
	if got := v.FollowUpsDueBy("2026-11-21"); len(got) != 1 || got[0].ID != "f1" {
		t.Errorf("FollowUpsDueBy = %+v, want only f1 (f2 not due, f3 done)", got)
	}
}

// Changed fires, and Version moves, for a local save and for a remote
// change, and a new View shows the change.
func TestChangedFiresForLocalAndRemoteChanges(t *testing.T) {
	s, _ := openTemp(t, Options{})
	sid := domain.SessionID("garden", "2026-11-21")
	wait := func(name string, person string, change func()) {
		t.Helper()
		changed, version := s.Changed(), s.Version()
		change()
		select {
		case <-changed:
		default:
			t.Fatalf("%s: Changed() did not fire", name)
		}
		if s.Version() != version+1 {
			t.Fatalf("%s: Version went from %d to %d, want one more", name, version, s.Version())
		}
		if _, ok := s.View().Get(domain.KindAttendance, domain.AttendanceID(sid, person)); !ok {
			t.Fatalf("%s: a View taken after the notice does not show the change", name)
		}
	}
	mark := func(status string) record.Change {
		return record.Change{Kind: domain.KindAttendance, ID: domain.AttendanceID(sid, "p1"),
			Fields: map[string]string{"session_id": sid, "person_id": "p1", "status": status}}
	}
	wait("local", "p1", func() { must(t, s.Save("ann", mark(domain.StatusPresent))) })
	wait("remote", "p2", func() {
		_, err := s.ApplyRemote([]record.Write{{Kind: domain.KindAttendance, ID: domain.AttendanceID(sid, "p2"),
			Field: "session_id", Value: sid, Stamp: hlc.Timestamp{Wall: 1, Device: "other"}}}, nil)
		must(t, err)
	})
}

func TestApplyRemoteLeavesConflictsToTheServerAndSavesCursor(t *testing.T) {
	s, dir := openTemp(t, Options{})
	id := domain.AttendanceID(domain.SessionID("garden", "2026-11-21"), "p1")
	must(t, s.Save("ann", record.Change{Kind: domain.KindAttendance, ID: id, Fields: map[string]string{"status": domain.StatusPresent}}))
	local, _ := s.Entity(domain.KindAttendance, id)
	// A write made on another tablet that never saw ours, stamped later.
	remote := record.Write{Kind: domain.KindAttendance, ID: id, Field: "status", Value: domain.StatusAbsent,
		Stamp: hlc.Timestamp{Wall: local.Fields["status"].Stamp.Wall + 1000, Device: "tablet-b"}, Staff: "bob"}
	res, err := s.ApplyRemote([]record.Write{remote}, map[string][]byte{"cursor": []byte("e1:42")})
	must(t, err)
	if res.Conflicts != 0 || len(s.View().All(domain.KindConflict)) != 0 {
		t.Fatalf("the device recorded a conflict itself (%+v): only the server records them", res)
	}
	// The server's record of the pair arrives by pull and counts as new.
	server := domain.ConflictEntity(&record.Conflict{Kind: domain.KindAttendance, ID: id, Field: "status",
		Winner: record.FieldState{Value: remote.Value, Stamp: remote.Stamp, Staff: remote.Staff}, Loser: local.Fields["status"]}, "server")
	res, err = s.ApplyRemote(server.Writes(), nil)
	must(t, err)
	if res.Conflicts != 1 {
		t.Fatalf("conflicts = %d, want 1", res.Conflicts)
	}
	rows := s.View().All(domain.KindConflict)
	if len(rows) != 1 {
		t.Fatalf("%d conflict rows", len(rows))
	}
	var c domain.Conflict
	rows[0].Decode(&c)
	if c.WinnerValue != domain.StatusAbsent || c.LoserValue != domain.StatusPresent || c.LoserStaff != "ann" || c.WinnerStaff != "bob" {
		t.Fatalf("conflict %+v", c)
	}
	// Applying the same writes again records nothing new.
	res, err = s.ApplyRemote(append([]record.Write{remote}, server.Writes()...), nil)
	must(t, err)
	if res.Conflicts != 0 {
		t.Fatal("duplicate remote writes recorded a second conflict")
	}
	if !remote.Stamp.Less(s.Clock().Now()) {
		t.Fatal("clock did not advance past the remote stamp")
	}
	s.Close()
	s2, err := Open(dir, Options{})
	must(t, err)
	defer s2.Close()
	if b, _ := s2.Meta("cursor"); string(b) != "e1:42" {
		t.Fatalf("cursor after reopen = %q", b)
	}
}

func TestQueueAckAndRequeue(t *testing.T) {
	s, _ := openTemp(t, Options{})
	for i := 0; i < 5; i++ {
		must(t, s.Save("ann", personChange(fmt.Sprintf("p%d", i), "A", fmt.Sprint(i), "")))
	}
	all, err := s.PendingWrites(0, 1000)
	must(t, err)
	if len(all) != 15 || all[0].Seq != 1 || all[14].Seq != 15 {
		t.Fatalf("pending %d writes, seqs %d..%d", len(all), all[0].Seq, all[len(all)-1].Seq)
	}
	page, _ := s.PendingWrites(10, 3)
	if len(page) != 3 || page[0].Seq != 11 {
		t.Fatalf("page after 10: %+v", page)
	}
	must(t, s.Ack(10))
	if s.PendingCount() != 5 {
		t.Fatalf("pending after ack = %d, want 5", s.PendingCount())
	}
	rest, _ := s.PendingWrites(0, 100)
	if len(rest) != 5 || rest[0].Seq != 11 {
		t.Fatalf("after ack: %+v", rest)
	}
	must(t, s.Ack(15))
	must(t, s.RequeueAll())
	if s.PendingCount() != 15 {
		t.Fatalf("requeue queued %d writes, want 15", s.PendingCount())
	}
	again, _ := s.PendingWrites(0, 1)
	if again[0].Seq != 16 {
		t.Fatalf("requeued writes restarted the sequence at %d", again[0].Seq)
	}
}

func TestEncryptionAtRest(t *testing.T) {
	key := bytes.Repeat([]byte{7}, 32)
	dir := t.TempDir()
	s, err := Open(dir, Options{EncryptionKey: key})
	must(t, err)
	for i := 0; i < 50; i++ {
		must(t, s.Save("ann", personChange(fmt.Sprintf("p%d", i), "Wilhelmina", "Quarrington", "Billie")))
	}
	must(t, s.Close())
	filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		b, _ := os.ReadFile(path)
		for _, secret := range []string{"Wilhelmina", "Quarrington", "943 476 5919"} {
			if bytes.Contains(b, []byte(secret)) {
				t.Errorf("%s holds %q in plain text", filepath.Base(path), secret)
			}
		}
		return nil
	})
	wrong := bytes.Repeat([]byte{8}, 32)
	if _, err := Open(dir, Options{EncryptionKey: wrong}); !errors.Is(err, ErrWrongKey) {
		t.Fatalf("wrong key: err = %v, want ErrWrongKey", err)
	}
	if _, err := Open(dir, Options{EncryptionKey: []byte("short")}); err == nil {
		t.Fatal("short key accepted")
	}
	s, err = Open(dir, Options{EncryptionKey: key})
	must(t, err)
	defer s.Close()
	if p, ok := s.View().Person("p3"); !ok || p.GivenName != "Wilhelmina" {
		t.Fatalf("right key does not read the data: %+v", p)
	}
}

func TestOpenTwiceSaysLocked(t *testing.T) {
	_, dir := openTemp(t, Options{})
	if _, err := Open(dir, Options{}); !errors.Is(err, ErrLocked) {
		t.Fatalf("second open: %v, want ErrLocked", err)
	}
}

func TestBackupRestore(t *testing.T) {
	s, _ := openTemp(t, Options{})
	must(t, s.Save("ann", personChange("p1", "Ann", "Lee", "")))
	var buf bytes.Buffer
	must(t, s.Backup(&buf))
	dir := filepath.Join(t.TempDir(), "restored")
	must(t, Restore(dir, bytes.NewReader(buf.Bytes()), Options{}))
	r, err := Open(dir, Options{})
	must(t, err)
	defer r.Close()
	if p, ok := r.View().Person("p1"); !ok || p.FamilyName != "Lee" {
		t.Fatalf("restored store: %+v %v", p, ok)
	}
	if r.Device() != s.Device() {
		t.Fatal("restore lost the device id")
	}
	if err := Restore(dir, bytes.NewReader(buf.Bytes()), Options{}); err == nil {
		t.Fatal("restore into a folder with a store in it succeeded")
	}
	for name, data := range map[string][]byte{
		"not a backup": []byte("not a backup"),
		"damaged":      append([]byte(backupMagic), bytes.Repeat([]byte{0xff}, 64)...),
		"truncated":    buf.Bytes()[:len(buf.Bytes())/2],
	} {
		if err := Restore(filepath.Join(t.TempDir(), "x"), bytes.NewReader(data), Options{}); err == nil {
			t.Errorf("restore from %s succeeded", name)
		}
	}
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestRegisterKeepsMarksApartAndInOrder(t *testing.T) {
	s, _ := openTemp(t, Options{})
	sid := domain.SessionID("garden", "2026-11-21")
	other := domain.SessionID("garden2", "2026-11-21")
	mark := func(session, person, status string) record.Change {
		return record.Change{Kind: domain.KindAttendance, ID: domain.AttendanceID(session, person),
			Fields: map[string]string{"session_id": session, "person_id": person, "status": status}}
	}
	must(t, s.Save("ann", mark(sid, "p3", domain.StatusPresent), mark(sid, "p1", domain.StatusLate), mark(other, "p1", domain.StatusAbsent)))
	must(t, s.Save("ann", mark(sid, "p2", domain.StatusApologies)))
	must(t, s.Save("ann", mark(sid, "p1", domain.StatusPresent))) // change a mark
	must(t, s.Save("ann", record.Change{Kind: domain.KindAttendance, ID: domain.AttendanceID(sid, "p3"),
		Fields: map[string]string{record.FieldDeleted: "true"}}))
	check := func(v *View) {
		t.Helper()
		got := v.Attendance(sid)
		if len(got) != 2 || got[0].PersonID != "p1" || got[0].Status != domain.StatusPresent || got[1].PersonID != "p2" {
			t.Fatalf("register = %+v", got)
		}
		if len(v.Attendance(other)) != 1 {
			t.Fatal("another activity's session leaked into the register")
		}
		if r, ok := v.Get(domain.KindAttendance, domain.AttendanceID(sid, "p2")); !ok || r.Get("status") != domain.StatusApologies {
			t.Fatalf("Get mark = %v %v", r, ok)
		}
		if _, ok := v.Get(domain.KindAttendance, domain.AttendanceID(sid, "p3")); ok {
			t.Fatal("deleted mark still readable")
		}
		if n := len(v.All(domain.KindAttendance)); n != 3 {
			t.Fatalf("All(attendance) = %d marks, want 3", n)
		}
	}
	check(s.View())
	// The rebuild at open must give the same registers.
	dir := t.TempDir()
	var buf bytes.Buffer
	must(t, s.Backup(&buf))
	must(t, Restore(filepath.Join(dir, "r"), &buf, Options{}))
	r, err := Open(filepath.Join(dir, "r"), Options{})
	must(t, err)
	defer r.Close()
	check(r.View())
}

// TestOpensAfterACrashWhileMakingALog: a power cut while Badger makes a new
// memtable log leaves an empty file that Badger alone refuses to open; the
// store opens with everything saved before.
func TestOpensAfterACrashWhileMakingALog(t *testing.T) {
	dir := t.TempDir()
	key := bytes.Repeat([]byte{3}, 32)
	s, err := Open(dir, Options{EncryptionKey: key})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Save("ann", personChange("p1", "Zoë", "Okafor", "Zo")); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if err := os.WriteFile(filepath.Join(dir, "00077.mem"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	s, err = Open(dir, Options{EncryptionKey: key})
	if err != nil {
		t.Fatalf("the store does not open after the crash: %v", err)
	}
	defer s.Close()
	if p, ok := s.View().Person("p1"); !ok || p.GivenName != "Zoë" {
		t.Errorf("after the crash: %+v %v", p, ok)
	}
}

// TestSetMetaIf writes only while the mark still holds what the caller
// read, and an erasure that drops unsent writes sets a new mark each time.
func TestSetMetaIf(t *testing.T) {
	s, _ := openTemp(t, Options{})
	must(t, s.SetMeta(map[string][]byte{"m": []byte("1")}))
	if ok, err := s.SetMetaIf("m", []byte("2"), map[string][]byte{"m": nil, "x": []byte("y")}); ok || err != nil {
		t.Fatalf("wrote over a changed mark: %v %v", ok, err)
	}
	if b, _ := s.Meta("x"); len(b) != 0 {
		t.Fatal("a refused SetMetaIf wrote")
	}
	if ok, err := s.SetMetaIf("m", []byte("1"), map[string][]byte{"m": nil}); !ok || err != nil {
		t.Fatalf("did not clear the mark it read: %v %v", ok, err)
	}
	if ok, err := s.SetMetaIf("m", nil, map[string][]byte{"x": []byte("y")}); !ok || err != nil {
		t.Fatalf("an unset mark is not nil: %v %v", ok, err)
	}
	var marks []string
	for _, id := range []string{"p1", "p2"} {
		must(t, s.Save("ann", personChange(id, "Ann", "Lee", "")))
		must(t, s.ErasePerson("admin", id))
		b, err := s.Meta(MetaRebase)
		must(t, err)
		marks = append(marks, string(b))
		must(t, s.SetMeta(map[string][]byte{MetaRebase: nil}))
	}
	if marks[0] == "" || marks[1] == "" || marks[0] == marks[1] {
		t.Errorf("erasures that dropped unsent writes set the marks %q", marks)
	}
}
