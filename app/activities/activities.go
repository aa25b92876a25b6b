package activities

import (
	"slices"
	"sort"
	"strings"

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
// everything someone needs to get there; on a device serving every venue,
// a facilitator or volunteer sees first those where they work, as on
// Today (shell.TodayVenues), and all of them with one tap. Staff who manage activities
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
	shown        []domain.Activity         // listed, in order

	// A facilitator on a device serving every venue sees first the
	// activities where they work, as Today does (shell.TodayVenues), and
	// with showAll every one: an activity is no secret, its register is.
	whereBar *fyne.Container
	whereMsg *widget.Label
	allBtn   *widget.Button // Show all activities, or only where you work
	showAll  bool
	showFor  string // whom showAll was chosen by: the next person starts with theirs
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
	s.whereMsg = kit.Wrapped("")
	s.allBtn = kit.BigButton("Show all activities", theme.ListIcon(), widget.MediumImportance, func() {
		s.showAll = !s.showAll
		s.Refresh()
	})
	s.whereBar = kit.ButtonsBeside(s.whereMsg, kit.Tall(s.allBtn))
	s.content = container.NewVScroll(container.NewPadded(container.NewVBox(s.manageBar, s.whereBar, s.list,
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
	mine, leavesOut := shell.TodayVenues(s.sh), shell.TodayLeavesOutOtherVenues(s.sh)
	if who := s.sh.Staff().ID; who != s.showFor {
		s.showAll, s.showFor = false, who
	}
	at := func(venue string) bool { return len(mine) == 0 || slices.Contains(mine, venue) }
	listed := at
	if leavesOut && s.showAll {
		listed = func(string) bool { return true }
	}
	acts := v.Activities()
	sort.SliceStable(acts, func(i, j int) bool {
		if hi, hj := at(acts[i].VenueID), at(acts[j].VenueID); hi != hj {
			return hi // where they work first
		}
		vi, vj := venues[acts[i].VenueID].Name, venues[acts[j].VenueID].Name
		if vi != vj {
			return vi < vj
		}
		return acts[i].Name < acts[j].Name
	})
	s.list.Objects = nil
	s.printBtns = map[string]*widget.Button{}
	lastVenue := "\x00"
	s.shown = nil
	elsewhere := 0
	for _, a := range acts {
		if !at(a.VenueID) {
			elsewhere++
		}
		if !listed(a.VenueID) {
			continue
		}
		s.shown = append(s.shown, a)
		ven := venues[a.VenueID]
		if a.VenueID != lastVenue {
			lastVenue = a.VenueID
			s.list.Add(kit.RowTitle(ven.Name))
		}
		s.list.Add(s.card(a, ven))
	}
	s.showWhere(leavesOut && elsewhere > 0, mine, venues)
	if len(s.list.Objects) == 0 {
		switch {
		case leavesOut:
			s.list.Add(kit.Wrapped("No activities at the venues where you work."))
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
		s.addArchived(v, venues, listed)
	} else {
		s.archivedBtn.SetText("Show archived activities")
	}
	s.list.Refresh()
}

// showWhere says, above the list, that it holds the activities at the
// venues where the person signed in works (mine), with the switch to see
// every one, when some are elsewhere (offer); or says nothing.
func (s *Screen) showWhere(offer bool, mine []string, venues map[string]domain.Venue) {
	if !offer {
		s.whereBar.Hide()
		return
	}
	var names []string
	for _, id := range mine {
		if x, ok := venues[id]; ok {
			names = append(names, x.Name)
		}
	}
	sort.Strings(names)
	if s.showAll {
		s.whereMsg.SetText("Showing every activity, those at the venues where you work first.")
		s.allBtn.SetText("Show only where you work")
	} else {
		s.whereMsg.SetText("Showing the activities at the venues where you work: " + strings.Join(names, ", ") + ".")
		s.allBtn.SetText("Show all activities")
	}
	s.whereBar.Show()
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
func (s *Screen) addArchived(v *storage.View, venues map[string]domain.Venue, listed func(venue string) bool) {
	var archived []domain.Activity
	for id, vals := range shell.Archived(s.sh, domain.KindActivity) {
		var a domain.Activity
		domain.Decode(id, vals, &a)
		if listed(a.VenueID) {
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
