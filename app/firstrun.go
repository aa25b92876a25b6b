package app

import (
	"context"
	"errors"
	"sort"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/kit"
	"github.com/gather-sp/gather/app/shell"
	"github.com/gather-sp/gather/domain"
)

// firstRunScreen offers the three ways to start.
type firstRunScreen struct {
	u       *UI
	content fyne.CanvasObject

	demoBtn, connectBtn, localBtn *widget.Button
	choices                       *fyne.Container
	connectForm                   *fyne.Container
	serverEntry, codeEntry        *widget.Entry
	connectErr                    *widget.Label
	connectGo                     *widget.Button
	localForm                     *fyne.Container
	nameEntry                     *widget.Entry
	roleSelect                    *widget.Select
	localErr                      *widget.Label
}

func newFirstRunScreen(u *UI) *firstRunScreen {
	s := &firstRunScreen{u: u}
	s.buildUI()
	return s
}

func (s *firstRunScreen) Title() string              { return "Welcome to Gather" }
func (s *firstRunScreen) Content() fyne.CanvasObject { return s.content }
func (s *firstRunScreen) Refresh()                   {}

func (s *firstRunScreen) buildUI() {
	intro := kit.Wrapped("Gather keeps the register and the people you support on this device, and works without signal. Choose how to start.")
	choice := func(b *widget.Button, text string) fyne.CanvasObject {
		l := kit.Wrapped(text)
		l.Importance = widget.LowImportance
		return container.NewVBox(kit.Sized(b, 0, 64), l)
	}
	s.demoBtn = kit.BigButton("Try it with demo data", theme.MediaPlayIcon(), widget.HighImportance, s.onDemo)
	s.connectBtn = kit.BigButton(kit.ConnectButton, theme.ComputerIcon(), widget.MediumImportance, s.onShowConnect)
	s.localBtn = kit.BigButton("Use on this device only", theme.StorageIcon(), widget.MediumImportance, s.onShowLocal)
	var items []fyne.CanvasObject
	if s.u.opts.Demo != nil {
		text := "Made-up venues, activities and people, clearly marked as demo data."
		if s.u.opts.DemoPIN != "" {
			text += " Demo staff (a volunteer, a link worker, reception…) unlock with the PIN " + s.u.opts.DemoPIN + ", so you can see what each role sees."
		}
		// Settings refuses to connect a device holding demo data (made-up
		// people must not reach a real server): say so before they choose,
		// not when an administrator later tries to connect this tablet.
		text += " " + demoNeverConnects
		items = append(items, choice(s.demoBtn, text))
	}
	items = append(items,
		choice(s.connectBtn, "You need the server address and a one-time "+kit.ConnectionCode+" from your administrator."),
		choice(s.localBtn, "Keep everything on this device. You can connect to a server later."))
	s.choices = container.NewVBox(items...)

	s.serverEntry = widget.NewEntry()
	s.serverEntry.SetPlaceHolder("https://gather.example.org")
	s.codeEntry = widget.NewEntry()
	s.codeEntry.SetPlaceHolder("one-time " + kit.ConnectionCode + ", like 7KQ2-MX9P")
	s.connectErr = kit.Wrapped("")
	s.connectErr.Importance = widget.DangerImportance
	s.connectErr.Hide()
	s.connectGo = kit.BigButton("Connect", theme.ConfirmIcon(), widget.HighImportance, s.onConnect)
	s.connectForm = container.NewVBox(kit.RowTitle(kit.ConnectButton),
		widget.NewForm(widget.NewFormItem("Server address", kit.Tall(s.serverEntry)), widget.NewFormItem(kit.CapitalFirst(kit.ConnectionCode), kit.Tall(s.codeEntry))),
		s.connectErr,
		container.NewHBox(kit.Tall(widget.NewButton("Back", s.onBackToChoices)), kit.Tall(s.connectGo)))
	s.connectForm.Hide()

	s.nameEntry = widget.NewEntry()
	s.nameEntry.SetPlaceHolder("Your name")
	s.roleSelect = widget.NewSelect(domain.Roles, nil)
	s.roleSelect.SetSelected(domain.RoleFacilitator)
	s.localErr = kit.Wrapped("")
	s.localErr.Importance = widget.DangerImportance
	s.localErr.Hide()
	s.localForm = container.NewVBox(kit.RowTitle("Who will use Gather first?"),
		widget.NewForm(widget.NewFormItem("Name", kit.Tall(s.nameEntry)), widget.NewFormItem("Role", kit.Tall(s.roleSelect))),
		s.localErr,
		container.NewHBox(kit.Tall(widget.NewButton("Back", s.onBackToChoices)),
			kit.Tall(kit.BigButton("Start", theme.ConfirmIcon(), widget.HighImportance, s.onLocal))))
	s.localForm.Hide()

	col := container.NewVBox(kit.Heading("Welcome to Gather"), intro, s.choices, s.connectForm, s.localForm)
	s.content = container.NewVScroll(container.NewCenter(kit.Sized(container.NewPadded(col), 560, 0)))
}

func (s *firstRunScreen) onBackToChoices() {
	s.connectForm.Hide()
	s.localForm.Hide()
	s.choices.Show()
}

func (s *firstRunScreen) onShowConnect() {
	s.choices.Hide()
	s.connectForm.Show()
}

func (s *firstRunScreen) onShowLocal() {
	if s.u.opts.Lock != nil && s.u.staff.ID != "" {
		// They set up the device with their name and PIN: nothing to ask.
		s.u.SetMeta(map[string]string{metaSetup: "device"})
		s.next()
		return
	}
	s.choices.Hide()
	s.localForm.Show()
}

func (s *firstRunScreen) onDemo() {
	if err := s.u.opts.Demo(); err != nil {
		s.u.ShowError("The demo data could not be made", err, "Try again, or choose \"Use on this device only\".")
		return
	}
	s.u.SetMeta(map[string]string{metaSetup: "demo", shell.MetaDemo: "true"})
	s.next()
}

// next leaves first run: to Today for whoever unlocked the device, or to
// "Who is using Gather?" on a device without PINs.
func (s *firstRunScreen) next() {
	if s.u.opts.Lock != nil && s.u.staff.ID != "" {
		s.u.SignIn(s.u.staff)
		return
	}
	s.u.showWhoIsUsing()
}

func (s *firstRunScreen) onConnect() {
	server := strings.TrimSpace(s.serverEntry.Text)
	code := strings.TrimSpace(s.codeEntry.Text)
	showErr := func(msg string) {
		s.connectErr.SetText(msg)
		s.connectErr.Show()
	}
	switch {
	case server == "":
		showErr("Type the server address your administrator gave you, such as https://gather.example.org.")
		return
	case code == "":
		showErr("Type the one-time " + kit.ConnectionCode + ". Your administrator makes one for each device.")
		return
	case s.u.opts.Syncer == nil:
		showErr("This copy of Gather cannot connect to a server yet. Choose \"Use on this device only\" for now; you can connect later in Settings.")
		return
	}
	s.connectGo.Disable()
	s.connectGo.SetText("Connecting…")
	syncer := s.u.opts.Syncer
	var err error
	s.u.runAsync(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		err = syncer.Connect(ctx, server, code)
	}, func() {
		s.connectGo.Enable()
		s.connectGo.SetText("Connect")
		if err != nil {
			showErr(connectErrorText(err))
			return
		}
		s.u.SetMeta(map[string]string{metaSetup: "server"})
		s.next()
	})
}

func connectErrorText(err error) string {
	if errors.Is(err, context.DeadlineExceeded) {
		return "The server did not answer. Check the address and that this device is online, then try again."
	}
	if errors.Is(err, ErrOtherOrganisation) {
		// As for demo data: the records here must not reach that server.
		msg := "This device holds another organisation's records, which must not go to this server. Set Gather up afresh " +
			"(start it with a new --data folder, or ask your administrator) and connect that; the " + kit.ConnectionCode + " is still good. " +
			"What this device has not sent stays in its folder."
		var oe *OtherOrganisationError
		if errors.As(err, &oe) && oe.Held != "" {
			msg += " If this server replaces your organisation's own, rebuilt without a backup, your administrator can run " +
				"\"gather-server adopt-organisation --name " + oe.Held + "\" on it; this device can then connect and send back what it holds."
		}
		return msg
	}
	return "Could not connect: " + shell.PlainError(err) + ". Check the address and the " + kit.ConnectionCode + ", or ask your administrator for a new one."
}

func (s *firstRunScreen) onLocal() {
	name := strings.TrimSpace(s.nameEntry.Text)
	if name == "" {
		s.localErr.SetText("Type your name, so your marks show who made them.")
		s.localErr.Show()
		return
	}
	st := domain.Staff{ID: domain.NewID(), Name: name, Role: s.roleSelect.Selected}
	if err := s.u.opts.Store.Save(st.ID, domain.Create(domain.KindStaff, st.ID, st)); err != nil {
		s.u.ShowError("You were not added", err, "Try again.")
		return
	}
	s.u.SetMeta(map[string]string{metaSetup: "device"})
	s.u.SignIn(st)
}

// whoScreen asks who is using the app.
type whoScreen struct {
	u       *UI
	content fyne.CanvasObject
	list    *fyne.Container
	buttons map[string]*widget.Button // by staff id

	newName *widget.Entry
	newRole *widget.Select
}

func newWhoScreen(u *UI) *whoScreen {
	s := &whoScreen{u: u}
	s.buildUI()
	s.Refresh()
	return s
}

func (s *whoScreen) Title() string              { return "Who is using Gather?" }
func (s *whoScreen) Content() fyne.CanvasObject { return s.content }

func (s *whoScreen) buildUI() {
	s.list = container.NewGridWrap(fyne.NewSize(260, 72))
	s.newName = widget.NewEntry()
	s.newName.SetPlaceHolder("Name")
	roles := domain.Roles
	if s.u.VenueDevice() {
		roles = domain.VenueRoles // the server takes no other role from a tablet
	}
	s.newRole = widget.NewSelect(roles, nil)
	s.newRole.SetSelected(domain.RoleVolunteer)
	add := container.NewBorder(nil, nil, nil,
		container.NewHBox(kit.Sized(s.newRole, 170, kit.MinTouch), kit.Tall(kit.BigButton("Add me", theme.ContentAddIcon(), widget.MediumImportance, s.onAdd))),
		kit.Tall(s.newName))
	col := container.NewVBox(kit.Heading("Who is using Gather?"), kit.RowDetail("Tap your name. Your marks and notes are saved under it."),
		s.list, widget.NewSeparator(), widget.NewLabelWithStyle("Not on the list?", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), add)
	s.content = container.NewVScroll(container.NewPadded(col))
}

func (s *whoScreen) Refresh() {
	var staff []domain.Staff
	for _, r := range s.u.View().All(domain.KindStaff) {
		var st domain.Staff
		r.Decode(&st)
		if !st.Deleted {
			staff = append(staff, st)
		}
	}
	sort.Slice(staff, func(i, j int) bool { return staff[i].Name < staff[j].Name })
	s.list.Objects = nil
	s.buttons = map[string]*widget.Button{}
	for _, st := range staff {
		st := st
		b := widget.NewButtonWithIcon(st.Name+"\n"+st.Role, theme.AccountIcon(), func() { s.u.SignIn(st) })
		b.Alignment = widget.ButtonAlignLeading
		s.buttons[st.ID] = b
		s.list.Add(b)
	}
	s.list.Refresh()
}

func (s *whoScreen) onAdd() {
	name := strings.TrimSpace(s.newName.Text)
	if name == "" {
		s.u.ShowError("Type your name first", nil, "Then tap \"Add me\".")
		return
	}
	st := domain.Staff{ID: domain.NewID(), Name: name, Role: s.newRole.Selected}
	if err := s.u.opts.Store.Save(st.ID, domain.Create(domain.KindStaff, st.ID, st)); err != nil {
		s.u.ShowError("You were not added", err, "Try again.")
		return
	}
	s.u.SignIn(st)
}
