package app

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/access"
	"github.com/gather-sp/gather/app/kit"
	"github.com/gather-sp/gather/domain"
)

// peopleScreen finds a person by name, for the reception desk.
type peopleScreen struct {
	u       *UI
	content fyne.CanvasObject
	search  *widget.Entry
	list    *widget.List
	hint    *widget.Label
	results []domain.Person
	// importBtn opens Import people, for those who may import.
	importBtn *widget.Button
	// mergeBtn opens Merge two records, for those who may merge.
	mergeBtn *widget.Button
}

func newPeopleScreen(u *UI) *peopleScreen {
	s := &peopleScreen{u: u}
	s.buildUI()
	return s
}

func (s *peopleScreen) Title() string              { return "Find a person" }
func (s *peopleScreen) Content() fyne.CanvasObject { return s.content }
func (s *peopleScreen) FocusSearch()               { s.u.win.Canvas().Focus(s.search) }

// FocusOnShow: the search is what this screen is for, so typing starts
// there (the register does not: on a tablet it would raise the keyboard).
func (s *peopleScreen) FocusOnShow() { s.FocusSearch() }

// tellApart is what tells two people of one name apart, as far as role may
// see it: the year they were born, the end of their phone number, their
// practice ("born 1950 · phone …0123 · Riverside Surgery").
func tellApart(role string, p domain.Person) []string {
	var out []string
	if len(p.DateOfBirth) >= 4 && access.CanSeeField(role, domain.KindPerson, "date_of_birth") {
		out = append(out, "born "+p.DateOfBirth[:4])
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

func (s *peopleScreen) buildUI() {
	s.search = widget.NewEntry()
	s.search.SetPlaceHolder("Type a name: given, family or known-as (Ctrl+F)")
	s.search.ActionItem = widget.NewIcon(theme.SearchIcon())
	s.search.OnChanged = func(string) { s.Refresh() }
	s.search.OnSubmitted = func(string) {
		if len(s.results) > 0 {
			s.u.Push(newPersonScreen(s.u, s.results[0].ID))
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
			d = append(d, tellApart(s.u.staff.Role, p)...)
			if p.AccessNeeds != "" {
				d = append(d, "♿ "+p.AccessNeeds)
			}
			box.Objects[1].(*widget.Label).SetText(strings.Join(d, " · "))
		})
	s.list.OnSelected = func(id widget.ListItemID) {
		s.list.UnselectAll()
		if id < len(s.results) {
			s.u.Push(newPersonScreen(s.u, s.results[id].ID))
		}
	}
	var actions []fyne.CanvasObject
	if access.CanDo(s.u.staff.Role, access.ActionMergePeople) {
		s.mergeBtn = widget.NewButtonWithIcon("Merge two records…", theme.ContentCopyIcon(), func() { s.u.Push(newMergeScreen(s.u, "")) })
		actions = append(actions, kit.Tall(s.mergeBtn))
	}
	if access.CanDo(s.u.staff.Role, access.ActionImportPeople) {
		s.importBtn = widget.NewButtonWithIcon("Import from a spreadsheet…", theme.UploadIcon(), func() { s.u.Push(newImportPeopleScreen(s.u)) })
		actions = append(actions, kit.Tall(s.importBtn))
	}
	top := container.NewVBox(container.NewBorder(nil, nil, nil, container.NewHBox(actions...), kit.Tall(s.search)), s.hint)
	s.content = container.NewBorder(container.NewPadded(top), nil, nil, nil, s.list)
}

// Refresh runs the search again.
func (s *peopleScreen) Refresh() {
	q := strings.TrimSpace(s.search.Text)
	if q == "" {
		s.results = nil
		s.hint.SetText("Start typing a name. Searching ignores capitals and accents.")
	} else {
		s.results = s.u.View().SearchPeople(q, 50)
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
