package server_test

import (
	"context"
	"testing"
	"time"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/hlc"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/protocol"
	"github.com/gather-sp/gather/sync/server"
)

// The re-filing tests' set-up: activity a1 at venue v1 with Wally's
// register, which an office device then moves to v2.

// refileOffice adds venues v1 and v2 to st and enrols an office device,
// and returns its push: the writes stamped by now's clock, numbered in
// turn, and sent to st; any refusal fails the test.
func refileOffice(t *testing.T, st *server.Store, now func() time.Time) func(ws ...record.Write) {
	t.Helper()
	for _, v := range []string{"v1", "v2"} {
		if _, err := st.AddVenue(v, "Hall "+v, ""); err != nil {
			t.Fatal(err)
		}
	}
	office := enrolOffice(t, st, "office")
	clock := hlc.NewClock("office", now)
	seq := uint64(0)
	return func(ws ...record.Write) {
		t.Helper()
		req := &protocol.PushRequest{Schema: protocol.Schema, Epoch: st.Epoch()}
		for _, w := range ws {
			seq++
			w.Stamp, w.Staff = clock.Now(), "sam"
			req.Writes = append(req.Writes, protocol.FromRecord(seq, w))
		}
		if _, perr, err := st.Push(context.Background(), office, req); err != nil || perr != nil {
			t.Fatal(err, perr)
		}
	}
}

// enrolOffice enrols an organisation device named id on st.
func enrolOffice(t *testing.T, st *server.Store, id string) *server.Device {
	t.Helper()
	code, _, err := st.CreateCode(org, "", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	er, perr, err := st.Enrol(protocol.EnrolRequest{Schema: protocol.Schema, Code: code, DeviceID: id})
	if err != nil || perr != nil {
		t.Fatal(err, perr)
	}
	dev, perr := st.Authenticate(er.Token)
	if perr != nil {
		t.Fatal(perr)
	}
	return dev
}

// registerAtV1 is the writes that put activity a1 at v1 with Wally marked
// present at n sessions a day apart from first, and the ids of those
// sessions and marks, oldest first.
func registerAtV1(first time.Time, n int) (ws []record.Write, register []string) {
	ws = []record.Write{{Kind: domain.KindActivity, ID: "a1", Field: "venue_id", Value: "v1"},
		{Kind: domain.KindPerson, ID: "wally", Field: "given_name", Value: "Wally"}}
	for i := range n {
		session := domain.SessionID("a1", first.AddDate(0, 0, i).Format(time.DateOnly))
		mark := domain.AttendanceID(session, "wally")
		register = append(register, session, mark)
		ws = append(ws, record.Write{Kind: domain.KindSession, ID: session, Field: "venue_id", Value: "v1"},
			record.Write{Kind: domain.KindAttendance, ID: mark, Field: "status", Value: domain.StatusPresent})
	}
	return ws, register
}

// moveToV2 is the office's write that moves a1 to v2.
var moveToV2 = record.Write{Kind: domain.KindActivity, ID: "a1", Field: "venue_id", Value: "v2"}

// refiledAtV2 waits up to timeout for a v2 tablet to pull want of a1's
// sessions and marks, and returns those it pulls by then.
func refiledAtV2(t *testing.T, st *server.Store, want int, timeout time.Duration) map[string]bool {
	t.Helper()
	for deadline := time.Now().Add(timeout); ; time.Sleep(20 * time.Millisecond) {
		if got := pulledRegister(t, st, "v2", "a1"); len(got) == want || time.Now().After(deadline) {
			return got
		}
	}
}

// september1 is the first session of the tests' registers.
var september1 = time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)
