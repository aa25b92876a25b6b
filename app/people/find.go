package people

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/access"
	"github.com/gather-sp/gather/app/kit"
	"github.com/gather-sp/gather/app/shell"
	"github.com/gather-sp/gather/domain"
)

// Finder is Find a person: it finds a person by name, for the reception
// desk.
type Finder struct {
	sh shell.Shell
	// printFolder is where Import's open dialog starts without a home
	// folder (the shell's printout folder).
	printFolder func() string
	content     fyne.CanvasObject
	search      *widget.Entry
	list        *widget.List
	hint        *widget.Label
	results     []domain.Person
	// importBtn opens Import people, for those who may import.
	importBtn *widget.Button
	// mergeBtn opens Merge two records, for those who may merge.
	mergeBtn *widget.Button
}

// NewFinder makes Find a person; printFolder is the shell's printout
// folder (see NewImport).
func NewFinder(sh shell.Shell, printFolder func() string) *Finder {
	s := &Finder{sh: sh, printFolder: printFolder}
	s.buildUI()
	return s
}

func (s *Finder) Title() string              { return "Find a person" }
func (s *Finder) Content() fyne.CanvasObject { return s.content }

// FocusSearch puts the cursor in the search (Ctrl+F).
func (s *Finder) FocusSearch() { s.sh.Window().Canvas().Focus(s.search) }

// FocusOnShow: the search is what this screen is for, so typing starts
// there (the register does not: on a tablet it would raise the keyboard).
func (s *Finder) FocusOnShow() { s.FocusSearch() }

// Search types q in the search, as a person would.
func (s *Finder) Search(q string) { s.search.SetText(q) }

// Results are the people the search found, in the order shown.
func (s *Finder) Results() []domain.Person { return s.results }

// tellApart is what tells two people of one name apart, as far as role may
// see it: their date of birth, the end of their phone number, their
// practice ("born 02/04/1950 · phone …0123 · Riverside Surgery"). The
// whole date, as the card shows it (domain.BirthDay), not the year: it
// is what reception asks someone to confirm who they are, and two of one
// name may be born in one year.
func tellApart(role string, p domain.Person) []string {
	var out []string
	if p.DateOfBirth != "" && access.CanSeeField(role, domain.KindPerson, "date_of_birth") {
		out = append(out, "born "+domain.BirthDay(p.DateOfBirth))
	}
	if digits := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, p.Phone); len(digits) >= 4 && access.CanSeeField(role, domain.KindPerson, "phone") {
		out = append(out, "phone …"+digits[len(digits)-4:])
	}
	if p.Practice != "" && access.CanSeeField(role, domain.KindPerson, "practice") {
		out = append(out, p.Practice)
	}
	return out
}

func (s *Finder) buildUI() {
	s.search = widget.NewEntry()
	s.search.SetPlaceHolder("Type a name: given, family or known-as (Ctrl+F)")
	s.search.ActionItem = widget.NewIcon(theme.SearchIcon())
	s.search.OnChanged = func(string) { s.Refresh() }
	s.search.OnSubmitted = func(string) {
		if len(s.results) > 0 {
			s.sh.Push(NewCard(s.sh, s.results[0].ID))
		}
	}
	s.hint = kit.RowDetail("")
	s.list = widget.NewList(func() int { return len(s.results) },
		func() fyne.CanvasObject {
			name := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
			detail := kit.RowDetail("")
			return kit.Sized(container.NewBorder(nil, nil, widget.NewIcon(theme.AccountIcon()), widget.NewIcon(theme.NavigateNextIcon()),
				container.New(kit.TightLayout{}, name, detail)), 0, 60)
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			p := s.results[id]
			box := o.(*fyne.Container).Objects[0].(*fyne.Container).Objects[0].(*fyne.Container)
			box.Objects[0].(*widget.Label).SetText(p.DisplayName())
			var d []string
			d = append(d, tellApart(s.sh.Staff().Role, p)...)
			if p.AccessNeeds != "" {
				d = append(d, "♿ "+p.AccessNeeds)
			}
			box.Objects[1].(*widget.Label).SetText(strings.Join(d, " · "))
		})
	s.list.OnSelected = func(id widget.ListItemID) {
		s.list.UnselectAll()
		if id < len(s.results) {
			s.sh.Push(NewCard(s.sh, s.results[id].ID))
		}
	}
	var actions []fyne.CanvasObject
	if access.CanDo(s.sh.Staff().Role, access.ActionMergePeople) {
		s.mergeBtn = widget.NewButtonWithIcon("Merge two records…", theme.ContentCopyIcon(), func() { s.sh.Push(NewMerge(s.sh, "")) })
		actions = append(actions, kit.Tall(s.mergeBtn))
	}
	if access.CanDo(s.sh.Staff().Role, access.ActionImportPeople) {
		s.importBtn = widget.NewButtonWithIcon("Import from a spreadsheet…", theme.UploadIcon(), func() { s.sh.Push(NewImport(s.sh, s.printFolder)) })
		actions = append(actions, kit.Tall(s.importBtn))
	}
	// Merge and Import go under the search when they do not fit beside
	// it with room to type a name (a portrait tablet, Large text).
	search := fyne.CanvasObject(kit.Tall(s.search))
	if len(actions) > 0 {
		search = kit.ButtonsBeside(search, actions...)
	}
	top := container.NewVBox(search, s.hint)
	s.content = container.NewBorder(container.NewPadded(top), nil, nil, nil, s.list)
}

// Refresh runs the search again.
func (s *Finder) Refresh() {
	q := strings.TrimSpace(s.search.Text)
	if q == "" {
		s.results = nil
		s.hint.SetText("Start typing a name. Searching ignores capitals and accents.")
	} else {
		s.results = s.sh.View().SearchPeople(q, 50)
		switch n := len(s.results); {
		case n == 0:
			s.hint.SetText(fmt.Sprintf("Nobody called \"%s\" on this device.", q))
		case n == 50:
			s.hint.SetText("The first 50 matches; type more of the name to narrow it down.")
		default:
			s.hint.SetText(fmt.Sprintf("%d found", n))
		}
	}
	s.list.Refresh()
}
