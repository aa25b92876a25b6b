package domain

import (
	"reflect"
	"testing"
	"time"

	"github.com/gather-sp/gather/record"
)

func TestEncodeDecodeRoundTrip(t *testing.T) {
	records := []any{
		&Person{ID: "p1", GivenName: "Zoë", FamilyName: "Ng", PreferredName: "Zo", ContactPreferences: []string{"phone", "letter"}, NHSNumber: "943 476 5919"},
		&Activity{ID: "a1", Name: "Garden group", Weekday: time.Tuesday, Capacity: 12, Online: false, NextSteps: []string{"a2"}},
		&Attendance{ID: "s/p", Status: StatusLate, MarkedAt: time.Date(2026, 11, 21, 10, 4, 5, 0, time.UTC)},
		&Measure{ID: "m1", Items: []int{7, 8, 6, 3}, SelfCompleted: true},
	}
	for _, rec := range records {
		t.Run(reflect.TypeOf(rec).Elem().Name(), func(t *testing.T) {
			id := reflect.ValueOf(rec).Elem().Field(0).String()
			got := reflect.New(reflect.TypeOf(rec).Elem()).Interface()
			Decode(id, Values(Encode(rec)), got)
			if !reflect.DeepEqual(got, rec) {
				t.Fatalf("got %+v\nwant %+v", got, rec)
			}
		})
	}
}

func TestDiffOnlyChangedFields(t *testing.T) {
	before := Person{ID: "p", GivenName: "Ann", FamilyName: "Lee"}
	after := before
	after.PreferredName = "Annie"
	got := Diff(before, after)
	if !reflect.DeepEqual(got, map[string]string{"preferred_name": "Annie"}) {
		t.Fatalf("Diff = %v", got)
	}
}

func TestDerivedIDsInvert(t *testing.T) {
	s := SessionID("act1", "2026-11-21")
	if a, d, ok := ParseSessionID(s); !ok || a != "act1" || d != "2026-11-21" {
		t.Fatalf("ParseSessionID(%q) = %q %q %v", s, a, d, ok)
	}
	at := AttendanceID(s, "p9")
	if ss, p, ok := ParseAttendanceID(at); !ok || ss != s || p != "p9" {
		t.Fatalf("ParseAttendanceID(%q) = %q %q %v", at, ss, p, ok)
	}
	e := EnrolmentID("act1", "p9")
	if a, p, ok := ParseEnrolmentID(e); !ok || a != "act1" || p != "p9" {
		t.Fatalf("ParseEnrolmentID(%q) = %q %q %v", e, a, p, ok)
	}
	for _, bad := range []string{"", "@", "x@", "@y"} {
		if _, _, ok := ParseSessionID(bad); ok {
			t.Errorf("ParseSessionID(%q) ok", bad)
		}
	}
	if SessionID("a", "2026-01-01") != SessionID("a", "2026-01-01") {
		t.Fatal("derived ids must be deterministic")
	}
}

func TestNewIDUnique(t *testing.T) {
	seen := map[string]bool{}
	for i := 0; i < 1000; i++ {
		id := NewID()
		if len(id) != 16 || seen[id] {
			t.Fatalf("bad or repeated id %q", id)
		}
		seen[id] = true
	}
}

func TestCaseDataSplit(t *testing.T) {
	cases := []struct {
		kind  record.Kind
		field string
		want  bool
	}{
		{KindPerson, "given_name", false},
		{KindPerson, "access_needs", false},
		{KindPerson, "nhs_number", true},
		{KindPerson, "phone", true},
		{KindAttendance, "status", false},
		{KindReferral, "status", true},
		{KindMeasure, "items", true},
		{KindSetting, "service_phone", false}, // printed on a tablet's info sheets
		{KindSetting, "service_name", false},
		{KindSetting, "follow_up_weeks", true},
		{KindSetting, "retention_months", true},
		{KindSetting, "a_setting_from_a_newer_app", true}, // fail closed
		{"unknown-kind", "x", true},                       // fail closed
	}
	for _, tc := range cases {
		if got := IsCaseData(tc.kind, tc.field); got != tc.want {
			t.Errorf("IsCaseData(%s, %s) = %v, want %v", tc.kind, tc.field, got, tc.want)
		}
	}
}
