package peopleimport

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/gather-sp/gather/domain"
	xunicode "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/unicode/norm"
)

// The fields a column can fill. Most are domain.Person's field names;
// FieldFullName is split into given and family name, and FieldActivity
// names the activities to enrol the person in.
const (
	FieldGivenName      = "given_name"
	FieldFamilyName     = "family_name"
	FieldFullName       = "full_name"
	FieldPreferredName  = "preferred_name"
	FieldDateOfBirth    = "date_of_birth"
	FieldPhone          = "phone"
	FieldEmail          = "email"
	FieldAddress        = "address"
	FieldPostcode       = "postcode"
	FieldNHSNumber      = "nhs_number"
	FieldPractice       = "practice"
	FieldAccessNeeds    = "access_needs"
	FieldEmergencyName  = "emergency_contact_name"
	FieldEmergencyPhone = "emergency_contact_phone"
	FieldActivity       = "activity"
)

// Fields lists the fields a column can fill, in the order a preview shows
// them.
var Fields = []string{FieldGivenName, FieldFamilyName, FieldFullName, FieldPreferredName, FieldDateOfBirth,
	FieldPhone, FieldEmail, FieldAddress, FieldPostcode, FieldNHSNumber, FieldPractice, FieldAccessNeeds,
	FieldEmergencyName, FieldEmergencyPhone, FieldActivity}

var fieldLabels = map[string]string{
	FieldGivenName: "Given name", FieldFamilyName: "Family name", FieldFullName: "Full name",
	FieldPreferredName: "Known as", FieldDateOfBirth: "Date of birth", FieldPhone: "Phone",
	FieldEmail: "Email", FieldAddress: "Address", FieldPostcode: "Postcode", FieldNHSNumber: "NHS number",
	FieldPractice:    "GP practice",
	FieldAccessNeeds: "Access needs", FieldEmergencyName: domain.LabelEmergencyContact,
	FieldEmergencyPhone: domain.LabelEmergencyPhone, FieldActivity: "Activity to enrol in",
}

// FieldLabel is a field's name in words ("Date of birth").
func FieldLabel(field string) string {
	if l, ok := fieldLabels[field]; ok {
		return l
	}
	return field
}

// Column is one column of the file and what it fills.
type Column struct {
	Header string // the heading, as in the file
	Field  string // the field it fills; "" when it is not imported
	// Note says why a column is not imported, in words.
	Note string
}

// Row is one row of values under the heading row.
type Row struct {
	Line   int      // the file line the row starts on; the heading row's line is lower
	Values []string // one per column, trimmed; missing trailing values are ""
	// Extra counts values beyond the heading row's columns that are not
	// empty: usually a separator inside a value that is not in quotes.
	Extra int
	// Broken says what made the row unreadable ("" when it was read).
	Broken string
}

// File is a spreadsheet read and understood, before any row is checked.
type File struct {
	Encoding   string // in words a coordinator can match to how the spreadsheet saved it (see decode)
	Separator  rune   // ',', ';' or '\t'
	HeaderLine int    // the line of the heading row
	Columns    []Column
	Rows       []Row // data rows, in file order; empty rows are left out
	// Digest is a SHA-256 of the file as text (after decoding, without a
	// byte order mark, with line endings made \n): the import's identity.
	Digest [sha256.Size]byte

	col map[string]int // field -> column index
}

// Column returns the index of the column filling field, or -1.
func (f *File) Column(field string) int {
	if i, ok := f.col[field]; ok {
		return i
	}
	return -1
}

// Value is a row's value for a field; "" when no column fills it.
func (f *File) Value(r Row, field string) string {
	i, ok := f.col[field]
	if !ok || i >= len(r.Values) {
		return ""
	}
	return r.Values[i]
}

// SeparatorName is the separator in words.
func (f *File) SeparatorName() string {
	switch f.Separator {
	case ';':
		return "semicolons"
	case '\t':
		return "tabs"
	}
	return "commas"
}

// Summary says what the file is in one line, for the import screen and
// the command line alike: its name, letters, separator and heading row.
func (f *File) Summary(name string) string {
	rows := fmt.Sprintf("%d rows", len(f.Rows))
	if len(f.Rows) == 1 {
		rows = "1 row"
	}
	return fmt.Sprintf("%s: saved as %s, separated by %s; heading row on line %d, %s below it.", name, f.Encoding, f.SeparatorName(), f.HeaderLine, rows)
}

// MaxFileSize bounds what Read accepts: far more than a list of people
// needs (10,000 people take about 1 MB).
const MaxFileSize = 50 << 20

// maxValue bounds one value: a name or a note, not a document.
const maxValue = 1000

// Errors Read returns for a file it cannot use at all. Each is wrapped with
// the details in words.
var (
	ErrEmpty     = errors.New("the file is empty")
	ErrTooBig    = errors.New("the file is too big")
	ErrNoHeading = errors.New("no heading row with names")
	ErrBroken    = errors.New("the file cannot be read as a spreadsheet")
)

// Read reads a CSV file and matches its columns to Gather's fields.
func Read(r io.Reader) (*File, error) {
	raw, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(raw) > MaxFileSize {
		return nil, fmt.Errorf("%w: more than %d MB; is it really a list of people?", ErrTooBig, MaxFileSize>>20)
	}
	text, encoding, err := decode(raw)
	if err != nil {
		return nil, err
	}
	text = normalLineEndings(text)
	if strings.TrimSpace(text) == "" {
		return nil, fmt.Errorf("%w: there is nothing in it to import", ErrEmpty)
	}
	f := &File{Encoding: encoding, Separator: detectSeparator(text), Digest: sha256.Sum256([]byte(text))}

	cr := csv.NewReader(strings.NewReader(text))
	cr.Comma = f.Separator
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = false
	type rec struct {
		line   int
		values []string
		broken string
	}
	var recs []rec
	for {
		values, err := cr.Read()
		if err == io.EOF {
			break
		}
		var pe *csv.ParseError
		if err != nil && errors.As(err, &pe) {
			if errors.Is(pe.Err, csv.ErrQuote) {
				// An opening quote never closed swallows the rest of the
				// file: nothing after it can be trusted.
				return nil, fmt.Errorf("%w: on line %d a value starts with a quote mark (\") that is never closed, so everything after it runs together. Fix that line in the spreadsheet and save it again", ErrBroken, pe.StartLine)
			}
			recs = append(recs, rec{line: pe.StartLine, broken: "has a quote mark (\") in the middle of a value that does not start with one; put the whole value in quotes, or take the quote mark out"})
			continue
		}
		if err != nil {
			return nil, err
		}
		line, _ := cr.FieldPos(0)
		recs = append(recs, rec{line: line, values: values})
	}

	// The heading row is the first row that names a name column; title
	// rows above it ("Garden group, spring 2026") are skipped.
	header := -1
	for i, rc := range recs {
		if i >= 10 {
			break
		}
		if rc.broken != "" {
			continue
		}
		cols := matchColumns(rc.values)
		if hasName(cols) {
			header = i
			f.Columns = cols
			f.HeaderLine = rc.line
			break
		}
	}
	if header < 0 {
		return nil, fmt.Errorf("%w: Gather looks for a heading row near the top naming the columns, with at least \"First name\" and \"Last name\" (or \"Name\"). Add one to the spreadsheet and save it again", ErrNoHeading)
	}
	f.col = map[string]int{}
	for i, c := range f.Columns {
		if c.Field != "" {
			f.col[c.Field] = i
		}
	}
	for _, rc := range recs[header+1:] {
		if rc.broken != "" {
			f.Rows = append(f.Rows, Row{Line: rc.line, Values: make([]string, len(f.Columns)), Broken: rc.broken})
			continue
		}
		row := Row{Line: rc.line, Values: make([]string, len(f.Columns))}
		empty := true
		for i, v := range rc.values {
			v = strings.TrimSpace(v)
			if v != "" {
				empty = false
			}
			if i < len(row.Values) {
				row.Values[i] = v
			} else if v != "" {
				row.Extra++
			}
		}
		if !empty {
			f.Rows = append(f.Rows, row)
		}
	}
	return f, nil
}

// The encodings in words: named after the spreadsheet's "Save as" choice
// that writes them, since a coordinator knows that and not the encoding.
const (
	encodingExcelUTF8 = `Excel's "CSV UTF-8"`
	encodingUTF16     = `Excel's "Unicode Text" (UTF-16)`
	encodingUTF8      = "UTF-8"
	encodingWindows   = `Excel's older "CSV" (Windows letters)`
)

// decode turns the file's bytes into text, saying which encoding it was.
func decode(raw []byte) (string, string, error) {
	switch {
	case bytes.HasPrefix(raw, []byte{0xEF, 0xBB, 0xBF}):
		raw = raw[3:]
		if !utf8.Valid(raw) {
			return "", "", fmt.Errorf("%w: it says it is UTF-8 but is not. Save it again from the spreadsheet as \"CSV UTF-8\"", ErrBroken)
		}
		return string(raw), encodingExcelUTF8, nil
	case bytes.HasPrefix(raw, []byte{0xFF, 0xFE}), bytes.HasPrefix(raw, []byte{0xFE, 0xFF}):
		dec := xunicode.UTF16(xunicode.LittleEndian, xunicode.ExpectBOM).NewDecoder()
		b, err := dec.Bytes(raw)
		if err != nil {
			return "", "", fmt.Errorf("%w: it says it is UTF-16 but is not. Save it again from the spreadsheet as \"CSV UTF-8\"", ErrBroken)
		}
		return string(b), encodingUTF16, nil
	case utf8.Valid(raw):
		return string(raw), encodingUTF8, nil
	}
	// Older Excel saves "CSV" in the Windows code page: é is one byte.
	b, err := charmap.Windows1252.NewDecoder().Bytes(raw)
	if err != nil {
		return "", "", fmt.Errorf("%w: the letters are in an encoding Gather does not know. Save it again from the spreadsheet as \"CSV UTF-8\"", ErrBroken)
	}
	return string(b), encodingWindows, nil
}

// normalLineEndings makes every line end in \n: Windows ends lines in
// \r\n, and Excel's "CSV (Macintosh)" in a lone \r, which encoding/csv
// would read as part of a value, making the whole file one row. A lone \r
// inside a quoted value becomes \n too: there it is a line break in the
// cell as well, and \n is how every other such break is held. A file with
// no lone \r reads, and hashes (File.Digest), as before.
func normalLineEndings(text string) string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	return strings.ReplaceAll(text, "\r", "\n")
}

// detectSeparator is the separator the first lines use most, outside
// quotes: commas, or semicolons (Excel where a comma is the decimal point),
// or tabs. A tie goes to commas.
func detectSeparator(text string) rune {
	counts := map[rune]int{}
	inQuote := false
	lines := 0
	for _, r := range text {
		switch {
		case r == '"':
			inQuote = !inQuote
		case inQuote:
		case r == '\n':
			lines++
		case r == ',' || r == ';' || r == '\t':
			counts[r]++
		}
		if lines >= 20 {
			break
		}
	}
	best := ','
	for _, r := range []rune{';', '\t'} {
		if counts[r] > counts[best] {
			best = r
		}
	}
	return best
}

// headerKey is a heading without case, accents, spaces or punctuation.
func headerKey(h string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(h) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// headings are the headings known word for word, as headerKey makes them.
var headings = map[string]string{}

func init() {
	for field, keys := range map[string][]string{
		FieldGivenName:      {"firstname", "firstnames", "forename", "forenames", "givenname", "givennames", "given", "first", "christianname"},
		FieldFamilyName:     {"lastname", "surname", "familyname", "last", "secondname"},
		FieldFullName:       {"name", "fullname", "names", "clientname", "participant", "participantname", "personname", "patientname", "client", "member", "membername", "patient"},
		FieldPreferredName:  {"preferredname", "knownas", "nickname", "preferred", "prefers", "likestobecalled", "preferredfirstname", "callthem"},
		FieldDateOfBirth:    {"dob", "dateofbirth", "birthdate", "birthday", "born", "birth"},
		FieldPhone:          {"phone", "telephone", "tel", "mobile", "phonenumber", "mobilenumber", "telephonenumber", "contactnumber", "mobilephone", "telno", "phoneno", "homephone"},
		FieldEmail:          {"email", "emailaddress", "mail"},
		FieldAddress:        {"address", "homeaddress", "streetaddress", "address1", "addressline1"},
		FieldPostcode:       {"postcode", "postalcode", "zip", "zipcode"},
		FieldNHSNumber:      {"nhsnumber", "nhsno", "nhs", "nhsnum"},
		FieldPractice:       {"practice", "gppractice", "gp", "surgery", "gpsurgery", "registeredpractice", "registeredgp", "gpname"},
		FieldAccessNeeds:    {"accessneeds", "access", "needs", "accessibility", "additionalneeds", "supportneeds", "accessrequirements", "accessibilityneeds", "disability"},
		FieldEmergencyName:  {"emergencycontact", "emergencycontactname", "nextofkin", "nok", "nextofkinname", "ice", "incaseofemergency"},
		FieldEmergencyPhone: {"emergencycontactphone", "emergencycontactnumber", "emergencyphone", "emergencynumber", "nextofkinphone", "nextofkinnumber", "nokphone", "noknumber", "emergencycontacttel", "icephone", "icenumber"},
		FieldActivity:       {"activity", "activities", "group", "enrolin", "activitytoenrolin", "enrolon", "class", "course", "activityname", "groupname"},
	} {
		for _, k := range keys {
			headings[k] = field
		}
	}
}

// fieldForHeading matches a heading: word for word first, then by the
// words in it.
func fieldForHeading(h string) string {
	k := headerKey(h)
	if k == "" {
		return ""
	}
	if f, ok := headings[k]; ok {
		return f
	}
	has := func(parts ...string) bool {
		for _, p := range parts {
			if strings.Contains(k, p) {
				return true
			}
		}
		return false
	}
	switch {
	case has("nhs"):
		return FieldNHSNumber
	case has("emergency", "nextofkin") || strings.HasPrefix(k, "nok") || strings.HasPrefix(k, "ice"):
		if has("phone", "number", "tel", "mobile") {
			return FieldEmergencyPhone
		}
		return FieldEmergencyName
	case has("birth") || strings.HasPrefix(k, "dob"):
		return FieldDateOfBirth
	case has("email", "mail"):
		return FieldEmail
	case has("postcode", "postalcode"):
		return FieldPostcode
	case has("phone", "mobile", "telephone"):
		return FieldPhone
	case has("surname", "lastname", "familyname"):
		return FieldFamilyName
	case has("firstname", "forename", "givenname"):
		return FieldGivenName
	case has("knownas", "preferred", "nickname"):
		return FieldPreferredName
	case has("access", "needs"):
		return FieldAccessNeeds
	case has("address"):
		return FieldAddress
	case has("activit", "enrol", "group"):
		return FieldActivity
	}
	return ""
}

// matchColumns decides what each column fills. The first column for a
// field wins; a full name column is used only when there are no separate
// given and family name columns.
func matchColumns(headers []string) []Column {
	cols := make([]Column, len(headers))
	seen := map[string]string{}
	for i, h := range headers {
		h = strings.TrimSpace(h)
		cols[i].Header = h
		f := fieldForHeading(h)
		switch {
		case h == "":
			cols[i].Note = "no heading"
		case f == "":
			cols[i].Note = "not something Gather imports"
		case seen[f] != "":
			cols[i].Note = fmt.Sprintf("the column %q already gives the %s", seen[f], strings.ToLower(FieldLabel(f)))
		default:
			cols[i].Field = f
			seen[f] = h
		}
	}
	if seen[FieldGivenName] != "" && seen[FieldFamilyName] != "" {
		for i := range cols {
			if cols[i].Field == FieldFullName {
				cols[i].Field = ""
				cols[i].Note = "the given and family name columns are used instead"
			}
		}
	}
	return cols
}

// hasName: the columns give a name Gather can use.
func hasName(cols []Column) bool {
	var given, family, full bool
	for _, c := range cols {
		switch c.Field {
		case FieldGivenName:
			given = true
		case FieldFamilyName:
			family = true
		case FieldFullName:
			full = true
		}
	}
	return given && family || full
}
