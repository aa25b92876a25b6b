package activities

import (
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

// venuesScreen lists the venues, to add and change them.
type venuesScreen struct {
	sh      shell.Shell
	content fyne.CanvasObject

	notice       *widget.Label
	addBtn       *widget.Button
	list         *fyne.Container
	editBtns     map[string]*widget.Button // by venue id
	archivedBtn  *widget.Button            // show or hide archived venues
	showArchived bool
	restoreBtns  map[string]*widget.Button // archived venues, by id
}

func newVenuesScreen(sh shell.Shell) *venuesScreen {
	s := &venuesScreen{sh: sh}
	s.notice = kit.Wrapped("")
	s.notice.Importance = widget.SuccessImportance
	s.notice.Hide()
	s.addBtn = kit.BigButton("Add a venue", theme.ContentAddIcon(), widget.HighImportance, s.onAdd)
	s.list = container.NewVBox()
	s.archivedBtn = kit.BigButton("Show archived venues", theme.HistoryIcon(), widget.LowImportance, func() {
		s.showArchived = !s.showArchived
		s.Refresh()
	})
	intro := kit.FormNote("The places activities happen. Their directions and access details go on the info sheets people take away.")
	if sh.VenueDevice() {
		s.addBtn.Hide()
		intro.SetText(intro.Text + " " + venueDeviceNote)
	}
	s.content = kit.FormColumn(container.NewVBox(
		container.NewBorder(nil, nil, nil, kit.Tall(s.addBtn), kit.Heading("Venues")),
		intro, s.notice, s.list, container.NewHBox(kit.Tall(s.archivedBtn))))
	return s
}

func (s *venuesScreen) Title() string              { return "Venues" }
func (s *venuesScreen) Content() fyne.CanvasObject { return s.content }

func (s *venuesScreen) say(msg string) {
	s.notice.SetText(msg)
	s.notice.Show()
}

func (s *venuesScreen) onAdd() {
	s.sh.Push(newVenueForm(s.sh, "", func(_, msg string) { s.say(msg) }))
}

func (s *venuesScreen) onEdit(id string) {
	s.sh.Push(newVenueForm(s.sh, id, func(_, msg string) { s.say(msg) }))
}

func (s *venuesScreen) onRestore(id, name string) {
	if s.sh.Save(domain.Restore(domain.KindVenue, id)) == nil {
		s.say("Restored " + name + ".")
		s.sh.Repaint(s)
	}
}

func (s *venuesScreen) Refresh() {
	v := s.sh.View()
	s.list.Objects = nil
	s.editBtns = map[string]*widget.Button{}
	s.restoreBtns = map[string]*widget.Button{}
	vs := v.Venues()
	if len(vs) == 0 {
		if s.sh.VenueDevice() {
			s.list.Add(kit.Wrapped("No venues on this device yet. They arrive when it syncs."))
		} else {
			s.list.Add(kit.Wrapped("No venues yet. Add the first place where activities happen."))
		}
	}
	for _, x := range vs {
		id := x.ID
		edit := kit.BigButton("Edit", theme.DocumentCreateIcon(), widget.MediumImportance, func() { s.onEdit(id) })
		s.editBtns[id] = edit
		where := strings.TrimSpace(strings.Join(kit.NonEmpty(x.Address, x.Postcode), " "))
		n := len(activitiesAt(v, id))
		more := "No activities yet"
		if n > 0 {
			more = kit.Count(n, "activity", "activities")
		}
		if x.Phone != "" {
			more += " · Phone " + x.Phone
		}
		info := container.NewVBox(kit.RowTitle(x.Name), kit.Wrapped(kit.OrNothing(where, "No address yet")), kit.RowDetail(more))
		s.list.Add(kit.Panel(container.NewBorder(nil, nil, nil, container.NewCenter(kit.Sized(edit, 150, kit.MinTouch)), info)))
	}
	if !s.showArchived {
		s.archivedBtn.SetText("Show archived venues")
	} else {
		s.archivedBtn.SetText("Hide archived venues")
		var archived []domain.Venue
		for id, vals := range shell.Archived(s.sh, domain.KindVenue) {
			var x domain.Venue
			domain.Decode(id, vals, &x)
			archived = append(archived, x)
		}
		sort.Slice(archived, func(i, j int) bool { return archived[i].Name < archived[j].Name })
		s.list.Add(kit.RowTitle("Archived venues"))
		if len(archived) == 0 {
			s.list.Add(kit.RowDetail("None archived."))
		}
		for _, x := range archived {
			id, name := x.ID, x.Name
			b := kit.BigButton("Restore", theme.ContentUndoIcon(), widget.MediumImportance, func() { s.onRestore(id, name) })
			s.restoreBtns[id] = b
			s.list.Add(container.NewBorder(nil, nil, nil, kit.Tall(b), kit.Wrapped(x.Name)))
		}
	}
	s.list.Refresh()
}
