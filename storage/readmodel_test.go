package storage

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/hlc"
	"github.com/gather-sp/gather/record"
)

// TestRowEncoding covers the row layout's less common cases: long values,
// values that are pieces of the id, many field names (numbers past one
// byte) and a person's hidden name keys.
func TestRowEncoding(t *testing.T) {
	for i := 0; i < 200; i++ {
		fieldNames.id([]byte(fmt.Sprintf("zz_test_field_%03d", i)))
	}
	want := map[string]string{
		"session_id":         "act@2026-01-02",
		"person_id":          "p1",
		"date":               "2026-01-02",
		"notes":              strings.Repeat("long note ", 40),
		"zz_test_field_199":  "late name",
		"given_name":         "Siobhán",
		"family_name":        "O'Brien",
		"zz_test_field_000":  "ab",
		"a_field_name_extra": strings.Repeat("x", 200),
	}
	for _, kind := range []record.Kind{domain.KindAttendance, domain.KindPerson} {
		e := record.NewEntity(kind, "act@2026-01-02/p1")
		for k, v := range want {
			e.Fields[k] = record.FieldState{Value: v, Stamp: hlc.Timestamp{Wall: 1}}
		}
		r := newRow(e)
		for k, v := range want {
			if got := r.Get(k); got != v {
				t.Errorf("%s: Get(%q) = %q, want %q", kind, k, got, v)
			}
		}
		if got := r.Values(); len(got) != len(want) {
			t.Errorf("%s: Values has %d fields, want %d: %v", kind, len(got), len(want), got)
		}
		if r.Get("missing") != "" || r.Get("") != "" {
			t.Errorf("%s: a missing field has a value", kind)
		}
		var keys []string
		r.nameKeys(func(k string) bool { keys = append(keys, k); return true })
		if kind == domain.KindPerson && strings.Join(keys, ",") != "siobhan,obrien,o,brien" {
			t.Errorf("person name keys %q", keys)
		}
		if kind != domain.KindPerson && keys != nil {
			t.Errorf("%s has name keys %q", kind, keys)
		}
	}
}

// TestOneCommitManyMarksOfASession: marks of one session saved together
// (added, changed and deleted in one commit, as a pulled page holds them)
// leave the register the same as saving them one by one would.
func TestOneCommitManyMarksOfASession(t *testing.T) {
	s, _ := openTemp(t, Options{})
	sid := domain.SessionID("garden", "2026-11-21")
	mark := func(pid, status string) record.Change {
		return record.Change{Kind: domain.KindAttendance, ID: domain.AttendanceID(sid, pid),
			Fields: map[string]string{"session_id": sid, "person_id": pid, "status": status}}
	}
	must(t, s.Save("bev", mark("p2", domain.StatusPresent), mark("p4", domain.StatusPresent)))
	gone := mark("p4", "")
	gone.Fields = map[string]string{record.FieldDeleted: "true"}
	must(t, s.Save("bev", mark("p3", domain.StatusLate), mark("p1", domain.StatusAbsent), mark("p2", domain.StatusLeftEarly), gone))
	got := map[string]string{}
	var order []string
	for _, m := range s.View().Attendance(sid) {
		got[m.PersonID] = m.Status
		order = append(order, m.PersonID)
	}
	want := map[string]string{"p1": domain.StatusAbsent, "p2": domain.StatusLeftEarly, "p3": domain.StatusLate}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("the register holds %v, want %v", got, want)
	}
	if !sort.StringsAreSorted(order) {
		t.Errorf("the register's marks are out of order: %v", order)
	}
}
