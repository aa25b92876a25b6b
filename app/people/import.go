package people

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	fstorage "fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/access"
	"github.com/gather-sp/gather/app/kit"
	"github.com/gather-sp/gather/app/shell"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/peopleimport"
	"github.com/gather-sp/gather/storage"
)

// Import people: an administrator or link worker brings in the list of
// people a group or practice already keeps in a spreadsheet. They choose
// the CSV file (Fyne's open dialog); the screen shows how the columns were
// matched and the first rows, every row with a problem by line, and the
// people who may already be on the device with a choice for each; then
// Import. Package peopleimport does the reading, checking and the records;
// this screen shows its plan, passes on the decisions and saves what it
// returns through the store's Save. Find a person opens it.

// importPreviewRows is how many rows the preview table shows.
const importPreviewRows = 8

// importListMax bounds the problems and duplicates listed on screen; the
// rest are counted (gather import people lists them all).
const importListMax = 50

// Import is the Import people screen.
type Import struct {
	sh shell.Shell
	// printFolder is where the open dialog starts without a home folder.
	printFolder func() string
	content     fyne.CanvasObject

	name string // the file's name, for messages
	plan *peopleimport.Plan

	chooseBtn *widget.Button
	status    *widget.Label // reading, importing, or what went wrong
	summary   *widget.Label
	fileInfo  *widget.Label
	body      *fyne.Container // the preview, problems and duplicates
	skipBad   *widget.Check
	importBtn *widget.Button
	result    *widget.Label

	intro   *fyne.Container // what the screen is for; shortened once a file is read
	preview *fyne.Container // the columns over the first rows
	// previewFrom is the first of the file's columns the preview shows:
	// as many as fit the width, and buttons for the others.
	previewFrom int
	previewPrev *widget.Button
	previewNext *widget.Button
	dialog      *dialog.FileDialog   // while choosing a file
	dupDecos    []*kit.ChoiceButtons // one per possible duplicate on show, in plan order
}

// NewImport makes the Import people screen; its open dialog starts in the
// last spreadsheet's folder, else the home folder, else printFolder (the
// shell's printout folder).
func NewImport(sh shell.Shell, printFolder func() string) *Import {
	s := &Import{sh: sh, printFolder: printFolder}
	s.buildUI()
	return s
}

func (s *Import) Title() string              { return "Import people" }
func (s *Import) Content() fyne.CanvasObject { return s.content }

// Refresh leaves the screen alone: the plan was checked against the
// device when the file was read, and Import checks nothing is stale
// (ids are derived, so saving a plan twice writes nothing new).
func (s *Import) Refresh() {}

func (s *Import) buildUI() {
	s.chooseBtn = kit.BigButton("Choose a CSV file…", theme.FolderOpenIcon(), widget.HighImportance, s.onChoose)
	s.status = kit.Wrapped("")
	s.status.Hide()
	s.summary = kit.Wrapped("")
	s.summary.TextStyle.Bold = true
	s.summary.Hide()
	s.fileInfo = kit.FormNote("")
	s.fileInfo.Hide()
	s.body = container.NewVBox()
	s.skipBad = widget.NewCheck("", func(bool) { s.updateImport() })
	s.skipBad.Hide()
	s.importBtn = kit.BigButton("Import", theme.ConfirmIcon(), widget.HighImportance, s.onImport)
	s.importBtn.Hide()
	s.result = kit.Wrapped("")
	s.result.TextStyle.Bold = true
	s.result.Hide()

	s.intro = container.NewVBox(
		kit.Heading("Bring in a list of people from a spreadsheet"),
		kit.FormNote("Save the spreadsheet as CSV (in Excel: File › Save a Copy › CSV UTF-8). Gather matches the columns by their headings: "+
			"first name, last name (or one name column), known as, date of birth, phone, email, address, postcode, NHS number, GP practice, "+
			"access needs, emergency contact and their phone, and the activity to enrol them in."),
		kit.FormNote("Nothing is saved until you tap Import. Every row is checked first; people who may already be on this device are shown for you to decide. "+
			"Importing the same file again adds nobody."),
	)
	if !access.CanDo(s.sh.Staff().Role, access.ActionImportPeople) {
		s.chooseBtn.Disable()
		s.intro.Add(kit.FormNote("Importing people is for " + strings.Join(access.RolesThatCan(access.ActionImportPeople), " and ") + "."))
	}
	s.content = kit.FormColumn(container.NewVBox(
		s.intro,
		container.NewHBox(kit.Tall(s.chooseBtn)),
		s.status,
		s.result,
		s.fileInfo,
		s.body,
		s.summary,
		s.skipBad,
		container.NewHBox(kit.Tall(s.importBtn)),
	))
}

// onChoose asks for the file with Fyne's open dialog.
func (s *Import) onChoose() {
	s.sh.Touch()
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		s.dialog = nil
		if err != nil {
			s.say("That file could not be opened: "+shell.Sentence(err)+" Choose it again, or another one.", widget.DangerImportance)
			return
		}
		if r == nil {
			return // they changed their mind
		}
		name := r.URI().Name()
		if p := r.URI().Path(); p != "" {
			s.sh.SetMeta(map[string]string{metaImportDir: filepath.Dir(p)})
		}
		s.Load(name, r)
	}, s.sh.Window())
	d.SetTitleText("Choose the spreadsheet (CSV)")
	d.SetConfirmText("Read it")
	d.SetFilter(fstorage.NewExtensionFileFilter([]string{".csv", ".CSV", ".txt", ".TXT"}))
	if l, err := fstorage.ListerForURI(fstorage.NewFileURI(s.folder())); err == nil {
		d.SetLocation(l)
	}
	d.Resize(kit.DialogSize(s.sh.Window(), 900, 640))
	s.dialog = d
	d.Show()
}

// metaImportDir remembers the folder the last spreadsheet came from.
const metaImportDir = "ui.import_dir"

// folder is where the open dialog starts: the last spreadsheet's folder,
// else the home folder.
func (s *Import) folder() string {
	if d := s.sh.Meta(metaImportDir); d != "" {
		if st, err := os.Stat(d); err == nil && st.IsDir() {
			return d
		}
	}
	if h, err := os.UserHomeDir(); err == nil {
		return h
	}
	return s.printFolder()
}

// Load reads and checks a file off the UI goroutine, then shows the plan,
// as choosing it in the open dialog does.
func (s *Import) Load(name string, r io.ReadCloser) {
	s.chooseBtn.Disable()
	s.importBtn.Disable()
	s.result.Hide()
	s.say("Reading "+name+"…", widget.MediumImportance)
	v, st, today := s.sh.View(), s.sh.Store(), s.sh.Today()
	var plan *peopleimport.Plan
	var err error
	s.sh.Run(func() {
		defer r.Close()
		var f *peopleimport.File
		if f, err = peopleimport.Read(r); err == nil {
			plan = peopleimport.Check(f, peopleimport.WithStore(v, st), today)
		}
	}, func() {
		s.chooseBtn.Enable()
		if err != nil {
			s.clear() // what is on show would be another file's
			s.say(name+" cannot be imported: "+strings.TrimSuffix(err.Error(), ".")+". Nothing was saved.", widget.DangerImportance)
			return
		}
		s.status.Hide()
		s.name, s.plan = name, plan
		for _, o := range s.intro.Objects[1:] {
			o.Hide() // the file is read: the screen is about it now
		}
		s.chooseBtn.SetText("Choose another file…")
		s.chooseBtn.Importance = widget.MediumImportance
		s.chooseBtn.Refresh()
		s.show()
	})
}

// clear takes the last file off the screen.
func (s *Import) clear() {
	s.name, s.plan = "", nil
	for _, o := range s.intro.Objects {
		o.Show()
	}
	s.body.Objects, s.dupDecos = nil, nil
	s.body.Refresh()
	for _, o := range []fyne.CanvasObject{s.fileInfo, s.summary, s.skipBad, s.importBtn, s.result} {
		o.Hide()
	}
	s.chooseBtn.SetText("Choose a CSV file…")
}

// show lays out the plan: what the file holds, the preview, the problems
// and the possible duplicates.
func (s *Import) show() {
	p := s.plan
	f := p.File
	s.fileInfo.SetText(f.Summary(s.name))
	s.fileInfo.Show()

	s.body.Objects = nil
	s.dupDecos = nil
	s.body.Add(kit.RowTitle("The columns and the first rows"))
	s.body.Add(kit.FormNote("Under each heading is what Gather fills from it. Columns marked not imported are left out."))
	s.previewFrom = 0
	s.preview = container.NewVBox()
	s.showPreview()
	s.body.Add(s.preview)
	if len(f.Rows) == 0 {
		// "0 people to add" alone reads as if everyone were already here.
		l := kit.Wrapped("There are no rows under the heading row, so there is nobody to import. If the spreadsheet has people in it, " +
			"check they are below the heading row, and save it again as CSV (in Excel: File › Save a Copy › CSV UTF-8).")
		l.Importance = widget.WarningImportance
		s.body.Add(l)
	}

	if len(p.Problems) > 0 {
		s.body.Add(kit.RowTitle(fmt.Sprintf("Rows with problems (%d)", p.BadRows())))
		s.body.Add(kit.FormNote("Nothing from these rows is imported. Put them right in the spreadsheet, save it, and choose it again; or leave them out below."))
		s.body.Add(lineMessages(p.Problems, widget.DangerImportance))
	}
	if len(p.Notes) > 0 {
		// Rows of one name with different details: two people, which may
		// be a mistake in the spreadsheet, so they are shown to look at.
		s.body.Add(kit.RowTitle(fmt.Sprintf("Taken as different people (%d)", len(p.Notes))))
		s.body.Add(kit.FormNote("These rows have the name of someone above them but different details, so each is added as a person of their own. If they are one person, put the rows right in the spreadsheet, save it, and choose it again."))
		s.body.Add(lineMessages(p.Notes, widget.WarningImportance))
	}

	var dups []*peopleimport.Entry
	for _, e := range p.Entries {
		if e.Status == peopleimport.StatusDuplicate {
			dups = append(dups, e)
		}
	}
	if len(dups) > 0 {
		s.body.Add(kit.RowTitle(fmt.Sprintf("May already be on this device (%d)", len(dups))))
		s.body.Add(kit.FormNote("Check each one. Skipped people are not imported; nobody is created twice unless you say they are someone else."))
		for i, e := range dups {
			if i == importListMax {
				s.body.Add(kit.RowDetail(fmt.Sprintf("…and %d more, skipped.", len(dups)-importListMax)))
				break
			}
			s.body.Add(s.duplicatePanel(e))
		}
	}
	if c := p.Counts(); c.AlreadyHere > 0 {
		s.body.Add(kit.FormNote(fmt.Sprintf("%s in the file %s on this device already; nothing changes for them, except enrolling them in an activity the file gives that they were never on.",
			kit.Count(c.AlreadyHere, "person", "people"), isAre(c.AlreadyHere))))
	}
	if c := p.Counts(); c.Removed > 0 {
		s.body.Add(kit.FormNote(fmt.Sprintf("%s in the file %s erased or removed from this device since an earlier import of it; they are not brought back.",
			kit.Count(c.Removed, "person", "people"), wasWere(c.Removed))))
	}
	s.body.Add(widget.NewSeparator())
	s.body.Refresh()

	if n := p.BadRows(); n > 0 {
		s.skipBad.Text = fmt.Sprintf("Leave out the %s with problems and import the rest", kit.Count(n, "row", "rows"))
		s.skipBad.SetChecked(false)
		s.skipBad.Show()
	} else {
		s.skipBad.SetChecked(false)
		s.skipBad.Hide()
	}
	s.importBtn.Show()
	s.updateImport()
	s.content.Refresh()
}

// lineMessages lists what the plan says of rows, by line, at most
// importListMax of them.
func lineMessages(msgs []peopleimport.Problem, imp widget.Importance) fyne.CanvasObject {
	list := container.NewVBox()
	for i, m := range msgs {
		if i == importListMax {
			list.Add(kit.RowDetail(fmt.Sprintf("…and %d more. gather import people lists them all.", len(msgs)-importListMax)))
			break
		}
		l := kit.Wrapped(m.String())
		l.Importance = imp
		list.Add(l)
	}
	return kit.Panel(list)
}

// previewColumns is how many of the file's columns fit beside the line
// numbers.
func (s *Import) previewColumns() int {
	first, other := (&previewLayout{}).widths()
	n := int((kit.FormWidth(s.sh.Window())() - first) / other)
	return max(1, min(n, len(s.plan.File.Columns)))
}

// showPreview shows the headings, what each fills, and the first rows, for
// as many columns as fit; ‹ and › show the others. (Not a sideways
// scroll: the screen already scrolls, and one scroll inside another is
// hard to use on a tablet.)
func (s *Import) showPreview() {
	f := s.plan.File
	rows := f.Rows
	if len(rows) > importPreviewRows {
		rows = rows[:importPreviewRows]
	}
	n := s.previewColumns()
	from := max(0, min(s.previewFrom, len(f.Columns)-n))
	s.previewFrom = from
	cell := func(r, c int) (string, widget.Importance, bool) {
		switch {
		case r == 0 && c < 0:
			return "Line", widget.MediumImportance, true
		case r == 1 && c < 0:
			return "", widget.LowImportance, false
		case r == 0:
			return quoteHeading(f.Columns[c].Header), widget.MediumImportance, true
		case r == 1:
			col := f.Columns[c]
			if col.Field == "" {
				return "not imported", widget.LowImportance, false
			}
			return "→ " + peopleimport.FieldLabel(col.Field), widget.SuccessImportance, true
		}
		row := rows[r-2]
		imp := widget.MediumImportance
		if s.plan.IsBad(row.Line) {
			imp = widget.DangerImportance
		}
		if c < 0 {
			mark := ""
			if s.plan.IsBad(row.Line) {
				mark = " ⚠"
			}
			return fmt.Sprint(row.Line) + mark, imp, false
		}
		if f.Columns[c].Field == "" {
			imp = widget.LowImportance
		}
		return strings.ReplaceAll(row.Values[c], "\n", " ⏎ "), imp, false
	}
	grid := container.New(&previewLayout{cols: n + 1})
	for r := 0; r < len(rows)+2; r++ {
		for c := -1; c < n; c++ {
			col := c
			if c >= 0 {
				col = from + c
			}
			text, imp, bold := cell(r, col)
			l := widget.NewLabel(text)
			l.Truncation = fyne.TextTruncateEllipsis
			l.Importance, l.TextStyle.Bold = imp, bold
			grid.Add(l)
		}
	}
	s.preview.Objects = []fyne.CanvasObject{grid}
	if n < len(f.Columns) {
		s.previewPrev = widget.NewButtonWithIcon("", theme.NavigateBackIcon(), func() {
			s.previewFrom -= n
			s.showPreview()
		})
		s.previewNext = widget.NewButtonWithIcon("", theme.NavigateNextIcon(), func() {
			s.previewFrom += n
			s.showPreview()
		})
		if from == 0 {
			s.previewPrev.Disable()
		}
		if from+n >= len(f.Columns) {
			s.previewNext.Disable()
		}
		where := widget.NewLabel(fmt.Sprintf("Columns %d–%d of %d", from+1, from+n, len(f.Columns)))
		where.Importance = widget.LowImportance
		s.preview.Add(container.NewHBox(kit.Tall(s.previewPrev), where, kit.Tall(s.previewNext)))
	} else {
		s.previewPrev, s.previewNext = nil, nil
	}
	s.preview.Refresh()
}

// previewLayout lays cells out in rows of cols: a narrow first column (the
// line number), the others all one width, long values cut short.
type previewLayout struct{ cols int }

func (l *previewLayout) widths() (first, other float32) {
	t := theme.Size(theme.SizeNameText)
	return 4 * t, 10 * t
}

func (l *previewLayout) rowHeight(objs []fyne.CanvasObject) float32 {
	var h float32
	for _, o := range objs {
		h = fyne.Max(h, o.MinSize().Height)
	}
	return h
}

func (l *previewLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	first, other := l.widths()
	rows := (len(objs) + l.cols - 1) / l.cols
	return fyne.NewSize(first+float32(l.cols-1)*other, float32(rows)*l.rowHeight(objs))
}

func (l *previewLayout) Layout(objs []fyne.CanvasObject, _ fyne.Size) {
	first, other := l.widths()
	h := l.rowHeight(objs)
	for i, o := range objs {
		r, c := i/l.cols, i%l.cols
		x, w := float32(0), first
		if c > 0 {
			x, w = first+float32(c-1)*other, other
		}
		o.Move(fyne.NewPos(x, float32(r)*h))
		o.Resize(fyne.NewSize(w, h))
	}
}

// duplicatePanel shows one possible duplicate with the choice for it.
func (s *Import) duplicatePanel(e *peopleimport.Entry) fyne.CanvasObject {
	who := e.Person.FullName()
	if e.Person.DateOfBirth != "" {
		who += ", born " + domain.BirthDay(e.Person.DateOfBirth)
	}
	var acts []string
	for _, a := range e.Activities {
		acts = append(acts, a.Name)
	}
	if len(acts) > 0 {
		who += " (for " + strings.Join(acts, ", ") + ")"
	}
	title := widget.NewLabelWithStyle(fmt.Sprintf("Line %d: %s", e.Line(), who), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.Wrapping = fyne.TextWrapWord
	box := container.NewVBox(title)
	for _, d := range e.Duplicates {
		x := d.Person
		line := "may be " + x.FullName()
		if x.DateOfBirth != "" {
			line += ", born " + domain.BirthDay(x.DateOfBirth)
		}
		line += ", already here: " + strings.Join(d.Reasons, ", ") + "."
		box.Add(kit.Wrapped(line))
	}
	labels := []string{"Skip: same person", "Add as someone new"}
	values := []string{"skip", "create"}
	icons := []fyne.Resource{theme.CancelIcon(), theme.ContentAddIcon()}
	if len(e.Activities) > 0 {
		labels = []string{"Skip: same person", "Same person: enrol them", "Add as someone new"}
		values = []string{"skip", "enrol", "create"}
		icons = []fyne.Resource{theme.CancelIcon(), theme.ConfirmIcon(), theme.ContentAddIcon()}
	}
	choice := kit.NewChoiceButtons(labels, values, icons, func(v string) {
		e.Decision = map[string]peopleimport.Decision{"skip": peopleimport.Skip, "enrol": peopleimport.EnrolExisting,
			"create": peopleimport.CreateAnyway}[v]
		s.updateImport()
	})
	// Fewer in a row when they do not fit (a portrait tablet, Large
	// text): the form's width less the panel's padding either side.
	formWidth := kit.FormWidth(s.sh.Window())
	choice.Fold(func() float32 { return formWidth() - 4*theme.Padding() })
	choice.Set(map[peopleimport.Decision]string{peopleimport.Skip: "skip", peopleimport.EnrolExisting: "enrol",
		peopleimport.CreateAnyway: "create"}[e.Decision])
	s.dupDecos = append(s.dupDecos, choice)
	box.Add(choice.Box)
	return kit.Panel(box)
}

// updateImport says what Import will do, and whether it may.
func (s *Import) updateImport() {
	if s.plan == nil {
		s.summary.Hide()
		s.importBtn.Disable()
		return
	}
	c := s.plan.Counts()
	parts := []string{fmt.Sprintf("%s to add", kit.Count(c.New, "person", "people"))}
	if c.Enrolments > 0 {
		parts = append(parts, kit.Count(c.Enrolments, "enrolment", "enrolments"))
	}
	if c.Duplicates > 0 {
		parts = append(parts, fmt.Sprintf("%s may already be here (%d skipped)", kit.Count(c.Duplicates, "person", "people"), c.Skipped))
	}
	if c.AlreadyHere > 0 {
		parts = append(parts, fmt.Sprintf("%d already here", c.AlreadyHere))
	}
	if c.Removed > 0 {
		parts = append(parts, fmt.Sprintf("%d erased or removed before, not brought back", c.Removed))
	}
	if c.BadRows > 0 {
		parts = append(parts, kit.Count(c.BadRows, "row", "rows")+" with problems")
	}
	s.summary.SetText(kit.CapitalFirst(strings.Join(parts, "; ")) + ".")
	s.summary.Show()

	blocked := c.BadRows > 0 && !s.skipBad.Checked
	nothing := c.New == 0 && c.Enrolments == 0
	switch {
	case nothing:
		s.importBtn.SetText("Nothing to import")
	case c.New > 0:
		s.importBtn.SetText("Import " + kit.Count(c.New, "person", "people"))
	default:
		s.importBtn.SetText("Import " + kit.Count(c.Enrolments, "enrolment", "enrolments"))
	}
	if blocked || nothing || !access.CanDo(s.sh.Staff().Role, access.ActionImportPeople) {
		s.importBtn.Disable()
	} else {
		s.importBtn.Enable()
	}
}

// onImport saves the plan as one action.
func (s *Import) onImport() {
	if s.plan == nil || !access.CanDo(s.sh.Staff().Role, access.ActionImportPeople) {
		return
	}
	s.sh.Touch()
	// The device may have changed since the file was read (a sync, a
	// colleague's walk-in): check again, keeping the decisions made. If
	// that changes what Import would do, show it and let them look.
	fresh := peopleimport.Check(s.plan.File, peopleimport.WithStore(s.sh.View(), s.sh.Store()), s.sh.Today())
	decided := map[string]peopleimport.Decision{}
	for _, e := range s.plan.Entries {
		decided[e.Person.ID] = e.Decision
	}
	for _, e := range fresh.Entries {
		if d, ok := decided[e.Person.ID]; ok && e.Status == peopleimport.StatusDuplicate {
			e.Decision = d
		}
	}
	if fresh.Counts() != s.plan.Counts() {
		s.plan = fresh
		s.show()
		s.say("Records on this device changed since the file was read (a sync, or a colleague), so the list below is checked again. Look it over, then tap Import.", widget.WarningImportance)
		return
	}
	s.plan = fresh
	changes, res, err := s.plan.Changes(s.sh.Staff().ID, s.sh.Recorder(), s.skipBad.Checked)
	if err != nil {
		s.say("Nothing was imported: "+strings.TrimSuffix(err.Error(), ".")+".", widget.DangerImportance)
		return
	}
	if len(changes) == 0 {
		s.say("Nothing to import: everyone in the file is on this device already, or left out.", widget.MediumImportance)
		return
	}
	s.importBtn.Disable()
	s.chooseBtn.Disable()
	s.say(fmt.Sprintf("Importing %s… Gather goes on working meanwhile.", kit.Count(res.People, "person", "people")), widget.MediumImportance)
	store, staff := s.sh.Store(), s.sh.Staff().ID
	// The changes carry their one audit entry for the whole import, so
	// they go to the store's Save as they are, not through the shell's Save (which
	// would add an entry per person).
	s.sh.Run(func() { err = peopleimport.Save(store, staff, changes, nil) }, func() {
		s.chooseBtn.Enable()
		if err != nil {
			s.updateImport()
			s.sh.ShowError("The import stopped part way", err,
				"Choose the same file again and tap Import: what was saved is found, the rest is added, and nobody is added twice.")
			s.status.Hide()
			return
		}
		s.status.Hide()
		msg := fmt.Sprintf("Imported %s and %s from %s. It is one entry in the audit trail.",
			kit.Count(res.People, "person", "people"), kit.Count(res.Enrolments, "enrolment", "enrolments"), s.name)
		if res.BadRows > 0 {
			msg += fmt.Sprintf(" %s with problems %s left out.", kit.Count(res.BadRows, "row", "rows"), wasWere(res.BadRows))
		}
		if res.Skipped > 0 {
			msg += fmt.Sprintf(" %s who may already be here %s skipped.", kit.Count(res.Skipped, "person", "people"), wasWere(res.Skipped))
		}
		s.result.SetText(msg)
		s.result.Importance = widget.SuccessImportance
		s.result.Show()
		s.result.Refresh()
		// Read against the device as it is now: the same file again
		// would add nobody, and the screen says so.
		s.plan = peopleimport.Check(s.plan.File, peopleimport.WithStore(s.sh.View(), s.sh.Store()), s.sh.Today())
		s.show()
		s.result.Show()
		if sc, ok := s.content.(*container.Scroll); ok {
			sc.ScrollToTop() // where the result is said
		}
	})
}

func (s *Import) say(msg string, imp widget.Importance) {
	s.status.SetText(msg)
	s.status.Importance = imp
	s.status.Show()
	s.status.Refresh()
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

func wasWere(n int) string {
	if n == 1 {
		return "was"
	}
	return "were"
}

func quoteHeading(h string) string {
	if h == "" {
		return "(no heading)"
	}
	return h
}

// SampleCSV is a spreadsheet as a garden group might keep it, for
// the screenshots and tests: a byte order mark, semicolons, quoted values,
// a column Gather does not import, a bad NHS number, a date that does not
// exist, an activity the device does not have, and someone from v already
// on the device (with another phone number).
func SampleCSV(v *storage.View) string {
	var known domain.Person
	for _, r := range v.All(domain.KindPerson) {
		var x domain.Person
		r.Decode(&x)
		if x.DateOfBirth != "" && !x.Deleted && x.MergedInto == "" && (known.ID == "" || x.ID < known.ID) {
			known = x
		}
	}
	var b strings.Builder
	b.WriteString("\xEF\xBB\xBFFirst name;Surname;Known as;D.O.B.;Mobile;Postcode;NHS No.;Access needs;Favourite plant;Activity\r\n")
	b.WriteString("Zainab;Quartey;Zee;03/02/1950;07700 900123;KV1 4RG;943 476 5919;\"Uses a stick; slow on stairs, sits near the door\";Sweet peas;Garden group\r\n")
	b.WriteString("Walter;Quigley;Wally;21-Nov-61;07700 900456;KV2 7HN;;;Roses;Garden group\r\n")
	b.WriteString("Yusuf;Quinn;;01/01/1955;;;943 476 5918;;;\r\n")
	b.WriteString("Vera;Quayle;;30/02/1950;07700 900789;;;Hard of hearing;Dahlias;Crafternoon\r\n")
	if known.ID != "" {
		dob := known.DateOfBirth
		fmt.Fprintf(&b, "%s;%s;;%s/%s/%s;07700 900999;;;;;Crafternoon\r\n", known.GivenName, known.FamilyName, dob[8:], dob[5:7], dob[:4])
	}
	b.WriteString("Una;Quested;;12/08/1948;;KV1 1AX;;\"Wheelchair, needs step-free access\";Ferns;Pottery\r\n")
	b.WriteString("Tomasz;Quick;Tom;1972-05-14;07700 900321;KV2 7HN;;;;Crafternoon\r\n")
	return b.String()
}
