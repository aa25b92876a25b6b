package people

import (
	"encoding/json"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/access"
	"github.com/gather-sp/gather/app/kit"
	"github.com/gather-sp/gather/app/shell"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/storage"
)

// Merge merges two records of the same person (registered twice
// offline, or an import that met someone already here): pick the two, see
// them side by side, choose the value to keep for each detail that
// differs, merge. The rule is domain.MergePeople; this screen only asks.
type Merge struct {
	sh      shell.Shell
	card    *Card     // the card it was opened from, if any: it shows the record kept
	ids     [2]string // the two records; "" until chosen
	people  [2]domain.Person
	content *fyne.Container
	body    *fyne.Container

	// Choosing a record.
	search     *widget.Entry
	candidates []domain.Person
	pickBtns   []*widget.Button

	// Comparing the two.
	builtFor [2]string
	keep     *widget.RadioGroup            // which record is kept: keepLabels
	choices  map[string]*widget.RadioGroup // per field that differs: the two values
	values   map[string][2]string          // the two values as shown, per field
	disagree []string                      // where the two disagree as if two people (domain.MergeDisagreements)
	warning  *widget.Label                 // says so, at the top
	mergeBtn *widget.Button
	otherBtn *widget.Button

	confirm    *dialog.CustomDialog
	confirmBtn *widget.Button
}

// NewMerge opens the merge with first chosen ("" to choose both).
func NewMerge(sh shell.Shell, first string) *Merge { return newMerge(sh, first, nil) }

// newMerge opens the merge from card (nil: from elsewhere).
func newMerge(sh shell.Shell, first string, card *Card) *Merge {
	s := &Merge{sh: sh, card: card}
	s.ids[0] = first
	s.search = widget.NewEntry()
	s.search.SetPlaceHolder("Type a name to find the other record")
	s.search.ActionItem = widget.NewIcon(theme.SearchIcon())
	s.search.OnChanged = func(string) { s.Refresh() }
	s.body = container.NewVBox()
	s.content = container.NewStack(kit.FormColumn(s.body))
	return s
}

func (s *Merge) Title() string              { return "Merge two records" }
func (s *Merge) Content() fyne.CanvasObject { return s.content }

// FocusOnShow puts the cursor in the search.
func (s *Merge) FocusOnShow() { s.sh.Window().Canvas().Focus(s.search) }

// Search types q in the search for a record, as a person would.
func (s *Merge) Search(q string) { s.search.SetText(q) }

// Choose takes the record id as the next of the two, as its Choose
// button does.
func (s *Merge) Choose(id string) { s.choose(id) }

// Refresh shows the chooser until both records are chosen, then the two
// side by side (kept as chosen while other records change).
func (s *Merge) Refresh() {
	v := s.sh.View()
	for i, id := range s.ids {
		if id == "" {
			continue
		}
		p, ok := v.Person(id)
		if !ok || p.ID != id || p.Deleted {
			s.ids[i] = "" // merged or removed meanwhile: choose again
			continue
		}
		s.people[i] = access.RedactPerson(s.sh.Staff().Role, p)
	}
	if s.ids[0] == "" || s.ids[1] == "" {
		s.builtFor = [2]string{}
		s.showChooser(v)
		return
	}
	if s.builtFor != s.ids {
		s.showComparison(v)
	}
}

// showChooser asks for the record still to choose: by name, and, once the
// first is chosen, offering the records that look like the same person.
func (s *Merge) showChooser(v *storage.View) {
	s.body.Objects = nil
	s.pickBtns = nil
	s.addDeviceRefusal()
	known := s.ids[0]
	if known == "" {
		known = s.ids[1]
	}
	if known == "" {
		s.body.Add(kit.Heading("Which two records are the same person?"))
		s.body.Add(kit.Wrapped("Find the first record by name. Then you choose the other, and see the two side by side before anything changes."))
		s.search.SetPlaceHolder("Type a name to find the first record")
	} else {
		p := s.personOf(known)
		s.body.Add(kit.Heading("Which other record is " + p.FullName() + "?"))
		s.body.Add(kit.Wrapped("Records that look like the same person are listed first. Or find the other record by name."))
		s.search.SetPlaceHolder("Type a name to find the other record")
	}
	s.body.Add(kit.Tall(s.search))
	q := strings.TrimSpace(s.search.Text)
	s.candidates = nil
	if q != "" {
		for _, p := range v.SearchPeople(q, 20) {
			if p.ID != known {
				s.candidates = append(s.candidates, p)
			}
		}
	} else if known != "" {
		var people []domain.Person
		for _, row := range v.All(domain.KindPerson) {
			var x domain.Person
			row.Decode(&x)
			people = append(people, x)
		}
		for _, d := range domain.FindDuplicates(s.personOf(known), people) {
			s.candidates = append(s.candidates, d.Person)
		}
	}
	switch {
	case len(s.candidates) == 0 && q != "":
		s.body.Add(kit.RowDetail(fmt.Sprintf("Nobody else called \"%s\" on this device.", q)))
	case len(s.candidates) == 0 && known != "":
		s.body.Add(kit.RowDetail("No record looks like the same person. Type a name to find the other record."))
	case q == "" && known != "":
		s.body.Add(kit.RowTitle("Looks like the same person"))
	}
	for _, p := range s.candidates {
		p := access.RedactPerson(s.sh.Staff().Role, p)
		btn := kit.BigButton("Choose", theme.ConfirmIcon(), widget.MediumImportance, func() { s.choose(p.ID) })
		s.pickBtns = append(s.pickBtns, btn)
		s.body.Add(kit.Panel(container.NewBorder(nil, nil, nil, container.NewCenter(kit.Tall(btn)),
			container.NewVBox(widget.NewLabelWithStyle(p.FullName(), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
				mutedWrapped(s.describe(v, p))))))
	}
	s.body.Refresh()
}

func (s *Merge) personOf(id string) domain.Person {
	for i := range s.ids {
		if s.ids[i] == id {
			return s.people[i]
		}
	}
	return domain.Person{ID: id}
}

// choose takes a record from the chooser.
func (s *Merge) choose(id string) {
	if s.ids[0] == "" {
		s.ids[0] = id
	} else {
		s.ids[1] = id
	}
	s.search.SetText("")
	s.Refresh()
}

// describe is what tells a record apart, and what hangs on it.
func (s *Merge) describe(v *storage.View, p domain.Person) string {
	parts := []string{}
	if p.PreferredName != "" && p.PreferredName != p.GivenName {
		parts = append(parts, "known as "+p.PreferredName)
	}
	parts = append(parts, tellApart(s.sh.Staff().Role, p)...)
	marks := 0
	for _, m := range v.PersonAttendance(p.ID) {
		if m.Status != "" {
			marks++
		}
	}
	parts = append(parts, domain.Count(marks, "session marked", "sessions marked"))
	act := 0
	for _, row := range v.By(domain.KindEnrolment, "person_id", p.ID) {
		var e domain.Enrolment
		row.Decode(&e)
		if e.Active() {
			act++
		}
	}
	parts = append(parts, domain.Count(act, "activity", "activities"))
	return strings.Join(parts, " · ")
}

// weight is how much hangs on a record: the one with more is kept by default.
func weight(v *storage.View, id string) int {
	n := len(v.PersonAttendance(id))
	for _, k := range domain.RepointedKinds {
		n += len(v.By(k, "person_id", id))
	}
	return n
}

var keepLabels = [2]string{"Keep the first record", "Keep the second record"}

// mergeValue is a stored person field as a person reads it: a date of
// birth the UK way (16/03/1964, as the card and the form show it), contact
// preferences as a list. The rest are stored as typed or chosen (names,
// the practice's name, gender and ethnic group in words).
func mergeValue(field, stored string) string {
	if field == "date_of_birth" {
		return domain.BirthDay(stored)
	}
	if field == "contact_preferences" && stored != "" {
		var list []string
		if json.Unmarshal([]byte(stored), &list) == nil {
			return strings.Join(list, ", ")
		}
	}
	return stored
}

const noValue = "(none)"

func (s *Merge) showComparison(v *storage.View) {
	s.builtFor = s.ids
	s.body.Objects = nil
	s.addDeviceRefusal()
	a, b := s.people[0], s.people[1]
	s.body.Add(kit.Heading("Are these the same person?"))
	// Where the two disagree in a way that suggests two people, first,
	// before anything else is read or chosen (domain.MergeDisagreements;
	// the records are as this role may see them).
	s.disagree = domain.MergeDisagreements(a, b)
	s.warning = kit.Wrapped(disagreementText(s.disagree))
	s.warning.Importance = widget.WarningImportance
	s.warning.Hidden = len(s.disagree) == 0
	s.body.Add(s.warning)
	s.body.Add(kit.Wrapped("Check the two records below. The record you keep stays; the other is merged into it, and " +
		"everything recorded for it (attendance, activities, referrals, measures, contacts) counts for the one kept, on every device."))
	side := func(i int, p domain.Person) fyne.CanvasObject {
		title := []string{"First record", "Second record"}[i]
		return kit.Panel(container.NewVBox(kit.RowDetail(title),
			widget.NewLabelWithStyle(p.FullName(), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), kit.Wrapped(s.describe(v, p))))
	}
	// Side by side where they fit, one above the other where they do not
	// (the largest text on a portrait tablet).
	width := kit.FormWidth(s.sh.Window())
	s.body.Add(kit.FitGrid(width, 2, side(0, a), side(1, b)))
	s.otherBtn = widget.NewButtonWithIcon("Choose a different second record", theme.NavigateBackIcon(), func() {
		s.ids[1] = ""
		s.Refresh()
	})
	s.body.Add(container.NewHBox(kit.Tall(s.otherBtn)))

	keep := 0
	if weight(v, b.ID) > weight(v, a.ID) {
		keep = 1
	}
	s.keep = widget.NewRadioGroup(keepLabels[:], nil)
	kit.FitRadio(s.keep, width())
	s.keep.Required = true
	s.keep.SetSelected(keepLabels[keep])
	s.body.Add(kit.RowTitle("Which record is kept?"))
	s.body.Add(s.keep)

	// The details that differ, each with both values to choose from.
	s.choices = map[string]*widget.RadioGroup{}
	s.values = map[string][2]string{}
	ea, eb := domain.Encode(a), domain.Encode(b)
	var rows []kit.LabelledField
	for _, f := range domain.MergeFields {
		if !access.CanSeeField(s.sh.Staff().Role, domain.KindPerson, f.Field) || ea[f.Field] == eb[f.Field] {
			continue
		}
		va, vb := mergeValue(f.Field, ea[f.Field]), mergeValue(f.Field, eb[f.Field])
		if va == "" {
			va = noValue
		}
		if vb == "" {
			vb = noValue
		}
		if va == vb {
			continue
		}
		s.values[f.Field] = [2]string{va, vb}
		r := widget.NewRadioGroup([]string{va, vb}, nil)
		r.Required = true
		// Side by side, the two options take two equal cells as wide as
		// the longer: only short values (a phone number, a name) fit that
		// way beside the labels on a portrait tablet. Longer ones, an
		// address or an email, go one above the other, so the screen,
		// and the second record's card above, stay within its width.
		// And one above the other whenever side by side does not fit.
		if max(len([]rune(va)), len([]rune(vb))) <= 20 {
			kit.FitRadio(r, width())
		}
		// Keep the kept record's value, unless it has none.
		pick := keep
		if []string{ea[f.Field], eb[f.Field]}[keep] == "" {
			pick = 1 - keep
		}
		r.SetSelected([]string{va, vb}[pick])
		s.choices[f.Field] = r
		rows = append(rows, kit.LabelledField{Label: f.Label, Field: r})
	}
	if len(s.choices) == 0 {
		s.body.Add(kit.Wrapped("Every detail you may see is the same on both records."))
	} else {
		s.body.Add(kit.RowTitle("Which details are right?"))
		s.body.Add(kit.RowDetail("Details that are the same on both are kept as they are."))
		// Labels beside the choices where they fit, above them where not.
		s.body.Add(kit.LabelledFields(width, rows...))
	}

	s.mergeBtn = kit.BigButton("Merge these two records", theme.ConfirmIcon(), widget.HighImportance, s.onMerge)
	if s.deviceRefusal() != "" {
		s.mergeBtn.Disable()
	}
	s.body.Add(container.NewHBox(kit.Tall(s.mergeBtn)))
	s.body.Refresh()
}

// plan works out the merge from the choices on screen.
func (s *Merge) plan() (domain.MergeResult, error) {
	v := s.sh.View()
	keep := 0
	if s.keep.Selected == keepLabels[1] {
		keep = 1
	}
	dup := 1 - keep
	// The records as stored, not as shown: a role that may not see a case
	// field must not blank it by merging.
	var people [2]domain.Person
	for i, id := range s.ids {
		row, ok := v.Get(domain.KindPerson, id)
		if !ok {
			return domain.MergeResult{}, fmt.Errorf("%w: one of the records is no longer on this device", domain.ErrCannotMerge)
		}
		row.Decode(&people[i])
	}
	m := domain.Merge{Survivor: people[keep], Duplicate: people[dup], Today: s.sh.Today()}
	for field, r := range s.choices {
		if r.Selected == s.values[field][dup] {
			m.TakeFromDuplicate = append(m.TakeFromDuplicate, field)
		}
	}
	for _, id := range s.ids {
		for _, row := range v.By(domain.KindEnrolment, "person_id", id) {
			var e domain.Enrolment
			row.Decode(&e)
			m.Enrolments = append(m.Enrolments, e)
		}
	}
	// Both people's consents, so the cards' photo_consent says what they
	// say together (By finds each one's, merged-in records too). Where
	// consents are not held, Consents stays nil and the cards decide.
	if !s.sh.VenueDevice() && access.CanSeeKind(s.sh.Staff().Role, domain.KindConsent) {
		m.Consents = []domain.Consent{}
	}
	for _, id := range s.ids {
		for _, row := range v.By(domain.KindConsent, "person_id", id) {
			var c domain.Consent
			row.Decode(&c)
			m.Consents = append(m.Consents, c)
		}
	}
	for _, k := range domain.RepointedKinds {
		for _, row := range v.By(k, "person_id", people[dup].ID) {
			m.Links = append(m.Links, domain.PersonLink{Kind: k, ID: row.ID, PersonID: row.Get("person_id")})
		}
	}
	return domain.MergePeople(m)
}

// deviceRefusal says why the server will not take a merge from this
// device (shell.DeviceRefusal), or "".
func (s *Merge) deviceRefusal() string {
	return shell.DeviceRefusal(s.sh.Store(), access.ActionMergePeople, "a merge")
}

// addDeviceRefusal says at the top, before anyone chooses records, that
// the server will not take a merge from this device: someone who may
// merge (an administrator at the reception desk) would otherwise have it
// refused at the next sync.
func (s *Merge) addDeviceRefusal() {
	if why := s.deviceRefusal(); why != "" {
		note := kit.Wrapped(why)
		note.Importance = widget.WarningImportance
		s.body.Add(note)
	}
}

func (s *Merge) onMerge() {
	if _, err := s.plan(); err != nil {
		s.sh.ShowError("These records were not merged", err, "Choose the records again.")
		return
	}
	keep := 0
	if s.keep.Selected == keepLabels[1] {
		keep = 1
	}
	p := s.people[keep]
	s.confirmBtn = kit.BigButton("Merge", theme.ConfirmIcon(), widget.HighImportance, s.onConfirm)
	text := kit.Wrapped("The second record is merged into " + p.FullName() + "'s. Everything recorded for either counts for " + p.FullName() +
		" on every device once they sync. A merge is not undone from here.")
	var body fyne.CanvasObject = text
	if len(s.disagree) > 0 {
		// Said again beside the button that merges: the last look.
		warn := kit.Wrapped(disagreementText(s.disagree))
		warn.Importance = widget.WarningImportance
		body = container.NewVBox(warn, text)
	}
	s.confirm = kit.NewDialog(s.sh.Window(), "Merge the two records?", kit.DialogText(s.sh.Window(), body), "Cancel", []fyne.CanvasObject{s.confirmBtn})
	s.confirm.Show()
}

func (s *Merge) onConfirm() {
	s.confirm.Hide()
	res, err := s.plan()
	if err != nil {
		s.sh.ShowError("These records were not merged", err, "Choose the records again.")
		return
	}
	survivor, dup := res.Changes[0].ID, ""
	for _, c := range res.Changes {
		if c.Kind == domain.KindPerson && c.Fields["merged_into"] != "" {
			survivor, dup = c.Fields["merged_into"], c.ID
		}
	}
	s.sh.Touch()
	entry := s.sh.Recorder().Merged(s.sh.Staff().ID, survivor, dup, res.Taken, res.Moved, res.Enrolled)
	if err := s.sh.Store().Save(s.sh.Staff().ID, append(res.Changes, entry)...); err != nil {
		s.sh.ShowError("These records were not merged", err, "Nothing was changed. Try again; if it keeps happening, close Gather and open it again.")
		return
	}
	// Back to where the merge began, showing the record kept.
	s.sh.Pop()
	if s.card != nil {
		s.card.personID = survivor
		s.card.Refresh()
	} else {
		s.sh.Push(NewCard(s.sh, survivor))
	}
}

// disagreementText says where two records disagree as if two people,
// and what to do about it, or "" when they do not.
func disagreementText(points []string) string {
	if len(points) == 0 {
		return ""
	}
	return "These records may be two different people:\n" + strings.Join(points, "\n") +
		"\nCheck with the person, or with whoever added the records, before merging."
}

func mutedWrapped(text string) *widget.Label { return kit.Muted(text) }
