package storage

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/dgraph-io/badger/v4"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

func saveMarks(t *testing.T, s *Store, from, n int) {
	t.Helper()
	for i := from; i < from+n; i++ {
		err := s.Save("sam", record.Change{Kind: domain.KindAttendance, ID: fmt.Sprintf("m%d", i),
			Fields: map[string]string{"status": domain.StatusPresent, "person_id": fmt.Sprintf("p%d", i)}})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func pendingSeqs(t *testing.T, s *Store) []uint64 {
	t.Helper()
	ps, err := s.PendingWrites(0, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]uint64, len(ps))
	for i, p := range ps {
		out[i] = p.Seq
	}
	return out
}

// The queue's low-water mark follows Ack, survives a reopen, and is where
// PendingWrites, Ack and the count at open start: none of them walks from
// the head of the queue past writes acknowledged before (Badger keeps their
// deletions until compaction, so that walk grew with every write ever
// pushed and made the push quadratic).
func TestQueueLowWaterMark(t *testing.T) {
	s, dir := openTemp(t, Options{})
	if got := s.queueLow.Load(); got != 1 {
		t.Fatalf("an empty store's mark is %d, want 1", got)
	}
	saveMarks(t, s, 0, 10) // 20 writes, sequences 1..20
	if err := s.Ack(8); err != nil {
		t.Fatal(err)
	}
	if got := s.queueLow.Load(); got != 9 {
		t.Fatalf("after Ack(8) the mark is %d, want 9", got)
	}
	if got := pendingSeqs(t, s); len(got) != 12 || got[0] != 9 || s.PendingCount() != 12 {
		t.Fatalf("after Ack(8): pending %v (count %d), want 9..20", got, s.PendingCount())
	}
	// An acknowledgement heard again (a lost answer, a replay) changes nothing.
	if err := s.Ack(5); err != nil {
		t.Fatal(err)
	}
	if got := s.queueLow.Load(); got != 9 || s.PendingCount() != 12 {
		t.Fatalf("after a replayed Ack(5): mark %d, count %d", got, s.PendingCount())
	}
	// An acknowledgement beyond the queue does not lift the mark past the
	// next write's sequence.
	if err := s.Ack(1000); err != nil {
		t.Fatal(err)
	}
	if got := s.queueLow.Load(); got != 21 || s.PendingCount() != 0 {
		t.Fatalf("after Ack(1000) with 20 queued: mark %d, count %d, want 21 and 0", got, s.PendingCount())
	}
	saveMarks(t, s, 10, 1)
	if got := pendingSeqs(t, s); len(got) != 2 || got[0] != 21 {
		t.Fatalf("a write saved after the drain: pending %v, want 21, 22", got)
	}

	// The mark is persisted with the deletions and read at open.
	s.Close()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	b, err := s.Meta(metaQueueLow)
	if err != nil || len(b) != 8 || binary.BigEndian.Uint64(b) != 21 {
		t.Fatalf("persisted mark %x (%v), want 21", b, err)
	}
	if got := s.queueLow.Load(); got != 21 || s.PendingCount() != 2 {
		t.Fatalf("after reopen: mark %d, count %d, want 21 and 2", got, s.PendingCount())
	}

	// PendingWrites and Ack start at the mark, not at the head: a write
	// hidden below it is not seen (that would only happen if they walked
	// from the head again). The store never puts one there; the test does.
	if err := s.db.Update(func(txn *badger.Txn) error {
		return txn.Set(queueKey(3), record.AppendWrite(nil, record.Write{Kind: domain.KindAttendance, ID: "hidden", Field: "status", Value: "x"}))
	}); err != nil {
		t.Fatal(err)
	}
	if got := pendingSeqs(t, s); len(got) != 2 || got[0] != 21 {
		t.Fatalf("PendingWrites read from before the mark: %v", got)
	}
	if err := s.Ack(22); err != nil {
		t.Fatal(err)
	}
	if s.PendingCount() != 0 {
		t.Fatalf("count %d after acknowledging everything", s.PendingCount())
	}
	if err := s.db.View(func(txn *badger.Txn) error { _, err := txn.Get(queueKey(3)); return err }); err != nil {
		t.Fatal("Ack walked from the head and deleted the write hidden below the mark")
	}
}

// Ack drops at most ackChunk writes a transaction; a long acknowledgement
// leaves the mark at the first write still queued after each one, and a
// store reopened at any point agrees with what is left.
func TestQueueAckInChunks(t *testing.T) {
	s, dir := openTemp(t, Options{})
	changes := make([]record.Change, 0, 3*ackChunk)
	for i := range cap(changes) {
		changes = append(changes, record.Change{Kind: domain.KindAttendance, ID: fmt.Sprintf("m%d", i),
			Fields: map[string]string{"status": domain.StatusPresent}})
	}
	for i := 0; i < len(changes); i += 2500 {
		if err := s.Save("sam", changes[i:i+2500]...); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Ack(2*ackChunk + 7); err != nil {
		t.Fatal(err)
	}
	if got := s.queueLow.Load(); got != 2*ackChunk+8 || s.PendingCount() != ackChunk-7 {
		t.Fatalf("mark %d, count %d", got, s.PendingCount())
	}
	s.Close()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got := pendingSeqs(t, s); len(got) != ackChunk-7 || got[0] != 2*ackChunk+8 || s.PendingCount() != ackChunk-7 {
		t.Fatalf("after reopen: %d pending from %v, count %d", len(got), got[:1], s.PendingCount())
	}
}

// A store written before the mark existed (no queue_low meta) counts from
// the head once at open and then starts from its first queued write.
func TestQueueMarkMissingAtOpen(t *testing.T) {
	s, dir := openTemp(t, Options{})
	saveMarks(t, s, 0, 5)
	if err := s.Ack(4); err != nil {
		t.Fatal(err)
	}
	if err := s.SetMeta(map[string][]byte{metaQueueLow: nil}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got := s.queueLow.Load(); got != 5 || s.PendingCount() != 6 {
		t.Fatalf("mark %d, count %d, want 5 and 6", got, s.PendingCount())
	}
}

// Renumber (a store restored from an earlier copy) still drops exactly the
// writes below the new numbering and keeps the requeued state, followed by
// the writes that were queued (unsent saves), numbered from FreshFrom. A
// field whose state is an unsent save goes once, as the save, not in the
// state as well.
func TestQueueRenumberKeepsMark(t *testing.T) {
	s, _ := openTemp(t, Options{})
	saveMarks(t, s, 0, 3) // 1..6
	if err := s.Ack(2); err != nil {
		t.Fatal(err)
	}
	if err := s.Renumber(50, nil); err != nil {
		t.Fatal(err)
	}
	got := pendingSeqs(t, s)
	if len(got) != 6 || got[0] != 50 || got[5] != 55 || s.PendingCount() != 6 || s.queueLow.Load() != 50 {
		t.Fatalf("after Renumber(50): pending %v, count %d, mark %d; want m0's state and m1's and m2's saves, 50 to 55", got, s.PendingCount(), s.queueLow.Load())
	}
	if from, err := s.FreshFrom(); err != nil || from != 52 {
		t.Fatalf("FreshFrom %d (%v), want 52: the 4 unsent saves follow the 2 writes of m0's state", from, err)
	}
	saves, err := s.PendingWrites(51, 10)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range saves {
		if p.Write.ID == "m0" {
			t.Errorf("write %d is of m0, acknowledged before: only unsent saves are queued again", p.Seq)
		}
	}
}

// PendingChanges counts records with changes waiting, not their fields:
// the footer's "N waiting". It follows saves, acknowledgements (whole and
// part of a record), an erasure's purge, RequeueAll, and a reopen.
func TestPendingChangesCountsRecords(t *testing.T) {
	s, dir := openTemp(t, Options{})
	saveMarks(t, s, 0, 3) // three marks, two fields each: 1..6
	if s.PendingChanges() != 3 || s.PendingCount() != 6 {
		t.Fatalf("after three marks: %d changes, %d writes; want 3 and 6", s.PendingChanges(), s.PendingCount())
	}
	// Correcting a mark already waiting is still one record waiting.
	if err := s.Save("sam", record.Change{Kind: domain.KindAttendance, ID: "m0", Fields: map[string]string{"status": domain.StatusAbsent}}); err != nil {
		t.Fatal(err)
	}
	if s.PendingChanges() != 3 || s.PendingCount() != 7 {
		t.Fatalf("after a correction: %d changes, %d writes; want 3 and 7", s.PendingChanges(), s.PendingCount())
	}
	// Acknowledging half of m1's writes leaves m1 waiting.
	if err := s.Ack(3); err != nil {
		t.Fatal(err)
	}
	if s.PendingChanges() != 3 { // m0's correction (7), m1's second field (4), m2 (5, 6)
		t.Fatalf("after Ack(3): %d changes, want 3", s.PendingChanges())
	}
	if err := s.Ack(4); err != nil {
		t.Fatal(err)
	}
	if s.PendingChanges() != 2 {
		t.Fatalf("after Ack(4): %d changes, want 2", s.PendingChanges())
	}
	s.Close()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.PendingChanges() != 2 || s.PendingCount() != 3 {
		t.Fatalf("after reopen: %d changes, %d writes; want 2 and 3", s.PendingChanges(), s.PendingCount())
	}
	// An erasure drops the person's queued writes and queues its tombstone.
	if err := s.Save("sam", personChange("p1", "Ann", "Lee", "")); err != nil {
		t.Fatal(err)
	}
	if s.PendingChanges() != 3 {
		t.Fatalf("after a new person: %d changes, want 3", s.PendingChanges())
	}
	if err := s.ErasePerson("sam", "p1"); err != nil {
		t.Fatal(err)
	}
	ps, err := s.PendingWrites(0, 100)
	if err != nil {
		t.Fatal(err)
	}
	recs := map[string]bool{}
	for _, p := range ps {
		recs[string(p.Write.Kind)+"/"+p.Write.ID] = true
	}
	if s.PendingChanges() != len(recs) || s.PendingCount() != len(ps) {
		t.Fatalf("after an erasure: %d changes and %d writes counted, the queue holds %d records in %d writes", s.PendingChanges(), s.PendingCount(), len(recs), len(ps))
	}
	if err := s.Ack(s.QueueSeq()); err != nil {
		t.Fatal(err)
	}
	if s.PendingChanges() != 0 || s.PendingCount() != 0 {
		t.Fatalf("after acknowledging everything: %d changes, %d writes", s.PendingChanges(), s.PendingCount())
	}
	if err := s.RequeueAll(); err != nil {
		t.Fatal(err)
	}
	if n := s.PendingChanges(); n != 4 { // m0, m1, m2 and p1's tombstone
		t.Fatalf("after RequeueAll: %d changes, want 4", n)
	}
}

// queueKeys counts the queue's Badger keys.
func queueKeys(t *testing.T, s *Store) int {
	t.Helper()
	n := 0
	if err := s.db.View(func(txn *badger.Txn) error {
		opts := badger.DefaultIteratorOptions
		opts.Prefix = []byte{prefixQueue}
		it := txn.NewIterator(opts)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			n++
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return n
}

// The queue keeps one entry per change while numbering every write
// (issue 13): PendingWrites, Ack, an erasure's purge and the count at open
// see writes, whatever entry they are in, also when an acknowledgement or
// a read ends inside one. Entries from before there were groups (one write
// each) read alongside.
func TestQueueEntryPerChange(t *testing.T) {
	s, dir := openTemp(t, Options{})
	// An old-style entry, as a store from before groups holds: write 1.
	old := record.Write{Kind: domain.KindAttendance, ID: "old", Field: "status", Value: "present", Stamp: s.Clock().Now(), Staff: "sam"}
	must(t, s.db.Update(func(txn *badger.Txn) error {
		if err := txn.Set(queueKey(1), record.AppendWrite(nil, old)); err != nil {
			return err
		}
		return s.setClockAndSeq(txn, 1)
	}))
	s.Close()
	s, err := Open(dir, Options{})
	must(t, err)
	t.Cleanup(func() { s.Close() })
	mark := func(id string) record.Change {
		return record.Change{Kind: domain.KindAttendance, ID: id, Fields: map[string]string{
			"status": domain.StatusPresent, "person_id": "p-" + id, "note": "n-" + id, "venue_id": "v1"}}
	}
	must(t, s.Save("sam", mark("a"), mark("b"))) // writes 2..5 and 6..9
	must(t, s.Save("sam", mark("c")))            // 10..13
	if n := queueKeys(t, s); n != 4 {
		t.Fatalf("%d queue keys for one old write and three changes, want 4", n)
	}
	if got := pendingSeqs(t, s); len(got) != 13 || got[0] != 1 || got[12] != 13 || s.PendingCount() != 13 || s.PendingChanges() != 4 {
		t.Fatalf("pending %v, count %d, records %d", got, s.PendingCount(), s.PendingChanges())
	}
	// Reads that start or stop inside an entry.
	ps, err := s.PendingWrites(3, 4)
	must(t, err)
	if len(ps) != 4 || ps[0].Seq != 4 || ps[3].Seq != 7 || ps[0].Write.ID != "a" || ps[2].Write.ID != "b" {
		t.Fatalf("PendingWrites(3, 4): %+v", ps)
	}
	// An acknowledgement that ends inside b's entry keeps the rest of it.
	must(t, s.Ack(7))
	if got := pendingSeqs(t, s); len(got) != 6 || got[0] != 8 || s.PendingCount() != 6 || s.PendingChanges() != 2 {
		t.Fatalf("after Ack(7): pending %v, count %d, records %d", got, s.PendingCount(), s.PendingChanges())
	}
	if got := s.queueLow.Load(); got != 8 {
		t.Fatalf("mark %d after Ack(7), want 8", got)
	}
	ps, _ = s.PendingWrites(0, 2)
	if ps[0].Write.ID != "b" || ps[0].Write.Field != "status" || ps[1].Write.Field != "venue_id" {
		t.Fatalf("b's remaining writes: %+v", ps)
	}
	// An erasure's purge drops the fields it blanks from c's entry and
	// keeps the rest; a purge of all of b's writes drops its entry.
	must(t, s.save("sam", []record.Change{{Kind: domain.KindAttendance, ID: "c", Fields: map[string]string{"note": ""}},
		{Kind: domain.KindAttendance, ID: "b", Fields: map[string]string{record.FieldErased: "true"}}}, true, nil))
	ps, _ = s.PendingWrites(0, 100)
	var got []string
	for _, p := range ps {
		got = append(got, fmt.Sprint(p.Seq, p.Write.ID, "/", p.Write.Field))
	}
	want := []string{"11c/person_id", "12c/status", "13c/venue_id", "14c/note", "15b/erased"}
	if fmt.Sprint(got) != fmt.Sprint(want) || s.PendingCount() != 5 || s.PendingChanges() != 2 {
		t.Fatalf("after the purge: %v (count %d, records %d), want %v", got, s.PendingCount(), s.PendingChanges(), want)
	}
	// Reopened, the count agrees.
	s.Close()
	s, err = Open(dir, Options{})
	must(t, err)
	t.Cleanup(func() { s.Close() })
	if s.PendingCount() != 5 || s.PendingChanges() != 2 || s.queueLow.Load() > 10 {
		t.Fatalf("after reopen: count %d, records %d, mark %d", s.PendingCount(), s.PendingChanges(), s.queueLow.Load())
	}
	must(t, s.Ack(12))
	if got := pendingSeqs(t, s); len(got) != 3 || got[0] != 13 {
		t.Fatalf("after Ack(12): %v", got)
	}
	must(t, s.Ack(15))
	if s.PendingCount() != 0 || s.PendingChanges() != 0 || queueKeys(t, s) != 0 {
		t.Fatalf("after acknowledging everything: count %d, records %d, %d keys", s.PendingCount(), s.PendingChanges(), queueKeys(t, s))
	}
}

// TestRequeueAllOfLongRecords: RequeueAll queues every record's state
// again (after a server lost data, or a store put back from a copy). Case
// notes run long (a value may be 64 KiB, a record 256 KiB): a store whose
// records together pass what one transaction holds must still be queued
// again, or the device can never resend what the server lacks.
func TestRequeueAllOfLongRecords(t *testing.T) {
	s, _ := openTemp(t, Options{})
	long := strings.Repeat("she would like to try the singing group again; ", 800) // ~38 KiB
	const referrals = 60
	for i := 0; i < referrals; i++ {
		must(t, s.Save("lw", record.Change{Kind: domain.KindReferral, ID: fmt.Sprintf("r%03d", i),
			Fields: map[string]string{"person_id": "p1", "source": domain.SourceGP, "notes": long}}))
	}
	must(t, s.Ack(s.QueueSeq()))
	if err := s.RequeueAll(); err != nil {
		t.Fatalf("RequeueAll of %d referrals with long notes: %v", referrals, err)
	}
	if n := s.PendingChanges(); n != referrals {
		t.Errorf("%d records queued again, want %d", n, referrals)
	}
	ps, err := s.PendingWrites(0, 10*referrals)
	must(t, err)
	if len(ps) != 3*referrals || s.PendingCount() != 3*referrals {
		t.Errorf("%d writes queued again (%d counted), want %d", len(ps), s.PendingCount(), 3*referrals)
	}
	for i, p := range ps {
		if p.Seq != ps[0].Seq+uint64(i) {
			t.Fatalf("write %d numbered %d after %d", i, p.Seq, ps[i-1].Seq)
		}
	}
}

// TestFreshFrom: writes numbered from FreshFrom were queued by saves; a
// whole state queued again (RequeueAll) is numbered below it, also after
// the store is opened again.
func TestFreshFrom(t *testing.T) {
	s, dir := openTemp(t, Options{})
	if from, err := s.FreshFrom(); err != nil || from != 1 {
		t.Fatalf("a new store's FreshFrom %d (%v), want 1", from, err)
	}
	must(t, s.Save("ann", personChange("p1", "A", "1", "")))
	saved := s.QueueSeq()
	must(t, s.RequeueAll())
	// The state, then the save not yet sent once more, past FreshFrom.
	head := s.QueueSeq() - saved
	if from, _ := s.FreshFrom(); from != head+1 {
		t.Fatalf("FreshFrom %d after the state was queued again up to %d", from, head)
	}
	must(t, s.Save("ann", personChange("p2", "B", "2", "")))
	must(t, s.Close())
	s, err := Open(dir, Options{})
	must(t, err)
	defer s.Close()
	if from, _ := s.FreshFrom(); from != head+1 {
		t.Fatalf("FreshFrom %d after a save and reopening, want %d", from, head+1)
	}
}

// TestRenumberQueuesAgainOnlyFreshSaves: a store whose queue still holds a
// whole state queued again (RequeueAll, a restore before: numbered below
// FreshFrom) is renumbered (device_restored; a second restore, from a
// backup taken while that state waited). Past the new FreshFrom go only
// the saves that were past the old one: the state queued again is no save
// the server meets for the first time, and sent as one every field of it
// that others changed since would make a conflict.
func TestRenumberQueuesAgainOnlyFreshSaves(t *testing.T) {
	s, _ := openTemp(t, Options{})
	saveMarks(t, s, 0, 2) // 1..4, sent
	must(t, s.Ack(4))
	must(t, s.RequeueAll()) // 5..8, FreshFrom 9
	saveMarks(t, s, 2, 1)   // m2: 9, 10
	must(t, s.Renumber(50, nil))
	from, ids := freshIDs(t, s)
	if !slices.Equal(ids, []string{"m2", "m2"}) {
		t.Errorf("past FreshFrom %d: writes of %v, want m2's two (the one save past the old FreshFrom)", from, ids)
	}
}

// TestRequeueAllKeepsSavesFresh: a save not yet sent when the whole state
// is queued again (a restored server's new epoch, a sequence gap, an
// enrolment with another server) is queued once more after the state,
// past FreshFrom, so the server still meets it as a save no other device
// saw (and keeps it as a conflict if it loses unseen), where numbered
// below the state it would pass for a state queued again.
func TestRequeueAllKeepsSavesFresh(t *testing.T) {
	s, _ := openTemp(t, Options{})
	saveMarks(t, s, 0, 1) // m0: 1, 2
	must(t, s.Ack(2))
	saveMarks(t, s, 1, 1) // m1: 3, 4, unsent
	must(t, s.RequeueAll())
	from, ids := freshIDs(t, s)
	if !slices.Equal(ids, []string{"m1", "m1"}) {
		t.Errorf("past FreshFrom %d: writes of %v, want the unsent save of m1", from, ids)
	}
}

// freshIDs is s's FreshFrom and the record ids of the writes queued from
// it on, in order.
func freshIDs(t *testing.T, s *Store) (uint64, []string) {
	t.Helper()
	from, err := s.FreshFrom()
	must(t, err)
	fresh, err := s.PendingWrites(from-1, 100)
	must(t, err)
	var ids []string
	for _, p := range fresh {
		ids = append(ids, p.Write.ID)
	}
	return from, ids
}

// TestRequeueCrashKeepsSavesFresh: a crash part way through queuing the
// whole state again (RequeueAll, or Renumber after a restore) must leave
// the saves not yet sent to go as fresh: numbered past FreshFrom (and
// past the server's numbers, for Renumber) once the store is opened
// again (or, after an error, when the next push asks FreshFrom), and
// still after the job is run again, as the sync client does
// when the server repeats its answer. Counted as a state queued again,
// a save that loses to a change made without seeing it would vanish with
// no conflict record (sync/server: freshWrites).
func TestRequeueCrashKeepsSavesFresh(t *testing.T) {
	const next = 50 // the number Renumber goes on from
	ops := map[string]func(s *Store) error{
		"RequeueAll": func(s *Store) error { return s.RequeueAll() },
		"Renumber":   func(s *Store) error { return s.Renumber(next, nil) },
	}
	for _, tc := range []struct {
		op, point string
		unsent    int  // marks saved and not sent; over 1,000 take two transactions to queue again
		goOn      bool // the job failed (an error, not a crash) and the app goes on, not opened again
	}{
		{"RequeueAll", "requeue: marked", 1, false},
		{"RequeueAll", "requeue: state part", 1, false},
		{"RequeueAll", "requeue: saves part", 1100, false},
		{"RequeueAll", "requeue: state part", 1, true},
		{"Renumber", "requeue: marked", 1, false}, // numbered past the server's, not yet queued again
		{"Renumber", "requeue: state part", 1, false},
		{"Renumber", "requeue: saves part", 1100, false},
		{"Renumber", "requeue: marked", 1, true},
	} {
		name := fmt.Sprintf("%s stopped after %s with %d unsent", tc.op, tc.point, tc.unsent)
		if tc.goOn {
			name += ", going on"
		}
		t.Run(name, func(t *testing.T) {
			crash := errors.New("crash")
			stopped := false
			s, dir := openTemp(t, Options{Interrupt: func(point string) error {
				if point == tc.point && !stopped {
					stopped = true
					return crash
				}
				return nil
			}})
			saveMarks(t, s, 0, 1) // m0: 1, 2, sent
			must(t, s.Ack(2))
			saveMarks(t, s, 1, tc.unsent) // m1…: from 3, not sent
			if err := ops[tc.op](s); !errors.Is(err, crash) {
				t.Fatalf("%s: %v, want the crash at %q", tc.op, err, tc.point)
			}
			checkFresh := func(s *Store, when string) {
				t.Helper()
				from, err := s.FreshFrom()
				must(t, err)
				fresh, err := s.PendingWrites(from-1, 1<<20)
				must(t, err)
				var ids []string
				for _, p := range fresh {
					if !slices.Contains(ids, p.Write.ID) {
						ids = append(ids, p.Write.ID)
					}
					if tc.op == "Renumber" && p.Seq < next {
						t.Errorf("%s: %s's write numbered %d, among the server's numbers (below %d): the server takes it for one it holds", when, p.Write.ID, p.Seq, next)
					}
				}
				if len(ids) != tc.unsent || slices.Contains(ids, "m0") {
					t.Errorf("%s: past FreshFrom %d: writes of %d records (m0, sent, among them: %v), want the %d unsent saves and no state",
						when, from, len(ids), slices.Contains(ids, "m0"), tc.unsent)
				}
			}
			if tc.goOn {
				checkFresh(s, "the app going on")
			} else {
				must(t, s.Close())
				var err error
				s, err = Open(dir, Options{})
				must(t, err)
				defer s.Close()
				checkFresh(s, "opened again")
			}
			must(t, ops[tc.op](s))
			checkFresh(s, "run again")
		})
	}
}

// TestRequeueKeepsAnotherValueUnderTheSaveStamp: two copies of one store
// share a device id and clock, so a value the other copy saved can come
// back from the server under the very stamp of a save still queued here,
// and win it (the greater value). Queuing everything again leaves out of
// the state only a field whose state is that save itself: the other
// copy's value, which the store holds and a restored server may lack,
// still goes in the state.
func TestRequeueKeepsAnotherValueUnderTheSaveStamp(t *testing.T) {
	s, _ := openTemp(t, Options{})
	must(t, s.Save("sam", record.Change{Kind: domain.KindPerson, ID: "p1", Fields: map[string]string{"emergency_contact_phone": "07700 900111"}}))
	e, err := s.Entity(domain.KindPerson, "p1")
	must(t, err)
	saved := e.Fields["emergency_contact_phone"]
	_, err = s.ApplyRemote([]record.Write{{Kind: domain.KindPerson, ID: "p1", Field: "emergency_contact_phone",
		Value: "07700 900999", Stamp: saved.Stamp, Staff: "sam"}}, nil)
	must(t, err)
	if e, _ := s.Entity(domain.KindPerson, "p1"); e.Get("emergency_contact_phone") != "07700 900999" {
		t.Fatalf("the other copy's value under the same stamp did not win: %q", e.Get("emergency_contact_phone"))
	}
	head := s.QueueSeq()
	must(t, s.RequeueAll())
	from, err := s.FreshFrom()
	must(t, err)
	state, err := s.PendingWrites(head, int(from-1-head))
	must(t, err)
	if !slices.ContainsFunc(state, func(p Pending) bool { return p.Write.Value == "07700 900999" }) {
		t.Errorf("the state queued again (%d writes) leaves out the value the store holds, 07700 900999: only the save under its stamp goes", len(state))
	}
}

// TestRequeueFinishedOverADamagedRecord: a damaged record of an unfinished
// RequeueAll (which saves go again, or how far the state went) must not
// keep the store from opening, ever: the run is finished taking every
// write still queued up to the state for a save (a conflict too many,
// never one too few), and the unsent save still goes as fresh.
func TestRequeueFinishedOverADamagedRecord(t *testing.T) {
	for _, tc := range []struct{ name, key string }{
		{"which saves go again", metaRequeueSaves},
		{"how far the state went", metaRequeued},
	} {
		t.Run(tc.name, func(t *testing.T) {
			crash := errors.New("crash")
			s, dir := openTemp(t, Options{Interrupt: func(point string) error {
				if point == "requeue: marked" {
					return crash
				}
				return nil
			}})
			saveMarks(t, s, 0, 1) // m0: 1, 2, sent
			must(t, s.Ack(2))
			saveMarks(t, s, 1, 1) // m1: 3, 4, not sent
			if err := s.RequeueAll(); !errors.Is(err, crash) {
				t.Fatalf("RequeueAll: %v, want the crash", err)
			}
			must(t, s.db.Update(func(txn *badger.Txn) error { return txn.Set(metaKey(tc.key), []byte{9, 9, 9}) }))
			must(t, s.Close())
			s, err := Open(dir, Options{})
			if err != nil {
				t.Fatalf("Open over a damaged record: %v", err)
			}
			defer s.Close()
			from, ids := freshIDs(t, s)
			if !slices.Equal(ids, []string{"m1", "m1"}) {
				t.Errorf("past FreshFrom %d: writes of %v, want the unsent save of m1, once", from, ids)
			}
		})
	}
}

// TestRequeueSendsASaveChangedAgainWithTheState: of unsent saves of one
// field, each made knowing the one before, only the last is queued again
// as fresh; the others go with the state (still sent, so none is lost):
// fresh in an earlier batch than the save after the next, one would lose
// to it as a change made without seeing it, and be a conflict.
func TestRequeueSendsASaveChangedAgainWithTheState(t *testing.T) {
	s, _ := openTemp(t, Options{})
	phones := []string{"07700 900330", "07700 900331", "07700 900332"}
	for _, phone := range phones {
		must(t, s.Save("sam", record.Change{Kind: domain.KindPerson, ID: "p1", Fields: map[string]string{"emergency_contact_phone": phone}}))
	}
	head := s.QueueSeq()
	must(t, s.Renumber(50, nil)) // the saves' first numbers dropped: what goes is queued again
	from, err := s.FreshFrom()
	must(t, err)
	queued, err := s.PendingWrites(0, 100)
	must(t, err)
	var state, fresh []string
	for _, p := range queued {
		if p.Seq < from {
			state = append(state, p.Write.Value)
		} else {
			fresh = append(fresh, p.Write.Value)
		}
	}
	if !slices.Equal(fresh, phones[2:]) || !slices.Contains(state, phones[0]) || !slices.Contains(state, phones[1]) {
		t.Errorf("queued again (from %d, after %d): state %v, fresh %v; want the last phone fresh, the two before with the state", from, head, state, fresh)
	}
}
