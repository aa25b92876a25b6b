package storage

import (
	"fmt"
	"testing"
	"time"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/hlc"
	"github.com/gather-sp/gather/record"
)

// TestRestampAfterTheDateIsPutRight: changes saved while the device's date
// was a year ahead are stamped again once it is right, with the records'
// states and the bases of later writes following, ordered after every
// change the device holds, and the clock stays back after a reopen. A change
// made before the date went wrong keeps its stamp.
func TestRestampAfterTheDateIsPutRight(t *testing.T) {
	right := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	wall := right.Add(4 * time.Minute) // a change from a clock a little fast, which the server accepts
	dir := t.TempDir()
	s, err := Open(dir, Options{Now: func() time.Time { return wall }})
	if err != nil {
		t.Fatal(err)
	}
	must(t, s.Save("ann", personChange("p0", "Bea", "Ray", "")))
	wall = right.AddDate(1, 0, 0) // the tablet's date is set a year ahead
	must(t, s.Save("ann", personChange("p1", "Ann", "Lee", "")))
	must(t, s.Save("ann", record.Change{Kind: domain.KindPerson, ID: "p1", Fields: map[string]string{"given_name": "Anne"}}))
	before, err := s.PendingWrites(0, 100)
	must(t, err)
	latest := right.Add(5 * time.Minute).UnixMilli()
	if n, err := s.Restamp(latest, right.UnixMilli()); n != 0 || err != nil {
		t.Fatalf("with the date still wrong, %d writes were stamped again (%v)", n, err)
	}
	wall = right.Add(time.Minute) // and put right

	n, err := s.Restamp(latest, right.UnixMilli())
	must(t, err)
	after, err := s.PendingWrites(0, 100)
	must(t, err)
	if len(after) != len(before) {
		t.Fatalf("%d writes queued after restamping, %d before", len(after), len(before))
	}
	ahead := 0
	for i, p := range after {
		b := before[i].Write
		switch {
		case b.Stamp.Wall <= latest:
			if p.Write != b {
				t.Errorf("write %d, made before the date went wrong, changed: %+v, was %+v", p.Seq, p.Write, b)
			}
		case p.Write.Stamp.Wall > latest:
			t.Errorf("write %d is still stamped ahead: %v", p.Seq, p.Write.Stamp)
		default:
			ahead++
			if p.Seq != before[i].Seq || p.Write.Value != b.Value || p.Write.Field != b.Field || p.Write.Staff != b.Staff {
				t.Errorf("write %d changed more than its stamp: %+v, was %+v", p.Seq, p.Write, b)
			}
			if i > 0 && !after[i-1].Write.Stamp.Less(p.Write.Stamp) {
				t.Errorf("write %d no longer orders after the one before it", p.Seq)
			}
		}
	}
	if n != ahead || n == 0 {
		t.Fatalf("Restamp says %d, %d writes were stamped again", n, ahead)
	}
	// The state holds the new stamps, and the second edit's base is the
	// first one's new stamp.
	e, err := s.Entity(domain.KindPerson, "p1")
	must(t, err)
	var first, second hlc.Timestamp
	for _, p := range after {
		if p.Write.ID == "p1" && p.Write.Field == "given_name" {
			if p.Write.Value == "Ann" {
				first = p.Write.Stamp
			} else {
				second = p.Write.Stamp
				if p.Write.Base != first {
					t.Errorf("the edit's base is %v, want the first write's new stamp %v", p.Write.Base, first)
				}
			}
		}
	}
	if f := e.Fields["given_name"]; f.Value != "Anne" || f.Stamp != second || f.Base != first {
		t.Errorf("p1's given name holds %+v, want Anne stamped %v on base %v", f, second, first)
	}
	if f := e.Fields["family_name"]; f.Stamp.Wall > latest {
		t.Errorf("p1's family name is still stamped ahead: %v", f.Stamp)
	}
	// The clock stays back, also after a reopen.
	must(t, s.Close())
	s, err = Open(dir, Options{Now: func() time.Time { return wall }})
	must(t, err)
	defer s.Close()
	if got := s.Clock().Now(); got.Wall > latest || !second.Less(got) {
		t.Errorf("after reopening, the clock reads %v: want after %v and not past %d", got, second, latest)
	}
	if n, err := s.Restamp(latest, right.UnixMilli()); n != 0 || err != nil {
		t.Errorf("restamping again stamped %d writes (%v)", n, err)
	}
}

// TestRestampALongQueue: a tablet whose date was a year ahead for a long
// offline stretch holds thousands of changes stamped ahead. Restamp must
// stamp them all again (in parts that fit a transaction), and a change
// saved afterwards to one of them must take.
func TestRestampALongQueue(t *testing.T) {
	right := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	wall := right.AddDate(1, 0, 0)
	s, err := Open(t.TempDir(), Options{Now: func() time.Time { return wall }})
	must(t, err)
	defer s.Close()
	const marks = 3000
	fillQueue(t, s, marks)
	wall = right.Add(time.Minute) // the date is put right
	latest := right.Add(5 * time.Minute).UnixMilli()
	n, err := s.Restamp(latest, right.UnixMilli())
	if err != nil {
		t.Errorf("restamping %d marks stamped ahead: %v", marks, err)
	}
	if n != marks*8 {
		t.Errorf("Restamp stamped %d writes again, want %d", n, marks*8)
	}
	ps, err := s.PendingWrites(0, marks*8+1)
	must(t, err)
	for _, p := range ps {
		if p.Write.Stamp.Wall > latest {
			t.Errorf("write %d is still stamped ahead: %v", p.Seq, p.Write.Stamp)
			break
		}
	}
	// A correction made now to the last mark takes.
	date := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, (marks-1)/40).Format("2006-01-02")
	id := domain.AttendanceID(domain.SessionID("garden", date), fmt.Sprintf("p%d", (marks-1)%40))
	must(t, s.Save("sam", record.Change{Kind: domain.KindAttendance, ID: id, Fields: map[string]string{"status": domain.StatusAbsent}}))
	e, err := s.Entity(domain.KindAttendance, id)
	must(t, err)
	if got := e.Get("status"); got != domain.StatusAbsent {
		t.Errorf("a correction saved after restamping was lost: status %q, want %q", got, domain.StatusAbsent)
	}
}

// TestRestampCrashBetweenPartsLosesNoSave: Restamp commits the queue in
// parts; a crash after the first leaves later entries (and their records)
// stamped ahead. A change the person saves after the restart, to a record
// whose stamps are still ahead, must not lose to them.
func TestRestampCrashBetweenPartsLosesNoSave(t *testing.T) {
	right := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	wall := right.AddDate(1, 0, 0)
	dir := t.TempDir()
	s, err := Open(dir, Options{Now: func() time.Time { return wall }})
	must(t, err)
	// One entry a save, so the queue has more entries than one part.
	const people = restampChunk + 10
	for i := 0; i < people; i += 500 {
		var cs []record.Change
		for j := i; j < min(i+500, people); j++ {
			cs = append(cs, record.Change{Kind: domain.KindPerson, ID: fmt.Sprintf("p%05d", j), Fields: map[string]string{"given_name": "Ann"}})
		}
		must(t, s.Save("ann", cs...))
	}
	wall = right.Add(time.Minute) // the date is put right
	latest := right.Add(5 * time.Minute).UnixMilli()
	// Restamp as it runs, stopped (the process killed) after its first part.
	s.mu.Lock()
	back, err := s.newestStamp(latest)
	must(t, err)
	if back.Wall < right.UnixMilli() {
		back = hlc.Timestamp{Wall: right.UnixMilli()}
	}
	ahead := s.clock.Last()
	s.clock.SetBack(back)
	next, _, err := s.restampPart(latest, s.queueLow.Load(), restampChunk, map[hlc.Timestamp]hlc.Timestamp{}, ahead)
	s.mu.Unlock()
	must(t, err)
	if next == 0 {
		t.Fatal("the queue fit one part: the test needs more entries")
	}
	must(t, s.Close())

	s, err = Open(dir, Options{Now: func() time.Time { return wall }})
	must(t, err)
	defer s.Close()
	last := fmt.Sprintf("p%05d", people-1) // in the part not reached
	must(t, s.Save("ann", record.Change{Kind: domain.KindPerson, ID: last, Fields: map[string]string{"given_name": "Anne"}}))
	e, err := s.Entity(domain.KindPerson, last)
	must(t, err)
	if got := e.Get("given_name"); got != "Anne" {
		t.Errorf("a name corrected after the restart was lost: %q, want Anne", got)
	}
	// The next refusal stamps the rest again, the correction after the
	// name it corrects.
	if _, err := s.Restamp(latest, right.UnixMilli()); err != nil {
		t.Fatal(err)
	}
	ps, err := s.PendingWrites(0, people+2)
	must(t, err)
	var name, correction hlc.Timestamp
	for _, p := range ps {
		if p.Write.Stamp.Wall > latest {
			t.Fatalf("write %d is still stamped ahead after the second Restamp", p.Seq)
		}
		if p.Write.ID == last {
			if p.Write.Value == "Ann" {
				name = p.Write.Stamp
			} else {
				correction = p.Write.Stamp
			}
		}
	}
	if !name.Less(correction) {
		t.Errorf("the correction (%v) no longer orders after the name it corrects (%v)", correction, name)
	}
	e, err = s.Entity(domain.KindPerson, last)
	must(t, err)
	if f := e.Fields["given_name"]; f.Value != "Anne" || f.Stamp != correction {
		t.Errorf("after the second Restamp the record holds %+v, want Anne stamped %v", f, correction)
	}
}
