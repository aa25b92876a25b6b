package people

import (
	"fmt"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/access"
	"github.com/gather-sp/gather/app/casework"
	"github.com/gather-sp/gather/app/kit"
	"github.com/gather-sp/gather/app/shell"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/storage"
)

// Card is a person's card: what a facilitator needs to look after them,
// and their activities and attendance at the venues the role may see here
// (access.PersonRegisterScope: none for a volunteer, this device's venues
// for a facilitator, every venue for the case roles; an activity where it
// meets now, a session where its register was taken).
type Card struct {
	sh       shell.Shell
	personID string
	person   domain.Person
	content  *fyne.Container

	name      *widget.Label
	access    *widget.Label
	emergency *widget.Label
	contact   *widget.Label
	// contactPanel holds contact, in a panel as the access needs and
	// emergency contact are; shown only with something in it.
	contactPanel fyne.CanvasObject
	acts         *fyne.Container
	history      *fyne.Container
	// actsPanel and histPanel hold the activities and the attendance, shown
	// only for the venues the role may see (access.PersonRegisterScope).
	actsPanel    fyne.CanvasObject
	histPanel    fyne.CanvasObject
	summary      *widget.Label
	historyTitle *widget.Label
	printBtns    []*widget.Button // each activity's info sheet for them, in the size their access needs ask for (access.ActionPrintInfoSheet)
	altPrintBtns []*widget.Button // the same in the other size
	// caseBtn opens the person's whole case, for roles that may see it.
	caseBtn *widget.Button
	// editBtn changes their details, for roles that may change some.
	editBtn *widget.Button
	// mergeBtn merges another record of theirs into this one (or this into
	// it), for roles that may merge.
	mergeBtn *widget.Button
	// viewed is set once case fields were shown and the audit trail told.
	viewed bool
}

// NewCard makes the card of a person (the shell's OpenPerson).
func NewCard(sh shell.Shell, personID string) *Card {
	s := &Card{sh: sh, personID: personID}
	s.buildUI()
	return s
}

func (s *Card) Title() string              { return "Person card" }
func (s *Card) Content() fyne.CanvasObject { return s.content }

// PersonID is whose card it is (the record kept, once merged).
func (s *Card) PersonID() string { return s.personID }

// cardColumnCell is how wide, in text sizes, each half of the card must
// be for the card to sit in two columns.
const cardColumnCell = 30

func (s *Card) buildUI() {
	s.name = kit.Heading("")
	s.access = kit.Wrapped("")
	s.access.Importance = widget.WarningImportance
	s.access.TextStyle.Bold = true
	s.emergency = kit.Wrapped("")
	s.contact = kit.Wrapped("")
	s.acts = container.NewVBox()
	s.history = container.NewVBox()
	s.summary = kit.RowDetail("")
	bold := func(t string) *widget.Label {
		return widget.NewLabelWithStyle(t, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	s.actsPanel = kit.Panel(container.NewVBox(bold("Activities"), s.acts))
	accessPanel := kit.Panel(container.NewVBox(bold("Access needs"), s.access))
	emergencyPanel := kit.Panel(container.NewVBox(bold(domain.LabelEmergencyContact), s.emergency))
	// Phone, born and how they agreed to be contacted in a panel of their
	// own, headed as Edit details heads them: loose under the others they
	// read as stray lines at the panels' outer edge.
	s.contactPanel = kit.Panel(container.NewVBox(bold("Contact details"), s.contact))
	left := []fyne.CanvasObject{accessPanel, emergencyPanel, s.contactPanel}
	s.historyTitle = bold("Attendance")
	s.histPanel = kit.Panel(container.NewVBox(s.historyTitle, s.summary, s.history))
	right := []fyne.CanvasObject{s.histPanel}
	if access.CanDo(s.sh.Staff().Role, access.ActionPrintInfoSheet) {
		// Where the card offers info sheets (reception, link workers),
		// what they go to heads the other half, above when they came: on
		// a laptop it is beside their access needs as the card opens,
		// its print buttons with it, not under a full card's contact
		// details at the bottom edge; on a portrait tablet it follows
		// them. A facilitator's card keeps the attendance beside the
		// details: the activities there carry no buttons.
		right = []fyne.CanvasObject{s.actsPanel, s.histPanel}
	} else {
		left = append(left, s.actsPanel)
	}
	stacked := append(append([]fyne.CanvasObject{}, left...), right...)
	if access.CardLeadsWithPrinting(s.sh.Staff().Role) {
		// In one column (a portrait tablet, or the largest text on a
		// laptop) the desk's print buttons follow the access needs,
		// which say which size of sheet to hand over, and come before
		// the emergency contact and contact details: under those, at
		// the largest text on a laptop, they were below the fold.
		stacked = []fyne.CanvasObject{accessPanel, s.actsPanel, emergencyPanel, s.contactPanel, s.histPanel}
	}
	// The card's primary action: the case for those who work it, the
	// print buttons (Refresh) for the desk (access.CardLeadsWithPrinting).
	caseImp := widget.HighImportance
	if access.CardLeadsWithPrinting(s.sh.Staff().Role) {
		caseImp = widget.MediumImportance
	}
	s.caseBtn = kit.BigButton("Open their case", theme.FolderOpenIcon(), caseImp, s.OpenCase)
	s.editBtn = kit.BigButton("Edit details", theme.DocumentCreateIcon(), widget.MediumImportance, s.Edit)
	// Hidden buttons go with their touch-target frames, so they leave no gap.
	caseBox, editBox := kit.Tall(s.caseBtn), kit.Tall(s.editBtn)
	if !casework.CanUse(s.sh.Staff().Role) {
		s.caseBtn.Hide()
		caseBox.Hide()
	}
	if !canEditPerson(s.sh.Staff().Role) {
		s.editBtn.Hide()
		editBox.Hide()
	}
	s.mergeBtn = widget.NewButtonWithIcon("Merge with another record…", theme.ContentCopyIcon(), func() {
		s.sh.Push(newMerge(s.sh, s.personID, s))
	})
	mergeBox := kit.Tall(s.mergeBtn)
	if !access.CanDo(s.sh.Staff().Role, access.ActionMergePeople) {
		s.mergeBtn.Hide()
		mergeBox.Hide()
	}
	// The card's own buttons in a row beside the name where they fit (a
	// laptop at any text size), else under it: stacked at its right they
	// took a row each, which pushed the desk's print buttons (the card's
	// main work there) below the fold under long access needs at the
	// largest text.
	top := kit.ButtonsBeside(container.NewVBox(s.name), editBox, caseBox, mergeBox)
	// Side by side where both halves have room (a laptop); one above the
	// other on a portrait tablet, where halves of 800 wide wrap every
	// attendance row and leave the lower half of the screen empty.
	s.content = container.NewStack(container.NewVScroll(container.NewPadded(container.NewVBox(
		top, newCardHalves(cardColumnCell, left, right, stacked)))))
}

// OpenCase shows the person's whole case (referral, consent, matches,
// follow-ups, contacts, measures) on one screen; opening it is audited there.
func (s *Card) OpenCase() {
	s.sh.OpenCase(s.personID)
}

// Edit opens the form to change their details (the card, and the case
// details for roles that may see them).
func (s *Card) Edit() {
	s.sh.Push(NewEditForm(s.sh, s.personID, nil))
}

func (s *Card) Refresh() {
	v := s.sh.View()
	p, ok := v.Person(s.personID)
	if !ok {
		s.name.SetText("This person is not on this device")
		s.editBtn.Disable()
		return
	}
	s.person = p
	s.personID = p.ID // a record merged into another shows the one kept
	s.editBtn.Enable()
	s.name.SetText(p.DisplayName())
	// A need is bold in the warning colour; its absence is quieter
	// (kit.Muted's colour, plain), so on a glance down the card a real
	// need stands out and "None recorded." does not pass for one.
	if p.AccessNeeds != "" {
		s.access.SetText(p.AccessNeeds)
		s.access.Importance = widget.WarningImportance
		s.access.TextStyle.Bold = true
	} else {
		s.access.SetText("None recorded.")
		s.access.Importance = widget.LowImportance
		s.access.TextStyle.Bold = false
	}
	s.access.Refresh()
	switch {
	case p.EmergencyContactName == "" && p.EmergencyContactPhone == "":
		s.emergency.SetText("None recorded. Ask them for someone to call, and tell their link worker.")
	default:
		s.emergency.SetText(strings.TrimSpace(p.EmergencyContactName + "\n" + p.EmergencyContactPhone))
	}
	var lines []string
	if access.CanSeeCaseData(s.sh.Staff().Role) {
		// As the case and the contact log say how they agreed to be
		// contacted (domain.CardContactLines): a way withdrawn is said
		// even when no way is left preferred, and a way agreed even when
		// no phone or birthday is recorded (only an email address).
		var cs []domain.Consent
		for _, row := range v.By(domain.KindConsent, "person_id", p.ID) {
			var c domain.Consent
			row.Decode(&c)
			if !c.Deleted {
				cs = append(cs, c)
			}
		}
		lines = domain.CardContactLines(p, cs, s.sh.Today())
	}
	if len(lines) > 0 {
		s.contact.SetText(strings.Join(lines, "\n"))
		s.contact.Show()
		s.contactPanel.Show()
		if !s.viewed {
			// Case fields on a card are the case seen: audited as
			// opening the case is, once per opening.
			s.viewed = true
			staff := s.sh.Staff().ID
			_ = s.sh.Store().Save(staff, s.sh.Recorder().ViewedCase(staff, p.ID))
		}
	} else {
		s.contact.Hide()
		s.contactPanel.Hide()
	}

	// What they go to says something of their circumstances (money
	// advice), so the card shows their activities and attendance only at
	// the venues this role may see here: none for a volunteer, this
	// device's venues for a facilitator, all for the case roles. An
	// enrolment is at its activity's venue now, a mark where it was taken
	// (access.VenueScope): after a move, the old venue keeps the sessions
	// it took and the new one has the enrolment.
	scope := shell.PersonRegisterScope(s.sh)
	if scope.None() {
		s.acts.Objects, s.history.Objects = nil, nil
		s.printBtns, s.altPrintBtns = nil, nil
		s.actsPanel.Hide()
		s.histPanel.Hide()
		s.content.Refresh()
		return
	}
	s.actsPanel.Show()
	s.histPanel.Show()

	// Activities they are enrolled on, each with their own info sheet for
	// the roles that may print one (access.ActionPrintInfoSheet: it names
	// them); others print an activity's sheet from Activities.
	canPrint := access.CanDo(s.sh.Staff().Role, access.ActionPrintInfoSheet)
	s.acts.Objects = nil
	s.printBtns, s.altPrintBtns = nil, nil
	for _, row := range v.By(domain.KindEnrolment, "person_id", p.ID) {
		var e domain.Enrolment
		row.Decode(&e)
		if !e.Active() {
			continue
		}
		var a domain.Activity
		ar, ok := v.Get(domain.KindActivity, e.ActivityID)
		if !ok {
			continue // archived: nothing to print a sheet for, no session to come to
		}
		ar.Decode(&a)
		if !scope.IncludesActivity(a) {
			continue
		}
		// When and where wraps, with the print buttons under it: beside
		// them, on half a portrait tablet, it was cut to "Saturdays, 1…",
		// the very thing someone asks before the sheet is printed.
		about := container.New(kit.TightLayout{}, kit.Bold(a.Name), kit.Muted(domain.ScheduleText(a)+" · "+v.VenueName(a.VenueID)))
		// Where to meet, or how to join: what they ring to ask.
		if a.Online && a.JoinLink != "" {
			about.Add(kit.Muted("How to join: " + a.JoinLink))
		} else if !a.Online && a.MeetingPoint != "" {
			about.Add(kit.Muted("Where to meet: " + a.MeetingPoint))
		}
		if !canPrint {
			s.acts.Add(about)
			continue
		}
		aid := a.ID
		// In the Activities screen's words, as buttons that look like
		// buttons, each with the print icon. Large print is the first
		// offer for someone whose access needs ask for it, so nobody
		// hands them the small print by habit; the other size is beside
		// it. The first is highlighted where printing is the card's
		// main work (reception, access.CardLeadsWithPrinting), and for
		// a link worker only when it is large print: highlighting every
		// sheet of their card would drown "Open their case".
		large := domain.NeedsLargePrint(p.AccessNeeds)
		label, other := kit.PrintInfoSheet, kit.PrintInLargePrint
		imp := widget.MediumImportance
		if large {
			label, other = other, label
		}
		if large || access.CardLeadsWithPrinting(s.sh.Staff().Role) {
			imp = widget.HighImportance
		}
		b := kit.BigButton(label, theme.DocumentPrintIcon(), imp, func() { s.sh.PrintInfoSheet(s.personID, aid, large) })
		alt := kit.BigButton(other, theme.DocumentPrintIcon(), widget.MediumImportance, func() { s.sh.PrintInfoSheet(s.personID, aid, !large) })
		s.printBtns = append(s.printBtns, b)
		s.altPrintBtns = append(s.altPrintBtns, alt)
		s.acts.Add(container.NewVBox(about, container.NewHBox(kit.Tall(b), kit.Tall(alt))))
	}
	if len(s.acts.Objects) == 0 {
		if scope.All {
			s.acts.Add(kit.RowDetail("Not enrolled on anything."))
		} else {
			s.acts.Add(kit.RowDetail("Not enrolled on anything here."))
		}
	}

	// Their sessions at the venues the role may see, each where its
	// register was taken (access.VenueScope.IncludesMark), newest first.
	names := map[string]string{}
	var hist []domain.Attendance
	for _, m := range v.PersonAttendance(p.ID) {
		if m.Status == "" || !scope.IncludesMark(m) {
			continue
		}
		hist = append(hist, m)
	}
	sort.SliceStable(hist, func(i, j int) bool { return hist[i].Date > hist[j].Date })
	came := 0
	for _, m := range hist {
		if domain.Attended(m.Status) {
			came++
		}
	}
	switch len(hist) {
	case 0:
		s.summary.SetText("No sessions recorded yet.")
	case 1:
		s.summary.SetText(map[bool]string{true: "Came to the one session recorded.", false: "Did not come to the one session recorded."}[came == 1])
	default:
		s.summary.SetText(fmt.Sprintf("Came to %d of the %d sessions recorded.", came, len(hist)))
	}
	if scope.All {
		s.historyTitle.SetText("Attendance")
	} else if len(scope.Venues) > 1 {
		s.historyTitle.SetText("Attendance at these venues")
	} else {
		s.historyTitle.SetText("Attendance at this venue")
	}
	s.history.Objects = nil
	for i, m := range hist {
		if i == 12 {
			s.history.Add(kit.RowDetail(fmt.Sprintf("and %d earlier", len(hist)-12)))
			break
		}
		if _, ok := names[m.ActivityID]; !ok {
			names[m.ActivityID] = activityName(s.sh.Store(), v, m.ActivityID)
		}
		d, _ := domain.ParseDate(m.Date)
		label, _, icon := kit.StatusLabel(m.Status)
		st := widget.NewLabel(label)
		st.Importance = kit.StatusTextImportance(m.Status)
		line := d.Format("Mon 2 Jan") + "  " + names[m.ActivityID]
		if m.Note != "" {
			line += " — " + m.Note
		}
		// Wrapped, not cut: on half a portrait tablet the note (why
		// they sent apologies) was lost to "…".
		l := kit.Wrapped(line)
		s.history.Add(container.NewBorder(nil, nil, widget.NewIcon(icon), st, l))
	}
	s.content.Refresh()
}

// activityName names an activity, archived ones too (the read model keeps
// only live records, so those are read from the store).
func activityName(st shell.Store, v *storage.View, id string) string {
	if r, ok := v.Get(domain.KindActivity, id); ok {
		return r.Get("name")
	}
	if e, err := st.Entity(domain.KindActivity, id); err == nil && e != nil && !e.Erased() {
		if name := e.Values()["name"]; name != "" {
			return name + " (archived)"
		}
	}
	return "an activity no longer on this device"
}
