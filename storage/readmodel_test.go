package storage

import (
	"fmt"
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
