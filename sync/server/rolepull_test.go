package server_test

import (
	"sort"
	"strings"
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/internal/testenv"
	"github.com/gather-sp/gather/sync/protocol"
	"github.com/gather-sp/gather/sync/server"
)

// pullStates is pullVisible for a device that reads encodings up to
// states, keyed by "kind/id"; conflict records are keyed "conflict/" and
// the kind and field they are about.
func pullStates(t *testing.T, r *testenv.Raw, states int) map[string]*record.Entity {
	t.Helper()
	out := map[string]*record.Entity{}
	var after uint64
	for {
		var resp protocol.PullResponse
		if _, err := r.Do(protocol.PathPull, &protocol.PullRequest{Schema: protocol.Schema, Epoch: r.Epoch, After: after, States: states}, &resp); err != nil {
			t.Fatalf("%s: pull: %v", r.ID, err)
		}
		for _, pe := range resp.Entities {
			e, err := record.DecodeEntity(record.Kind(pe.Kind), pe.ID, pe.State, nil)
			if err != nil {
				t.Fatalf("%s: pulled a damaged %s %q: %v", r.ID, pe.Kind, pe.ID, err)
			}
			key := pe.Kind + "/" + pe.ID
			if e.Kind == domain.KindConflict {
				key = "conflict/" + e.Get("entity_kind") + "." + e.Get("field")
			}
			out[key] = e
		}
		after = resp.Next
		if !resp.More {
			return out
		}
	}
}

// fieldsOf lists an entity's fields, sorted, "" for none received.
func fieldsOf(e *record.Entity) string {
	if e == nil {
		return ""
	}
	var fs []string
	for f := range e.Fields {
		fs = append(fs, f)
	}
	sort.Strings(fs)
	return strings.Join(fs, " ")
}

// TestAttackOrganisationDevicePullsOnlyWhatItsRoleKeeps: a stolen or
// misused reception desk (organisation scope, enrolled as reception) that
// pulls directly received everything: wellbeing measures, follow-ups, why
// people were referred, conflicts (which hold any field's values) and the
// whole audit trail (who looked at whom), which its screens never show.
// Now each organisation device receives only what its enrolled role keeps
// (access.DeviceKeeps), records and fields, in every encoding; an erasure
// reaches every copy; a device enrolled without a role receives all, as
// before.
func TestAttackOrganisationDevicePullsOnlyWhatItsRoleKeeps(t *testing.T) {
	env := testenv.Start(t, server.Options{})
	org := protocol.Scope{Organisation: true}
	office := newRawAs(t, env, "office", org, domain.RoleAdministrator)
	venue := env.Venue("v1", "Hall")
	c := office.Clock
	var ws []record.Write
	put := func(kind record.Kind, id string, fields ...string) {
		for i := 0; i < len(fields); i += 2 {
			ws = append(ws, record.Write{Kind: kind, ID: id, Field: fields[i], Value: fields[i+1], Stamp: c.Now(), Staff: "admin"})
		}
	}
	put(domain.KindPerson, "ann", "given_name", "Ann", "phone", "07700 900123", "nhs_number", "943 476 5919", "gender", "Female")
	put(domain.KindPerson, "bob", "given_name", "Bob", "phone", "07700 900456")
	put(domain.KindReferral, "r1", "person_id", "ann", "status", "new", "reasons", "bereavement", "notes", "Recently widowed")
	put(domain.KindMeasure, "m1", "person_id", "ann", "items", "3,3,3,3,3,3,3")
	put(domain.KindFollowUp, "f1", "person_id", "ann", "due", "2026-12-20")
	put(domain.KindContact, "c1", "person_id", "ann", "outcome", "Left a message")
	put(domain.KindSetting, domain.OrgSettingsID, "service_phone", "01632 960000")
	put(domain.KindAudit, "a1", "staff", "admin", "action", "viewed", "entity_kind", "person", "entity_id", "ann", "device", office.ID)
	ws = append(ws, testenv.ActivityWrites(c, venue, "garden", "admin")...)
	if err := office.Push(ws, 100); err != nil {
		t.Fatal(err)
	}
	// A second laptop sets the referral's status without having seen the
	// first's: the server records the conflict, holding both values.
	other := newRawAs(t, env, "office-2", org, domain.RoleAdministrator)
	if err := other.Push([]record.Write{{Kind: domain.KindReferral, ID: "r1", Field: "status", Value: "assessed", Stamp: other.Clock.Now(), Staff: "lw"}}, 1); err != nil {
		t.Fatal(err)
	}
	if err := office.Push([]record.Write{{Kind: domain.KindPerson, ID: "bob", Field: record.FieldErased, Value: "true", Stamp: c.Now(), Staff: "admin"}}, 1); err != nil {
		t.Fatal(err)
	}

	all := map[string]string{
		"person/ann":                      "gender given_name nhs_number phone",
		"person/bob":                      "erased erasure_seal",
		"referral/r1":                     "notes person_id reasons status",
		"measure/m1":                      "items person_id",
		"followup/f1":                     "due person_id",
		"contact/c1":                      "outcome person_id",
		"setting/" + domain.OrgSettingsID: "service_phone",
		"audit/a1":                        "action device entity_id entity_kind staff",
		"conflict/referral.status":        "entity_id entity_kind field loser_at loser_staff loser_value winner_at winner_staff winner_value",
		"activity/garden":                 "name venue_id",
	}
	with := func(changes map[string]string) map[string]string {
		out := map[string]string{}
		for k, v := range all {
			out[k] = v
		}
		for k, v := range changes {
			out[k] = v
		}
		return out
	}
	cases := []struct {
		role string
		want map[string]string
	}{
		{domain.RoleAdministrator, all},
		{domain.RoleLinkWorker, with(map[string]string{"audit/a1": ""})},
		{domain.RoleReception, with(map[string]string{
			"referral/r1": "person_id status", "measure/m1": "", "followup/f1": "", "audit/a1": "", "conflict/referral.status": "",
		})},
		{domain.RoleCoordinator, with(map[string]string{
			"person/ann": "gender given_name", "referral/r1": "person_id reasons status", "contact/c1": "", "audit/a1": "",
			"conflict/referral.status": "",
		})},
		{domain.RoleFacilitator, with(map[string]string{
			"person/ann": "given_name", "referral/r1": "", "measure/m1": "", "followup/f1": "", "contact/c1": "", "audit/a1": "",
			"conflict/referral.status": "",
		})},
		{"", all}, // enrolled before roles were kept: as before
	}
	for i, tc := range cases {
		for _, states := range []int{0, record.EntityVersion} {
			name := tc.role
			if name == "" {
				name = "no role"
			}
			t.Run(name+"/states "+string(rune('0'+states)), func(t *testing.T) {
				dev := newRawAs(t, env, "laptop-"+string(rune('a'+i))+string(rune('0'+states)), org, tc.role)
				got := pullStates(t, dev, states)
				for key, want := range tc.want {
					if g := fieldsOf(got[key]); g != want {
						t.Errorf("%s: received %q, want %q", key, g, want)
					}
				}
				for key := range got {
					if _, ok := tc.want[key]; !ok && !strings.HasPrefix(key, "venue/") && !strings.HasPrefix(key, "staff/") {
						t.Errorf("received %s, which the test did not seed", key)
					}
				}
			})
		}
	}
}

// TestErasureReachesWhatARoleDoesNotKeep: an organisation device may hold
// records of kinds its enrolled role is not sent: a link worker signed in
// at the reception desk records a wellbeing measure there, or logs a call
// on the coordinator's laptop, and every desk and laptop enrolled before
// the server filtered by role pulled everything. When the person is
// erased, the tombstone of each of their records must reach every copy
// ("every device ends erased"): the server sends a role the tombstone of
// a record whatever it keeps of its kind, and the tombstone says nothing
// (its kind, its random id, erased).
func TestErasureReachesWhatARoleDoesNotKeep(t *testing.T) {
	env := testenv.Start(t, server.Options{})
	org := protocol.Scope{Organisation: true}
	office := newRawAs(t, env, "office", org, domain.RoleAdministrator)
	other := newRawAs(t, env, "office-2", org, domain.RoleAdministrator)
	c := office.Clock
	cases := []struct {
		role string
		// made is what a link worker signed in on the device saved there.
		made record.Kind
	}{
		{domain.RoleReception, domain.KindMeasure},
		{domain.RoleCoordinator, domain.KindContact},
	}
	for i, tc := range cases {
		t.Run(tc.role, func(t *testing.T) {
			ann := "ann-" + tc.role
			var ws []record.Write
			put := func(kind record.Kind, id string, fields ...string) {
				for i := 0; i < len(fields); i += 2 {
					ws = append(ws, record.Write{Kind: kind, ID: id + "-" + tc.role, Field: fields[i], Value: fields[i+1], Stamp: c.Now(), Staff: "admin"})
				}
			}
			put(domain.KindPerson, "ann", "given_name", "Ann", "phone", "07700 900123")
			put(domain.KindMeasure, "m1", "person_id", ann, "items", "3,3,3,3,3,3,3")
			put(domain.KindFollowUp, "f1", "person_id", ann, "due", "2026-12-20")
			put(domain.KindContact, "c1", "person_id", ann, "outcome", "Left a message")
			put(domain.KindConsent, "k1", "person_id", ann, "contact_ok", "true")
			if err := office.Push(ws, 100); err != nil {
				t.Fatal(err)
			}
			// Another laptop changes her phone meanwhile: the server keeps
			// both values in a conflict record about her, which the
			// erasure erases.
			if err := other.Push([]record.Write{{Kind: domain.KindPerson, ID: ann, Field: "phone", Value: "07700 900999", Stamp: other.Clock.Now(), Staff: "lw"}}, 1); err != nil {
				t.Fatal(err)
			}
			dev := newRawAs(t, env, "laptop-"+string(rune('a'+i)), org, tc.role)
			made := "made-" + tc.role
			if err := dev.Push([]record.Write{
				{Kind: tc.made, ID: made, Field: "person_id", Value: ann, Stamp: dev.Clock.Now(), Staff: "lw"},
				{Kind: tc.made, ID: made, Field: "notes", Value: "Talked about her husband", Stamp: dev.Clock.Now(), Staff: "lw"},
			}, 10); err != nil {
				t.Fatal(err)
			}
			_, cursor, err := dev.PullAll(0)
			if err != nil {
				t.Fatal(err)
			}
			if err := office.Push([]record.Write{{Kind: domain.KindPerson, ID: ann, Field: record.FieldErased, Value: "true", Stamp: c.Now(), Staff: "admin"}}, 1); err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for {
				var resp protocol.PullResponse
				if _, err := dev.Do(protocol.PathPull, &protocol.PullRequest{Schema: protocol.Schema, Epoch: dev.Epoch, After: cursor, States: record.EntityVersion}, &resp); err != nil {
					t.Fatal(err)
				}
				for _, pe := range resp.Entities {
					e, err := record.DecodeEntity(record.Kind(pe.Kind), pe.ID, pe.State, nil)
					if err != nil {
						t.Fatal(err)
					}
					got[pe.Kind+"/"+pe.ID] = fieldsOf(e)
				}
				cursor = resp.Next
				if !resp.More {
					break
				}
			}
			want := []string{"person/" + ann, string(tc.made) + "/" + made}
			for _, k := range []string{"measure/m1", "followup/f1", "contact/c1", "consent/k1"} {
				want = append(want, k+"-"+tc.role)
			}
			// The tombstone and the server's seal of it (erasureseal.go).
			tombstone := record.FieldErased + " " + record.FieldErasureSeal
			for _, key := range want {
				if got[key] != tombstone {
					t.Errorf("%s: received %q after the erasure, want its tombstone (%q)", key, got[key], tombstone)
				}
			}
			conflicts := 0
			for key, fields := range got {
				if strings.HasPrefix(key, string(domain.KindConflict)+"/") {
					conflicts++
					if fields != tombstone {
						t.Errorf("%s: received %q, want only its tombstone", key, fields)
					}
				}
			}
			if conflicts == 0 {
				t.Error("the conflict over her phone: no tombstone received")
			}
		})
	}
}

// TestDeletionReachesWhatARoleDoesNotKeep: a wellbeing measure a link
// worker recorded at the reception desk, against the wrong person, is
// deleted from the office. The desk is sent no measures, yet holds that
// one: it must hear of the deletion, or it keeps showing the measure to
// the next link worker signed in there, and counting it in their reports.
// It is sent the deletion alone (deleted), as an erasure's tombstone.
func TestDeletionReachesWhatARoleDoesNotKeep(t *testing.T) {
	env := testenv.Start(t, server.Options{})
	org := protocol.Scope{Organisation: true}
	office := newRawAs(t, env, "office", org, domain.RoleAdministrator)
	desk := newRawAs(t, env, "desk", org, domain.RoleReception)
	if err := desk.Push([]record.Write{
		{Kind: domain.KindMeasure, ID: "m1", Field: "person_id", Value: "ann", Stamp: desk.Clock.Now(), Staff: "lw"},
		{Kind: domain.KindMeasure, ID: "m1", Field: "items", Value: "1,1,1,1,1,1,1", Stamp: desk.Clock.Now(), Staff: "lw"},
	}, 10); err != nil {
		t.Fatal(err)
	}
	_, cursor, err := desk.PullAll(0)
	if err != nil {
		t.Fatal(err)
	}
	if err := office.Push([]record.Write{{Kind: domain.KindMeasure, ID: "m1", Field: record.FieldDeleted, Value: "true", Stamp: office.Clock.Now(), Staff: "admin"}}, 1); err != nil {
		t.Fatal(err)
	}
	var resp protocol.PullResponse
	if _, err := desk.Do(protocol.PathPull, &protocol.PullRequest{Schema: protocol.Schema, Epoch: desk.Epoch, After: cursor, States: record.EntityVersion}, &resp); err != nil {
		t.Fatal(err)
	}
	got := ""
	for _, pe := range resp.Entities {
		if pe.Kind == string(domain.KindMeasure) && pe.ID == "m1" {
			e, err := record.DecodeEntity(domain.KindMeasure, pe.ID, pe.State, nil)
			if err != nil {
				t.Fatal(err)
			}
			got = fieldsOf(e)
			if e.Get(record.FieldDeleted) != "true" {
				t.Errorf("the measure's deletion reads %q", e.Get(record.FieldDeleted))
			}
		}
	}
	if got != record.FieldDeleted {
		t.Errorf("the desk received %q of the deleted measure, want its deletion alone (%q)", got, record.FieldDeleted)
	}
}
