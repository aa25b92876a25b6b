package activities

import (
	"slices"
	"sort"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/kit"
	"github.com/gather-sp/gather/app/shell"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/storage"
)

// Screen lists the activities at this device's venues with
// everything someone needs to get there. Staff who manage activities
// (access.ActionManageActivities) also add and edit activities and venues
// from here (manage.go), and restore archived activities.
type Screen struct {
	sh        shell.Shell
	content   fyne.CanvasObject
	list      *fyne.Container
	printBtns map[string]*widget.Button

	manageBar    *fyne.Container // Add activity, Venues: for those who manage
	addBtn       *widget.Button
	venuesBtn    *widget.Button
	notice       *widget.Label             // what the last save did
	editBtns     map[string]*widget.Button // by activity id
	archivedBtn  *widget.Button            // show or hide archived activities
	showArchived bool
	restoreBtns  map[string]*widget.Button // archived activities, by id
}

// New makes the Activities screen, for the navigation bar.
func New(sh shell.Shell) *Screen {
	s := &Screen{sh: sh}
	s.list = container.NewVBox()
	s.addBtn = kit.BigButton("Add activity", theme.ContentAddIcon(), widget.HighImportance, s.onAdd)
	s.venuesBtn = kit.BigButton("Venues", theme.HomeIcon(), widget.MediumImportance, s.onVenues)
	s.notice = kit.Wrapped("")
	s.notice.Importance = widget.SuccessImportance
	s.notice.Hide()
	s.manageBar = container.NewVBox(container.NewHBox(kit.Tall(s.addBtn), kit.Tall(s.venuesBtn)), s.notice)
	s.archivedBtn = kit.BigButton("Show archived activities", theme.HistoryIcon(), widget.LowImportance, func() {
		s.showArchived = !s.showArchived
		s.Refresh()
	})
	s.content = container.NewVScroll(container.NewPadded(container.NewVBox(s.manageBar, s.list,
		container.NewHBox(kit.Tall(s.archivedBtn)))))
	return s
}

// say shows what the last change did, above the list.
func (s *Screen) say(msg string) {
	s.notice.SetText(msg)
	s.notice.Show()
}

func (s *Screen) onAdd() { s.add() }

// add opens the form for a new activity, at this device's venue when it
// serves one.
func (s *Screen) add() *activityForm {
	s.notice.Hide()
	venue := ""
	if mine := s.sh.DeviceVenues(); len(mine) == 1 {
		venue = mine[0]
	}
	f := newActivityForm(s.sh, "", venue, s.say)
	s.sh.Push(f)
	return f
}

// Edit opens the form for activity id.
func (s *Screen) Edit(id string) {
	s.notice.Hide()
	s.sh.Push(newActivityForm(s.sh, id, "", s.say))
}

func (s *Screen) onVenues() { s.venues() }

// venues opens the list of venues.
func (s *Screen) venues() *venuesScreen {
	s.notice.Hide()
	vs := newVenuesScreen(s.sh)
	s.sh.Push(vs)
	return vs
}

func (s *Screen) onRestore(id, name string) {
	if s.sh.Save(domain.Restore(domain.KindActivity, id)) == nil {
		s.say("Restored " + name + ". It shows on Today on its days again.")
		s.sh.Repaint(s)
	}
}

func (s *Screen) Title() string              { return "Activities" }
func (s *Screen) Content() fyne.CanvasObject { return s.content }

func (s *Screen) Refresh() {
	manage := canManageActivities(s.sh)
	if manage {
		s.manageBar.Show()
		s.archivedBtn.Show()
	} else {
		s.manageBar.Hide()
		s.archivedBtn.Hide()
	}
	s.editBtns = map[string]*widget.Button{}
	s.restoreBtns = map[string]*widget.Button{}
	v := s.sh.View()
	venues := map[string]domain.Venue{}
	for _, x := range v.Venues() {
		venues[x.ID] = x
	}
	mine := s.sh.DeviceVenues()
	acts := v.Activities()
	sort.SliceStable(acts, func(i, j int) bool {
		vi, vj := venues[acts[i].VenueID].Name, venues[acts[j].VenueID].Name
		if vi != vj {
			return vi < vj
		}
		return acts[i].Name < acts[j].Name
	})
	s.list.Objects = nil
	s.printBtns = map[string]*widget.Button{}
	lastVenue := "\x00"
	for _, a := range acts {
		if len(mine) > 0 && !slices.Contains(mine, a.VenueID) {
			continue
		}
		ven := venues[a.VenueID]
		if a.VenueID != lastVenue {
			lastVenue = a.VenueID
			s.list.Add(kit.RowTitle(ven.Name))
		}
		s.list.Add(s.card(a, ven))
	}
	if len(s.list.Objects) == 0 {
		switch {
		case manage && len(venues) == 0:
			s.list.Add(kit.Wrapped("No activities yet. Add the venues where they happen with Venues, then tap Add activity."))
		case manage:
			s.list.Add(kit.Wrapped("No activities yet at this device's venues. Tap Add activity to add one."))
		default:
			s.list.Add(kit.RowDetail("No activities yet at this device's venues."))
		}
	}
	if manage && s.showArchived {
		s.archivedBtn.SetText("Hide archived activities")
		s.addArchived(v, venues, mine)
	} else {
		s.archivedBtn.SetText("Show archived activities")
	}
	s.list.Refresh()
}

func (s *Screen) card(a domain.Activity, ven domain.Venue) fyne.CanvasObject {
	aid := a.ID
	pr := kit.BigButton(kit.PrintInfoSheet, theme.DocumentPrintIcon(), widget.MediumImportance, func() { s.sh.PrintInfoSheet("", aid, false) })
	large := kit.BigButton(kit.PrintInLargePrint, theme.DocumentPrintIcon(), widget.MediumImportance, func() { s.sh.PrintInfoSheet("", aid, true) })
	s.printBtns[a.ID] = pr
	buttons := []fyne.CanvasObject{kit.Tall(pr), kit.Tall(large)}
	if canManageActivities(s.sh) {
		ed := kit.BigButton("Edit", theme.DocumentCreateIcon(), widget.MediumImportance, func() { s.Edit(aid) })
		s.editBtns[a.ID] = ed
		// Large print too: whoever prints for someone who needs it.
		buttons = []fyne.CanvasObject{kit.Tall(ed), kit.Tall(pr), kit.Tall(large)}
	}
	title := widget.NewLabelWithStyle(a.Name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameSubHeadingText
	when := widget.NewLabel(domain.ScheduleText(a))
	where := ven.Name
	if ven.Address != "" {
		where += ", " + ven.Address
	}
	if ven.Postcode != "" {
		where += " " + ven.Postcode
	}
	ask := a.ContactName
	if ven.Phone != "" {
		if ask != "" {
			ask += " · "
		}
		ask += "Phone " + ven.Phone
	}
	// Where to meet on arrival, or for an online activity how to join:
	// what reception is asked on the phone, and what the sheet prints.
	// An online activity is joined from home, as its info sheet says: the
	// venue only organises it, so the card gives no way to the building.
	place := container.NewVBox(kit.Field("Where", where), kit.Field("Where to meet", a.MeetingPoint),
		kit.Field("How to get there", ven.Directions), kit.Field("Access", ven.AccessInfo))
	if a.Online {
		place = container.NewVBox(kit.Field("Where", "Online, from home; organised by "+kit.OrNothing(ven.Name, "a venue no longer in use")),
			kit.Field("How to join", kit.OrNothing(a.JoinLink, "Not given yet: the info sheet says to call for the link")))
	}
	// Whom to ask for on arrival, with the venue's phone; for an online
	// activity who will welcome them, as its info sheet puts it, and the
	// phone on its own.
	who := kit.Field("Who to ask for", ask)
	if a.Online {
		phone := ""
		if ven.Phone != "" {
			phone = "Phone " + ven.Phone
		}
		who = container.NewVBox(kit.Field("Who will welcome them", a.ContactName), kit.Field("Questions", phone))
	}
	cols := container.NewGridWithColumns(2,
		container.NewVBox(kit.Field("What it is", a.Description), kit.Field("What to bring", a.WhatToBring), kit.Field("Cost", a.Cost),
			// Its own heading: under "Cost" it read as a price.
			kit.Field("Level", domain.CapitalFirst(a.Level))),
		container.NewVBox(place, who))
	// The buttons go under the name when they do not fit beside it (a
	// long name, a portrait tablet at Large text), rather than push the
	// card, and its details, past the window's edge.
	return kit.Panel(container.NewVBox(kit.ButtonsBeside(container.NewVBox(title, when), buttons...), cols))
}

// addArchived lists archived activities at this device's venues, to
// restore.
func (s *Screen) addArchived(v *storage.View, venues map[string]domain.Venue, mine []string) {
	var archived []domain.Activity
	for id, vals := range shell.Archived(s.sh, domain.KindActivity) {
		var a domain.Activity
		domain.Decode(id, vals, &a)
		if len(mine) == 0 || slices.Contains(mine, a.VenueID) {
			archived = append(archived, a)
		}
	}
	sort.Slice(archived, func(i, j int) bool { return archived[i].Name < archived[j].Name })
	s.list.Add(widget.NewSeparator())
	s.list.Add(kit.RowTitle("Archived activities"))
	if len(archived) == 0 {
		s.list.Add(kit.RowDetail("None archived."))
		return
	}
	s.list.Add(kit.Muted("Not on Today or in matching. Their registers and history are kept."))
	for _, a := range archived {
		id, name := a.ID, a.Name
		b := kit.BigButton("Restore", theme.ContentUndoIcon(), widget.MediumImportance, func() { s.onRestore(id, name) })
		s.restoreBtns[id] = b
		where := venues[a.VenueID].Name
		if where == "" {
			where = v.VenueName(a.VenueID)
		}
		s.list.Add(container.NewBorder(nil, nil, nil, kit.Tall(b), kit.Wrapped(a.Name+" · "+kit.OrNothing(where, "a venue no longer in use"))))
	}
}
