package server_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/protocol"
)

// pushSettling sends ws as dev's first push, numbered from 1, saying
// whether it settles refusals one by one, and returns the answer and the
// refusal of the batch, if any.
func pushSettling(t *testing.T, dev interface {
	Do(string, any, any) (int, error)
}, epoch string, settles bool, ws []record.Write) (protocol.PushResponse, *protocol.Error) {
	t.Helper()
	req := protocol.PushRequest{Schema: protocol.Schema, Epoch: epoch, SettlesRefused: settles}
	for i, w := range ws {
		req.Writes = append(req.Writes, protocol.FromRecord(uint64(i+1), w))
	}
	var resp protocol.PushResponse
	_, err := dev.Do(protocol.PathPush, &req, &resp)
	return resp, refusal(t, err)
}

// TestScopeRefusalsOneByOneSaveTheRest: a venue tablet's batch holds
// writes a venue device may never make, of records it is sent (Ann's
// merged_into and photo_consent, the service's name in the settings),
// among writes it may (Ann's card, an activity of its venue, a walk-in).
// To a device that settles refusals one by one the server names the three
// in one answer, acknowledges the batch and saves the rest; to an older
// client it refuses the whole batch at the first, as before.
func TestScopeRefusalsOneByOneSaveTheRest(t *testing.T) {
	for _, settles := range []bool{true, false} {
		name := "an older client"
		if settles {
			name = "settles one by one"
		}
		t.Run(name, func(t *testing.T) {
			f := newFixture(t)
			admin := newRawAs(t, f.env, "admin", org, domain.RoleAdministrator)
			oc := admin.Clock
			if err := admin.Push([]record.Write{
				{Kind: domain.KindPerson, ID: "ann", Field: "given_name", Value: "Ann", Stamp: oc.Now(), Staff: "boss"},
				{Kind: domain.KindEnrolment, ID: domain.EnrolmentID("a1", "ann"), Field: "venue_id", Value: f.v1, Stamp: oc.Now(), Staff: "boss"},
				{Kind: domain.KindSetting, ID: domain.OrgSettingsID, Field: "service_name", Value: "Gather", Stamp: oc.Now(), Staff: "boss"},
			}, 10); err != nil {
				t.Fatal(err)
			}
			tc := f.clock
			ws := []record.Write{
				{Kind: domain.KindPerson, ID: "ann", Field: "given_name", Value: "Annie", Stamp: tc.Now(), Staff: "s"},
				{Kind: domain.KindPerson, ID: "ann", Field: record.FieldMergedInto, Value: "bob", Stamp: tc.Now(), Staff: "s"},
				{Kind: domain.KindActivity, ID: "a1", Field: "name", Value: "Garden club", Stamp: tc.Now(), Staff: "s"},
				{Kind: domain.KindPerson, ID: "ann", Field: "photo_consent", Value: "yes", Stamp: tc.Now(), Staff: "s"},
				{Kind: domain.KindSetting, ID: domain.OrgSettingsID, Field: "service_name", Value: "Mine", Stamp: tc.Now(), Staff: "s"},
				{Kind: domain.KindPerson, ID: "nia", Field: "given_name", Value: "Nia", Stamp: tc.Now(), Staff: "s"},
			}
			resp, perr := pushSettling(t, f.tablet, f.tablet.Epoch, settles, ws)
			held := func(kind record.Kind, id, field string) string {
				t.Helper()
				e, err := f.env.Store.Entity(kind, id)
				if err != nil {
					t.Fatal(err)
				}
				return e.Get(field)
			}
			if held(domain.KindPerson, "ann", record.FieldMergedInto) != "" || held(domain.KindPerson, "ann", "photo_consent") != "" ||
				held(domain.KindSetting, domain.OrgSettingsID, "service_name") != "Gather" {
				t.Fatal("the server took from a venue tablet a write no venue device makes")
			}
			if !settles {
				if perr == nil || perr.Code != protocol.CodeOutOfScope || perr.RefusedSeq != 2 {
					t.Fatalf("an older client's batch was answered %+v, %+v; want refused at write 2", resp, perr)
				}
				if held(domain.KindPerson, "ann", "given_name") != "Ann" {
					t.Error("the server saved part of a batch it refused")
				}
				return
			}
			if perr != nil {
				t.Fatalf("the batch was refused whole: %+v", perr)
			}
			var seqs []uint64
			for _, r := range resp.Refused {
				seqs = append(seqs, r.Seq)
				if r.Code != protocol.CodeOutOfScope || !strings.Contains(r.Message, "saved the rest") {
					t.Errorf("refusal %+v: want out_of_scope, saying the rest was saved", r)
				}
			}
			if !slices.Equal(seqs, []uint64{2, 4, 5}) || resp.AckedSeq != 6 || resp.Applied != 3 {
				t.Errorf("answered refused %v, acked %d, applied %d; want refused [2 4 5], acked 6, applied 3", seqs, resp.AckedSeq, resp.Applied)
			}
			if held(domain.KindPerson, "ann", "given_name") != "Annie" || held(domain.KindActivity, "a1", "name") != "Garden club" ||
				held(domain.KindPerson, "nia", "given_name") != "Nia" {
				t.Error("the server did not save the writes the tablet may make")
			}
		})
	}
}

// TestAttackTabletProbesAPersonItIsNotSentOneByOne: a venue tablet that
// settles refusals one by one sends, for a person of another venue, four
// guesses at their merged_into stamped as the server's. Listed one by one,
// the guess left unnamed would be the one the server holds, thousands a
// push; of a record the tablet is not sent, a refusal still refuses the
// whole batch at its write, so it learns one guess a push at most, as an
// older client does, and in words that name no venue or person.
func TestAttackTabletProbesAPersonItIsNotSentOneByOne(t *testing.T) {
	f := newFixture(t)
	admin := newRawAs(t, f.env, "admin", org, domain.RoleAdministrator)
	merge := record.Write{Kind: domain.KindPerson, ID: "zed", Field: record.FieldMergedInto, Value: "zoe", Stamp: admin.Clock.Now(), Staff: "boss"}
	if err := admin.Push([]record.Write{merge}, 10); err != nil {
		t.Fatal(err)
	}
	var guesses []record.Write
	for _, g := range []string{"amy", "ben", "cal", "dan"} {
		w := merge
		w.Value = g
		guesses = append(guesses, w)
	}
	resp, perr := pushSettling(t, f.tablet, f.tablet.Epoch, true, guesses)
	if perr == nil || perr.RefusedSeq != 1 || len(resp.Refused) != 0 {
		t.Fatalf("guesses at the merge of a person of another venue were answered %+v, %+v; want the batch refused at the first", resp, perr)
	}
	for _, hidden := range []string{f.v2, "Zed", "zoe"} {
		if strings.Contains(perr.Message, hidden) {
			t.Errorf("the refusal names %q: %s", hidden, perr.Message)
		}
	}
	// The right guess first passes as held; the next is refused at its
	// write: one guess a push, as before.
	guesses[0].Value = "zoe"
	if _, perr := pushSettling(t, f.tablet, f.tablet.Epoch, true, guesses); perr == nil || perr.RefusedSeq != 2 {
		t.Fatalf("answered %+v; want the batch refused at write 2", perr)
	}
}

// TestScopeRefusalsThatStillRefuseTheBatch: to a venue tablet that
// settles refusals one by one, two refusals still refuse the whole batch
// at their write, after a write refused alone (Ann's merge): putting on
// the register a person of another venue (whether the id is held
// elsewhere; listed alone, thousands of ids a push would be confirmed),
// and a mark of an activity the server does not hold (activity_unknown:
// the write waits on the device). Nothing of the batch is saved.
func TestScopeRefusalsThatStillRefuseTheBatch(t *testing.T) {
	for _, tc := range []struct {
		name string
		last func(f *fixture) record.Write
		code string
	}{
		{"an enrolment of a person of another venue", func(f *fixture) record.Write {
			return record.Write{Kind: domain.KindEnrolment, ID: domain.EnrolmentID("a1", "zed"), Field: "venue_id", Value: f.v1}
		}, protocol.CodeOutOfScope},
		{"a mark of an activity the server does not hold", func(f *fixture) record.Write {
			return record.Write{Kind: domain.KindAttendance, ID: domain.AttendanceID(domain.SessionID("a9", "2026-11-20"), "ann"), Field: "status", Value: "present"}
		}, protocol.CodeActivityUnknown},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			admin := newRawAs(t, f.env, "admin", org, domain.RoleAdministrator)
			if err := admin.Push([]record.Write{
				{Kind: domain.KindPerson, ID: "ann", Field: "given_name", Value: "Ann", Stamp: admin.Clock.Now(), Staff: "boss"},
				{Kind: domain.KindEnrolment, ID: domain.EnrolmentID("a1", "ann"), Field: "venue_id", Value: f.v1, Stamp: admin.Clock.Now(), Staff: "boss"},
			}, 10); err != nil {
				t.Fatal(err)
			}
			last := tc.last(f)
			last.Stamp, last.Staff = f.clock.Now(), "s"
			ws := []record.Write{
				{Kind: domain.KindPerson, ID: "ann", Field: "given_name", Value: "Annie", Stamp: f.clock.Now(), Staff: "s"},
				{Kind: domain.KindPerson, ID: "ann", Field: record.FieldMergedInto, Value: "bob", Stamp: f.clock.Now(), Staff: "s"},
				last,
			}
			resp, perr := pushSettling(t, f.tablet, f.tablet.Epoch, true, ws)
			if perr == nil || perr.Code != tc.code || perr.RefusedSeq != 3 || len(resp.Refused) != 0 {
				t.Fatalf("answered %+v, %+v; want %s at write 3, the batch refused", resp, perr, tc.code)
			}
			if e, err := f.env.Store.Entity(domain.KindPerson, "ann"); err != nil || e.Get("given_name") != "Ann" {
				t.Errorf("the server saved part of a batch it refused (%v)", err)
			}
		})
	}
}
