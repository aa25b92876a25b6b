package app

import (
	"encoding/json"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/access"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

// Managing venues and activities: the forms a coordinator or link worker
// (access.ActionManageActivities) uses to add and change the places and
// activities everyone else works from. The Activities screen opens them.
//
// Everything is an ordinary record change saved with u.save, so it works on
// a device used on its own and syncs like any other record when connected:
// an activity carries its venue_id, so venue tablets receive the
// activities (and the venue) of their venues. Edits write only the fields
// the person changed, measured against the record as the form showed it,
// so a change made meanwhile on another device to a field they did not
// touch is kept. Nothing is deleted: archiving sets "deleted", which takes
// an activity off Today, the registers to come and matching while its
// sessions and attendance stay.

// canManageActivities reports whether the person using the app may add and
// change venues and activities.
func (u *UI) canManageActivities() bool {
	return access.CanDo(u.staff.Role, access.ActionManageActivities)
}

// metaSyncScope is where the sync client keeps the device's scope as JSON
// (client.MetaScope): {"organisation":true} or {"venues":[...]}.
const metaSyncScope = "sync.scope"

// venueDevice reports whether this device is enrolled with a server for
// some venues only. The server takes only those venues' records from it,
// so it cannot add venues.
func (u *UI) venueDevice() bool {
	var scope struct {
		Organisation bool     `json:"organisation"`
		Venues       []string `json:"venues"`
	}
	b, _ := u.opts.Store.Meta(metaSyncScope)
	if len(b) == 0 || json.Unmarshal(b, &scope) != nil {
		return false
	}
	return !scope.Organisation && len(scope.Venues) > 0
}

const venueDeviceNote = "This device is enrolled for its own venues, so new venues are added on an organisation device and reach it when it syncs."

// archived returns the archived (deleted, not erased) records of kind that
// this device holds and that something points at: sessions, enrolments and
// next steps for activities; activities and sessions for venues; and the
// audit trail, which names everything changed here. It reads every session
// and audit entry, so screens call it only when asked to show them.
func (u *UI) archived(kind record.Kind) map[string]domain.Values {
	er := u.opts.Store
	v := u.view()
	seen := map[string]bool{}
	var cand []string
	add := func(id string) {
		if id == "" || seen[id] {
			return
		}
		seen[id] = true
		if _, live := v.Get(kind, id); !live {
			cand = append(cand, id)
		}
	}
	switch kind {
	case domain.KindActivity:
		for _, k := range []record.Kind{domain.KindSession, domain.KindEnrolment} {
			for _, r := range v.All(k) {
				add(r.Get("activity_id"))
			}
		}
		for _, a := range activities(v) {
			for _, id := range a.NextSteps {
				add(id)
			}
		}
	case domain.KindVenue:
		for _, k := range []record.Kind{domain.KindActivity, domain.KindSession} {
			for _, r := range v.All(k) {
				add(r.Get("venue_id"))
			}
		}
	}
	for _, r := range v.All(domain.KindAudit) {
		if r.Get("entity_kind") == string(kind) {
			add(r.Get("entity_id"))
		}
	}
	out := map[string]domain.Values{}
	for _, id := range cand {
		e, err := er.Entity(kind, id)
		if err != nil || e == nil || !e.Deleted() || e.Erased() {
			continue
		}
		out[id] = domain.Values(e.Values())
	}
	return out
}

func countWord(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
	}
	return out
}

func orNothing(s, instead string) string {
	if strings.TrimSpace(s) == "" {
		return instead
	}
	return s
}

// entriesChanged reports whether any entry's text differs from what the
// form showed when it opened.
func entriesChanged(orig map[*widget.Entry]string) bool {
	for e, was := range orig {
		if strings.TrimSpace(e.Text) != strings.TrimSpace(was) {
			return true
		}
	}
	return false
}

// unsaved: something was typed and not saved (Back and the navigation ask
// before throwing it away).
func (f *activityForm) unsaved() bool { return entriesChanged(f.orig) }

func (f *venueForm) unsaved() bool { return entriesChanged(f.orig) }

// formSaved says what Save did on a form.
type formSaved int

const (
	formKept      formSaved = iota // problems, or the store refused: the form stays, with everything typed
	formUnchanged                  // nothing differed: nothing was written
	formWritten                    // the changed fields were saved, with their audit entries
)

// saveForm is Save on every form: it shows the problems in plain words
// (and writes nothing), or writes the fields as one action.
func (u *UI) saveForm(problem *widget.Label, content fyne.CanvasObject, problems []string, kind record.Kind, id string, fields map[string]string) formSaved {
	showProblems(problem, problems)
	switch {
	case len(problems) > 0:
		showProblemsAt(content)
		return formKept
	case len(fields) == 0:
		return formUnchanged
	case u.save(record.Change{Kind: kind, ID: id, Fields: fields}) != nil:
		return formKept // the error is on screen
	}
	return formWritten
}

// fieldsToWrite is what a form saves: for a new record every field that
// has a value, for an edit only the fields that differ from what the form
// showed (so a change another device made meanwhile to another field
// survives).
func fieldsToWrite(isNew bool, before, after any) map[string]string {
	if !isNew {
		return domain.Diff(before, after)
	}
	fields := map[string]string{}
	for k, v := range domain.Encode(after) {
		if v != "" {
			fields[k] = v
		}
	}
	return fields
}

// askArchive asks before archiving a venue, an activity or a practice
// called name (what archiving means for it in what), and on "Archive"
// hides the question, saves domain.Archive and calls done. It returns the
// question and its "Archive" button (tests tap it).
func (u *UI) askArchive(kind record.Kind, id, name, what string, done func()) (*dialog.CustomDialog, *widget.Button) {
	var d *dialog.CustomDialog
	yes := bigButton("Archive", theme.DeleteIcon(), widget.DangerImportance, func() {
		d.Hide()
		if u.save(domain.Archive(kind, id)) == nil {
			done()
		}
	})
	d = newDialog(u, "Archive "+name+"?", wrapped(what), "Keep it", []fyne.CanvasObject{yes})
	d.Resize(u.dialogSize(540, 300))
	d.Show()
	return d, yes
}
