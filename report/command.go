package report

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/gather-sp/gather/internal/atomicfile"
	"github.com/gather-sp/gather/storage"
)

// Usage is the help text of `gather report`.
const Usage = `usage: gather report --from DATE --to DATE --format csv|pdf --out PATH
                     [--venue ID] [--activity ID] [--practice NAME] [--today DATE]

Makes the report for a period (both dates included, written YYYY-MM-DD).

  --format pdf   writes one PDF file to PATH.
  --format csv   writes one CSV file per table. If PATH ends in .zip they go
                 into that zip archive; otherwise PATH is a folder (made if
                 needed) and NAME.csv files are written into it.
  --venue, --activity, --practice narrow the report; leave them out for the
                 whole organisation. The practice name must match exactly.
  --today        the date to count overdue follow-ups at (default: today).

The stopped_coming CSV names people: it is for staff, and the PDF leaves it out.
`

// Command runs `gather report` with args (the words after "report") on a
// view of the store, telling stdout what it wrote. A bad date or flag gives
// an error that says what to type instead.
func Command(args []string, view *storage.View, stdout io.Writer) error {
	return command(args, func() *Dataset { return Load(view) }, stdout, time.Now)
}

// command is Command with the data and clock passed in, for tests.
func command(args []string, load func() *Dataset, stdout io.Writer, now func() time.Time) error {
	fs := flag.NewFlagSet("gather report", flag.ContinueOnError)
	var usage bytes.Buffer
	fs.SetOutput(&usage)
	fs.Usage = func() {}
	var opt Options
	var format, out string
	fs.StringVar(&opt.From, "from", "", "first day of the period, YYYY-MM-DD")
	fs.StringVar(&opt.To, "to", "", "last day of the period, YYYY-MM-DD")
	fs.StringVar(&format, "format", "", "csv or pdf")
	fs.StringVar(&out, "out", "", "file (pdf, zip) or folder (csv) to write")
	fs.StringVar(&opt.VenueID, "venue", "", "venue id")
	fs.StringVar(&opt.ActivityID, "activity", "", "activity id")
	fs.StringVar(&opt.Practice, "practice", "", "GP practice name")
	fs.StringVar(&opt.Today, "today", "", "date follow-ups are counted at, YYYY-MM-DD")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			_, werr := io.WriteString(stdout, Usage)
			return werr
		}
		return fmt.Errorf("%s\n\n%s", strings.TrimSpace(usage.String()), Usage)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected %q: every option is written --name value\n\n%s", fs.Arg(0), Usage)
	}
	if opt.Today == "" {
		opt.Today = now().Format(time.DateOnly)
	}
	if err := opt.Validate(); err != nil {
		return err
	}
	format = strings.ToLower(format)
	switch {
	case format != "csv" && format != "pdf":
		return fmt.Errorf("--format must be csv or pdf, not %q", format)
	case out == "":
		return errors.New("--out is needed: where to write the report")
	case format == "pdf" && !strings.EqualFold(filepath.Ext(out), ".pdf"):
		return fmt.Errorf("--out %q should end in .pdf for a PDF report", out)
	case format == "csv" && strings.EqualFold(filepath.Ext(out), ".csv"):
		// One .csv file cannot hold a report of several tables; a folder
		// named october.csv would surprise whoever opens it.
		base := strings.TrimSuffix(out, filepath.Ext(out))
		return fmt.Errorf("--out %q: a CSV report is several tables, one file each, so give a folder (--out %s) or a zip of them (--out %s.zip)",
			out, base, base)
	}
	ds := load()
	if err := opt.CheckFilters(ds); err != nil {
		return err
	}
	rep, err := Build(ds, opt)
	if err != nil {
		return err
	}
	// A PDF or a zip is written whole or not at all, owner-only (the CSV
	// names people): a failed report never leaves half a file where the
	// last good one was.
	var write func(io.Writer) error
	switch {
	case format == "pdf":
		write = func(w io.Writer) error { return WritePDF(w, rep) }
	case strings.EqualFold(filepath.Ext(out), ".zip"):
		write = func(w io.Writer) error { return WriteCSVZip(w, rep.Tables()) }
	}
	if write == nil {
		err = WriteCSVDir(out, rep.Tables())
	} else if err = atomicfile.Write(out, 0o600, write); err != nil {
		err = fmt.Errorf("cannot write %s: %w", out, err)
	}
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(stdout, "Wrote the %s report for %s, %s to %s, to %s\n",
		strings.ToUpper(format), scopeForSentence(rep.Scope), longDate(opt.From), longDate(opt.To), out)
	return err
}

// scopeForSentence is the report's scope inside a sentence: "the whole
// organisation", "Activity: Garden group".
func scopeForSentence(scope string) string {
	if scope == wholeOrganisation {
		return "the whole organisation"
	}
	return scope
}
