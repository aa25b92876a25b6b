package server_test

import (
	"fmt"
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/hlc"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/protocol"
)

// TestAuditEntryMustNameTheDeviceThatSendsIt: the trail says which device
// did what, and the server knows which device is pushing, so an entry
// naming another device is refused, from a venue tablet or an organisation
// device alike.
func TestAuditEntryMustNameTheDeviceThatSendsIt(t *testing.T) {
	f := newFixture(t)
	cases := []struct {
		name   string
		scope  protocol.Scope
		device string // the entry's device field; "" for the pusher's own id
		ok     bool
	}{
		{"a tablet names itself", protocol.Scope{Venues: []string{f.v1}}, "", true},
		{"a tablet names another device", protocol.Scope{Venues: []string{f.v1}}, "office", false},
		{"an organisation device names itself", org, "", true},
		{"an organisation device names another device", org, "tablet", false},
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dev := newRaw(t, f.env, fmt.Sprintf("auditor-%d", i), tc.scope)
			device := tc.device
			if device == "" {
				device = dev.ID
			}
			clock := hlc.NewClock(dev.ID, f.env.Clock.Now)
			entry := "au-" + dev.ID
			var ws []record.Write
			for _, fv := range [][2]string{{"action", "viewed"}, {"device", device}, {"staff", "s1"}} {
				ws = append(ws, record.Write{Kind: domain.KindAudit, ID: entry, Field: fv[0], Value: fv[1], Stamp: clock.Now(), Staff: "s1"})
			}
			perr := refusal(t, dev.Push(ws, 100))
			e, _ := f.env.Store.Entity(domain.KindAudit, entry)
			switch {
			case tc.ok && perr != nil:
				t.Errorf("refused: %v", perr)
			case !tc.ok && (perr == nil || perr.Code != protocol.CodeOutOfScope):
				t.Errorf("an entry naming device %q was not refused: %+v", device, perr)
			case !tc.ok && e.Get("device") != "":
				t.Errorf("the server holds an entry blaming %q", e.Get("device"))
			}
		})
	}
}
