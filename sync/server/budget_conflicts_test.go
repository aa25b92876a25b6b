package server_test

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
	"github.com/gather-sp/gather/sync/server/badgerstore"
)

// TestConflictRecordsCountAgainstAVenueDevicesBudget: a venue
// tablet that has spent its day's budget of new records sends, again and
// again, an older concurrent value of a card field it may write (a stamp
// before the one the server holds, no base). Each loses the merge and
// leaves the field as it was, but each makes a new conflict record (its id
// is the pair of stamps), and conflict records reach every organisation
// device. spendBudget counts only the records the batch's writes name, so
// these passed every day without limit. They now count in the budget of
// every kind, and a device past it is held back.
func TestConflictRecordsCountAgainstAVenueDevicesBudget(t *testing.T) {
	st, err := badgerstore.OpenStore(t.TempDir(), badgerstore.Options{InMemory: true},
		server.StoreOptions{VenueBudgets: map[record.Kind]int{server.AllKinds: 5}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := st.AddVenue("v1", "Hall", ""); err != nil {
		t.Fatal(err)
	}
	code, _, err := st.CreateCode(protocol.Scope{Venues: []string{"v1"}}, "", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	enrolled, perr, err := st.Enrol(protocol.EnrolRequest{Schema: protocol.Schema, Code: code, DeviceID: "tablet"})
	if err != nil || perr != nil {
		t.Fatal(err, perr)
	}
	dev, perr := st.Authenticate(enrolled.Token)
	if perr != nil {
		t.Fatal(perr)
	}
	clock := hlc.NewClock("tablet", nil)
	seq := uint64(0)
	push := func(ws ...record.Write) *protocol.Error {
		t.Helper()
		req := &protocol.PushRequest{Schema: protocol.Schema, Epoch: st.Epoch()}
		for _, w := range ws {
			seq++
			req.Writes = append(req.Writes, protocol.FromRecord(seq, w))
		}
		_, perr, err := st.Push(context.Background(), dev, req)
		if err != nil {
			t.Fatal(err)
		}
		if perr != nil {
			seq -= uint64(len(ws))
		}
		return perr
	}
	held := clock.Now()
	// Three new records of the day's five.
	if perr := push(
		record.Write{Kind: domain.KindActivity, ID: "a1", Field: "venue_id", Value: "v1", Stamp: clock.Now(), Staff: "sam"},
		record.Write{Kind: domain.KindPerson, ID: "ann", Field: "given_name", Value: "Ann", Stamp: held, Staff: "sam"},
		record.Write{Kind: domain.KindEnrolment, ID: domain.EnrolmentID("a1", "ann"), Field: "person_id", Value: "ann", Stamp: clock.Now(), Staff: "sam"},
	); perr != nil {
		t.Fatal(perr)
	}
	made, limited := 0, false
	for i := 1; i <= 20; i++ {
		stale := hlc.Timestamp{Wall: held.Wall - int64(i), Device: "tablet"}
		w := record.Write{Kind: domain.KindPerson, ID: "ann", Field: "given_name", Value: fmt.Sprint("Name ", i), Stamp: stale, Staff: "sam"}
		if perr := push(w); perr != nil {
			limited = limited || perr.Code == protocol.CodeRateLimited
			continue
		}
		id := domain.ConflictID(&record.Conflict{Kind: domain.KindPerson, ID: "ann", Field: "given_name",
			Winner: record.FieldState{Value: "Ann", Stamp: held, Staff: "sam"}, Loser: record.FieldState{Value: w.Value, Stamp: stale, Staff: "sam"}})
		if c, err := st.Entity(domain.KindConflict, id); err != nil {
			t.Fatal(err)
		} else if len(c.Fields) > 0 {
			made++
		}
	}
	if made != 2 || !limited {
		t.Errorf("a venue tablet with 2 of its day's 5 new records left made %d new conflict records (held back: %v), which reach every organisation device; want 2, then held back", made, limited)
	}
}

// TestABacklogOfAuditEntriesFromAnHonestTabletIsNotHeldBack:
// the app writes an audit entry with every change (audit.Recorder.Save:
// each tick on a register is one). A tablet back after a week or two
// offline brings tens of thousands at once; with a budget of their own
// (20,000 a day) everything queued after the day's last (its marks too,
// which come interleaved with their entries) waited until midnight UTC,
// day after day. Audit entries count only in the budget of every kind.
func TestABacklogOfAuditEntriesFromAnHonestTabletIsNotHeldBack(t *testing.T) {
	f := newFixture(t)
	tablet := newRaw(t, f.env, "back-from-offline", protocol.Scope{Venues: []string{f.v1}})
	const days, perDay = 10, 2500 // ten busy days offline
	ws := make([]record.Write, 0, days*perDay)
	for i := range days * perDay {
		ws = append(ws, record.Write{Kind: domain.KindAudit, ID: fmt.Sprint("entry-", i), Field: "device", Value: tablet.ID,
			Stamp: tablet.Clock.Now(), Staff: "sam"})
	}
	if perr := refusal(t, tablet.Push(ws, protocol.MaxPushWrites)); perr != nil {
		t.Errorf("a tablet back after %d busy days offline is held back: %s: %s", days, perr.Code, perr.Message)
	}
}
