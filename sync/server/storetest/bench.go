package storetest

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/hlc"
	"github.com/gather-sp/gather/internal/cputime"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/protocol"
	"github.com/gather-sp/gather/sync/server"
)

// ErasePersonOnBusyServer measures, on s, the push that erases one person
// on a server holding 20,000 people, each enrolled on one of 100 activities
// with 5 marks and a referral (the server sweeps the person's records and
// the conflicts inside the commit, so every other push waits for it), and
// the Compact that follows (badgerstore: pushes wait only for its first
// step; pgstore: VACUUM, which blocks no push).
func ErasePersonOnBusyServer(b *testing.B, s *server.Store) {
	const people, activities, marksEach = 20000, 100, 5
	add, flush := OfficePusher(b, s)
	for a := 0; a < activities; a++ {
		add(domain.KindActivity, fmt.Sprintf("act%d", a), map[string]string{"name": "Garden", "venue_id": "v1"})
	}
	for p := 0; p < people; p++ {
		id, act := fmt.Sprintf("p%05d", p), fmt.Sprintf("act%d", p%activities)
		add(domain.KindPerson, id, map[string]string{"given_name": "Given" + id, "family_name": "Family", "nhs_number": "943 476 5919"})
		add(domain.KindEnrolment, domain.EnrolmentID(act, id), map[string]string{"activity_id": act, "person_id": id, "venue_id": "v1"})
		add(domain.KindReferral, "r"+id, map[string]string{"person_id": id, "notes": "referred by GP"})
		for m := 0; m < marksEach; m++ {
			add(domain.KindAttendance, domain.AttendanceID(domain.SessionID(act, fmt.Sprintf("2026-11-%02d", m+1)), id),
				map[string]string{"person_id": id, "status": domain.StatusPresent, "venue_id": "v1", "note": "came with a friend"})
		}
	}
	flush()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		victim := fmt.Sprintf("p%05d", (i*7919)%people)
		add(domain.KindPerson, victim, map[string]string{record.FieldErased: "true"})
		start := time.Now()
		flush()
		b.ReportMetric(float64(time.Since(start).Milliseconds()), "ms/erasure")
		start = time.Now()
		if err := s.Compact(); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(time.Since(start).Milliseconds()), "ms/compact")
		m, err := s.Entity(domain.KindAttendance, domain.AttendanceID(domain.SessionID(fmt.Sprintf("act%d", (i*7919)%people%activities), "2026-11-01"), victim))
		if err != nil || m.Get("note") != "" || m.Get("status") != domain.StatusPresent {
			b.Fatalf("after the erasure the mark is %v (%v)", m.Values(), err)
		}
		if r, _ := s.Entity(domain.KindReferral, "r"+victim); !r.Erased() {
			b.Fatalf("the referral survived: %v", r.Values())
		}
	}
}

// OfficePusher enrols an administrator's organisation device on s (the
// server takes erasures only from one) and returns functions that queue
// its writes and push what is queued (in batches of 4,000).
func OfficePusher(tb testing.TB, s *server.Store) (add func(record.Kind, string, map[string]string), flush func()) {
	tb.Helper()
	code, _, err := s.CreateCode(protocol.Scope{Organisation: true}, domain.RoleAdministrator, time.Hour)
	if err != nil {
		tb.Fatal(err)
	}
	id := "office-" + fmt.Sprint(time.Now().UnixNano())
	resp, perr, err := s.Enrol(protocol.EnrolRequest{Schema: 1, Code: code, DeviceID: id})
	if err != nil || perr != nil {
		tb.Fatal(err, perr)
	}
	dev, perr := s.Authenticate(resp.Token)
	if perr != nil {
		tb.Fatal(perr)
	}
	clock := hlc.NewClock(id, nil)
	var seq uint64
	var batch []protocol.Write
	flush = func() {
		if len(batch) == 0 {
			return
		}
		if _, perr, err := s.Push(context.Background(), dev, &protocol.PushRequest{Schema: 1, Epoch: s.Epoch(), Writes: batch}); err != nil || perr != nil {
			tb.Fatal(err, perr)
		}
		batch = nil
	}
	add = func(kind record.Kind, id string, fields map[string]string) {
		for f, v := range fields {
			seq++
			batch = append(batch, protocol.FromRecord(seq, record.Write{Kind: kind, ID: id, Field: f, Value: v, Stamp: clock.Now(), Staff: "seed"}))
		}
		if len(batch) > 4000 {
			flush()
		}
	}
	return add, flush
}

// SmallPush measures, on s, the server's part of "100 changed marks, push
// + pull between two tablets" (issue 13): 10,000 marks of one venue are on
// the server; tablet A pushes 100 of them with their status changed (one
// push, with its instance and cursor), then tablet B pulls them (one page).
// Reports the medians of the push and of the pull, each as the store
// answers it (no HTTP), over rounds of b.N×20.
func SmallPush(b *testing.B, s *server.Store) {
	const marks, changed = 10_000, 100
	if _, err := s.AddVenue("v1", "Hall", ""); err != nil {
		b.Fatal(err)
	}
	add, flush := OfficePusher(b, s)
	add(domain.KindActivity, "act", map[string]string{"name": "Garden", "venue_id": "v1"})
	ids := make([]string, marks)
	for i := range ids {
		ids[i] = domain.AttendanceID(domain.SessionID("act", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i/40).Format("2006-01-02")), fmt.Sprint("p", i%40))
		add(domain.KindAttendance, ids[i], map[string]string{"person_id": fmt.Sprint("p", i%40), "status": domain.StatusPresent,
			"venue_id": "v1", "activity_id": "act", "marked_by": "sam", "date": "2026-01-01", "marked_at": "2026-01-01T10:00:00Z"})
	}
	flush()
	tablet := func(name string) (*server.Device, *hlc.Clock) {
		code, _, err := s.CreateCode(protocol.Scope{Venues: []string{"v1"}}, "", time.Hour)
		if err != nil {
			b.Fatal(err)
		}
		resp, perr, err := s.Enrol(protocol.EnrolRequest{Schema: 1, Code: code, DeviceID: name})
		if err != nil || perr != nil {
			b.Fatal(err, perr)
		}
		dev, perr := s.Authenticate(resp.Token)
		if perr != nil {
			b.Fatal(perr)
		}
		// A first page from the start makes the device's cursors this
		// enrolment's (server.Device.PullFromStart); the tablet is then
		// taken to hold everything up to the head.
		if _, perr, err := s.Pull(dev, &protocol.PullRequest{Schema: 1, Epoch: s.Epoch(), Limit: 1}, server.PullOptions{MaxEntities: 1, MaxBytes: protocol.MaxPageBytes}); err != nil || perr != nil {
			b.Fatal(err, perr)
		}
		if dev, perr = s.Authenticate(resp.Token); perr != nil {
			b.Fatal(perr)
		}
		return dev, hlc.NewClock(name, nil)
	}
	a, aClock := tablet("tablet-a")
	tb, _ := tablet("tablet-b")
	head := s.Head()
	cursorA, cursorB := head, head
	var seq uint64
	var pushes, pulls []time.Duration
	for round := 0; round < 20*b.N; round++ {
		seqs := make([]uint64, changed)
		ws := make([]record.Write, changed)
		for j := range ws {
			e, err := s.Entity(domain.KindAttendance, ids[(round*changed+j*97)%marks])
			if err != nil {
				b.Fatal(err)
			}
			seq++
			seqs[j] = seq
			ws[j] = record.Write{Kind: e.Kind, ID: e.ID, Field: "status", Value: fmt.Sprint("status-", round), Stamp: aClock.Now(),
				Base: e.Fields["status"].Stamp, Staff: "sam"}
		}
		t0 := time.Now()
		_, perr, err := s.PushWrites(context.Background(), a, &protocol.PushRequest{Schema: 1, Epoch: s.Epoch(), Instance: "a", Cursor: cursorA}, seqs, ws)
		if err != nil || perr != nil {
			b.Fatal(err, perr)
		}
		t1 := time.Now()
		resp, perr, err := s.Pull(tb, &protocol.PullRequest{Schema: 1, Epoch: s.Epoch(), After: cursorB, Instance: "b"}, server.PullOptions{MaxEntities: 4000, MaxBytes: protocol.MaxPageBytes})
		if err != nil || perr != nil || len(resp.Entities) != changed {
			b.Fatalf("tablet B pulled %v: %v %v", resp, err, perr)
		}
		pushes, pulls = append(pushes, t1.Sub(t0)), append(pulls, time.Since(t1))
		cursorB = resp.Next
		// Tablet A's own pull brings nothing back.
		if resp, _, err := s.Pull(a, &protocol.PullRequest{Schema: 1, Epoch: s.Epoch(), After: cursorA, Instance: "a"}, server.PullOptions{MaxEntities: 4000, MaxBytes: protocol.MaxPageBytes}); err != nil || len(resp.Entities) != 0 {
			b.Fatalf("tablet A pulled %d records back (%v)", len(resp.Entities), err)
		} else {
			cursorA = resp.Next
		}
	}
	med := func(ds []time.Duration) float64 {
		slices.Sort(ds)
		return float64(ds[len(ds)/2].Microseconds()) / 1000
	}
	b.ReportMetric(med(pushes), "ms/push-p50")
	b.ReportMetric(med(pulls), "ms/pull-p50")
}

// VenuePush measures, on s, a venue tablet's push of 20,000 new marks
// (160,000 writes) in batches of 5,000 writes, as the store answers it (no
// HTTP): the venue checks of every write (which venue a record belongs to)
// and the commit. Reports processor time beside wall time, since the wall
// time moves with the machine's other work.
func VenuePush(b *testing.B, s *server.Store) {
	const marks, batchWrites = 20_000, 5_000
	if _, err := s.AddVenue("v1", "Hall", ""); err != nil {
		b.Fatal(err)
	}
	add, flush := OfficePusher(b, s)
	add(domain.KindActivity, "act", map[string]string{"name": "Garden", "venue_id": "v1"})
	flush()
	code, _, err := s.CreateCode(protocol.Scope{Venues: []string{"v1"}}, "", time.Hour)
	if err != nil {
		b.Fatal(err)
	}
	resp, perr, err := s.Enrol(protocol.EnrolRequest{Schema: 1, Code: code, DeviceID: "tablet"})
	if err != nil || perr != nil {
		b.Fatal(err, perr)
	}
	dev, perr := s.Authenticate(resp.Token)
	if perr != nil {
		b.Fatal(perr)
	}
	clock := hlc.NewClock("tablet", nil)
	var seq uint64
	var seqs []uint64
	var ws []record.Write
	var cpu, wall time.Duration
	push := func() {
		t0, c0 := time.Now(), cputime.Process()
		if _, perr, err := s.PushWrites(context.Background(), dev, &protocol.PushRequest{Schema: 1, Epoch: s.Epoch()}, seqs, ws); err != nil || perr != nil {
			b.Fatal(err, perr)
		}
		wall += time.Since(t0)
		cpu += cputime.Process() - c0
		seqs, ws = seqs[:0], ws[:0]
	}
	for n := 0; n < b.N; n++ {
		for i := 0; i < marks; i++ {
			date := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, (n*marks+i)/40).Format("2006-01-02")
			id := domain.AttendanceID(domain.SessionID("act", date), fmt.Sprint("p", i%40))
			for _, f := range [][2]string{{"person_id", fmt.Sprint("p", i%40)}, {"status", domain.StatusPresent}, {"venue_id", "v1"},
				{"activity_id", "act"}, {"marked_by", "sam"}, {"date", date}, {"marked_at", "2026-01-01T10:00:00Z"}, {"session_id", domain.SessionID("act", date)}} {
				seq++
				seqs = append(seqs, seq)
				ws = append(ws, record.Write{Kind: domain.KindAttendance, ID: id, Field: f[0], Value: f[1], Stamp: clock.Now(), Staff: "sam"})
			}
			if len(ws) >= batchWrites {
				push()
			}
		}
		if len(ws) > 0 {
			push()
		}
	}
	b.ReportMetric(wall.Seconds()/float64(b.N), "s/push")
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/push")
}

// PushWhileRefiling measures, on s, a one-write push while the server
// re-files a moved activity's register of 40,000 marks under its new venue
// in the background (move.go): each batch holds the commit lock, so a push
// waits for at most the batch under way. Reports the slowest and the
// median push over pushes made for five seconds after the move, each
// round.
func PushWhileRefiling(b *testing.B, s *server.Store) {
	const marks = 40_000
	for _, v := range []string{"v1", "v2"} {
		if _, err := s.AddVenue(v, "Hall "+v, ""); err != nil {
			b.Fatal(err)
		}
	}
	add, flush := OfficePusher(b, s)
	add(domain.KindActivity, "act", map[string]string{"name": "Garden", "venue_id": "v1"})
	for i := range marks {
		id := domain.AttendanceID(domain.SessionID("act", time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i/40).Format("2006-01-02")), fmt.Sprint("p", i%40))
		add(domain.KindAttendance, id, map[string]string{"person_id": fmt.Sprint("p", i%40), "status": domain.StatusPresent, "venue_id": "v1"})
	}
	flush()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		add(domain.KindActivity, "act", map[string]string{"venue_id": fmt.Sprint("v", 2-i%2)})
		flush()
		var pushes []time.Duration
		for end := time.Now().Add(5 * time.Second); time.Now().Before(end); time.Sleep(10 * time.Millisecond) {
			add(domain.KindPerson, "p0", map[string]string{"given_name": fmt.Sprint("Name", len(pushes))})
			t0 := time.Now()
			flush()
			pushes = append(pushes, time.Since(t0))
		}
		slices.Sort(pushes)
		b.ReportMetric(float64(pushes[len(pushes)-1].Microseconds())/1000, "ms/push-max")
		b.ReportMetric(float64(pushes[len(pushes)/2].Microseconds())/1000, "ms/push-p50")
	}
}
