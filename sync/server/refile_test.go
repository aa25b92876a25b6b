package server_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/internal/pgtest"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/internal/testenv"
	"github.com/gather-sp/gather/sync/protocol"
	"github.com/gather-sp/gather/sync/server"
	"github.com/gather-sp/gather/sync/server/badgerstore"
	"github.com/gather-sp/gather/sync/server/pgstore"
)

// TestAttackAVenueGivingAnActivityItsVenueIsChargedForTheRegister: a
// venue tablet may give a venue to an activity the server holds none of
// (the office sent its register before the activity), and the commit then
// logs that register again under the venue (refileMoves), outside the
// jobs whose logs were charged to a device. One small write made the
// server log 2 MiB of the office's sessions, and the tablet's next push
// was taken against a budget of 1 MiB. What a venue device's move logs
// is now charged to it.
func TestAttackAVenueGivingAnActivityItsVenueIsChargedForTheRegister(t *testing.T) {
	h := newLoggedHarness(t, map[record.Kind]int{server.LoggedKiB: 1 << 10})
	tablet, office, push, w := h.tablet, h.office, h.push, h.w
	big := strings.Repeat("z", 50<<10)
	// The office (no budget) sends ten sessions of 200 KiB of activity a2
	// before the activity itself.
	var setup []record.Write
	for i := range 10 {
		session := domain.SessionID("a2", fmt.Sprintf("2026-11-%02d", i+1))
		for _, f := range []string{"note", "cancelled_reason", "title", "notes"} {
			setup = append(setup, w(office, domain.KindSession, session, f, big))
		}
	}
	if perr := push(office, setup...); perr != nil {
		t.Fatalf("the office's register: %v", perr)
	}
	if perr := push(tablet, w(tablet, domain.KindActivity, "a2", "venue_id", "v1")); perr != nil {
		t.Fatalf("the tablet gives the activity its venue: %v", perr)
	}
	perr := push(tablet, w(tablet, domain.KindActivity, "a2", "name", "Garden"))
	if perr == nil || perr.Code != protocol.CodeRateLimited {
		t.Errorf("after its write made the server log 2 MiB for it, against a budget of 1 MiB, the tablet's next push was answered %+v, want rate_limited", perr)
	}
	if perr := push(office, w(office, domain.KindActivity, "a2", "name", "Garden")); perr != nil {
		t.Errorf("the office was held back: %v", perr)
	}
}

// refileStore opens a store on one place (a Badger folder, or a
// PostgreSQL database), so a test can stop the server and start it again.
type refileStore struct {
	t     *testing.T
	place string
	now   func() time.Time
}

func newRefileStore(t *testing.T) *refileStore {
	r := &refileStore{t: t, now: func() time.Time { return time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC) }}
	if testenv.OnPostgres() {
		r.place = pgtest.NewDatabase(t)
	} else {
		r.place = t.TempDir()
	}
	return r
}

func (r *refileStore) open(opts server.StoreOptions) *server.Store {
	r.t.Helper()
	opts.Now = r.now
	var st *server.Store
	var err error
	if testenv.OnPostgres() {
		st, err = pgstore.OpenStore(context.Background(), r.place, pgstore.Options{MaxConns: 4}, opts)
	} else {
		st, err = badgerstore.OpenStore(r.place, badgerstore.Options{}, opts)
	}
	if err != nil {
		r.t.Fatal(err)
	}
	return st
}

// pulledRegister is the sessions and marks of activity a device enrolled
// for venue pulls from st, by id.
func pulledRegister(t *testing.T, st *server.Store, venue, activity string) map[string]bool {
	t.Helper()
	code, _, err := st.CreateCode(protocol.Scope{Venues: []string{venue}}, "", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	r, perr, err := st.Enrol(protocol.EnrolRequest{Schema: protocol.Schema, Code: code, DeviceID: fmt.Sprint("puller-", time.Now().UnixNano())})
	if err != nil || perr != nil {
		t.Fatal(err, perr)
	}
	dev, perr := st.Authenticate(r.Token)
	if perr != nil {
		t.Fatal(perr)
	}
	got := map[string]bool{}
	for after, more := uint64(0), true; more; {
		page, perr, err := st.Pull(dev, &protocol.PullRequest{Schema: protocol.Schema, Epoch: st.Epoch(), After: after}, server.PullOptions{MaxEntities: 100, MaxBytes: 1 << 20})
		if err != nil || perr != nil {
			t.Fatal(err, perr)
		}
		for _, e := range page.Entities {
			k := record.Kind(e.Kind)
			if (k == domain.KindSession || k == domain.KindAttendance) && domain.ActivityInID(k, e.ID) == activity {
				got[e.ID] = true
			}
		}
		after, more = page.Next, page.More
	}
	return got
}

// TestAMoveRefilesTheWholeRegister: a move re-filed only the newest 5,000
// sessions and marks of the activity (one transaction must stay bounded),
// so the register of a long-running activity stayed filed at the old
// venue past that, and the new venue's tablets never received it. The
// move's commit still re-files a bounded batch, newest first, and the
// committer re-files the rest in later batches while no push waits; a
// server stopped in the middle finds what it had left when it starts
// again. A bound of 3 (the test's knob) stands for 5,000.
func TestAMoveRefilesTheWholeRegister(t *testing.T) {
	for _, restart := range []bool{false, true} {
		t.Run(fmt.Sprintf("restart=%v", restart), func(t *testing.T) {
			place := newRefileStore(t)
			st := place.open(server.StoreOptions{MaxRefiled: 3, NoRefileInBackground: restart})
			defer func() { st.Close() }()
			push := refileOffice(t, st, place.now)
			// Ten weeks of a group of one: ten sessions and ten marks.
			ws, register := registerAtV1(september1, 10)
			push(ws...)
			push(moveToV2)
			if restart {
				// The move's commit re-filed its bound, the newest; then the
				// server stops.
				got := pulledRegister(t, st, "v2", "a1")
				want := map[string]bool{register[19]: true, register[18]: true, register[17]: true}
				if len(got) != len(want) || !got[register[19]] || !got[register[18]] || !got[register[17]] {
					t.Fatalf("the move's commit re-filed %v, want the newest 3: %v", got, want)
				}
				st.Close()
				st = place.open(server.StoreOptions{MaxRefiled: 3})
			}
			got := refiledAtV2(t, st, len(register), 20*time.Second)
			for _, id := range register {
				if !got[id] {
					t.Errorf("%s was not re-filed at the new venue", id)
				}
			}
		})
	}
}

// TestAVenueDeviceIsChargedForTheMergeCycleItsWriteMends: a venue device
// cannot merge people, but a cycle of merges closed before the server
// broke cycles is mended by the next commit that changes one of its
// people, a tablet's card edit among them; the server then logs the
// survivor too, and that was charged to no one. It is now charged to the
// device whose write set it off: the tablet's count grows by both cards
// (1 KiB each, rounded up), not by the one it wrote.
func TestAVenueDeviceIsChargedForTheMergeCycleItsWriteMends(t *testing.T) {
	h := newLoggedHarness(t, nil)
	tablet, office, push, w := h.tablet, h.office, h.push, h.w
	var setup []record.Write
	setup = append(setup, w(office, domain.KindActivity, "a1", "venue_id", "v1"))
	for _, p := range []string{"p1", "p2"} {
		setup = append(setup, w(office, domain.KindPerson, p, "given_name", "Wilhelmina"),
			w(office, domain.KindAttendance, domain.AttendanceID(domain.SessionID("a1", "2026-11-20"), p), "status", domain.StatusPresent))
	}
	if perr := push(office, setup...); perr != nil {
		t.Fatal(perr)
	}
	// p1 and p2 merged into each other, as an older server left them.
	stamp := office.clock.Now()
	logged := func() int {
		t.Helper()
		var n int
		err := h.st.Backend().Update(context.Background(), func(tx server.Tx) error {
			c, err := tx.NewRecords("tablet", server.LoggedKiB)
			n = c.N
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	err := h.st.Backend().Update(context.Background(), func(tx server.Tx) error {
		for p, into := range map[string]string{"p1": "p2", "p2": "p1"} {
			e, seq, err := tx.Entity(domain.KindPerson, p)
			if err != nil {
				return err
			}
			e.Fields[record.FieldMergedInto] = record.FieldState{Value: into, Stamp: stamp, Staff: "sam"}
			if err := tx.PutEntity(domain.KindPerson, p, record.AppendEntity(nil, e), seq); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	before := logged()
	// The tablet has pulled the office's card.
	tablet.clock.Observe(stamp)
	edit := w(tablet, domain.KindPerson, "p2", "given_name", "Mina")
	edit.Base = setup[3].Stamp
	if perr := push(tablet, edit); perr != nil {
		t.Fatalf("the tablet's card edit: %v", perr)
	}
	p1, err := h.st.Entity(domain.KindPerson, "p1")
	if err != nil {
		t.Fatal(err)
	}
	if got := p1.Get(record.FieldMergedInto); got != "" {
		t.Fatalf("the cycle was not broken: p1 merged_into %q", got)
	}
	if got := logged() - before; got != 2 {
		t.Errorf("the tablet's card edit, which made the server log p2's card and p1's, was charged %d KiB, want 2", got)
	}
}
