package storage

import (
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

// TestEraseMergedPersonBlanksEveryMarkNote: Priya was registered twice (p2
// merged into p1) and both records were ticked at the same session, each
// with a note. Erasing her must blank the notes of every one of her marks,
// the duplicate's too.
func TestEraseMergedPersonBlanksEveryMarkNote(t *testing.T) {
	s, _ := openTemp(t, Options{})
	sid := domain.SessionID("garden", "2026-03-09")
	p2 := personChange("p2", "Priya", "Patel", "")
	p2.Fields[record.FieldMergedInto] = "p1"
	must(t, s.Save("ann",
		personChange("p1", "Priya", "Patel", ""), p2,
		record.Change{Kind: domain.KindEnrolment, ID: domain.EnrolmentID("garden", "p1"), Fields: map[string]string{"activity_id": "garden", "person_id": "p1"}},
		record.Change{Kind: domain.KindEnrolment, ID: domain.EnrolmentID("garden", "p2"), Fields: map[string]string{"activity_id": "garden", "person_id": "p2"}},
		record.Change{Kind: domain.KindAttendance, ID: domain.AttendanceID(sid, "p1"),
			Fields: map[string]string{"session_id": sid, "person_id": "p1", "status": domain.StatusPresent, "note": "came with daughter"}},
		record.Change{Kind: domain.KindAttendance, ID: domain.AttendanceID(sid, "p2"),
			Fields: map[string]string{"session_id": sid, "person_id": "p2", "status": domain.StatusPresent, "note": "upset about her diagnosis", "companion": "carer"}},
	))
	must(t, s.ErasePerson("admin", "p1"))
	for _, p := range []string{"p1", "p2"} {
		m, ok := s.View().Get(domain.KindAttendance, domain.AttendanceID(sid, p))
		if !ok {
			t.Fatalf("%s's mark is gone; its status should stay for counts", p)
		}
		if m.Get("note") != "" || m.Get("companion") != "" {
			t.Errorf("%s's mark keeps note %q, companion %q after erasure", p, m.Get("note"), m.Get("companion"))
		}
	}
}

// annTwice is Ann registered twice, dup merged into surv, with changes
// that give her a case.
func annTwice(changes ...record.Change) []record.Change {
	return append([]record.Change{
		personChange("surv", "Ann", "Lee", ""),
		personChange("dup", "Ann", "Lee", ""),
		{Kind: domain.KindPerson, ID: "dup", Fields: map[string]string{record.FieldMergedInto: "surv"}},
	}, changes...)
}

func referral(id, person string, fields ...string) record.Change {
	c := record.Change{Kind: domain.KindReferral, ID: id, Fields: map[string]string{"person_id": person}}
	for i := 0; i+1 < len(fields); i += 2 {
		c.Fields[fields[i]] = fields[i+1]
	}
	return c
}

// TestExpiredCasesListEachPersonOnceByTheirWholeCase: a person's case is
// every referral made for any record merged into them (as View.By shows
// it), so they are listed under their surviving record, once, and only
// when all of it closed before the cutoff and nobody has seen them since.
func TestExpiredCasesListEachPersonOnceByTheirWholeCase(t *testing.T) {
	sid := domain.SessionID("garden", "2026-06-01")
	for _, tc := range []struct {
		name    string
		changes []record.Change
		want    []string
	}{
		{"the duplicate's referral made offline after the merge is open", []record.Change{
			referral("r-old", "surv", "status", "closed", "closed", "2025-01-10"),
			referral("r-new", "dup", "status", "received", "received", "2026-11-01"),
		}, nil},
		{"the survivor's referral is open, the duplicate's closed long ago", []record.Change{
			referral("r-old", "dup", "status", "closed", "closed", "2025-01-10"),
			referral("r-open", "surv", "status", "matched", "received", "2026-10-01"),
		}, nil},
		{"only the duplicate's referral, closed long ago", []record.Change{
			referral("r-old", "dup", "status", "closed", "closed", "2025-01-10"),
		}, []string{"surv"}},
		{"both closed long ago", []record.Change{
			referral("r1", "dup", "status", "closed", "closed", "2025-01-10"),
			referral("r2", "surv", "status", "closed", "closed", "2025-02-10"),
		}, []string{"surv"}},
		{"closed long ago but ticked at the garden since, under the duplicate", []record.Change{
			referral("r1", "surv", "status", "closed", "closed", "2025-01-10"),
			{Kind: domain.KindEnrolment, ID: domain.EnrolmentID("garden", "dup"), Fields: map[string]string{"activity_id": "garden", "person_id": "dup"}},
			{Kind: domain.KindAttendance, ID: domain.AttendanceID(sid, "dup"),
				Fields: map[string]string{"session_id": sid, "person_id": "dup", "date": "2026-06-01", "status": domain.StatusPresent}},
		}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := openTemp(t, Options{})
			must(t, s.Save("ann", annTwice(tc.changes...)...))
			if got := ExpiredCases(s.View(), "2025-11-21"); !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("ExpiredCases = %v, want %v", got, tc.want)
			}
		})
	}
}

// TestErasingEveryListedCaseKeepsOpenCases: Ann's old referral under her
// duplicate record (made on a device that had not synced when she was
// merged, so never re-pointed) closed long ago, but her case is open under
// the surviving record, with a follow-up due. Erasing everyone listed as
// past the retention period, as "Erase all" does, must keep her case.
func TestErasingEveryListedCaseKeepsOpenCases(t *testing.T) {
	s, _ := openTemp(t, Options{})
	must(t, s.Save("ann", annTwice(
		referral("r-old", "dup", "status", "closed", "closed", "2025-01-10"),
		referral("r-open", "surv", "status", "matched", "received", "2026-10-01"),
		record.Change{Kind: domain.KindFollowUp, ID: "f-open", Fields: map[string]string{"person_id": "surv", "referral_id": "r-open", "due": "2026-12-01"}},
	)...))
	for _, id := range ExpiredCases(s.View(), "2025-11-21") {
		must(t, s.ErasePerson("admin", id))
	}
	v := s.View()
	if _, ok := v.Get(domain.KindReferral, "r-open"); !ok {
		t.Error("the survivor's open referral was erased")
	}
	if got := v.FollowUpsDueBy("2026-12-31"); len(got) != 1 {
		t.Errorf("the survivor's follow-up due 2026-12-01 is gone from the list: %v", got)
	}
}

// TestErasingAPersonTakesEveryMergedRecordAndNoMore: erasing Ann erases her
// surviving record and every record merged into it, with all their case
// records. Her duplicate alone is not a person to erase while the record
// it was merged into is here: erasing it would take half of her (and, by
// the merge, her open case), so it is refused, naming the survivor. A
// duplicate whose survivor this device does not hold takes only its own
// records, as the server erases it.
func TestErasingAPersonTakesEveryMergedRecordAndNoMore(t *testing.T) {
	ann := annTwice(
		referral("r-old", "dup", "status", "closed", "closed", "2025-01-10"),
		referral("r-open", "surv", "status", "matched", "received", "2026-10-01"),
		record.Change{Kind: domain.KindFollowUp, ID: "f-open", Fields: map[string]string{"person_id": "surv", "referral_id": "r-open", "due": "2026-12-01"}},
	)
	elsewhere := []record.Change{
		personChange("dup", "Ann", "Lee", ""),
		{Kind: domain.KindPerson, ID: "dup", Fields: map[string]string{record.FieldMergedInto: "surv"}},
		referral("r-old", "dup", "status", "closed", "closed", "2025-01-10"),
		referral("r-open", "surv", "status", "matched", "received", "2026-10-01"),
	}
	for _, tc := range []struct {
		name    string
		held    []record.Change
		erase   string
		refused bool
		erased  []string // person:id and referral:id etc.
	}{
		{"the survivor", ann, "surv", false, []string{"person:surv", "person:dup", "referral:r-old", "referral:r-open", "followup:f-open"}},
		{"the duplicate alone", ann, "dup", true, nil},
		{"a duplicate whose survivor is not here", elsewhere, "dup", false, []string{"person:dup", "referral:r-old"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := openTemp(t, Options{})
			must(t, s.Save("ann", tc.held...))
			changes, err := ErasureChanges(s.View(), tc.erase)
			if tc.refused {
				if err == nil || !strings.Contains(err.Error(), "surv") {
					t.Fatalf("erasing %s: err %v, want a refusal naming the survivor", tc.erase, err)
				}
				return
			}
			must(t, err)
			var got []string
			for _, c := range changes {
				if c.Fields[record.FieldErased] == "true" {
					got = append(got, string(c.Kind)+":"+c.ID)
				}
			}
			sort.Strings(got)
			want := append([]string(nil), tc.erased...)
			sort.Strings(want)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("erasing %s erases %v, want %v", tc.erase, got, want)
			}
		})
	}
}
