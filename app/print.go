package app

import (
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/access"
	"github.com/gather-sp/gather/app/kit"
	"github.com/gather-sp/gather/app/shell"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/paper"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/storage"
)

// The folders files were last saved in, one setting for each kind of
// file, so each save dialog opens where that kind went last time.
const (
	metaPrintDir  = "ui.print_dir"  // printouts
	metaExportDir = "ui.export_dir" // report exports (CSV and PDF)
)

// printDir is the folder Gather suggests for printouts and exports until
// someone picks another: the configured folder, else Documents/Gather (or
// Gather in the home folder). Gather keeps it private (paper.PrivateDir)
// before it suggests it.
func (u *UI) printDir() string {
	if u.opts.PrintDir != "" {
		return u.opts.PrintDir
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return os.TempDir()
	}
	docs := filepath.Join(home, "Documents")
	if st, err := os.Stat(docs); err == nil && st.IsDir() {
		return filepath.Join(docs, "Gather")
	}
	return filepath.Join(home, "Gather")
}

// printFolder is where the save dialog for a printout opens: the folder
// chosen last time on this device, while it is still there, else the
// private default (printDir).
func (u *UI) printFolder() string {
	return u.lastFolder(metaPrintDir, u.printDir())
}

// lastFolder is the folder the setting key names while it is still there
// (a USB stick taken out, a share not mounted: not), else otherwise.
func (u *UI) lastFolder(key, otherwise string) string {
	if d := u.Meta(key); d != "" {
		if st, err := os.Stat(d); err == nil && st.IsDir() {
			return d
		}
	}
	return otherwise
}

// noteFolder remembers, under the setting key, the folder path was saved in.
func (u *UI) noteFolder(key, path string) {
	if dir := filepath.Dir(path); dir != u.Meta(key) {
		u.SetMeta(map[string]string{key: dir})
	}
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9-]+`)

// printFileName is the suggested file name of a printout.
func printFileName(name string) string {
	return strings.Trim(unsafeName.ReplaceAllString(name, "-"), "-") + ".pdf"
}

// Print asks where to save a printout (kit.AskSave, opening in
// printFolder), writes it there readable by its owner only, records it in
// the audit trail when it names people, and offers to open it. The folder
// is remembered for next time.
func (u *UI) Print(p shell.Printout) {
	u.Touch()
	dir := u.printFolder()
	if dir == u.printDir() {
		if err := paper.PrivateDir(dir); err != nil {
			u.ShowError("The printout was not made", err, "Check there is space on this device, then try again.")
			return
		}
	}
	u.printDialog = kit.AskSave(u.win, kit.Save{
		Title: "Save the printout", Confirm: "Save", What: "printout",
		Folder: dir, Name: printFileName(p.Name), Ext: ".pdf",
		Closed: func() { u.printDialog = nil },
		Chosen: func(path string) { u.writePrintout(path, p) },
	})
}

// writePrintout writes a printout to the path chosen and records it. It is
// written beside path and renamed over it only once complete and, when it
// names people, noted in the audit trail: a printout that fails, or cannot
// be recorded, is not kept, and a file already at path (last week's
// register) stays as it was. (If the rename then fails, the trail notes a
// printout not kept: better than one kept but not noted.)
func (u *UI) writePrintout(path string, p shell.Printout) {
	var unrecorded error
	recorded := false
	err := paper.WriteFile(path, func(w io.Writer) error {
		if err := p.Write(w); err != nil {
			return err
		}
		if p.Audit.Kind == "" {
			return nil
		}
		changes := append([]record.Change{p.Audit}, u.Recorder().WithAudit(u.staff.ID, p.Also...)...)
		unrecorded = u.opts.Store.Save(u.staff.ID, changes...)
		recorded = unrecorded == nil
		return unrecorded
	})
	switch {
	case unrecorded != nil:
		u.ShowError("The printout was not made", unrecorded,
			"It names people, and Gather could not note it in the audit trail, so it was not kept; any file of that name there is as it was. Try again; if it keeps happening, tell your administrator.")
		return
	case err != nil && recorded:
		u.ShowError("The printout was not made", err, "Try again, or choose another folder. The audit trail notes it, though it was not kept; any file of that name there is as it was.")
		return
	case err != nil:
		u.ShowError("The printout was not made", err, "Try again, or choose another folder. Nothing in Gather has changed, nor any file there.")
		return
	}
	dir := filepath.Dir(path)
	u.noteFolder(metaPrintDir, path)
	u.lastPrint = path
	if p.Done != nil {
		p.Done(path)
	}
	open := func() {
		if u.opts.OpenFile != nil {
			if err := u.opts.OpenFile(path); err != nil {
				u.ShowError("The PDF could not be opened", err, "Open it from "+dir+".")
			}
			return
		}
		if err := u.app.OpenURL(&url.URL{Scheme: "file", Path: path}); err != nil {
			u.ShowError("The PDF could not be opened", err, "Open it from "+dir+".")
		}
	}
	said := fmt.Sprintf("Saved as %s.\n\nOpen it to print, or copy it to a computer with a printer.", path)
	if p.Audit.Kind != "" {
		said += " It names people: only you can open the file on this computer. Delete it once it is printed."
	}
	d := kit.NewDialog(u.win, "Ready to print", kit.DialogText(u.win, kit.Wrapped(said)), "Close", []fyne.CanvasObject{
		kit.BigButton("Open PDF", nil, widget.HighImportance, open)})
	d.Show()
}

// PrintInfoSheet saves an activity's info sheet, for a person when
// personID is set, which only the roles that may (access.ActionPrintInfoSheet)
// do; one naming a person is recorded in the audit trail.
// large sets it in large print. A person's own sheet carries their way
// there and who will meet them, from their match, for those who may read it.
func (u *UI) PrintInfoSheet(personID, activityID string, large bool) {
	if personID != "" && !access.CanDo(u.staff.Role, access.ActionPrintInfoSheet) {
		// The card offers it only to those who may (the same rule): this
		// is the second line.
		u.ShowError("An info sheet with someone's name on it is printed by reception or their link worker", nil,
			"Print the activity's own sheet, which names nobody, from Activities.")
		return
	}
	sheet, ok := infoSheetData(u.View(), u.staff.Role, activityID, personID, u.Now())
	if !ok {
		u.ShowError("That activity is not on this device", nil, "Sync, then try again.")
		return
	}
	sheet.Demo, sheet.LargePrint = u.holdsDemo(), large
	name := "info-" + sheet.Activity.Name
	if large {
		name += "-large-print"
	}
	p := shell.Printout{Name: name, Done: func(path string) { u.lastPrint = path }}
	if sheet.Person != nil {
		p.Name += "-" + sheet.Person.DisplayName()
		p.Audit = u.Recorder().Printed(u.staff.ID, "info sheet PDF, "+sheet.Activity.Name, 1, domain.KindPerson, personID)
	}
	p.Write = func(w io.Writer) error { return paper.WriteInfoSheet(w, sheet) }
	u.Print(p)
}

// infoSheetDates is how many sessions an info sheet lists.
const infoSheetDates = 4

// infoSheetData is what an activity's info sheet shows, printed at now by
// someone in role: the activity, its venue and the service's contact; for
// a person (personID set and on this device) their name and, for a role
// that may read matches, the way there and welcome from their match; and
// the next sessions they can still go to (domain.UpcomingSessions: none
// already started, none called off). ok is false when the activity is not
// on this device. Whether the role may print a sheet naming someone is
// the caller's check.
func infoSheetData(v *storage.View, role, activityID, personID string, now time.Time) (sheet paper.InfoSheet, ok bool) {
	row, ok := v.Get(domain.KindActivity, activityID)
	if !ok {
		return sheet, false
	}
	var a domain.Activity
	row.Decode(&a)
	var ven domain.Venue
	if vr, ok := v.Get(domain.KindVenue, a.VenueID); ok {
		vr.Decode(&ven)
	}
	sheet = paper.InfoSheet{Activity: a, Venue: ven, Service: v.OrgSettings().Contact(), Printed: now}
	if personID != "" {
		if person, ok := v.Person(personID); ok {
			sheet.Person = &person
			if access.CanSeeKind(role, domain.KindMatch) {
				if m, ok := latestMatch(v, personID, activityID); ok {
					sheet.Route, sheet.MeetBy, sheet.WithFriend = m.TravelRoute, m.MeetBy, m.WithFriend
				}
			}
		}
	}
	sheet.NextDates = domain.UpcomingSessions(a, now, func(date string) bool {
		r, ok := v.Get(domain.KindSession, domain.SessionID(a.ID, date))
		return ok && r.Get("cancelled") == "true"
	}, infoSheetDates)
	return sheet, true
}

// latestMatch is a person's most recent match to an activity that still
// stands: where their route and welcome were written.
func latestMatch(v *storage.View, personID, activityID string) (domain.Match, bool) {
	var best domain.Match
	found := false
	for _, r := range v.By(domain.KindMatch, "person_id", personID) {
		var m domain.Match
		r.Decode(&m)
		if m.Deleted || m.Ended != "" || m.ActivityID != activityID {
			continue
		}
		if !found || m.Date > best.Date {
			best, found = m, true
		}
	}
	return best, found
}
