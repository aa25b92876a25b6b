package activities

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/kit"
	"github.com/gather-sp/gather/app/shell"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/storage"
)

// venueForm adds or changes a venue.
type venueForm struct {
	sh      shell.Shell
	id      string
	isNew   bool
	before  domain.Venue
	orig    map[*widget.Entry]string
	onDone  func(id, msg string)
	content fyne.CanvasObject

	title      *widget.Label
	name       *widget.Entry
	address    *widget.Entry
	postcode   *widget.Entry
	phone      *widget.Entry
	directions *widget.Entry
	accessInfo *widget.Entry

	problem    *widget.Label
	saveBtn    *widget.Button
	cancelBtn  *widget.Button
	archiveBtn *widget.Button
	archiveDlg *dialog.CustomDialog
	archiveYes *widget.Button
}

func newVenueForm(sh shell.Shell, id string, onDone func(id, msg string)) *venueForm {
	f := &venueForm{sh: sh, id: id, onDone: onDone, orig: map[*widget.Entry]string{}}
	if id == "" {
		f.id, f.isNew = domain.NewID(), true
		f.before = domain.Venue{ID: f.id}
	} else if r, ok := sh.View().Get(domain.KindVenue, id); ok {
		r.Decode(&f.before)
	} else {
		f.before = domain.Venue{ID: id}
	}
	f.buildUI()
	return f
}

func (f *venueForm) Title() string {
	if f.isNew {
		return "New venue"
	}
	return "Edit venue"
}

func (f *venueForm) Content() fyne.CanvasObject { return f.content }

// Refresh leaves the form alone: nothing typed is ever replaced.
func (f *venueForm) Refresh() {}

func (f *venueForm) buildUI() {
	f.title = kit.Heading("New venue")
	if !f.isNew {
		f.title.SetText(f.before.Name)
	}
	f.name = kit.FormEntry("For example: St Anne's Church Hall")
	f.address = kit.FormEntry("Street and town")
	f.postcode = kit.FormEntry("KV2 7HN")
	f.phone = kit.FormEntry("01632 960245")
	f.directions = kit.FormMulti("Buses, parking, which door to use")
	f.accessInfo = kit.FormMulti("Step-free access, toilets, hearing loop, seating")
	set := func(e *widget.Entry, s string) {
		e.SetText(s)
		f.orig[e] = s
	}
	set(f.name, f.before.Name)
	set(f.address, f.before.Address)
	set(f.postcode, f.before.Postcode)
	set(f.phone, f.before.Phone)
	set(f.directions, f.before.Directions)
	set(f.accessInfo, f.before.AccessInfo)

	f.problem = kit.FormProblem()
	f.saveBtn = kit.BigButton("Save", theme.DocumentSaveIcon(), widget.HighImportance, f.onSave)
	f.cancelBtn = kit.BigButton("Cancel", theme.CancelIcon(), widget.MediumImportance, f.sh.Back)
	f.archiveBtn = kit.BigButton("Archive this venue", theme.DeleteIcon(), widget.DangerImportance, f.onArchive)
	if f.isNew {
		f.archiveBtn.Hide()
	}
	where := container.NewVBox(
		kit.RowTitle("Where it is"),
		kit.FormField("Name", f.name, ""),
		kit.FormField("Address", f.address, ""),
		kit.FormGrid(f.sh.Window(), 2,
			kit.FormField("Postcode", f.postcode, ""),
			kit.FormField("Phone", f.phone, "A number someone there answers")))
	getting := container.NewVBox(
		kit.RowTitle("Getting there"),
		kit.FormField("Travel directions", f.directions, "Printed on the activity info sheet"),
		kit.FormField("Access information", f.accessInfo, ""))
	buttons := container.NewBorder(nil, nil, container.NewHBox(kit.Tall(f.saveBtn), kit.Tall(f.cancelBtn)), kit.Tall(f.archiveBtn))
	f.content = kit.FormColumn(container.NewVBox(f.title,
		kit.FormNote("Venue tablets get the venues they serve and their activities when they sync."),
		where, widget.NewSeparator(), getting, widget.NewSeparator(), f.problem, buttons))
}

func (f *venueForm) read() (domain.Venue, []string) {
	x := f.before
	var problems []string
	text := func(e *widget.Entry) (string, bool) {
		t := strings.TrimSpace(e.Text)
		return t, t == strings.TrimSpace(f.orig[e])
	}
	str := func(e *widget.Entry, dst *string) {
		if t, same := text(e); !same {
			*dst = t
		}
	}
	str(f.name, &x.Name)
	if strings.TrimSpace(x.Name) == "" {
		problems = append(problems, "Type the venue's name.")
	} else if t, same := text(f.name); !same || f.isNew {
		for _, other := range f.sh.View().Venues() {
			if other.ID != f.id && strings.EqualFold(strings.TrimSpace(other.Name), t) {
				problems = append(problems, fmt.Sprintf("There is already a venue called %s. Edit that one from the list of venues, or give this one a name that tells them apart.", other.Name))
				break
			}
		}
	}
	str(f.address, &x.Address)
	if t, same := text(f.postcode); !same {
		if p, err := domain.CheckPostcode(t); err != nil {
			problems = append(problems, err.Error())
		} else {
			x.Postcode = p
		}
	}
	if t, same := text(f.phone); !same {
		if t != "" && !domain.PhoneLooksRight(t) {
			problems = append(problems, fmt.Sprintf("The phone number %q has something other than digits in it, or too few. Type it like 01632 960245.", t))
		} else {
			x.Phone = t
		}
	}
	str(f.directions, &x.Directions)
	str(f.accessInfo, &x.AccessInfo)
	return x, problems
}

func (f *venueForm) onSave() {
	x, problems := f.read()
	switch shell.SaveForm(f.sh, f.problem, f.content, problems, domain.Edit(domain.KindVenue, f.id, f.isNew, f.before, x)) {
	case shell.FormKept:
		return
	case shell.FormUnchanged:
		f.done("Nothing was changed at " + x.Name + ".")
		f.sh.Pop() // nothing changed: nothing to ask
		return
	}
	msg := "Saved " + x.Name + "."
	if f.isNew {
		msg = "Added " + x.Name + ". Now add the activities that happen there."
	}
	f.done(msg)
	f.sh.Pop() // saved: nothing to ask
}

func (f *venueForm) done(msg string) {
	if f.onDone != nil {
		f.onDone(f.id, msg)
	}
}

// activitiesAt are the activities (not archived) at a venue.
func activitiesAt(v *storage.View, venueID string) []domain.Activity {
	var out []domain.Activity
	for _, a := range v.Activities() {
		if a.VenueID == venueID {
			out = append(out, a)
		}
	}
	return out
}

func (f *venueForm) onArchive() {
	if n := len(activitiesAt(f.sh.View(), f.id)); n > 0 {
		kit.ShowProblems(f.problem, []string{fmt.Sprintf("%s still has %s. Archive them, or move them to another venue, before archiving the venue.",
			f.before.Name, kit.Count(n, "activity", "activities"))})
		kit.ShowProblemsAt(f.content)
		return
	}
	f.archiveDlg, f.archiveYes = shell.AskArchive(f.sh, domain.KindVenue, f.id, f.before.Name,
		fmt.Sprintf("%s will no longer be offered for new activities. Past registers held there are kept, and you can restore it from the list of venues.", f.before.Name),
		func() {
			f.done("Archived " + f.before.Name + ".")
			f.sh.Pop() // saved: nothing to ask
		})
}
