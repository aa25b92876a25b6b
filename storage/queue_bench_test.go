package storage

import (
	"fmt"
	"testing"
	"time"

	"github.com/gather-sp/gather/internal/cputime"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/hlc"
	"github.com/gather-sp/gather/record"
)

// fillQueue saves marks attendance marks (eight fields each) in saves of
// 500, the way an import or a long offline day leaves a backlog.
func fillQueue(tb testing.TB, s *Store, marks int) {
	tb.Helper()
	const perSave = 500
	for i := 0; i < marks; i += perSave {
		var changes []record.Change
		for j := i; j < min(i+perSave, marks); j++ {
			date := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, j/40).Format("2006-01-02")
			sid := domain.SessionID("garden", date)
			pid := fmt.Sprintf("p%d", j%40)
			changes = append(changes, record.Change{Kind: domain.KindAttendance, ID: domain.AttendanceID(sid, pid),
				Fields: map[string]string{"activity_id": "garden", "date": date, "marked_at": "2026-01-01T10:00:00Z",
					"marked_by": "sam", "person_id": pid, "session_id": sid, "status": domain.StatusPresent, "venue_id": "v1"}})
		}
		if err := s.Save("sam", changes...); err != nil {
			tb.Fatal(err)
		}
	}
}

// drainQueue empties the queue the way the sync client's push does, without
// a server: read a batch from the head, acknowledge it, again. It returns
// the time each tenth of the queue took, and the time spent reading and
// acknowledging.
func drainQueue(tb testing.TB, s *Store, batch int) (tenths []time.Duration, reading, acking time.Duration) {
	tb.Helper()
	total := s.PendingCount()
	done, start := 0, time.Now()
	for {
		t0 := time.Now()
		ps, err := s.PendingWrites(0, batch)
		reading += time.Since(t0)
		if err != nil {
			tb.Fatal(err)
		}
		if len(ps) == 0 {
			break
		}
		t0 = time.Now()
		if err := s.Ack(ps[len(ps)-1].Seq); err != nil {
			tb.Fatal(err)
		}
		acking += time.Since(t0)
		done += len(ps)
		if done*10 >= (len(tenths)+1)*total {
			tenths = append(tenths, time.Since(start))
			start = time.Now()
		}
	}
	if n := s.PendingCount(); n != 0 {
		tb.Fatalf("%d writes still pending after the drain", n)
	}
	return tenths, reading, acking
}

// BenchmarkQueueDrain empties an outbound queue of N marks (8·N queued
// writes) in push-sized batches (1,256 writes: the client's default
// PushBatch plus its entity tail), with no server: the cost of reading and
// acknowledging the queue alone. Then one more mark is saved and read and
// acknowledged, which must cost the same whatever went before.
// Goal: linear in N (the 100k figure about 10× the 10k one); the read and
// acknowledgement after a drain under 5 ms.
func BenchmarkQueueDrain(b *testing.B) {
	for _, marks := range []int{10_000, 30_000, 100_000} {
		b.Run(fmt.Sprintf("marks=%d", marks), func(b *testing.B) {
			for n := 0; n < b.N; n++ {
				b.StopTimer()
				s, _ := openTemp(b, Options{})
				fillQueue(b, s, marks)
				writes := s.PendingCount()
				b.StartTimer()
				start, cpu0 := time.Now(), cputime.Process()
				tenths, reading, acking := drainQueue(b, s, 1000+256)
				elapsed, cpu := time.Since(start), cputime.Process()-cpu0
				b.StopTimer()
				if err := s.Save("sam", personChange("after", "Ann", "Lee", "")); err != nil {
					b.Fatal(err)
				}
				t0 := time.Now()
				ps, err := s.PendingWrites(0, 1000)
				read := time.Since(t0)
				if err != nil || len(ps) == 0 {
					b.Fatalf("after the drain: %d pending, %v", len(ps), err)
				}
				t0 = time.Now()
				if err := s.Ack(ps[len(ps)-1].Seq); err != nil {
					b.Fatal(err)
				}
				ack := time.Since(t0)
				b.ReportMetric(elapsed.Seconds(), "s/drain")
				b.ReportMetric(cpu.Seconds(), "cpu-s/drain")
				b.ReportMetric(float64(writes), "writes")
				b.ReportMetric(reading.Seconds(), "s/reading")
				b.ReportMetric(acking.Seconds(), "s/acking")
				b.ReportMetric(tenths[0].Seconds(), "s/first-tenth")
				b.ReportMetric(tenths[len(tenths)-1].Seconds(), "s/last-tenth")
				b.ReportMetric(float64(read.Microseconds())/1000, "ms/read-after")
				b.ReportMetric(float64(ack.Microseconds())/1000, "ms/ack-after")
				s.Close()
			}
		})
	}
}

// BenchmarkApplyRemote100: a tablet holding 10,000 marks applies a pulled
// page of 100 of them with their status changed, with its cursor: what
// the second tablet of "100 changed marks, push + pull" does (issue 13).
// Reports the time per page and the time of a page that changes nothing
// (a page of the tablet's own state).
func BenchmarkApplyRemote100(b *testing.B) {
	s, _ := openTemp(b, Options{})
	fillQueue(b, s, 10_000)
	if err := s.Ack(s.QueueSeq()); err != nil {
		b.Fatal(err)
	}
	var ids []string
	for _, r := range s.View().All(domain.KindAttendance) {
		ids = append(ids, r.ID)
	}
	other := hlc.NewClock("tablet-b", nil)
	var changed, unchanged []time.Duration
	for n := 0; n < 20*b.N; n++ {
		var ws, own []record.Write
		for j := 0; j < 100; j++ {
			id := ids[(n*100+j*97)%len(ids)]
			e, err := s.Entity(domain.KindAttendance, id)
			if err != nil {
				b.Fatal(err)
			}
			for _, w := range e.Writes() {
				if w.Field == "status" {
					w.Value, w.Stamp, w.Base = fmt.Sprint("status-", n), other.Now(), w.Stamp
				}
				ws = append(ws, w)
			}
			own = append(own, e.Writes()...)
		}
		t0 := time.Now()
		if _, err := s.ApplyRemote(own, map[string][]byte{"cursor": []byte(fmt.Sprint(2 * n))}); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		if res, err := s.ApplyRemote(ws, map[string][]byte{"cursor": []byte(fmt.Sprint(2*n + 1))}); err != nil || res.Changed != 100 {
			b.Fatalf("applied %+v: %v", res, err)
		}
		unchanged, changed = append(unchanged, t1.Sub(t0)), append(changed, time.Since(t1))
	}
	b.ReportMetric(float64(percentile(changed, 0.5).Microseconds())/1000, "ms/page-p50")
	b.ReportMetric(float64(percentile(unchanged, 0.5).Microseconds())/1000, "ms/unchanged-page-p50")
}

// BenchmarkBulkSave measures saving 100,000 attendance marks (eight fields
// each, as the register writes them) 500 to a save: an import or the demo,
// each save one durable transaction with its queue entries and the read
// model's update (issue 13 compares PouchDB's bulkDocs: 3.1–5.1 s).
func BenchmarkBulkSave(b *testing.B) {
	const marks, batch = 100_000, 500
	for n := 0; n < b.N; n++ {
		b.StopTimer()
		s, _ := openTemp(b, Options{})
		changes := make([]record.Change, 0, batch)
		b.StartTimer()
		start, cpu0 := time.Now(), cputime.Process()
		for i := 0; i < marks; i++ {
			date := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i/40).Format("2006-01-02")
			sid, pid := domain.SessionID("act", date), fmt.Sprint("p", i%40)
			changes = append(changes, record.Change{Kind: domain.KindAttendance, ID: domain.AttendanceID(sid, pid), Fields: map[string]string{
				"session_id": sid, "person_id": pid, "status": domain.StatusPresent, "venue_id": "v1", "activity_id": "act",
				"marked_by": "sam", "date": date, "marked_at": "2026-01-01T10:00:00Z"}})
			if len(changes) == batch {
				if err := s.Save("sam", changes...); err != nil {
					b.Fatal(err)
				}
				changes = changes[:0]
			}
		}
		b.ReportMetric(time.Since(start).Seconds(), "s/100k")
		b.ReportMetric((cputime.Process() - cpu0).Seconds(), "cpu-s/100k")
	}
}

// BenchmarkEraseWithBacklog erases one of 40 people on a device whose
// queue holds N marks not yet sent (each person has N/40 of them): the
// erasure drops the person's queued writes in the same save, which must
// not cost a walk of the whole queue for each of their records.
func BenchmarkEraseWithBacklog(b *testing.B) {
	for _, marks := range []int{4_000, 10_000, 40_000} {
		b.Run(fmt.Sprintf("marks=%d", marks), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				s, err := Open(b.TempDir(), Options{})
				if err != nil {
					b.Fatal(err)
				}
				if err := s.Save("sam", record.Change{Kind: domain.KindPerson, ID: "p1", Fields: map[string]string{"first_name": "Ann"}},
					record.Change{Kind: domain.KindEnrolment, ID: "en-p1", Fields: map[string]string{"person_id": "p1", "activity_id": "garden"}}); err != nil {
					b.Fatal(err)
				}
				fillQueue(b, s, marks)
				// A note on each of Ann's marks, which the erasure blanks.
				var notes []record.Change
				for j := 1; j < marks; j += 40 {
					date := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, j/40).Format("2006-01-02")
					notes = append(notes, record.Change{Kind: domain.KindAttendance, ID: domain.AttendanceID(domain.SessionID("garden", date), "p1"),
						Fields: map[string]string{"note": "came with her sister"}})
				}
				if err := s.Save("sam", notes...); err != nil {
					b.Fatal(err)
				}
				before := s.PendingCount()
				b.StartTimer()
				start := time.Now()
				if err := s.ErasePerson("sam", "p1"); err != nil {
					b.Fatal(err)
				}
				took := time.Since(start)
				b.StopTimer()
				b.ReportMetric(took.Seconds(), "s/erase")
				b.ReportMetric(float64(before), "writes-queued")
				ps, err := s.PendingWrites(0, 2*before)
				if err != nil {
					b.Fatal(err)
				}
				for _, p := range ps {
					if p.Write.Value == "came with her sister" {
						b.Fatalf("the erased note is still queued: %+v", p.Write)
					}
				}
				s.Close()
			}
		})
	}
}
