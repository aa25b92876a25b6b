package admin

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/access"
	"github.com/gather-sp/gather/app/kit"
	"github.com/gather-sp/gather/app/shell"
	"github.com/gather-sp/gather/audit"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/keyslot"
	"github.com/gather-sp/gather/record"
)

// roleLabel is a role as a heading shows it: "Link worker".
func roleLabel(role string) string {
	if role == "" {
		return "No role"
	}
	return strings.ToUpper(role[:1]) + role[1:]
}

// noRoleOnRecord is the staff list's word for someone known to Gather
// whose record has no role: the first user of a reception desk or venue
// tablet, whose device keeps the administrator role its setup gave them
// to itself (sync/client's SaveFirstAdministrator). Listed as the
// volunteer's role they would get with a PIN here, they read as demoted.
const noRoleOnRecord = "No role on record yet"

// noRoleWhy says, in their Edit, what a record without a role means.
const noRoleWhy = "They have no role on record yet: someone who set up a reception desk or venue tablet manages its PINs there, " +
	"and has no role for the organisation until an administrator gives them one."

// noRoleCode says, in their Edit, why someone with no role on record is
// given no PIN setup code: a code gives a role (domain.GiveSetupCode),
// and the volunteer's the list stands in for them is one nobody chose.
const noRoleCode = "A " + kit.PINSetupCode + " gives a role, and they have none on record: give them a PIN on this device " +
	"and choose their role, then a " + kit.PINSetupCode + " for the other devices."

func roleLabels(roles []string) []string {
	out := make([]string, len(roles))
	for i, r := range roles {
		out[i] = roleLabel(r)
	}
	return out
}

func roleOf(label string) string {
	for _, r := range domain.Roles {
		if roleLabel(r) == label {
			return r
		}
	}
	return ""
}

// lastAdminStep is how to get a second administrator on this device, so
// the only one can be removed or given another role: an organisation
// device makes someone an administrator (their Edit, Role); a venue
// tablet cannot (the server refuses it), but it can give a PIN to an
// administrator known to Gather.
func lastAdminStep(venueTablet bool) string {
	if venueTablet {
		return "First give another administrator a PIN on this device (Edit, beside their name under \"Known to Gather\", then Give a PIN). " +
			"A venue tablet cannot make anyone an administrator: that is done " + kit.OnTheOfficeComputer + "."
	}
	return "First make someone else an administrator (Edit, beside their name, then Role)."
}

// keyProblem says in plain words why the key file refused a change.
func (s *staffSection) keyProblem(err error) string {
	minLen := s.minPIN()
	switch {
	case errors.Is(err, keyslot.ErrLastAdministrator):
		return "They are the only administrator on this device, so they cannot be removed or given another role. " + lastAdminStep(s.sh.VenueDevice())
	case errors.Is(err, keyslot.ErrNotAdministrator):
		return "Only an administrator can do that. Lock Gather and unlock it with an administrator's PIN."
	case errors.Is(err, keyslot.ErrStaffExists):
		return "They already have a PIN on this device."
	case errors.Is(err, keyslot.ErrUnknownStaff):
		return "They are no longer on this device."
	case errors.Is(err, keyslot.ErrUnknownRole):
		return "Choose one of the roles on the list."
	case errors.Is(err, keyslot.ErrPINTooShort), errors.Is(err, keyslot.ErrPINTooEasy), errors.Is(err, keyslot.ErrPINTooLong):
		return kit.PINProblem(err, minLen)
	}
	return shell.PlainError(err) + "."
}

// keyError is keyProblem for the error dialog: the problem in words and,
// where the problem is known, the step that fixes it (in place of
// keyNextStep, which is for failures nobody can explain).
func (s *staffSection) keyError(err error) error {
	switch {
	case errors.Is(err, keyslot.ErrLastAdministrator):
		return shell.StepError{Problem: "They are the only administrator on this device, so they cannot be removed or given another role.",
			Next: "Nothing was changed. " + lastAdminStep(s.sh.VenueDevice()) + " Then try again."}
	case errors.Is(err, keyslot.ErrNotAdministrator):
		return shell.StepError{Problem: "Only an administrator can do that.",
			Next: "Nothing was changed. Lock Gather, unlock it with an administrator's PIN, then try again."}
	case errors.Is(err, keyslot.ErrUnknownStaff):
		return shell.StepError{Problem: "They are no longer on this device.", Next: "Nothing was changed. The list shows who is here now."}
	}
	return shell.StepError{Problem: s.keyProblem(err)}
}

// keyNextStep is what to do when a change to who may unlock the device
// did not go through; the key file is as it was.
const keyNextStep = "Nothing was changed. Try again; if it keeps failing, lock Gather, unlock it with your administrator PIN and try once more."

// pinDialog asks an administrator for a new PIN, twice.
type pinDialog struct {
	d      *dialog.CustomDialog
	pin    *widget.Entry
	again  *widget.Entry
	advice *widget.Label
	save   *widget.Button
	busy   bool
}

// confirmDialog asks before something that cannot be undone.
type confirmDialog struct {
	d   *dialog.CustomDialog
	yes *widget.Button
	// everywhere, when offered, also deletes what yes acts on elsewhere
	// (Remove: the staff record).
	everywhere *widget.Button
}

// staffSection is "Staff on this device": who may unlock it, their PINs,
// lockouts and roles, and how soon the device locks itself.
type staffSection struct {
	sh   shell.Shell
	svc  *Services
	root fyne.CanvasObject

	msg      *widget.Label // how the last action went
	notSetUp *widget.Label
	keysBox  *fyne.Container
	members  *fyne.Container
	roleNote *widget.Label        // on a venue tablet: where roles are changed
	rows     map[string]*staffRow // by staff id
	others   *fyne.Container      // staff known to Gather with no PIN here
	othersBx *fyne.Container

	name     *widget.Entry
	role     *widget.Select
	venues   *widget.CheckGroup // where they work; none ticked: everywhere
	venuesBx fyne.CanvasObject  // "Works at" with its ticks: organisation devices only
	venueID  map[string]string  // venue name -> id
	addNote  *widget.Label      // on a venue tablet: whom it may add, and who sees them
	pin      *widget.Entry
	again    *widget.Entry
	advice   *widget.Label
	formMsg  *widget.Label
	addBtn   *widget.Button
	busy     bool

	pinDlg     *pinDialog
	editDlg    *staffDialog
	confirmDlg *confirmDialog
	lastCode   string // the setup code last shown, for tests
}

func newStaffSection(sh shell.Shell, svc *Services) *staffSection {
	s := &staffSection{sh: sh, svc: svc, rows: map[string]*staffRow{}}
	s.buildUI()
	return s
}

func (s *staffSection) content() fyne.CanvasObject { return s.root }

func (s *staffSection) minPIN() int {
	if s.svc.Keys == nil {
		return keyslot.DefaultMinPINLength
	}
	return max(s.svc.Keys.MinPINLength(), keyslot.MinPINLengthFloor)
}

func (s *staffSection) buildUI() {
	s.msg = adminMessage()
	s.notSetUp = kit.Wrapped("Staff PINs are not set up on this device, so anyone who opens Gather here can choose a name and use it. " +
		"PINs are set up when Gather is first started with a key file; until then there is nobody to add or lock out here.")
	s.members = container.NewVBox()
	s.others = container.NewVBox()
	s.othersBx = container.NewVBox(widget.NewSeparator(), adminTitle("Known to Gather, without a PIN on this device"),
		kit.Muted("They can use Gather on other devices. Give them a PIN to let them unlock this one."), s.others)

	s.name = widget.NewEntry()
	s.name.SetPlaceHolder("Full name, e.g. Jo Bloggs")
	s.role = widget.NewSelect(roleLabels(domain.Roles), nil)
	s.role.SetSelected(roleLabel(domain.RoleVolunteer))
	// One under another: in a row, three venues' names at the largest text
	// ran past a portrait tablet's edge, and an organisation has more.
	s.venues = widget.NewCheckGroup(nil, nil)
	s.pin = widget.NewPasswordEntry()
	s.pin.SetPlaceHolder("PIN")
	s.again = widget.NewPasswordEntry()
	s.again.SetPlaceHolder("PIN again")
	s.pin.OnChanged = func(string) { s.onPINTyped() }
	s.again.OnChanged = func(string) { s.onPINTyped() }
	s.again.OnSubmitted = func(string) { s.onAdd() }
	s.advice = kit.Wrapped("")
	s.advice.Importance = widget.LowImportance
	s.formMsg = adminMessage()
	s.addBtn = kit.BigButton("Add to this device", theme.ContentAddIcon(), widget.HighImportance, s.onAdd)
	s.venuesBx = adminLabelled("Works at (none ticked: every venue)", s.venues)
	s.addNote = kit.Wrapped("")
	s.addNote.Hide()
	add := container.NewVBox(adminTitle("Add a member of staff"),
		kit.Muted("They unlock this device with their own PIN. Tell them the PIN in person; nobody can look it up later."),
		s.addNote,
		kit.NewColumns(16, true, adminLabelled("Name", kit.Tall(s.name)), adminLabelled("Role", kit.Tall(s.role))),
		s.venuesBx,
		kit.NewColumns(16, true, adminLabelled("PIN", kit.Tall(s.pin)), adminLabelled("PIN again", kit.Tall(s.again))),
		s.advice, s.formMsg, container.NewHBox(kit.Tall(s.addBtn)))

	s.roleNote = kit.Wrapped("To change someone's role or where they work, ask an administrator to do it " + kit.OnTheOfficeComputer +
		". A venue tablet cannot change them: the server refuses it.")
	s.roleNote.Hide()
	list := container.NewVBox(adminTitle("Staff who can unlock this device"), s.roleNote, s.members, s.othersBx)
	s.keysBox = container.NewVBox(kit.Panel(list), kit.Panel(add))

	s.onPINTyped()
	s.root = container.NewVScroll(container.NewPadded(container.NewVBox(s.msg, s.notSetUp, s.keysBox)))
}

// refresh re-reads the key file and the staff records.
func (s *staffSection) refresh() {
	keys := s.svc.Keys
	if keys == nil {
		s.notSetUp.Show()
		s.keysBox.Hide()
	} else {
		s.notSetUp.Hide()
		s.keysBox.Show()
		s.refreshMembers(keys)
		s.refreshAddForm()
	}
	adminRelayout(s.root)
}

// hasRecord reports whether staff member id has a record on this device.
func (s *staffSection) hasRecord(id string) bool {
	_, ok := s.sh.View().Get(domain.KindStaff, id)
	return ok
}

// onRecord is staff member id's record on this device; zero when it has
// none (someone known to the key file only).
func (s *staffSection) onRecord(id string) domain.Staff {
	var st domain.Staff
	if r, ok := s.sh.View().Get(domain.KindStaff, id); ok {
		r.Decode(&st)
	}
	return st
}

// venueLabel names venue id as the staff list shows it: an archived
// venue says so (someone may still be down as working there), and one
// this device has no record of is not left out.
func (s *staffSection) venueLabel(id string) string {
	if r, ok := s.sh.View().Get(domain.KindVenue, id); ok && r.Get("name") != "" {
		return r.Get("name")
	}
	// An archived venue is kept apart from those in use (View.Retired).
	for _, r := range s.sh.View().Retired(domain.KindVenue) {
		if r.ID == id && r.Get("name") != "" {
			return r.Get("name") + " (archived)"
		}
	}
	return "a venue not on this device"
}

// worksAt is the line under someone's role: "Works at Church hall, St
// Mary's".
func (s *staffSection) worksAt(venues []string) string { return "Works at " + s.venueNames(venues) }

// venueNames names venues, "every venue" for none (domain.StaffKnownAt).
func (s *staffSection) venueNames(venues []string) string {
	if len(venues) == 0 {
		return "every venue"
	}
	names := make([]string, len(venues))
	for i, id := range venues {
		names[i] = s.venueLabel(id)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// sameVenues reports whether a and b hold the same venues, in any order.
func sameVenues(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for _, id := range a {
		if !slices.Contains(b, id) {
			return false
		}
	}
	return true
}

// codeWaiting reports whether staff member id's record carries a setup
// code that can still be used (domain.SetupCodeWaiting).
func (s *staffSection) codeWaiting(id string) bool {
	r, ok := s.sh.View().Get(domain.KindStaff, id)
	return ok && domain.SetupCodeWaiting(r.Get("invite"), s.sh.Now())
}

// onPINTyped gives advice on a new PIN as it is typed.
func (s *staffSection) onPINTyped() {
	kit.AdviseOnPIN(s.pin.Text, s.again.Text, s.minPIN()).Show(s.advice)
}

// staffAction saves an audit entry (and any staff record change) for an
// administrator's change to someone's access.
func (s *staffSection) staffAction(action, staffID, detail string, changes ...record.Change) error {
	entry := s.sh.Recorder().StaffAction(s.sh.Staff().ID, action, staffID, detail)
	return s.sh.Save(append(changes, entry)...)
}

func (s *staffSection) onAdd() {
	keys := s.svc.Keys
	if keys == nil || s.busy {
		return
	}
	name := strings.Join(strings.Fields(s.name.Text), " ")
	role := roleOf(s.role.Selected) // among the roles this device offers (refreshAddForm)
	problem := ""
	switch {
	case name == "":
		problem = "Type their name, so their marks and notes show who made them."
	case role == "":
		problem = "Choose their role."
	default:
		if a := kit.AdviseOnPIN(s.pin.Text, s.again.Text, s.minPIN()); !a.OK {
			problem = a.Text
		}
	}
	if problem == "" {
		problem = s.nameTaken("", name)
	}
	if problem != "" {
		s.say(s.formMsg, problem, widget.DangerImportance)
		return
	}
	m := keyslot.Member{ID: domain.NewID(), Name: name, Role: role}
	var venues []string
	if !s.sh.VenueDevice() {
		for _, n := range s.venues.Selected {
			venues = append(venues, s.venueID[n])
		}
	}
	pin := s.pin.Text
	s.busy = true
	s.addBtn.Disable()
	s.say(s.formMsg, "Saving "+name+"'s PIN…", widget.MediumImportance)
	var err error
	s.sh.Run(func() { err = keys.AddStaff(m, pin) }, func() {
		s.busy = false
		s.addBtn.Enable()
		if err != nil {
			s.say(s.formMsg, name+" was not added. "+s.keyProblem(err), widget.DangerImportance)
			return
		}
		st := domain.Staff{ID: m.ID, Name: m.Name, Role: m.Role, Venues: venues}
		if s.staffAction(audit.ActionStaffChanged, m.ID, "added as "+m.Role, domain.AddStaff(st)) != nil {
			// Keep the key file and the records in step: no PIN without a record.
			_ = keys.RemoveStaff(m.ID)
			s.say(s.formMsg, name+" was not added. Try again.", widget.DangerImportance)
			return
		}
		s.name.SetText("")
		s.venues.SetSelected(nil)
		s.pin.SetText("")
		s.again.SetText("")
		s.formMsg.Hide()
		next := ""
		if s.svc.canGiveSetupCodes() {
			next = " For the other devices at their venues, give them a " + kit.PINSetupCode + " (" + kit.CapitalFirst(kit.PINSetupCode) + ", beside their name)."
		}
		s.say(s.msg, fmt.Sprintf("%s was added as %s. They can unlock this device with their PIN now.%s", name, shell.WithArticle(m.Role), next), widget.SuccessImportance)
		s.refresh()
	})
}

// nameTaken says why name will not do for staff member id (new: ""),
// or "" when it will: two people on this device with one name could not
// be told apart on the lock or on the marks and notes they make.
func (s *staffSection) nameTaken(id, name string) string {
	for _, m := range s.svc.Keys.Members() {
		if m.ID != id && strings.EqualFold(m.Name, name) {
			return fmt.Sprintf("%s already has a PIN on this device. If this is someone else with the same name, add an initial so people can tell them apart.", m.Name)
		}
	}
	return ""
}

// openPINDialog asks for a new PIN and hands it to apply, off the UI
// goroutine; after runs on the UI goroutine once apply succeeded.
func (s *staffSection) openPINDialog(title, intro, saveText string, apply func(pin string) error, after func()) {
	p := &pinDialog{}
	p.pin = widget.NewPasswordEntry()
	p.pin.SetPlaceHolder("New PIN")
	p.again = widget.NewPasswordEntry()
	p.again.SetPlaceHolder("New PIN again")
	p.advice = kit.Wrapped("")
	typed := func(string) { kit.AdviseOnPIN(p.pin.Text, p.again.Text, s.minPIN()).Show(p.advice) }
	typed("")
	p.pin.OnChanged = typed
	p.again.OnChanged = typed
	save := func() {
		if p.busy {
			return
		}
		if a := kit.AdviseOnPIN(p.pin.Text, p.again.Text, s.minPIN()); !a.OK {
			a.Problem = true // asked to save it: say it in red
			a.Show(p.advice)
			return
		}
		pin := p.pin.Text
		p.busy = true
		p.save.Disable()
		p.advice.Importance = widget.MediumImportance
		p.advice.SetText("Saving the PIN…")
		var err error
		s.sh.Run(func() { err = apply(pin) }, func() {
			p.busy = false
			p.save.Enable()
			if err != nil {
				p.advice.Importance = widget.DangerImportance
				p.advice.SetText(s.keyProblem(err))
				return
			}
			p.d.Hide()
			if s.pinDlg == p {
				s.pinDlg = nil
			}
			after()
		})
	}
	p.again.OnSubmitted = func(string) { save() }
	p.save = kit.BigButton(saveText, theme.ConfirmIcon(), widget.HighImportance, save)
	body := container.NewVBox(kit.Wrapped(intro),
		adminLabelled("New PIN", kit.Tall(p.pin)), adminLabelled("New PIN again", kit.Tall(p.again)), p.advice)
	p.d = kit.NewDialog(s.sh.Window(), title, body, "Cancel", []fyne.CanvasObject{p.save})
	p.d.Resize(kit.DialogSize(s.sh.Window(), 520, 420))
	s.pinDlg = p
	p.d.Show()
	s.sh.Window().Canvas().Focus(p.pin)
}

// onResetPIN sets a new PIN for someone who forgot theirs.
func (s *staffSection) onResetPIN(m keyslot.Member) {
	keys := s.svc.Keys
	if keys == nil {
		return
	}
	s.openPINDialog("New PIN for "+m.Name,
		"Set a new PIN for "+m.Name+" and tell it to them in person. Their old PIN stops working, and any lockout is cleared.",
		"Set new PIN",
		func(pin string) error { return keys.ResetPIN(m.ID, pin) },
		func() {
			if s.staffAction(audit.ActionPINReset, m.ID, "") == nil {
				s.say(s.msg, m.Name+" has a new PIN. Their old one no longer works.", widget.SuccessImportance)
			}
			s.refresh()
		})
}

// onGivePIN lets someone already known to Gather unlock this device.
func (s *staffSection) onGivePIN(m keyslot.Member) {
	keys := s.svc.Keys
	if keys == nil {
		return
	}
	s.openPINDialog("PIN for "+m.Name,
		"Choose a PIN for "+m.Name+" ("+m.Role+") to unlock this device, and tell it to them in person.",
		"Give this PIN",
		func(pin string) error { return keys.AddStaff(m, pin) },
		func() {
			if s.staffAction(audit.ActionStaffChanged, m.ID, "given a PIN on this device as "+m.Role) == nil {
				s.say(s.msg, m.Name+" can unlock this device with their PIN now.", widget.SuccessImportance)
			}
			s.refresh()
		})
}

// onClearLockout lets someone try their PIN again.
func (s *staffSection) onClearLockout(m keyslot.Member) {
	keys := s.svc.Keys
	if keys == nil {
		return
	}
	var err error
	s.sh.Run(func() { err = keys.ClearLockout(m.ID) }, func() {
		if err != nil {
			s.sh.ShowError(m.Name+"'s lockout was not cleared", s.keyError(err), keyNextStep)
			return
		}
		if s.staffAction(audit.ActionLockoutCleared, m.ID, "") == nil {
			s.say(s.msg, m.Name+" can try their PIN again.", widget.SuccessImportance)
		}
		s.refresh()
	})
}

// signOut ends the session of an administrator who gave up the role.
func (s *staffSection) signOut() {
	if s.svc.SignOut != nil {
		s.svc.SignOut()
	}
}

// say shows a message in the section and lays it out again.
func (s *staffSection) say(l *widget.Label, text string, imp widget.Importance) {
	adminSay(l, text, imp)
	adminRelayout(s.root)
}

// venueAddNote says whom a venue tablet adds (refreshAddForm).
const venueAddNote = "A venue tablet adds facilitators and volunteers only, working at every venue: every Gather device will list them, " +
	"and their PIN opens this tablet. For other roles or particular venues, add them " + kit.OnTheOfficeComputer + "."

// refreshAddForm offers what this device may give a new member of staff:
// on an organisation device every role and the venues on it for "Works
// at", but the administrator role only where the device is enrolled for a
// role that manages staff (the server refuses a new administrator from
// any other: makesNewAdministrator); on a venue tablet the roles a venue
// device may give and no venues (domain.VenueMayWriteStaff: the server
// refuses the rest from it). A line says what is left out.
func (s *staffSection) refreshAddForm() {
	venueTablet := s.sh.VenueDevice()
	if venueTablet {
		s.venuesBx.Hide()
	} else {
		s.venuesBx.Show()
	}
	roles, note := domain.Roles, ""
	switch why := shell.DeviceRefusal(s.sh.Store(), access.ActionManageStaff, "a new administrator"); {
	case venueTablet:
		roles, note = domain.VenueRoles, venueAddNote
	case why != "":
		roles = slices.DeleteFunc(slices.Clone(roles), func(r string) bool { return r == domain.RoleAdministrator })
		note = why
	}
	s.addNote.SetText(note)
	s.addNote.Hidden = note == ""
	s.role.Options = roleLabels(roles)
	if !slices.Contains(roles, roleOf(s.role.Selected)) {
		s.role.SetSelected(roleLabel(domain.RoleVolunteer))
	}
	s.role.Refresh()
	s.venueID = map[string]string{}
	var names []string
	for _, v := range s.sh.View().Venues() {
		s.venueID[v.Name] = v.ID
		names = append(names, v.Name)
	}
	s.venues.Options = names
	s.venues.Refresh()
}

// inviteParams are the Argon2id costs of a setup code (tests lower them).
var inviteParams = keyslot.DefaultParams

// setupCodeDays is how long a setup code works.
const setupCodeDays = 14

// onSetupCode makes a setup code for a staff member's first unlock on the
// other devices of their venues: only its public half goes in their staff
// record (and so to those devices); the code is shown here once, to be
// handed over in person, and kept nowhere. A new code replaces the last.
func (s *staffSection) onSetupCode(m keyslot.Member) {
	if !s.svc.canGiveSetupCodes() {
		return
	}
	expires := s.sh.Now().Add(setupCodeDays * 24 * time.Hour)
	var (
		code string
		inv  keyslot.Invite
		err  error
	)
	s.sh.Run(func() { code, inv, err = keyslot.NewInvite(inviteParams, expires) }, func() {
		if err != nil {
			s.sh.ShowError("No "+kit.PINSetupCode+" was made", err, keyNextStep)
			return
		}
		var st domain.Staff
		if r, ok := s.sh.View().Get(domain.KindStaff, m.ID); ok {
			r.Decode(&st)
		}
		change := domain.GiveSetupCode(st, m.ID, m.Name, m.Role, inv.String())
		if s.staffAction(audit.ActionStaffChanged, m.ID, "given a "+kit.PINSetupCode+" for other devices", change) != nil {
			return
		}
		s.lastCode = code
		codeText := kit.BigCode(code)
		body := container.NewVBox(
			kit.Wrapped(fmt.Sprintf("Give this %s to %s in person. On each device at their venues (once it has synced), they tap their name, type the code and choose their own PIN there, as %s.", kit.PINSetupCode, m.Name, shell.WithArticle(m.Role))),
			codeText,
			kit.Wrapped(fmt.Sprintf("It works until %s. Gather does not keep it: write it down for them now. A new "+kit.PINSetupCode+" replaces this one.", expires.Format("Monday 2 January 2006"))))
		d := kit.NewDialog(s.sh.Window(), kit.CapitalFirst(kit.PINSetupCode)+" for "+m.Name, body, "Done", nil)
		d.Resize(kit.DialogSize(s.sh.Window(), 560, 360))
		d.Show()
		s.say(s.msg, m.Name+" has a "+kit.PINSetupCode+" for the other devices.", widget.SuccessImportance)
	})
}
