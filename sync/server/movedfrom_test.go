package server_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/hlc"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/protocol"
	"github.com/gather-sp/gather/sync/server"
)

// TestDevicesCannotWriteMovedFrom: an activity's moved_from (the venues it
// moved away from, whose tablets still receive it) is the server's to
// write. From an organisation device it would send an activity to any
// venue's tablets, from a venue tablet to another venue's; so it is
// refused from every device, with a message that says so. The server
// writes it when an activity moves (v1 to v2 to a third venue, and back to
// v1: the venue it is at is never in the list), and a device that sends
// the server's own write again (after a restore of the device) is not
// refused for it.
func TestDevicesCannotWriteMovedFrom(t *testing.T) {
	f := newFixture(t)
	v3 := f.env.Venue("v3", "Library")
	n := 0
	push := func(scope protocol.Scope, w record.Write) *protocol.Error {
		t.Helper()
		n++
		dev := newRaw(t, f.env, fmt.Sprintf("dev%d", n), scope)
		if w.Stamp.IsZero() {
			w.Stamp = hlc.NewClock(dev.ID, f.env.Clock.Now).Now()
		}
		return refusal(t, dev.Push([]record.Write{w}, 10))
	}
	movedFrom := func() record.FieldState {
		t.Helper()
		a, err := f.env.Store.Entity(domain.KindActivity, "a1")
		if err != nil {
			t.Fatal(err)
		}
		return a.Fields["moved_from"]
	}

	for _, scope := range []protocol.Scope{org, {Venues: []string{f.v1}}} {
		perr := push(scope, record.Write{Kind: domain.KindActivity, ID: "a1", Field: "moved_from", Value: f.v2, Staff: "sam"})
		if perr == nil || perr.Code != protocol.CodeOutOfScope || !strings.Contains(perr.Message, "moved_from") {
			t.Errorf("%s: a device wrote an activity's moved_from: %+v", scope, perr)
		}
	}
	if got := movedFrom(); got.Value != "" {
		t.Fatalf("the server holds moved_from %q written by a device", got.Value)
	}

	for _, step := range []struct{ to, want string }{
		{f.v2, f.v1},
		{v3, f.v1 + "," + f.v2},
		{f.v1, f.v2 + "," + v3},
	} {
		if perr := push(org, record.Write{Kind: domain.KindActivity, ID: "a1", Field: "venue_id", Value: step.to, Staff: "sam"}); perr != nil {
			t.Fatalf("moving a1 to %s: %+v", step.to, perr)
		}
		got := movedFrom()
		if got.Value != step.want || got.Stamp.Device != server.ServerDevice {
			t.Errorf("after a1 moved to %s, it has moved_from %q stamped by %q, want %q by the server", step.to, got.Value, got.Stamp.Device, step.want)
		}
	}

	held := movedFrom()
	resent := record.Write{Kind: domain.KindActivity, ID: "a1", Field: "moved_from", Value: held.Value, Stamp: held.Stamp, Base: held.Base, Staff: held.Staff}
	if perr := push(org, resent); perr != nil {
		t.Errorf("the server's own moved_from, sent again, was refused: %+v", perr)
	}
	resent.Value = f.v2
	if perr := push(org, resent); perr == nil {
		t.Error("a moved_from the server does not hold, stamped as the server's, was taken")
	}
}
