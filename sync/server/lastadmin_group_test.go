package server_test

import (
	"strings"
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

// TestTwoOfficesDemotingEachOtherInOneCommitLeaveAnAdministrator: the
// committer saves the pushes waiting together in one transaction. Two
// administrators' devices, each removing the other administrator, both
// passed when their pushes were saved together: each was checked against
// the records as committed before, where the other was still an
// administrator. The second is now checked against the first as saved,
// and refused. (The backend is held to line the pushes up, so Badger
// only: the rule is the same on PostgreSQL.)
func TestTwoOfficesDemotingEachOtherInOneCommitLeaveAnAdministrator(t *testing.T) {
	g := newGroupedStore(t)
	office, laptop, other := g.enrol("office", domain.RoleAdministrator), g.enrol("laptop", domain.RoleAdministrator),
		g.enrol("other", domain.RoleAdministrator)
	if err := g.push(office, "ada", 1,
		record.Write{Kind: domain.KindStaff, ID: "ada", Field: "role", Value: domain.RoleAdministrator},
		record.Write{Kind: domain.KindStaff, ID: "bea", Field: "role", Value: domain.RoleAdministrator}); err != nil {
		t.Fatal(err)
	}
	errs := g.inOneCommit(
		func() error {
			return g.push(other, "ada", 1, record.Write{Kind: domain.KindStaff, ID: "cy", Field: "name", Value: "Cy"})
		},
		func() error {
			return g.push(office, "ada", 3, record.Write{Kind: domain.KindStaff, ID: "bea", Field: "deleted", Value: "true"})
		},
		func() error {
			return g.push(laptop, "ada", 1, record.Write{Kind: domain.KindStaff, ID: "ada", Field: "role", Value: domain.RoleLinkWorker})
		})
	refused := 0
	for _, err := range errs {
		if err != nil {
			if !strings.Contains(err.Error(), "last administrator") {
				t.Errorf("refused for another reason: %v", err)
			}
			refused++
		}
	}
	admins := 0
	for _, id := range []string{"ada", "bea"} {
		e, err := g.st.Entity(domain.KindStaff, id)
		if err != nil {
			t.Fatal(err)
		}
		if !e.Deleted() && e.Get("role") == domain.RoleAdministrator {
			admins++
		}
	}
	if admins != 1 || refused != 1 {
		t.Errorf("after both offices removed the other administrator, %d administrators are on record and %d of the pushes was refused; want 1 and 1", admins, refused)
	}
}
