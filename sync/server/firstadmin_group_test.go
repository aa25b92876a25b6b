package server_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/protocol"
	"github.com/gather-sp/gather/sync/server"
)

// TestTwoDesksMakingTheFirstAdministratorInOneCommit: the committer saves
// the pushes waiting together in one transaction. Two reception desks,
// each making a new member of staff the organisation's first
// administrator, are saved together: the second is checked against the
// first as saved (administratorOnRecord reads the group), and refused as
// from any desk once the organisation has one. (The backend is held to
// line the pushes up, so Badger only: the rule is the same on
// PostgreSQL.)
func TestTwoDesksMakingTheFirstAdministratorInOneCommit(t *testing.T) {
	g := newGroupedStore(t)
	other, north, south := g.enrol("other", domain.RoleReception), g.enrol("north", domain.RoleReception),
		g.enrol("south", domain.RoleReception)
	makeAdministrator := func(dev *server.Device, id string) func() error {
		return func() error {
			return g.push(dev, "", 1, record.Write{Kind: domain.KindStaff, ID: id, Field: "role", Value: domain.RoleAdministrator})
		}
	}
	errs := g.inOneCommit(
		func() error {
			return g.push(other, "", 1, record.Write{Kind: domain.KindStaff, ID: "cy", Field: "name", Value: "Cy"})
		},
		makeAdministrator(north, "ann"), makeAdministrator(south, "bob"))
	refused := 0
	for _, err := range errs {
		if err != nil {
			var perr *protocol.Error
			if !errors.As(err, &perr) || !strings.Contains(perr.Message, "giving someone the administrator role") {
				t.Errorf("refused for another reason: %v", err)
			}
			refused++
		}
	}
	admins := 0
	for _, id := range []string{"ann", "bob"} {
		e, err := g.st.Entity(domain.KindStaff, id)
		if err != nil {
			t.Fatal(err)
		}
		if e.Get("role") == domain.RoleAdministrator {
			admins++
		}
	}
	if admins != 1 || refused != 1 {
		t.Errorf("after two desks each made a first administrator in one commit, %d administrators are on record and %d of the pushes was refused; want 1 and 1", admins, refused)
	}
}
