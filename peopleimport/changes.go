package peopleimport

import (
	"encoding/hex"
	"fmt"
	"sort"
	"strings"

	"github.com/gather-sp/gather/audit"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/storage"
)

// Result says what an import wrote.
type Result struct {
	People      int // people added
	Enrolments  int // enrolments added (for new people and people already here)
	Skipped     int // possible duplicates left out
	AlreadyHere int // on the device already: nothing written
	Removed     int // erased or removed since an earlier import: not brought back
	BadRows     int // rows with problems, left out
}

// AuditKind names an import in its audit entry (imports are not records;
// the entry's id is Plan.ID).
const AuditKind record.Kind = "import"

// ID is the import's id, eight characters from the file's digest: the
// audit entry names it, so an import and the same file imported again
// share it.
func (p *Plan) ID() string { return hex.EncodeToString(p.File.Digest[:4]) }

// Changes returns what the import writes, to be saved with one Store.Save:
// the people to add, their enrolments, and one audit entry for the whole
// import, made by rec for staff. When rows have problems it returns
// ErrBadRows and nothing, unless skipBadRows says to leave those rows out.
// When there is nothing to write (the same file again) it returns no
// changes and no audit entry.
func (p *Plan) Changes(staff string, rec audit.Recorder, skipBadRows bool) ([]record.Change, Result, error) {
	res := Result{BadRows: p.BadRows()}
	if res.BadRows > 0 && !skipBadRows {
		return nil, res, fmt.Errorf("%w: %d of the %d rows (%s); fix them in the spreadsheet, or leave them out", ErrBadRows, res.BadRows, len(p.File.Rows), lineList(p.badLineNumbers(), 10))
	}
	var changes []record.Change
	filled := map[string]bool{}
	for _, e := range p.Entries {
		switch {
		case e.Status == StatusAlreadyHere:
			res.AlreadyHere++
		case e.Status == StatusRemoved:
			res.Removed++
		case e.Status == StatusDuplicate && e.Decision == Skip:
			res.Skipped++
		case e.Status == StatusNew, e.Status == StatusDuplicate && e.Decision == CreateAnyway:
			fields := map[string]string{}
			for k, v := range domain.Encode(e.Person) {
				if v != "" {
					fields[k] = v
					filled[k] = true
				}
			}
			changes = append(changes, record.Change{Kind: domain.KindPerson, ID: e.Person.ID, Fields: fields})
			res.People++
		}
		for _, en := range p.enrolments(e) {
			fields := map[string]string{}
			for k, v := range domain.Encode(en) {
				if v != "" {
					fields[k] = v
				}
			}
			changes = append(changes, record.Change{Kind: domain.KindEnrolment, ID: en.ID, Fields: fields})
			res.Enrolments++
		}
	}
	if len(changes) == 0 {
		return nil, res, nil
	}

	names := make([]string, 0, len(filled))
	for k := range filled {
		names = append(names, k)
	}
	sort.Strings(names)
	// Counts and field names only: the trail never holds who was imported.
	detail := fmt.Sprintf("people from a spreadsheet (%s): %d added, %s", count(len(p.File.Rows), "row", "rows"),
		res.People, count(res.Enrolments, "enrolment", "enrolments"))
	if res.Skipped > 0 {
		detail += ", " + count(res.Skipped, "possible duplicate", "possible duplicates") + " left out"
	}
	if res.AlreadyHere > 0 {
		detail += fmt.Sprintf(", %d already here", res.AlreadyHere)
	}
	if res.Removed > 0 {
		detail += fmt.Sprintf(", %d erased or removed before, not brought back", res.Removed)
	}
	if res.BadRows > 0 {
		detail += ", " + count(res.BadRows, "row", "rows") + " with problems left out"
	}
	if len(names) > 0 {
		detail += "; fields: " + strings.Join(names, ", ")
	}
	// The entry goes first, so whatever part of the import is on disk
	// has its entry (see Save).
	entry := rec.Entry(staff, audit.ActionImported, AuditKind, p.ID(), detail)
	return append([]record.Change{entry}, changes...), res, nil
}

// Saver saves one action: *storage.Store and the app's Store are ones.
type Saver interface {
	Save(staff string, changes ...record.Change) error
}

// Batch limits: the store refuses a transaction bigger than
// storage.MaxBatchBytes, so a big import is saved in parts of about
// batchBytes (as estimated below, with room to spare), each a durable
// transaction. A person is never split from their enrolments.
const (
	batchBytes   = storage.MaxBatchBytes / 2
	batchChanges = 4000
)

// Save saves changes from Changes: at once when they fit in one
// transaction (a few hundred people), otherwise in parts, the audit entry
// in the first. progress, if not nil, hears how many changes are saved
// after each part. If a part fails the parts before it stay saved; the
// ids are derived from the file, so importing the same file again saves
// what is missing and nothing twice.
func Save(s Saver, staff string, changes []record.Change, progress func(done, total int)) error {
	start, size := 0, 0
	flush := func(end int) error {
		if end == start {
			return nil
		}
		if err := s.Save(staff, changes[start:end]...); err != nil {
			return err
		}
		if progress != nil {
			progress(end, len(changes))
		}
		start, size = end, 0
		return nil
	}
	person := "" // the last person change's id: their enrolments follow it
	for i, c := range changes {
		n := 64 + len(c.ID)
		for k, v := range c.Fields {
			n += 2 * (len(k) + len(v) + 48) // the entity and the queued write
		}
		full := size+n > batchBytes || i-start >= batchChanges
		if full && !enrolsPerson(c, person) {
			if err := flush(i); err != nil {
				return err
			}
		}
		if c.Kind == domain.KindPerson {
			person = c.ID
		}
		size += n
	}
	return flush(len(changes))
}

// enrolsPerson: c is an enrolment of the person whose change is person, so
// it stays in their part. An enrolment of someone already on the device
// (a list that only enrols) may start a part: refusing that put every
// enrolment of such a list in one part, too big for the store.
func enrolsPerson(c record.Change, person string) bool {
	return c.Kind == domain.KindEnrolment && person != "" && c.Fields["person_id"] == person
}

func (p *Plan) badLineNumbers() []int {
	out := make([]int, 0, len(p.badLines))
	for l := range p.badLines {
		out = append(out, l)
	}
	sort.Ints(out)
	return out
}

func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// lineList is "lines 4, 7 and 9", at most max numbers.
func lineList(lines []int, max int) string {
	var s []string
	for i, l := range lines {
		if i == max {
			s = append(s, fmt.Sprintf("%d more", len(lines)-max))
			break
		}
		s = append(s, fmt.Sprint(l))
	}
	if len(lines) == 1 {
		return "line " + s[0]
	}
	return "lines " + joinNames(s)
}
