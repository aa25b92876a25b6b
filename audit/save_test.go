package audit

import (
	"testing"
	"time"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

type countingSaver struct {
	calls   int
	staff   string
	changes []record.Change
}

func (s *countingSaver) Save(staff string, changes ...record.Change) error {
	s.calls++
	s.staff, s.changes = staff, changes
	return nil
}

// TestSaveCommitsTheChangeWithItsEntry: a screen's save is one commit
// holding the change and its audit entry, made as the staff member.
func TestSaveCommitsTheChangeWithItsEntry(t *testing.T) {
	var s countingSaver
	rec := Recorder{Device: "dev-1", Now: func() time.Time { return time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC) }}
	change := record.Change{Kind: domain.KindPerson, ID: "p1", Fields: map[string]string{"phone": "07700 900123"}}
	if err := rec.Save(&s, "staff-priya", change); err != nil {
		t.Fatal(err)
	}
	if s.calls != 1 || s.staff != "staff-priya" {
		t.Fatalf("%d saves as %q, want one as staff-priya", s.calls, s.staff)
	}
	var audited bool
	for _, c := range s.changes {
		audited = audited || c.Kind == domain.KindAudit && c.Fields["entity_id"] == "p1"
	}
	if len(s.changes) < 2 || s.changes[0].ID != "p1" || !audited {
		t.Errorf("the save holds %+v, want the change and its audit entry", s.changes)
	}
}
