package admin

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	qrcode "github.com/skip2/go-qrcode"

	"github.com/gather-sp/gather/access"
	"github.com/gather-sp/gather/app/kit"
	"github.com/gather-sp/gather/app/shell"
	"github.com/gather-sp/gather/audit"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

// auditKindDevice names a device in audit entries (devices are not
// records, so there is no record kind for them).
const auditKindDevice record.Kind = "device"

// deviceAdminTimeout bounds one request to the server.
const deviceAdminTimeout = 30 * time.Second

// Problems the Devices section explains.
const (
	devicesOffline     = "Connect to the server to manage devices. This device cannot reach it just now; the list of devices, new connection codes and removing a device all need the server."
	devicesNotEnrolled = "This device is not connected to the server yet. Connect it in Settings; then the organisation's devices can be managed here."
	devicesNotAdmin    = "Only an administrator can manage devices. Lock Gather and unlock it with an administrator's PIN."
)

// devicesProblem says in words why a request to the server failed.
func devicesProblem(err error) string {
	switch {
	case errors.Is(err, shell.ErrServerUnreachable):
		return devicesOffline
	case errors.Is(err, shell.ErrNotEnrolled):
		return devicesNotEnrolled
	case errors.Is(err, context.DeadlineExceeded):
		return "The server took too long to answer. Try again in a minute."
	}
	return "The server said: " + shell.PlainError(err)
}

// deviceRow is one device on the list.
type deviceRow struct {
	info      shell.DeviceInfo
	details   *widget.Label
	removeBtn *widget.Button // nil for this device and removed ones
}

// codeForm asks what a new device is for.
type codeForm struct {
	d       *dialog.CustomDialog
	scroll  *container.Scroll
	win     fyne.Window
	where   *widget.RadioGroup
	venues  *widget.CheckGroup
	role    *widget.Select
	valid   *widget.Select
	msg     *widget.Label
	makeBtn *widget.Button
	venueID map[string]string // check label -> venue id
	busy    bool
}

// codeShown shows a code made for a new device.
type codeShown struct {
	d       *dialog.CustomDialog
	code    shell.EnrolmentCode
	text    *canvas.Text
	qr      *canvas.Image
	expires *widget.Label
}

// devicesSection is Admin › Devices: the organisation's devices as the
// server knows them, codes for new ones, and removing a lost one. It is
// shown to administrators on an organisation device.
type devicesSection struct {
	sh   shell.Shell
	svc  *Services
	root fyne.CanvasObject

	msg       *widget.Label // how the last action went
	state     *widget.Label // offline, not connected, loading
	heading   *widget.Label
	list      *fyne.Container
	makeBtn   *widget.Button
	reloadBtn *widget.Button
	rows      map[string]*deviceRow
	loading   bool
	loaded    bool // the list came from the server at least once

	form    *codeForm
	shown   *codeShown
	confirm *confirmDialog
}

func newDevicesSection(sh shell.Shell, svc *Services) *devicesSection {
	s := &devicesSection{sh: sh, svc: svc, rows: map[string]*deviceRow{}}
	s.buildUI()
	return s
}

func (s *devicesSection) content() fyne.CanvasObject { return s.root }

func (s *devicesSection) buildUI() {
	s.msg = adminMessage()
	s.state = kit.Wrapped("")
	s.heading = adminTitle("The organisation's devices")
	s.list = container.NewVBox()
	s.makeBtn = kit.BigButton(makeCodeTitle, theme.ContentAddIcon(), widget.HighImportance, s.onMakeCode)
	s.reloadBtn = kit.BigButton("Check again", theme.ViewRefreshIcon(), widget.MediumImportance, s.load)
	top := container.NewVBox(
		kit.Muted("Every device that syncs with the server, with what it may see. Remove a lost or stolen one here."),
		container.NewHBox(kit.Tall(s.makeBtn), kit.Tall(s.reloadBtn)))
	s.root = container.NewVScroll(container.NewPadded(container.NewVBox(s.msg, top, s.state, kit.Panel(container.NewVBox(s.heading, s.list)))))
}

// allowed reports whether the person using Gather may manage devices
// here; every action checks it, not only the screen.
func (s *devicesSection) allowed() (shell.DeviceAdmin, bool) {
	if !access.CanDo(s.sh.Staff().Role, access.ActionManageDevices) {
		return nil, false
	}
	da := s.svc.deviceAdmin()
	return da, da != nil
}

// refresh asks the server for the list again.
func (s *devicesSection) refresh() { s.load() }

// setState says why there is no list (or that it is coming); "" hides it.
func (s *devicesSection) setState(text string, imp widget.Importance) {
	if text == "" {
		s.state.Hide()
	} else {
		s.state.SetText(text)
		s.state.Importance = imp
		s.state.Show()
	}
	s.state.Refresh()
	adminRelayout(s.root)
}

// load fetches the devices from the server, off the UI goroutine.
func (s *devicesSection) load() {
	da, ok := s.allowed()
	if !ok {
		s.setState(devicesNotAdmin, widget.DangerImportance)
		s.makeBtn.Disable()
		return
	}
	e, enrolled := da.Enrolment()
	switch {
	case !enrolled:
		s.setState(devicesNotEnrolled, widget.WarningImportance)
		s.makeBtn.Disable()
		return
	case e.Role != "" && e.Role != domain.RoleAdministrator:
		s.setState(fmt.Sprintf("This device is enrolled with the server for %s, so the server does not let it manage devices. "+
			"To manage them from here, connect it again in Settings with a connection code made for an administrator (on the server: gather-server create-code --organisation --role administrator).",
			shell.WithArticle(e.Role)), widget.WarningImportance)
		s.makeBtn.Disable()
		return
	}
	if s.loading {
		return
	}
	s.loading = true
	s.makeBtn.Enable()
	if !s.loaded {
		s.setState("Asking the server for the organisation's devices…", widget.MediumImportance)
	}
	var list []shell.DeviceInfo
	var err error
	s.sh.Run(func() {
		ctx, cancel := context.WithTimeout(context.Background(), deviceAdminTimeout)
		defer cancel()
		list, err = da.Devices(ctx)
	}, func() {
		s.loading = false
		if err != nil {
			s.setState(devicesProblem(err), widget.WarningImportance)
			return
		}
		s.loaded = true
		s.setState("", widget.MediumImportance)
		s.show(list, e.DeviceID)
	})
}

// show lists the devices: active ones first, then removed ones.
func (s *devicesSection) show(list []shell.DeviceInfo, self string) {
	sort.SliceStable(list, func(i, j int) bool { return !list[i].Revoked && list[j].Revoked })
	active := 0
	for _, d := range list {
		if !d.Revoked {
			active++
		}
	}
	s.heading.SetText(fmt.Sprintf("The organisation's devices (%d in use)", active))
	s.list.Objects = nil
	s.rows = map[string]*deviceRow{}
	now := s.sh.Now()
	for _, d := range list {
		d := d
		row := &deviceRow{info: d}
		s.rows[d.ID] = row
		name := d.Name
		if name == "" {
			name = "Device " + adminShortID(d.ID)
		}
		if d.ID == self {
			name += " (this device)"
		}
		title := widget.NewLabelWithStyle(name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		title.Wrapping = fyne.TextWrapWord
		row.details = kit.Wrapped(s.details(d, now))
		if d.Revoked {
			row.details.Importance = widget.DangerImportance
		}
		var buttons []fyne.CanvasObject
		if !d.Revoked && d.ID != self {
			row.removeBtn = kit.BigButton("Remove this device", theme.DeleteIcon(), widget.DangerImportance, func() { s.onRemove(d) })
			buttons = append(buttons, kit.Tall(row.removeBtn))
		}
		s.list.Add(kit.ButtonsBeside(container.New(kit.TightLayout{}, title, row.details), buttons...))
		s.list.Add(widget.NewSeparator())
	}
	if len(list) == 0 {
		s.list.Add(kit.RowDetail("No devices are connected to the server yet."))
	}
	s.list.Refresh()
	adminRelayout(s.root)
}

// details is a device's line: what it sees, its role, when it was seen.
func (s *devicesSection) details(d shell.DeviceInfo, now time.Time) string {
	parts := []string{s.scopeWords(d.Scope), roleLabel(d.Role)}
	if d.Revoked {
		return strings.Join(append(parts, "Removed: the server refuses it"), " · ")
	}
	parts = append(parts, "last seen "+deviceWhen(d.LastSeen, now), "last synced "+deviceWhen(d.LastSynced, now))
	return strings.Join(parts, " · ")
}

// scopeWords is a scope as people say it: "Organisation", or venue names.
func (s *devicesSection) scopeWords(sc shell.DeviceScope) string {
	if sc.Organisation {
		return "Organisation"
	}
	v := s.sh.View()
	names := make([]string, 0, len(sc.Venues))
	for _, id := range sc.Venues {
		if n := v.VenueName(id); n != "" {
			names = append(names, n)
		} else {
			names = append(names, "venue "+adminShortID(id))
		}
	}
	if len(names) == 0 {
		return "No venues"
	}
	return strings.Join(names, ", ")
}

// deviceWhen says when something happened, near now in words.
func deviceWhen(t, now time.Time) string {
	if t.IsZero() {
		return "never"
	}
	t, now = t.In(time.Local), now.In(time.Local)
	switch {
	case now.Sub(t) < time.Minute && now.Sub(t) > -time.Minute:
		return "just now"
	case domain.DateOf(t) == domain.DateOf(now):
		return "today at " + t.Format("15:04")
	case domain.DateOf(t) == domain.DateOf(now.AddDate(0, 0, -1)):
		return "yesterday at " + t.Format("15:04")
	case t.Year() == now.Year():
		return t.Format("2 Jan") + " at " + t.Format("15:04")
	}
	return t.Format("2 Jan 2006")
}

// untilWords is when a code stops working, with how long that is.
func untilWords(t, now time.Time) string {
	t, now = t.In(time.Local), now.In(time.Local)
	clock := t.Format("15:04")
	var when string
	switch domain.DateOf(t) {
	case domain.DateOf(now):
		when = "today at " + clock
	case domain.DateOf(now.AddDate(0, 0, 1)):
		when = "tomorrow at " + clock
	default:
		when = t.Format("Monday 2 January") + " at " + clock
	}
	left := t.Sub(now).Round(time.Minute)
	var in string
	switch {
	case left >= 48*time.Hour:
		in = fmt.Sprintf("%d days", int(left.Hours()/24+0.5))
	case left >= 2*time.Hour:
		in = fmt.Sprintf("%d hours", int(left.Hours()+0.5))
	case left >= time.Hour:
		in = "an hour"
	default:
		in = fmt.Sprintf("%d minutes", max(int(left.Minutes()), 0))
	}
	return when + " (in " + in + ")"
}

// venueChoices are the venues a code may be for, by label.
func (s *devicesSection) venueChoices() ([]string, map[string]string) {
	var labels []string
	ids := map[string]string{}
	for _, r := range s.sh.View().All(domain.KindVenue) { // live venues only: an archived one is Retired
		label := r.Get("name")
		if label == "" {
			label = "Venue " + adminShortID(r.ID)
		}
		if _, dup := ids[label]; dup {
			label += " (" + adminShortID(r.ID) + ")"
		}
		ids[label] = r.ID
		labels = append(labels, label)
	}
	sort.Strings(labels)
	return labels, ids
}

var codeValidity = []struct {
	label string
	d     time.Duration
}{{"1 hour", time.Hour}, {"1 day", 24 * time.Hour}, {"7 days", 7 * 24 * time.Hour}}

// The choices of who will use a new device. A radio's words do not wrap,
// so each is short enough for a portrait tablet at the largest text.
const (
	codeForVenues = "Some venues: a tablet at an activity"
	codeForOrg    = "The whole organisation: an office computer or laptop"
)

// onMakeCode asks what the new device is for.
func (s *devicesSection) onMakeCode() {
	if _, ok := s.allowed(); !ok {
		s.sh.ShowError("No "+kit.ConnectionCode+" was made", errors.New(devicesNotAdmin), "")
		return
	}
	f := &codeForm{}
	labels, ids := s.venueChoices()
	f.venueID = ids
	f.venues = widget.NewCheckGroup(labels, nil)
	f.where = widget.NewRadioGroup([]string{codeForVenues, codeForOrg}, func(v string) {
		if v == codeForOrg {
			f.venues.Disable()
		} else {
			f.venues.Enable()
		}
	})
	f.where.Required = true
	f.where.SetSelected(codeForVenues)
	f.role = widget.NewSelect(roleLabels(domain.Roles), nil)
	f.role.SetSelected(roleLabel(domain.RoleFacilitator))
	var valid []string
	for _, v := range codeValidity {
		valid = append(valid, v.label)
	}
	f.valid = widget.NewSelect(valid, nil)
	f.valid.SetSelected("1 day")
	f.msg = adminMessage()
	f.makeBtn = kit.BigButton("Make the "+kit.ConnectionCode, theme.ConfirmIcon(), widget.HighImportance, func() { s.makeCode(f) })
	venues := fyne.CanvasObject(f.venues)
	if len(labels) == 0 {
		venues = kit.RowDetail("No venues yet: add them in Activities first.")
	}
	body := container.NewVBox(
		kit.Wrapped("The "+kit.ConnectionCode+" lets one new device connect to the server. Choose what it may see: a venue's tablet sees the register for its venues only."),
		adminLabelled("Who will use it", f.where), venues,
		kit.NewColumns(16, true, adminLabelled("Role", kit.Tall(f.role)), adminLabelled("The code works for", kit.Tall(f.valid))),
		f.msg)
	f.scroll = container.NewVScroll(body)
	f.d = kit.NewDialog(s.sh.Window(), makeCodeTitle, f.scroll, "Cancel", []fyne.CanvasObject{f.makeBtn})
	f.win = s.sh.Window()
	f.fit()
	s.form = f
	f.d.Show()
}

// fit makes the form as tall as it needs, up to the window: at a fixed
// height, on a portrait tablet with large text the role the device is
// for, and what is wrong, sat below a fold with the window empty beneath.
func (f *codeForm) fit() { kit.FitDialog(f.win, f.d, f.scroll, 620) }

// say shows a message in the form and makes room for it.
func (f *codeForm) say(text string, imp widget.Importance) {
	adminSay(f.msg, text, imp)
	f.fit()
}

// makeCode asks the server for the code the form describes.
func (s *devicesSection) makeCode(f *codeForm) {
	da, ok := s.allowed()
	if !ok {
		f.say(devicesNotAdmin, widget.DangerImportance)
		return
	}
	if f.busy {
		return
	}
	scope := shell.DeviceScope{Organisation: f.where.Selected == codeForOrg}
	var names []string
	if !scope.Organisation {
		for _, label := range f.venues.Selected {
			scope.Venues = append(scope.Venues, f.venueID[label])
			names = append(names, label)
		}
		if len(scope.Venues) == 0 {
			f.say("Tick the venues the tablet is for.", widget.DangerImportance)
			return
		}
	}
	role := roleOf(f.role.Selected)
	if role == "" {
		f.say("Choose the role of the people who will use it.", widget.DangerImportance)
		return
	}
	valid := 24 * time.Hour
	for _, v := range codeValidity {
		if v.label == f.valid.Selected {
			valid = v.d
		}
	}
	f.busy = true
	f.makeBtn.Disable()
	f.say("Asking the server for a "+kit.ConnectionCode+"…", widget.MediumImportance)
	var code shell.EnrolmentCode
	var err error
	s.sh.Run(func() {
		ctx, cancel := context.WithTimeout(context.Background(), deviceAdminTimeout)
		defer cancel()
		code, err = da.CreateCode(ctx, scope, role, valid)
	}, func() {
		f.busy = false
		f.makeBtn.Enable()
		if err != nil {
			f.say("No "+kit.ConnectionCode+" was made. "+devicesProblem(err), widget.DangerImportance)
			return
		}
		f.d.Hide()
		if s.form == f {
			s.form = nil
		}
		who := "the whole organisation"
		if !scope.Organisation {
			who = strings.Join(names, ", ")
		}
		// The code itself is a secret and stays out of the audit trail.
		detail := fmt.Sprintf("for %s, as %s, working until %s", who, role, code.Expires.UTC().Format("2006-01-02 15:04 UTC"))
		s.sh.Save(s.sh.Recorder().Entry(s.sh.Staff().ID, audit.ActionDeviceCode, auditKindDevice, "", detail))
		s.showCode(code, who, role)
		s.load()
	})
}

// makeCodeTitle is the button, and the dialog it opens, that makes a
// connection code.
var makeCodeTitle = "Make a " + kit.ConnectionCode + " for a new device"

// connectInstructions say what to do with a connection code on the new
// device: the welcome screen's own button, by its text (kit.ConnectButton).
func connectInstructions(who, role, server string) string {
	return fmt.Sprintf("It is for %s, for %s. On the new device, open Gather, tap \"%s\", and type %s and this %s.",
		who, role, kit.ConnectButton, server, kit.ConnectionCode)
}

// showCode shows a code large, as text and as a QR code, with its expiry.
func (s *devicesSection) showCode(code shell.EnrolmentCode, who, role string) {
	c := &codeShown{code: code}
	c.text = kit.CodeText(code.Code, 40)
	body := container.NewVBox(container.NewCenter(c.text))
	if png, err := qrcode.Encode(code.Code, qrcode.Medium, 256); err == nil {
		c.qr = canvas.NewImageFromResource(fyne.NewStaticResource("enrolment-code.png", png))
		c.qr.FillMode = canvas.ImageFillContain
		c.qr.ScaleMode = canvas.ImageScalePixels
		c.qr.SetMinSize(fyne.NewSize(200, 200))
		body.Add(container.NewCenter(c.qr))
	}
	c.expires = kit.Wrapped("It works once, until " + untilWords(code.Expires, s.sh.Now()) + ".")
	c.expires.TextStyle.Bold = true
	server := "the server address"
	if s.svc.Server != nil && s.svc.Server() != "" {
		server = s.svc.Server()
	}
	body.Add(c.expires)
	body.Add(kit.Wrapped(connectInstructions(who, shell.WithArticle(role), server)))
	c.d = kit.NewDialog(s.sh.Window(), kit.CapitalFirst(kit.ConnectionCode)+" for a new device", body, "Done", nil)
	c.d.Resize(kit.DialogSize(s.sh.Window(), 520, 560))
	s.shown = c
	c.d.Show()
}

// onRemove asks, then revokes a device on the server.
func (s *devicesSection) onRemove(d shell.DeviceInfo) {
	if _, ok := s.allowed(); !ok {
		s.sh.ShowError(d.Name+" was not removed", errors.New(devicesNotAdmin), "")
		return
	}
	name := d.Name
	if name == "" {
		name = "this device"
	}
	text := fmt.Sprintf("Remove %s (%s)? The server refuses it from now on. The next time it tries to sync, Gather on it wipes "+
		"every record it holds, including changes it has not sent yet, and it can only be used again as a new device, with a new "+kit.ConnectionCode+". "+
		"Do this for a lost or stolen tablet, or one leaving the organisation.", name, s.scopeWords(d.Scope))
	c := &confirmDialog{}
	c.yes = kit.BigButton("Remove this device", theme.DeleteIcon(), widget.DangerImportance, func() {
		c.d.Hide()
		s.confirm = nil
		s.revoke(d, name)
	})
	c.d = kit.NewDialog(s.sh.Window(), "Remove "+name+"?", kit.DialogText(s.sh.Window(), kit.Wrapped(text)), "Cancel", []fyne.CanvasObject{c.yes})
	s.confirm = c
	c.d.Show()
}

// revoke removes a device on the server and records it.
func (s *devicesSection) revoke(d shell.DeviceInfo, name string) {
	da, ok := s.allowed()
	if !ok {
		s.sh.ShowError(name+" was not removed", errors.New(devicesNotAdmin), "")
		return
	}
	var err error
	s.sh.Run(func() {
		ctx, cancel := context.WithTimeout(context.Background(), deviceAdminTimeout)
		defer cancel()
		err = da.RevokeDevice(ctx, d.ID)
	}, func() {
		if err != nil {
			s.sh.ShowError(name+" was not removed", shell.StepError{Problem: devicesProblem(err)}, "Nothing was changed. Try again when the server can be reached.")
			return
		}
		detail := fmt.Sprintf("removed %s (%s, %s)", name, s.scopeWords(d.Scope), roleLabel(d.Role))
		s.sh.Save(s.sh.Recorder().Entry(s.sh.Staff().ID, audit.ActionDeviceRemoved, auditKindDevice, d.ID, detail))
		adminSay(s.msg, name+" was removed. The server refuses it from now on, and its records are wiped at its next sync.", widget.SuccessImportance)
		s.load()
	})
}
