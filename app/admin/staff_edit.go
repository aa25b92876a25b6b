package admin

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
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

// staffRow is one member of staff on the list: who they are, and Edit,
// which opens everything an administrator may change about them (one
// dialog, rather than a row of buttons that wrapped at large text).
type staffRow struct {
	member   keyslot.Member
	onDevice bool          // they have a PIN here (else known to Gather only)
	status   *widget.Label // role, PIN state, and what cannot be changed here
	worksAt  *widget.Label // "Works at …", under their role
	clearBtn *widget.Button
	editBtn  *widget.Button
	rules    editRules
}

// editRules are what this device lets an administrator change about one
// member of staff, and why not where it does not: the same rules the
// server and the key file hold to, so nothing is offered that would be
// refused afterwards.
type editRules struct {
	rename            bool   // a venue tablet does not (the server takes only records it wrote)
	role              bool   // Role may be changed
	roleShown         bool   // Role is on show, changeable or not
	roleWhy           string // why Role cannot be changed
	venues            bool   // "Works at" may be changed
	venuesShown       bool
	venuesWhy         string
	remove            bool   // Remove is offered, enabled
	removeWhy         string // why Remove is not, or what it cannot do here
	everywhere        bool   // "From every device" (their record deleted) is offered
	onlyAdministrator bool
	code              bool   // a PIN setup code may be given
	codeWhy           string // why one may not, where this device gives them
}

// onlyAdministrator reports whether m is the one administrator who can
// unlock this device: the device must keep someone who can manage it
// (keyslot refuses it too). Someone without a PIN here never is, as the
// administrator using this screen has one.
func (s *staffSection) onlyAdministrator(m keyslot.Member, admins int) bool {
	return m.Role == domain.RoleAdministrator && admins == 1 && s.onKeys(m.ID)
}

// onKeys reports whether staff member id has a PIN on this device.
func (s *staffSection) onKeys(id string) bool {
	return s.svc.Keys != nil && slices.ContainsFunc(s.svc.Keys.Members(), func(k keyslot.Member) bool { return k.ID == id })
}

// rulesFor works out editRules for m. admins counts the administrators
// with a PIN here.
func (s *staffSection) rulesFor(m keyslot.Member, onDevice bool, admins int) editRules {
	venueTablet := s.sh.VenueDevice()
	mayGiveCodes := s.svc.canGiveSetupCodes()
	// The server takes a new role or venues for someone on record only
	// from a device that manages staff (sync/server's
	// changesWhoMayUseGather): "" on such a device or one not connected.
	staffRefused := shell.DeviceRefusal(s.sh.Store(), access.ActionManageStaff, "") != "" && s.hasRecord(m.ID)
	codeWaits := !mayGiveCodes && s.codeWaiting(m.ID)
	r := editRules{rename: !venueTablet, roleShown: true, venuesShown: true, code: mayGiveCodes,
		onlyAdministrator: s.onlyAdministrator(m, admins)}
	if mayGiveCodes && !onDevice && s.hasRecord(m.ID) && s.onRecord(m.ID).Role == "" {
		// m.Role is the list's stand-in, which the code would give.
		r.code, r.codeWhy = false, noRoleCode
	}

	// Role: only an organisation device may change one (the server
	// refuses it from a venue tablet), for someone with a PIN here.
	switch {
	case venueTablet:
		r.roleWhy = "Their role is changed by an administrator " + kit.OnTheOfficeComputer + ": a venue tablet cannot change it."
	case r.onlyAdministrator:
		r.roleWhy = "They are the only administrator on this device, so their role stays. " + lastAdminStep(venueTablet)
	case !onDevice:
		r.roleWhy = "Give them a PIN on this device to change their role here."
	case codeWaits:
		// The devices that know them give them their record's role with
		// the code.
		r.roleWhy = "They have a " + kit.PINSetupCode + " waiting: change their role and where they work on the administrator's office device."
	case staffRefused:
		// Every device signs them in with no higher a role than their
		// record's, which only such a device may change.
		r.roleWhy = "Change their role and where they work on the administrator's office device."
	default:
		r.role = true
	}

	// Where they work: never from a venue tablet
	// (domain.VenueMayWriteStaff), nor while a code waits, nor for someone
	// on record from a device that does not manage staff.
	switch {
	case venueTablet && domain.VenueMayWriteStaff("venues", "") != "":
		r.venuesShown = false
	case codeWaits:
		r.venuesWhy = "They have a " + kit.PINSetupCode + " waiting: change where they work on the administrator's office device."
	case staffRefused:
		r.venuesWhy = "Change where they work on the administrator's office device."
	default:
		r.venues = true
	}

	// Remove: from this device (their PIN), and from every device (their
	// record) where the server takes it: a device enrolled for a role
	// that manages staff, or one not connected.
	why := shell.DeviceRefusal(s.sh.Store(), access.ActionManageStaff, "removing someone from every device")
	r.everywhere = !venueTablet && why == ""
	switch {
	case r.onlyAdministrator:
		if venueTablet {
			r.removeWhy = "They are the only administrator on this device: give another administrator a PIN here to remove this one."
		} else {
			r.removeWhy = "They are the only administrator on this device: make someone else an administrator to remove this one."
		}
	case onDevice:
		r.remove = true
		if why != "" {
			r.removeWhy = "To remove them from every device: " + why
		}
	case r.everywhere:
		r.remove = true
	case venueTablet:
		r.removeWhy = "A venue tablet cannot remove someone from every device: that is done " + kit.OnTheOfficeComputer + "."
	default:
		r.removeWhy = "To remove them from every device: " + why
	}
	return r
}

// tapRow is a row of the staff list that opens its Edit when tapped
// anywhere but on a button of its own.
type tapRow struct {
	widget.BaseWidget
	content fyne.CanvasObject
	tapped  func()
}

func newTapRow(content fyne.CanvasObject, tapped func()) *tapRow {
	r := &tapRow{content: content, tapped: tapped}
	r.ExtendBaseWidget(r)
	return r
}

func (r *tapRow) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(r.content) }

func (r *tapRow) Tapped(*fyne.PointEvent) {
	if r.tapped != nil {
		r.tapped()
	}
}

func (s *staffSection) refreshMembers(keys shell.StaffKeys) {
	s.members.Objects = nil
	s.rows = map[string]*staffRow{}
	// Only an organisation device may change a role (sync/server's push
	// refuses it from a venue tablet), so a venue tablet says once where
	// to do it instead.
	venueTablet := s.sh.VenueDevice()
	s.roleNote.Hidden = !venueTablet
	onDevice := map[string]bool{}
	admins := 0
	for _, m := range keys.Members() {
		if m.Role == domain.RoleAdministrator {
			admins++
		}
	}
	for _, m := range keys.Members() {
		onDevice[m.ID] = true
		row := &staffRow{member: m, onDevice: true, rules: s.rulesFor(m, true, admins)}
		s.rows[m.ID] = row
		name := widget.NewLabelWithStyle(m.Name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		if m.ID == s.sh.Staff().ID {
			name.SetText(m.Name + " (you)")
		}
		row.status = kit.Wrapped("") // "the only administrator: …" is longer than a tablet's row at large text
		status := roleLabel(m.Role) + " · PIN set"
		st, err := keys.Status(m.ID)
		switch {
		case err != nil:
			status = roleLabel(m.Role)
		case st.Locked:
			status = roleLabel(m.Role) + " · Locked out after too many wrong PINs"
			row.status.Importance = widget.DangerImportance
		case st.Failures == 1:
			status = roleLabel(m.Role) + " · 1 wrong PIN"
			row.status.Importance = widget.WarningImportance
		case st.Failures > 1:
			status = roleLabel(m.Role) + fmt.Sprintf(" · %d wrong PINs", st.Failures)
			row.status.Importance = widget.WarningImportance
		}
		if row.rules.onlyAdministrator {
			if venueTablet {
				status += " · the only administrator: give another administrator a PIN here to remove this one"
			} else {
				status += " · the only administrator: add another to remove this one or change their role"
			}
		}
		if !venueTablet && !row.rules.role && !row.rules.onlyAdministrator {
			switch {
			case strings.Contains(row.rules.roleWhy, kit.PINSetupCode):
				status += " · has a " + kit.PINSetupCode + ": change their role and venues on the administrator's office device"
			case row.rules.roleWhy != "":
				status += " · change their role and where they work on the administrator's office device"
			}
		}
		row.status.SetText(status)
		// Clear lockout stays on the row: someone locked out is waiting
		// at the device, and it is one tap. A wrong PIN or two is said
		// but asks nothing of anyone: a right PIN starts the count again.
		row.clearBtn = kit.BigButton("Clear lockout", theme.ConfirmIcon(), widget.HighImportance, func() { s.onClearLockout(m) })
		if err != nil || !st.Locked {
			row.clearBtn.Hide()
		}
		s.addRow(s.members, row, name)
		s.members.Add(widget.NewSeparator())
	}
	// Staff on record without a slot here: Edit gives them a PIN, and
	// more.
	s.others.Objects = nil
	var known []domain.Staff
	for _, r := range s.sh.View().All(domain.KindStaff) {
		var st domain.Staff
		r.Decode(&st)
		if !st.Deleted && !onDevice[st.ID] && st.Name != "" {
			known = append(known, st)
		}
	}
	sort.Slice(known, func(i, j int) bool { return known[i].Name < known[j].Name })
	for _, st := range known {
		m := keyslot.Member{ID: st.ID, Name: st.Name, Role: st.Role}
		if roleOf(roleLabel(m.Role)) == "" {
			m.Role = domain.RoleVolunteer
		}
		row := &staffRow{member: m, rules: s.rulesFor(m, false, admins)}
		s.rows[m.ID] = row
		row.status = kit.Wrapped(roleLabel(m.Role))
		if st.Role == "" {
			row.status.SetText(noRoleOnRecord)
		}
		row.status.Importance = widget.LowImportance
		s.addRow(s.others, row, widget.NewLabelWithStyle(m.Name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	}
	if len(known) == 0 {
		s.othersBx.Hide()
	} else {
		s.othersBx.Show()
	}
	s.members.Refresh()
	s.others.Refresh()
}

// addRow puts row on list: name, status and where they work, with Edit
// (and Clear lockout when they are locked out) beside or under them.
func (s *staffSection) addRow(list *fyne.Container, row *staffRow, name *widget.Label) {
	row.worksAt = kit.Wrapped(s.worksAt(s.onRecord(row.member.ID).Venues))
	row.worksAt.Importance = widget.LowImportance
	row.editBtn = kit.BigButton("Edit", theme.DocumentCreateIcon(), widget.MediumImportance, func() { s.openEdit(row) })
	buttons := []fyne.CanvasObject{kit.Tall(row.editBtn)}
	if row.clearBtn != nil {
		buttons = append([]fyne.CanvasObject{kit.Tall(row.clearBtn)}, buttons...)
	}
	who := container.New(kit.TightLayout{}, name, row.status, row.worksAt)
	list.Add(newTapRow(kit.ButtonsBeside(who, buttons...), func() { s.openEdit(row) }))
}

// staffDialog is one member of staff's Edit: their name, role and where
// they work, saved together; their PIN on this device and a setup code
// for the others; and Remove.
type staffDialog struct {
	d         *dialog.CustomDialog
	row       *staffRow
	name      *widget.Entry
	role      *widget.RadioGroup
	roleWhy   *widget.Label
	venues    *widget.CheckGroup
	venueIDs  map[string]string // option -> venue id
	venuesWhy *widget.Label
	msg       *widget.Label
	save      *widget.Button
	pin       *widget.Button // "New PIN", or "Give a PIN" for someone without one here
	code      *widget.Button // "PIN setup code"
	remove    *widget.Button
	removeWhy *widget.Label
	busy      bool
}

// why is a quiet line saying why something cannot be changed; hidden when
// there is nothing to say.
func why(text string) *widget.Label {
	l := kit.Wrapped(text)
	l.Importance = widget.LowImportance
	l.Hidden = text == ""
	return l
}

// editWidth is Edit's width where the window has room.
const editWidth = 620

// openEdit opens row's Edit.
func (s *staffSection) openEdit(row *staffRow) {
	if s.svc.Keys == nil || s.editDlg != nil {
		return
	}
	m, r := row.member, row.rules
	e := &staffDialog{row: row, msg: adminMessage()}
	body := container.NewVBox()

	e.name = widget.NewEntry()
	e.name.SetText(m.Name)
	e.name.OnSubmitted = func(string) { s.saveEdit(e) }
	e.name.Hidden = !r.rename
	if r.rename {
		body.Add(adminLabelled("Name", kit.Tall(e.name)))
		body.Add(kit.Muted("A new name shows on the marks and notes they made too, on every device once it has synced. " +
			"Where an activity names them as its facilitator, change it on the activity."))
	}

	roles := domain.Roles
	e.role = widget.NewRadioGroup(roleLabels(roles), nil)
	e.role.Required = true
	roleWhy := r.roleWhy
	if !s.onKeys(m.ID) && s.hasRecord(m.ID) && s.onRecord(m.ID).Role == "" {
		// Not the volunteer's role they would get with a PIN here.
		roleWhy = strings.TrimSpace(noRoleWhy + " " + roleWhy)
	} else {
		e.role.SetSelected(roleLabel(m.Role))
	}
	if !r.role {
		e.role.Disable()
	}
	intro := "What " + m.Name + " can see and do follows their role."
	if m.ID == s.sh.Staff().ID && r.role {
		intro += " If you give yourself another role, Gather signs you out."
	}
	e.roleWhy = why(roleWhy)
	body.Add(adminLabelled("Role", container.NewVBox(kit.Muted(intro), e.role, e.roleWhy)))

	// The organisation's venues, and any archived one they are still down
	// for, ticked until an administrator unticks it (dropping it unasked
	// could leave them none, which is every venue). One under another:
	// venues' names at the largest text run past a portrait tablet's edge
	// side by side.
	e.venueIDs = map[string]string{}
	var options, ticked []string
	for _, venue := range s.sh.View().Venues() {
		e.venueIDs[venue.Name] = venue.ID
		options = append(options, venue.Name)
	}
	for _, id := range s.onRecord(m.ID).Venues {
		label := s.venueLabel(id)
		if e.venueIDs[label] != id {
			if _, taken := e.venueIDs[label]; taken {
				label += " (" + id + ")"
			}
			e.venueIDs[label] = id
			options = append(options, label)
		}
		ticked = append(ticked, label)
	}
	e.venues = widget.NewCheckGroup(options, nil)
	e.venues.SetSelected(ticked)
	if !r.venues {
		e.venues.Disable()
	}
	e.venuesWhy = why(r.venuesWhy)
	e.venues.Hidden = !r.venuesShown
	if r.venuesShown {
		body.Add(adminLabelled("Works at (none ticked: every venue)", container.NewVBox(
			kit.Muted("Venue tablets let them in only there. On a device serving every venue, a facilitator or volunteer sees only these venues' sessions and attendance."),
			e.venues, e.venuesWhy)))
	} else {
		body.Add(kit.Wrapped(s.worksAt(s.onRecord(m.ID).Venues)))
	}
	body.Add(e.msg)

	// Their PIN: here, and a setup code for the other devices.
	body.Add(widget.NewSeparator())
	pinText := m.Name + " unlocks this device with their own PIN."
	if row.onDevice {
		e.pin = kit.BigButton("New PIN", theme.LoginIcon(), widget.MediumImportance, func() { s.onResetPIN(m) })
	} else {
		pinText = m.Name + " has no PIN on this device: give them one to let them unlock it."
		e.pin = kit.BigButton("Give a PIN", theme.LoginIcon(), widget.MediumImportance, func() { s.closeEdit(); s.onGivePIN(m) })
	}
	pinButtons := []fyne.CanvasObject{kit.Tall(e.pin)}
	if r.code {
		pinText += " A " + kit.PINSetupCode + " lets them choose their own on the other devices at their venues."
		e.code = kit.BigButton(kit.CapitalFirst(kit.PINSetupCode), theme.MailSendIcon(), widget.MediumImportance, func() { s.onSetupCode(m) })
		pinButtons = append(pinButtons, kit.Tall(e.code))
	} else if r.codeWhy != "" {
		pinText += " " + r.codeWhy
	}
	body.Add(adminLabelled("PIN", container.NewVBox(kit.Wrapped(pinText), kit.NewFlow(func() float32 { return kit.DialogSize(s.sh.Window(), editWidth, 0).Width - 32 }, pinButtons...))))

	// Remove.
	body.Add(widget.NewSeparator())
	e.remove = kit.BigButton("Remove "+m.Name+"…", theme.DeleteIcon(), widget.DangerImportance, func() { s.onRemove(e) })
	if !r.remove {
		e.remove.Disable()
	}
	e.removeWhy = why(r.removeWhy)
	if r.remove || r.removeWhy != "" {
		body.Add(container.NewVBox(container.NewHBox(kit.Tall(e.remove)), e.removeWhy))
	}

	var buttons []fyne.CanvasObject
	dismiss := "Close"
	if r.rename || r.role || r.venues {
		dismiss = "Cancel"
		e.save = kit.BigButton("Save changes", theme.ConfirmIcon(), widget.HighImportance, func() { s.saveEdit(e) })
		buttons = append(buttons, e.save)
	}
	// Padded on the right: the scroll bar would sit over the name's edge.
	scroll := container.NewVScroll(container.New(layout.NewCustomPaddedLayout(0, 0, 0, theme.Padding()*2), body))
	e.d = kit.NewDialog(s.sh.Window(), m.Name, scroll, dismiss, buttons)
	e.d.SetOnClosed(func() {
		if s.editDlg == e {
			s.editDlg = nil
		}
	})
	kit.FitDialog(s.sh.Window(), e.d, scroll, editWidth)
	s.editDlg = e
	e.d.Show()
}

// closeEdit closes Edit, when it is open.
func (s *staffSection) closeEdit() {
	if e := s.editDlg; e != nil {
		s.editDlg = nil
		e.d.Hide()
	}
}

// saveEdit saves what Edit changed, together: the name and role in the
// key file when they have a PIN here (the lock lists them by it), and
// name, role and venues on their record, which every device gets, with an
// audit entry for each.
func (s *staffSection) saveEdit(e *staffDialog) {
	keys := s.svc.Keys
	if keys == nil || e.busy {
		return
	}
	m, r := e.row.member, e.row.rules
	name, role := m.Name, m.Role
	if r.rename {
		name = strings.Join(strings.Fields(e.name.Text), " ")
		problem := s.nameTaken(m.ID, name)
		if name == "" {
			problem = "Type their name, so their marks and notes show who made them."
		}
		if problem != "" {
			adminSay(e.msg, problem, widget.DangerImportance)
			return
		}
	}
	if r.role {
		if role = roleOf(e.role.Selected); role == "" {
			role = m.Role
		}
	}
	before := s.onRecord(m.ID).Venues
	after := before
	if r.venues {
		after = nil
		for _, o := range e.venues.Options {
			if slices.Contains(e.venues.Selected, o) {
				after = append(after, e.venueIDs[o])
			}
		}
	}
	renamed, newRole, moved := name != m.Name, role != m.Role, !sameVenues(before, after)
	if !renamed && !newRole && !moved {
		s.closeEdit()
		return
	}
	onDevice := s.onKeys(m.ID)
	toKeys := onDevice && (renamed || newRole)
	e.busy = true
	if e.save != nil {
		e.save.Disable()
	}
	var err error
	s.sh.Run(func() {
		if toKeys {
			err = keys.UpdateStaff(keyslot.Member{ID: m.ID, Name: name, Role: role})
		}
	}, func() {
		e.busy = false
		if e.save != nil {
			e.save.Enable()
		}
		if err != nil {
			adminSay(e.msg, s.keyProblem(err), widget.DangerImportance)
			return
		}
		fields := map[string]string{}
		var details, said []string
		if renamed {
			onRecord := s.onRecord(m.ID)
			if s.hasRecord(m.ID) && shell.DeviceRefusal(s.sh.Store(), access.ActionManageStaff, "") != "" {
				// A role for a record the server holds is a device's that
				// manages staff (it would lower them everywhere): the
				// name goes alone.
				onRecord.Role = m.Role
			}
			rename := domain.RenameStaff(onRecord, m.ID, name, role)
			if !onDevice {
				// Known from their record only, whose role (none, for a
				// desk's first user) is theirs: m.Role may be the list's
				// stand-in, the volunteer's, which would sign them in as
				// one where they manage PINs (access.SignInRole).
				delete(rename.Fields, "role")
			}
			maps(fields, rename.Fields)
			details = append(details, "name changed from "+m.Name+" to "+name)
			said = append(said, m.Name+" is now "+name+" on every device.")
		}
		if newRole {
			maps(fields, domain.ChangeStaffRole(m.ID, name, role).Fields)
			details = append(details, "role changed from "+m.Role+" to "+role)
			said = append(said, fmt.Sprintf("%s is now %s.", name, shell.WithArticle(role)))
		}
		if moved {
			maps(fields, domain.ChangeStaffVenues(m.ID, name, after).Fields)
			details = append(details, "venues changed from "+s.venueNames(before)+" to "+s.venueNames(after))
			said = append(said, name+" now works at "+s.venueNames(after)+".")
		}
		changes := []record.Change{{Kind: domain.KindStaff, ID: m.ID, Fields: fields}}
		for _, d := range details {
			changes = append(changes, s.sh.Recorder().StaffAction(s.sh.Staff().ID, audit.ActionStaffChanged, m.ID, d))
		}
		if s.sh.Save(changes...) != nil {
			if toKeys {
				// Keep the key file and the records in step.
				_ = keys.UpdateStaff(m)
			}
			adminSay(e.msg, "Nothing about "+m.Name+" was changed. Try again.", widget.DangerImportance)
			return
		}
		s.closeEdit()
		s.say(s.msg, strings.Join(said, " "), widget.SuccessImportance)
		if newRole && m.ID == s.sh.Staff().ID && role != domain.RoleAdministrator {
			s.signOut()
			return
		}
		s.refresh()
	})
}

// maps copies src's fields into dst.
func maps(dst, src map[string]string) {
	for k, v := range src {
		dst[k] = v
	}
}

// onRemove asks, then takes a member of staff off this device, and with
// "From every device" deletes their staff record too (domain.RemoveStaff):
// every other device then refuses their PIN once it has synced (desktop's
// signInAs). Off this device only, they stay known to Gather and can be
// given a PIN here again. Someone known to Gather without a PIN here can
// be removed from every device only.
func (s *staffSection) onRemove(e *staffDialog) {
	keys := s.svc.Keys
	if keys == nil || !e.row.rules.remove {
		return
	}
	m, r, onDevice := e.row.member, e.row.rules, e.row.onDevice
	s.closeEdit()
	const everyDevice = "If they have left, or should no longer use Gather at all, remove them from every device: " +
		"each of your organisation's devices refuses their PIN once it has synced."
	text := "Remove " + m.Name + " from this device? Their PIN will no longer unlock Gather here. " +
		"Their name stays on the marks and notes they made, and they can still use other devices."
	switch {
	case !onDevice:
		text = "Remove " + m.Name + " from every device? Each of your organisation's devices refuses their PIN once it has synced. " +
			"Their name stays on the marks and notes they made."
	case r.everywhere:
		text += "\n\n" + everyDevice
	case r.removeWhy != "":
		text += "\n\n" + r.removeWhy
	}
	if m.ID == s.sh.Staff().ID {
		text += " You are removing yourself: Gather will sign you out."
	}
	c := &confirmDialog{}
	remove := func(record bool) {
		c.d.Hide()
		s.confirmDlg = nil
		var err error
		s.sh.Run(func() {
			if onDevice {
				err = keys.RemoveStaff(m.ID)
			}
		}, func() {
			if err != nil {
				s.sh.ShowError(m.Name+" was not removed", s.keyError(err), keyNextStep)
				return
			}
			switch {
			case record:
				if s.staffAction(audit.ActionStaffChanged, m.ID, "removed from every device", domain.RemoveStaff(m.ID)) == nil {
					s.say(s.msg, m.Name+" was removed. Other devices refuse their PIN once they have synced.", widget.SuccessImportance)
				}
			case s.staffAction(audit.ActionStaffChanged, m.ID, "removed from this device") == nil:
				s.say(s.msg, m.Name+" was removed from this device.", widget.SuccessImportance)
			}
			if m.ID == s.sh.Staff().ID {
				s.signOut()
				return
			}
			s.refresh()
		})
	}
	var buttons []fyne.CanvasObject
	switch {
	case !onDevice:
		c.everywhere = kit.BigButton("Remove from every device", theme.DeleteIcon(), widget.DangerImportance, func() { remove(true) })
		buttons = append(buttons, c.everywhere)
	case r.everywhere:
		c.yes = kit.BigButton("From this device", theme.DeleteIcon(), widget.DangerImportance, func() { remove(false) })
		c.everywhere = kit.BigButton("From every device", theme.DeleteIcon(), widget.DangerImportance, func() { remove(true) })
		buttons = append(buttons, c.yes, c.everywhere)
	default:
		c.yes = kit.BigButton("Remove "+m.Name, theme.DeleteIcon(), widget.DangerImportance, func() { remove(false) })
		buttons = append(buttons, c.yes)
	}
	c.d = kit.NewDialog(s.sh.Window(), "Remove "+m.Name+"?", kit.DialogText(s.sh.Window(), kit.Wrapped(text)), "Cancel", buttons)
	s.confirmDlg = c
	c.d.Show()
}
