package app

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/access"
	"github.com/gather-sp/gather/app/kit"
	"github.com/gather-sp/gather/app/shell"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/version"
)

// settingsScreen holds the device's settings.
type settingsScreen struct {
	u       *UI
	content fyne.CanvasObject

	status      *widget.Label
	server      *widget.Entry
	code        *widget.Entry
	connectForm *widget.Form // server address and code: only until connected
	connectBtn  *widget.Button
	syncNowBtn  *widget.Button
	connButtons *fyne.Container // Connect and Sync now: hidden when neither is offered
	connectMsg  *widget.Label
	refusedNote *widget.Label // how many changes the server refused
	// orgNote says, in place of orgControls, why the server takes no
	// change to the organisation's settings from this device.
	orgNote     *widget.Label
	orgControls *fyne.Container
	refusedBtn  *widget.Button // shows them (showRefused)
	refusedRow  *fyne.Container
	connPanel   *fyne.Container // the server connection box: laid out again when the note comes or goes
	venues      *widget.CheckGroup
	venueHelp   *widget.Label     // how to choose venues, for those who may (mayChooseVenues)
	venuesSet   *widget.Label     // for others: the venues set, and who may change them
	venueIDs    map[string]string // name -> id
	textSize    *widget.RadioGroup
	appearance  *widget.RadioGroup
	demoBtn     *widget.Button
	switchBtn   *widget.Button
	// changePINBtn opens "Change my PIN" (only with PINs: Options.ChangePIN).
	changePINBtn *widget.Button
	// followUp is the organisation's follow-up interval, for those who may
	// set it (administrators); org is its panel.
	followUp *widget.RadioGroup
	org      fyne.CanvasObject
	// contact is the service's own contact details, which letters and
	// info sheets print (domain.ServiceContact), in the org panel.
	contact contactForm
	// idle is how long the device may sit unused before it locks, for
	// administrators on a device with PINs; lockPanel is its panel.
	idle      *widget.Select
	idleNote  *widget.Label
	lockPanel fyne.CanvasObject
	// backup is the Backup panel, for administrators (Options.Backup).
	backup  *backupPanel
	loading bool
}

// contactForm edits the service's contact details. What is typed stays
// until it is saved (dirty): a refresh while someone types, or a refused
// save, loses none of it.
type contactForm struct {
	name, phone, email, address *widget.Entry
	save                        *widget.Button
	problem, saved              *widget.Label
	dirty                       bool
}

// metaIdle is the auto-lock idle time in seconds, as a decimal (read at
// start by the session that makes the lock).
const metaIdle = "ui.idle"

// idleChoices are the auto-lock times an administrator may choose: from a
// minute (a shared tablet in a busy room) to half an hour (access.MaxIdle,
// a desk in a locked office). The lock puts itself off on any input it
// sees (noticeInput), so a short time does not lock someone mid-form.
var idleChoices = []struct {
	label string
	d     time.Duration
}{
	{"1 minute", time.Minute}, {"2 minutes", 2 * time.Minute}, {"5 minutes", 5 * time.Minute},
	{"10 minutes", 10 * time.Minute}, {"15 minutes", 15 * time.Minute}, {"30 minutes", 30 * time.Minute},
}

// idleLabel is the choice nearest to d.
func idleLabel(d time.Duration) string {
	best := idleChoices[0]
	for _, c := range idleChoices {
		if absDuration(c.d-d) < absDuration(best.d-d) {
			best = c
		}
	}
	return best.label
}

func absDuration(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

var followUpNames = []string{"4 weeks", "5 weeks", "6 weeks"}

var (
	textSizeNames   = []string{"Normal", "Large", "Largest"}
	textSizeValues  = []string{TextNormal, TextLarge, TextLargest}
	appearanceNames = []string{"Light", "Dark", "Same as this device"}
	appearanceVals  = []string{AppearanceLight, AppearanceDark, AppearanceSystem}
)

func newSettingsScreen(u *UI) *settingsScreen {
	s := &settingsScreen{u: u}
	s.buildUI()
	return s
}

func (s *settingsScreen) Title() string              { return "Settings" }
func (s *settingsScreen) Content() fyne.CanvasObject { return s.content }

func (s *settingsScreen) buildUI() {
	bold := func(t string) *widget.Label {
		l := widget.NewLabelWithStyle(t, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		l.SizeName = theme.SizeNameSubHeadingText
		return l
	}
	s.status = kit.Wrapped("")
	s.server = widget.NewEntry()
	s.server.SetPlaceHolder("https://gather.example.org")
	s.code = widget.NewEntry()
	// The placeholder is short, to fit the box at the largest text on a
	// portrait tablet; where the code comes from is said under it.
	s.code.SetPlaceHolder("One-time code")
	s.connectBtn = kit.BigButton("Connect", theme.ComputerIcon(), widget.MediumImportance, s.onConnect)
	s.syncNowBtn = kit.BigButton("Sync now", theme.ViewRefreshIcon(), widget.MediumImportance, s.onSyncNow)
	s.connectMsg = kit.Wrapped("")
	s.connectMsg.Hide()
	s.refusedNote = kit.Wrapped("")
	s.refusedNote.Importance = widget.WarningImportance
	s.refusedBtn = widget.NewButton("See the refused changes", s.u.showRefused)
	s.refusedRow = container.NewHBox(kit.Tall(s.refusedBtn))
	s.connectForm = widget.NewForm(widget.NewFormItem("Server address", kit.Tall(s.server)), widget.NewFormItem(kit.CapitalFirst(kit.ConnectionCode),
		container.NewVBox(kit.Tall(s.code), kit.Muted("Your administrator gives you a one-time "+kit.ConnectionCode+" for this device."))))
	s.connPanel = container.NewVBox(bold("Server connection"), s.status,
		s.refusedNote, s.refusedRow,
		s.connectForm,
		s.connectMsg)
	s.connButtons = container.NewHBox(kit.Tall(s.connectBtn), kit.Tall(s.syncNowBtn))
	s.connPanel.Add(s.connButtons)

	s.venues = widget.NewCheckGroup(nil, func([]string) { s.onVenues() })
	s.venueHelp = kit.Muted("Today and Activities show these venues. Choose none to see every venue.")
	s.venuesSet = kit.Wrapped("")
	ven := container.NewVBox(bold("This device's venues"), s.venueHelp, s.venues, s.venuesSet)
	if s.mayChooseVenues() {
		s.venuesSet.Hide()
	} else {
		s.venueHelp.Hide()
		s.venues.Hide()
		s.venues.Disable()
	}

	s.textSize = widget.NewRadioGroup(textSizeNames, func(string) { s.onAppearance() })
	s.textSize.Horizontal = true
	s.textSize.Required = true
	s.appearance = widget.NewRadioGroup(appearanceNames, func(string) { s.onAppearance() })
	s.appearance.Horizontal = true
	s.appearance.Required = true
	// Inside the page's and the panel's padding, the choices stand in a
	// row when the row fits, and one under another when it does not (the
	// largest text on a portrait tablet).
	inPanel := func() float32 { return kit.WindowWidth(s.u.win)() - 4*theme.Padding() }
	look := container.NewVBox(bold("Text size"), fitRadio(s.textSize, inPanel), bold("Light or dark"), fitRadio(s.appearance, inPanel))

	s.switchBtn = kit.BigButton("Switch user", theme.AccountIcon(), widget.MediumImportance, s.u.showWhoIsUsing)
	s.demoBtn = kit.BigButton("Add demo data", theme.MediaPlayIcon(), widget.LowImportance, s.onDemo)
	s.changePINBtn = kit.BigButton("Change my PIN", theme.AccountIcon(), widget.MediumImportance, s.onChangePIN)
	if s.u.opts.ChangePIN == nil {
		s.changePINBtn.Hide()
	}
	other := container.NewVBox(bold("This device"), container.NewHBox(kit.Tall(s.switchBtn), kit.Tall(s.changePINBtn), kit.Tall(s.demoBtn)),
		kit.RowDetail(version.String("Gather")))
	// With PINs (the real app), demo data is offered only at first run: on
	// a device in use it would mix made-up people with real ones.
	if s.u.opts.Demo == nil || s.u.opts.Lock != nil {
		s.demoBtn.Hide()
	}
	s.followUp = widget.NewRadioGroup(followUpNames, func(string) { s.onFollowUp() })
	s.followUp.Horizontal = true
	s.followUp.Required = true
	s.orgNote = kit.Wrapped("")
	s.orgNote.Hide()
	s.orgControls = container.NewVBox(
		kit.Muted("Follow-ups fall due this long after someone is matched. It applies on every office computer and link worker's laptop."),
		s.followUp, s.buildContact(bold))
	s.org = kit.Panel(container.NewVBox(bold("Your organisation"), s.orgNote, s.orgControls))
	if !s.mayChangeOrg() {
		s.org.Hide()
	}
	s.idle = widget.NewSelect(nil, func(string) { s.onIdle() })
	for _, c := range idleChoices {
		s.idle.Options = append(s.idle.Options, c.label)
	}
	s.idleNote = kit.Muted("")
	s.idleNote.Hide()
	s.lockPanel = kit.Panel(container.NewVBox(bold("Lock after"),
		kit.Muted("Gather locks this device when nobody has used it for this long, and asks for a PIN again."),
		container.NewHBox(kit.Sized(s.idle, 220, kit.MinTouch)), s.idleNote))
	if s.u.opts.Lock == nil || !access.CanDo(s.u.staff.Role, access.ActionManageStaff) {
		s.lockPanel.Hide()
	}
	s.backup = newBackupPanel(s.u, bold("Backup"))
	s.content = container.NewVScroll(container.NewPadded(container.NewVBox(
		kit.Panel(s.connPanel), kit.Panel(ven), kit.Panel(look), s.org, s.lockPanel, s.backup.panel, kit.Panel(other))))
}

// refreshOrgNote shows why the server takes no change to the
// organisation's settings from this device, in place of the controls, to
// someone who may change them (an administrator signed in at the
// reception desk), rather than a change refused at the next sync.
func (s *settingsScreen) refreshOrgNote() {
	why := shell.DeviceRefusal(s.u.opts.Store, access.ActionChangeOrgSettings, "a change to the organisation's settings")
	if why == s.orgNote.Text && s.orgNote.Visible() == (why != "") {
		return
	}
	s.orgNote.SetText(why)
	s.orgNote.Hidden = why == ""
	s.orgControls.Hidden = why != ""
	s.content.Refresh()
}

// mayChangeOrg says whether the member of staff signed in may change the
// organisation's settings: the follow-up interval and the service's
// contact details alike.
func (s *settingsScreen) mayChangeOrg() bool {
	return access.CanDo(s.u.staff.Role, access.ActionChangeOrgSettings)
}

// fitRadio holds a radio group that stands its choices in a row when the
// row fits width, and one under another when it does not.
func fitRadio(g *widget.RadioGroup, width func() float32) fyne.CanvasObject {
	return container.New(&radioFitLayout{g: g, width: width}, g)
}

type radioFitLayout struct {
	g     *widget.RadioGroup
	width func() float32
}

func (l *radioFitLayout) MinSize([]fyne.CanvasObject) fyne.Size {
	was := l.g.Horizontal
	l.g.Horizontal = true
	if w := l.width(); w > 0 && l.g.MinSize().Width > w {
		l.g.Horizontal = false
	}
	if l.g.Horizontal != was {
		l.g.Refresh()
	}
	return l.g.MinSize()
}

func (l *radioFitLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	objs[0].Resize(size)
	objs[0].Move(fyne.NewPos(0, 0))
}

// mayConnect says whether the member of staff signed in may connect this
// device to a server (access.ActionManageDevices): enrolling a device is
// setting it up, which is an administrator's.
func (s *settingsScreen) mayConnect() bool {
	return access.CanDo(s.u.staff.Role, access.ActionManageDevices)
}

// mayChooseVenues says whether the member of staff signed in may choose the
// venues this device serves (access.ActionSetDeviceVenues): that decides
// what Today shows the next person to use it.
func (s *settingsScreen) mayChooseVenues() bool {
	return access.CanDo(s.u.staff.Role, access.ActionSetDeviceVenues)
}

// whoMay names the roles that may take action, as a sentence's subject:
// "An administrator or a coordinator".
func whoMay(action access.Action) string { return kit.CapitalFirst(shell.WhoCan(action)) }

// joinAnd lists names as in a sentence: "A, B and C".
func joinAnd(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// statusText is the Server connection panel's account of sync: the same
// words as the footer (describeSync), one a line, then the server and what
// went wrong.
func (s *settingsScreen) statusText() string {
	w := s.u.describeSync()
	var lines []string
	for _, p := range w.phrases() {
		lines = append(lines, kit.CapitalFirst(p)+".")
	}
	syncer := s.u.opts.Syncer
	if syncer == nil || syncer.Status().State == SyncNotConnected {
		if s.holdsDemo() {
			lines = append(lines, demoNeverConnects)
		} else if s.mayConnect() {
			lines = append(lines, "Connect to your organisation's server to share registers with colleagues.")
		} else {
			lines = append(lines, whoMay(access.ActionManageDevices)+" can connect this device to your organisation's server, to share registers with colleagues.")
		}
	}
	if syncer != nil {
		st := syncer.Status()
		if st.Server != "" {
			lines = append(lines, "Server: "+st.Server)
		}
		// A demo device's not being connected is said above; the
		// syncer's advice to connect it would contradict that.
		if st.Err != nil && !(st.State == SyncNotConnected && s.holdsDemo()) {
			text := strings.TrimRight(shell.PlainError(st.Err), ". ") + "."
			if st.State != SyncNotConnected {
				text += " Your work is saved here; Gather keeps trying."
			}
			lines = append(lines, text)
		}
	}
	return strings.Join(lines, "\n")
}

// buildContact makes the form for the service's contact details.
func (s *settingsScreen) buildContact(bold func(string) *widget.Label) fyne.CanvasObject {
	f := &s.contact
	f.name = kit.FormEntry("e.g. Northside Social Prescribing")
	f.phone = kit.FormEntry("e.g. 01632 960000")
	f.email = kit.FormEntry("e.g. hello@northside.example.org")
	f.address = kit.FormMulti("e.g. Northside Health Centre\n1 Mill Lane\nKirkby Vale\nKV1 4RG")
	f.address.Wrapping = fyne.TextWrapOff
	f.address.SetMinRowsVisible(domain.MaxServiceAddressLines)
	for _, e := range []*widget.Entry{f.name, f.phone, f.email, f.address} {
		e.OnChanged = func(string) {
			if !s.loading {
				f.dirty = true
				f.saved.Hide()
			}
		}
	}
	f.save = kit.BigButton("Save contact details", theme.DocumentSaveIcon(), widget.HighImportance, s.onSaveContact)
	f.problem = kit.FormProblem()
	f.saved = kit.Muted("")
	f.saved.Importance = widget.SuccessImportance
	f.saved.Hide()
	return container.NewVBox(bold("How people reach you"),
		kit.Muted("Letters and info sheets print these, so that whoever reads them can reply. They apply on every office computer and link worker's laptop."),
		kit.FormGrid(s.u.win, 3,
			kit.FormField("Service name", f.name, ""),
			kit.FormField("Phone", f.phone, "Digits, spaces and brackets, with a + first if you like"),
			kit.FormField("Email (if you like)", f.email, "")),
		kit.FormField("Postal address", f.address, "One line a line, postcode last"),
		f.problem, container.NewHBox(kit.Tall(f.save)), f.saved)
}

// onSaveContact saves the service's contact details; what is wrong is
// said above Save, and the typing stays for it to be put right.
func (s *settingsScreen) onSaveContact() {
	f := &s.contact
	if !s.mayChangeOrg() {
		return
	}
	c := domain.ServiceContact{Name: f.name.Text, Phone: f.phone.Text, Email: f.email.Text, Address: f.address.Text}
	ch, err := domain.SetServiceContact(c)
	if err != nil {
		f.saved.Hide()
		kit.ShowProblems(f.problem, problemLines(err))
		s.content.Refresh()
		return
	}
	if c.Tidy() != s.u.View().OrgSettings().Contact().Tidy() {
		if s.u.Save(ch) != nil {
			return // Save has said why; the typing stays
		}
	}
	kit.ShowProblems(f.problem, nil)
	f.dirty = false
	s.Refresh()
	if c.IsZero() {
		f.saved.SetText("Saved: letters leave a line for a telephone number to be written in.")
	} else {
		f.saved.SetText("Saved: letters and info sheets now give these.")
	}
	f.saved.Show()
	s.content.Refresh()
}

// problemLines are a refusal's problems, one a line, as sentences.
func problemLines(err error) []string {
	var out []string
	for _, line := range strings.Split(err.Error(), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			out = append(out, kit.CapitalFirst(strings.TrimSuffix(line, "."))+".")
		}
	}
	return out
}

// onIdle changes how soon the device locks itself (administrators).
func (s *settingsScreen) onIdle() {
	l := s.u.opts.Lock
	if s.loading || l == nil || !access.CanDo(s.u.staff.Role, access.ActionManageStaff) {
		return
	}
	for _, c := range idleChoices {
		if c.label == s.idle.Selected {
			l.SetIdle(c.d)
			s.u.SetMeta(map[string]string{metaIdle: strconv.Itoa(int(c.d / time.Second))})
			s.idleNote.SetText("Saved: Gather locks after " + c.label + " without use.")
			s.idleNote.Show()
			return
		}
	}
}

// onFollowUp sets the organisation's follow-up interval.
func (s *settingsScreen) onFollowUp() {
	if s.loading {
		return
	}
	var weeks int
	fmt.Sscanf(s.followUp.Selected, "%d", &weeks)
	ch, err := domain.SetFollowUpWeeks(weeks)
	if err != nil || weeks == s.u.View().OrgSettings().FollowUpWeeks {
		return
	}
	s.u.Save(ch)
}

// holdsDemo reports whether this device holds the demo data, which
// onConnect refuses to send to a server.
func (s *settingsScreen) holdsDemo() bool { return s.u.holdsDemo() }

// demoNeverConnects tells whoever sets a device up that demo data keeps it
// off the organisation's server: on first run, before they choose it, and
// in Settings, in place of a form whose Connect would be refused.
const demoNeverConnects = "A device with demo data never connects to your organisation's server: set Gather up afresh for real work."

// connected reports whether this device is enrolled with a server.
func (s *settingsScreen) connected() bool {
	return s.u.opts.Syncer != nil && s.u.opts.Syncer.Status().State != SyncNotConnected
}

// onChangePIN opens "Change my PIN"; it comes back here when done.
func (s *settingsScreen) onChangePIN() {
	s.u.Push(s.u.opts.ChangePIN(s.u.Back))
}

// showsSyncStatus: the status and the server are part of the screen.
func (s *settingsScreen) showsSyncStatus() {}

func (s *settingsScreen) Refresh() {
	s.loading = true
	defer func() { s.loading = false }()
	s.status.SetText(s.statusText())
	// Sync now only where there is a server to sync with: a device not set
	// up to sync is told above (statusText) who connects it, and how.
	if s.connected() {
		s.syncNowBtn.Show()
	} else {
		s.syncNowBtn.Hide()
	}
	// A connected device has nothing to type here: a code is used once;
	// and only those who may set devices up are offered it (mayConnect).
	if s.connected() || !s.mayConnect() || s.holdsDemo() {
		s.connectForm.Hide()
		s.connectBtn.Hide()
	} else {
		s.connectForm.Show()
		s.connectBtn.Show()
		// A device to connect again (removed from the server, say) has
		// only the code to type: its server is known.
		if s.server.Text == "" && s.u.opts.Syncer != nil {
			s.server.SetText(s.u.opts.Syncer.Status().Server)
		}
	}
	// Neither button (a device not set up, seen by someone who may not
	// connect it): no empty row where they would be.
	buttonsWere := s.connButtons.Visible()
	s.connButtons.Hidden = !s.connectBtn.Visible() && !s.syncNowBtn.Visible()
	shown := s.refusedNote.Visible()
	if n := len(s.u.refusedChanges()); n > 0 {
		s.refusedNote.SetText(refusedSummary(n))
		s.refusedNote.Show()
		s.refusedRow.Show()
	} else {
		s.refusedNote.Hide()
		s.refusedRow.Hide()
	}
	if shown != s.refusedNote.Visible() || buttonsWere != s.connButtons.Visible() {
		// Hiding a child leaves its space until the boxes around it are laid out again.
		s.connPanel.Refresh()
		s.content.Refresh()
	}
	s.backup.refresh()
	s.refreshOrgNote()

	v := s.u.View()
	s.venueIDs = map[string]string{}
	var names, chosen []string
	mine := s.u.DeviceVenues()
	for _, x := range v.Venues() {
		names = append(names, x.Name)
		s.venueIDs[x.Name] = x.ID
		if slices.Contains(mine, x.ID) {
			chosen = append(chosen, x.Name)
		}
	}
	s.venues.Options = names
	s.venues.Selected = chosen
	s.venues.Refresh()
	if len(chosen) == 0 {
		s.venuesSet.SetText("This device shows every venue. " + whoMay(access.ActionSetDeviceVenues) + " can change this.")
	} else {
		s.venuesSet.SetText("This device shows " + joinAnd(chosen) + ". " + whoMay(access.ActionSetDeviceVenues) + " can change this.")
	}
	weeks := v.OrgSettings().FollowUpWeeks
	if weeks == 0 {
		weeks = domain.DefaultFollowUpWeeks
	}
	s.followUp.SetSelected(fmt.Sprintf("%d weeks", weeks))
	if f := &s.contact; !f.dirty {
		c := v.OrgSettings().Contact()
		f.name.SetText(c.Name)
		f.phone.SetText(c.Phone)
		f.email.SetText(c.Email)
		f.address.SetText(c.Address)
	}
	s.textSize.SetSelected(pick(textSizeNames, textSizeValues, s.u.Meta(metaTextSize), 0))
	s.appearance.SetSelected(pick(appearanceNames, appearanceVals, s.u.Meta(metaTheme), 0))
	if l := s.u.opts.Lock; l != nil {
		s.idle.SetSelected(idleLabel(l.Idle()))
	}
}

func pick(names, values []string, v string, def int) string {
	for i, x := range values {
		if x == v {
			return names[i]
		}
	}
	return names[def]
}

func valueOf(names, values []string, name string) string {
	for i, x := range names {
		if x == name {
			return values[i]
		}
	}
	return values[0]
}

func (s *settingsScreen) onVenues() {
	if s.loading || !s.mayChooseVenues() {
		return
	}
	var ids []string
	for _, n := range s.venues.Selected {
		ids = append(ids, s.venueIDs[n])
	}
	s.u.setDeviceVenues(ids)
}

func (s *settingsScreen) onAppearance() {
	if s.loading {
		return
	}
	s.u.SetAppearance(valueOf(textSizeNames, textSizeValues, s.textSize.Selected),
		valueOf(appearanceNames, appearanceVals, s.appearance.Selected))
}

func (s *settingsScreen) onSyncNow() {
	if s.u.opts.Syncer != nil {
		s.u.opts.Syncer.SyncNow()
	}
}

func (s *settingsScreen) onConnect() {
	if !s.mayConnect() {
		return
	}
	server, code := strings.TrimSpace(s.server.Text), strings.TrimSpace(s.code.Text)
	say := func(msg string, imp widget.Importance) {
		s.connectMsg.SetText(msg)
		s.connectMsg.Importance = imp
		s.connectMsg.Show()
		s.connectMsg.Refresh()
	}
	switch {
	case server == "" || code == "":
		say("Type the server address and the one-time "+kit.ConnectionCode+" your administrator gave you.", widget.DangerImportance)
		return
	case s.u.opts.Syncer == nil:
		say("This copy of Gather cannot connect to a server yet. Everything stays saved on this device.", widget.WarningImportance)
		return
	case s.holdsDemo():
		// Made-up people and demo staff with a published PIN must never
		// reach an organisation's server.
		say("This device holds demo data, which must not go to your organisation's server. Set Gather up afresh "+
			"(start it with a new --data folder, or ask your administrator) and connect that.", widget.DangerImportance)
		return
	}
	s.connectBtn.Disable()
	say("Connecting…", widget.MediumImportance)
	syncer := s.u.opts.Syncer
	var err error
	s.u.runAsync(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		err = syncer.Connect(ctx, server, code)
	}, func() {
		s.connectBtn.Enable()
		if err != nil {
			say(connectErrorText(err), widget.DangerImportance)
			return
		}
		s.u.SetMeta(map[string]string{metaSetup: "server"})
		s.u.fitDeviceVenues()
		say("Connected. Gather will sync in the background.", widget.SuccessImportance)
		s.code.SetText("")
		s.Refresh()
	})
}

func (s *settingsScreen) onDemo() {
	if err := s.u.opts.Demo(); err != nil {
		s.u.ShowError("The demo data could not be made", err, "Try again.")
		return
	}
	s.u.SetMeta(map[string]string{shell.MetaDemo: "true"})
	s.u.Refresh()
}
