package register

import (
	"fmt"
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/kit"
	"github.com/gather-sp/gather/domain"
)

// stateDialog changes a mark: the other states, a note, and who came with them.
type stateDialog struct {
	d         *dialog.CustomDialog
	personID  string
	status    string
	statusBtn map[string]*widget.Button // by status; "" is "Not marked"
	// statusRing outlines the chosen status's button: a plain one
	// (Apologies, not marked) shows it is chosen without taking a colour
	// that means another status (the highlight is Here's green).
	statusRing map[string]*canvas.Rectangle
	companion  *widget.RadioGroup
	came       *fyne.Container // "Came" and its choices: only for someone who came
	body       *fyne.Container
	note       *widget.Entry
	save       *widget.Button
}

var companionChoices = []string{"On their own", "With a friend", "With a carer"}

func companionValue(choice string) string {
	switch choice {
	case "With a friend":
		return "friend"
	case "With a carer":
		return "carer"
	}
	return ""
}

func companionChoice(v string) string {
	switch v {
	case "friend":
		return "With a friend"
	case "carer":
		return "With a carer"
	}
	return "On their own"
}

// notMarkedLabel is the mark dialog's choice that takes a mark away.
const notMarkedLabel = "Not marked (clear)"

// onMore opens the state dialog for a person.
func (r *Register) onMore(personID string) {
	p, ok := r.people[personID]
	if !ok {
		p, _ = r.sh.View().Person(personID)
	}
	m := r.marks[personID]
	s := &stateDialog{personID: personID, status: m.Status, statusBtn: map[string]*widget.Button{},
		statusRing: map[string]*canvas.Rectangle{}}
	grid := container.NewGridWithColumns(3)
	for _, st := range append(append([]string(nil), domain.AttendanceStatuses...), "") {
		st := st
		// "Not marked" is the undo of a wrong tick: the register row's
		// empty box, in words that say it clears the mark, never the
		// cross beside Absent that records an absence.
		label, _, icon := kit.StatusLabel(st) // its colour when chosen: choose
		if st == "" {
			label = notMarkedLabel
		}
		b := widget.NewButtonWithIcon(label, icon, func() { s.choose(st) })
		ring := canvas.NewRectangle(color.Transparent)
		ring.StrokeWidth = 3
		ring.CornerRadius = theme.Size(theme.SizeNameInputRadius)
		s.statusBtn[st], s.statusRing[st] = b, ring
		grid.Add(kit.Sized(container.NewStack(b, ring), 0, 56))
	}
	s.companion = widget.NewRadioGroup(companionChoices, nil)
	s.companion.Horizontal = true
	s.companion.Required = true
	s.companion.SetSelected(companionChoice(m.Companion))
	s.came = container.NewVBox(widget.NewLabelWithStyle("Came", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), s.companion)
	s.note = widget.NewMultiLineEntry()
	s.note.SetPlaceHolder("Note, e.g. \"feeling better this week\" (optional)")
	s.note.SetText(m.Note)
	s.note.SetMinRowsVisible(2)
	s.save = kit.BigButton("Save", theme.ConfirmIcon(), widget.HighImportance, func() { r.onSaveState() })
	s.body = container.NewVBox(kit.RowTitle(p.DisplayName()), grid, s.came,
		widget.NewLabelWithStyle("Note", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), s.note)
	s.choose(m.Status)
	s.d = kit.NewDialog(r.sh.Window(), "Mark "+p.DisplayName(), s.body, "Cancel", []fyne.CanvasObject{s.save})
	s.d.Resize(kit.DialogSize(r.sh.Window(), 560, 460))
	r.stateDlg = s
	s.d.Show()
}

func (s *stateDialog) choose(status string) {
	s.status = status
	// The chosen status in its own colour (kit.StatusImportance), the
	// one its register row and the person card show.
	for st, b := range s.statusBtn {
		b.Importance = kit.StatusChoiceImportance(st, st == status)
		b.Refresh()
		ring := s.statusRing[st]
		ring.StrokeColor = theme.Color(theme.ColorNameForeground)
		ring.Hidden = st != status
		ring.Refresh()
	}
	// Who came with them is asked only of someone who came: not of
	// apologies, an absence or no mark (domain.MarkPerson keeps none).
	if domain.Attended(status) {
		s.came.Show()
	} else {
		s.came.Hide()
	}
	s.body.Refresh()
}

func (r *Register) onSaveState() {
	s := r.stateDlg
	if s == nil {
		return
	}
	m := r.marks[s.personID]
	m.Status = s.status
	m.Companion = ""
	if s.came.Visible() {
		m.Companion = companionValue(s.companion.Selected)
	}
	m.Note = strings.TrimSpace(s.note.Text)
	verb := s.status
	if s.status == domain.StatusPresent {
		verb = "here"
	}
	if m.Status == "" && m.Note != "" {
		r.sh.ShowError("Choose how they came first", nil, "A note goes with a mark: choose Here, Late, Left early, Apologies or Absent.")
		return
	}
	if r.setMark(s.personID, m, verb) {
		s.d.Hide()
		r.stateDlg = nil
	}
}

// walkInDialog adds someone who is not on the register.
type walkInDialog struct {
	d                                    *dialog.CustomDialog
	win                                  fyne.Window
	scroll                               *container.Scroll // holds pages, padded
	given, family, preferred, phone, dob *widget.Entry
	access, ecName, ecPhone              *widget.Entry
	gender, ethnicity                    *widget.Select     // for the equity report; "Not recorded" stores nothing
	companion                            *widget.RadioGroup // who came with them, as on a mark's More
	errLabel                             *widget.Label
	form                                 *fyne.Container
	pages                                *fyne.Container // the form, or the duplicate question
	dupBox                               *fyne.Container
	dupList                              *fyne.Container
	dupIntro                             *widget.Label // one person, or several: said as such (dupIntroText)
	dups                                 []domain.Duplicate
	dupUse                               []*widget.Button // "This is them" per duplicate
	addBtn                               *widget.Button   // check, then add
	addAnyway                            *widget.Button   // add although duplicates were found
	backBtn                              *widget.Button
}

func (r *Register) onAddWalkIn() {
	w := &walkInDialog{win: r.sh.Window()}
	entry := func(ph string) *widget.Entry {
		e := widget.NewEntry()
		e.SetPlaceHolder(ph)
		return e
	}
	w.given, w.family, w.preferred = entry("Given name"), entry("Family name"), entry("Known as (optional)")
	w.given.SetText(strings.TrimSpace(r.query))
	w.phone, w.dob = entry("Phone (optional)"), entry("Date of birth, e.g. 21/03/1956 (optional)")
	w.access = entry("e.g. uses a wheelchair (optional)")
	w.ecName, w.ecPhone = entry("Name (optional)"), entry("Phone (optional)")
	w.gender = widget.NewSelect(append([]string{domain.NotRecorded}, domain.Genders...), nil)
	w.gender.SetSelected(domain.NotRecorded)
	w.ethnicity = widget.NewSelect(append([]string{domain.NotRecorded}, domain.EthnicGroups...), nil)
	w.ethnicity.SetSelected(domain.NotRecorded)
	// Who came with them is asked here, under their name, not after: a
	// newcomer is often brought by a friend, and the mark is made as the
	// form is saved.
	w.companion = widget.NewRadioGroup(companionChoices, nil)
	w.companion.Required = true
	w.companion.SetSelected(companionChoices[0])
	w.errLabel = kit.Wrapped("")
	w.errLabel.Importance = widget.DangerImportance
	w.errLabel.Hide()
	// Labels beside their fields where they fit, above them where they do
	// not: "Emergency contact's phone" at the largest text pushed the text
	// boxes and the answers to "Came" off a portrait tablet.
	width := w.width
	kit.FitRadio(w.companion, width())
	form := kit.LabelledFields(width,
		// Given and family name side by side on one row, each saying
		// which it is as the self-referral's do: a row less, so at Large
		// text the form fits a laptop's window without scrolling.
		kit.LabelledField{Label: "Name", Field: kit.FitGrid(width, 2, w.given, w.family)},
		kit.LabelledField{Label: "Known as", Field: w.preferred},
		kit.LabelledField{Label: "Came", Field: w.companion},
		kit.LabelledField{Label: "Phone", Field: w.phone},
		kit.LabelledField{Label: "Date of birth", Field: w.dob},
		kit.LabelledField{Label: "Gender", Field: w.gender},
		kit.LabelledField{Label: "Ethnic group", Field: w.ethnicity},
		kit.LabelledField{Label: "Access needs", Field: w.access},
		kit.LabelledField{Label: domain.LabelEmergencyContact, Field: w.ecName},
		kit.LabelledField{Label: domain.LabelEmergencyPhone, Field: w.ecPhone},
	)
	w.form = container.NewVBox(form)
	if r.sh.VenueDevice() {
		// The server takes these for a person this tablet registers, and
		// the tablet drops them once it has (docs/security.md).
		w.form.Add(kit.Muted("Phone, date of birth, gender and ethnic group go to the organisation when this tablet syncs; the tablet does not keep them."))
	} else {
		w.form.Add(kit.Muted("Gender and ethnic group are optional, only ever counted in reports."))
	}
	w.form.Add(w.errLabel)
	w.dupList = container.NewVBox()
	w.addAnyway = kit.BigButton("No, add a new person", theme.ContentAddIcon(), widget.MediumImportance, func() { r.onWalkInCreate() })
	w.backBtn = widget.NewButton("Back to the form", func() { w.showDuplicates(false) })
	w.dupIntro = kit.Wrapped("")
	w.dupBox = container.NewVBox(kit.RowTitle("Already known?"), w.dupIntro, w.dupList, container.NewHBox(kit.Tall(w.backBtn), kit.Tall(w.addAnyway)))
	w.dupBox.Hide()
	w.pages = container.NewVBox(w.form, w.dupBox)
	w.addBtn = kit.BigButton("Add and mark here", theme.ConfirmIcon(), widget.HighImportance, func() { r.onWalkInCheck() })
	// Padded inside the scroll, which clips at its edges: a panel or an
	// entry at its full width lost its right edge on a portrait tablet.
	w.scroll = container.NewVScroll(container.NewPadded(w.pages))
	w.d = kit.NewDialog(r.sh.Window(), "Add a walk-in", w.scroll, "Cancel", []fyne.CanvasObject{w.addBtn})
	r.walkIn = w
	w.d.Show()
	w.fit()
	r.sh.Window().Canvas().Focus(w.given)
}

// fit sizes the dialog to what it shows, up to the window: on a tablet
// the whole form and what is wrong with it are in view, where a fixed
// height left half the screen empty and scrolled the message out of
// sight; on a laptop it scrolls inside the window.
func (w *walkInDialog) fit() {
	// Lay out first: wrapped text shown since the last layout counts its
	// lines at its real width.
	w.pages.Refresh()
	chrome := w.d.MinSize().Height - w.scroll.MinSize().Height // title, buttons and padding
	w.d.Resize(kit.DialogSize(w.win, walkInWidth(), chrome+w.scroll.Content.MinSize().Height))
}

// walkInWidth is the widest the walk-in dialog is: wide enough for the
// labels beside their fields, so on a laptop the form is in view without
// scrolling. It grows with the text (760 at normal): at a fixed 760 the
// larger text sizes put every label above its field, and the form that
// fits at normal text scrolled at Large.
func walkInWidth() float32 { return walkInTextWidths * theme.TextSize() }

// walkInTextWidths is walkInWidth in text sizes.
const walkInTextWidths = 47.5

// width is about the width the form has inside the dialog: the dialog's
// less its padding (Fyne's, 16 either side) and the scroll's.
func (w *walkInDialog) width() float32 {
	return kit.DialogSize(w.win, walkInWidth(), 0).Width - 32 - 2*theme.Padding()
}

// showError says what is wrong under the form, and makes room for it.
func (w *walkInDialog) showError(msg string) {
	w.errLabel.SetText(msg)
	w.errLabel.Show()
	w.fit()
}

func (w *walkInDialog) person() domain.Person {
	t := func(e *widget.Entry) string { return strings.TrimSpace(e.Text) }
	chosen := func(s *widget.Select) string {
		if s.Selected == domain.NotRecorded {
			return ""
		}
		return s.Selected
	}
	dob := domain.StoredDay(w.dob.Text) // as stored, so it matches someone already known
	return domain.Person{GivenName: t(w.given), FamilyName: t(w.family), PreferredName: t(w.preferred),
		Phone: t(w.phone), DateOfBirth: dob, AccessNeeds: t(w.access),
		EmergencyContactName: t(w.ecName), EmergencyContactPhone: t(w.ecPhone),
		Gender: chosen(w.gender), Ethnicity: chosen(w.ethnicity)}
}

// onWalkInCheck validates the form and looks for likely duplicates before
// anyone is created.
func (r *Register) onWalkInCheck() {
	w := r.walkIn
	p := w.person()
	if err := domain.CheckWalkIn(p, domain.DateOf(r.sh.Now())); err != nil {
		w.showError(err.Error())
		return
	}
	w.errLabel.Hide()
	w.dups = domain.FindDuplicates(p, r.knownPeople())
	if len(w.dups) == 0 {
		r.onWalkInCreate()
		return
	}
	w.dupIntro.SetText(dupIntroText(len(w.dups)))
	w.dupList.Objects = nil
	w.dupUse = nil
	for _, d := range w.dups {
		d := d
		// d.Person is as the role sees it (knownPeople): no date of birth,
		// and no phone or date of birth among the reasons, for venue roles.
		// What the register knows of them (enrolled, last came) is for
		// everyone, and something to ask the person at the door.
		detail := strings.Join(append(append([]string(nil), d.Reasons...), r.clues(d.Person.ID)...), " · ")
		if d.Person.DateOfBirth != "" {
			detail += " · born " + domain.BirthDay(d.Person.DateOfBirth)
		}
		// On a name alone, "This is them" is not the highlighted choice:
		// joining two strangers' attendance is worse than a second
		// record, which can be merged later.
		imp := widget.HighImportance
		text := container.NewVBox(widget.NewLabelWithStyle(d.Person.DisplayName(), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), kit.Muted(detail))
		if !d.Likely {
			imp = widget.MediumImportance
			warn := kit.Wrapped("Only the name matches. Ask them, for example when they last came, before choosing.")
			warn.Importance = widget.WarningImportance
			text.Add(warn)
		}
		use := kit.BigButton("This is them", theme.ConfirmIcon(), imp, func() { r.onWalkInUse(d.Person.ID) })
		w.dupUse = append(w.dupUse, use)
		w.dupList.Add(kit.Panel(container.NewBorder(nil, nil, nil, container.NewCenter(kit.Tall(use)), text)))
	}
	w.showDuplicates(true)
}

// dupIntroText opens the "Already known?" question for n people who may be
// the walk-in: one is "someone", not "these people", so a facilitator
// does not look for others further down.
func dupIntroText(n int) string {
	if n == 1 {
		return "Someone already recorded looks like the same person. Using their record keeps their history together."
	}
	return "These people are already recorded and look like the same person. Using an existing record keeps their history together."
}

// showDuplicates shows the "Already known?" question, or the form again,
// and lays the dialog out anew: a hidden page still held its place.
func (w *walkInDialog) showDuplicates(show bool) {
	if show {
		w.form.Hide()
		w.addBtn.Hide()
		w.dupBox.Show()
	} else {
		w.dupBox.Hide()
		w.form.Show()
		w.addBtn.Show()
	}
	w.fit()
}

// onWalkInUse marks an existing person instead of creating a new one.
func (r *Register) onWalkInUse(personID string) {
	r.walkIn.d.Hide()
	m := r.marks[personID]
	m.Status = domain.StatusPresent
	m.Companion = companionValue(r.walkIn.companion.Selected)
	r.walkIn = nil
	r.setMark(personID, m, "here (walk-in)")
}

// onWalkInCreate creates the person, enrols them and marks them here, in
// one save.
func (r *Register) onWalkInCreate() {
	w := r.walkIn
	sess := r.info.Session
	sess.ID, sess.ActivityID = r.sessionID, r.info.Activity.ID
	p, act, err := domain.AddWalkIn(w.person(), sess, companionValue(w.companion.Selected), r.sh.Staff().ID, r.sh.Now())
	if err != nil {
		w.showDuplicates(false)
		w.showError(err.Error())
		return
	}
	if r.sh.Save(act.Changes...) != nil {
		return
	}
	label := "Added " + p.DisplayName() + " and marked them here"
	r.undo = append(r.undo, undoEntry{label: label, changes: act.Undo})
	r.say(label + ".")
	r.updateUndo()
	w.d.Hide()
	r.walkIn = nil
	r.search.SetText("")
	r.sh.Repaint(r)
}

// closeDialog shows the session's summary before closing it.
type closeDialog struct {
	d          *dialog.CustomDialog
	summary    *widget.Label
	note       *widget.Entry
	restAbsent *widget.Check // "mark the rest as absent", when some are not marked
	confirm    *widget.Button
}

func (r *Register) onClose() {
	c := &closeDialog{}
	s := r.info.Summary
	lines := []string{s.Headline()}
	add := func(n int, what string) {
		if n > 0 {
			lines = append(lines, fmt.Sprintf("%d %s", n, what))
		}
	}
	add(s.Late, "late")
	add(s.LeftEarly, "left early")
	if s.WalkIns > 0 {
		lines = append(lines, domain.Count(s.WalkIns, "walk-in", "walk-ins")+" (now enrolled)")
	}
	add(s.Companion, "came with a friend or carer")
	add(s.Apologies, "sent apologies")
	add(s.Absent, "absent")
	c.summary = kit.Wrapped(strings.Join(lines, "\n"))
	var warn fyne.CanvasObject = container.NewVBox()
	if s.Unmarked > 0 {
		l := kit.Wrapped(domain.Count(s.Unmarked, "person is", "people are") + " not marked. Until they are, reports count them neither as here nor as absent; you can still mark them after closing.")
		l.Importance = widget.WarningImportance
		c.restAbsent = widget.NewCheck("Mark "+map[bool]string{true: "them", false: "them all"}[s.Unmarked == 1]+" as absent", nil)
		warn = container.NewVBox(l, c.restAbsent)
	}
	c.note = widget.NewMultiLineEntry()
	c.note.SetPlaceHolder("Anything to pass on? (optional)")
	c.note.SetText(r.info.Session.Note)
	c.confirm = kit.BigButton("Close session", theme.ConfirmIcon(), widget.HighImportance, func() { r.onCloseConfirm() })
	body := container.NewVBox(kit.RowTitle(r.info.Activity.Name), c.summary, warn, c.note)
	c.d = kit.NewDialog(r.sh.Window(), "Close this session?", body, "Not yet", []fyne.CanvasObject{c.confirm})
	c.d.Resize(kit.DialogSize(r.sh.Window(), 520, 420))
	r.closeDlg = c
	c.d.Show()
	r.logLayout("close-dialog")
}

func (r *Register) onCloseConfirm() {
	c := r.closeDlg
	changes := domain.CloseSession(r.info.Session, r.info.Expected, r.markList(), c.note.Text,
		c.restAbsent != nil && c.restAbsent.Checked, r.sh.Staff().ID, r.sh.Now())
	if r.sh.Save(changes...) != nil {
		return
	}
	c.d.Hide()
	r.closeDlg = nil
	r.sh.Repaint(r) // reads the marks just made, so the summary counts them
	r.say("Session closed: " + r.info.Summary.String() + ".")
	r.logLayout("closed")
}
