package server_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/hlc"
	"github.com/gather-sp/gather/internal/pgtest"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/internal/testenv"
	"github.com/gather-sp/gather/sync/protocol"
	"github.com/gather-sp/gather/sync/server"
	"github.com/gather-sp/gather/sync/server/badgerstore"
	"github.com/gather-sp/gather/sync/server/pgstore"
)

// TestAttackSmallWritesToABigRecordAreBounded: every change logs its
// record's whole state again, which every device that may see it pulls. A
// hostile venue tablet fills a mark of its own up to the record limit once
// (compressible text, cheap to send), then sends one small write to it
// after another: each costs the server and every organisation and venue
// device the whole record, thousands of times what was sent, without end,
// as no budget counted changes to records the server holds. The states a
// venue device's changes log are now bounded a day (LoggedKiB): past it,
// its batches wait on it (rate_limited, until the next UTC day); an
// organisation device is not held back.
func TestAttackSmallWritesToABigRecordAreBounded(t *testing.T) {
	// The budget is counted in KiB: 1 GiB a day, far above an honest
	// tablet's day and within the backends' 32-bit counts.
	if got := server.DefaultVenueBudgets[server.LoggedKiB]; got != 1<<20 {
		t.Errorf("a venue device's daily budget of logged states is %d KiB, want 1 GiB", got)
	}
	h := newLoggedHarness(t, map[record.Kind]int{server.LoggedKiB: 4 << 10})
	tablet, office, push, w := h.tablet, h.office, h.push, h.w
	big := strings.Repeat("z", 50<<10)
	mark := domain.AttendanceID(domain.SessionID("a1", "2026-11-20"), "wally")
	setup := []record.Write{w(tablet, domain.KindActivity, "a1", "venue_id", "v1"), w(tablet, domain.KindPerson, "wally", "given_name", "Wally")}
	for _, f := range []string{"companion", "note", "marked_by", "marked_at"} {
		setup = append(setup, w(tablet, domain.KindAttendance, mark, f, big))
	}
	if perr := push(tablet, setup...); perr != nil {
		t.Fatalf("filling the mark: %v", perr)
	}
	// 200 KiB logged a push: the 4 MiB budget is spent within some 20.
	var held *protocol.Error
	for i := 0; i < 40 && held == nil; i++ {
		status := []string{domain.StatusPresent, domain.StatusAbsent}[i%2]
		held = push(tablet, w(tablet, domain.KindAttendance, mark, "status", status))
	}
	if held == nil || held.Code != protocol.CodeRateLimited || held.RetryAfterSeconds <= 0 {
		t.Fatalf("40 small writes re-logging a 200 KiB record were all taken: %+v", held)
	}
	if perr := push(office, w(office, domain.KindAttendance, mark, "status", domain.StatusPresent)); perr != nil {
		t.Errorf("the office was held back: %v", perr)
	}
	h.nextDay()
	if perr := push(tablet, w(tablet, domain.KindAttendance, mark, "status", domain.StatusAbsent)); perr != nil {
		t.Errorf("the next day the tablet is still held back: %v", perr)
	}
}

// loggedHarness is a server behind its real HTTP handler with one venue
// (v1), a tablet enrolled for it and an office device, and a clock the
// test moves on.
type loggedHarness struct {
	st             *server.Store
	enrol          func(id string, scope protocol.Scope) *loggedDev
	tablet, office *loggedDev
	push           func(d *loggedDev, ws ...record.Write) *protocol.Error
	w              func(d *loggedDev, kind record.Kind, id, field, value string) record.Write
	nextDay        func()
}

type loggedDev struct {
	token string
	clock *hlc.Clock
	seq   uint64
	fresh bool // its pushes say fresh_from 1: every write it sends is new to the server
}

func newLoggedHarness(t *testing.T, budgets map[record.Kind]int) *loggedHarness {
	t.Helper()
	var mu sync.Mutex
	now := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	clockNow := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	sopts := server.StoreOptions{Now: clockNow, VenueBudgets: budgets}
	var st *server.Store
	var err error
	if testenv.OnPostgres() {
		// One batch's overshoot had no transaction-size limit to stop it
		// there.
		st, err = pgstore.OpenStore(context.Background(), pgtest.NewDatabase(t), pgstore.Options{MaxConns: 4}, sopts)
	} else {
		st, err = badgerstore.OpenStore(t.TempDir(), badgerstore.Options{InMemory: true}, sopts)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	srv := httptest.NewServer(server.New(st, server.Options{}).Handler())
	t.Cleanup(srv.Close)
	if _, err := st.AddVenue("v1", "Hall", ""); err != nil {
		t.Fatal(err)
	}
	enrol := func(id string, scope protocol.Scope) string {
		code, _, err := st.CreateCode(scope, "", time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		r, perr, err := st.Enrol(protocol.EnrolRequest{Schema: protocol.Schema, Code: code, DeviceID: id})
		if err != nil || perr != nil {
			t.Fatal(err, perr)
		}
		return r.Token
	}
	newDev := func(id string, scope protocol.Scope) *loggedDev {
		return &loggedDev{token: enrol(id, scope), clock: hlc.NewClock(id, clockNow)}
	}
	h := &loggedHarness{st: st, enrol: newDev,
		tablet: newDev("tablet", protocol.Scope{Venues: []string{"v1"}}),
		office: newDev("office", org),
	}
	h.push = func(d *loggedDev, ws ...record.Write) *protocol.Error {
		t.Helper()
		req := &protocol.PushRequest{Schema: protocol.Schema, Epoch: st.Epoch()}
		if d.fresh {
			req.FreshFrom = 1
		}
		for i, w := range ws {
			req.Writes = append(req.Writes, protocol.FromRecord(d.seq+uint64(i)+1, w))
		}
		body, err := protocol.Encode(req)
		if err != nil {
			t.Fatal(err)
		}
		hr, _ := http.NewRequestWithContext(context.Background(), http.MethodPost, srv.URL+protocol.PathPush, bytes.NewReader(body))
		protocol.SetHeaders(hr.Header)
		hr.Header.Set("Authorization", "Bearer "+d.token)
		resp, err := http.DefaultClient.Do(hr)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			d.seq += uint64(len(ws))
			return nil
		}
		var perr protocol.Error
		if err := protocol.Decode(resp.Body, resp.Header.Get("Content-Encoding") == "gzip", 1<<20, 1<<20, &perr); err != nil {
			t.Fatalf("%s: %v", resp.Status, err)
		}
		return &perr
	}
	h.w = func(d *loggedDev, kind record.Kind, id, field, value string) record.Write {
		return record.Write{Kind: kind, ID: id, Field: field, Value: value, Stamp: d.clock.Now(), Staff: "sam"}
	}
	h.nextDay = func() {
		mu.Lock()
		now = now.Add(24 * time.Hour)
		mu.Unlock()
	}
	return h
}

// TestAttackConflictRecordsCountAgainstTheLoggedBudget: a write that
// loses the merge to a concurrent one changes nothing of its record, but
// makes a new conflict record (its id is the pair of stamps) holding the
// winner's value and the loser's, which is logged and pulled by every
// organisation device. A hostile tablet filled a field of its own mark
// with a big value once, then sent small writes to it stamped before it
// with no base: each lost, each made a conflict record carrying the big
// value, and chargeLogged, counting only the records the writes changed,
// charged nothing; some 15-30 GiB a day against the 1 GiB budget. The
// records a job logs, conflict records among them, now all count.
func TestAttackConflictRecordsCountAgainstTheLoggedBudget(t *testing.T) {
	h := newLoggedHarness(t, map[record.Kind]int{server.LoggedKiB: 4 << 10})
	tablet, office, push, w := h.tablet, h.office, h.push, h.w
	big := strings.Repeat("z", 50<<10)
	mark := domain.AttendanceID(domain.SessionID("a1", "2026-11-20"), "wally")
	filled := w(tablet, domain.KindAttendance, mark, "note", big)
	if perr := push(tablet, w(tablet, domain.KindActivity, "a1", "venue_id", "v1"), w(tablet, domain.KindPerson, "wally", "given_name", "Wally"),
		w(tablet, domain.KindAttendance, mark, "status", domain.StatusPresent), filled); perr != nil {
		t.Fatalf("filling the mark: %v", perr)
	}
	// Each losing write makes a conflict record of some 50 KiB: the 4 MiB
	// budget is spent within some 80 of them.
	var held *protocol.Error
	taken := 0
	for i := 0; i < 200 && held == nil; i++ {
		lose := record.Write{Kind: domain.KindAttendance, ID: mark, Field: "note", Value: "x",
			Stamp: hlc.Timestamp{Wall: filled.Stamp.Wall - 1000 - int64(i), Device: "tablet"}, Staff: "sam"}
		if held = push(tablet, lose); held == nil {
			taken++
		}
	}
	if held == nil || held.Code != protocol.CodeRateLimited || held.RetryAfterSeconds <= 0 {
		t.Fatalf("200 losing writes, each making a 50 KiB conflict record, were all taken: %+v", held)
	}
	if taken < 10 || taken > 100 {
		t.Errorf("%d losing writes were taken before the tablet was held back, want some 80", taken)
	}
	if perr := push(office, w(office, domain.KindAttendance, mark, "status", domain.StatusAbsent)); perr != nil {
		t.Errorf("the office was held back: %v", perr)
	}
	h.nextDay()
	if perr := push(tablet, w(tablet, domain.KindAttendance, mark, "status", domain.StatusPresent)); perr != nil {
		t.Errorf("the next day the tablet is still held back: %v", perr)
	}
}

// TestAttackUnseenLossesCannotOvershootTheLoggedBudget: a write that
// reaches the server for the first time (fresh_from) and loses makes a
// conflict record whatever the bases say (lostUnseen), holding the
// winner's value. The pre-merge cut of the logged budget (loggedPrefix)
// simulated only the merge's own conflicts, so a hostile tablet, meeting
// a field filled with a big value based on a stamp after every loser's
// (no conflict by the bases), sent one batch of small losing writes, up to
// 20,000, each making a conflict record carrying the big value: GiBs
// logged in one transaction past the budget. The batch now stops where
// its conflict records would take the count past the budget.
func TestAttackUnseenLossesCannotOvershootTheLoggedBudget(t *testing.T) {
	h := newLoggedHarness(t, map[record.Kind]int{server.LoggedKiB: 4 << 10})
	tablet, office, push, w := h.tablet, h.office, h.push, h.w
	tablet.fresh = true
	big := strings.Repeat("z", 50<<10)
	mark := domain.AttendanceID(domain.SessionID("a1", "2026-11-20"), "wally")
	if perr := push(tablet, w(tablet, domain.KindActivity, "a1", "venue_id", "v1"), w(tablet, domain.KindPerson, "wally", "given_name", "Wally"),
		w(tablet, domain.KindAttendance, mark, "status", domain.StatusPresent)); perr != nil {
		t.Fatalf("the mark: %v", perr)
	}
	// A big note on it from the office (or from the tablet, under a
	// former id), based on a stamp after every loser's: no conflict by
	// the bases.
	filled := w(office, domain.KindAttendance, mark, "note", big)
	filled.Base = hlc.Timestamp{Wall: filled.Stamp.Wall - 1, Device: "tablet"}
	if perr := push(office, filled); perr != nil {
		t.Fatalf("filling the mark: %v", perr)
	}
	// 200 conflict records of some 50 KiB in one batch: 10 MiB against 4.
	var ws []record.Write
	for i := range 200 {
		ws = append(ws, record.Write{Kind: domain.KindAttendance, ID: mark, Field: "note", Value: "x",
			Stamp: hlc.Timestamp{Wall: filled.Stamp.Wall - 1000 - int64(i), Device: "tablet"}, Staff: "sam"})
	}
	perr := push(tablet, ws...)
	if perr == nil {
		t.Fatal("one batch of 200 losing writes, each making a 50 KiB conflict record, was taken whole past a 4 MiB budget")
	}
	if perr.Code != protocol.CodeRateLimited || perr.RefusedSeq <= tablet.seq+1 || perr.RefusedSeq > tablet.seq+100 {
		t.Fatalf("held back at %d (the batch from %d): %+v, want a cut after some 80", perr.RefusedSeq, tablet.seq+1, perr)
	}
	cut := int(perr.RefusedSeq - tablet.seq - 1)
	if perr := push(tablet, ws[:cut]...); perr != nil {
		t.Fatalf("the writes before the cut: %v", perr)
	}
	if perr := push(tablet, ws[cut:]...); perr == nil || perr.Code != protocol.CodeRateLimited {
		t.Fatalf("the writes after the cut were taken with the budget spent: %+v", perr)
	}
}

// TestAnHonestConflictSyncsUnderTheLoggedBudget: two tablets at one venue
// note on the same mark while offline; both pushes are taken with the
// default budgets, the conflict record their notes make is charged to the
// second and reaches the office, and both tablets sync on.
func TestAnHonestConflictSyncsUnderTheLoggedBudget(t *testing.T) {
	h := newLoggedHarness(t, nil)
	tablet, office, push, w := h.tablet, h.office, h.push, h.w
	other := h.enrol("tablet2", protocol.Scope{Venues: []string{"v1"}})
	mark := domain.AttendanceID(domain.SessionID("a1", "2026-11-20"), "wally")
	status := w(office, domain.KindAttendance, mark, "status", domain.StatusPresent)
	if perr := push(office, w(office, domain.KindActivity, "a1", "venue_id", "v1"), w(office, domain.KindPerson, "wally", "given_name", "Wally"), status); perr != nil {
		t.Fatal(perr)
	}
	// Both offline: neither has seen the other's note.
	mine := w(tablet, domain.KindAttendance, mark, "note", "came with a friend")
	theirs := w(other, domain.KindAttendance, mark, "note", "brought cake")
	if perr := push(tablet, mine); perr != nil {
		t.Fatalf("the first tablet: %v", perr)
	}
	if perr := push(other, theirs); perr != nil {
		t.Fatalf("the second tablet, whose note meets the first's: %v", perr)
	}
	for _, d := range []*loggedDev{tablet, other} {
		// Each has pulled the office's status, and changes it in turn.
		next := w(d, domain.KindAttendance, mark, "status", domain.StatusAbsent)
		next.Base, status = status.Stamp, next
		if perr := push(d, next); perr != nil {
			t.Errorf("a tablet is held back after an honest conflict: %v", perr)
		}
	}
	dev, perr := h.st.Authenticate(office.token)
	if perr != nil {
		t.Fatal(perr)
	}
	conflicts := 0
	for after, more := uint64(0), true; more; {
		page, perr, err := h.st.Pull(dev, &protocol.PullRequest{Schema: protocol.Schema, Epoch: h.st.Epoch(), After: after}, server.PullOptions{MaxEntities: 100, MaxBytes: 1 << 20})
		if err != nil || perr != nil {
			t.Fatal(err, perr)
		}
		for _, e := range page.Entities {
			if e.Kind == string(domain.KindConflict) {
				conflicts++
			}
		}
		after, more = page.Next, page.More
	}
	if conflicts != 1 {
		t.Errorf("the office pulled %d conflict records, want the one the two notes made", conflicts)
	}
}

// TestAttackOneBatchCannotOvershootTheLoggedBudget: the budget was checked
// before a batch and charged after its merge, so one batch of small writes
// to many records filled before (up to 20,000 of them) logged them all in
// one transaction while the budget was not yet spent: GiBs past it on
// PostgreSQL. The batch now stops before the write that would take it past
// the budget (rate_limited, RefusedSeq naming it); the writes before go on
// their own, and the count passes the budget by one write's records at
// most.
func TestAttackOneBatchCannotOvershootTheLoggedBudget(t *testing.T) {
	h := newLoggedHarness(t, map[record.Kind]int{server.LoggedKiB: 1 << 10})
	tablet, office, push, w := h.tablet, h.office, h.push, h.w
	big := strings.Repeat("z", 50<<10)
	// The office (no budget) fills ten marks of 200 KiB at the tablet's
	// venue.
	var marks []string
	statuses := map[string]hlc.Timestamp{}
	setup := []record.Write{w(office, domain.KindActivity, "a1", "venue_id", "v1")}
	for i := range 10 {
		person := fmt.Sprintf("p%d", i)
		mark := domain.AttendanceID(domain.SessionID("a1", "2026-11-20"), person)
		marks = append(marks, mark)
		status := w(office, domain.KindAttendance, mark, "status", domain.StatusPresent)
		statuses[mark] = status.Stamp
		setup = append(setup, w(office, domain.KindPerson, person, "given_name", "P"), status)
		for _, f := range []string{"companion", "note", "marked_by", "marked_at"} {
			setup = append(setup, w(office, domain.KindAttendance, mark, f, big))
		}
	}
	if perr := push(office, setup...); perr != nil {
		t.Fatalf("filling the marks: %v", perr)
	}
	// One batch, one small write to each, after the office's: 2,000 KiB
	// logged against 1,024.
	change := func(m string) record.Write {
		tablet.clock.Observe(statuses[m])
		c := w(tablet, domain.KindAttendance, m, "status", domain.StatusAbsent)
		c.Base = statuses[m]
		return c
	}
	var ws []record.Write
	for _, m := range marks {
		ws = append(ws, change(m))
	}
	taken := 0
	for len(ws) > 0 {
		perr := push(tablet, ws...)
		if perr == nil {
			taken += len(ws)
			break
		}
		if perr.Code != protocol.CodeRateLimited || perr.RetryAfterSeconds <= 0 {
			t.Fatalf("after %d writes: %+v", taken, perr)
		}
		cut := int(perr.RefusedSeq - tablet.seq - 1)
		if cut <= 0 {
			break // held back whole: the budget is spent
		}
		if cut >= len(ws) {
			t.Fatalf("refused at %d of a batch of %d", perr.RefusedSeq, len(ws))
		}
		ws = ws[:cut]
	}
	// The device sends the prefix, then the rest after it: held back once
	// the budget is spent.
	for i, m := range marks[taken:] {
		perr := push(tablet, change(m))
		if perr == nil {
			taken++
			continue
		}
		if perr.Code != protocol.CodeRateLimited {
			t.Fatalf("mark %d: %+v", i, perr)
		}
		break
	}
	// 1,024 KiB: five marks of some 201 KiB, and the one write past it.
	if taken == 0 || taken > 6 {
		t.Errorf("%d writes re-logging a 200 KiB mark each were taken against a budget of 1 MiB, want 5 or 6", taken)
	}
	if perr := push(office, w(office, domain.KindAttendance, marks[9], "status", domain.StatusPresent)); perr != nil {
		t.Errorf("the office was held back: %v", perr)
	}
}
