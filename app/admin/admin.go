package admin

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/access"
	"github.com/gather-sp/gather/app/activities"
	"github.com/gather-sp/gather/app/kit"
	"github.com/gather-sp/gather/app/shell"
	"github.com/gather-sp/gather/audit"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/hlc"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/storage"
)

// adminAllowed says which roles may see each section: link workers review
// conflicts and keep the GP practices too, the rest is for administrators.
var adminAllowed = map[string]func(role string) bool{
	adminStaff:     can(access.ActionManageStaff),
	adminDevices:   can(access.ActionManageDevices),
	adminAudit:     can(access.ActionViewAudit),
	adminConflicts: can(access.ActionReviewConflicts),
	adminErase:     can(access.ActionErasePerson),
	// The practices are the organisation's referrers, kept here with its
	// other lists (staff, devices) rather than under Activities.
	adminPractices: access.CanKeepPractices,
}

func can(a access.Action) func(role string) bool {
	return func(role string) bool { return access.CanDo(role, a) }
}

// Roles are the roles that may see at least one section: the shell's
// navigation bar offers Admin to them.
func Roles() []string {
	var out []string
	for _, r := range domain.Roles {
		for _, allowed := range adminAllowed {
			if allowed(r) {
				out = append(out, r)
				break
			}
		}
	}
	return out
}

// The admin screen's sections, in the order of their tabs (ShowSection
// takes them).
const (
	SectionStaff     = "Staff"
	SectionDevices   = "Devices"
	SectionAudit     = "Audit trail"
	SectionConflicts = "Conflicts"
	SectionErase     = "Erasure"
	SectionPractices = "GP practices"
)

// The short names the screen's code uses.
const (
	adminStaff     = SectionStaff
	adminDevices   = SectionDevices
	adminAudit     = SectionAudit
	adminConflicts = SectionConflicts
	adminErase     = SectionErase
	adminPractices = SectionPractices
)

var adminSections = []string{adminStaff, adminDevices, adminAudit, adminConflicts, adminErase, adminPractices}

// adminSection is one tab of the admin screen.
type adminSection interface {
	content() fyne.CanvasObject
	refresh()
}

// screenSection shows another package's screen as a section.
type screenSection struct{ s shell.Screen }

func (x screenSection) content() fyne.CanvasObject { return x.s.Content() }
func (x screenSection) refresh()                   { x.s.Refresh() }

// Services are what the Admin screen needs from the shell besides
// shell.Shell: the key file, the sync client's device management, and how
// to sign out, open a file and where exports go. The shell fills them in
// when it mounts the screen (app/mount.go).
type Services struct {
	// Keys manages who may unlock this device; nil when PINs are not set
	// up here (Staff then says so).
	Keys shell.StaffKeys
	// DeviceAdmin is the sync client as a shell.DeviceAdmin, read each time
	// it is needed (the client may be connected meanwhile); nil, or nil
	// returned, when it cannot manage devices.
	DeviceAdmin func() shell.DeviceAdmin
	// Server is the address of the sync server, "" when unknown.
	Server func() string
	// SignOut ends the session of an administrator who gave up the role
	// or removed themselves: the lock's switch-staff screen, or "Who is
	// using Gather?" without PINs.
	SignOut func()
	// ExportDir is the folder exports are written to (Documents/Gather).
	ExportDir func() string
	// OpenFile opens a written file with the system's viewer.
	OpenFile func(path string) error
}

// deviceAdmin is the sync client as a shell.DeviceAdmin, or nil: when the
// sync client cannot manage devices, or this device is enrolled for venues
// only (only an organisation device may manage devices; a venue tablet
// never shows the section).
func (svc *Services) deviceAdmin() shell.DeviceAdmin {
	da := svc.syncAdmin()
	if da == nil {
		return nil
	}
	if e, ok := da.Enrolment(); ok && !e.Scope.Organisation {
		return nil
	}
	return da
}

// syncAdmin is the sync client as a shell.DeviceAdmin whatever it was
// enrolled as, or nil.
func (svc *Services) syncAdmin() shell.DeviceAdmin {
	if svc.DeviceAdmin == nil {
		return nil
	}
	return svc.DeviceAdmin()
}

// canGiveSetupCodes reports whether this device may give setup codes: it
// syncs as an administrator's organisation device (the server takes a
// setup code from no other, and a refused change would hold up the rest).
func (svc *Services) canGiveSetupCodes() bool {
	da := svc.syncAdmin()
	if da == nil {
		return false
	}
	e, ok := da.Enrolment()
	return ok && e.Scope.Organisation && e.Role == domain.RoleAdministrator
}

// Screen is the administrator's screen: staff on this device, the
// organisation's devices, its GP practices, the audit trail, sync conflicts to review, and
// erasure and retention.
type Screen struct {
	sh      shell.Shell
	svc     *Services
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
	practices shell.Screen // activities.NewPractices, shown as a section
}

// New makes the Admin screen for whoever uses sh, with the shell's
// services.
func New(sh shell.Shell, svc Services) *Screen {
	s := &Screen{sh: sh, svc: &svc}
	s.buildUI()
	return s
}

// visibleSections are the sections the person using the app may see.
// Devices needs an organisation device whose sync client can manage them;
// the GP practices an organisation device (activities.CanKeepPractices).
func (s *Screen) visibleSections() []string {
	var out []string
	for _, name := range adminSections {
		if name == adminDevices && s.svc.deviceAdmin() == nil {
			continue
		}
		if name == adminPractices && !activities.CanKeepPractices(s.sh) {
			continue
		}
		if adminAllowed[name](s.sh.Staff().Role) {
			out = append(out, name)
		}
	}
	return out
}

func (s *Screen) Title() string              { return "Admin" }
func (s *Screen) Content() fyne.CanvasObject { return s.content }

func (s *Screen) buildUI() {
	s.staff = newStaffSection(s.sh, s.svc)
	s.devices = newDevicesSection(s.sh, s.svc)
	s.audit = newAuditSection(s.sh, s.svc)
	s.conflicts = newConflictSection(s.sh, s.svc)
	s.conflicts.repaint = func() { s.sh.Repaint(s) }
	s.erase = newEraseSection(s.sh, s.svc)
	s.practices = activities.NewPractices(s.sh)
	all := map[string]adminSection{adminStaff: s.staff, adminDevices: s.devices, adminAudit: s.audit, adminConflicts: s.conflicts, adminErase: s.erase,
		adminPractices: screenSection{s.practices}}
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
		adminConflicts: theme.WarningIcon(), adminErase: theme.DeleteIcon(), adminPractices: theme.ListIcon()}
	// The tabs fold into even rows when they do not fit across (six on a
	// portrait tablet); the padding around them is taken off the window.
	winWidth := kit.WindowWidth(s.sh.Window())
	tabs := kit.NewFitGrid(max(len(visible), 1), func() float32 { return max(winWidth()-2*theme.Padding(), 0) })
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

// ShowSection shows one section (SectionStaff, ...), when the person
// using Gather may see it.
func (s *Screen) ShowSection(name string) { s.onSection(name) }

// OpenCodeForm opens "Make a connection code for a new device" with the venues named
// ticked, as an administrator would fill it in.
func (s *Screen) OpenCodeForm(venueNames ...string) {
	s.devices.onMakeCode()
	if s.devices.form != nil {
		s.devices.form.venues.SetSelected(venueNames)
	}
}

// OpenStaffEdit opens Edit for staff member id, as tapping it beside
// their name does.
func (s *Screen) OpenStaffEdit(id string) {
	if row := s.staff.rows[id]; row != nil {
		s.staff.openEdit(row)
	}
}

// ShowCode shows a code made for a new device, for who and role, as Make
// the code does once the server answered.
func (s *Screen) ShowCode(code shell.EnrolmentCode, who, role string) {
	s.devices.showCode(code, who, role)
}

// onSection shows one section.
func (s *Screen) onSection(name string) {
	if _, ok := s.sections[name]; !ok {
		return
	}
	s.section = name
	s.showSection()
	s.Refresh()
}

func (s *Screen) showSection() {
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
func (s *Screen) Refresh() {
	n := openConflicts(s.sh.View())
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
	case domain.KindSetting:
		// The organisation's settings are one record: "Organisation
		// setting" says which, where its id cut short read as words cut off.
		return ""
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

// adminStampText says who wrote a value, when and on which device, from a
// stored HLC stamp; device names a device id as people know it.
func adminStampText(names map[string]string, staff, stamp string, device func(id string) string) string {
	who := adminStaffName(names, staff)
	ts, err := hlc.Parse(stamp)
	if err != nil || ts.IsZero() {
		return who
	}
	when := ts.Time().In(time.Local).Format("Mon 2 Jan 2006, 15:04")
	return fmt.Sprintf("%s · %s · on %s", who, when, device(ts.Device))
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

// officeOnly shows note in place of body on a venue tablet, where the
// server takes none of what body does (or sends none of what it shows),
// and reports whether it did; root is the section's content, laid out
// again.
func officeOnly(sh shell.Shell, note, body, root fyne.CanvasObject) bool {
	if sh.VenueDevice() {
		note.Show()
		body.Hide()
		adminRelayout(root)
		return true
	}
	note.Hide()
	body.Show()
	return false
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
