package peopleimport

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/gather-sp/gather/audit"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/storage"
	"github.com/gather-sp/gather/storage/storagetest"
)

const today = "2026-12-04"

func TestReadFormats(t *testing.T) {
	utf16 := func(s string) string {
		b := []byte{0xFF, 0xFE}
		for _, r := range s {
			b = append(b, byte(r), byte(r>>8))
		}
		return string(b)
	}
	cases := []struct {
		name      string
		in        string
		encoding  string
		sep       rune
		want      [][]string // given, family, date of birth per row
		wantLines []int
	}{
		{"comma", "First name,Last name,DOB\nAnn,Smith,1/2/1950\n", "UTF-8", ',', [][]string{{"Ann", "Smith", "1/2/1950"}}, []int{2}},
		{"BOM and CRLF", "\xEF\xBB\xBFFirst name,Surname,Date of birth\r\nAnn,Smith,1/2/1950\r\n", `Excel's "CSV UTF-8"`, ',', [][]string{{"Ann", "Smith", "1/2/1950"}}, []int{2}},
		{"semicolons with a comma in a value", "Forename;Family name;DOB\nAnn;Smith, Jones;1,5\n", "UTF-8", ';', [][]string{{"Ann", "Smith, Jones", "1,5"}}, []int{2}},
		{"tabs", "first\tlast\tdob\nAnn\tSmith\t1950-02-01\n", "UTF-8", '\t', [][]string{{"Ann", "Smith", "1950-02-01"}}, []int{2}},
		{"quoted comma and line break", "First name,Last name,Access needs,DOB\n\"Ann\",\"Smith\",\"Wheelchair, step-free\nsits near the door\",x\nBob,Jones,,y\n", "UTF-8", ',',
			[][]string{{"Ann", "Smith", "x"}, {"Bob", "Jones", "y"}}, []int{2, 4}},
		{"quotes inside quotes", "First name,Last name,DOB\n\"Ann \"\"Nan\"\"\",Smith,z\n", "UTF-8", ',', [][]string{{"Ann \"Nan\"", "Smith", "z"}}, []int{2}},
		{"title rows and blank rows", "Garden group members,,\nSpring 2026,,\nFirst name,Last name,DOB\n,,\nAnn,Smith,q\n", "UTF-8", ',', [][]string{{"Ann", "Smith", "q"}}, []int{5}},
		{"Windows-1252", "First name,Last name,DOB\nRen\xe9e,Dupr\xe9,w\n", `Excel's older "CSV" (Windows letters)`, ',', [][]string{{"Renée", "Dupré", "w"}}, []int{2}},
		{"UTF-16", utf16("First name,Last name,DOB\r\nZoë,Smith,v\r\n"), `Excel's "Unicode Text" (UTF-16)`, ',', [][]string{{"Zoë", "Smith", "v"}}, []int{2}},
		// "CSV (Macintosh)" from Excel ends lines with a lone carriage return.
		{"CR line endings", "First name,Last name,DOB\rAnn,Smith,3/2/1950\rBob,Jones,4/5/1960\r", "UTF-8", ',',
			[][]string{{"Ann", "Smith", "3/2/1950"}, {"Bob", "Jones", "4/5/1960"}}, []int{2, 3}},
		{"CR line endings, a line break in a quoted value", "First name,Last name,Access needs,DOB\rAnn,Smith,\"Stick\rsits near the door\",x\rBob,Jones,,y\r", "UTF-8", ',',
			[][]string{{"Ann", "Smith", "x"}, {"Bob", "Jones", "y"}}, []int{2, 4}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f, err := Read(strings.NewReader(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			if f.Encoding != tc.encoding || f.Separator != tc.sep {
				t.Errorf("encoding %q separator %q, want %q %q", f.Encoding, f.Separator, tc.encoding, tc.sep)
			}
			if len(f.Rows) != len(tc.want) {
				t.Fatalf("%d rows, want %d: %+v", len(f.Rows), len(tc.want), f.Rows)
			}
			for i, r := range f.Rows {
				got := []string{f.Value(r, FieldGivenName), f.Value(r, FieldFamilyName), f.Value(r, FieldDateOfBirth)}
				if !slices.Equal(got, tc.want[i]) || r.Line != tc.wantLines[i] {
					t.Errorf("row %d: %q on line %d, want %q on line %d", i, got, r.Line, tc.want[i], tc.wantLines[i])
				}
			}
		})
	}
}

func TestReadRefuses(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want error
		says string
	}{
		{"empty", "  \n", ErrEmpty, "nothing"},
		{"no heading", "Ann,Smith\nBob,Jones\n", ErrNoHeading, "heading row"},
		{"unclosed quote", "First name,Last name\nAnn,Smith\n\"Bob,Jones\nCai,Lee\n", ErrBroken, "line 3"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Read(strings.NewReader(tc.in))
			if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.says) {
				t.Fatalf("got %v, want %v saying %q", err, tc.want, tc.says)
			}
		})
	}
}

func TestHeadings(t *testing.T) {
	cases := map[string]string{
		"First Name": FieldGivenName, "Forename(s)": FieldGivenName, "SURNAME": FieldFamilyName, "Last name": FieldFamilyName,
		"Known as": FieldPreferredName, "D.O.B.": FieldDateOfBirth, "Date of Birth (dd/mm/yyyy)": FieldDateOfBirth,
		"Mobile": FieldPhone, "Tel.": FieldPhone, "E-mail": FieldEmail, "Post Code": FieldPostcode,
		"NHS No.": FieldNHSNumber, "NHS number": FieldNHSNumber, "Access needs": FieldAccessNeeds,
		"Next of kin": FieldEmergencyName, "Emergency contact phone": FieldEmergencyPhone, "NOK number": FieldEmergencyPhone,
		"Activity to enrol in": FieldActivity, "GP practice": FieldPractice, "Surgery": FieldPractice, "Group": FieldActivity, "Name": FieldFullName, "Address": FieldAddress,
		"Favourite colour": "",
	}
	for h, want := range cases {
		if got := fieldForHeading(h); got != want {
			t.Errorf("%q fills %q, want %q", h, got, want)
		}
	}
}

func TestParseDate(t *testing.T) {
	cases := []struct {
		in, want, problem string
	}{
		{"21/11/1950", "1950-11-21", ""},
		{"3/2/1950", "1950-02-03", ""},
		{"03/02/50", "1950-02-03", ""},
		{"3/2/05", "2005-02-03", ""},
		{"1950-11-21", "1950-11-21", ""},
		{"21.11.1950", "1950-11-21", ""},
		{"21-11-1950", "1950-11-21", ""},
		{"19501121", "1950-11-21", ""},
		{"3 Feb 1950", "1950-02-03", ""},
		{"3 February 1950", "1950-02-03", ""},
		{"03-Feb-50", "1950-02-03", ""},
		{"February 3, 1950", "1950-02-03", ""},
		{"3rd Feb 1950", "1950-02-03", ""},
		{"18297", "1950-02-03", ""}, // Excel's serial number
		{"18297.25", "1950-02-03", ""},
		{"21/11/1950 00:00", "1950-11-21", ""},
		{"1950-11-21T00:00:00", "1950-11-21", ""},
		{"29/02/1952", "1952-02-29", ""},
		{"31/02/1950", "", "February 1950 has 28 days"},
		{"29/02/1950", "", "not a date that exists"},
		{"31/04/1961", "", "April 1961 has 30 days"},
		{"12/25/1950", "", "month first"},
		{"1/13/1950", "", "month first"},
		{"13/13/1950", "", "no month 13"},
		{"next Tuesday", "", "not a date Gather can read"},
		{"1950", "", "only a year"},
		{"21.11", "", "not a date Gather can read"},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			got, problem := ParseDate(tc.in, today)
			if got != tc.want || (tc.problem == "") != (problem == "") || !strings.Contains(problem, tc.problem) {
				t.Fatalf("ParseDate(%q) = %q, %q; want %q, %q", tc.in, got, problem, tc.want, tc.problem)
			}
		})
	}
}

// device is a store with a venue, two activities and two people.
func device(t testing.TB) *storage.Store {
	t.Helper()
	st := storagetest.Open(t)
	put := func(kind record.Kind, id string, v any) record.Change {
		return record.Change{Kind: kind, ID: id, Fields: domain.Encode(v)}
	}
	err := st.Save("staff-1",
		put(domain.KindVenue, "v1", domain.Venue{Name: "Riverside Surgery"}),
		put(domain.KindActivity, "garden", domain.Activity{Name: "Garden group", VenueID: "v1"}),
		put(domain.KindActivity, "craft", domain.Activity{Name: "Crafternoon", VenueID: "v1"}),
		put(domain.KindPerson, "p-margaret", domain.Person{GivenName: "Margaret", FamilyName: "Okafor", DateOfBirth: "1948-03-12", Phone: "07700 900111"}),
		put(domain.KindPerson, "p-dev", domain.Person{GivenName: "Dev", FamilyName: "Patel", DateOfBirth: "1960-06-01"}),
	)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// theFile is the file: a byte order mark, semicolons, quoted
// values with the separator and commas in them, a bad NHS number, a date
// that does not exist, and someone already on the device.
const theFile = "\xEF\xBB\xBF" +
	"Forename;Surname;Known as;D.O.B.;Mobile;Email;Postcode;NHS No.;Access needs;Next of kin;Activity to enrol in\n" + // line 1
	"Ann;Smith;Annie;3/2/1950;07700 900123;ann@example.com;kv1 4rg;943 476 5919;\"Wheelchair; step-free, please\";Bob Smith (husband);Garden group\n" + // 2
	"Cai;Lee;;12-Mar-1961;;;;;;;\n" + // 3
	"Dora;Jones;;01/01/1955;;;;943 476 5918;;;\n" + // 4: the check digit is wrong
	"Eve;Brown;;31/02/1950;;;;;;;\n" + // 5: no such date
	"Margret;Okafor;;12/03/1948;07700900111;;;;;;Garden group\n" + // 6: Margaret Okafor is on the device
	"\"Fitz, Jr\";\"Gerald\";;22/7/1970;;;;;\"Hard of hearing,\nsits at the front\";;Crafternoon\n" + // 7-8: a line break in a value
	"Ann;Smith;;3/2/1950;;;;943 476 5919;;;Crafternoon\n" + // 9: Ann again, for another activity
	"Hal;Wu;;;;;;;;;Pottery\n" // 10: no such activity

func TestCheckTheFile(t *testing.T) {
	st := device(t)
	f, err := Read(strings.NewReader(theFile))
	if err != nil {
		t.Fatal(err)
	}
	plan := Check(f, st.View(), today)

	wantProblems := []struct {
		line int
		says string
	}{
		{4, "not a real NHS number"},
		{5, "D.O.B.: \"31/02/1950\" is not a date that exists: February 1950 has 28 days"},
		{10, "Activity to enrol in: there is no activity called \"Pottery\""},
	}
	if len(plan.Problems) != len(wantProblems) {
		t.Fatalf("problems: %v", plan.Problems)
	}
	for i, w := range wantProblems {
		if p := plan.Problems[i]; p.Line != w.line || !strings.Contains(p.Message, w.says) {
			t.Errorf("problem %d is %q, want line %d saying %q", i, p, w.line, w.says)
		}
	}

	byName := map[string]*Entry{}
	for _, e := range plan.Entries {
		byName[e.Person.FullName()] = e
	}
	ann := byName["Ann Smith"]
	if ann == nil || !slices.Equal(ann.Lines, []int{2, 9}) || len(ann.Activities) != 2 || ann.Status != StatusNew {
		t.Fatalf("Ann: %+v", ann)
	}
	if ann.Person.Postcode != "KV1 4RG" || ann.Person.DateOfBirth != "1950-02-03" || ann.Person.AccessNeeds != "Wheelchair; step-free, please" {
		t.Errorf("Ann's details: %+v", ann.Person)
	}
	if fitz := byName["Fitz, Jr Gerald"]; fitz == nil || fitz.Lines[0] != 7 || fitz.Person.AccessNeeds != "Hard of hearing,\nsits at the front" {
		t.Errorf("the row with a line break: %+v", fitz)
	}
	dup := byName["Margret Okafor"]
	if dup == nil || dup.Status != StatusDuplicate || dup.Decision != Skip || len(dup.Duplicates) != 1 || dup.Duplicates[0].Person.ID != "p-margaret" {
		t.Fatalf("Margret should be a likely duplicate of Margaret: %+v", dup)
	}
	c := plan.Counts()
	want := Counts{Rows: 8, BadRows: 3, New: 3, Duplicates: 1, Skipped: 1, Enrolments: 3}
	if c != want {
		t.Errorf("counts %+v, want %+v", c, want)
	}

	// Nothing is written while rows are bad, unless they are left out.
	rec := audit.Recorder{Device: st.Device()}
	if changes, _, err := plan.Changes("staff-1", rec, false); !errors.Is(err, ErrBadRows) || changes != nil || !strings.Contains(err.Error(), "lines 4, 5 and 10") {
		t.Fatalf("with bad rows: %d changes, %v", len(changes), err)
	}
	before := st.View().Count(domain.KindPerson)
	changes, res, err := plan.Changes("staff-1", rec, true)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Save("staff-1", changes...); err != nil {
		t.Fatal(err)
	}
	if res != (Result{People: 3, Enrolments: 3, Skipped: 1, BadRows: 3}) {
		t.Errorf("result %+v", res)
	}
	v := st.View()
	if got := v.Count(domain.KindPerson); got != before+3 {
		t.Errorf("%d people, want %d", got, before+3)
	}
	for _, r := range v.All(domain.KindPerson) {
		var x domain.Person
		r.Decode(&x)
		switch x.FamilyName {
		case "Jones", "Brown", "Wu":
			t.Errorf("%s from a bad row was written", x.FullName())
		}
		if x.GivenName == "Margret" {
			t.Errorf("the duplicate was created")
		}
	}
	if n := len(v.Enrolments("garden")); n != 1 {
		t.Errorf("%d in the garden group, want Ann only", n)
	}
	entries := audit.List(v, audit.Filter{Action: audit.ActionImported})
	if len(entries) != 1 || !strings.Contains(entries[0].Detail, "3 added, 3 enrolments") || strings.Contains(entries[0].Detail, "Smith") {
		t.Fatalf("audit: %+v", entries)
	}
	if n := len(audit.List(v, audit.Filter{})); n != 1 {
		t.Errorf("%d audit entries for one import, want 1", n)
	}

	// The same file again adds nobody, and writes nothing at all.
	again := Check(f, v, today)
	changes, res, err = again.Changes("staff-1", rec, true)
	if err != nil || changes != nil || res.People != 0 || res.AlreadyHere != 3 {
		t.Fatalf("again: %d changes, %+v, %v", len(changes), res, err)
	}

	// The file fixed and saved again (new bytes, so new ids): the people
	// imported before are recognised by their details; the fixed rows come in.
	fixed := strings.Replace(strings.Replace(theFile, "943 476 5918", "", 1), "31/02/1950", "28/02/1950", 1)
	f2, err := Read(strings.NewReader(fixed))
	if err != nil {
		t.Fatal(err)
	}
	plan2 := Check(f2, v, today)
	changes, res, err = plan2.Changes("staff-1", rec, true)
	if err != nil {
		t.Fatal(err)
	}
	if res.People != 2 || res.AlreadyHere != 3 {
		t.Errorf("the fixed file: %+v (want Dora and Eve added, 3 already here)", res)
	}
	if err := st.Save("staff-1", changes...); err != nil {
		t.Fatal(err)
	}
	if got := st.View().Count(domain.KindPerson); got != before+5 {
		t.Errorf("%d people, want %d", got, before+5)
	}
}

// Two devices import the same file offline: the ids are the same, so the
// people merge into one each when they sync.
func TestSameFileSameIDsOnAnotherDevice(t *testing.T) {
	ids := func() []string {
		st := device(t)
		f, err := Read(strings.NewReader(theFile))
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range Check(f, st.View(), today).Entries {
			out = append(out, e.Person.ID)
		}
		return out
	}
	a, b := ids(), ids()
	if len(a) == 0 || !slices.Equal(a, b) {
		t.Fatalf("ids differ: %v and %v", a, b)
	}
	// Without the byte order mark and with Windows line endings: the same text.
	f, _ := Read(strings.NewReader(strings.ReplaceAll(strings.TrimPrefix(theFile, "\xEF\xBB\xBF"), "\n", "\r\n")))
	if got := Check(f, device(t).View(), today).Entries[0].Person.ID; got != a[0] {
		t.Errorf("the same text saved differently has another id: %s, %s", got, a[0])
	}
}

func TestDecisions(t *testing.T) {
	cases := []struct {
		decision              Decision
		people, enrolments    int
		margaretInGardenGroup bool
	}{
		{Skip, 0, 0, false},
		{CreateAnyway, 1, 1, false},
		{EnrolExisting, 0, 1, true},
	}
	for _, tc := range cases {
		t.Run(map[Decision]string{Skip: "skip", CreateAnyway: "create", EnrolExisting: "enrol"}[tc.decision], func(t *testing.T) {
			st := device(t)
			f, err := Read(strings.NewReader("Name,DOB,Group\nMargret Okafor,12/03/1948,Garden group\n"))
			if err != nil {
				t.Fatal(err)
			}
			plan := Check(f, st.View(), today)
			if len(plan.Entries) != 1 || plan.Entries[0].Status != StatusDuplicate {
				t.Fatalf("entries: %+v", plan.Entries)
			}
			plan.Entries[0].Decision = tc.decision
			changes, res, err := plan.Changes("staff-1", audit.Recorder{Device: st.Device()}, false)
			if err != nil {
				t.Fatal(err)
			}
			if res.People != tc.people || res.Enrolments != tc.enrolments {
				t.Errorf("result %+v", res)
			}
			if err := st.Save("staff-1", changes...); err != nil {
				t.Fatal(err)
			}
			_, enrolled := st.View().Get(domain.KindEnrolment, domain.EnrolmentID("garden", "p-margaret"))
			if enrolled != tc.margaretInGardenGroup {
				t.Errorf("Margaret enrolled: %v", enrolled)
			}
		})
	}
}

func TestRowProblems(t *testing.T) {
	cases := []struct {
		name, row, says string
	}{
		{"no family name", "Ann,,,,", "no family name for Ann"},
		{"no name", ",,07700 900123,,", "no name"},
		{"bad phone", "Ann,Smith,call me,,", "Phone: \"call me\" does not look like a phone number"},
		{"bad email", "Ann,Smith,,ann.example.com,", "Email: \"ann.example.com\" does not look like an email"},
		{"bad postcode", "Ann,Smith,,,12345", "Postcode: \"12345\" does not look like a UK postcode"},
		{"future birth", "Ann,Smith,,,,1/1/2030", "in the future"},
		{"too many values", "Ann,Smith,,,,,surplus", "more values than the heading row"},
		{"bare quote", "Ann,Sm\"ith,,,", "quote mark"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f, err := Read(strings.NewReader("First name,Last name,Phone,Email,Postcode,DOB\n" + tc.row + "\n"))
			if err != nil {
				t.Fatal(err)
			}
			plan := Check(f, nil, today)
			if len(plan.Problems) == 0 || plan.Problems[0].Line != 2 || !strings.Contains(plan.Problems[0].Message, tc.says) {
				t.Fatalf("problems %v, want line 2 saying %q", plan.Problems, tc.says)
			}
			if len(plan.Entries) != 0 {
				t.Errorf("a bad row became a person: %+v", plan.Entries[0])
			}
		})
	}
}

func TestSamePersonDifferentDetails(t *testing.T) {
	f, err := Read(strings.NewReader("First name,Last name,DOB,Phone\nAnn,Smith,3/2/1950,07700 900123\nAnn,Smith,3/2/1950,07700 900999\n"))
	if err != nil {
		t.Fatal(err)
	}
	plan := Check(f, nil, today)
	if len(plan.Entries) != 1 || len(plan.Problems) != 1 || plan.Problems[0].Line != 3 || !strings.Contains(plan.Problems[0].Message, "same person as line 2") {
		t.Fatalf("entries %d, problems %v", len(plan.Entries), plan.Problems)
	}
}

// A list with one row per activity often gives a detail (the NHS number,
// the date of birth) only on a person's first row, as spreadsheets leave
// repeats blank: a blank is "same as above", and the rows are one person.
// Rows of one name that give different NHS numbers or dates of birth are
// two people, and the plan says so in a note; a row that could be either
// of them, or that is someone above with a detail changed, is a problem.
func TestRowsOfOneNameJoinUnlessTheyDiffer(t *testing.T) {
	cases := []struct {
		name     string
		rows     string // under "First name,Last name,DOB,NHS number,Phone,Activity"
		entries  [][]int
		notes    []Problem // the message's words, not all of it
		problems []Problem
	}{
		{name: "NHS number on the first row only",
			rows:    "Ann,Smith,3/2/1950,943 476 5919,,Garden group\nAnn,Smith,3/2/1950,,,Crafternoon\n",
			entries: [][]int{{2, 3}}},
		{name: "date of birth on the first row only",
			rows:    "Ann,Smith,3/2/1950,,07700 900123,Garden group\nAnn,Smith,,,07700 900123,Crafternoon\n",
			entries: [][]int{{2, 3}}},
		{name: "details on the second row only",
			rows:    "Ann,Smith,,,,Garden group\nann,SMITH,3/2/1950,943 476 5919,07700 900123,Crafternoon\n",
			entries: [][]int{{2, 3}}},
		{name: "different dates of birth",
			rows:    "Ann,Smith,3/2/1950,,,Garden group\nAnn,Smith,4/2/1951,,,Crafternoon\n",
			entries: [][]int{{2}, {3}},
			notes:   []Problem{{3, "same name as line 2 but a different date of birth, so they are taken as two people"}}},
		{name: "different NHS numbers",
			rows:    "Ann,Smith,3/2/1950,943 476 5919,,Garden group\nAnn,Smith,3/2/1950,401 023 2137,,Crafternoon\n",
			entries: [][]int{{2}, {3}},
			notes:   []Problem{{3, "a different NHS number, so they are taken as two people"}}},
		{name: "different phones and no date of birth",
			rows:    "Ann,Smith,,,07700 900123,Garden group\nAnn,Smith,,,07700 900999,Crafternoon\n",
			entries: [][]int{{2}, {3}},
			notes:   []Problem{{3, "a different phone number, so they are taken as two people"}}},
		{name: "the same date of birth and another phone",
			rows:     "Ann,Smith,3/2/1950,943 476 5919,07700 900123,Garden group\nAnn,Smith,3/2/1950,,07700 900999,Crafternoon\n",
			entries:  [][]int{{2}},
			problems: []Problem{{3, "same person as line 2 (Ann Smith) with a different phone number"}}},
		{name: "an NHS number given on a later row, then under another name",
			rows:     "Ann,Smith,3/2/1950,,,Garden group\nAnn,Smith,3/2/1950,943 476 5919,,Crafternoon\nAnnie,Smith,,943 476 5919,,Garden group\n",
			entries:  [][]int{{2, 3}},
			problems: []Problem{{4, "same person as line 2 (Ann Smith) with a different given name"}}},
		{name: "a row that could be either of two",
			rows:     "Ann,Smith,3/2/1950,,,Garden group\nAnn,Smith,4/2/1951,,,Garden group\nAnn,Smith,,,,Crafternoon\n",
			entries:  [][]int{{2}, {3}},
			notes:    []Problem{{3, "two people"}},
			problems: []Problem{{4, "2 people called Ann Smith above (lines 2 and 3), and this row could be either"}}},
	}
	says := func(got, want []Problem) bool {
		if len(got) != len(want) {
			return false
		}
		for i, w := range want {
			if got[i].Line != w.Line || !strings.Contains(got[i].Message, w.Message) {
				return false
			}
		}
		return true
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f, err := Read(strings.NewReader("First name,Last name,DOB,NHS number,Phone,Activity\n" + tc.rows))
			if err != nil {
				t.Fatal(err)
			}
			plan := Check(f, device(t).View(), today)
			var got [][]int
			for _, e := range plan.Entries {
				got = append(got, e.Lines)
			}
			if !slices.EqualFunc(got, tc.entries, slices.Equal) {
				t.Errorf("people from lines %v, want %v", got, tc.entries)
			}
			if ann := plan.Entries[0]; len(ann.Lines) == 2 && (ann.Person.DateOfBirth != "1950-02-03" || len(ann.Activities) != 2) {
				t.Errorf("the rows joined: %+v", ann)
			}
			if !says(plan.Notes, tc.notes) {
				t.Errorf("notes %v, want %v", plan.Notes, tc.notes)
			}
			if !says(plan.Problems, tc.problems) {
				t.Errorf("problems %v, want %v", plan.Problems, tc.problems)
			}
		})
	}
}

// A big import is saved in parts: the audit entry in the first, nobody
// apart from their enrolments, every change once.
func TestSaveInParts(t *testing.T) {
	st := device(t)
	f, err := Read(strings.NewReader(bigFile(3000)))
	if err != nil {
		t.Fatal(err)
	}
	changes, _, err := Check(f, st.View(), today).Changes("staff-1", audit.Recorder{}, false)
	if err != nil {
		t.Fatal(err)
	}
	var parts [][]record.Change
	saver := saverFunc(func(staff string, cs ...record.Change) error {
		parts = append(parts, cs)
		return st.Save(staff, cs...)
	})
	var last int
	if err := Save(saver, "staff-1", changes, func(done, total int) { last = done }); err != nil {
		t.Fatal(err)
	}
	if len(parts) < 2 || last != len(changes) {
		t.Fatalf("%d parts, progress to %d of %d", len(parts), last, len(changes))
	}
	if parts[0][0].Kind != domain.KindAudit {
		t.Errorf("the first part starts with %s, not the audit entry", parts[0][0].Kind)
	}
	checkParts(t, parts, changes)
	if st.View().Count(domain.KindPerson) != 3002 {
		t.Errorf("%d people", st.View().Count(domain.KindPerson))
	}
}

// checkParts: the parts hold every change once, in order, and no
// enrolment is in a later part than its person's change.
func checkParts(t *testing.T, parts [][]record.Change, changes []record.Change) {
	t.Helper()
	n := 0
	personPart := map[string]int{}
	for i, p := range parts {
		for _, c := range p {
			if c.ID != changes[n].ID {
				t.Fatalf("change %d in the parts is %s, want %s", n, c.ID, changes[n].ID)
			}
			n++
			switch c.Kind {
			case domain.KindPerson:
				personPart[c.ID] = i
			case domain.KindEnrolment:
				if at, ok := personPart[c.Fields["person_id"]]; ok && at != i {
					t.Errorf("an enrolment in part %d, apart from its person in part %d", i, at)
				}
			}
		}
	}
	if n != len(changes) {
		t.Errorf("%d changes saved of %d", n, len(changes))
	}
}

type saverFunc func(staff string, cs ...record.Change) error

func (f saverFunc) Save(staff string, cs ...record.Change) error { return f(staff, cs...) }

// A second list of people already on the device (the garden group's copy
// of a list imported before, with an Activity column added) writes only
// enrolments: too many for one transaction, so they too are saved in
// parts, each enrolment of someone already here free to start one.
func TestEnrolOnlyListIsSavedInParts(t *testing.T) {
	st := device(t)
	const n = 6000
	// Names far apart, as real ones mostly are: "Family1".."Family6000"
	// are all within two edits of hundreds of others, and checking them
	// for duplicates is what took this test's time.
	rnd := rand.New(rand.NewPCG(1, 2))
	rows := make([]string, n)
	for i := range rows {
		var name [8]byte
		for j := range name {
			name[j] = byte('a' + rnd.IntN(26))
		}
		name[0] -= 'a' - 'A'
		rows[i] = fmt.Sprintf("Ann,%s,%d/%d/%d", name[:], 1+i%28, 1+(i/28)%12, 1930+(i/336)%70)
	}
	changes, _, err := Check(readLines(t, "First name,Last name,Date of birth", rows, ""), st.View(), today).Changes("staff-1", audit.Recorder{}, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := Save(st, "staff-1", changes, nil); err != nil {
		t.Fatal(err)
	}

	plan := Check(readLines(t, "First name,Last name,Date of birth,Activity", rows, ",Garden group"), st.View(), today)
	changes, res, err := plan.Changes("staff-1", audit.Recorder{}, false)
	if err != nil {
		t.Fatal(err)
	}
	if res.AlreadyHere != n || res.Enrolments != n || res.People != 0 {
		t.Fatalf("%+v", res)
	}
	var parts [][]record.Change
	saver := saverFunc(func(staff string, cs ...record.Change) error {
		parts = append(parts, cs)
		return st.Save(staff, cs...)
	})
	if err := Save(saver, "staff-1", changes, nil); err != nil {
		t.Fatalf("enrolling %d people already here: %v", n, err)
	}
	if len(parts) < 2 {
		t.Errorf("%d enrolments saved in %d part", n, len(parts))
	}
	checkParts(t, parts, changes)
	if got := len(st.View().Enrolments("garden")); got != n {
		t.Errorf("%d enrolled, want %d", got, n)
	}
}

// readLines reads a file of a heading and rows, each ending in suffix.
func readLines(t *testing.T, heading string, rows []string, suffix string) *File {
	t.Helper()
	var b strings.Builder
	b.WriteString(heading + "\n")
	for _, r := range rows {
		b.WriteString(r + suffix + "\n")
	}
	f, err := Read(strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// An import cut short after its first part is finished by importing the
// same file again, and nobody is there twice.
func TestInterruptedImportFinishedByImportingAgain(t *testing.T) {
	st := device(t)
	file := bigFile(3000)
	f, _ := Read(strings.NewReader(file))
	changes, _, err := Check(f, st.View(), today).Changes("staff-1", audit.Recorder{}, false)
	if err != nil {
		t.Fatal(err)
	}
	parts := 0
	cut := saverFunc(func(staff string, cs ...record.Change) error {
		if parts++; parts > 1 {
			return errors.New("power cut")
		}
		return st.Save(staff, cs...)
	})
	if err := Save(cut, "staff-1", changes, nil); err == nil {
		t.Fatal("the cut was not reported")
	}
	saved := st.View().Count(domain.KindPerson)
	if saved <= 2 || saved >= 3002 {
		t.Fatalf("%d people after the cut", saved)
	}
	f, _ = Read(strings.NewReader(file))
	plan := Check(f, st.View(), today)
	changes, res, err := plan.Changes("staff-1", audit.Recorder{}, false)
	if err != nil {
		t.Fatal(err)
	}
	if res.People != 3002-saved || res.AlreadyHere != saved-2 {
		t.Errorf("again: %+v with %d saved before", res, saved-2)
	}
	if err := Save(st, "staff-1", changes, nil); err != nil {
		t.Fatal(err)
	}
	if n := st.View().Count(domain.KindPerson); n != 3002 {
		t.Errorf("%d people, want 3002", n)
	}
	if n := len(st.View().Enrolments("garden")); n != 600 {
		t.Errorf("%d enrolled in the garden group, want 600", n)
	}
}

// TestFileSummary: the one line the import screen and the command line
// both print names the file, how it was saved, the separator and the rows.
func TestFileSummary(t *testing.T) {
	cases := []struct {
		name, text, want string
	}{
		{"one row", "\xEF\xBB\xBFFirst name;Surname\nAnn;Smith\n", `people.csv: saved as Excel's "CSV UTF-8", separated by semicolons; heading row on line 1, 1 row below it.`},
		{"two rows", "First name,Surname\nAnn,Smith\nBo,Lee\n", `people.csv: saved as UTF-8, separated by commas; heading row on line 1, 2 rows below it.`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f, err := Read(strings.NewReader(tc.text))
			if err != nil {
				t.Fatal(err)
			}
			if got := f.Summary("people.csv"); got != tc.want {
				t.Errorf("Summary = %q\nwant      %q", got, tc.want)
			}
		})
	}
}
