package server_test

import (
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/hlc"
	"github.com/gather-sp/gather/record"
)

// TestAuditTrailIsAppendOnly: any device may add an entry; nobody, not
// even an organisation device, may change, delete or add to one that is
// there. Re-sending exactly what the server holds is accepted.
func TestAuditTrailIsAppendOnly(t *testing.T) {
	f := newFixture(t)
	tc := hlc.NewClock("tablet", f.env.Clock.Now)
	oc := hlc.NewClock("office", f.env.Clock.Now)
	entry := func(clock *hlc.Clock, id, device string) []record.Write {
		var ws []record.Write
		for _, fv := range [][2]string{{"staff", "s1"}, {"action", "changed"}, {"entity_kind", "attendance"}, {"entity_id", "m1"}, {"device", device}} {
			ws = append(ws, record.Write{Kind: domain.KindAudit, ID: id, Field: fv[0], Value: fv[1], Stamp: clock.Now(), Staff: "s1"})
		}
		return ws
	}
	first := entry(tc, "au1", "tablet")
	if err := f.tablet.Push(first, 100); err != nil {
		t.Fatalf("a venue device could not add an audit entry: %v", err)
	}
	for _, tt := range []struct {
		name  string
		write record.Write
	}{
		{"rewrite the action", record.Write{Kind: domain.KindAudit, ID: "au1", Field: "action", Value: "viewed", Stamp: oc.Now(), Staff: "s9"}},
		{"delete the entry", record.Write{Kind: domain.KindAudit, ID: "au1", Field: record.FieldDeleted, Value: "true", Stamp: oc.Now(), Staff: "s9"}},
		{"add a field", record.Write{Kind: domain.KindAudit, ID: "au1", Field: "detail", Value: "nothing to see", Stamp: oc.Now(), Staff: "s9"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			head := f.env.Store.Head()
			if err := f.office.Push([]record.Write{tt.write}, 100); err == nil {
				t.Fatal("the server accepted it")
			}
			if f.env.Store.Head() != head {
				t.Error("the server's log changed")
			}
			e, _ := f.env.Store.Entity(domain.KindAudit, "au1")
			if e.Get("action") != "changed" || e.Get("detail") != "" || e.Deleted() {
				t.Errorf("the entry is now %v", e.Values())
			}
		})
	}
	// The same writes again (a device re-sending after a restore) are fine,
	// and a new entry is too. (A fresh device: the office's refused pushes
	// used up sequence numbers the server never took.)
	laptop, err := f.env.NewRaw("laptop", org, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := laptop.Push(append(append([]record.Write(nil), first...), entry(oc, "au2", "laptop")...), 100); err != nil {
		t.Errorf("re-sending the same entry with a new one was refused: %v", err)
	}
	if e, _ := f.env.Store.Entity(domain.KindAudit, "au2"); e.Get("action") != "changed" {
		t.Error("the new entry was not saved")
	}
}
