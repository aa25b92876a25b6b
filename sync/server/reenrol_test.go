package server_test

import (
	"errors"
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/internal/testenv"
	"github.com/gather-sp/gather/sync/protocol"
	"github.com/gather-sp/gather/sync/server"
)

// TestReenrolledDeviceIsNotServedFromItsOldCursor: a tablet at the garden
// that has pulled everything is enrolled again for the arts centre. A
// cursor from before (as a client that keeps its cursor across
// enrolments sends) is answered "fetch everything afresh", or the arts
// centre's older records would never reach it; a push carrying that
// cursor does not make the server believe the tablet holds them (no
// echo); its pull from the start brings them, and later pulls go on as
// usual.
func TestReenrolledDeviceIsNotServedFromItsOldCursor(t *testing.T) {
	env := testenv.Start(t, server.Options{})
	v1, v2 := env.Venue("v1", "Community Garden"), env.Venue("v2", "Arts Centre")
	office, err := env.NewRaw("office", org, nil)
	if err != nil {
		t.Fatal(err)
	}
	ws := append(testenv.ActivityWrites(office.Clock, v1, "garden", "staff"), testenv.ActivityWrites(office.Clock, v2, "craft", "staff")...)
	if err := office.Push(ws, 100); err != nil {
		t.Fatal(err)
	}
	tablet, err := env.NewRaw("tablet", protocol.Scope{Venues: []string{v1}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, cursor, err := tablet.PullAll(0)
	if err != nil || cursor == 0 {
		t.Fatalf("first pull: cursor %d, %v", cursor, err)
	}

	var enrolled protocol.EnrolResponse
	if _, err := tablet.Do(protocol.PathEnrol, &protocol.EnrolRequest{Schema: protocol.Schema, Code: env.Code(protocol.Scope{Venues: []string{v2}}),
		DeviceID: "tablet", Token: tablet.Token}, &enrolled); err != nil {
		t.Fatalf("enrol again: %v", err)
	}
	tablet.Token = enrolled.Token

	var page protocol.PullResponse
	_, err = tablet.Do(protocol.PathPull, &protocol.PullRequest{Schema: protocol.Schema, Epoch: tablet.Epoch, After: cursor}, &page)
	var perr *protocol.Error
	if !errors.As(err, &perr) || perr.Code != protocol.CodeEpochChanged || perr.Epoch != tablet.Epoch {
		t.Fatalf("a pull after the old enrolment's cursor: %+v, %v; want %s", page, err, protocol.CodeEpochChanged)
	}

	// The tablet renames the craft club, which it has never received,
	// sending its old cursor and its store's instance.
	rename := record.Write{Kind: domain.KindActivity, ID: "craft", Field: "name", Value: "Craft afternoon", Stamp: tablet.Clock.Now(), Staff: "staff"}
	push := protocol.PushRequest{Schema: protocol.Schema, Epoch: tablet.Epoch, Instance: "opening-1", Cursor: cursor,
		Writes: []protocol.Write{protocol.FromRecord(1, rename)}}
	var pushed protocol.PushResponse
	if _, err := tablet.Do(protocol.PathPush, &push, &pushed); err != nil {
		t.Fatalf("push: %v", err)
	}

	got := map[string]map[string]string{}
	var after uint64
	for {
		var resp protocol.PullResponse
		if _, err := tablet.Do(protocol.PathPull, &protocol.PullRequest{Schema: protocol.Schema, Epoch: tablet.Epoch, After: after, Instance: "opening-1"}, &resp); err != nil {
			t.Fatalf("pull from %d: %v", after, err)
		}
		for _, pe := range resp.Entities {
			e, err := record.DecodeEntity(record.Kind(pe.Kind), pe.ID, pe.State, nil)
			if err != nil {
				t.Fatal(err)
			}
			got[pe.Kind+"/"+pe.ID] = map[string]string{"name": e.Get("name"), "venue_id": e.Get("venue_id")}
		}
		after = resp.Next
		if !resp.More {
			break
		}
	}
	if c := got[string(domain.KindActivity)+"/craft"]; c["venue_id"] != v2 || c["name"] != "Craft afternoon" {
		t.Errorf("the arts centre's activity reached the tablet as %v, want venue %s, renamed", c, v2)
	}
	if _, ok := got[string(domain.KindActivity)+"/garden"]; ok {
		t.Error("the garden's activity reached the tablet at the arts centre")
	}
	// Pulled from the start: its cursors are this enrolment's now.
	if _, err := tablet.Do(protocol.PathPull, &protocol.PullRequest{Schema: protocol.Schema, Epoch: tablet.Epoch, After: after}, &page); err != nil {
		t.Fatalf("a pull after the new cursor: %v", err)
	}
}
