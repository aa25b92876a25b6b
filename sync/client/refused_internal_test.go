package client

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/hlc"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/storage"
	"github.com/gather-sp/gather/sync/protocol"
)

// TestRefusedRecordOutlivesTheRefusedList: a venue tablet's walk-in whose
// phone number the server refused keeps it through the forgetting after a
// sync even once later refusals have pushed the change off the Refused
// list (it keeps maxRefused); an erasure of the person then drops the
// record from the kept set too, so nothing of theirs is named in it.
func TestRefusedRecordOutlivesTheRefusedList(t *testing.T) {
	st, c := venueTabletWithWalkIn(t, "early")
	setAsideAll := func() {
		t.Helper()
		pending, err := st.PendingWrites(0, 100)
		must(t, err)
		for _, p := range pending {
			must(t, c.setAside(p, "outside this device's venues"))
		}
	}
	setAsideAll()
	// maxRefused later refusals, the last a real one: the walk-in's
	// changes are pushed off the list.
	later := make([]RefusedChange, maxRefused-1)
	for i := range later {
		later[i] = RefusedChange{Kind: string(domain.KindAttendance), ID: fmt.Sprint("m", i), Field: "status", Value: "present"}
	}
	b, _ := json.Marshal(append(c.Refused(), later...))
	must(t, st.SetMeta(map[string][]byte{MetaRefused: b}))
	must(t, st.Save("bev", record.Change{Kind: domain.KindAttendance, ID: "last", Fields: map[string]string{"status": "present"}}))
	setAsideAll()
	for _, r := range c.Refused() {
		if r.ID == "early" {
			t.Fatalf("the walk-in's change is still listed among %d: the test no longer pushes it off", len(c.Refused()))
		}
	}

	must(t, c.forgetCaseData())
	if p, _ := st.View().Person("early"); p.Phone != phone {
		t.Fatalf("after the sync's forgetting the walk-in reads %+v: the refused phone number, held only here, is lost", p)
	}

	erased := record.NewEntity(domain.KindPerson, "early")
	erased.Fields[record.FieldErased] = record.FieldState{Value: "true", Stamp: hlc.Timestamp{Wall: 9, Device: "server"}}
	// The lists are cleared with the page that erases, in its transaction:
	// a crash between the two must not leave the values behind.
	meta := map[string][]byte{}
	must(t, c.forgetErased([]*record.Entity{erased}, meta))
	if records, _ := c.refusedRecords(); !slices.ContainsFunc(records, func(r refusedRecord) bool { return r.ID == "early" }) {
		t.Fatal("the refused records were cleared before the erasure was applied, apart from it")
	}
	_, err := st.ApplyRemoteEntities([]*record.Entity{erased}, nil, meta)
	must(t, err)
	records, err := c.refusedRecords()
	must(t, err)
	for _, r := range records {
		if r.ID == "early" {
			t.Errorf("the erased person is still named among the refused records: %v", records)
		}
	}
}

// TestUnreadableRefusedListForgetsNothing: when the list of records with
// a refused change cannot be read, the forgetting after a sync fails in
// words instead of dropping what the list would have kept, and a new
// refusal does not write over it.
func TestUnreadableRefusedListForgetsNothing(t *testing.T) {
	st, c := venueTabletWithWalkIn(t, "win")
	must(t, st.Ack(st.QueueSeq()))
	must(t, st.SetMeta(map[string][]byte{MetaRefusedRecords: []byte(`[{"kind":"person","id":"win"`)})) // cut short

	if err := c.forgetCaseData(); err == nil || !strings.Contains(err.Error(), "is damaged, so it stops syncing") {
		t.Errorf("forgetting with an unreadable list: %v", err)
	}
	if p, _ := st.View().Person("win"); p.Phone != phone {
		t.Errorf("the phone number was dropped: %+v", p)
	}
	must(t, st.Save("bev", record.Change{Kind: domain.KindPerson, ID: "other", Fields: map[string]string{"phone": phone}}))
	pending, err := st.PendingWrites(0, 10)
	must(t, err)
	if err := c.setAside(pending[0], "outside this device's venues"); err == nil {
		t.Error("a refusal wrote over the unreadable list")
	}
}

// phone is the walk-in's phone number of venueTabletWithWalkIn.
const phone = "07700 900555"

// venueTabletWithWalkIn opens a store enrolled for a venue, as the forget
// functions see it, holding a walk-in (id) with a phone number, unsent.
func venueTabletWithWalkIn(t *testing.T, id string) (*storage.Store, *Client) {
	t.Helper()
	st, err := storage.Open(t.TempDir(), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	scope, _ := json.Marshal(protocol.Scope{Venues: []string{"v1"}})
	must(t, st.SetMeta(map[string][]byte{MetaScope: scope}))
	must(t, st.Save("bev", record.Change{Kind: domain.KindPerson, ID: id, Fields: map[string]string{"given_name": "Win", "phone": phone}}))
	return st, New(st, Options{})
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestRefusedListsOnlyThisStoresWrites: after a store took a new device id
// (a copy enrolled apart), a refused write it made under its earlier id is
// still its own and listed; a refused write of another device, sent again
// with the whole state (RequeueAll), is dropped from the queue without a
// listing or a record kept, and stays in the store.
func TestRefusedListsOnlyThisStoresWrites(t *testing.T) {
	st, c := venueTabletWithWalkIn(t, "win")
	must(t, st.SetDevice(storage.NewDeviceID()))
	office := record.Write{Kind: domain.KindPerson, ID: "ann", Field: "photo_consent", Value: "true",
		Stamp: hlc.Timestamp{Wall: 1_700_000_000_000, Device: "office"}, Staff: "lin"}
	_, err := st.ApplyRemote([]record.Write{office}, nil)
	must(t, err)
	must(t, st.Ack(st.QueueSeq()))
	must(t, st.RequeueAll())
	pending, err := st.PendingWrites(0, 100)
	must(t, err)
	listed := 0
	for _, p := range pending {
		ok, err := c.settleRefused(p, "outside this device's venues")
		must(t, err)
		if ok != (p.Write.ID == "win") {
			t.Errorf("%s.%s stamped by %s: listed %v", p.Write.ID, p.Write.Field, p.Write.Stamp.Device, ok)
		}
		if ok {
			listed++
		}
	}
	if listed != 2 {
		t.Fatalf("%d of %d writes listed; the test wants the walk-in's two", listed, len(pending))
	}
	for _, r := range c.Refused() {
		if r.ID != "win" {
			t.Errorf("listed as refused: %+v", r)
		}
	}
	if len(c.Refused()) != listed {
		t.Errorf("refused list %+v", c.Refused())
	}
	records, err := c.refusedRecords()
	must(t, err)
	if !slices.Equal(records, []refusedRecord{{domain.KindPerson, "win"}}) {
		t.Errorf("records kept for refused changes: %v", records)
	}
	if n := st.PendingCount(); n != 0 {
		t.Errorf("%d writes still queued", n)
	}
	if rebase, _ := st.Meta(MetaRebase); string(rebase) != "1" {
		t.Error("the next push does not say the numbering jumps")
	}
	if e, _ := st.Entity(domain.KindPerson, "ann"); e.Fields["photo_consent"] != (record.FieldState{Value: "true", Stamp: office.Stamp, Staff: "lin"}) {
		t.Errorf("the office's write in the store became %+v", e.Fields["photo_consent"])
	}
}
