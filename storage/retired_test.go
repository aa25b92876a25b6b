package storage

import (
	"testing"
	"time"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

// TestRetiredRecordsKeepTheirHistory: an archived venue or activity leaves
// the lists of what is in use but stays, apart, for reports of the months
// it ran, with the day it was archived; put back, it is in use again. An
// erased person merged into another leaves a tombstone with merged_into
// only. The same after a rebuild; a record the device forgets is gone.
func TestRetiredRecordsKeepTheirHistory(t *testing.T) {
	s, dir := openTemp(t, Options{})
	today := domain.DateOf(time.Now())
	must(t, s.Save("ann",
		record.Change{Kind: domain.KindVenue, ID: "v1", Fields: map[string]string{"name": "Town Library"}},
		record.Change{Kind: domain.KindVenue, ID: "v2", Fields: map[string]string{"name": "Church Hall"}},
		record.Change{Kind: domain.KindActivity, ID: "money", Fields: map[string]string{"name": "Money advice", "venue_id": "v1", "capacity": "6"}},
		record.Change{Kind: domain.KindActivity, ID: "craft", Fields: map[string]string{"name": "Craft", "venue_id": "v2"}},
		personChange("p1", "Priya", "Patel", ""), personChange("p2", "Priya", "Patel", ""), personChange("p3", "Bob", "Ray", ""),
	))
	must(t, s.Save("ann", record.Change{Kind: domain.KindPerson, ID: "p2", Fields: map[string]string{record.FieldMergedInto: "p1"}}))
	must(t, s.Save("ann", domain.Archive(domain.KindActivity, "money"), domain.Archive(domain.KindVenue, "v1"),
		domain.Archive(domain.KindActivity, "craft")))
	must(t, s.Save("ann", domain.Restore(domain.KindActivity, "craft")))
	must(t, s.ErasePerson("admin", "p1"))
	must(t, s.ErasePerson("admin", "p3"))

	ids := func(rows []*Row) []string {
		var out []string
		for _, r := range rows {
			out = append(out, r.ID)
		}
		return out
	}
	check := func(t *testing.T, v *View) {
		t.Helper()
		for _, tc := range []struct {
			kind          record.Kind
			live, retired []string
		}{
			{domain.KindVenue, []string{"v2"}, []string{"v1"}},
			{domain.KindActivity, []string{"craft"}, []string{"money"}},
			{domain.KindPerson, nil, []string{"p2"}},
		} {
			if got := ids(v.All(tc.kind)); !equalStrings(got, tc.live) {
				t.Errorf("All(%s) = %v, want %v", tc.kind, got, tc.live)
			}
			if got := ids(v.Retired(tc.kind)); !equalStrings(got, tc.retired) {
				t.Errorf("Retired(%s) = %v, want %v", tc.kind, got, tc.retired)
			}
		}
		if m := v.Retired(domain.KindActivity); len(m) == 1 {
			var a domain.Activity
			m[0].Decode(&a)
			if a.Name != "Money advice" || a.Capacity != 6 || !a.Deleted || m[0].Get(FieldArchivedOn) != today {
				t.Errorf("archived activity %+v on %q, want Money advice, 6 places, archived %s", a, m[0].Get(FieldArchivedOn), today)
			}
		}
		if p := v.Retired(domain.KindPerson); len(p) == 1 {
			if vals := p[0].Values(); len(vals) != 2 || vals[record.FieldMergedInto] != "p1" || vals[record.FieldErased] != "true" {
				t.Errorf("erased duplicate keeps %v, want only erased and merged_into p1", vals)
			}
		}
	}
	t.Run("live", func(t *testing.T) { check(t, s.View()) })
	must(t, s.Close())
	s2, err := Open(dir, Options{})
	must(t, err)
	defer s2.Close()
	t.Run("rebuilt", func(t *testing.T) { check(t, s2.View()) })

	t.Run("forgotten", func(t *testing.T) {
		must(t, s2.Ack(s2.QueueSeq())) // the server holds all of it
		if _, err := s2.ForgetRecords(func(k record.Kind) bool { return k != domain.KindPerson }, nil); err != nil {
			t.Fatal(err)
		}
		if got := ids(s2.View().Retired(domain.KindActivity)); len(got) != 0 {
			t.Errorf("a forgotten activity is still kept: %v", got)
		}
	})
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
