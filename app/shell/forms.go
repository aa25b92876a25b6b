package shell

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/gather-sp/gather/app/kit"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

// The save and archive paths every form shares.

// FormSaved says what Save did on a form.
type FormSaved int

const (
	FormKept      FormSaved = iota // problems, or the store refused: the form stays, with everything typed
	FormUnchanged                  // nothing differed: nothing was written
	FormWritten                    // the changed fields were saved, with their audit entries
)

// SaveForm is Save on every form: it shows the problems in plain words
// (and writes nothing), or saves the change (domain.Edit), with more that
// goes with it (consent records), as one action.
func SaveForm(sh Shell, problem *widget.Label, content fyne.CanvasObject, problems []string, change record.Change, more ...record.Change) FormSaved {
	kit.ShowProblems(problem, problems)
	changes := more
	if len(change.Fields) > 0 {
		changes = append([]record.Change{change}, more...)
	}
	switch {
	case len(problems) > 0:
		kit.ShowProblemsAt(content)
		return FormKept
	case len(changes) == 0:
		return FormUnchanged
	case sh.Save(changes...) != nil:
		return FormKept // the error is on screen
	}
	return FormWritten
}

// AskArchive asks before archiving a venue, an activity or a practice
// called name (what archiving means for it in what), and on "Archive"
// hides the question, saves domain.Archive and calls done. It returns the
// question and its "Archive" button (tests tap it).
func AskArchive(sh Shell, kind record.Kind, id, name, what string, done func()) (*dialog.CustomDialog, *widget.Button) {
	var d *dialog.CustomDialog
	yes := kit.BigButton("Archive", theme.DeleteIcon(), widget.DangerImportance, func() {
		d.Hide()
		if sh.Save(domain.Archive(kind, id)) == nil {
			done()
		}
	})
	d = kit.NewDialog(sh.Window(), "Archive "+name+"?", kit.Wrapped(what), "Keep it", []fyne.CanvasObject{yes})
	d.Resize(kit.DialogSize(sh.Window(), 540, 300))
	d.Show()
	return d, yes
}

// Archived returns the archived (deleted, not erased) records of kind that
// this device holds and that something points at: sessions, enrolments and
// next steps for activities; activities and sessions for venues; and the
// audit trail, which names everything changed here. It reads every session
// and audit entry, so screens call it only when asked to show them.
func Archived(sh Shell, kind record.Kind) map[string]domain.Values {
	er := sh.Store()
	v := sh.View()
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
		for _, a := range v.Activities() {
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
