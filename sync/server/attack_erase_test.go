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

// TestAttackErasesByMovingOntoAnErasedPerson: the server erases a record
// of a person who was erased when a write reaches it later (a referral
// made on a laptop that had not synced), and a record whose person_id
// names an erased person is such a record. So a device that may not erase
// (a reception desk, a link worker's laptop) erased anyone's referral,
// consent or measure for good by writing its person_id as the id of
// someone erased (their ids stay in the audit trail and in every device's
// tombstones); and a link worker's laptop that merged Bob into Ann offline
// after an administrator erased Ann left Bob's card merged into a
// tombstone on every device: hidden from every list, never erased,
// and refused by Admin › Erasure as a duplicate. Moving a record the
// server holds onto an erased person, or merging someone into one, erases
// them: it needs a device enrolled for a role that may erase (checkRole),
// and from such a device the duplicate goes with the erased person, as it
// would had the merge come first.
func TestAttackErasesByMovingOntoAnErasedPerson(t *testing.T) {
	moves := []struct {
		name         string
		kind         record.Kind
		id           string
		field, value string
	}{
		{"a referral moved onto the erased person", domain.KindReferral, "ref-bob", "person_id", "ann"},
		{"a consent moved onto the erased person", domain.KindConsent, "con-bob", "person_id", "ann"},
		{"a person merged into the erased person", domain.KindPerson, "bob", record.FieldMergedInto, "ann"},
	}
	for _, role := range []string{domain.RoleReception, domain.RoleLinkWorker, domain.RoleAdministrator} {
		for _, tc := range moves {
			t.Run(role+"/"+tc.name, func(t *testing.T) {
				env := testenv.Start(t, server.Options{})
				org := protocol.Scope{Organisation: true}
				office, err := env.NewRawAs("office", org, domain.RoleAdministrator, nil)
				if err != nil {
					t.Fatal(err)
				}
				now := office.Clock.Now
				if err := office.Push([]record.Write{
					{Kind: domain.KindPerson, ID: "ann", Field: "given_name", Value: "Ann", Stamp: now(), Staff: "admin"},
					{Kind: domain.KindPerson, ID: "bob", Field: "given_name", Value: "Bob", Stamp: now(), Staff: "admin"},
					{Kind: domain.KindPerson, ID: "bob", Field: "nhs_number", Value: "943 476 5927", Stamp: now(), Staff: "admin"},
					{Kind: domain.KindReferral, ID: "ref-bob", Field: "person_id", Value: "bob", Stamp: now(), Staff: "admin"},
					{Kind: domain.KindReferral, ID: "ref-bob", Field: "notes", Value: "carer for his wife", Stamp: now(), Staff: "admin"},
					{Kind: domain.KindConsent, ID: "con-bob", Field: "person_id", Value: "bob", Stamp: now(), Staff: "admin"},
					{Kind: domain.KindConsent, ID: "con-bob", Field: "purpose", Value: "share with GP", Stamp: now(), Staff: "admin"},
				}, 100); err != nil {
					t.Fatal(err)
				}
				desk, err := env.NewRawAs("desk", org, role, nil)
				if err != nil {
					t.Fatal(err)
				}
				if err := office.Push([]record.Write{{Kind: domain.KindPerson, ID: "ann", Field: record.FieldErased, Value: "true", Stamp: now(), Staff: "admin"}}, 1); err != nil {
					t.Fatal(err)
				}
				err = desk.Push([]record.Write{{Kind: tc.kind, ID: tc.id, Field: tc.field, Value: tc.value, Stamp: desk.Clock.Now(), Staff: "rita"}}, 1)
				bob, _ := env.Store.Entity(domain.KindPerson, "bob")
				ref, _ := env.Store.Entity(domain.KindReferral, "ref-bob")
				con, _ := env.Store.Entity(domain.KindConsent, "con-bob")
				if role == domain.RoleAdministrator {
					if err != nil {
						t.Fatalf("an administrator's device was refused: %v", err)
					}
					if tc.kind == domain.KindPerson && (!bob.Erased() || !ref.Erased() || !con.Erased()) {
						t.Errorf("Bob, merged into Ann after her erasure, is not erased with her: %v, %v, %v", bob.Values(), ref.Values(), con.Values())
					}
					return
				}
				var perr *protocol.Error
				if !errors.As(err, &perr) || perr.Code != protocol.CodeOutOfScope {
					t.Fatalf("%s from a device enrolled as %s was answered %v; want it refused as out of scope", tc.name, role, err)
				}
				if !strings.Contains(perr.Message, "erased") || !strings.Contains(perr.Message, "administrator") {
					t.Errorf("the refusal says %q; want it to say the person was erased and who may", perr.Message)
				}
				if bob.Erased() || bob.Get(record.FieldMergedInto) != "" || bob.Get("nhs_number") == "" {
					t.Errorf("Bob on the server: %v", bob.Values())
				}
				if ref.Erased() || ref.Get("notes") == "" || ref.Get("person_id") != "bob" {
					t.Errorf("Bob's referral on the server: %v", ref.Values())
				}
				if con.Erased() || con.Get("purpose") == "" {
					t.Errorf("Bob's consent on the server: %v", con.Values())
				}
			})
		}
	}
}
