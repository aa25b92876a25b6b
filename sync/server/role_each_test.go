package server_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/protocol"
)

// TestRoleRefusalsOneByOneSaveTheRest: a reception desk's batch holds two
// writes its role may not make (a merge, the retention period) among two
// it may. To a device that settles refusals one by one
// (PushRequest.SettlesRefused) the server names both in one answer,
// acknowledges the batch and saves the other two, and nothing of the
// refused; to one that does not (an older client) it refuses the whole
// batch at the first, as before, and saves nothing.
func TestRoleRefusalsOneByOneSaveTheRest(t *testing.T) {
	for _, settles := range []bool{true, false} {
		name := "an older client"
		if settles {
			name = "settles one by one"
		}
		t.Run(name, func(t *testing.T) {
			f := newFixture(t)
			admin := newRawAs(t, f.env, "admin", org, domain.RoleAdministrator)
			ac := admin.Clock
			if err := admin.Push([]record.Write{
				{Kind: domain.KindPerson, ID: "ann", Field: "given_name", Value: "Ann", Stamp: ac.Now(), Staff: "boss"},
				{Kind: domain.KindPerson, ID: "bob", Field: "given_name", Value: "Bob", Stamp: ac.Now(), Staff: "boss"},
				{Kind: domain.KindSetting, ID: domain.OrgSettingsID, Field: "retention_months", Value: "84", Stamp: ac.Now(), Staff: "boss"},
			}, 10); err != nil {
				t.Fatal(err)
			}
			desk := newRawAs(t, f.env, "desk", org, domain.RoleReception)
			dc := desk.Clock
			ws := []record.Write{
				{Kind: domain.KindPerson, ID: "ann", Field: "given_name", Value: "Annie", Stamp: dc.Now(), Staff: "rec"},
				{Kind: domain.KindPerson, ID: "ann", Field: record.FieldMergedInto, Value: "bob", Stamp: dc.Now(), Staff: "rec"},
				{Kind: domain.KindPerson, ID: "bob", Field: "given_name", Value: "Bobby", Stamp: dc.Now(), Staff: "rec"},
				{Kind: domain.KindSetting, ID: domain.OrgSettingsID, Field: "retention_months", Value: "0", Stamp: dc.Now(), Staff: "rec"},
			}
			req := protocol.PushRequest{Schema: protocol.Schema, Epoch: desk.Epoch, SettlesRefused: settles}
			for i, w := range ws {
				req.Writes = append(req.Writes, protocol.FromRecord(uint64(i+1), w))
			}
			var resp protocol.PushResponse
			_, err := desk.Do(protocol.PathPush, &req, &resp)
			held := func(kind record.Kind, id, field string) string {
				e, err := f.env.Store.Entity(kind, id)
				if err != nil {
					t.Fatal(err)
				}
				return e.Get(field)
			}
			if held(domain.KindPerson, "ann", record.FieldMergedInto) != "" || held(domain.KindSetting, domain.OrgSettingsID, "retention_months") != "84" {
				t.Fatal("the server took a merge or the retention period from a reception desk")
			}
			if !settles {
				var perr *protocol.Error
				if !errors.As(err, &perr) || perr.Code != protocol.CodeOutOfScope || perr.RefusedSeq != 2 {
					t.Fatalf("an older client's batch was answered %+v, %v; want refused at write 2", resp, err)
				}
				if held(domain.KindPerson, "ann", "given_name") != "Ann" {
					t.Error("the server saved part of a batch it refused")
				}
				return
			}
			if err != nil {
				t.Fatalf("the batch was refused whole: %v", err)
			}
			seqs := func() []uint64 {
				var out []uint64
				for _, r := range resp.Refused {
					out = append(out, r.Seq)
					if r.Code != protocol.CodeOutOfScope || r.Message == "" {
						t.Errorf("refusal %+v: want out_of_scope, in words", r)
					}
				}
				return out
			}()
			if !slices.Equal(seqs, []uint64{2, 4}) || resp.AckedSeq != 4 || resp.Applied != 2 {
				t.Errorf("answered refused %v, acked %d, applied %d; want refused [2 4], acked 4, applied 2", seqs, resp.AckedSeq, resp.Applied)
			}
			if held(domain.KindPerson, "ann", "given_name") != "Annie" || held(domain.KindPerson, "bob", "given_name") != "Bobby" {
				t.Error("the server did not save the writes the desk may make")
			}
		})
	}
}
