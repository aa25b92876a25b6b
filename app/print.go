package app

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/paper"
)

// printDir is where PDFs go: the configured folder, else Documents/Gather.
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

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9-]+`)

// writePDF writes a PDF into the print folder and offers to open it.
func (u *UI) writePDF(name string, write func(f *os.File) error) (string, bool) {
	dir := u.printDir()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		u.showError("The printout was not made", err, "Check there is space on this device, then try again.")
		return "", false
	}
	path := filepath.Join(dir, strings.Trim(unsafeName.ReplaceAllString(name, "-"), "-")+".pdf")
	f, err := os.Create(path)
	if err == nil {
		err = write(f)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		u.showError("The printout was not made", err, "Try again. Your register is not affected.")
		return "", false
	}
	open := func() {
		if u.opts.OpenFile != nil {
			if err := u.opts.OpenFile(path); err != nil {
				u.showError("The PDF could not be opened", err, "Open it from "+dir+".")
			}
			return
		}
		if err := u.app.OpenURL(&url.URL{Scheme: "file", Path: path}); err != nil {
			u.showError("The PDF could not be opened", err, "Open it from "+dir+".")
		}
	}
	msg := wrapped(fmt.Sprintf("Saved as %s.\n\nOpen it to print, or copy it to a computer with a printer.", path))
	d := newDialog(u, "Ready to print", sized(msg, 420, 0), "Close", []fyne.CanvasObject{
		bigButton("Open PDF", nil, widget.HighImportance, open)})
	d.Show()
	return path, true
}

// onPrint writes the printable register of the session.
func (r *registerScreen) onPrint() {
	var people []domain.Person
	marks := map[string]string{}
	for _, id := range r.expected {
		people = append(people, r.people[id])
		if m := r.marks[id]; m.Status != "" {
			marks[id] = m.Status
		}
	}
	sheet := paper.Register{Activity: r.info.Activity, Venue: r.info.Venue, Date: r.info.Session.Date, People: people,
		Marks: marks, Demo: r.u.metaString(metaDemo) == "true", Printed: r.u.opts.Now()}
	path, _ := r.u.writePDF(fmt.Sprintf("register-%s-%s", r.info.Session.Date, r.info.Activity.Name), func(f *os.File) error {
		return paper.WriteRegister(f, sheet)
	})
	r.lastPrint = path
}

// printInfoSheet writes an activity's info sheet, for a person when
// personID is set.
func (u *UI) printInfoSheet(personID, activityID string) string {
	v := u.view()
	var a domain.Activity
	row, ok := v.Get(domain.KindActivity, activityID)
	if !ok {
		u.showError("That activity is not on this device", nil, "Sync, then try again.")
		return ""
	}
	row.Decode(&a)
	var ven domain.Venue
	if vr, ok := v.Get(domain.KindVenue, a.VenueID); ok {
		vr.Decode(&ven)
	}
	sheet := paper.InfoSheet{Activity: a, Venue: ven, Demo: u.metaString(metaDemo) == "true", Printed: u.opts.Now()}
	name := "info-" + a.Name
	if personID != "" {
		if p, ok := v.Person(personID); ok {
			sheet.Person = &p
			name += "-" + p.DisplayName()
		}
	}
	// The next four dates it meets.
	date := u.today()
	for i := 0; i < 120 && len(sheet.NextDates) < 4; i++ {
		if domain.MeetsOn(a, date) {
			sheet.NextDates = append(sheet.NextDates, date)
		}
		date = domain.AddDays(date, 1)
	}
	sort.Strings(sheet.NextDates)
	path, _ := u.writePDF(name, func(f *os.File) error { return paper.WriteInfoSheet(f, sheet) })
	u.lastPrint = path
	return path
}
