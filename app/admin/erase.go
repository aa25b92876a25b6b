package admin

import (
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
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/storage"
)

// retentionChoices are the periods an administrator may choose.
var retentionChoices = []struct {
	label  string
	months int
}{
	{"Keep until erased here", 0},
	{"1 year after the case closed", 12},
	{"2 years after the case closed", 24},
	{"3 years after the case closed", 36},
	{"6 years after the case closed", 72},
}

// erasedShown bounds the people listed as past the retention period.
const expiredShown = 50

// eraseDialog asks for the person's family name before erasing them.
type eraseDialog struct {
	d      *dialog.CustomDialog
	typed  *widget.Entry
	advice *widget.Label
	yes    *widget.Button
	want   string
}

// eraseSection erases a person under the right to erasure, and lists the
// people whose closed cases are past the retention period.
type eraseSection struct {
	sh   shell.Shell
	svc  *Services
	root fyne.CanvasObject

	msg        *widget.Label
	venueNote  fyne.CanvasObject // on a venue tablet, or a device of a role the server takes no erasure from: where to do it
	noteText   *widget.Label     // venueNote's words
	panels     *fyne.Container   // erase a person, and keeping closed cases
	search     *widget.Entry
	hint       *widget.Label
	results    *fyne.Container
	resultBtns map[string]*widget.Button // by person id
	chosen     domain.Person
	chosenBox  *fyne.Container
	chosenName *widget.Label
	summary    *widget.Label
	eraseBtn   *widget.Button
	eraseDlg   *eraseDialog

	retention   *widget.Select
	expiredNote *widget.Label
	expiredList *widget.Label
	eraseAll    *widget.Button
	expired     []string // person ids past the retention period
	bulkDlg     *confirmDialog
	busy        bool
	loading     bool
}

func newEraseSection(sh shell.Shell, svc *Services) *eraseSection {
	s := &eraseSection{sh: sh, svc: svc, resultBtns: map[string]*widget.Button{}}
	s.buildUI()
	return s
}

func (s *eraseSection) content() fyne.CanvasObject { return s.root }

func (s *eraseSection) buildUI() {
	s.msg = adminMessage()
	s.search = widget.NewEntry()
	s.search.SetPlaceHolder("Type their name")
	s.search.ActionItem = widget.NewIcon(theme.SearchIcon())
	s.search.OnChanged = func(string) {
		s.refreshSearch()
		adminRelayout(s.root)
	}
	s.hint = kit.RowDetail("")
	s.results = container.NewVBox()
	s.chosenName = adminTitle("")
	s.summary = kit.Wrapped("")
	s.eraseBtn = kit.BigButton("Erase…", theme.DeleteIcon(), widget.DangerImportance, s.onErase)
	s.chosenBox = container.NewVBox(widget.NewSeparator(), s.chosenName, s.summary, container.NewHBox(kit.Tall(s.eraseBtn)))
	s.chosenBox.Hide()
	erase := container.NewVBox(adminTitle("Erase a person"),
		kit.Wrapped("When someone asks for their records to be erased, find them here. Their name, contact details and case are removed for good, "+
			"on this device and, once it syncs, everywhere else."),
		kit.Tall(s.search), s.hint, s.results, s.chosenBox)

	labels := make([]string, len(retentionChoices))
	for i, c := range retentionChoices {
		labels[i] = c.label
	}
	s.retention = widget.NewSelect(labels, func(string) { s.onRetention() })
	s.expiredNote = kit.Wrapped("")
	s.expiredList = kit.Wrapped("")
	s.eraseAll = kit.BigButton("Erase all", theme.DeleteIcon(), widget.DangerImportance, s.onEraseAll)
	retention := container.NewVBox(adminTitle("Keeping closed cases"),
		kit.Wrapped("How long to keep a person's records once all their referrals are closed and they have stopped coming. "+
			"Gather lists the people past that time here for you to erase; it never erases anyone by itself."),
		container.NewHBox(kit.Sized(s.retention, 320, kit.MinTouch)), s.expiredNote, s.expiredList, container.NewHBox(kit.Tall(s.eraseAll)))
	s.noteText = kit.Wrapped(venueEraseNote)
	s.venueNote = kit.Panel(s.noteText)
	s.venueNote.Hide()
	s.panels = container.NewVBox(kit.Panel(erase), kit.Panel(retention))
	s.root = container.NewVScroll(container.NewPadded(container.NewVBox(s.msg, s.venueNote, s.panels)))
}

// venueEraseNote is what a venue tablet shows in place of the section.
const venueEraseNote = "Erasing a person and choosing how long to keep closed cases are done " + kit.OnTheOfficeComputer +
	". A venue tablet holds no case records, and the server takes an erasure from no venue tablet."

func (s *eraseSection) refresh() {
	// Not offered where the server refuses it (sync/server's push takes an
	// erasure, and the retention setting, from organisation devices only):
	// a venue tablet says once where to do it instead.
	s.noteText.SetText(venueEraseNote)
	if officeOnly(s.sh, s.venueNote, s.panels, s.root) {
		return
	}
	// Nor on an organisation device enrolled for a role the server takes
	// neither from (sync/server's checkRole): an administrator signed in
	// at the reception desk is told here, not by a refusal at the next sync.
	why := shell.DeviceRefusal(s.sh.Store(), access.ActionErasePerson, "an erasure")
	if why == "" {
		why = shell.DeviceRefusal(s.sh.Store(), access.ActionChangeOrgSettings, "a new period for keeping closed cases")
	}
	if why != "" {
		s.noteText.SetText(why)
		s.venueNote.Show()
		s.panels.Hide()
		adminRelayout(s.root)
		return
	}
	s.refreshSearch()
	s.refreshChosen()
	s.refreshRetention()
	adminRelayout(s.root)
}

func (s *eraseSection) refreshSearch() {
	q := strings.TrimSpace(s.search.Text)
	s.results.Objects = nil
	s.resultBtns = map[string]*widget.Button{}
	if q == "" {
		s.hint.SetText("Search by given, family or known-as name.")
		s.results.Refresh()
		return
	}
	v := s.sh.View()
	people := v.SearchPeople(q, 20)
	switch n := len(people); {
	case n == 0:
		s.hint.SetText(fmt.Sprintf("Nobody called \"%s\" on this device.", q))
	case n == 20:
		s.hint.SetText("The first 20 matches; type more of the name to narrow it down.")
	default:
		s.hint.SetText("Tap the person to see what would be erased.")
	}
	for _, p := range people {
		p := p
		label := p.DisplayName()
		if dob := personField(v, p.ID, "date_of_birth"); dob != "" {
			label += " · born " + dob
		}
		b := widget.NewButtonWithIcon(label, theme.AccountIcon(), func() { s.onChoose(p) })
		b.Alignment = widget.ButtonAlignLeading
		if p.ID == s.chosen.ID {
			b.Importance = widget.HighImportance
		}
		s.resultBtns[p.ID] = b
		s.results.Add(kit.Tall(b))
	}
	s.results.Refresh()
}

func personField(v *storage.View, id, field string) string {
	if r, ok := v.Get(domain.KindPerson, id); ok {
		return r.Get(field)
	}
	return ""
}

// onChoose shows what erasing a person would remove.
func (s *eraseSection) onChoose(p domain.Person) {
	s.chosen = p
	s.msg.Hide()
	s.refreshSearch()
	s.refreshChosen()
	adminRelayout(s.root)
}

func (s *eraseSection) refreshChosen() {
	if s.chosen.ID == "" {
		s.chosenBox.Hide()
		return
	}
	v := s.sh.View()
	changes, err := storage.ErasureChanges(v, s.chosen.ID)
	if err != nil {
		s.chosen = domain.Person{}
		s.chosenBox.Hide()
		return
	}
	s.chosenName.SetText(s.chosen.DisplayName())
	s.eraseBtn.SetText("Erase " + s.chosen.DisplayName() + "…")
	s.summary.SetText(erasureSummary(s.chosen, changes))
	s.chosenBox.Show()
}

// erasureSummary says what erasing a person removes and what stays.
func erasureSummary(p domain.Person, changes []record.Change) string {
	counts := map[record.Kind]int{}
	for _, c := range changes {
		counts[c.Kind]++
	}
	plural := func(n int, one, many string) string {
		if n == 1 {
			return "1 " + one
		}
		return fmt.Sprintf("%d %s", n, many)
	}
	var lines []string
	lines = append(lines, "• their name, date of birth, contact details, access needs and emergency contact")
	var recs []string
	for _, k := range []struct {
		kind      record.Kind
		one, many string
	}{
		{domain.KindReferral, "referral", "referrals"}, {domain.KindFollowUp, "follow-up", "follow-ups"},
		{domain.KindMatch, "activity match", "activity matches"}, {domain.KindContact, "contact log entry", "contact log entries"},
		{domain.KindMeasure, "wellbeing measure", "wellbeing measures"}, {domain.KindConsent, "consent", "consents"},
		{domain.KindEnrolment, "enrolment", "enrolments"},
	} {
		if n := counts[k.kind]; n > 0 {
			recs = append(recs, plural(n, k.one, k.many))
		}
	}
	if len(recs) > 0 {
		lines = append(lines, "• "+strings.Join(recs, ", "))
	}
	if n := counts[domain.KindAttendance]; n > 0 {
		lines = append(lines, "• the notes on "+plural(n, "attendance mark", "attendance marks")+
			"; the marks themselves stay, without a name, so the numbers in reports stay right")
	}
	return fmt.Sprintf("Erasing %s removes:\n%s\n\nThe audit trail keeps only that they were erased, by whom and when. This cannot be undone.",
		p.DisplayName(), strings.Join(lines, "\n"))
}

// confirmWord is what must be typed to erase a person: their family name.
func confirmWord(p domain.Person) string {
	if p.FamilyName != "" {
		return p.FamilyName
	}
	return p.DisplayName()
}

// onErase asks for the person's family name, then erases them.
func (s *eraseSection) onErase() {
	p := s.chosen
	if p.ID == "" {
		return
	}
	e := &eraseDialog{want: confirmWord(p)}
	e.typed = widget.NewEntry()
	e.typed.SetPlaceHolder(e.want)
	e.advice = kit.Wrapped("")
	e.advice.Importance = widget.DangerImportance
	e.yes = kit.BigButton("Erase for good", theme.DeleteIcon(), widget.DangerImportance, func() { s.onEraseConfirmed(e, p) })
	e.typed.OnSubmitted = func(string) { s.onEraseConfirmed(e, p) }
	body := container.NewVBox(
		kit.Wrapped(fmt.Sprintf("This erases %s for good. To be sure it is the right person, type their family name, %s, below.", p.DisplayName(), e.want)),
		kit.Tall(e.typed), e.advice)
	e.d = kit.NewDialog(s.sh.Window(), "Erase "+p.DisplayName()+"?", body, "Cancel", []fyne.CanvasObject{e.yes})
	e.d.Resize(kit.DialogSize(s.sh.Window(), 520, 320))
	s.eraseDlg = e
	e.d.Show()
	s.sh.Window().Canvas().Focus(e.typed)
}

func (s *eraseSection) onEraseConfirmed(e *eraseDialog, p domain.Person) {
	if domain.Fold(e.typed.Text) != domain.Fold(e.want) {
		e.advice.SetText("That is not their family name. Type " + e.want + " to erase them, or Cancel.")
		return
	}
	entry := s.sh.Recorder().Erased(s.sh.Staff().ID, p.ID)
	if err := s.sh.Store().ErasePerson(s.sh.Staff().ID, p.ID, entry); err != nil {
		e.d.Hide()
		s.sh.ShowError(p.DisplayName()+" was not erased", err, "Nothing was changed. Try again.")
		return
	}
	e.d.Hide()
	s.eraseDlg = nil
	s.chosen = domain.Person{}
	s.search.SetText("")
	s.say(s.msg, p.DisplayName()+" has been erased. The audit trail records only that it was done.", widget.SuccessImportance)
	s.refresh()
}

// retentionMonths is the organisation's retention period; 0 keeps cases.
func (s *eraseSection) retentionMonths() int {
	return max(s.sh.View().OrgSettings().RetentionMonths, 0)
}

// retentionCutoff is the last closing date that is past the period.
func (s *eraseSection) retentionCutoff(months int) string {
	return domain.DateOf(s.sh.Now().AddDate(0, -months, 0))
}

func (s *eraseSection) refreshRetention() {
	months := s.retentionMonths()
	s.loading = true
	label := ""
	for _, c := range retentionChoices {
		if c.months == months {
			label = c.label
		}
	}
	if label == "" {
		// A period set elsewhere: offer it as it is.
		label = fmt.Sprintf("%d months after the case closed", months)
		found := false
		for _, o := range s.retention.Options {
			found = found || o == label
		}
		if !found {
			s.retention.Options = append(s.retention.Options, label)
		}
	}
	s.retention.SetSelected(label)
	s.loading = false
	if months == 0 || s.busy {
		s.expired = nil
		if months == 0 {
			s.expiredNote.SetText("Closed cases are kept until someone erases them here.")
		}
		s.expiredList.Hide()
		s.eraseAll.Hide()
		return
	}
	v := s.sh.View()
	cutoff := s.retentionCutoff(months)
	s.expired = storage.ExpiredCases(v, cutoff)
	n := len(s.expired)
	if n == 0 {
		s.expiredNote.SetText("Nobody's case has been closed for that long.")
		s.expiredList.Hide()
		s.eraseAll.Hide()
		return
	}
	when := cutoff
	if t, ok := domain.ParseDate(cutoff); ok {
		when = t.Format("2 January 2006")
	}
	if n == 1 {
		s.expiredNote.SetText("1 person's case closed on or before " + when + ", and they have not come to anything since:")
	} else {
		s.expiredNote.SetText(fmt.Sprintf("%d people's cases closed on or before %s, and they have not come to anything since:", n, when))
	}
	var names []string
	for i, id := range s.expired {
		if i == expiredShown {
			names = append(names, fmt.Sprintf("and %d more", n-expiredShown))
			break
		}
		name := "someone not on this device"
		if p, ok := v.Person(id); ok {
			name = p.DisplayName()
		}
		names = append(names, "• "+name)
	}
	s.expiredList.SetText(strings.Join(names, "\n"))
	s.expiredList.Show()
	if n == 1 {
		s.eraseAll.SetText("Erase this person…")
	} else {
		s.eraseAll.SetText(fmt.Sprintf("Erase all %d…", n))
	}
	s.eraseAll.Show()
}

func (s *eraseSection) onRetention() {
	if s.loading {
		return
	}
	for _, c := range retentionChoices {
		if c.label == s.retention.Selected {
			// The whole organisation's choice: a record that syncs to
			// every organisation device, with its audit entry.
			s.sh.Save(domain.SetRetentionMonths(c.months))
		}
	}
	s.refreshRetention()
	adminRelayout(s.root)
}

// onEraseAll asks, then erases everyone past the retention period, each
// with its own audit entry.
func (s *eraseSection) onEraseAll() {
	ids := append([]string(nil), s.expired...)
	if len(ids) == 0 || s.busy {
		return
	}
	months := s.retentionMonths()
	what := "1 person"
	if len(ids) > 1 {
		what = fmt.Sprintf("%d people", len(ids))
	}
	c := &confirmDialog{}
	c.yes = kit.BigButton("Erase "+what, theme.DeleteIcon(), widget.DangerImportance, func() {
		c.d.Hide()
		s.bulkDlg = nil
		s.eraseExpired(ids, months)
	})
	text := fmt.Sprintf("Erase %s whose cases closed more than %d months ago? Their names, contact details and cases are removed for good, "+
		"here and, once this device syncs, everywhere. This cannot be undone.", what, months)
	c.d = kit.NewDialog(s.sh.Window(), "Erase "+what+"?", kit.DialogText(s.sh.Window(), kit.Wrapped(text)), "Cancel", []fyne.CanvasObject{c.yes})
	s.bulkDlg = c
	c.d.Show()
}

func (s *eraseSection) eraseExpired(ids []string, months int) {
	s.busy = true
	s.eraseAll.Disable()
	s.say(s.msg, fmt.Sprintf("Erasing %d…", len(ids)), widget.MediumImportance)
	store, staff, rec := s.sh.Store(), s.sh.Staff().ID, s.sh.Recorder()
	cutoff := s.retentionCutoff(months)
	var done, kept int
	var errs []error
	s.sh.Run(func() {
		// Asked again now: a sync while the question was open may have
		// brought a referral, a visit or a merge, and erasure is for good.
		still := map[string]bool{}
		for _, id := range storage.ExpiredCases(store.View(), cutoff) {
			still[id] = true
		}
		for _, id := range ids {
			if !still[id] {
				kept++
				continue
			}
			entry := rec.ErasedExpired(staff, id, months)
			if err := store.ErasePerson(staff, id, entry); err != nil {
				errs = append(errs, err)
				continue
			}
			done++
		}
	}, func() {
		s.busy = false
		s.eraseAll.Enable()
		if len(errs) > 0 {
			s.msg.Hide()
			s.sh.ShowError(fmt.Sprintf("%d of %d were erased", done, len(ids)), errs[0],
				"The others are still listed. Try again.")
		} else {
			s.say(s.msg, erasedExpiredMessage(done, kept), widget.SuccessImportance)
		}
		s.refresh()
	})
}

// erasedExpiredMessage says how many people "Erase all" erased, and how
// many it kept because their case changed while it asked.
func erasedExpiredMessage(done, kept int) string {
	msg := fmt.Sprintf("%d people were erased.", done)
	if done == 1 {
		msg = "1 person was erased."
	}
	switch {
	case kept == 1:
		msg += " 1 person was kept: their case changed while you were asked."
	case kept > 1:
		msg += fmt.Sprintf(" %d people were kept: their cases changed while you were asked.", kept)
	}
	return msg
}

// say shows a message in the section and lays it out again.
func (s *eraseSection) say(l *widget.Label, text string, imp widget.Importance) {
	adminSay(l, text, imp)
	adminRelayout(s.root)
}
