package app

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/access"
	"github.com/gather-sp/gather/app/kit"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/storage"
)

// refusedChanges lists the changes the server refused, oldest first; none
// when the syncer does not say (RefusedLister).
func (u *UI) refusedChanges() []RefusedChange {
	if l, ok := u.opts.Syncer.(RefusedLister); ok {
		return l.Refused()
	}
	return nil
}

// refusedSummary is the Settings line about refused changes: the footer
// says they stay on this device only, and this is where to see them.
func refusedSummary(n int) string {
	if n == 1 {
		return "The server refused 1 change made on this device. It stays on this device only."
	}
	return fmt.Sprintf("The server refused %d changes made on this device. They stay on this device only.", n)
}

// showRefused shows the refused changes, newest first: when, who, what
// and why. A value the signed-in role may not see is not shown.
func (u *UI) showRefused() {
	list := u.refusedChanges()
	v := u.View()
	rows := container.NewVBox()
	for i := len(list) - 1; i >= 0; i-- {
		r := list[i]
		value := r.Value
		switch {
		case !access.CanSeeField(u.staff.Role, r.Kind, r.Field):
			value = "(not shown to your role)"
		case value == "":
			value = "(cleared)"
		}
		rows.Add(kit.RowTitle(r.At.Local().Format("Mon 2 Jan 2006, 15:04") + " · " + staffName(v, r.Staff)))
		rows.Add(kit.Wrapped(describeRefused(v, r) + ": " + strings.ReplaceAll(r.Field, "_", " ") + " " + value))
		why := kit.Wrapped("Why: " + r.Reason)
		why.Importance = widget.LowImportance
		rows.Add(why)
	}
	if len(list) == 0 {
		rows.Add(kit.Wrapped("The server has refused nothing made on this device."))
	}
	intro := kit.Wrapped("These changes were made on this device, and the server will not take them from it: " +
		"they stay here. An administrator can make them on a device that may (an organisation device, or one enrolled for the venue).")
	body := container.NewBorder(kit.DialogText(u.win, intro), nil, nil, nil, container.NewVScroll(kit.DialogText(u.win, rows)))
	d := kit.NewDialog(u.win, "Changes the server refused", body, "Close", nil)
	d.Resize(kit.DialogSize(u.win, 620, 560))
	d.Show()
}

// describeRefused names the record a refused change is about, as a person
// knows it.
func describeRefused(v *storage.View, r RefusedChange) string {
	switch r.Kind {
	case domain.KindPerson:
		if p, ok := v.Person(r.ID); ok && p.DisplayName() != "" {
			return p.DisplayName()
		}
		return "a person"
	case domain.KindAttendance:
		session, person, ok := domain.ParseAttendanceID(r.ID)
		if !ok {
			return "an attendance mark"
		}
		who := "someone"
		if p, ok := v.Person(person); ok && p.DisplayName() != "" {
			who = p.DisplayName()
		}
		return fmt.Sprintf("%s's mark at %s", who, sessionName(v, session))
	case domain.KindSession:
		return sessionName(v, r.ID)
	}
	return fmt.Sprintf("%s %s", r.Kind, r.ID)
}

// sessionName is "Garden club on 2026-11-21" for a session id.
func sessionName(v *storage.View, id string) string {
	activity, date, ok := domain.ParseSessionID(id)
	if !ok {
		return "session " + id
	}
	if row, ok := v.Get(domain.KindActivity, activity); ok && row.Get("name") != "" {
		activity = row.Get("name")
	}
	return activity + " on " + date
}

// staffName is a staff member's name, or their id when this device does
// not know them.
func staffName(v *storage.View, id string) string {
	if row, ok := v.Get(domain.KindStaff, id); ok && row.Get("name") != "" {
		return row.Get("name")
	}
	return id
}
