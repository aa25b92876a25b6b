package desktop

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/gather-sp/gather/access"
	"github.com/gather-sp/gather/audit"
	"github.com/gather-sp/gather/device"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/peopleimport"
)

const importUsage = `gather import people FILE.csv --as STAFF-ID [--data DIR] [--check] [--skip-bad-rows] [--duplicates skip|create|enrol]

Brings a list of people from a spreadsheet (saved as CSV) onto this device,
as one action in the audit trail. For administrators and link workers; asks
for the PIN (or reads it from standard input).

The columns are matched by their headings: first name, last name (or one
name column), known as, date of birth, phone, email, address, postcode, NHS
number, GP practice, access needs, emergency contact and their phone, and
the activity to enrol them in (its name on the Activities screen; several
separated by ;).

It prints what it found: the columns, the rows with problems by line, and
the people who may already be on this device. It imports only when every
row is good; nothing is written otherwise. Importing the same file again
adds nobody.

  --check            print what would happen and write nothing
  --skip-bad-rows    import the good rows and leave out the rows with problems
  --duplicates WHAT  people who may already be on this device:
                     skip (the default) leaves them out,
                     create adds them as new people,
                     enrol enrols the person already here in the file's activities
`

// Import is `gather import people FILE.csv`: the Import people screen,
// without the window.
func Import(paths device.Paths, staffID string, args []string, stdin io.Reader, stdout io.Writer) error {
	fs := flag.NewFlagSet("gather import", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	check := fs.Bool("check", false, "")
	skipBad := fs.Bool("skip-bad-rows", false, "")
	dups := fs.String("duplicates", "skip", "")
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				_, err = fmt.Fprint(stdout, importUsage)
				return err
			}
			return fmt.Errorf("%v\n\n%s", err, importUsage)
		}
		if fs.NArg() == 0 {
			break
		}
		pos, args = append(pos, fs.Arg(0)), fs.Args()[1:]
	}
	if len(pos) != 2 || pos[0] != "people" {
		return fmt.Errorf("say what to import and from which file: gather import people FILE.csv\n\n%s", importUsage)
	}
	decision, ok := map[string]peopleimport.Decision{"skip": peopleimport.Skip, "create": peopleimport.CreateAnyway,
		"enrol": peopleimport.EnrolExisting, "enroll": peopleimport.EnrolExisting}[*dups]
	if !ok {
		return fmt.Errorf("--duplicates is skip, create or enrol, not %q", *dups)
	}
	name := pos[1]
	in, err := os.Open(name)
	if err != nil {
		return fmt.Errorf("cannot open the spreadsheet: %w", err)
	}
	defer in.Close()
	file, err := peopleimport.Read(in)
	if err != nil {
		return fmt.Errorf("%s: %w", filepath.Base(name), err)
	}

	st, u, err := openAs(paths, staffID, stdin, access.ActionImportPeople, "importing people is")
	if err != nil {
		return err
	}
	defer u.Forget()
	defer st.Close()

	plan := peopleimport.Check(file, peopleimport.WithStore(st.View(), st), domain.DateOf(time.Now()))
	for _, e := range plan.Entries {
		if e.Status == peopleimport.StatusDuplicate {
			e.Decision = decision
		}
	}
	printPlan(stdout, filepath.Base(name), plan)
	c := plan.Counts()
	if c.BadRows > 0 && !*skipBad {
		return fmt.Errorf("nothing was imported: %d of the %d rows have problems (above). Fix them in the spreadsheet and import it again, or add --skip-bad-rows to import the other %s",
			c.BadRows, c.Rows, plural(c.Rows-c.BadRows, "row", "rows"))
	}
	if *check {
		fmt.Fprintln(stdout, "Nothing was written (--check).")
		return nil
	}
	changes, res, err := plan.Changes(u.ID, audit.Recorder{Device: st.Device()}, *skipBad)
	if err != nil {
		return err
	}
	if len(changes) == 0 {
		fmt.Fprintln(stdout, "Nothing to import: everyone in the file is on this device already, or left out.")
		return nil
	}
	if err := peopleimport.Save(st, u.ID, changes, nil); err != nil {
		return fmt.Errorf("the import stopped part way (%w); import the same file again to finish it: nobody is added twice", err)
	}
	fmt.Fprintf(stdout, "Imported %s and %s, recorded in the audit trail as one import.\n",
		plural(res.People, "person", "people"), plural(res.Enrolments, "enrolment", "enrolments"))
	return nil
}

// printPlan prints what an import would do: the file, its columns, the
// rows with problems, the possible duplicates and the totals.
func printPlan(w io.Writer, name string, p *peopleimport.Plan) {
	f := p.File
	c := p.Counts()
	fmt.Fprintln(w, f.Summary(name))
	fmt.Fprintln(w, "\nColumns:")
	for _, col := range f.Columns {
		to := "not imported (" + col.Note + ")"
		if col.Field != "" {
			to = peopleimport.FieldLabel(col.Field)
		}
		fmt.Fprintf(w, "  %-28s -> %s\n", quoteEmpty(col.Header), to)
	}
	if c.Rows == 0 {
		fmt.Fprintln(w, "\nThere are no rows under the heading row, so there is nobody to import.")
	}
	if len(p.Notes) > 0 {
		fmt.Fprintf(w, "\nTaken as different people (%d):\n", len(p.Notes))
		for _, n := range p.Notes {
			fmt.Fprintf(w, "  %s\n", n)
		}
	}
	if len(p.Problems) > 0 {
		fmt.Fprintf(w, "\nRows with problems (%d; nothing from them is imported):\n", c.BadRows)
		for _, pr := range p.Problems {
			fmt.Fprintf(w, "  %s\n", pr)
		}
	}
	if c.Duplicates > 0 {
		fmt.Fprintf(w, "\nMay already be on this device (%d):\n", c.Duplicates)
		for _, e := range p.Entries {
			if e.Status != peopleimport.StatusDuplicate {
				continue
			}
			var who []string
			for _, d := range e.Duplicates {
				who = append(who, fmt.Sprintf("%s (%s)", d.Person.FullName(), strings.Join(d.Reasons, ", ")))
			}
			what := map[peopleimport.Decision]string{peopleimport.Skip: "left out", peopleimport.CreateAnyway: "added as a new person",
				peopleimport.EnrolExisting: "the person already here is enrolled"}[e.Decision]
			fmt.Fprintf(w, "  Line %d: %s may be %s: %s.\n", e.Line(), e.Person.FullName(), strings.Join(who, " or "), what)
		}
	}
	fmt.Fprintf(w, "\n%s to add, %s", plural(c.New, "person", "people"), plural(c.Enrolments, "enrolment", "enrolments"))
	if c.AlreadyHere > 0 {
		fmt.Fprintf(w, "; %s on this device already", plural(c.AlreadyHere, "person", "people"))
	}
	if c.Removed > 0 {
		fmt.Fprintf(w, "; %s erased or removed since an earlier import, not brought back", plural(c.Removed, "person", "people"))
	}
	if c.Skipped > 0 {
		fmt.Fprintf(w, "; %s left out as possible duplicates", plural(c.Skipped, "person", "people"))
	}
	if c.BadRows > 0 {
		fmt.Fprintf(w, "; %s with problems", plural(c.BadRows, "row", "rows"))
	}
	fmt.Fprintln(w, ".")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func quoteEmpty(s string) string {
	if s == "" {
		return "(no heading)"
	}
	return s
}
