package admin

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/kit"
	"github.com/gather-sp/gather/app/shell"
	"github.com/gather-sp/gather/audit"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/internal/atomicfile"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/storage"
)

// auditShown is how many entries the list shows at most; the export holds
// every entry that matches.
const auditShown = 500

const (
	everyone     = "Everyone"
	everyAction  = "Every action"
	auditCSVWhat = "audit trail CSV"
)

var auditActions = []string{audit.ActionViewed, audit.ActionAdded, audit.ActionChanged, audit.ActionExported, audit.ActionErased,
	audit.ActionUnlocked, audit.ActionFailedUnlock, audit.ActionLockedOut, audit.ActionStaffChanged,
	audit.ActionPINReset, audit.ActionLockoutCleared, audit.ActionRestored, audit.ActionImported, audit.ActionMerged, audit.ActionDeviceCode, audit.ActionDeviceRemoved,
	audit.ActionRefusedUndone}

// auditSection lists the audit trail, newest first, with filters, and
// exports it as CSV.
type auditSection struct {
	sh   shell.Shell
	svc  *Services
	root fyne.CanvasObject

	staffSel  *widget.Select
	actionSel *widget.Select
	from, to  *widget.Entry
	dateMsg   *widget.Label
	count     *widget.Label
	notice    *widget.Label
	venueNote *widget.Label // on a venue tablet: whose entries it holds
	exportBtn *widget.Button
	list      *widget.List

	staffIDs   map[string]string // select label -> staff id
	view       *storage.View
	names      map[string]string
	all        []domain.Audit // every entry that matches the filters
	shown      []domain.Audit // the first auditShown of them
	lastExport string         // path of the last CSV written
}

func newAuditSection(sh shell.Shell, svc *Services) *auditSection {
	s := &auditSection{sh: sh, svc: svc}
	s.buildUI()
	return s
}

func (s *auditSection) content() fyne.CanvasObject { return s.root }

func (s *auditSection) buildUI() {
	s.staffSel = widget.NewSelect([]string{everyone}, func(string) { s.refresh() })
	s.staffSel.SetSelected(everyone)
	actions := []string{everyAction}
	for _, a := range auditActions {
		actions = append(actions, adminFieldName(a))
	}
	s.actionSel = widget.NewSelect(actions, func(string) { s.refresh() })
	s.actionSel.SetSelected(everyAction)
	s.from = widget.NewEntry()
	s.from.SetPlaceHolder("01/11/2026")
	s.to = widget.NewEntry()
	s.to.SetPlaceHolder("30/11/2026")
	s.from.OnChanged = func(string) { s.refresh() }
	s.to.OnChanged = func(string) { s.refresh() }
	s.dateMsg = adminMessage()
	s.count = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.count.Wrapping = fyne.TextWrapWord
	s.notice = adminMessage()
	s.exportBtn = kit.BigButton("Export CSV", theme.DownloadIcon(), widget.MediumImportance, s.onExport)
	filters := kit.NewColumns(12, true, adminLabelled("Staff", kit.Tall(s.staffSel)), adminLabelled("Action", kit.Tall(s.actionSel)),
		adminLabelled("From", kit.Tall(s.from)), adminLabelled("To (inclusive)", kit.Tall(s.to)))
	s.list = widget.NewList(func() int { return len(s.shown) },
		func() fyne.CanvasObject {
			top := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
			top.Truncation = fyne.TextTruncateEllipsis
			return kit.Sized(container.New(kit.TightLayout{}, top, kit.RowDetail("")), 0, 60)
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= len(s.shown) {
				return
			}
			a := s.shown[id]
			box := o.(*fyne.Container).Objects[0].(*fyne.Container)
			box.Objects[0].(*widget.Label).SetText(a.At.In(time.Local).Format("Mon 2 Jan 2006 15:04") + " · " +
				adminStaffName(s.names, a.Staff) + " · " + a.Action)
			box.Objects[1].(*widget.Label).SetText(s.detail(a))
		})
	s.list.OnSelected = func(widget.ListItemID) { s.list.UnselectAll() }
	// The server sends the audit trail to organisation devices only, so a
	// venue tablet holds what was done on it and says where the rest is.
	s.venueNote = kit.Wrapped("This tablet lists only what was done on it. The whole organisation's audit trail is " + kit.OnTheOfficeComputer + ".")
	s.venueNote.Hide()
	top := container.NewVBox(s.venueNote, filters, s.dateMsg, container.NewBorder(nil, nil, nil, kit.Tall(s.exportBtn), s.count), s.notice)
	s.root = container.NewBorder(container.NewPadded(top), nil, nil, nil, s.list)
}

// detail is an entry's second line: what happened, in words ("added
// person Agnieszka Walker", "changed the phone and email of ...").
func (s *auditSection) detail(a domain.Audit) string { return AuditLine(s.view, a) }

// AuditLine is what an audit entry says happened, in words, as Admin ›
// Audit trail lists it, naming its record from v: "Added person Agnieszka
// Walker", "Changed the phone and email of ...".
func AuditLine(v *storage.View, a domain.Audit) string {
	what := ""
	if a.EntityKind != "" || a.EntityID != "" {
		what = adminDescribe(v, record.Kind(a.EntityKind), a.EntityID)
	}
	line := audit.Sentence(a, what)
	if a.EntityKind == "" && a.EntityID == "" && a.Detail == "" {
		line += " on device " + adminShortID(a.Device)
	}
	return strings.ToUpper(line[:1]) + line[1:]
}

// fillStaff offers everyone on record in the staff filter.
func (s *auditSection) fillStaff() {
	type opt struct{ label, id string }
	var opts []opt
	seen := map[string]int{}
	for id, name := range s.names {
		if name == "" {
			name = "staff " + adminShortID(id)
		}
		seen[name]++
		opts = append(opts, opt{name, id})
	}
	sort.Slice(opts, func(i, j int) bool {
		if opts[i].label != opts[j].label {
			return opts[i].label < opts[j].label
		}
		return opts[i].id < opts[j].id
	})
	s.staffIDs = map[string]string{}
	labels := []string{everyone}
	for _, o := range opts {
		if seen[o.label] > 1 {
			o.label += " (" + adminShortID(o.id) + ")"
		}
		s.staffIDs[o.label] = o.id
		labels = append(labels, o.label)
	}
	s.staffSel.Options = labels
	if _, ok := s.staffIDs[s.staffSel.Selected]; !ok && s.staffSel.Selected != everyone {
		s.staffSel.Selected = everyone
	}
	s.staffSel.Refresh()
}

// filter reads the filters; ok is false when a date does not parse.
func (s *auditSection) filter() (audit.Filter, bool) {
	var f audit.Filter
	f.Staff = s.staffIDs[s.staffSel.Selected]
	for _, a := range auditActions {
		if adminFieldName(a) == s.actionSel.Selected {
			f.Action = a
		}
	}
	ok := true
	parse := func(e *widget.Entry) time.Time {
		text := strings.TrimSpace(e.Text)
		if text == "" {
			return time.Time{}
		}
		day, read := domain.TypedDay(text)
		t, err := time.ParseInLocation(domain.DateLayout, day, time.Local)
		if !read || err != nil {
			ok = false
		}
		return t
	}
	f.From = parse(s.from)
	if to := parse(s.to); !to.IsZero() {
		f.To = to.AddDate(0, 0, 1) // the whole of the last day
	}
	return f, ok
}

// refresh lists the entries that match the filters.
func (s *auditSection) refresh() {
	if s.list == nil {
		return // still building
	}
	s.view = s.sh.View()
	s.venueNote.Hidden = !s.sh.VenueDevice()
	s.names = adminStaffNames(s.view)
	s.fillStaff()
	f, ok := s.filter()
	if !ok {
		s.say(s.dateMsg, "Type dates as day/month/year, for example 01/11/2026, or 2026-11-01.", widget.DangerImportance)
		return
	}
	if s.dateMsg.Visible() {
		s.dateMsg.Hide()
		adminRelayout(s.root)
	}
	if !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To) {
		s.say(s.dateMsg, "The From date is after the To date.", widget.WarningImportance)
	}
	s.all = audit.List(s.view, f)
	s.shown = s.all
	if len(s.shown) > auditShown {
		s.shown = s.shown[:auditShown]
	}
	switch n := len(s.all); {
	case n == 0:
		s.count.SetText("No entries match.")
		s.exportBtn.Disable()
	case n > auditShown:
		s.count.SetText(fmt.Sprintf("Showing the newest %d of %d entries. Narrow the filters, or export them all.", auditShown, n))
		s.exportBtn.Enable()
	case n == 1:
		s.count.SetText("1 entry")
		s.exportBtn.Enable()
	default:
		s.count.SetText(fmt.Sprintf("%d entries, newest first", n))
		s.exportBtn.Enable()
	}
	s.list.Refresh()
	adminRelayout(s.root)
}

// onExport writes every matching entry to a CSV file in the export folder
// and records that the trail left the app.
func (s *auditSection) onExport() {
	entries := s.all
	if len(entries) == 0 {
		return
	}
	names := s.names
	name := "audit-trail-" + s.sh.Now().Format("2006-01-02-1504")
	path, ok := s.writeExport(name, ".csv", func(w io.Writer) error {
		return audit.WriteCSV(w, entries, func(id string) string { return names[id] })
	})
	if !ok {
		return
	}
	s.lastExport = path
	if s.sh.Save(s.sh.Recorder().Exported(s.sh.Staff().ID, auditCSVWhat, len(entries))) != nil {
		return
	}
	s.say(s.notice, fmt.Sprintf("Saved %d entries as %s", len(entries), path), widget.SuccessImportance)
	s.showSaved("Audit trail saved",
		fmt.Sprintf("Saved %d entries as %s.\n\nIt holds staff names and record ids, not case details. Keep it safe, and delete it when you are done with it.", len(entries), path),
		path)
	s.refresh()
}

// unsafeName matches what a file name must not hold.
var unsafeName = regexp.MustCompile(`[^A-Za-z0-9-]+`)

// writeExport writes a file into the export folder (Documents/Gather),
// owner-only (the audit trail names staff), and returns its path; it says
// in plain words what went wrong. It writes beside the file and renames
// over it once complete (atomicfile), so a failed export leaves an earlier
// file of that name as it was.
func (s *auditSection) writeExport(name, ext string, write func(w io.Writer) error) (string, bool) {
	dir := s.svc.ExportDir()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		s.sh.ShowError("The file was not saved", err, "Check there is space on this device, then try again.")
		return "", false
	}
	path := filepath.Join(dir, strings.Trim(unsafeName.ReplaceAllString(name, "-"), "-")+ext)
	if err := atomicfile.Write(path, 0o600, write); err != nil {
		s.sh.ShowError("The file was not saved", err, "Try again. Nothing in Gather has changed.")
		return "", false
	}
	return path, true
}

// showSaved tells the person where a file went and offers to open it.
func (s *auditSection) showSaved(title, text, path string) {
	open := func() {
		if err := s.svc.OpenFile(path); err != nil {
			s.sh.ShowError("The file could not be opened", err, "Open it from "+filepath.Dir(path)+".")
		}
	}
	w := s.sh.Window()
	d := kit.NewDialog(w, title, kit.DialogText(w, kit.Wrapped(text)), "Close", []fyne.CanvasObject{
		kit.BigButton("Open", theme.FileIcon(), widget.HighImportance, open)})
	d.Show()
}

// say shows a message in the section and lays it out again.
func (s *auditSection) say(l *widget.Label, text string, imp widget.Importance) {
	adminSay(l, text, imp)
	adminRelayout(s.root)
}
