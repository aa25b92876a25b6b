package storage

import (
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

func markChange(activity, date, person, status string) record.Change {
	sid := domain.SessionID(activity, date)
	m := domain.Attendance{SessionID: sid, PersonID: person, ActivityID: activity, VenueID: "v1", Date: date, Status: status}
	return record.Change{Kind: domain.KindAttendance, ID: domain.AttendanceID(sid, person), Fields: domain.Encode(m)}
}

func enrolChange(activity, person string) record.Change {
	e := domain.Enrolment{ActivityID: activity, PersonID: person, VenueID: "v1", Started: "2026-01-01"}
	return record.Change{Kind: domain.KindEnrolment, ID: domain.EnrolmentID(activity, person), Fields: domain.Encode(e)}
}

// TestReadModelResolvesMergedPeople: after old is merged into new (and new
// into newest), the read model answers for the survivor with the records of
// every id merged into it, including records written for an old id after
// the merge, one mark per session; and it still does after a rebuild.
func TestReadModelResolvesMergedPeople(t *testing.T) {
	s, dir := openTemp(t, Options{})
	must(t, s.Save("ann", personChange("old", "Ann", "Lee", ""), personChange("new", "Ann", "Lee", ""),
		personChange("newest", "Ann", "Lee", ""), personChange("other", "Bob", "Ray", ""),
		enrolChange("garden", "old"), enrolChange("garden", "new"), enrolChange("garden", "other"),
		markChange("garden", "2026-02-01", "old", domain.StatusPresent),
		markChange("garden", "2026-02-08", "new", domain.StatusPresent),
		// Both records marked at one session: the survivor's own mark counts.
		markChange("garden", "2026-02-15", "old", domain.StatusAbsent),
		markChange("garden", "2026-02-15", "new", domain.StatusLate),
		markChange("garden", "2026-02-15", "other", domain.StatusPresent),
		record.Change{Kind: domain.KindReferral, ID: "r-old", Fields: map[string]string{"person_id": "old", "status": "received"}},
	))
	must(t, s.Save("ann",
		record.Change{Kind: domain.KindPerson, ID: "old", Fields: map[string]string{record.FieldMergedInto: "new"}},
		record.Change{Kind: domain.KindPerson, ID: "new", Fields: map[string]string{record.FieldMergedInto: "newest"}}))
	// Made for the old id after the merge (as another device would, offline).
	must(t, s.Save("bev", markChange("garden", "2026-02-22", "old", domain.StatusPresent),
		record.Change{Kind: domain.KindContact, ID: "c-late", Fields: map[string]string{"person_id": "old", "method": "text"}}))

	check := func(t *testing.T, v *View) {
		t.Helper()
		if got := v.ResolvePerson("old"); got != "newest" {
			t.Errorf("ResolvePerson(old) = %q, want newest", got)
		}
		if got := v.PersonIDs("new"); len(got) != 3 || got[0] != "newest" {
			t.Errorf("PersonIDs(new) = %v, want newest first and all three", got)
		}
		if got := v.PersonIDs("other"); len(got) != 1 {
			t.Errorf("PersonIDs(other) = %v", got)
		}
		for _, kind := range []record.Kind{domain.KindReferral, domain.KindContact} {
			if rows := v.By(kind, "person_id", "newest"); len(rows) != 1 {
				t.Errorf("%s rows for the survivor: %d, want 1", kind, len(rows))
			}
		}
		marks := v.PersonAttendance("newest")
		want := []string{domain.StatusPresent, domain.StatusPresent, domain.StatusLate, domain.StatusPresent}
		if len(marks) != len(want) {
			t.Fatalf("survivor has %d marks, want %d: %+v", len(marks), len(want), marks)
		}
		for i, m := range marks {
			if m.Status != want[i] || m.PersonID != "newest" {
				t.Errorf("mark %d: %s for %s, want %s for newest", i, m.Status, m.PersonID, want[i])
			}
		}
		if n := len(v.PersonAttendance("other")); n != 1 {
			t.Errorf("other has %d marks, want 1", n)
		}
	}
	t.Run("live", func(t *testing.T) { check(t, s.View()) })
	must(t, s.Close())
	s2, err := Open(dir, Options{})
	must(t, err)
	defer s2.Close()
	t.Run("rebuilt", func(t *testing.T) { check(t, s2.View()) })
}

// TestPersonWithoutSurvivorOnDevice: a venue tablet may hold a duplicate's
// merged_into before the survivor's card reaches it; it still shows the
// person it has.
func TestPersonWithoutSurvivorOnDevice(t *testing.T) {
	s, _ := openTemp(t, Options{})
	must(t, s.Save("ann", personChange("old", "Ann", "Lee", "")))
	must(t, s.Save("ann", record.Change{Kind: domain.KindPerson, ID: "old", Fields: map[string]string{record.FieldMergedInto: "absent"}}))
	if p, ok := s.View().Person("old"); !ok || p.GivenName != "Ann" {
		t.Errorf("Person(old) = %+v, %v; want Ann's card as held", p, ok)
	}
	if _, ok := s.View().Person("nobody"); ok {
		t.Error("found a person who is not there")
	}
}

// TestMergedPersonsPresentBeatsTheirAbsent: a walk-in record ticked present
// and the person's enrolled record marked absent at the same session count,
// once merged, as present, in their own history as in the register (the
// one rule, domain.PreferMark).
func TestMergedPersonsPresentBeatsTheirAbsent(t *testing.T) {
	s, _ := openTemp(t, Options{})
	must(t, s.Save("ann", personChange("enrolled", "Priya", "Patel", ""), personChange("walkin", "Priya", "Patel", ""),
		enrolChange("garden", "enrolled"), enrolChange("garden", "walkin"),
		markChange("garden", "2026-03-16", "enrolled", domain.StatusAbsent),
		markChange("garden", "2026-03-16", "walkin", domain.StatusPresent)))
	must(t, s.Save("ann", record.Change{Kind: domain.KindPerson, ID: "walkin", Fields: map[string]string{record.FieldMergedInto: "enrolled"}}))
	v := s.View()
	history := v.PersonAttendance("enrolled")
	register := v.Attendance(domain.SessionID("garden", "2026-03-16"))
	for name, marks := range map[string][]domain.Attendance{"history": history, "register": register} {
		if len(marks) != 1 || marks[0].Status != domain.StatusPresent || marks[0].PersonID != "enrolled" {
			t.Errorf("%s: %+v, want one present mark for enrolled", name, marks)
		}
	}
}

// TestPersonOnACycleOfMerges: two opposite merges, held for a moment
// before the server's fix arrives, open as one person from either record,
// and a record merged into one the device lacks opens as itself.
func TestPersonOnACycleOfMerges(t *testing.T) {
	s, _ := openTemp(t, Options{})
	p := func(id, into string) record.Change {
		return record.Change{Kind: domain.KindPerson, ID: id, Fields: map[string]string{
			"given_name": "Wil", "family_name": id, record.FieldMergedInto: into}}
	}
	must(t, s.Save("ann", p("p2", "p1"), p("p1", "p2"), p("p3", "elsewhere")))
	for _, c := range []struct{ id, want string }{{"p1", "p1"}, {"p2", "p1"}, {"p3", "p3"}} {
		got, ok := s.View().Person(c.id)
		if !ok || got.ID != c.want {
			t.Errorf("Person(%s) = %q, %v; want %s", c.id, got.ID, ok, c.want)
		}
	}
}
