package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/hlc"
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

// OfficePusher enrols an organisation device on s and returns functions
// that queue its writes and push what is queued (in batches of 4,000).
func OfficePusher(tb testing.TB, s *server.Store) (add func(record.Kind, string, map[string]string), flush func()) {
	tb.Helper()
	code, _, err := s.CreateCode(protocol.Scope{Organisation: true}, "", time.Hour)
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
