package app

import (
	"sort"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/domain"
)

// activitiesScreen lists the activities at this device's venues with
// everything someone needs to get there.
type activitiesScreen struct {
	u         *UI
	content   fyne.CanvasObject
	list      *fyne.Container
	printBtns map[string]*widget.Button
}

func newActivitiesScreen(u *UI) *activitiesScreen {
	s := &activitiesScreen{u: u}
	s.list = container.NewVBox()
	s.content = container.NewVScroll(container.NewPadded(s.list))
	return s
}

func (s *activitiesScreen) Title() string              { return "Activities" }
func (s *activitiesScreen) Content() fyne.CanvasObject { return s.content }

func (s *activitiesScreen) Refresh() {
	v := s.u.view()
	venues := map[string]domain.Venue{}
	for _, x := range venuesAll(v) {
		venues[x.ID] = x
	}
	mine := s.u.deviceVenues()
	acts := activities(v)
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
		if len(mine) > 0 && !contains(mine, a.VenueID) {
			continue
		}
		ven := venues[a.VenueID]
		if a.VenueID != lastVenue {
			lastVenue = a.VenueID
			s.list.Add(subheading(ven.Name))
		}
		s.list.Add(s.card(a, ven))
	}
	if len(s.list.Objects) == 0 {
		s.list.Add(muted("No activities yet at this device's venues."))
	}
	s.list.Refresh()
}

func (s *activitiesScreen) card(a domain.Activity, ven domain.Venue) fyne.CanvasObject {
	aid := a.ID
	pr := bigButton("Print info sheet", theme.DocumentPrintIcon(), widget.MediumImportance, func() { s.u.printInfoSheet("", aid) })
	s.printBtns[a.ID] = pr
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
	cost := a.Cost
	if a.Level != "" {
		if cost != "" {
			cost += " · "
		}
		cost += "Level: " + a.Level
	}
	cols := container.NewGridWithColumns(2,
		container.NewVBox(field("What it is", a.Description), field("What to bring", a.WhatToBring), field("Cost", cost)),
		container.NewVBox(field("Where", where), field("How to get there", ven.Directions), field("Access", ven.AccessInfo), field("Who to ask for", ask)))
	return panel(container.NewVBox(container.NewBorder(nil, nil, nil, tall(pr), container.NewVBox(title, when)), cols))
}
