package server_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/hlc"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/internal/testenv"
	"github.com/gather-sp/gather/sync/protocol"
)

// TestAuditEntryMustNameTheDeviceThatSendsIt: the trail says which device
// did what, and the server knows which device is pushing, so an entry
// naming another device, or none (a trail line nobody can trace, "Jane
// viewed Ann's case" from a tablet), is refused, from a venue tablet or an
// organisation device alike.
func TestAuditEntryMustNameTheDeviceThatSendsIt(t *testing.T) {
	f := newFixture(t)
	cases := []struct {
		name   string
		scope  protocol.Scope
		device string // the entry's device field; "" for the pusher's own id, "-" for none
		ok     bool
	}{
		{"a tablet names itself", protocol.Scope{Venues: []string{f.v1}}, "", true},
		{"a tablet names another device", protocol.Scope{Venues: []string{f.v1}}, "office", false},
		{"a tablet names no device", protocol.Scope{Venues: []string{f.v1}}, "-", false},
		{"an organisation device names no device", org, "-", false},
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
				if fv[0] == "device" && device == "-" {
					continue
				}
				ws = append(ws, record.Write{Kind: domain.KindAudit, ID: entry, Field: fv[0], Value: fv[1], Stamp: clock.Now(), Staff: "s1"})
			}
			perr := refusal(t, dev.Push(ws, 100))
			e, _ := f.env.Store.Entity(domain.KindAudit, entry)
			switch {
			case tc.ok && perr != nil:
				t.Errorf("refused: %v", perr)
			case !tc.ok && (perr == nil || perr.Code != protocol.CodeOutOfScope):
				t.Errorf("an entry naming device %q was not refused: %+v", device, perr)
			case !tc.ok && len(e.Fields) > 0:
				t.Errorf("the server holds the entry: %v", e.Values())
			}
		})
	}
}

// TestAuditEntriesOfAStoresEarlierIDNeedItsToken: a store that took a new
// id (a copy, or a restored backup of a removed tablet) names the id it
// had, with that id's token, when it enrols: its audit entries written
// under the old id are then taken. Naming another device's id without its
// token links nothing, so the entries stay refused.
func TestAuditEntriesOfAStoresEarlierIDNeedItsToken(t *testing.T) {
	f := newFixture(t)
	old := newRaw(t, f.env, "tablet-old", protocol.Scope{Venues: []string{f.v1}})
	if err := f.env.Store.Revoke(old.ID); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, id, token string
		ok              bool
	}{
		{"with the old id's token", "tablet-new", old.Token, true},
		{"with a made-up token", "tablet-guess", "not-its-token", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dev := &testenv.Raw{URL: f.env.URL, ID: tc.id, HTTP: http.DefaultClient, Clock: hlc.NewClock(tc.id, f.env.Clock.Now)}
			var resp protocol.EnrolResponse
			if _, err := dev.Do(protocol.PathEnrol, &protocol.EnrolRequest{Schema: protocol.Schema, Code: f.env.Code(protocol.Scope{Venues: []string{f.v1}}),
				DeviceID: tc.id, PreviousDeviceID: old.ID, PreviousToken: tc.token}, &resp); err != nil {
				t.Fatal(err)
			}
			dev.Token, dev.Epoch = resp.Token, resp.Epoch
			entry := "au-" + tc.id
			var ws []record.Write
			for _, fv := range [][2]string{{"action", "exported"}, {"device", old.ID}, {"staff", "s1"}} {
				ws = append(ws, record.Write{Kind: domain.KindAudit, ID: entry, Field: fv[0], Value: fv[1], Stamp: dev.Clock.Now(), Staff: "s1"})
			}
			perr := refusal(t, dev.Push(ws, 100))
			if tc.ok != (perr == nil) {
				t.Errorf("an entry naming the earlier id %q: refusal %v", old.ID, perr)
			}
		})
	}
}
