package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gather-sp/gather/audit"
	"github.com/gather-sp/gather/demo"
	"github.com/gather-sp/gather/device"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/keyslot"
	"github.com/gather-sp/gather/storage"
)

// TestImportPeopleCommand runs `gather import people` end to end on a demo
// device, with the PIN on standard input: a file with a byte order mark,
// semicolons, a quoted value with the separator in it, a bad NHS number, a
// date that does not exist and someone already on the device.
func TestImportPeopleCommand(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "device")
	if err := run([]string{"demo", "--data", dir}, nil, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	paths := device.PathsIn(dir)
	kf, err := keyslot.Open(paths.Keys, keyslot.Options{})
	if err != nil {
		t.Fatal(err)
	}
	open := func() *storage.Store {
		u, err := kf.Unlock(demo.StaffAdmin, demo.PIN)
		if err != nil {
			t.Fatal(err)
		}
		st, err := device.OpenStore(paths, u.Key(), storage.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	// Someone from the demo, to appear in the file again with another phone.
	st := open()
	var known domain.Person
	for _, r := range st.View().All(domain.KindPerson) {
		var x domain.Person
		r.Decode(&x)
		if x.DateOfBirth != "" && x.MergedInto == "" && !x.Deleted {
			known = x
			break
		}
	}
	people := st.View().Count(domain.KindPerson)
	st.Close()
	if known.ID == "" {
		t.Fatal("no demo person with a date of birth")
	}
	dob := known.DateOfBirth[8:] + "/" + known.DateOfBirth[5:7] + "/" + known.DateOfBirth[:4]

	file := filepath.Join(t.TempDir(), "garden list.csv")
	csv := "\xEF\xBB\xBFFirst name;Last name;Date of birth;Mobile;NHS number;Access needs;Activity\r\n" +
		"Zebedee;Quartermaine;3 Feb 1950;07700 900123;943 476 5919;\"Stick; slow on stairs, sits near door\";Garden group\r\n" + // 2
		"Yolanda;Quist;21/11/61;;;;\r\n" + // 3
		"Xavier;Quill;01/01/1955;;943 476 5918;;\r\n" + // 4: bad NHS number
		"Wanda;Quince;30/02/1950;;;;\r\n" + // 5: no 30 February
		fmt.Sprintf("%s;%s;%s;07700 900999;;;\r\n", known.GivenName, known.FamilyName, dob) // 6: on the device already
	if err := os.WriteFile(file, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	args := func(as string, extra ...string) []string {
		return append([]string{"import", "--data", dir, "people", file, "--as", as}, extra...)
	}
	count := func() int {
		st := open()
		defer st.Close()
		return st.View().Count(domain.KindPerson)
	}

	for _, tc := range []struct {
		name       string
		args       []string
		wantErr    string
		wantOut    []string
		wantPeople int
	}{
		{"a volunteer may not", args(demo.IDPrefix + "staff-sam"), "importing people is for administrator and link worker", nil, people},
		{"bad rows: nothing written", args(demo.StaffAdmin), "nothing was imported: 2 of the 5 rows have problems",
			[]string{`Excel's "CSV UTF-8", separated by semicolons`, "Mobile                       -> Phone",
				"Line 4: The NHS number \"943 476 5918\" is not a real NHS number",
				"Line 5: Date of birth: \"30/02/1950\" is not a date that exists: February 1950 has 28 days",
				"Line 6: " + known.GivenName + " " + known.FamilyName + " may be", "same date of birth", "left out"}, people},
		{"check writes nothing", args(demo.StaffAdmin, "--check", "--skip-bad-rows"), "", []string{"2 people to add, 1 enrolment", "Nothing was written (--check)."}, people},
		{"skip bad rows", args(demo.StaffAdmin, "--skip-bad-rows"), "", []string{"Imported 2 people and 1 enrolment, recorded in the audit trail as one import."}, people + 2},
		{"the same file again", args(demo.StaffAdmin, "--skip-bad-rows"), "", []string{"0 people to add", "2 people on this device already", "Nothing to import"}, people + 2},
		{"unknown decision", args(demo.StaffAdmin, "--duplicates", "maybe"), "--duplicates is skip, create or enrol", nil, people + 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			err := run(tc.args, strings.NewReader(demo.PIN+"\n"), &out)
			if tc.wantErr == "" && err != nil || tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)) {
				t.Fatalf("err = %v, want %q; said:\n%s", err, tc.wantErr, out.String())
			}
			for _, w := range tc.wantOut {
				if !strings.Contains(out.String(), w) {
					t.Errorf("the output does not say %q:\n%s", w, out.String())
				}
			}
			if got := count(); got != tc.wantPeople {
				t.Errorf("%d people on the device, want %d", got, tc.wantPeople)
			}
		})
	}

	// Someone imported and erased at their request since: the same file
	// again neither counts them as added nor brings them back.
	t.Run("the same file after an erasure", func(t *testing.T) {
		st := open()
		found := st.View().SearchPeople("Quist", 5)
		if len(found) != 1 {
			st.Close()
			t.Fatalf("%d people called Quist", len(found))
		}
		err := st.ErasePerson(demo.StaffAdmin, found[0].ID)
		st.Close()
		if err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		if err := run(args(demo.StaffAdmin, "--check", "--skip-bad-rows"), strings.NewReader(demo.PIN+"\n"), &out); err != nil {
			t.Fatalf("%v; said:\n%s", err, out.String())
		}
		for _, w := range []string{"0 people to add", "1 person on this device already", "1 person erased or removed since an earlier import, not brought back"} {
			if !strings.Contains(out.String(), w) {
				t.Errorf("the output does not say %q:\n%s", w, out.String())
			}
		}
		if got := count(); got != people+1 {
			t.Errorf("%d people on the device, want %d", got, people+1)
		}
	})

	// The command says what the import screen says of rows of one name
	// taken as two people, and of a file with no rows.
	for _, tc := range []struct{ name, csv, want string }{
		{"one name, two dates of birth", "First name,Last name,Date of birth\nOlwen,Quaife,3/2/1950\nOlwen,Quaife,4/5/1961\n", "Taken as different people (1):\n  Line 3: "},
		{"a heading and no rows", "First name,Last name,Date of birth\n", "There are no rows under the heading row"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := filepath.Join(t.TempDir(), "list.csv")
			if err := os.WriteFile(f, []byte(tc.csv), 0o600); err != nil {
				t.Fatal(err)
			}
			var out bytes.Buffer
			if err := run([]string{"import", "--data", dir, "people", f, "--as", demo.StaffAdmin, "--check"}, strings.NewReader(demo.PIN+"\n"), &out); err != nil {
				t.Fatalf("%v; said:\n%s", err, out.String())
			}
			if !strings.Contains(out.String(), tc.want) {
				t.Errorf("the output does not say %q:\n%s", tc.want, out.String())
			}
		})
	}

	st = open()
	defer st.Close()
	v := st.View()
	entries := audit.List(v, audit.Filter{Action: audit.ActionImported})
	if len(entries) != 1 || entries[0].Staff != demo.StaffAdmin || strings.Contains(entries[0].Detail, "Quartermaine") {
		t.Fatalf("audit: %+v", entries)
	}
	var zeb domain.Person
	for _, x := range v.SearchPeople("Quartermaine", 5) {
		zeb = x
	}
	if zeb.AccessNeeds != "Stick; slow on stairs, sits near door" || zeb.DateOfBirth != "1950-02-03" || zeb.NHSNumber != "943 476 5919" {
		t.Errorf("Zebedee: %+v", zeb)
	}
	if _, ok := v.Get(domain.KindEnrolment, domain.EnrolmentID(demo.IDPrefix+"act-garden", zeb.ID)); !ok {
		t.Error("Zebedee is not in the garden group")
	}
	if n := len(v.SearchPeople("Quill", 5)) + len(v.SearchPeople("Quince", 5)); n != 0 {
		t.Errorf("%d people from bad rows were written", n)
	}
	if got := len(v.SearchPeople(known.GivenName+" "+known.FamilyName, 10)); got != 1 {
		t.Errorf("%d people called %s, want the one already there", got, known.FullName())
	}

	var help bytes.Buffer
	if err := run([]string{"import", "--help"}, nil, &help); err != nil || !strings.Contains(help.String(), "--skip-bad-rows") {
		t.Errorf("help: %v %q", err, help.String())
	}
}
