package app

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/access"
	"github.com/gather-sp/gather/app/kit"
	"github.com/gather-sp/gather/audit"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/hlc"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/storage"
)

func init() {
	AddNav(NavEntry{ID: "admin", Title: "Admin", Icon: theme.IconNameAccount, Order: 80,
		Roles: adminRoles(),
		Make:  func(u *UI) Screen { return newAdminScreen(u) }})
}

// adminActions is what a role must be allowed to see each section: link
// workers review conflicts too, the rest is for administrators.
var adminActions = map[string]access.Action{
	adminStaff:     access.ActionManageStaff,
	adminDevices:   access.ActionManageDevices,
	adminAudit:     access.ActionViewAudit,
	adminConflicts: access.ActionReviewConflicts,
	adminErase:     access.ActionErasePerson,
}

// adminRoles are the roles that may see at least one section.
func adminRoles() []string {
	var out []string
	for _, r := range domain.Roles {
		for _, a := range adminActions {
			if access.CanDo(r, a) {
				out = append(out, r)
				break
			}
		}
	}
	return out
}

// The admin screen's sections, in the order of their tabs.
const (
	adminStaff     = "Staff"
	adminDevices   = "Devices"
	adminAudit     = "Audit trail"
	adminConflicts = "Conflicts"
	adminErase     = "Erasure"
)

var adminSections = []string{adminStaff, adminDevices, adminAudit, adminConflicts, adminErase}

// adminSection is one tab of the admin screen.
type adminSection interface {
	content() fyne.CanvasObject
	refresh()
}

// adminScreen is the administrator's screen: staff on this device, the
// audit trail, sync conflicts to review, and erasure and retention.
type adminScreen struct {
	u       *UI
	content fyne.CanvasObject

	section  string
	tabs     map[string]*widget.Button
	body     *fyne.Container
	sections map[string]adminSection

	staff     *staffSection
	devices   *devicesSection
	audit     *auditSection
	conflicts *conflictSection
	erase     *eraseSection
}

func newAdminScreen(u *UI) *adminScreen {
	s := &adminScreen{u: u}
	s.buildUI()
	return s
}

// visibleSections are the sections the person using the app may see.
// Devices needs an organisation device whose sync client can manage them.
func (s *adminScreen) visibleSections() []string {
	var out []string
	for _, name := range adminSections {
		if name == adminDevices && s.u.deviceAdmin() == nil {
			continue
		}
		if access.CanDo(s.u.staff.Role, adminActions[name]) {
			out = append(out, name)
		}
	}
	return out
}

func (s *adminScreen) Title() string              { return "Admin" }
func (s *adminScreen) Content() fyne.CanvasObject { return s.content }

func (s *adminScreen) buildUI() {
	s.staff = newStaffSection(s.u)
	s.devices = newDevicesSection(s.u)
	s.audit = newAuditSection(s.u)
	s.conflicts = newConflictSection(s.u)
	s.erase = newEraseSection(s.u)
	all := map[string]adminSection{adminStaff: s.staff, adminDevices: s.devices, adminAudit: s.audit, adminConflicts: s.conflicts, adminErase: s.erase}
	s.sections = map[string]adminSection{}
	visible := s.visibleSections()
	for _, name := range visible {
		s.sections[name] = all[name]
	}
	if len(visible) > 0 {
		s.section = visible[0]
	}
	s.tabs = map[string]*widget.Button{}
	icons := map[string]fyne.Resource{adminStaff: theme.AccountIcon(), adminDevices: theme.ComputerIcon(), adminAudit: theme.HistoryIcon(),
		adminConflicts: theme.WarningIcon(), adminErase: theme.DeleteIcon()}
	tabs := container.NewGridWithColumns(max(len(visible), 1))
	for _, name := range visible {
		name := name
		b := widget.NewButtonWithIcon(name, icons[name], func() { s.onSection(name) })
		s.tabs[name] = b
		tabs.Add(kit.Tall(b))
	}
	s.body = container.NewStack()
	s.content = container.NewBorder(container.NewVBox(container.NewPadded(tabs), widget.NewSeparator()), nil, nil, nil, s.body)
	s.showSection()
}

// onSection shows one section.
func (s *adminScreen) onSection(name string) {
	if _, ok := s.sections[name]; !ok {
		return
	}
	s.section = name
	s.showSection()
	s.Refresh()
}

func (s *adminScreen) showSection() {
	for name, b := range s.tabs {
		if name == s.section {
			b.Importance = widget.HighImportance
		} else {
			b.Importance = widget.MediumImportance
		}
		b.Refresh()
	}
	if sec, ok := s.sections[s.section]; ok {
		s.body.Objects = []fyne.CanvasObject{sec.content()}
	} else {
		s.body.Objects = nil // nothing this role may see (the bar hides the entry)
	}
	s.body.Refresh()
}

// Refresh re-reads the section on show, and the conflict count on its tab.
func (s *adminScreen) Refresh() {
	n := openConflicts(s.u.View())
	label := adminConflicts
	if n > 0 {
		label = fmt.Sprintf("%s (%d)", adminConflicts, n)
	}
	if tab, ok := s.tabs[adminConflicts]; ok {
		tab.SetText(label)
	}
	if sec, ok := s.sections[s.section]; ok {
		sec.refresh()
	}
}

// adminStaffNames maps staff ids to names, from the staff records.
func adminStaffNames(v *storage.View) map[string]string {
	out := map[string]string{}
	for _, r := range v.All(domain.KindStaff) {
		out[r.ID] = r.Get("name")
	}
	return out
}

// staffName is a staff member's name, or a short form of the id when this
// device has no record of them.
func adminStaffName(names map[string]string, id string) string {
	switch {
	case id == "":
		return "someone"
	case names[id] != "":
		return names[id]
	}
	return "staff " + adminShortID(id)
}

func adminShortID(id string) string {
	if len(id) > 8 {
		return id[:8] + "…"
	}
	return id
}

// adminKindName is a record kind in words, capitalised for a heading:
// "Wellbeing measure" (audit.KindWords, one list for the app).
func adminKindName(k record.Kind) string {
	w := audit.KindWords(k)
	if w == "" {
		return ""
	}
	return strings.ToUpper(w[:1]) + w[1:]
}

// adminDescribe names a record for an administrator: whose attendance at
// which session, whose referral, which activity. It falls back to the
// kind and a short id for records this device cannot name (erased ones).
func adminDescribe(v *storage.View, kind record.Kind, id string) string {
	person := func(pid string) string {
		if p, ok := v.Person(pid); ok {
			return p.DisplayName()
		}
		return "an erased or unknown person"
	}
	activity := func(aid string) string {
		if r, ok := v.Get(domain.KindActivity, aid); ok && r.Get("name") != "" {
			return r.Get("name")
		}
		return "an activity"
	}
	session := func(sid string) string {
		aid, date, ok := domain.ParseSessionID(sid)
		if !ok {
			return "a session"
		}
		when := date
		if t, ok := domain.ParseDate(date); ok {
			when = t.Format("Mon 2 Jan 2006")
		}
		return activity(aid) + " on " + when
	}
	switch kind {
	case domain.KindPerson:
		return person(id)
	case domain.KindAttendance:
		if sid, pid, ok := domain.ParseAttendanceID(id); ok {
			return person(pid) + " at " + session(sid)
		}
	case domain.KindSession:
		return session(id)
	case domain.KindEnrolment:
		if aid, pid, ok := domain.ParseEnrolmentID(id); ok {
			return person(pid) + " on " + activity(aid)
		}
	case domain.KindActivity:
		return activity(id)
	case domain.KindVenue:
		return v.VenueName(id)
	case domain.KindStaff:
		if r, ok := v.Get(kind, id); ok && r.Get("name") != "" {
			return r.Get("name")
		}
	case domain.KindReferral, domain.KindMatch, domain.KindFollowUp, domain.KindContact, domain.KindMeasure, domain.KindConsent:
		if r, ok := v.Get(kind, id); ok && r.Get("person_id") != "" {
			return "for " + person(r.Get("person_id"))
		}
	}
	if id == "" {
		return ""
	}
	return adminShortID(id)
}

// adminStampText says who wrote a value and when, from a stored HLC stamp.
func adminStampText(names map[string]string, staff, stamp string) string {
	who := adminStaffName(names, staff)
	ts, err := hlc.Parse(stamp)
	if err != nil || ts.IsZero() {
		return who
	}
	when := ts.Time().In(time.Local).Format("Mon 2 Jan 2006, 15:04")
	return fmt.Sprintf("%s · %s · device %s", who, when, adminShortID(ts.Device))
}

// adminFieldName turns a field name into words: "family_name" is "Family name".
func adminFieldName(f string) string {
	f = strings.ReplaceAll(f, "_", " ")
	if f == "" {
		return f
	}
	return strings.ToUpper(f[:1]) + f[1:]
}

// adminTitle is a bold heading inside a section.
func adminTitle(t string) *widget.Label {
	l := widget.NewLabelWithStyle(t, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.SizeName = theme.SizeNameSubHeadingText
	l.Wrapping = fyne.TextWrapWord
	return l
}

// labelled is a bold label above a control, for forms that flow.
func adminLabelled(label string, o fyne.CanvasObject) fyne.CanvasObject {
	return container.NewVBox(widget.NewLabelWithStyle(label, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), o)
}

// message is a wrapped label that says how an action went.
func adminMessage() *widget.Label {
	l := kit.Wrapped("")
	l.TextStyle.Bold = true
	l.Hide()
	return l
}

func adminSay(l *widget.Label, text string, imp widget.Importance) {
	l.SetText(text)
	l.Importance = imp
	l.Show()
	l.Refresh()
}

// adminSideLayout puts its first object on the left and its second on the
// right when both fit side by side, else the second under the first, on
// the right: a name with its buttons.
type adminSideLayout struct {
	width float32 // the width last laid out at, for MinSize
}

func (l *adminSideLayout) fits(objs []fyne.CanvasObject, width float32) bool {
	return width <= 0 || objs[0].MinSize().Width+theme.Padding()+objs[1].MinSize().Width <= width
}

func (l *adminSideLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	a, b := objs[0].MinSize(), objs[1].MinSize()
	if l.fits(objs, l.width) {
		return fyne.NewSize(a.Width+theme.Padding()+b.Width, fyne.Max(a.Height, b.Height))
	}
	return fyne.NewSize(fyne.Max(a.Width, b.Width), a.Height+theme.Padding()+b.Height)
}

func (l *adminSideLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	l.width = size.Width
	a, b := objs[0].MinSize(), objs[1].MinSize()
	if l.fits(objs, size.Width) {
		objs[0].Move(fyne.NewPos(0, 0))
		objs[0].Resize(fyne.NewSize(size.Width-b.Width-theme.Padding(), size.Height))
		objs[1].Move(fyne.NewPos(size.Width-b.Width, (size.Height-b.Height)/2))
		objs[1].Resize(b)
		return
	}
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(fyne.NewSize(size.Width, a.Height))
	objs[1].Move(fyne.NewPos(size.Width-b.Width, a.Height+theme.Padding()))
	objs[1].Resize(b)
}

// adminRelayout lays a section out again after rows were added, shown or
// hidden, so that nothing overlaps until the next resize.
func adminRelayout(o fyne.CanvasObject) {
	if sc, ok := o.(*container.Scroll); ok {
		sc.Content.Refresh()
		sc.Refresh()
		return
	}
	o.Refresh()
}
