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

// TestAttackDeviceRemovesOrDemotesStaff: every device refuses the PIN of
// someone whose staff record is deleted, and signs anyone in with a role
// no higher than their record's (desktop's signInAs). A stolen or misused
// reception desk could then lock every administrator out of every device
// by deleting or demoting their records, or let a facilitator see every
// venue by emptying where they work. The server takes those changes only
// from a device enrolled for a role that manages staff
// (access.ActionManageStaff), and still takes what every device writes:
// a new member of staff ("Add me", a device's first administrator), a
// name, a record written again as it is, and a write it holds already
// (sent again to a restored server).
func TestAttackDeviceRemovesOrDemotesStaff(t *testing.T) {
	type write struct{ id, field, value string }
	cases := []struct {
		name  string
		w     write
		taken bool
		// held: how the server's record must read after, by field.
		held string
	}{
		{"remove the administrator", write{"ada", "deleted", "true"}, false, ""},
		{"demote the administrator", write{"ada", "role", domain.RoleVolunteer}, false, domain.RoleAdministrator},
		{"raise a facilitator", write{"fay", "role", domain.RoleAdministrator}, false, domain.RoleFacilitator},
		{"let a facilitator work everywhere", write{"fay", "venues", ""}, false, `["garden"]`},
		{"move a facilitator", write{"fay", "venues", `["hall"]`}, false, `["garden"]`},
		{"rename a facilitator", write{"fay", "name", "Fay Ngozi"}, true, "Fay Ngozi"},
		{"write her role as it is", write{"fay", "role", domain.RoleFacilitator}, true, domain.RoleFacilitator},
		{"write deleted empty, as a record made again", write{"fay", "deleted", ""}, true, ""},
		{"add a new member of staff", write{"rita", "role", domain.RoleReception}, true, domain.RoleReception},
		{"add a new member of staff, deleted empty", write{"rita", "deleted", ""}, true, ""},
		{"add a new member of staff who works somewhere", write{"rita", "venues", `["garden"]`}, true, `["garden"]`},
	}
	for _, role := range []string{domain.RoleReception, domain.RoleLinkWorker, "", domain.RoleAdministrator} {
		for _, tc := range cases {
			t.Run(role+"/"+tc.name, func(t *testing.T) {
				env := testenv.Start(t, server.Options{})
				org := protocol.Scope{Organisation: true}
				office, err := env.NewRawAs("office", org, domain.RoleAdministrator, nil)
				if err != nil {
					t.Fatal(err)
				}
				var ws []record.Write
				for id, f := range map[string]map[string]string{
					"ada": {"name": "Ada", "role": domain.RoleAdministrator, "deleted": "", "venues": ""},
					// Not the last administrator: TestTheLastAdministratorStays.
					"bea": {"name": "Bea", "role": domain.RoleAdministrator},
					"fay": {"name": "Fay", "role": domain.RoleFacilitator, "deleted": "", "venues": `["garden"]`},
				} {
					for field, value := range f {
						ws = append(ws, record.Write{Kind: domain.KindStaff, ID: id, Field: field, Value: value, Stamp: office.Clock.Now(), Staff: "ada"})
					}
				}
				if err := office.Push(ws, 100); err != nil {
					t.Fatal(err)
				}
				desk, err := env.NewRawAs("desk", org, role, nil)
				if err != nil {
					t.Fatal(err)
				}
				err = desk.Push([]record.Write{
					{Kind: domain.KindStaff, ID: "fay", Field: "name", Value: "Fay N", Stamp: desk.Clock.Now(), Staff: "rita"},
					{Kind: domain.KindStaff, ID: tc.w.id, Field: tc.w.field, Value: tc.w.value, Stamp: desk.Clock.Now(), Staff: "rita"},
				}, 2)
				taken := tc.taken || role == domain.RoleAdministrator
				want := tc.held
				if taken {
					want = tc.w.value
				}
				if e, _ := env.Store.Entity(domain.KindStaff, tc.w.id); e == nil || e.Get(tc.w.field) != want {
					got := "no record"
					if e != nil {
						got = e.Get(tc.w.field)
					}
					t.Errorf("after a device enrolled as %q tried to %s, the server's %s reads %q, want %q", role, tc.name, tc.w.field, got, want)
				}
				if taken {
					if err != nil {
						t.Fatalf("a device enrolled as %q may %s, but the push was refused: %v", role, tc.name, err)
					}
					return
				}
				var perr *protocol.Error
				if !errors.As(err, &perr) {
					t.Fatalf("the push from a device enrolled as %q was answered %v, want a refusal", role, err)
				}
				if perr.Code != protocol.CodeOutOfScope || perr.RefusedSeq != 2 {
					t.Errorf("refused with %s at change %d, want %s at change 2", perr.Code, perr.RefusedSeq, protocol.CodeOutOfScope)
				}
				says := "removing a member of staff or changing their role"
				if tc.w.field == "role" && tc.w.value == domain.RoleAdministrator {
					says = "giving someone the administrator role"
				}
				if !strings.Contains(perr.Message, says) || !strings.Contains(perr.Message, "administrator") {
					t.Errorf("the refusal does not say what it refuses and who may: %q", perr.Message)
				}
			})
		}
	}
}

// TestARemovalSentAgainIsTaken: a server restored from a backup from
// before an administrator removed someone gets the removal sent again by
// every device that holds it, reception desks too: the write it then
// holds passes, and one it does not hold is refused from them.
func TestARemovalSentAgainIsTaken(t *testing.T) {
	env := testenv.Start(t, server.Options{})
	org := protocol.Scope{Organisation: true}
	office, err := env.NewRawAs("office", org, domain.RoleAdministrator, nil)
	if err != nil {
		t.Fatal(err)
	}
	desk, err := env.NewRawAs("desk", org, domain.RoleReception, nil)
	if err != nil {
		t.Fatal(err)
	}
	add := record.Write{Kind: domain.KindStaff, ID: "val", Field: "role", Value: domain.RoleVolunteer, Stamp: office.Clock.Now(), Staff: "ada"}
	removal := record.Write{Kind: domain.KindStaff, ID: "val", Field: "deleted", Value: "true", Stamp: office.Clock.Now(), Staff: "ada"}
	if err := office.Push([]record.Write{add, removal}, 2); err != nil {
		t.Fatal(err)
	}
	// The desk received both, and sends them back as they are.
	if err := desk.Push([]record.Write{add, removal}, 2); err != nil {
		t.Errorf("the removal, held by the server, sent again from the desk was refused: %v", err)
	}
	undo := record.Write{Kind: domain.KindStaff, ID: "val", Field: "deleted", Value: "", Stamp: desk.Clock.Now(), Staff: "rita"}
	if err := desk.Push([]record.Write{undo}, 3); err == nil {
		t.Error("the desk put a removed member of staff back")
	}
}

// TestTheLastAdministratorStays: not even an administrator's device may
// remove or demote the organisation's last administrator on record (no
// one could then manage staff on any device whose key file has no
// administrator of its own); with another administrator on record it
// may, and a batch that demotes both is refused.
func TestTheLastAdministratorStays(t *testing.T) {
	cases := []struct {
		name  string
		admin bool // a second administrator on record
		ws    [][3]string
		taken bool
	}{
		{"remove the last administrator", false, [][3]string{{"ada", "deleted", "true"}}, false},
		{"demote the last administrator", false, [][3]string{{"ada", "role", domain.RoleLinkWorker}}, false},
		{"remove an administrator with another on record", true, [][3]string{{"ada", "deleted", "true"}}, true},
		{"demote both administrators at once", true, [][3]string{{"ada", "role", domain.RoleLinkWorker}, {"bea", "deleted", "true"}}, false},
		{"rename the last administrator", false, [][3]string{{"ada", "name", "Ada L."}}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			env := testenv.Start(t, server.Options{})
			office, err := env.NewRawAs("office", protocol.Scope{Organisation: true}, domain.RoleAdministrator, nil)
			if err != nil {
				t.Fatal(err)
			}
			ws := []record.Write{
				{Kind: domain.KindStaff, ID: "ada", Field: "role", Value: domain.RoleAdministrator, Stamp: office.Clock.Now(), Staff: "ada"},
				{Kind: domain.KindStaff, ID: "bea", Field: "role", Value: domain.RoleVolunteer, Stamp: office.Clock.Now(), Staff: "ada"},
			}
			if tc.admin {
				ws[1].Value = domain.RoleAdministrator
			}
			if err := office.Push(ws, 2); err != nil {
				t.Fatal(err)
			}
			var batch []record.Write
			for _, w := range tc.ws {
				batch = append(batch, record.Write{Kind: domain.KindStaff, ID: w[0], Field: w[1], Value: w[2], Stamp: office.Clock.Now(), Staff: "ada"})
			}
			err = office.Push(batch, 2+len(batch))
			e, _ := env.Store.Entity(domain.KindStaff, "ada")
			if tc.taken {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				if e.Get(tc.ws[0][1]) != tc.ws[0][2] {
					t.Errorf("taken but not saved: %v", e.Values())
				}
				return
			}
			var perr *protocol.Error
			if !errors.As(err, &perr) || !strings.Contains(perr.Message, "last administrator") {
				t.Fatalf("answered %v, want a refusal saying they are the last administrator", err)
			}
			if e.Deleted() || e.Get("role") != domain.RoleAdministrator {
				t.Errorf("the last administrator's record is now %v", e.Values())
			}
		})
	}
}

// TestAttackDeviceClaimsARecordByWritingItAgain: a record only the device
// wrote is its own to change (someone it added), but writing every field
// of someone else's record again as it is (each write "changes nothing",
// so it passes) must not make it the device's: the reception desk could
// then remove or demote an administrator in the next push.
func TestAttackDeviceClaimsARecordByWritingItAgain(t *testing.T) {
	for _, tc := range []struct {
		name         string
		field, value string
	}{
		{"then remove her", "deleted", "true"},
		{"then demote her", "role", domain.RoleVolunteer},
		{"then move her", "venues", `["hall"]`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := testenv.Start(t, server.Options{})
			org := protocol.Scope{Organisation: true}
			office, err := env.NewRawAs("office", org, domain.RoleAdministrator, nil)
			if err != nil {
				t.Fatal(err)
			}
			held := map[string]string{"name": "Bea", "role": domain.RoleAdministrator, "deleted": "", "venues": ""}
			ws := []record.Write{{Kind: domain.KindStaff, ID: "ada", Field: "role", Value: domain.RoleAdministrator, Stamp: office.Clock.Now(), Staff: "ada"}}
			for field, value := range held {
				ws = append(ws, record.Write{Kind: domain.KindStaff, ID: "bea", Field: field, Value: value, Stamp: office.Clock.Now(), Staff: "ada"})
			}
			if err := office.Push(ws, 100); err != nil {
				t.Fatal(err)
			}
			desk, err := env.NewRawAs("desk", org, domain.RoleReception, nil)
			if err != nil {
				t.Fatal(err)
			}
			var again []record.Write
			for field, value := range held {
				again = append(again, record.Write{Kind: domain.KindStaff, ID: "bea", Field: field, Value: value, Stamp: desk.Clock.Now(), Staff: "rita"})
			}
			// Each write on its own changes nothing; whether the server
			// takes them is not the point, what the desk may do next is.
			_ = desk.Push(again, 1)
			attack := record.Write{Kind: domain.KindStaff, ID: "bea", Field: tc.field, Value: tc.value, Stamp: desk.Clock.Now(), Staff: "rita"}
			err = desk.Push([]record.Write{attack}, 1)
			e, _ := env.Store.Entity(domain.KindStaff, "bea")
			if got := e.Get(tc.field); got != held[tc.field] {
				t.Errorf("after writing Bea's record again as it was, the desk changed her %s to %q", tc.field, got)
			}
			var perr *protocol.Error
			if !errors.As(err, &perr) || perr.Code != protocol.CodeOutOfScope {
				t.Errorf("the desk's change was answered %v, want a refusal", err)
			}
		})
	}
}

// TestAttackDeviceGivesARoleToARecordWithout: a staff record the server
// holds without a role (kept before records held roles, or made by
// "Where they work" for someone known to a key file only) signs them in
// with their key file's role; a role written to it lowers them on every
// device, as a changed one does, so it too is a device's that manages
// staff. A new record's role is still anyone's.
func TestAttackDeviceGivesARoleToARecordWithout(t *testing.T) {
	env := testenv.Start(t, server.Options{})
	org := protocol.Scope{Organisation: true}
	office, err := env.NewRawAs("office", org, domain.RoleAdministrator, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := office.Push([]record.Write{
		{Kind: domain.KindStaff, ID: "ada", Field: "role", Value: domain.RoleAdministrator, Stamp: office.Clock.Now(), Staff: "ada"},
		{Kind: domain.KindStaff, ID: "bea", Field: "name", Value: "Bea", Stamp: office.Clock.Now(), Staff: "ada"},
	}, 100); err != nil {
		t.Fatal(err)
	}
	desk, err := env.NewRawAs("desk", org, domain.RoleReception, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = desk.Push([]record.Write{{Kind: domain.KindStaff, ID: "bea", Field: "role", Value: domain.RoleVolunteer, Stamp: desk.Clock.Now(), Staff: "rita"}}, 1)
	if e, _ := env.Store.Entity(domain.KindStaff, "bea"); e.Get("role") != "" {
		t.Errorf("the desk gave Bea's record the role %q, which every device now signs her in with", e.Get("role"))
	}
	var perr *protocol.Error
	if !errors.As(err, &perr) || perr.Code != protocol.CodeOutOfScope {
		t.Errorf("answered %v, want a refusal", err)
	}
	if err := office.Push([]record.Write{{Kind: domain.KindStaff, ID: "bea", Field: "role", Value: domain.RoleLinkWorker, Stamp: office.Clock.Now(), Staff: "ada"}}, 1); err != nil {
		t.Errorf("the office could not give Bea a role: %v", err)
	}
}

// TestAttackDeviceErasesStaff: a tombstone (record.FieldErased) on a
// staff record removes them as a deletion does, and for good: every
// device then refuses their PIN. So it is held to what a removal is: only
// a device enrolled for a role that manages staff may write it, and no
// device may erase the organisation's last administrator. The refusal
// says what it refuses and what to do.
func TestAttackDeviceErasesStaff(t *testing.T) {
	cases := []struct {
		name   string
		role   string
		second bool // another administrator on record
		who    string
		taken  bool
		says   []string
	}{
		{"a reception desk erases an administrator", domain.RoleReception, true, "ada", false, []string{"removing a member of staff", "administrator", "undo it here"}},
		{"a link worker erases a facilitator", domain.RoleLinkWorker, true, "fay", false, []string{"removing a member of staff", "administrator", "undo it here"}},
		{"a device without a role erases an administrator", "", true, "ada", false, []string{"removing a member of staff", "enrol it again"}},
		{"an administrator erases the last administrator", domain.RoleAdministrator, false, "ada", false, []string{"last administrator", "Give someone else the administrator role first"}},
		{"an administrator erases an administrator with another on record", domain.RoleAdministrator, true, "ada", true, nil},
		{"an administrator erases a facilitator", domain.RoleAdministrator, false, "fay", true, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			env := testenv.Start(t, server.Options{})
			org := protocol.Scope{Organisation: true}
			office, err := env.NewRawAs("office", org, domain.RoleAdministrator, nil)
			if err != nil {
				t.Fatal(err)
			}
			second := domain.RoleVolunteer
			if tc.second {
				second = domain.RoleAdministrator
			}
			if err := office.Push([]record.Write{
				{Kind: domain.KindStaff, ID: "ada", Field: "role", Value: domain.RoleAdministrator, Stamp: office.Clock.Now(), Staff: "ada"},
				{Kind: domain.KindStaff, ID: "bea", Field: "role", Value: second, Stamp: office.Clock.Now(), Staff: "ada"},
				{Kind: domain.KindStaff, ID: "fay", Field: "role", Value: domain.RoleFacilitator, Stamp: office.Clock.Now(), Staff: "ada"},
			}, 3); err != nil {
				t.Fatal(err)
			}
			dev, err := env.NewRawAs("desk", org, tc.role, nil)
			if err != nil {
				t.Fatal(err)
			}
			err = dev.Push([]record.Write{{Kind: domain.KindStaff, ID: tc.who, Field: record.FieldErased, Value: "true", Stamp: dev.Clock.Now(), Staff: "rita"}}, 1)
			e, _ := env.Store.Entity(domain.KindStaff, tc.who)
			if tc.taken {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				if e == nil || !e.Erased() {
					t.Errorf("taken but not erased: %v", e)
				}
				return
			}
			if e == nil || e.Deleted() {
				t.Errorf("after the device tried, %s's record on the server is %v", tc.who, e)
			}
			var perr *protocol.Error
			if !errors.As(err, &perr) || perr.Code != protocol.CodeOutOfScope {
				t.Fatalf("answered %v, want a refusal", err)
			}
			for _, s := range tc.says {
				if !strings.Contains(perr.Message, s) {
					t.Errorf("the refusal does not say %q: %q", s, perr.Message)
				}
			}
		})
	}
}

// TestTheLastAdministratorHandedOverInOneBatch: a batch is saved whole or
// not at all, so an administrator made in the same batch as the last one
// is demoted or removed is on record once it is saved, in whatever order
// the batch writes them: the hand-over is taken. A promotion that the
// batch itself undoes, or that changes nothing on the server (a removed
// member of staff, a write older than the server's), leaves no
// administrator, and the batch is refused.
func TestTheLastAdministratorHandedOverInOneBatch(t *testing.T) {
	cases := []struct {
		name  string
		ws    [][3]string
		older string // whose write in ws is stamped before the server's
		taken bool
	}{
		{"demote the last administrator and make another", [][3]string{{"ada", "role", domain.RoleLinkWorker}, {"bea", "role", domain.RoleAdministrator}}, "", true},
		{"make another administrator, then remove the last", [][3]string{{"bea", "role", domain.RoleAdministrator}, {"ada", "deleted", "true"}}, "", true},
		{"erase the last administrator and add a new one", [][3]string{{"ada", record.FieldErased, "true"}, {"cy", "name", "Cy"}, {"cy", "role", domain.RoleAdministrator}}, "", true},
		{"make another administrator, then remove them too", [][3]string{{"ada", "role", domain.RoleLinkWorker}, {"bea", "role", domain.RoleAdministrator}, {"bea", "deleted", "true"}}, "", false},
		{"make a removed member of staff administrator", [][3]string{{"ada", "role", domain.RoleLinkWorker}, {"dee", "role", domain.RoleAdministrator}}, "", false},
		{"make another administrator with a write older than the server's", [][3]string{{"ada", "role", domain.RoleLinkWorker}, {"bea", "role", domain.RoleAdministrator}}, "bea", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			env := testenv.Start(t, server.Options{})
			office, err := env.NewRawAs("office", protocol.Scope{Organisation: true}, domain.RoleAdministrator, nil)
			if err != nil {
				t.Fatal(err)
			}
			setup := []record.Write{
				{Kind: domain.KindStaff, ID: "ada", Field: "role", Value: domain.RoleAdministrator, Stamp: office.Clock.Now(), Staff: "ada"},
				{Kind: domain.KindStaff, ID: "bea", Field: "role", Value: domain.RoleVolunteer, Stamp: office.Clock.Now(), Staff: "ada"},
				{Kind: domain.KindStaff, ID: "dee", Field: "role", Value: domain.RoleVolunteer, Stamp: office.Clock.Now(), Staff: "ada"},
				{Kind: domain.KindStaff, ID: "dee", Field: "deleted", Value: "true", Stamp: office.Clock.Now(), Staff: "ada"},
			}
			if err := office.Push(setup, len(setup)); err != nil {
				t.Fatal(err)
			}
			var batch []record.Write
			for _, w := range tc.ws {
				stamp := office.Clock.Now()
				if w[0] == tc.older {
					stamp = setup[1].Stamp // Bea's role, as the server holds it
					stamp.Wall--
				}
				batch = append(batch, record.Write{Kind: domain.KindStaff, ID: w[0], Field: w[1], Value: w[2], Stamp: stamp, Staff: "ada"})
			}
			err = office.Push(batch, len(batch))
			ada, _ := env.Store.Entity(domain.KindStaff, "ada")
			if tc.taken {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				if !ada.Deleted() && ada.Get("role") == domain.RoleAdministrator {
					t.Errorf("taken but not saved: %v", ada.Values())
				}
				return
			}
			var perr *protocol.Error
			if !errors.As(err, &perr) || !strings.Contains(perr.Message, "last administrator") {
				t.Fatalf("answered %v, want a refusal saying they are the last administrator", err)
			}
			if perr.RefusedSeq != uint64(len(setup)+1) {
				t.Errorf("refused at change %d, want %d (the demotion)", perr.RefusedSeq, len(setup)+1)
			}
			if ada.Deleted() || ada.Get("role") != domain.RoleAdministrator {
				t.Errorf("the last administrator's record is now %v", ada.Values())
			}
		})
	}
}

// TestAPromotionRefusedAloneDoesNotHandOver: to a device that settles
// refusals one by one, a write refused on its own is taken out and the
// rest saved without it; a promotion so refused must not count as the
// administrator who takes over from the last one the same batch demotes.
// Here a venue tablet (enrolled, wrongly, for the administrator's role)
// holds the only administrator's record as written by itself alone, so
// it may lower them to facilitator, but may not make anyone an
// administrator.
func TestAPromotionRefusedAloneDoesNotHandOver(t *testing.T) {
	env := testenv.Start(t, server.Options{})
	venue := env.Venue("garden", "Garden")
	office, err := env.NewRawAs("office", protocol.Scope{Organisation: true}, domain.RoleAdministrator, nil)
	if err != nil {
		t.Fatal(err)
	}
	tablet, err := env.NewRawAs("tablet", protocol.Scope{Venues: []string{venue}}, domain.RoleAdministrator, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Vic's record, every field stamped as the tablet's own (as if it had
	// written it), and Bea's, the office's.
	if err := office.Push([]record.Write{
		{Kind: domain.KindStaff, ID: "vic", Field: "role", Value: domain.RoleAdministrator, Stamp: tablet.Clock.Now(), Staff: "vic"},
		{Kind: domain.KindStaff, ID: "bea", Field: "role", Value: domain.RoleFacilitator, Stamp: office.Clock.Now(), Staff: "vic"},
	}, 2); err != nil {
		t.Fatal(err)
	}
	req := protocol.PushRequest{Schema: protocol.Schema, Epoch: tablet.Epoch, SettlesRefused: true}
	for i, w := range []record.Write{
		{Kind: domain.KindStaff, ID: "bea", Field: "role", Value: domain.RoleAdministrator, Stamp: tablet.Clock.Now(), Staff: "vic"},
		{Kind: domain.KindStaff, ID: "vic", Field: "role", Value: domain.RoleFacilitator, Stamp: tablet.Clock.Now(), Staff: "vic"},
	} {
		req.Writes = append(req.Writes, protocol.FromRecord(uint64(i+1), w))
	}
	var resp protocol.PushResponse
	_, err = tablet.Do(protocol.PathPush, &req, &resp)
	var perr *protocol.Error
	if !errors.As(err, &perr) || !strings.Contains(perr.Message, "last administrator") || perr.RefusedSeq != 2 {
		t.Errorf("answered %v (%+v), want the demotion refused: Vic is the last administrator", err, resp)
	}
	if vic, _ := env.Store.Entity(domain.KindStaff, "vic"); vic.Get("role") != domain.RoleAdministrator {
		t.Errorf("Vic's role on the server is now %q, and Bea's %q", vic.Get("role"), func() string { e, _ := env.Store.Entity(domain.KindStaff, "bea"); return e.Get("role") }())
	}
}
