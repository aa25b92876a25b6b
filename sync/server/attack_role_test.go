package server_test

import (
	"errors"
	"fmt"
	"maps"
	"net/http"
	"strings"
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/internal/testenv"
	"github.com/gather-sp/gather/sync/protocol"
	"github.com/gather-sp/gather/sync/server"
)

// TestAttackReceptionDeskErasesMergesAndSetsRetention: the server knows
// each device's role from the code it enrolled with (an administrator
// chose "reception" for the GP practice's desk). A stolen or misused
// reception desk (organisation scope, role reception) pushed erasures
// (irreversible: the tombstone wins every merge, reaches every device and
// takes their referrals, measures and notes with it), merged anyone into
// anyone (hiding them from every list), and set the retention period
// every administrator's erasure list reads. The app allows these to
// administrators (erasure, the organisation's settings) and link workers
// (merge) only (access.ActionErasePerson, ActionChangeOrgSettings,
// ActionMergePeople); the server refuses them from a device enrolled for
// another role (checkRole), and from one enrolled without a role, which it
// cannot check. The refusal names the device's role and what to do.
func TestAttackReceptionDeskErasesMergesAndSetsRetention(t *testing.T) {
	writes := []struct {
		name         string
		kind         record.Kind
		id           string
		field, value string
		intact       func(env *testenv.Env) bool
	}{
		{"erase a person", domain.KindPerson, "ann", record.FieldErased, "true", func(env *testenv.Env) bool {
			e, err := env.Store.Entity(domain.KindPerson, "ann")
			return err == nil && e.Get("nhs_number") != ""
		}},
		{"merge a person into another", domain.KindPerson, "ann", record.FieldMergedInto, "bob", func(env *testenv.Env) bool {
			e, err := env.Store.Entity(domain.KindPerson, "ann")
			return err == nil && e.Get(record.FieldMergedInto) == ""
		}},
		{"set the retention period", domain.KindSetting, domain.OrgSettingsID, "retention_months", "0", func(env *testenv.Env) bool {
			e, err := env.Store.Entity(domain.KindSetting, domain.OrgSettingsID)
			return err == nil && e.Get("retention_months") == "84"
		}},
	}
	devices := []struct {
		role string
		// taken: the writes (by name) a device of this role may push.
		taken map[string]bool
		// says: what the refusal's message must say.
		says string
	}{
		{domain.RoleReception, nil, "enrolled as reception"},
		{domain.RoleCoordinator, nil, "enrolled as coordinator"},
		{domain.RoleLinkWorker, map[string]bool{"merge a person into another": true}, "enrolled as link worker"},
		{domain.RoleAdministrator, map[string]bool{"erase a person": true, "merge a person into another": true, "set the retention period": true}, ""},
		{"", nil, "enrol it again"},
	}
	for _, d := range devices {
		for _, tc := range writes {
			t.Run(d.role+"/"+tc.name, func(t *testing.T) {
				env := testenv.Start(t, server.Options{})
				org := protocol.Scope{Organisation: true}
				office, err := env.NewRawAs("office", org, domain.RoleAdministrator, nil)
				if err != nil {
					t.Fatal(err)
				}
				var ws []record.Write
				for id, f := range map[string][2]string{"ann": {"Ann", "943 476 5919"}, "bob": {"Bob", "943 476 5927"}} {
					ws = append(ws,
						record.Write{Kind: domain.KindPerson, ID: id, Field: "given_name", Value: f[0], Stamp: office.Clock.Now(), Staff: "admin"},
						record.Write{Kind: domain.KindPerson, ID: id, Field: "nhs_number", Value: f[1], Stamp: office.Clock.Now(), Staff: "admin"})
				}
				ws = append(ws, record.Write{Kind: domain.KindSetting, ID: domain.OrgSettingsID, Field: "retention_months", Value: "84", Stamp: office.Clock.Now(), Staff: "admin"})
				if err := office.Push(ws, 100); err != nil {
					t.Fatal(err)
				}
				desk, err := env.NewRawAs("desk", org, d.role, nil)
				if err != nil {
					t.Fatal(err)
				}
				// The refused write comes after one the device may make:
				// refused_seq names it, so the device sends the first.
				err = desk.Push([]record.Write{
					{Kind: domain.KindPerson, ID: "bob", Field: "preferred_name", Value: "Bobby", Stamp: desk.Clock.Now(), Staff: "rita"},
					{Kind: tc.kind, ID: tc.id, Field: tc.field, Value: tc.value, Stamp: desk.Clock.Now(), Staff: "rita"},
				}, 2)
				if d.taken[tc.name] {
					if err != nil {
						t.Fatalf("a device enrolled as %s may %s, but the push was refused: %v", d.role, tc.name, err)
					}
					if tc.intact(env) {
						t.Errorf("the push was taken but did not %s", tc.name)
					}
					return
				}
				var perr *protocol.Error
				if !errors.As(err, &perr) {
					t.Fatalf("the push from a device enrolled as %q was answered %v, want a refusal", d.role, err)
				}
				if perr.Code != protocol.CodeOutOfScope || perr.RefusedSeq != 2 {
					t.Errorf("refused with %s at change %d, want %s at change 2 (kept on the device and listed as refused)", perr.Code, perr.RefusedSeq, protocol.CodeOutOfScope)
				}
				if !strings.Contains(perr.Message, d.says) || !strings.Contains(perr.Message, "administrator") {
					t.Errorf("the refusal says %q; want it to say %q and who may", perr.Message, d.says)
				}
				if !tc.intact(env) {
					t.Errorf("the device enrolled as %q could %s", d.role, tc.name)
				}
			})
		}
	}
}

// TestRoleRefusalPassesWritesTheServerHolds: a device sends again what
// the server already holds whole (after a server restore, every device
// sends everything it holds, the administrator's erasures and settings
// included): that does nothing, so the device's role does not refuse it.
func TestRoleRefusalPassesWritesTheServerHolds(t *testing.T) {
	env := testenv.Start(t, server.Options{})
	org := protocol.Scope{Organisation: true}
	office, err := env.NewRawAs("office", org, domain.RoleAdministrator, nil)
	if err != nil {
		t.Fatal(err)
	}
	held := record.Write{Kind: domain.KindSetting, ID: domain.OrgSettingsID, Field: "retention_months", Value: "84", Stamp: office.Clock.Now(), Staff: "admin"}
	if err := office.Push([]record.Write{held}, 1); err != nil {
		t.Fatal(err)
	}
	desk, err := env.NewRawAs("desk", org, domain.RoleReception, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := desk.Push([]record.Write{held}, 1); err != nil {
		t.Errorf("the reception desk sending again what the server holds was refused: %v", err)
	}
	changed := held
	changed.Value, changed.Stamp = "0", desk.Clock.Now()
	if err := desk.Push([]record.Write{changed}, 1); err == nil {
		t.Errorf("the reception desk changed the retention period")
	}
}

// TestAttackConflictResolvedByARoleThatDoesNotReview: reviewing conflicts
// is an administrator's and a link worker's (access.ActionReviewConflicts:
// a conflict holds both values of any field, and its decision settles
// which stays). A stolen or misused reception desk or coordinator's
// laptop, which is sent no conflicts, pushed "resolved" onto any conflict
// whose id it had (every desk held them before the server filtered by
// role), and the server took it: the conflict left every reviewer's list
// unreviewed, and the value set aside with it. The server refuses a
// conflict's decision (resolved, resolved_by) from a device whose enrolled
// role may not review conflicts, and from one enrolled without a role; the
// rest of a conflict record, as the server made it, a device that receives
// conflicts may send back (every device sends everything it holds to a
// server restored from a backup). From a role that does not receive them
// it is refused too, held or not (TestAttackDeskProbesAConflictRecordItMayNotRead):
// the server holds it, so nothing is lost.
func TestAttackConflictResolvedByARoleThatDoesNotReview(t *testing.T) {
	for _, role := range []string{domain.RoleReception, domain.RoleCoordinator, "", domain.RoleLinkWorker, domain.RoleAdministrator} {
		mayReview := role == domain.RoleLinkWorker || role == domain.RoleAdministrator
		name := role
		if name == "" {
			name = "no role"
		}
		t.Run(name, func(t *testing.T) {
			env := testenv.Start(t, server.Options{})
			id, held := phoneConflict(t, env)
			desk, err := env.NewRawAs("desk", org, role, nil)
			if err != nil {
				t.Fatal(err)
			}
			// Sent back as the server made it: taken from a role that
			// receives conflicts, and from a device without a role, which
			// receives everything.
			receives := mayReview || role == ""
			restored, err := env.NewRawAs("desk-restored", org, role, nil)
			if err != nil {
				t.Fatal(err)
			}
			if err := restored.Push(held.Writes(), 20); receives != (err == nil) {
				t.Fatalf("a device enrolled as %q sending back the conflict as the server made it was answered %v", role, err)
			}
			err = desk.Push([]record.Write{
				{Kind: domain.KindConflict, ID: id, Field: "resolved", Value: domain.ResolvedWinner, Stamp: desk.Clock.Now(), Staff: "rita"},
				{Kind: domain.KindConflict, ID: id, Field: "resolved_by", Value: "rita", Stamp: desk.Clock.Now(), Staff: "rita"},
			}, 2)
			resolved := func() string {
				e, err := env.Store.Entity(domain.KindConflict, id)
				if err != nil {
					t.Fatal(err)
				}
				return e.Get("resolved")
			}
			if mayReview {
				if err != nil || resolved() != domain.ResolvedWinner {
					t.Fatalf("a device enrolled as %s resolving a conflict: %v, resolved %q", role, err, resolved())
				}
				return
			}
			var perr *protocol.Error
			if !errors.As(err, &perr) || perr.Code != protocol.CodeOutOfScope {
				t.Fatalf("a device enrolled as %q resolving a conflict was answered %v, want a refusal", role, err)
			}
			if !strings.Contains(perr.Message, "resolving a conflict") || !strings.Contains(perr.Message, "link worker") {
				t.Errorf("the refusal says %q; want it to say what was refused and who may", perr.Message)
			}
			if got := resolved(); got != "" {
				t.Errorf("the conflict reads resolved (%q) on the server, from a device enrolled as %q", got, role)
			}
		})
	}
}

// phoneConflict has two administrators' devices set Ann's phone offline,
// and returns the conflict record the server made of it.
func phoneConflict(t *testing.T, env *testenv.Env) (string, *record.Entity) {
	t.Helper()
	office, err := env.NewRawAs("office", org, domain.RoleAdministrator, nil)
	if err != nil {
		t.Fatal(err)
	}
	other, err := env.NewRawAs("office-2", org, domain.RoleAdministrator, nil)
	if err != nil {
		t.Fatal(err)
	}
	won := record.Write{Kind: domain.KindPerson, ID: "ann", Field: "phone", Value: "07700 900123", Stamp: office.Clock.Now(), Staff: "admin"}
	setAside := record.Write{Kind: domain.KindPerson, ID: "ann", Field: "phone", Value: "07700 900999", Stamp: other.Clock.Now(), Staff: "lw"}
	if won.Stamp.Less(setAside.Stamp) {
		won, setAside = setAside, won
	}
	if err := office.Push([]record.Write{won}, 1); err != nil {
		t.Fatal(err)
	}
	if err := other.Push([]record.Write{setAside}, 1); err != nil {
		t.Fatal(err)
	}
	id := domain.ConflictID(&record.Conflict{Kind: domain.KindPerson, ID: "ann", Field: "phone",
		Winner: record.FieldState{Value: won.Value, Stamp: won.Stamp}, Loser: record.FieldState{Value: setAside.Value, Stamp: setAside.Stamp}})
	held, err := env.Store.Entity(domain.KindConflict, id)
	if err != nil || held.Get("field") != "phone" {
		t.Fatalf("the server made no conflict over her phone (%v)", err)
	}
	return id, held
}

// TestAttackReceptionDeskRewritesAConflictRecord: a conflict record is the
// server's account of two writes, and a link worker who keeps "the value
// set aside" writes its loser_value into the record. A reception desk (or
// a device of another role that does not review conflicts) could rewrite
// loser_value, or what the conflict is about, before the link worker
// decided, stamped newer than the server's (as any device, the server
// itself too), so the link worker would write the desk's value into Ann's
// record believing it hers. The server now takes a conflict record's
// fields from such a device only as it holds them (sent back after a
// restore); devices that review conflicts may still write them.
func TestAttackReceptionDeskRewritesAConflictRecord(t *testing.T) {
	for _, role := range []string{domain.RoleReception, domain.RoleCoordinator, ""} {
		name := role
		if name == "" {
			name = "no role"
		}
		t.Run(name, func(t *testing.T) {
			env := testenv.Start(t, server.Options{})
			id, held := phoneConflict(t, env)
			rewrites := []struct{ field, value, stampedBy string }{
				{"loser_value", "09098 790000", "desk"},
				{"loser_value", "09098 790000", server.ServerDevice},
				{"entity_id", "bob", server.ServerDevice},
				{"a_note_the_server_never_made", "x", "desk"},
			}
			for i, rw := range rewrites {
				desk, err := env.NewRawAs(fmt.Sprintf("desk-%d", i), org, role, nil)
				if err != nil {
					t.Fatal(err)
				}
				stamp := desk.Clock.Now()
				stamp.Device = rw.stampedBy
				err = desk.Push([]record.Write{{Kind: domain.KindConflict, ID: id, Field: rw.field, Value: rw.value, Stamp: stamp, Staff: "rita"}}, 1)
				var perr *protocol.Error
				if !errors.As(err, &perr) || perr.Code != protocol.CodeOutOfScope {
					t.Errorf("%s stamped by %s: answered %v, want a refusal", rw.field, rw.stampedBy, err)
				} else if !strings.Contains(perr.Message, "conflict record") || !strings.Contains(perr.Message, "link worker") {
					t.Errorf("the refusal says %q; want it to say what was refused and who may", perr.Message)
				}
			}
			now, err := env.Store.Entity(domain.KindConflict, id)
			if err != nil {
				t.Fatal(err)
			}
			if !maps.Equal(now.Values(), held.Values()) {
				t.Errorf("the conflict record now says %v, was %v", now.Values(), held.Values())
			}
		})
	}
	t.Run("a link worker", func(t *testing.T) {
		env := testenv.Start(t, server.Options{})
		id, _ := phoneConflict(t, env)
		lw, err := env.NewRawAs("laptop", org, domain.RoleLinkWorker, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := lw.Push([]record.Write{{Kind: domain.KindConflict, ID: id, Field: "loser_value", Value: "07700 900998", Stamp: lw.Clock.Now(), Staff: "lw"}}, 1); err != nil {
			t.Errorf("a device that reviews conflicts was refused a conflict's field: %v", err)
		}
	})
}

// TestAttackDeskProbesAConflictRecordItMayNotRead: a conflict record
// holds the values of both writes (here a phone number set aside, kept
// nowhere else), and only roles that review conflicts receive it. A
// coordinator's laptop (which reads no contact details) or a reception
// desk could still ask the server whether it holds a guessed value: a
// conflict record's field sent back exactly as the server holds it passed
// the role check, any other was refused. The stamps are no secret for
// long (a save stamps its fields one after another, and the conflict's id
// and fields are made from the two writes' stamps), and to a push that
// settles refusals one by one the answer named, for thousands of guesses
// in one push, each wrong one, leaving the right one unnamed. A device
// whose role does not receive the record now has every write to it but
// its erasure refused, held or not: refusing what the server holds loses
// nothing.
func TestAttackDeskProbesAConflictRecordItMayNotRead(t *testing.T) {
	for _, role := range []string{domain.RoleCoordinator, domain.RoleReception} {
		t.Run(role, func(t *testing.T) {
			env := testenv.Start(t, server.Options{})
			id, held := phoneConflict(t, env)
			at := held.Fields["loser_value"].Stamp
			guesses := []string{"07700 900997", "07700 900998", held.Get("loser_value"), "07700 901000"}
			desk, err := env.NewRawAs("desk", org, role, nil)
			if err != nil {
				t.Fatal(err)
			}
			req := protocol.PushRequest{Schema: protocol.Schema, Epoch: desk.Epoch, SettlesRefused: true}
			for i, g := range guesses {
				req.Writes = append(req.Writes, protocol.FromRecord(uint64(i+1), record.Write{Kind: domain.KindConflict, ID: id, Field: "loser_value", Value: g, Stamp: at}))
			}
			var resp protocol.PushResponse
			_, err = desk.Do(protocol.PathPush, &req, &resp)
			if err == nil && len(resp.Refused) != len(guesses) {
				t.Errorf("the server refused %d of %d guesses at the phone number set aside: the one it left unnamed is right (%+v)", len(resp.Refused), len(guesses), resp.Refused)
			}
			// One guess a push, as an older client: the right one alone
			// must be refused as a wrong one is.
			older, err := env.NewRawAs("older-desk", org, role, nil)
			if err != nil {
				t.Fatal(err)
			}
			err = older.Push([]record.Write{{Kind: domain.KindConflict, ID: id, Field: "loser_value", Value: held.Get("loser_value"), Stamp: at}}, 1)
			if perr := refusal(t, err); perr == nil {
				t.Error("the right guess alone was taken, where a wrong one is refused")
			}
		})
	}
}

// TestOwnConflictDecisionSentBackAfterReenrolment: a laptop enrolled as a
// link worker's resolves a conflict, and is enrolled again as the
// reception desk's. Sent back as the server holds it (after a restore, the
// device sends everything it holds), its own decision passes: it made the
// write, so passing it tells it nothing, and refusing it would list on
// the desk, as refused, a decision the server has and nobody there can
// act on. A guess at someone else's value stays refused
// (TestAttackDeskProbesAConflictRecordItMayNotRead).
func TestOwnConflictDecisionSentBackAfterReenrolment(t *testing.T) {
	env := testenv.Start(t, server.Options{})
	id, _ := phoneConflict(t, env)
	lw, err := env.NewRawAs("laptop", org, domain.RoleLinkWorker, nil)
	if err != nil {
		t.Fatal(err)
	}
	decision := []record.Write{
		{Kind: domain.KindConflict, ID: id, Field: "resolved", Value: domain.ResolvedWinner, Stamp: lw.Clock.Now(), Staff: "lw"},
		{Kind: domain.KindConflict, ID: id, Field: "resolved_by", Value: "lw", Stamp: lw.Clock.Now(), Staff: "lw"},
	}
	if err := lw.Push(decision, 2); err != nil {
		t.Fatal(err)
	}
	// The same store enrolling again, with its token, keeps its id.
	desk := &testenv.Raw{URL: env.URL, ID: lw.ID, HTTP: http.DefaultClient, Clock: lw.Clock}
	var enrolled protocol.EnrolResponse
	if _, err := desk.Do(protocol.PathEnrol, &protocol.EnrolRequest{Schema: protocol.Schema, Code: env.CodeAs(org, domain.RoleReception),
		DeviceID: lw.ID, Token: lw.Token}, &enrolled); err != nil || enrolled.Role != domain.RoleReception {
		t.Fatalf("enrolling the laptop again as the desk's: %+v, %v", enrolled, err)
	}
	desk.Token, desk.Epoch = enrolled.Token, enrolled.Epoch
	if err := desk.Push(decision, 2); err != nil {
		t.Errorf("the desk sending back its own decision as the server holds it was refused: %v", err)
	}
}
