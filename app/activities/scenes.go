package activities

import (
	"fmt"
	"sort"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"github.com/gather-sp/gather/domain"
)

// ShowScene puts the Activities screen s, on show, into one of the
// screenshot scenes (app/scenes.go) of this package: "activity-form"
// (the first activity by name, to edit), "activity-new",
// "activity-schedule" (a new monthly activity, scrolled to When) and
// "venue-form" (the first venue, to edit). It saves nothing.
func (s *Screen) ShowScene(name string) error {
	switch name {
	case "activity-new":
		s.onAdd()
	case "activity-schedule":
		// A new activity on the first Tuesday of the month, with the
		// Christmas break skipped, scrolled to When.
		f := s.add()
		f.name.SetText("Memory café")
		f.schedule.Choose(domain.ScheduleMonthly)
		f.monthWeek.SetSelected("First")
		f.weekday.SetSelected("Tuesday")
		f.startTime.SetText("14:00")
		f.endTime.SetText("15:30")
		f.skips.SetText("5/1/2027") // as people type dates: day first
		if sc, ok := f.content.(*container.Scroll); ok {
			d := fyne.CurrentApp().Driver()
			sc.Offset.Y = d.AbsolutePositionForObject(f.schedule.Box).Y - d.AbsolutePositionForObject(sc).Y - 60
			sc.Refresh()
		}
	case "venue-form":
		vs := s.venues()
		if all := s.sh.View().Venues(); len(all) > 0 {
			vs.onEdit(all[0].ID)
		}
	case "activity-form":
		acts := s.sh.View().Activities()
		if len(acts) == 0 {
			return fmt.Errorf("no activities to edit")
		}
		sort.Slice(acts, func(i, j int) bool { return acts[i].Name < acts[j].Name })
		s.Edit(acts[0].ID)
	default:
		return fmt.Errorf("no activities scene %q", name)
	}
	return nil
}
