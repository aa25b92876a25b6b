package server_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/hlc"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/internal/testenv"
	"github.com/gather-sp/gather/sync/protocol"
	"github.com/gather-sp/gather/sync/server"
)

// TestRoleConflictResolutionNeedsTheRoleOfItsRecord: resolving a conflict
// decides the value of the field it is about (domain.ResolveConflict), so
// the server takes the resolution only from a device enrolled for a role
// that may write that field (access.ActionToResolve, checkRole): one over
// the organisation's settings from an administrator's device, one over a
// merge from a device that may merge. Refusing only the set-aside value
// written back left every device showing the conflict resolved with it
// while the server kept the other. Neither may a device make the
// conflict about something else first, in the same push: the server
// holds what it made the conflict about.
func TestRoleConflictResolutionNeedsTheRoleOfItsRecord(t *testing.T) {
	subjects := []struct {
		name          string
		kind          record.Kind
		id, field     string
		winner, loser string
		mayResolve    map[string]bool // by the role the device was enrolled for
		refusalNames  string
	}{
		{"the follow-up interval", domain.KindSetting, domain.OrgSettingsID, "follow_up_weeks", "6", "5",
			map[string]bool{domain.RoleAdministrator: true}, "changing the organisation's settings"},
		{"a merge", domain.KindPerson, "ann", record.FieldMergedInto, "bob", "cat",
			map[string]bool{domain.RoleAdministrator: true, domain.RoleLinkWorker: true}, "merging people's records"},
		{"a person's name", domain.KindPerson, "ann", "given_name", "Ann", "Anne",
			map[string]bool{domain.RoleAdministrator: true, domain.RoleLinkWorker: true}, ""},
	}
	resolutions := []struct {
		name string
		// writes are the device's, to conflict c (its id) over subject s.
		writes func(c domain.Conflict, at func() hlc.Timestamp) []record.Write
		// refusedSeq is the change refused, when it is.
		refusedSeq uint64
	}{
		{"keep the value Gather kept", func(c domain.Conflict, at func() hlc.Timestamp) []record.Write {
			return resolutionWrites(domain.ResolveConflict(c, false, "lw"), at)
		}, 1},
		{"keep the value set aside", func(c domain.Conflict, at func() hlc.Timestamp) []record.Write {
			return resolutionWrites(domain.ResolveConflict(c, true, "lw"), at)
		}, 1},
		{"keep the value Gather kept, sent after the value set aside was refused", func(c domain.Conflict, at func() hlc.Timestamp) []record.Write {
			return resolutionWrites(domain.ResolveConflict(c, true, "lw")[1:], at)
		}, 1},
		{"say the conflict is about a referral's status first", func(c domain.Conflict, at func() hlc.Timestamp) []record.Write {
			return resolutionWrites([]record.Change{
				{Kind: domain.KindConflict, ID: c.ID, Fields: map[string]string{"entity_kind": string(domain.KindReferral)}},
				{Kind: domain.KindConflict, ID: c.ID, Fields: map[string]string{"field": "status"}},
				{Kind: domain.KindConflict, ID: c.ID, Fields: map[string]string{"resolved": domain.ResolvedLoser}},
			}, at)
		}, 1},
	}
	for _, s := range subjects {
		for _, role := range []string{domain.RoleAdministrator, domain.RoleLinkWorker, ""} {
			if role == "" && s.refusalNames == "" {
				// No conflict's decision is taken from a device without a
				// role: TestAttackConflictResolvedByARoleThatDoesNotReview.
				continue
			}
			for _, r := range resolutions {
				t.Run(s.name+"/"+role+"/"+r.name, func(t *testing.T) {
					env := testenv.Start(t, server.Options{})
					org := protocol.Scope{Organisation: true}
					office, err := env.NewRawAs("office", org, domain.RoleAdministrator, nil)
					if err != nil {
						t.Fatal(err)
					}
					// Two administrators' offices change the field while apart:
					// the later wins, the other is set aside in a conflict.
					setAside := record.Write{Kind: s.kind, ID: s.id, Field: s.field, Value: s.loser, Stamp: office.Clock.Now(), Staff: "admin2"}
					won := record.Write{Kind: s.kind, ID: s.id, Field: s.field, Value: s.winner, Stamp: office.Clock.Now(), Staff: "admin"}
					if err := office.Push([]record.Write{won, setAside}, 2); err != nil {
						t.Fatal(err)
					}
					c := domain.Conflict{ID: domain.ConflictID(&record.Conflict{Kind: s.kind, ID: s.id, Field: s.field,
						Winner: record.FieldState{Value: won.Value, Stamp: won.Stamp, Staff: won.Staff},
						Loser:  record.FieldState{Value: setAside.Value, Stamp: setAside.Stamp, Staff: setAside.Staff}}),
						EntityKind: string(s.kind), EntityID: s.id, Field: s.field, WinnerValue: s.winner, LoserValue: s.loser}
					if e, err := env.Store.Entity(domain.KindConflict, c.ID); err != nil || e.Get("field") != s.field {
						t.Fatalf("the server made no conflict over %s (%v)", s.name, err)
					}
					desk, err := env.NewRawAs("desk", org, role, nil)
					if err != nil {
						t.Fatal(err)
					}
					err = desk.Push(r.writes(c, desk.Clock.Now), 10)
					resolved := func() string {
						e, err := env.Store.Entity(domain.KindConflict, c.ID)
						if err != nil {
							t.Fatal(err)
						}
						return e.Get("resolved")
					}
					if s.mayResolve[role] {
						if err != nil {
							t.Fatalf("a device enrolled as %q may resolve a conflict over %s, but was refused: %v", role, s.name, err)
						}
						if resolved() == "" {
							t.Errorf("the push was taken but the conflict is not resolved")
						}
						return
					}
					var perr *protocol.Error
					if !errors.As(err, &perr) {
						t.Fatalf("a device enrolled as %q resolving a conflict over %s was answered %v, want a refusal", role, s.name, err)
					}
					if perr.Code != protocol.CodeOutOfScope || perr.RefusedSeq != r.refusedSeq {
						t.Errorf("refused with %s at change %d, want %s at change %d", perr.Code, perr.RefusedSeq, protocol.CodeOutOfScope, r.refusedSeq)
					}
					if !strings.Contains(perr.Message, s.refusalNames) || !strings.Contains(perr.Message, "administrator") {
						t.Errorf("the refusal says %q; want it to name %q and who may", perr.Message, s.refusalNames)
					}
					if got := resolved(); got != "" {
						t.Errorf("the conflict over %s reads resolved (%q) on the server, from a device enrolled as %q", s.name, got, role)
					}
					if e, _ := env.Store.Entity(s.kind, s.id); e.Get(s.field) != s.winner {
						t.Errorf("%s is %q on the server, want %q kept", s.name, e.Get(s.field), s.winner)
					}
				})
			}
		}
	}
}

// TestRoleConflictMadeUpOverASetting: a device that writes a conflict
// record of its own, about a setting and resolved, is refused as if it
// resolved one the server made: no device shows a setting's conflict
// resolved that an administrator's device did not resolve.
func TestRoleConflictMadeUpOverASetting(t *testing.T) {
	env := testenv.Start(t, server.Options{})
	org := protocol.Scope{Organisation: true}
	desk, err := env.NewRawAs("laptop", org, domain.RoleLinkWorker, nil)
	if err != nil {
		t.Fatal(err)
	}
	ws := resolutionWrites([]record.Change{{Kind: domain.KindConflict, ID: "made-up", Fields: map[string]string{
		"resolved": domain.ResolvedLoser, "entity_kind": string(domain.KindSetting), "entity_id": domain.OrgSettingsID, "field": "follow_up_weeks",
		"loser_value": "1",
	}}}, desk.Clock.Now)
	var perr *protocol.Error
	if err := desk.Push(ws, 10); !errors.As(err, &perr) || perr.Code != protocol.CodeOutOfScope {
		t.Fatalf("a link worker's laptop making up a resolved conflict over a setting was answered %v, want a refusal", err)
	}
	if e, _ := env.Store.Entity(domain.KindConflict, "made-up"); len(e.Fields) > 0 {
		t.Errorf("the server keeps the made-up conflict: %v", e.Fields)
	}
}

// resolutionWrites are the writes of changes, each field stamped at().
func resolutionWrites(changes []record.Change, at func() hlc.Timestamp) []record.Write {
	var ws []record.Write
	for _, ch := range changes {
		for f, v := range ch.Fields {
			ws = append(ws, record.Write{Kind: ch.Kind, ID: ch.ID, Field: f, Value: v, Stamp: at(), Staff: "lw"})
		}
	}
	return ws
}
