package server

import (
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/hlc"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/protocol"
)

// TestConflictGoesWhereItsFieldGoes: a conflict record holds both values
// of one field, so a role that keeps conflicts (a link worker's laptop)
// still receives none about a field it does not keep (an audit entry's),
// except the tombstone of one erased, so a copy held drops its values:
// also on a reception desk, which is sent no conflicts but may hold some
// pulled before the server filtered by role.
func TestConflictGoesWhereItsFieldGoes(t *testing.T) {
	org := protocol.Scope{Organisation: true}
	conflict := func(kind record.Kind, field string, erased bool, deleted ...bool) LogEntry {
		at := hlc.Timestamp{Wall: 1, Device: "a"}
		e := domain.ConflictEntity(&record.Conflict{Kind: kind, ID: "x", Field: field,
			Winner: record.FieldState{Value: "sam", Stamp: at}, Loser: record.FieldState{Value: "kim", Stamp: hlc.Timestamp{Wall: 1, Device: "b"}}}, "server")
		if erased {
			e.Apply(record.Write{Kind: e.Kind, ID: e.ID, Field: record.FieldErased, Value: "true", Stamp: hlc.Timestamp{Wall: 2, Device: "server"}})
		}
		if len(deleted) > 0 {
			// Deleted, not erased, it holds its values still (no honest
			// device deletes one; any device may write deleted).
			e.Apply(record.Write{Kind: e.Kind, ID: e.ID, Field: record.FieldDeleted, Value: "true", Stamp: hlc.Timestamp{Wall: 2, Device: "desk"}})
		}
		return LogEntry{Kind: domain.KindConflict, ID: e.ID, State: record.AppendEntity(nil, e)}
	}
	cases := []struct {
		role   string
		entry  LogEntry
		fields int // -1: not sent; a conflict has 7 (no staff named here)
	}{
		{domain.RoleLinkWorker, conflict(domain.KindReferral, "status", false), 7},
		{domain.RoleLinkWorker, conflict(domain.KindAudit, "staff", false), -1},
		{domain.RoleLinkWorker, conflict(domain.KindAudit, "staff", true), 1},
		{domain.RoleLinkWorker, conflict(domain.KindAudit, "staff", false, true), -1},
		{domain.RoleReception, conflict(domain.KindReferral, "status", false, true), 1},
		{domain.RoleAdministrator, conflict(domain.KindAudit, "staff", false), 7},
		{domain.RoleReception, conflict(domain.KindReferral, "status", false), -1},
		{domain.RoleReception, conflict(domain.KindReferral, "status", true), 1},
	}
	for _, tc := range cases {
		t.Run(tc.role, func(t *testing.T) {
			rr := readsOf(&Device{Scope: org, Role: tc.role})
			if rr.keepsWhole(domain.KindConflict) {
				t.Fatal("conflicts are sent as held, unread")
			}
			got, err := rr.entity(tc.entry, record.EntityVersion)
			if err != nil {
				t.Fatal(err)
			}
			n := -1
			if got != nil {
				e, err := record.DecodeEntity(domain.KindConflict, "c", got.State, nil)
				if err != nil {
					t.Fatal(err)
				}
				n = len(e.Fields)
			}
			if n != tc.fields {
				t.Errorf("sent %d fields, want %d", n, tc.fields)
			}
		})
	}
}

// TestRoleReadsSendMarksAsHeld: an administrator's and a link worker's
// laptops keep every register record whole, so their first pull (mostly
// attendance marks) sends the bytes held, unread, as before roles; a
// device without a role, or a venue tablet, is not filtered by role.
func TestRoleReadsSendMarksAsHeld(t *testing.T) {
	org := protocol.Scope{Organisation: true}
	for _, role := range []string{domain.RoleAdministrator, domain.RoleLinkWorker} {
		rr := readsOf(&Device{Scope: org, Role: role})
		for _, k := range []record.Kind{domain.KindAttendance, domain.KindSession, domain.KindPerson, domain.KindReferral, domain.KindMeasure} {
			if !rr.keepsWhole(k) {
				t.Errorf("%s: %s is read and encoded again", role, k)
			}
		}
	}
	if readsOf(&Device{Scope: org}) != nil || readsOf(&Device{Scope: protocol.Scope{Venues: []string{"v1"}}, Role: domain.RoleReception}) != nil {
		t.Error("a device without a role, or a venue device, is filtered by role")
	}
}
