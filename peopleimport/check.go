package peopleimport

import (
	"crypto/sha256"
	"encoding/base32"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/storage"
)

// Source is what Check reads from the device: *storage.View is one. A
// Source that also says which records were on the device and are gone
// (WithStore) lets Check tell someone erased from someone new.
type Source interface {
	All(kind record.Kind) []*storage.Row
	Get(kind record.Kind, id string) (*storage.Row, bool)
}

// Records is what WithStore reads beside the view: every record whatever
// its state (*storage.Store is one).
type Records interface {
	Entity(kind record.Kind, id string) (*record.Entity, error)
}

// WithStore is view, with the store that holds what the view leaves out:
// a person imported from the same file before and since erased, or
// removed, is then StatusRemoved, not counted as someone new.
func WithStore(view Source, store Records) Source { return withStore{view, store} }

type withStore struct {
	Source
	store Records
}

// removed says whether the store holds a record of kind and id that was
// erased or deleted. A record the device only forgot (out of its scope:
// storage.ForgetRecords, deleted with no stamp) is not removed: the
// organisation still has them.
func (w withStore) removed(kind record.Kind, id string) bool {
	e, err := w.store.Entity(kind, id)
	if err != nil || e == nil {
		return false
	}
	forgotten := !e.Erased() && e.Fields[record.FieldDeleted].Stamp.IsZero()
	return e.Deleted() && !forgotten
}

// Problem is what is wrong with one row, in words.
type Problem struct {
	Line    int
	Message string
}

func (p Problem) String() string { return fmt.Sprintf("Line %d: %s", p.Line, p.Message) }

// Status is what the import would do with a person in the file.
type Status int

const (
	// StatusNew: nobody like them is on the device; they are added.
	StatusNew Status = iota
	// StatusDuplicate: someone on the device may be them; someone decides.
	StatusDuplicate
	// StatusAlreadyHere: they are on the device already (imported from
	// this file before, or with the same details); nothing is written.
	StatusAlreadyHere
	// StatusRemoved: imported from this file before and since erased at
	// their request, or removed from the device; nothing is written, and
	// they are not brought back (the store would keep them erased, but
	// the import would count them as added).
	StatusRemoved
)

// Decision is what to do with a possible duplicate.
type Decision int

const (
	// Skip writes nothing for them (the default: nobody is created twice).
	Skip Decision = iota
	// CreateAnyway adds them as a new person: they are someone else.
	CreateAnyway
	// EnrolExisting enrols the person already on the device in the
	// activities the file gives, and changes nothing else about them.
	EnrolExisting
)

// Entry is one person in the file: one row, or several rows for the same
// person (one per activity they go to).
type Entry struct {
	Lines      []int         // the file lines that give them
	Person     domain.Person // as the import would save them; the id is derived
	Activities []domain.Activity
	Status     Status
	// Existing is the person on the device when Status is
	// StatusAlreadyHere, and Why says how they were recognised.
	Existing domain.Person
	Why      string
	// Duplicates are the people on the device who may be them, likely
	// ones first (StatusDuplicate).
	Duplicates []domain.Duplicate
	// Decision is what to do when Status is StatusDuplicate; Skip unless
	// someone chooses otherwise.
	Decision Decision

	key string // what makes rows the same person
}

// Line is the first line that gives them.
func (e *Entry) Line() int { return e.Lines[0] }

// Plan is a file checked against the device: who would be added, who may
// be there already, and which rows are wrong.
type Plan struct {
	File     *File
	Today    string // YYYY-MM-DD: enrolments start on it
	Entries  []*Entry
	Problems []Problem // in line order; a row may have several
	// Notes are worth a look but stop nothing: rows of one name read as
	// two people because they give different details. In line order.
	Notes []Problem

	src      Source
	badLines map[int]bool
}

// BadRows is how many rows have problems.
func (p *Plan) BadRows() int { return len(p.badLines) }

// IsBad reports whether the row on line has a problem.
func (p *Plan) IsBad(line int) bool { return p.badLines[line] }

// Counts says what the plan would do, with the decisions made so far.
type Counts struct {
	Rows        int // data rows in the file
	BadRows     int // rows with problems: never written
	New         int // people to add (with duplicates chosen to create anyway)
	Duplicates  int // possible duplicates to decide on
	Skipped     int // possible duplicates left out
	AlreadyHere int // already on the device: nothing to do
	Removed     int // erased or removed since an earlier import: not brought back
	Enrolments  int // enrolments to add
}

// Counts counts what Changes would write.
func (p *Plan) Counts() Counts {
	c := Counts{Rows: len(p.File.Rows), BadRows: len(p.badLines)}
	for _, e := range p.Entries {
		switch e.Status {
		case StatusAlreadyHere:
			c.AlreadyHere++
		case StatusRemoved:
			c.Removed++
		case StatusDuplicate:
			c.Duplicates++
			switch e.Decision {
			case CreateAnyway:
				c.New++
			case Skip:
				c.Skipped++
			}
		default:
			c.New++
		}
		c.Enrolments += len(p.enrolments(e))
	}
	return c
}

var idEncoding = base32.NewEncoding("abcdefghijkmnpqrstuvwxyz23456789").WithPadding(base32.NoPadding)

// personID derives a person's id from the file and who they are, so the
// same file imported again, here or on another device, names the same
// records. It looks like domain.NewID's ids: 16 characters.
func personID(digest [sha256.Size]byte, key string) string {
	h := sha256.New()
	h.Write([]byte("gather people import\x00"))
	h.Write(digest[:])
	h.Write([]byte(key))
	return idEncoding.EncodeToString(h.Sum(nil)[:10])
}

// Check reads every row of f, says what is wrong with each, joins the rows
// of the same person, and finds who may already be on the device (src).
// today (YYYY-MM-DD) is the date enrolments start on and dates of birth
// are checked against. It writes nothing.
func Check(f *File, src Source, today string) *Plan {
	p := &Plan{File: f, Today: today, src: src, badLines: map[int]bool{}}
	acts := newActivityIndex(src)
	j := joiner{byKey: map[string]*Entry{}, byName: map[string][]*Entry{}}
	for _, row := range f.Rows {
		person, activities, problems := p.readRow(row, acts)
		if len(problems) > 0 {
			p.bad(row.Line, problems...)
			continue
		}
		key := identity(person)
		e, problem, note := j.match(key, person)
		switch {
		case problem != "":
			p.bad(row.Line, problem)
			continue
		case e != nil:
			e.join(row.Line, person, activities)
			j.byKey[key] = e // a later row with this row's NHS number is theirs too
			continue
		case note != "":
			p.Notes = append(p.Notes, Problem{Line: row.Line, Message: note})
		}
		person.ID = personID(f.Digest, key)
		e = &Entry{Lines: []int{row.Line}, Person: person, Activities: activities, key: key}
		j.add(e)
		p.Entries = append(p.Entries, e)
	}
	sort.SliceStable(p.Problems, func(i, j int) bool { return p.Problems[i].Line < p.Problems[j].Line })
	p.findExisting()
	return p
}

// joiner finds the entry a row is another row of.
type joiner struct {
	byKey  map[string]*Entry   // identity -> the entry a row with it joined
	byName map[string][]*Entry // folded name -> the entries of that name
}

func (j *joiner) add(e *Entry) {
	j.byKey[e.key] = e
	name := foldedName(e.Person)
	j.byName[name] = append(j.byName[name], e)
}

// match finds the entry x (a row's person, with identity key) belongs to.
// Rows join by name, not by key alone: a detail left blank on one row of a
// person is "same as above", so the rows' keys differ though they are one
// person. It returns the entry; or a problem, when x is someone above with
// a detail changed or could be either of two people above; or neither,
// when x is someone new, with a note when someone above has the name.
func (j *joiner) match(key string, x domain.Person) (e *Entry, problem, note string) {
	sameAs := func(e *Entry, diff string) string {
		return fmt.Sprintf("this is the same person as line %d (%s) with a different %s; keep one row per person, or one row per activity with the same details", e.Line(), e.Person.FullName(), diff)
	}
	if e, ok := j.byKey[key]; ok {
		if diff := differences(e.Person, x); diff != "" {
			return nil, sameAs(e, diff), ""
		}
	}
	same := j.byName[foldedName(x)]
	var fits []*Entry
	for _, e := range same {
		if differences(e.Person, x) == "" {
			fits = append(fits, e)
		}
	}
	switch {
	case len(fits) == 1:
		return fits[0], "", ""
	case len(fits) > 1:
		return nil, fmt.Sprintf("there are %d people called %s above (%s), and this row could be either; give the date of birth or NHS number that tells them apart", len(fits), x.FullName(), lineList(firstLines(fits), 5)), ""
	}
	for _, e := range same {
		// The same NHS number, or name and date of birth: the same
		// person, with some other detail changed.
		if sharesIdentity(e.Person, x) && !identityDiffers(e.Person, x) {
			return nil, sameAs(e, differences(e.Person, x)), ""
		}
	}
	if len(same) > 0 {
		note = fmt.Sprintf("%s has the same name as %s but a different %s, so they are taken as two people; if they are one person, put the rows right in the spreadsheet.", x.FullName(), lineList(firstLines(same), 5), differences(same[0].Person, x))
	}
	return nil, "", note
}

// sharesIdentity: a and b give the same NHS number or date of birth.
func sharesIdentity(a, b domain.Person) bool {
	return a.NHSNumber != "" && a.NHSNumber == b.NHSNumber || a.DateOfBirth != "" && a.DateOfBirth == b.DateOfBirth
}

// identityDiffers: a and b give different NHS numbers or dates of birth,
// so they are two people whatever their names.
func identityDiffers(a, b domain.Person) bool {
	differ := func(x, y string) bool { return x != "" && y != "" && x != y }
	return differ(a.NHSNumber, b.NHSNumber) || differ(a.DateOfBirth, b.DateOfBirth)
}

// join adds a row of the same person to e.
func (e *Entry) join(line int, x domain.Person, activities []domain.Activity) {
	e.Lines = append(e.Lines, line)
	mergeDetails(&e.Person, x)
	for _, a := range activities {
		if !hasActivity(e.Activities, a.ID) {
			e.Activities = append(e.Activities, a)
		}
	}
}

func firstLines(entries []*Entry) []int {
	out := make([]int, len(entries))
	for i, e := range entries {
		out[i] = e.Line()
	}
	return out
}

func (p *Plan) bad(line int, msgs ...string) {
	p.badLines[line] = true
	for _, m := range msgs {
		p.Problems = append(p.Problems, Problem{Line: line, Message: m})
	}
}

// readRow makes a person from a row and checks every value.
func (p *Plan) readRow(row Row, acts *activityIndex) (domain.Person, []domain.Activity, []string) {
	f := p.File
	var problems []string
	say := func(field, format string, args ...any) {
		msg := fmt.Sprintf(format, args...)
		if field != "" {
			msg = p.columnName(field) + ": " + msg
		}
		problems = append(problems, msg)
	}
	if row.Broken != "" {
		return domain.Person{}, nil, []string{"this row " + row.Broken + "."}
	}
	if row.Extra > 0 {
		say("", "this row has more values than the heading row has columns; a value with a %s in it needs quotes around it.", strings.TrimSuffix(f.SeparatorName(), "s"))
	}
	for i, v := range row.Values {
		if len(v) > maxValue && f.Columns[i].Field != "" {
			say(f.Columns[i].Field, "%d characters is too long for one value; the most is %d.", len(v), maxValue)
			return domain.Person{}, nil, problems
		}
	}
	val := func(field string) string { return f.Value(row, field) }
	var x domain.Person
	x.GivenName, x.FamilyName = val(FieldGivenName), val(FieldFamilyName)
	if full := val(FieldFullName); full != "" && f.Column(FieldGivenName) < 0 && f.Column(FieldFamilyName) < 0 {
		x.GivenName, x.FamilyName = splitName(full)
	} else if full != "" && x.GivenName == "" && x.FamilyName == "" {
		x.GivenName, x.FamilyName = splitName(full)
	}
	switch {
	case x.GivenName == "" && x.FamilyName == "":
		say("", "there is no name.")
	case x.GivenName == "":
		say("", "there is no given (first) name for %s.", x.FamilyName)
	case x.FamilyName == "":
		say("", "there is no family name for %s; if they have only one name, write - as their family name.", x.GivenName)
	}
	x.PreferredName = val(FieldPreferredName)
	x.AccessNeeds = val(FieldAccessNeeds)
	x.EmergencyContactName = val(FieldEmergencyName)
	x.Address = val(FieldAddress)
	x.Practice = val(FieldPractice)
	if v := val(FieldDateOfBirth); v != "" {
		d, msg := ParseDate(v, p.Today)
		switch {
		case msg != "":
			say(FieldDateOfBirth, "%s.", msg)
		case p.Today != "" && d > p.Today:
			say(FieldDateOfBirth, "%q is in the future; check the year.", v)
		case p.Today != "" && d < yearsBefore(p.Today, 130):
			say(FieldDateOfBirth, "%q is more than 130 years ago; check the year.", v)
		default:
			x.DateOfBirth = d
		}
	}
	if v := val(FieldNHSNumber); v != "" {
		if n, msg := domain.CheckNHSNumber(v); msg != "" {
			say("", "%s", msg)
		} else {
			x.NHSNumber = n
		}
	}
	phone := func(field, v string, dst *string) {
		if v == "" {
			return
		}
		if !domain.PhoneLooksRight(v) {
			say(field, "%q does not look like a phone number; write it like 07700 900123.", v)
			return
		}
		*dst = v
	}
	phone(FieldPhone, val(FieldPhone), &x.Phone)
	phone(FieldEmergencyPhone, val(FieldEmergencyPhone), &x.EmergencyContactPhone)
	if v := val(FieldEmail); v != "" {
		if !domain.EmailLooksRight(v) {
			say(FieldEmail, "%q does not look like an email address, like name@example.com.", v)
		} else {
			x.Email = v
		}
	}
	if v := val(FieldPostcode); v != "" {
		if pc, ok := domain.NormalPostcode(v); ok {
			x.Postcode = pc
		} else {
			say(FieldPostcode, "%q does not look like a UK postcode, like KV1 4RG.", v)
		}
	}
	var activities []domain.Activity
	if v := val(FieldActivity); v != "" {
		for _, name := range splitList(v) {
			a, msg := acts.find(name)
			if msg != "" {
				say(FieldActivity, "%s", msg)
				continue
			}
			if !hasActivity(activities, a.ID) {
				activities = append(activities, a)
			}
		}
	}
	return x, activities, problems
}

// columnName names a field's column as the file heads it.
func (p *Plan) columnName(field string) string {
	if i := p.File.Column(field); i >= 0 && p.File.Columns[i].Header != "" {
		return p.File.Columns[i].Header
	}
	return FieldLabel(field)
}

// splitName splits "Ann Smith" or "Smith, Ann" into given and family name.
func splitName(full string) (given, family string) {
	if before, after, ok := strings.Cut(full, ","); ok {
		return strings.TrimSpace(after), strings.TrimSpace(before)
	}
	words := strings.Fields(full)
	if len(words) == 1 {
		return words[0], ""
	}
	return strings.Join(words[:len(words)-1], " "), words[len(words)-1]
}

// splitList splits a cell naming several activities ("Garden; Craft").
func splitList(s string) []string {
	var out []string
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '|' || r == '\n' }) {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

func yearsBefore(date string, years int) string {
	t, ok := domain.ParseDate(date)
	if !ok {
		return ""
	}
	return domain.DateOf(t.AddDate(-years, 0, 0))
}

func hasActivity(list []domain.Activity, id string) bool {
	for _, a := range list {
		if a.ID == id {
			return true
		}
	}
	return false
}

// fold lower-cases and keeps letters and digits, without accents.
func fold(s string) string { return headerKey(s) }

// foldedName is a person's name as rows of one person share it.
func foldedName(x domain.Person) string { return fold(x.GivenName) + "|" + fold(x.FamilyName) }

// identity is what makes two rows the same person: the NHS number when
// there is one, otherwise the name with the date of birth, or with the
// contact details when there is no date of birth.
func identity(x domain.Person) string {
	if x.NHSNumber != "" {
		return "nhs:" + x.NHSNumber
	}
	name := foldedName(x)
	if x.DateOfBirth != "" {
		return "dob:" + name + "|" + x.DateOfBirth
	}
	return "name:" + name + "|" + domain.NormalizePhone(x.Phone) + "|" + strings.ToLower(x.Email) + "|" + x.Postcode
}

// personFields are the fields compared between rows and with people on the
// device, with how to compare them.
var personFields = []struct {
	label string
	get   func(domain.Person) string
}{
	{"given name", func(x domain.Person) string { return fold(x.GivenName) }},
	{"family name", func(x domain.Person) string { return fold(x.FamilyName) }},
	{"date of birth", func(x domain.Person) string { return x.DateOfBirth }},
	{"NHS number", func(x domain.Person) string { return x.NHSNumber }},
	{"phone number", func(x domain.Person) string { return domain.NormalizePhone(x.Phone) }},
	{"email address", func(x domain.Person) string { return strings.ToLower(x.Email) }},
	{"postcode", func(x domain.Person) string { return x.Postcode }},
	{"known-as name", func(x domain.Person) string { return fold(x.PreferredName) }},
	{"access needs", func(x domain.Person) string { return x.AccessNeeds }},
	{"emergency contact", func(x domain.Person) string { return fold(x.EmergencyContactName) }},
	{"emergency contact's phone", func(x domain.Person) string { return domain.NormalizePhone(x.EmergencyContactPhone) }},
	{"address", func(x domain.Person) string { return fold(x.Address) }},
}

// differences names the first detail two rows of the same person give
// differently (a detail only one of them gives is not a difference).
func differences(a, b domain.Person) string {
	for _, f := range personFields {
		va, vb := f.get(a), f.get(b)
		if va != "" && vb != "" && va != vb {
			return f.label
		}
	}
	return ""
}

// mergeDetails fills what a's row left empty from b's.
func mergeDetails(a *domain.Person, b domain.Person) {
	fill := func(dst *string, v string) {
		if *dst == "" {
			*dst = v
		}
	}
	fill(&a.PreferredName, b.PreferredName)
	fill(&a.DateOfBirth, b.DateOfBirth)
	fill(&a.NHSNumber, b.NHSNumber)
	fill(&a.Phone, b.Phone)
	fill(&a.Email, b.Email)
	fill(&a.Postcode, b.Postcode)
	fill(&a.Address, b.Address)
	fill(&a.Practice, b.Practice)
	fill(&a.AccessNeeds, b.AccessNeeds)
	fill(&a.EmergencyContactName, b.EmergencyContactName)
	fill(&a.EmergencyContactPhone, b.EmergencyContactPhone)
}

// sameIdentity: everything the file says to identify them (names, date of
// birth, NHS number, contact details) is what the device has.
func sameIdentity(file, device domain.Person) bool {
	for _, f := range personFields[:7] {
		if v := f.get(file); v != "" && v != f.get(device) {
			return false
		}
	}
	return true
}

// findExisting sorts each entry into new, possible duplicate or already
// here, against the people on the device.
func (p *Plan) findExisting() {
	if p.src == nil {
		return
	}
	people := newPeopleIndex(p.src)
	for _, e := range p.Entries {
		if row, ok := p.src.Get(domain.KindPerson, e.Person.ID); ok {
			var x domain.Person
			row.Decode(&x)
			e.Status, e.Existing = StatusAlreadyHere, x
			e.Why = "imported from this file before"
			if x.Deleted || x.FamilyName == "" && x.GivenName == "" {
				e.Why = "imported from this file before, and since removed from this device; not brought back"
			}
			continue
		}
		if w, ok := p.src.(withStore); ok && w.removed(domain.KindPerson, e.Person.ID) {
			e.Status = StatusRemoved
			e.Why = "imported from this file before, and since erased or removed from this device; not brought back"
			continue
		}
		dups := people.duplicates(e.Person)
		for _, d := range dups {
			if sameIdentity(e.Person, d.Person) {
				e.Status, e.Existing = StatusAlreadyHere, d.Person
				e.Why = "on this device already with the same details"
				break
			}
		}
		if e.Status == StatusAlreadyHere {
			continue
		}
		if len(dups) > 0 {
			e.Status, e.Duplicates = StatusDuplicate, dups
		}
	}
}

// ErrBadRows is returned by Changes when rows have problems and they were
// not to be left out.
var ErrBadRows = errors.New("some rows have problems")

// enrolments are the enrolments an entry adds under its decision.
func (p *Plan) enrolments(e *Entry) []domain.Enrolment {
	var personID string
	switch {
	case e.Status == StatusNew, e.Status == StatusDuplicate && e.Decision == CreateAnyway:
		personID = e.Person.ID
	case e.Status == StatusDuplicate && e.Decision == EnrolExisting && len(e.Duplicates) > 0:
		personID = e.Duplicates[0].Person.ID
	case e.Status == StatusAlreadyHere && !e.Existing.Deleted && e.Existing.ID != "":
		// The file enrols them and they never were (an import cut short,
		// or a new list): enrol them. One who has left stays left.
		personID = e.Existing.ID
	default:
		return nil
	}
	var out []domain.Enrolment
	for _, a := range e.Activities {
		id := domain.EnrolmentID(a.ID, personID)
		if p.src != nil {
			// Already enrolled, or enrolled once and since left: an
			// import does not put them back.
			if _, ok := p.src.Get(domain.KindEnrolment, id); ok {
				continue
			}
		}
		out = append(out, domain.Enrolment{ID: id, ActivityID: a.ID, PersonID: personID, VenueID: a.VenueID, Started: p.Today})
	}
	return out
}
