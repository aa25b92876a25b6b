package activities

import (
	"fmt"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/kit"
	"github.com/gather-sp/gather/app/shell"
	"github.com/gather-sp/gather/domain"
)

// practicesScreen is the list of GP practices, kept like venues: people and
// referrals pick their practice from it, so reports count each practice
// once however it was typed.
type practicesScreen struct {
	sh           shell.Shell
	content      fyne.CanvasObject
	list         *fyne.Container
	notice       *widget.Label
	addBtn       *widget.Button
	archivedBtn  *widget.Button
	showArchived bool
	editBtns     map[string]*widget.Button
	restoreBtns  map[string]*widget.Button
}

// NewPractices makes the list of GP practices, which the Admin screen
// shows as its GP practices section (Admin › GP practices): the
// organisation's referrers, kept with its other lists rather than among
// the activities people are referred to.
func NewPractices(sh shell.Shell) shell.Screen { return newPracticesScreen(sh) }

func newPracticesScreen(sh shell.Shell) *practicesScreen {
	s := &practicesScreen{sh: sh}
	s.notice = kit.Wrapped("")
	s.notice.Importance = widget.SuccessImportance
	s.notice.Hide()
	s.addBtn = kit.BigButton("Add a practice", theme.ContentAddIcon(), widget.HighImportance, func() {
		s.sh.Push(newPracticeForm(s.sh, "", s.say))
	})
	s.list = container.NewVBox()
	s.archivedBtn = kit.BigButton("Show archived practices", theme.HistoryIcon(), widget.LowImportance, func() {
		s.showArchived = !s.showArchived
		s.Refresh()
	})
	s.content = kit.FormColumn(container.NewVBox(
		container.NewBorder(nil, nil, nil, kit.Tall(s.addBtn), kit.Heading("GP practices")),
		kit.FormNote("People and referrals pick their practice from this list, so reports count each practice once. "+
			"Add the other names a practice goes by, and records typed with them count for it too."),
		s.notice, s.list, container.NewHBox(kit.Tall(s.archivedBtn))))
	return s
}

func (s *practicesScreen) Title() string              { return "GP practices" }
func (s *practicesScreen) Content() fyne.CanvasObject { return s.content }

func (s *practicesScreen) say(msg string) {
	s.notice.SetText(msg)
	s.notice.Show()
}

func (s *practicesScreen) Refresh() {
	s.list.Objects = nil
	s.editBtns = map[string]*widget.Button{}
	s.restoreBtns = map[string]*widget.Button{}
	ps := s.sh.View().Practices()
	if len(ps) == 0 {
		s.list.Add(kit.Wrapped("No practices yet. Add the practices your referrals come from."))
	}
	for _, p := range ps {
		id := p.ID
		edit := kit.BigButton("Edit", theme.DocumentCreateIcon(), widget.MediumImportance, func() { s.sh.Push(newPracticeForm(s.sh, id, s.say)) })
		s.editBtns[id] = edit
		info := []fyne.CanvasObject{kit.RowTitle(p.Name)}
		if len(p.OtherNames) > 0 {
			info = append(info, kit.RowDetail("Also called "+strings.Join(p.OtherNames, ", ")))
		}
		s.list.Add(kit.Panel(container.NewBorder(nil, nil, nil, container.NewCenter(kit.Sized(edit, 150, kit.MinTouch)), container.NewVBox(info...))))
	}
	s.archivedBtn.SetText(map[bool]string{false: "Show archived practices", true: "Hide archived practices"}[s.showArchived])
	if s.showArchived {
		var archived []domain.Practice
		for id, vals := range shell.Archived(s.sh, domain.KindPractice) {
			var p domain.Practice
			domain.Decode(id, vals, &p)
			archived = append(archived, p)
		}
		sort.Slice(archived, func(i, j int) bool { return archived[i].Name < archived[j].Name })
		for _, p := range archived {
			id, name := p.ID, p.Name
			restore := kit.BigButton("Restore", theme.ContentUndoIcon(), widget.MediumImportance, func() {
				if s.sh.Save(domain.Restore(domain.KindPractice, id)) == nil {
					s.say("Restored " + name + ".")
					s.sh.Repaint(s)
				}
			})
			s.restoreBtns[id] = restore
			s.list.Add(kit.Panel(container.NewBorder(nil, nil, nil, container.NewCenter(kit.Sized(restore, 150, kit.MinTouch)),
				container.NewVBox(kit.RowTitle(name), kit.RowDetail("Archived: not offered when picking a practice")))))
		}
	}
	s.list.Refresh()
}

// practiceForm adds or edits one practice.
type practiceForm struct {
	sh         shell.Shell
	id         string
	isNew      bool
	before     domain.Practice
	onDone     func(msg string)
	content    fyne.CanvasObject
	name       *widget.Entry
	others     *widget.Entry
	problem    *widget.Label
	saveBtn    *widget.Button
	archiveBtn *widget.Button
	archiveYes *widget.Button // "Archive" in the question, while it is asked
}

func newPracticeForm(sh shell.Shell, id string, onDone func(string)) *practiceForm {
	f := &practiceForm{sh: sh, id: id, onDone: onDone}
	if id == "" {
		f.id, f.isNew = domain.NewID(), true
	} else if r, ok := sh.View().Get(domain.KindPractice, id); ok {
		r.Decode(&f.before)
	}
	f.before.ID = f.id
	f.name = kit.FormEntry("For example: Riverside Surgery")
	f.name.SetText(f.before.Name)
	f.others = kit.FormMulti("One a line, for example: Riverside Medical Centre")
	f.others.SetText(strings.Join(f.before.OtherNames, "\n"))
	f.problem = kit.FormProblem()
	f.saveBtn = kit.BigButton("Save", theme.DocumentSaveIcon(), widget.HighImportance, f.onSave)
	cancel := kit.BigButton("Cancel", theme.CancelIcon(), widget.MediumImportance, f.sh.Back)
	f.archiveBtn = kit.BigButton("Archive this practice", theme.DeleteIcon(), widget.DangerImportance, f.onArchive)
	if f.isNew {
		f.archiveBtn.Hide()
	}
	title := map[bool]string{true: "New GP practice", false: f.before.Name}[f.isNew]
	f.content = kit.FormColumn(container.NewVBox(kit.Heading(title),
		kit.FormField("Name", f.name, "As it should appear in reports"),
		kit.FormField("Other names it goes by", f.others, "Records that name the practice this way count for it"),
		f.problem,
		container.NewBorder(nil, nil, container.NewHBox(kit.Tall(f.saveBtn), kit.Tall(cancel)), kit.Tall(f.archiveBtn))))
	return f
}

func (f *practiceForm) Title() string {
	return map[bool]string{true: "New practice", false: "Edit practice"}[f.isNew]
}
func (f *practiceForm) Content() fyne.CanvasObject { return f.content }
func (f *practiceForm) Refresh()                   {} // nothing typed is ever replaced

// Unsaved: Back asks before throwing typed changes away.
func (f *practiceForm) Unsaved() bool {
	return strings.TrimSpace(f.name.Text) != f.before.Name ||
		strings.Join(domain.SplitNames(f.others.Text), "\n") != strings.Join(f.before.OtherNames, "\n")
}

func (f *practiceForm) onSave() {
	after := f.before
	after.Name = strings.TrimSpace(f.name.Text)
	after.OtherNames = domain.SplitNames(f.others.Text)
	problems := domain.CheckPractice(f.sh.View().Practices(), after)
	switch shell.SaveForm(f.sh, f.problem, f.content, problems, domain.Edit(domain.KindPractice, f.id, f.isNew, f.before, after)) {
	case shell.FormKept:
		return
	case shell.FormUnchanged:
		f.sh.Pop()
		return
	}
	msg := "Saved " + after.Name + "."
	if f.isNew {
		msg = "Added " + after.Name + ". It is offered when picking a practice now."
	}
	f.onDone(msg)
	f.sh.Pop()
}

func (f *practiceForm) onArchive() {
	_, f.archiveYes = shell.AskArchive(f.sh, domain.KindPractice, f.id, f.before.Name,
		fmt.Sprintf("%s will no longer be offered when picking a practice. Records that name it keep its name, and you can restore it from the list.", f.before.Name),
		func() {
			f.onDone("Archived " + f.before.Name + ".")
			f.sh.Pop()
		})
}
