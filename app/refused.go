package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/access"
	"github.com/gather-sp/gather/app/kit"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
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

// refusedDialog is the list of refused changes on show, with its undo
// buttons (tests tap them) and the question they ask, while it is asked.
type refusedDialog struct {
	d       *dialog.CustomDialog
	undo    []*widget.Button // one a change, newest first, as listed
	undoAll *widget.Button   // nil with fewer than two changes
	confirm *confirmUndo
}

// confirmUndo is "Undo … on this device?" while it is asked.
type confirmUndo struct {
	d   *dialog.CustomDialog
	yes *widget.Button
}

// refusedUndoer is the syncer when it can undo refused changes and the
// signed-in role may.
func (u *UI) refusedUndoer() (RefusedUndoer, bool) {
	un, ok := u.opts.Syncer.(RefusedUndoer)
	return un, ok && access.CanDo(u.staff.Role, access.ActionUndoRefused)
}

// showRefused shows the refused changes, newest first: when, who, what
// and why, each with a way to undo it on this device, and all of them at
// once. A value the signed-in role may not see is not shown.
func (u *UI) showRefused() {
	list := u.refusedChanges()
	v := u.View()
	un, canUndo := u.refusedUndoer()
	rd := &refusedDialog{}
	rows := container.NewVBox()
	for i := len(list) - 1; i >= 0; i-- {
		r := list[i]
		rows.Add(kit.RowTitle(r.At.Local().Format("Mon 2 Jan 2006, 15:04") + " · " + staffName(v, r.Staff)))
		rows.Add(kit.Wrapped(describeRefused(v, r) + ": " + fieldWords(r.Field) + " " + u.refusedValue(r)))
		why := kit.Wrapped("Why: " + r.Reason)
		why.Importance = widget.LowImportance
		rows.Add(why)
		if canUndo && r.Key != "" {
			b := widget.NewButtonWithIcon("Undo on this device", theme.ContentUndoIcon(), func() { u.confirmUndoRefused(un, rd, []RefusedChange{r}) })
			rd.undo = append(rd.undo, b)
			rows.Add(container.NewHBox(kit.Tall(b)))
		}
	}
	if len(list) == 0 {
		rows.Add(kit.Wrapped("The server has refused nothing made on this device."))
	}
	words := "These changes were made on this device, and the server will not take them from it: " +
		"they stay here. An administrator can make them on a device that may: " + kit.OnTheOfficeComputer + ", or on a tablet enrolled for the venue."
	if canUndo && len(list) > 0 {
		words += " Undo on this device puts this device back to what the server holds."
	}
	intro := kit.Wrapped(words)
	body := container.NewBorder(kit.DialogText(u.win, intro), nil, nil, nil, container.NewVScroll(kit.DialogText(u.win, rows)))
	var buttons []fyne.CanvasObject
	if canUndo && len(list) > 1 {
		rd.undoAll = widget.NewButtonWithIcon("Undo all on this device", theme.ContentUndoIcon(), func() { u.confirmUndoRefused(un, rd, list) })
		buttons = append(buttons, rd.undoAll)
	}
	rd.d = kit.NewDialog(u.win, "Changes the server refused", body, "Close", buttons)
	rd.d.SetOnClosed(func() {
		if u.refusedShown == rd {
			u.refusedShown = nil
		}
	})
	rd.d.Resize(kit.DialogSize(u.win, 620, 560))
	u.refusedShown = rd
	rd.d.Show()
}

// refusedValue is a refused change's value as the signed-in role may see it.
func (u *UI) refusedValue(r RefusedChange) string {
	switch {
	case !access.CanSeeField(u.staff.Role, r.Kind, r.Field):
		return "(not shown to your role)"
	case r.Value == "":
		return "(cleared)"
	}
	return r.Value
}

// fieldWords is a field's name as a person reads it: "access needs".
func fieldWords(field string) string { return strings.ReplaceAll(field, "_", " ") }

// confirmUndoRefused asks before undoing refused changes on this device,
// saying what changes: the value typed here goes, the server's comes back
// with the next sync, and nothing changes on the server.
func (u *UI) confirmUndoRefused(un RefusedUndoer, rd *refusedDialog, list []RefusedChange) {
	var title, what string
	if len(list) == 1 {
		r := list[0]
		title = "Undo this change on this device?"
		typed := "The value typed on this device is removed from it."
		if access.CanSeeField(u.staff.Role, r.Kind, r.Field) {
			typed = fmt.Sprintf("The value typed on this device (%s) is removed from it.", u.refusedValue(r))
		}
		what = fmt.Sprintf("This device goes back to what the server holds for the %s of %s. %s", fieldWords(r.Field), describeRefused(u.View(), r), typed)
	} else {
		title = fmt.Sprintf("Undo all %d changes on this device?", len(list))
		what = "This device goes back to what the server holds for each of them. The values typed on this device are removed from it."
	}
	text := what + " The server's value arrives with the next sync; until then the field is empty, and it stays empty " +
		"where this device may not hold it (case details on a venue tablet). The server and other devices are not changed."
	c := &confirmUndo{}
	c.yes = kit.BigButton("Undo on this device", theme.ContentUndoIcon(), widget.DangerImportance, func() {
		c.d.Hide()
		rd.confirm = nil
		u.undoRefused(un, rd, list)
	})
	c.d = kit.NewDialog(u.win, title, kit.DialogText(u.win, kit.Wrapped(text)), "Cancel", []fyne.CanvasObject{c.yes})
	rd.confirm = c
	c.d.Show()
}

// undoRefused undoes the changes off the UI goroutine, then shows the list
// as it is left (or nothing, when it is empty) and Settings anew.
func (u *UI) undoRefused(un RefusedUndoer, rd *refusedDialog, list []RefusedChange) {
	keys := make([]string, len(list))
	for i, r := range list {
		keys[i] = r.Key
	}
	var n int
	var err error
	u.Run(func() {
		ctx, cancel := context.WithTimeout(context.Background(), undoRefusedTimeout)
		defer cancel()
		n, err = un.UndoRefused(ctx, keys...)
	}, func() {
		rd.d.Hide()
		if err != nil {
			u.Refresh()
			u.ShowError("The changes were not undone", err, "Nothing was changed on this device. Try again in a moment.")
			return
		}
		if n > 0 {
			u.Save(u.refusedUndoneEntries(list, n)...) // says so itself if it cannot
		}
		u.Refresh()
		if len(u.refusedChanges()) > 0 {
			u.showRefused()
		}
	})
}

// refusedUndoneEntries are the audit entries of an undo: one a record,
// naming its fields, as a save's entries do; or, when fewer than asked
// were undone (a change left the list meanwhile) and which is not known,
// one saying how many.
func (u *UI) refusedUndoneEntries(list []RefusedChange, n int) []record.Change {
	rec := u.Recorder()
	if n != len(list) {
		return []record.Change{rec.RefusedUndone(u.staff.ID, "", "", n, nil)}
	}
	type target struct {
		kind record.Kind
		id   string
	}
	var order []target
	count := map[target]int{}
	fields := map[target][]string{}
	for _, r := range list {
		t := target{r.Kind, r.ID}
		if count[t] == 0 {
			order = append(order, t)
		}
		count[t]++
		fields[t] = append(fields[t], r.Field)
	}
	out := make([]record.Change, 0, len(order))
	for _, t := range order {
		out = append(out, rec.RefusedUndone(u.staff.ID, t.kind, t.id, count[t], fields[t]))
	}
	return out
}

// undoRefusedTimeout bounds the wait for a sync under way to stop before
// refused changes are undone.
const undoRefusedTimeout = 30 * time.Second

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
	case domain.KindStaff:
		return staffName(v, r.ID)
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
