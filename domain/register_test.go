package domain

import (
	"fmt"
	"testing"
	"time"

	"github.com/gather-sp/gather/record"
)

func changeOf(t *testing.T, cs []record.Change, kind record.Kind) record.Change {
	t.Helper()
	for _, c := range cs {
		if c.Kind == kind {
			return c
		}
	}
	t.Fatalf("no %s change in %v", kind, cs)
	return record.Change{}
}

func TestMarkPerson(t *testing.T) {
	s := Session{ActivityID: "garden", VenueID: "v1", Date: "2026-11-21"}
	at := time.Date(2026, 11, 21, 10, 5, 0, 0, time.UTC)
	prev := Attendance{Status: StatusApologies, Note: "dentist"}
	for _, tc := range []struct {
		name       string
		m          Attendance
		enrol      *Enrolment
		wantEnrol  bool
		wantStatus string
	}{
		{"expected, marked here", Attendance{Status: StatusPresent, Companion: "friend"}, nil, false, StatusPresent},
		{"found by search, not enrolled", Attendance{Status: StatusPresent}, &Enrolment{}, true, StatusPresent},
		{"found by search, enrolment ended", Attendance{Status: StatusPresent}, &Enrolment{ID: "e", Ended: "2026-10-01"}, true, StatusPresent},
		{"found by search, enrolled already", Attendance{Status: StatusPresent}, &Enrolment{ID: "e", Started: "2026-01-01"}, false, StatusPresent},
		{"cleared", Attendance{Companion: "friend", Note: "x"}, nil, false, ""},
		{"apologies", Attendance{Status: StatusApologies, Companion: "friend", Note: "x"}, nil, false, StatusApologies},
		{"absent", Attendance{Status: StatusAbsent, Companion: "carer"}, nil, false, StatusAbsent},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := MarkPerson(s, "p1", prev, tc.m, "staff-bev", at, tc.enrol)
			sess := changeOf(t, a.Changes, KindSession)
			if sess.ID != SessionID("garden", "2026-11-21") || sess.Fields["venue_id"] != "v1" {
				t.Errorf("session change %+v", sess)
			}
			mark := changeOf(t, a.Changes, KindAttendance)
			if mark.ID != AttendanceID(sess.ID, "p1") || mark.Fields["status"] != tc.wantStatus || mark.Fields["marked_by"] != "staff-bev" {
				t.Errorf("mark %+v", mark)
			}
			if tc.wantStatus == "" && (mark.Fields["companion"] != "" || mark.Fields["note"] != "") {
				t.Errorf("a cleared mark keeps %+v", mark.Fields)
			}
			// Only someone who came came with a friend or carer.
			if want := map[bool]string{true: tc.m.Companion}[Attended(tc.wantStatus)]; mark.Fields["companion"] != want {
				t.Errorf("a %q mark keeps companion %q, want %q", tc.wantStatus, mark.Fields["companion"], want)
			}
			if tc.wantStatus == StatusApologies && mark.Fields["note"] != "x" {
				t.Errorf("apologies lost their note: %+v", mark.Fields)
			}
			undo := changeOf(t, a.Undo, KindAttendance)
			if undo.Fields["status"] != StatusApologies || undo.Fields["note"] != "dentist" {
				t.Errorf("undo does not restore the previous mark: %+v", undo.Fields)
			}
			var enrolled, unenrolled bool
			for _, c := range a.Changes {
				enrolled = enrolled || c.Kind == KindEnrolment && c.ID == EnrolmentID("garden", "p1") && c.Fields["started"] == "2026-11-21"
			}
			for _, c := range a.Undo {
				unenrolled = unenrolled || c.Kind == KindEnrolment && c.Fields[record.FieldDeleted] == "true"
			}
			if enrolled != tc.wantEnrol || unenrolled != tc.wantEnrol {
				t.Errorf("enrolled %v, undo takes it back %v; want %v", enrolled, unenrolled, tc.wantEnrol)
			}
		})
	}
}

func TestCloseAndReopenSession(t *testing.T) {
	s := Session{ActivityID: "garden", VenueID: "v1", Date: "2026-11-21"}
	at := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	marks := []Attendance{{PersonID: "a", Status: StatusPresent}}
	for _, restAbsent := range []bool{false, true} {
		cs := CloseSession(s, []string{"a", "b", "c"}, marks, "  Rain later  ", restAbsent, "staff-bev", at)
		ch := changeOf(t, cs, KindSession)
		if ch.Fields["closed"] != "true" || ch.Fields["closed_by"] != "staff-bev" || ch.Fields["note"] != "Rain later" ||
			ch.Fields["expected_at_close"] != ExpectedAtCloseField([]string{"a", "b", "c"}) {
			t.Errorf("closing writes %+v", ch.Fields)
		}
		absent := 0
		for _, c := range cs {
			if c.Kind == KindAttendance && c.Fields["status"] == StatusAbsent {
				absent++
			}
		}
		if want := map[bool]int{false: 0, true: 2}[restAbsent]; absent != want {
			t.Errorf("rest absent %v: %d marked absent, want %d", restAbsent, absent, want)
		}
	}
	if r := ReopenSession(s); r.Fields["closed"] != "" || r.ID != SessionID("garden", "2026-11-21") {
		t.Errorf("reopen writes %+v", r)
	}
}

func TestArchiveAndRestore(t *testing.T) {
	a, r := Archive(KindVenue, "v1"), Restore(KindVenue, "v1")
	if a.Kind != KindVenue || a.ID != "v1" || a.Fields[record.FieldDeleted] != "true" || len(a.Fields) != 1 {
		t.Errorf("Archive = %+v", a)
	}
	if v, ok := r.Fields[record.FieldDeleted]; !ok || v != "" || len(r.Fields) != 1 {
		t.Errorf("Restore = %+v", r)
	}
}

func TestResolveConflict(t *testing.T) {
	c := Conflict{ID: "c1", EntityKind: string(KindAttendance), EntityID: "s/p", Field: "status",
		WinnerValue: StatusAbsent, LoserValue: StatusPresent}
	for _, keepLoser := range []bool{false, true} {
		cs := ResolveConflict(c, keepLoser, "staff-alex")
		mark := changeOf(t, cs, KindConflict)
		want := map[bool]string{false: ResolvedWinner, true: ResolvedLoser}[keepLoser]
		if mark.ID != "c1" || mark.Fields["resolved"] != want || mark.Fields["resolved_by"] != "staff-alex" {
			t.Errorf("keep loser %v: the conflict is marked %+v", keepLoser, mark)
		}
		var putBack bool
		for _, ch := range cs {
			putBack = putBack || ch.Kind == KindAttendance && ch.ID == "s/p" && ch.Fields["status"] == StatusPresent
		}
		if putBack != keepLoser {
			t.Errorf("keep loser %v: the set-aside value written back %v", keepLoser, putBack)
		}
	}
}

func TestSetRetentionMonths(t *testing.T) {
	for _, months := range []int{0, 24, 72} {
		ch := SetRetentionMonths(months)
		if ch.Kind != KindSetting || ch.ID != OrgSettingsID || len(ch.Fields) != 1 || ch.Fields["retention_months"] != fmt.Sprint(months) {
			t.Errorf("%d months: change %+v", months, ch)
		}
	}
}

func TestSetFollowUpWeeks(t *testing.T) {
	for _, tc := range []struct {
		weeks int
		ok    bool
	}{{3, false}, {4, true}, {6, true}, {7, false}} {
		ch, err := SetFollowUpWeeks(tc.weeks)
		if (err == nil) != tc.ok {
			t.Errorf("%d weeks: error %v, want ok %v", tc.weeks, err, tc.ok)
		}
		if tc.ok && (ch.Kind != KindSetting || ch.ID != OrgSettingsID || ch.Fields["follow_up_weeks"] != fmt.Sprint(tc.weeks)) {
			t.Errorf("%d weeks: change %+v", tc.weeks, ch)
		}
	}
}
