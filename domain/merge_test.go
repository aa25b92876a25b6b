package domain

import (
	"errors"
	"reflect"
	"testing"

	"github.com/gather-sp/gather/record"
)

func mergeFixture() Merge {
	return Merge{
		Survivor: Person{ID: "s", GivenName: "Peter", FamilyName: "Thomas", AccessNeeds: "hearing aid", Phone: "07700 900001"},
		Duplicate: Person{ID: "d", GivenName: "Pete", FamilyName: "Thomas", PreferredName: "Pete",
			DateOfBirth: "1950-02-03", Phone: "07700 900999", Gender: PreferNotToSay},
		Enrolments: []Enrolment{
			{ID: EnrolmentID("garden", "s"), ActivityID: "garden", PersonID: "s", VenueID: "v1", Started: "2026-03-01"},
			{ID: EnrolmentID("garden", "d"), ActivityID: "garden", PersonID: "d", VenueID: "v1", Started: "2026-02-01"},
			{ID: EnrolmentID("craft", "d"), ActivityID: "craft", PersonID: "d", VenueID: "v2", Started: "2026-04-01"},
			{ID: EnrolmentID("choir", "d"), ActivityID: "choir", PersonID: "d", VenueID: "v2", Started: "2026-01-01", Ended: "2026-02-01"},
		},
		Links: []PersonLink{
			{Kind: KindReferral, ID: "r1", PersonID: "d"},
			{Kind: KindMeasure, ID: "m1", PersonID: "d"},
			{Kind: KindConsent, ID: "c1", PersonID: "d"},
			{Kind: KindReferral, ID: "r0", PersonID: "s"}, // already the survivor's
		},
		Today: "2026-05-10",
	}
}

// changesByID indexes changes by kind/id, failing on a record written twice.
func changesByID(t *testing.T, cs []record.Change) map[string]map[string]string {
	t.Helper()
	out := map[string]map[string]string{}
	for _, c := range cs {
		k := string(c.Kind) + ":" + c.ID
		if _, dup := out[k]; dup {
			t.Fatalf("%s written twice in one merge", k)
		}
		out[k] = c.Fields
	}
	return out
}

func TestMergePeople(t *testing.T) {
	m := mergeFixture()
	m.TakeFromDuplicate = []string{"date_of_birth", "phone", "preferred_name", "family_name" /* same: no write */}
	res, err := MergePeople(m)
	if err != nil {
		t.Fatal(err)
	}
	got := changesByID(t, res.Changes)
	want := map[string]map[string]string{
		"person:s": {"date_of_birth": "1950-02-03", "phone": "07700 900999", "preferred_name": "Pete"},
		"person:d": {record.FieldMergedInto: "s"},
		// Garden: the survivor was already on it; they keep it from the
		// duplicate's earlier start, and the duplicate's is ended.
		"enrolment:" + EnrolmentID("garden", "s"): {"started": "2026-02-01"},
		"enrolment:" + EnrolmentID("garden", "d"): {"ended": "2026-05-10"},
		// Craft: only the duplicate was on it; the survivor is enrolled.
		"enrolment:" + EnrolmentID("craft", "s"): Encode(Enrolment{ActivityID: "craft", PersonID: "s", VenueID: "v2", Started: "2026-04-01"}),
		"enrolment:" + EnrolmentID("craft", "d"): {"ended": "2026-05-10"},
		// Choir had ended: the survivor gets the same ended enrolment, for
		// the history; nothing to end.
		"enrolment:" + EnrolmentID("choir", "s"): Encode(Enrolment{ActivityID: "choir", PersonID: "s", VenueID: "v2", Started: "2026-01-01", Ended: "2026-02-01"}),
		"referral:r1":                            {"person_id": "s"},
		"measure:m1":                             {"person_id": "s"},
		"consent:c1":                             {"person_id": "s"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("changes:\n got %v\nwant %v", got, want)
	}
	if !reflect.DeepEqual(res.Taken, []string{"preferred_name", "date_of_birth", "phone"}) {
		t.Errorf("taken %v", res.Taken)
	}
	if res.Moved != 3 || res.Enrolled != 3 {
		t.Errorf("moved %d, enrolled %d; want 3 and 3", res.Moved, res.Enrolled)
	}
}

func TestMergePeopleKeepsSurvivorValuesByDefault(t *testing.T) {
	m := mergeFixture()
	m.Enrolments, m.Links = nil, nil
	res, err := MergePeople(m)
	if err != nil {
		t.Fatal(err)
	}
	got := changesByID(t, res.Changes)
	if len(got) != 1 || got["person:d"][record.FieldMergedInto] != "s" {
		t.Errorf("a merge taking nothing wrote %v; want only the duplicate's merged_into", got)
	}
}

func TestMergePeopleReactivatesAnEndedEnrolment(t *testing.T) {
	m := mergeFixture()
	m.Links = nil
	m.Enrolments = []Enrolment{
		{ID: EnrolmentID("garden", "s"), ActivityID: "garden", PersonID: "s", VenueID: "v1", Started: "2026-01-01", Ended: "2026-02-01"},
		{ID: EnrolmentID("garden", "d"), ActivityID: "garden", PersonID: "d", VenueID: "v1", Started: "2026-03-01"},
	}
	res, err := MergePeople(m)
	if err != nil {
		t.Fatal(err)
	}
	got := changesByID(t, res.Changes)
	if f := got["enrolment:"+EnrolmentID("garden", "s")]; !reflect.DeepEqual(f, map[string]string{"ended": ""}) {
		t.Errorf("the survivor's ended enrolment got %v; want it current again", f)
	}
}

func TestMergePeopleRefuses(t *testing.T) {
	cases := []struct {
		name string
		edit func(*Merge)
	}{
		{"same record", func(m *Merge) { m.Duplicate = m.Survivor }},
		{"no survivor", func(m *Merge) { m.Survivor = Person{} }},
		{"survivor already merged", func(m *Merge) { m.Survivor.MergedInto = "x" }},
		{"duplicate already merged", func(m *Merge) { m.Duplicate.MergedInto = "x" }},
		{"removed", func(m *Merge) { m.Duplicate.Deleted = true }},
		{"unknown field", func(m *Merge) { m.TakeFromDuplicate = []string{"merged_into"} }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := mergeFixture()
			c.edit(&m)
			res, err := MergePeople(m)
			if !errors.Is(err, ErrCannotMerge) {
				t.Fatalf("err %v, want ErrCannotMerge", err)
			}
			if len(res.Changes) != 0 {
				t.Errorf("a refused merge returned %d changes", len(res.Changes))
			}
		})
	}
	t.Run("bad date", func(t *testing.T) {
		m := mergeFixture()
		m.Today = "2026-02-30"
		if _, err := MergePeople(m); err == nil {
			t.Fatal("merged with an impossible date")
		}
	})
}

func TestResolvePerson(t *testing.T) {
	into := map[string]string{"a": "b", "b": "c", "x": "y", "y": "x"}
	of := func(id string) string { return into[id] }
	for _, c := range []struct{ id, want string }{{"a", "c"}, {"b", "c"}, {"c", "c"}, {"z", "z"}, {"x", "x"}} {
		if got := ResolvePerson(c.id, of); got != c.want {
			t.Errorf("ResolvePerson(%q) = %q, want %q", c.id, got, c.want)
		}
	}
}

func TestResolveMarksAndEnrolments(t *testing.T) {
	into := map[string]string{"d": "s", "d2": "s"}
	resolve := func(id string) string { return ResolvePerson(id, func(id string) string { return into[id] }) }
	marks := []Attendance{
		{ID: "x@1/d", SessionID: "x@1", PersonID: "d", Status: StatusAbsent},
		{ID: "x@1/s", SessionID: "x@1", PersonID: "s", Status: StatusLate},
		{ID: "x@2/d", SessionID: "x@2", PersonID: "d", Status: StatusPresent},
		{ID: "x@2/s", SessionID: "x@2", PersonID: "s", Status: ""}, // undone: the duplicate's counts
		{ID: "x@3/d2", SessionID: "x@3", PersonID: "d2", Status: StatusPresent},
		{ID: "x@3/o", SessionID: "x@3", PersonID: "o", Status: StatusPresent},
	}
	got := ResolveMarks(marks, resolve)
	var ids []string
	for _, m := range got {
		ids = append(ids, m.ID+"="+m.PersonID)
	}
	want := []string{"x@1/s=s", "x@2/d=s", "x@3/d2=s", "x@3/o=o"}
	if !reflect.DeepEqual(ids, want) {
		t.Errorf("marks %v, want %v", ids, want)
	}
	plain := []Attendance{{ID: "x@1/o", SessionID: "x@1", PersonID: "o"}}
	if got := ResolveMarks(plain, resolve); &got[0] != &plain[0] {
		t.Error("marks with nobody merged were copied")
	}

	es := []Enrolment{
		{ID: "x+d", ActivityID: "x", PersonID: "d", VenueID: "v", Started: "2026-01-01", Ended: "2026-05-01"},
		{ID: "x+s", ActivityID: "x", PersonID: "s", VenueID: "v", Started: "2026-03-01"},
		{ID: "y+d", ActivityID: "y", PersonID: "d", Started: "2026-01-01", Ended: "2026-02-01"},
		{ID: "y+d2", ActivityID: "y", PersonID: "d2", Started: "2026-01-05", Ended: "2026-04-01"},
		{ID: "x+o", ActivityID: "x", PersonID: "o", Started: "2026-01-01"},
	}
	gotE := ResolveEnrolments(es, resolve)
	wantE := []Enrolment{
		{ID: "x+s", ActivityID: "x", PersonID: "s", VenueID: "v", Started: "2026-01-01"},
		{ID: "y+d", ActivityID: "y", PersonID: "s", Started: "2026-01-01", Ended: "2026-04-01"},
		{ID: "x+o", ActivityID: "x", PersonID: "o", Started: "2026-01-01"},
	}
	if !reflect.DeepEqual(gotE, wantE) {
		t.Errorf("enrolments\n got %+v\nwant %+v", gotE, wantE)
	}
}

// TestMergedPersonsMarkThatSaysTheyCameCounts: a person registered twice,
// marked under both records in one session, keeps the mark that says most:
// came (present, late, left early) over apologies or absent, over undone;
// the survivor's own mark wins only between equals.
func TestMergedPersonsMarkThatSaysTheyCameCounts(t *testing.T) {
	into := map[string]string{"dup": "surv"}
	resolve := func(id string) string { return ResolvePerson(id, func(id string) string { return into[id] }) }
	for _, tc := range []struct {
		name          string
		survivor, dup string // statuses
		want          string // the id of the mark kept
	}{
		{"walk-in present, rest marked absent", StatusAbsent, StatusPresent, "x@1/dup"},
		{"came late beats apologies", StatusApologies, StatusLate, "x@1/dup"},
		{"left early beats absent", StatusAbsent, StatusLeftEarly, "x@1/dup"},
		{"survivor came, duplicate absent", StatusPresent, StatusAbsent, "x@1/surv"},
		{"both came: the survivor's own", StatusPresent, StatusLate, "x@1/surv"},
		{"both absent: the survivor's own", StatusAbsent, StatusApologies, "x@1/surv"},
		{"survivor's undone, duplicate absent", "", StatusAbsent, "x@1/dup"},
		{"both undone: the survivor's own", "", "", "x@1/surv"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			marks := []Attendance{
				{ID: "x@1/surv", SessionID: "x@1", PersonID: "surv", Status: tc.survivor},
				{ID: "x@1/dup", SessionID: "x@1", PersonID: "dup", Status: tc.dup},
			}
			for _, order := range [][]Attendance{marks, {marks[1], marks[0]}} {
				got := ResolveMarks(order, resolve)
				if len(got) != 1 || got[0].ID != tc.want || got[0].PersonID != "surv" {
					t.Errorf("kept %+v, want only %s as surv's", got, tc.want)
				}
			}
		})
	}
}

// TestMergeSetsPhotoConsentOnBothCards: the duplicate's consents move to
// the survivor, and the register reads both cards (PhotosOK), so a merge
// sets photo_consent on both to what the two people's consents say
// together, or, on a device without the consent records, to yes only if
// both cards said yes.
func TestMergeSetsPhotoConsentOnBothCards(t *testing.T) {
	const today = "2026-03-18"
	given := Consent{ID: "x", PersonID: "s", Purpose: ConsentPhotos, Given: "2026-01-05"}
	withdrawn := Consent{ID: "y", PersonID: "d", Purpose: ConsentPhotos, Given: "2026-02-01", Withdrawn: "2026-03-10"}
	for _, c := range []struct {
		name     string
		s, d     bool      // the cards before
		consents []Consent // nil: the device holds none
		want     bool
	}{
		{"withdrawn on the duplicate", true, false, []Consent{given, withdrawn}, false},
		{"withdrawn on the duplicate, card not yet moved", true, true, []Consent{given, withdrawn}, false},
		{"duplicate never asked", true, false, []Consent{given}, true},
		{"given on the duplicate only", false, true, []Consent{{ID: "y", PersonID: "d", Purpose: ConsentPhotos, Given: "2026-02-01"}}, true},
		{"no consent records held, one card says no", true, false, nil, false},
		{"no consent records held, both say yes", true, true, nil, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := Person{ID: "s", GivenName: "Ann", FamilyName: "Lee", PhotoConsent: c.s}
			d := Person{ID: "d", GivenName: "Ann", FamilyName: "Lee", PhotoConsent: c.d}
			res, err := MergePeople(Merge{Survivor: s, Duplicate: d, Today: today, Consents: c.consents,
				Links: []PersonLink{{Kind: KindConsent, ID: "y", PersonID: "d"}}})
			if err != nil {
				t.Fatal(err)
			}
			cards := map[string]Person{"s": s, "d": d}
			for _, ch := range res.Changes {
				if ch.Kind != KindPerson {
					continue
				}
				fields := Encode(cards[ch.ID])
				for k, v := range ch.Fields {
					fields[k] = v
				}
				var after Person
				Decode(ch.ID, fieldMap(fields), &after)
				cards[ch.ID] = after
			}
			for id, p := range cards {
				if p.PhotoConsent != c.want {
					t.Errorf("after the merge %s's card says photo_consent=%v, want %v", id, p.PhotoConsent, c.want)
				}
			}
		})
	}
}
