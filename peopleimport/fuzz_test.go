package peopleimport

import (
	"strings"
	"testing"

	"github.com/gather-sp/gather/audit"
	"github.com/gather-sp/gather/domain"
)

// FuzzReadAndCheck: whatever file someone chooses, reading and checking it
// never panics; every problem names a line of the file; every person has
// an id and a name; the changes are made without error once bad rows are
// left out.
func FuzzReadAndCheck(f *testing.F) {
	f.Add(theFile)
	f.Add("Name;DOB\n\"Ann Smith\";31/02/1950\n")
	f.Add("\xFF\xFEF\x00i\x00r\x00s\x00t\x00,\x00L\x00a\x00s\x00t\x00\n\x00")
	f.Add("First name,Last name\n\"Ann,Smith\nBob,\"Jones\"\n")
	f.Fuzz(func(t *testing.T, in string) {
		file, err := Read(strings.NewReader(in))
		if err != nil {
			return
		}
		lines := strings.Count(in, "\n") + 1
		plan := Check(file, nil, today)
		for _, p := range plan.Problems {
			if p.Line < 1 || p.Line > lines || p.Message == "" {
				t.Fatalf("problem %q on line %d of %d", p.Message, p.Line, lines)
			}
		}
		for _, e := range plan.Entries {
			if e.Person.ID == "" || e.Person.GivenName == "" || e.Person.FamilyName == "" || len(e.Lines) == 0 {
				t.Fatalf("entry %+v", e)
			}
		}
		if _, _, err := plan.Changes("staff", audit.Recorder{}, true); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzParseDate: a date it returns is a real date.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"21/11/1950", "3 Feb 1950", "18297", "1950-02-31", "12/25/1950", "29-Feb-00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, problem := ParseDate(s, today)
		if (d == "") == (problem == "") {
			t.Fatalf("ParseDate(%q) = %q, %q", s, d, problem)
		}
		if d != "" {
			if _, ok := domain.ParseDate(d); !ok {
				t.Fatalf("ParseDate(%q) = %q, not a date", s, d)
			}
		}
	})
}
