package server_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/internal/testenv"
	"github.com/gather-sp/gather/sync/protocol"
	"github.com/gather-sp/gather/sync/server"
)

// settlingPush sends ws in one push from a device that settles refusals
// one by one, as the app does, numbered from 1.
func settlingPush(t *testing.T, d *testenv.Raw, ws []record.Write) (protocol.PushResponse, error) {
	t.Helper()
	req := protocol.PushRequest{Schema: protocol.Schema, Epoch: d.Epoch, SettlesRefused: true}
	for i, w := range ws {
		req.Writes = append(req.Writes, protocol.FromRecord(uint64(i+1), w))
	}
	var resp protocol.PushResponse
	_, err := d.Do(protocol.PathPush, &req, &resp)
	return resp, err
}

// TestAttackDeviceMakesANewAdministrator: any organisation device may put
// a new member of staff on record, but only a device enrolled for a role
// that manages staff may make them an administrator. Otherwise a
// reception desk could add administrators nobody has a PIN for: the
// organisation's last real administrator would no longer be its last on
// record, and could be lowered or removed (checkLastAdministrator), and
// every administrator's staff list would show one more. The rest of the
// new record is taken; the role is refused alone, in words that say what
// and where. The organisation's first administrator is taken from any
// device: the server holds none to lower.
func TestAttackDeviceMakesANewAdministrator(t *testing.T) {
	org := protocol.Scope{Organisation: true}
	for _, held := range []bool{true, false} {
		for _, role := range []string{domain.RoleReception, domain.RoleLinkWorker, "", domain.RoleAdministrator} {
			name := role + "/an administrator on record"
			if !held {
				name = role + "/none on record yet"
			}
			t.Run(name, func(t *testing.T) {
				env := testenv.Start(t, server.Options{})
				if held {
					office, err := env.NewRawAs("office", org, domain.RoleAdministrator, nil)
					if err != nil {
						t.Fatal(err)
					}
					if err := office.Push([]record.Write{
						{Kind: domain.KindStaff, ID: "ada", Field: "name", Value: "Ada", Stamp: office.Clock.Now(), Staff: "ada"},
						{Kind: domain.KindStaff, ID: "ada", Field: "role", Value: domain.RoleAdministrator, Stamp: office.Clock.Now(), Staff: "ada"},
					}, 10); err != nil {
						t.Fatal(err)
					}
				}
				desk, err := env.NewRawAs("desk", org, role, nil)
				if err != nil {
					t.Fatal(err)
				}
				resp, err := settlingPush(t, desk, []record.Write{
					{Kind: domain.KindStaff, ID: "rita", Field: "name", Value: "Rita", Stamp: desk.Clock.Now(), Staff: "rita"},
					{Kind: domain.KindStaff, ID: "rita", Field: "deleted", Value: "", Stamp: desk.Clock.Now(), Staff: "rita"},
					{Kind: domain.KindStaff, ID: "rita", Field: "role", Value: domain.RoleAdministrator, Stamp: desk.Clock.Now(), Staff: "rita"},
				})
				if err != nil {
					t.Fatalf("the push was refused whole: %v", err)
				}
				e, err := env.Store.Entity(domain.KindStaff, "rita")
				if err != nil {
					t.Fatal(err)
				}
				if e.Get("name") != "Rita" {
					t.Errorf("the new record's name was not taken: %q", e.Get("name"))
				}
				if role == domain.RoleAdministrator || !held {
					if e.Get("role") != domain.RoleAdministrator || len(resp.Refused) != 0 {
						t.Errorf("Rita's role on the server is %q, refused %+v; want administrator, taken", e.Get("role"), resp.Refused)
					}
					return
				}
				if e.Get("role") != "" {
					t.Errorf("a device enrolled as %q made Rita %q on the server", role, e.Get("role"))
				}
				if len(resp.Refused) != 1 || resp.Refused[0].Seq != 3 {
					t.Fatalf("refused %+v, want the role alone (change 3)", resp.Refused)
				}
				for _, s := range []string{"giving someone the administrator role", "needs a device enrolled for administrator", "stays on this device"} {
					if !strings.Contains(resp.Refused[0].Message, s) {
						t.Errorf("the refusal does not say %q: %q", s, resp.Refused[0].Message)
					}
				}
			})
		}
	}
}

// TestAttackDeskAddsAnAdministratorSoTheLastCanGo: a reception desk adds
// an administrator nobody has a PIN for; Ada, the only real one, is then
// still the last on record, and lowering her is refused.
func TestAttackDeskAddsAnAdministratorSoTheLastCanGo(t *testing.T) {
	env := testenv.Start(t, server.Options{})
	org := protocol.Scope{Organisation: true}
	office, err := env.NewRawAs("office", org, domain.RoleAdministrator, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := office.Push([]record.Write{
		{Kind: domain.KindStaff, ID: "ada", Field: "role", Value: domain.RoleAdministrator, Stamp: office.Clock.Now(), Staff: "ada"},
	}, 1); err != nil {
		t.Fatal(err)
	}
	desk, err := env.NewRawAs("desk", org, domain.RoleReception, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Stamped as the office's: the stamp is the device's word.
	if _, err := settlingPush(t, desk, []record.Write{
		{Kind: domain.KindStaff, ID: "ghost", Field: "name", Value: "Ghost", Stamp: office.Clock.Now(), Staff: "ada"},
		{Kind: domain.KindStaff, ID: "ghost", Field: "role", Value: domain.RoleAdministrator, Stamp: office.Clock.Now(), Staff: "ada"},
	}); err != nil {
		t.Fatal(err)
	}
	err = office.Push([]record.Write{
		{Kind: domain.KindStaff, ID: "ada", Field: "role", Value: domain.RoleVolunteer, Stamp: office.Clock.Now(), Staff: "ada"},
	}, 1)
	var perr *protocol.Error
	if !errors.As(err, &perr) || !strings.Contains(perr.Message, "last administrator") {
		t.Errorf("lowering Ada after the desk added Ghost: %v, want refused as the last administrator", err)
	}
	if e, _ := env.Store.Entity(domain.KindStaff, "ada"); e.Get("role") != domain.RoleAdministrator {
		t.Errorf("Ada's role on the server is %q", e.Get("role"))
	}
}

// TestAttackDeskMakesSeveralFirstAdministrators: while the organisation
// has no administrator on record, any device may make one, its first
// (makesNewAdministrator). A reception desk sending several new members
// of staff in one batch, each an administrator, made them all "the
// first": the server asked once a batch whether one was on record. Only
// the first is taken; every further one is refused as from any desk once
// the organisation has an administrator: alone to a device that settles
// refusals one by one (the rest of their records taken), else the batch
// whole at the second. A first administrator whose role the batch writes
// twice is still one.
func TestAttackDeskMakesSeveralFirstAdministrators(t *testing.T) {
	staff := func(desk *testenv.Raw, id, field, value string) record.Write {
		return record.Write{Kind: domain.KindStaff, ID: id, Field: field, Value: value, Stamp: desk.Clock.Now(), Staff: id}
	}
	roles := func(t *testing.T, env *testenv.Env, ids ...string) map[string]string {
		t.Helper()
		out := map[string]string{}
		for _, id := range ids {
			e, err := env.Store.Entity(domain.KindStaff, id)
			if err != nil {
				t.Fatal(err)
			}
			out[id] = e.Get("role")
		}
		return out
	}
	refusedWords := []string{"giving someone the administrator role", "needs a device enrolled for administrator", "stays on this device"}

	t.Run("settles refusals one by one", func(t *testing.T) {
		env := testenv.Start(t, server.Options{})
		desk, err := env.NewRawAs("desk", org, domain.RoleReception, nil)
		if err != nil {
			t.Fatal(err)
		}
		var ws []record.Write
		for _, id := range []string{"ann", "bob", "cy"} {
			ws = append(ws, staff(desk, id, "name", id), staff(desk, id, "role", domain.RoleAdministrator))
		}
		ws = append(ws, staff(desk, "ann", "role", domain.RoleAdministrator)) // Ann's role again
		resp, err := settlingPush(t, desk, ws)
		if err != nil {
			t.Fatalf("the push was refused whole: %v", err)
		}
		got := roles(t, env, "ann", "bob", "cy")
		want := map[string]string{"ann": domain.RoleAdministrator, "bob": "", "cy": ""}
		for id := range want {
			if got[id] != want[id] {
				t.Errorf("%s's role on the server is %q, want %q", id, got[id], want[id])
			}
		}
		if len(resp.Refused) != 2 || resp.Refused[0].Seq != 4 || resp.Refused[1].Seq != 6 {
			t.Fatalf("refused %+v, want Bob's and Cy's roles alone (changes 4 and 6)", resp.Refused)
		}
		for _, r := range resp.Refused {
			for _, s := range append(refusedWords, "saved the rest of the batch without it") {
				if !strings.Contains(r.Message, s) {
					t.Errorf("the refusal of change %d does not say %q: %q", r.Seq, s, r.Message)
				}
			}
		}
		if e, _ := env.Store.Entity(domain.KindStaff, "cy"); e.Get("name") != "cy" {
			t.Errorf("the rest of Cy's record was not taken: name %q", e.Get("name"))
		}
	})

	t.Run("an older app", func(t *testing.T) {
		env := testenv.Start(t, server.Options{})
		desk, err := env.NewRawAs("desk", org, domain.RoleReception, nil)
		if err != nil {
			t.Fatal(err)
		}
		err = desk.Push([]record.Write{
			staff(desk, "ann", "role", domain.RoleAdministrator),
			staff(desk, "bob", "role", domain.RoleAdministrator),
		}, 10)
		var perr *protocol.Error
		if !errors.As(err, &perr) || perr.RefusedSeq != 2 {
			t.Fatalf("the push: %v, want refused whole at Bob's role (change 2)", err)
		}
		for _, s := range append(refusedWords, "Nothing from this batch was saved") {
			if !strings.Contains(perr.Message, s) {
				t.Errorf("the refusal does not say %q: %q", s, perr.Message)
			}
		}
		if got := roles(t, env, "ann", "bob"); got["ann"] != "" || got["bob"] != "" {
			t.Errorf("roles on the server after the refused batch: %v, want none", got)
		}
	})
}
