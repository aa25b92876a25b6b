package server_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/internal/testenv"
	"github.com/gather-sp/gather/sync/protocol"
	"github.com/gather-sp/gather/sync/server"
)

// sealWorld is a server holding Ann (and her referral) and Bob, an
// administrator's device, and the seals of erasures: Bob's and Carl's on
// this server, and Ann's made by another server of the same organisation
// name (another key).
type sealWorld struct {
	env                  *testenv.Env
	office               *testenv.Raw
	bobSeal, carlRefSeal string
	foreignAnnSeal       string
}

var sealOrg = protocol.Scope{Organisation: true}

// seedPeople gives a server Ann, Bob and Carl, each with a referral.
func seedPeople(t *testing.T, office *testenv.Raw) {
	t.Helper()
	now := office.Clock.Now
	var ws []record.Write
	for _, p := range []string{"ann", "bob", "carl"} {
		ws = append(ws,
			record.Write{Kind: domain.KindPerson, ID: p, Field: "given_name", Value: strings.ToUpper(p[:1]) + p[1:], Stamp: now(), Staff: "admin"},
			record.Write{Kind: domain.KindReferral, ID: "ref-" + p, Field: "person_id", Value: p, Stamp: now(), Staff: "admin"},
			record.Write{Kind: domain.KindReferral, ID: "ref-" + p, Field: "notes", Value: p + "'s referral words", Stamp: now(), Staff: "admin"})
	}
	if err := office.Push(ws, 100); err != nil {
		t.Fatal(err)
	}
}

func erase(t *testing.T, office *testenv.Raw, person string) {
	t.Helper()
	if err := office.Push([]record.Write{{Kind: domain.KindPerson, ID: person, Field: record.FieldErased, Value: "true", Stamp: office.Clock.Now(), Staff: "admin"}}, 1); err != nil {
		t.Fatal(err)
	}
}

func sealOf(t *testing.T, env *testenv.Env, kind record.Kind, id string) string {
	t.Helper()
	e, err := env.Store.Entity(kind, id)
	if err != nil {
		t.Fatal(err)
	}
	s := e.Get(record.FieldErasureSeal)
	if !e.Erased() || s == "" {
		t.Fatalf("%s %s: %v, want a sealed tombstone", kind, id, e.Values())
	}
	return s
}

func newSealWorld(t *testing.T) *sealWorld {
	t.Helper()
	w := &sealWorld{env: testenv.Start(t, server.Options{})}
	var err error
	if w.office, err = w.env.NewRawAs("office", sealOrg, domain.RoleAdministrator, nil); err != nil {
		t.Fatal(err)
	}
	seedPeople(t, w.office)
	erase(t, w.office, "bob")
	erase(t, w.office, "carl")
	w.bobSeal = sealOf(t, w.env, domain.KindPerson, "bob")
	w.carlRefSeal = sealOf(t, w.env, domain.KindReferral, "ref-carl")

	// Another server, given this one's organisation name (as a store
	// rebuilt without a backup is), erases its own Ann: same ids, same
	// organisation, another key.
	other := testenv.Start(t, server.Options{})
	if _, err := other.Store.AdoptOrganisation(context.Background(), w.env.Store.Organisation()); err != nil {
		t.Fatal(err)
	}
	otherOffice, err := other.NewRawAs("other office", sealOrg, domain.RoleAdministrator, nil)
	if err != nil {
		t.Fatal(err)
	}
	seedPeople(t, otherOffice)
	erase(t, otherOffice, "ann")
	w.foreignAnnSeal = sealOf(t, other, domain.KindPerson, "ann")
	return w
}

// assertAnnUntouched checks Ann and her referral are as the office made them.
func (w *sealWorld) assertAnnUntouched(t *testing.T) {
	t.Helper()
	ann, _ := w.env.Store.Entity(domain.KindPerson, "ann")
	ref, _ := w.env.Store.Entity(domain.KindReferral, "ref-ann")
	if ann.Erased() || ann.Get("given_name") != "Ann" || ann.Get(record.FieldErasureSeal) != "" {
		t.Errorf("Ann on the server: %v", ann.Values())
	}
	if ref.Erased() || ref.Get("notes") == "" {
		t.Errorf("Ann's referral on the server: %v", ref.Values())
	}
}

func assertRefused(t *testing.T, err error, what string) {
	t.Helper()
	var perr *protocol.Error
	if !errors.As(err, &perr) || perr.Code != protocol.CodeOutOfScope {
		t.Fatalf("%s was answered %v; want it refused", what, err)
	}
}

// TestAttackForgedErasureSeal: the server takes an erasure from any role
// when it carries the server's own seal of it (sent again after a
// restore), so a reception desk forging one must be refused: no seal, a
// seal of another person or of another record of theirs, one made by
// another server's key under the same organisation name, or one made up.
func TestAttackForgedErasureSeal(t *testing.T) {
	w := newSealWorld(t)
	madeUp := "s1." + strings.Repeat("A", 86)
	for _, tc := range []struct {
		name string
		seal string // "" sends no seal
	}{
		{"no seal", ""},
		{"another person's seal", w.bobSeal},
		{"the seal of another person's referral", w.carlRefSeal},
		{"a seal by another server's key", w.foreignAnnSeal},
		{"a made-up seal", madeUp},
		{"a seal not in the server's form", "true"},
	} {
		for _, role := range []string{domain.RoleReception, domain.RoleLinkWorker} {
			t.Run(role+"/"+tc.name, func(t *testing.T) {
				desk, err := w.env.NewRawAs("desk-"+role+tc.name, sealOrg, role, nil)
				if err != nil {
					t.Fatal(err)
				}
				now := desk.Clock.Now
				ws := []record.Write{{Kind: domain.KindPerson, ID: "ann", Field: record.FieldErased, Value: "true", Stamp: now(), Staff: "rita"}}
				if tc.seal != "" {
					ws = append(ws, record.Write{Kind: domain.KindPerson, ID: "ann", Field: record.FieldErasureSeal, Value: tc.seal, Stamp: now(), Staff: "rita"})
				}
				assertRefused(t, desk.Push(ws, 10), "an erasure with "+tc.name)
				w.assertAnnUntouched(t)
			})
		}
	}
}

// TestAttackDeviceWritesAnErasureSeal: only the server writes a seal; a
// device's write of one on a live record is refused from every role, a
// valid seal of another record and one made up alike, so no device
// can plant one to be taken later as the server's.
func TestAttackDeviceWritesAnErasureSeal(t *testing.T) {
	w := newSealWorld(t)
	for _, tc := range []struct{ name, seal string }{
		{"another person's seal", w.bobSeal},
		{"a seal by another server's key", w.foreignAnnSeal},
		{"a made-up seal", "s1." + strings.Repeat("B", 86)},
	} {
		for _, role := range []string{domain.RoleReception, domain.RoleAdministrator} {
			t.Run(role+"/"+tc.name, func(t *testing.T) {
				d, err := w.env.NewRawAs("d-"+role+tc.name, sealOrg, role, nil)
				if err != nil {
					t.Fatal(err)
				}
				err = d.Push([]record.Write{{Kind: domain.KindPerson, ID: "ann", Field: record.FieldErasureSeal, Value: tc.seal, Stamp: d.Clock.Now(), Staff: "rita"}}, 1)
				assertRefused(t, err, "a seal written on a live person")
				w.assertAnnUntouched(t)
			})
		}
	}
}

// TestSealedErasureIsTakenFromADeskAfterARestore is the other side: the
// server's own seal of Ann's erasure, sent by a reception desk to a server
// put back from before it, is taken, and erases what the server holds of
// her as an administrator's erasure does.
func TestSealedErasureIsTakenFromADeskAfterARestore(t *testing.T) {
	w := newSealWorld(t)
	backup := w.env.Backup()
	erase(t, w.office, "ann")
	ann, _ := w.env.Store.Entity(domain.KindPerson, "ann")
	seal := sealOf(t, w.env, domain.KindPerson, "ann")
	if sealOf(t, w.env, domain.KindReferral, "ref-ann") == seal {
		t.Fatal("Ann's referral has her own seal: a seal would not name its record")
	}
	w.env.RestoreFrom(backup)
	w.assertAnnUntouched(t)

	desk, err := w.env.NewRawAs("desk", sealOrg, domain.RoleReception, nil)
	if err != nil {
		t.Fatal(err)
	}
	ws := sealedTombstone(ann)
	if err := desk.Push(ws, 10); err != nil {
		t.Fatalf("the server's own seal was refused from a desk: %v", err)
	}
	got, _ := w.env.Store.Entity(domain.KindPerson, "ann")
	ref, _ := w.env.Store.Entity(domain.KindReferral, "ref-ann")
	if !got.Erased() || got.Get("given_name") != "" || got.Get(record.FieldErasureSeal) != seal {
		t.Errorf("Ann after the desk sent her sealed erasure: %v", got.Values())
	}
	if !ref.Erased() || ref.Get("notes") != "" || ref.Get(record.FieldErasureSeal) == "" {
		t.Errorf("Ann's referral after the desk sent her sealed erasure: %v", ref.Values())
	}
}

// sealedTombstone is what a device sends back of an erased record it
// holds after a server restore: its erasure and the server's seal of it,
// each as held.
func sealedTombstone(e *record.Entity) []record.Write {
	var ws []record.Write
	for _, name := range []string{record.FieldErased, record.FieldErasureSeal} {
		f := e.Fields[name]
		ws = append(ws, record.Write{Kind: e.Kind, ID: e.ID, Field: name, Value: f.Value, Stamp: f.Stamp, Base: f.Base, Staff: f.Staff})
	}
	return ws
}
