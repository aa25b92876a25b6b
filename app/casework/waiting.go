package casework

import (
	"fmt"
	"sort"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/access"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/storage"
)

// ordinal is "1st", "2nd", "3rd", "4th", "11th", "22nd".
func ordinal(n int) string {
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return fmt.Sprintf("%d%s", n, suffix)
}

// placeFree is an activity with a place free and someone waiting for it.
type placeFree struct {
	activity domain.Activity
	free     int
	taken    int
	list     []domain.Match // the waiting list, next first
}

// placesFree lists the activities with a place free and people waiting,
// by name: where the link worker offers the place to the next in line.
func placesFree(v *storage.View) []placeFree {
	var out []placeFree
	for _, r := range v.All(domain.KindActivity) {
		var a domain.Activity
		r.Decode(&a)
		if a.Deleted || a.Capacity <= 0 {
			continue
		}
		list := domain.WaitingList(decodeAll(v.By(domain.KindMatch, "activity_id", a.ID), func(x *domain.Match) bool { return x.Deleted }), a.ID)
		if len(list) == 0 {
			continue
		}
		taken := domain.PlacesTaken(decodeAll(v.By(domain.KindEnrolment, "activity_id", a.ID), func(e *domain.Enrolment) bool { return e.Deleted }))
		if free := domain.FreePlaces(a, taken); free > 0 {
			out = append(out, placeFree{activity: a, free: free, taken: taken, list: list})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].activity.Name < out[j].activity.Name })
	return out
}

// refreshWaiting shows, on the link worker's home, the places free for
// people on waiting lists: the next in line, how long they have waited,
// and a button that gives them the place.
func (h *Home) refreshWaiting(v *storage.View, today string) {
	h.give = map[string]*widget.Button{}
	h.waiting.Objects = nil
	free := placesFree(v)
	if len(free) == 0 {
		h.waiting.Hide()
		return
	}
	h.waiting.Add(widget.NewSeparator())
	h.waiting.Add(heading("Places free for people waiting"))
	for _, f := range free {
		next := f.list[0]
		name := personName(v, next.PersonID)
		since := "since today"
		if days := domain.DaysWaited(next, today); days > 0 {
			since = fmt.Sprintf("since %s (%s)", niceDate(next.Waiting), plural(days, "day", "days"))
		}
		lines := container.NewVBox(
			bold(fmt.Sprintf("%s · %s free, %d waiting", f.activity.Name, plural(f.free, "place", "places"), len(f.list))),
			wrapped(fmt.Sprintf("Next in line: %s, waiting %s.", name, since)))
		var right fyne.CanvasObject = widget.NewLabel("")
		if h.ctx.can(access.ActionMatchActivity) {
			m, a, taken := next, f.activity, f.taken
			b := bigButton("Give them the place", theme.ConfirmIcon(), widget.HighImportance, func() { h.onGivePlace(m, a, taken) })
			h.give[a.ID] = b
			right = container.NewCenter(sized(b, 220, minTouch))
		}
		h.waiting.Add(container.NewBorder(nil, nil, nil, right, lines))
	}
	h.waiting.Show()
}

// onGivePlace enrols the next in line: they are on the register from today,
// and their match records the day the wait ended.
func (h *Home) onGivePlace(m domain.Match, a domain.Activity, taken int) {
	after, en, err := domain.GivePlace(m, a, taken, h.ctx.today())
	if err != nil {
		h.notice.SetText("Not saved: " + err.Error() + ".")
		h.notice.Show()
		return
	}
	v := h.store.View()
	changes := domain.Changed(domain.KindMatch, m.ID, m, after)
	if r, ok := v.Get(domain.KindEnrolment, en.ID); ok {
		var before domain.Enrolment
		r.Decode(&before)
		changes = append(changes, domain.Changed(domain.KindEnrolment, en.ID, before, en)...)
	} else {
		changes = append(changes, domain.Create(domain.KindEnrolment, en.ID, en))
	}
	if err := save(h.store, h.ctx, changes...); err != nil {
		h.notice.SetText(saveFailed(err).Error())
		h.notice.Show()
		return
	}
	h.refresh()
	notify(h.notice, fmt.Sprintf("Saved: %s has a place on %s from today, and is on its register. Let them know.", personName(v, m.PersonID), a.Name))
}

// waitingLine is a match's waiting-list line on the person's case: "On the
// waiting list since Wed 18 Mar 2026: 2nd in line", "Given a place from the
// waiting list on ..."; "" for a match that never waited.
func waitingLine(v *storage.View, m domain.Match, today string) string {
	switch {
	case m.Waiting == "":
		return ""
	case domain.OnWaitingList(m):
		list := domain.WaitingList(decodeAll(v.By(domain.KindMatch, "activity_id", m.ActivityID), func(x *domain.Match) bool { return x.Deleted }), m.ActivityID)
		line := "On the waiting list since " + niceDate(m.Waiting)
		if n := domain.PlaceInLine(list, m.PersonID); n > 0 {
			line += ": " + ordinal(n) + " in line"
		}
		return line
	case m.PlaceGiven != "":
		waited := "the day they joined it"
		if d := domain.DaysWaited(m, today); d > 0 {
			waited = "after " + plural(d, "day", "days")
		}
		return fmt.Sprintf("Given a place from the waiting list on %s, %s", niceDate(m.PlaceGiven), waited)
	}
	return "Was on the waiting list from " + niceDate(m.Waiting)
}
