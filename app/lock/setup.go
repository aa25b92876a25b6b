package lock

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/kit"
	"github.com/gather-sp/gather/audit"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/keyslot"
	"github.com/gather-sp/gather/record"
)

// SetupOptions configure first-time setup.
type SetupOptions struct {
	// Path is where the key file goes (beside the store's folder, named
	// keyslot.FileName).
	Path string
	// Keys are the key file's options (keyslot.Options{} in the app).
	Keys keyslot.Options
	// OnDone gets the new key file and the first administrator, unlocked,
	// on the UI goroutine. The shell opens the store with u.Key(), saves
	// FirstAdminChanges (noted as setup's: sync/client's
	// SaveFirstAdministrator) and hands u to Gate.Begin.
	OnDone func(f *keyslot.File, u *keyslot.Unlocked)
	// Run runs slow work off the UI goroutine; nil: a goroutine and fyne.Do.
	Run func(work, done func())
	// OnRestore, when set, offers "Restore from a backup…" instead of
	// setting up afresh: a device moving to a new computer.
	OnRestore func()
}

// Setup is first-time setup: the device's first administrator chooses a
// name and a PIN, and the key file is made.
type Setup struct {
	opts SetupOptions
	run  runner

	root   fyne.CanvasObject
	name   *widget.Entry
	pin    *widget.Entry
	again  *widget.Entry
	advice *widget.Label
	msg    *widget.Label
	create *widget.Button
	busy   bool
}

// NewSetup builds the first-time setup screen.
func NewSetup(opts SetupOptions) *Setup {
	s := &Setup{opts: opts, run: orGo(opts.Run)}
	s.buildUI()
	s.onChanged()
	return s
}

// Title names the screen.
func (s *Setup) Title() string { return "Set up this device" }

// Content is the screen, built once.
func (s *Setup) Content() fyne.CanvasObject { return s.root }

// Refresh does nothing: setup reads nothing that changes.
func (s *Setup) Refresh() {}

func (s *Setup) buildUI() {
	s.name = widget.NewEntry()
	s.name.SetPlaceHolder("Your name, as colleagues know you")
	s.pin = widget.NewPasswordEntry()
	s.pin.SetPlaceHolder("Choose a PIN")
	s.again = widget.NewPasswordEntry()
	s.again.SetPlaceHolder("The same PIN again")
	for _, e := range []*widget.Entry{s.name, s.pin, s.again} {
		e.OnChanged = func(string) { s.onChanged() }
	}
	s.again.OnSubmitted = func(string) { s.onCreate() }
	s.advice = wrapped("")
	s.msg = message()
	s.create = bigButton("Set up this device", theme.ConfirmIcon(), widget.HighImportance, s.onCreate)
	bold := func(t string) *widget.Label {
		return widget.NewLabelWithStyle(t, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	form := container.NewVBox(
		heading("Set up Gather on this device"),
		wrapped("You will be this device's first administrator. Everything Gather keeps here is locked with a key that only "+
			"the PINs of staff on this device can open, so a lost tablet shows nothing. You can add colleagues, each with their own PIN, once you are in."),
		panel(container.NewVBox(
			bold("Your name"), tall(s.name),
			bold("Your PIN"), tall(s.pin),
			bold("Your PIN again"), tall(s.again),
			s.advice,
		)),
		s.msg,
		sized(s.create, 0, 60),
		wrapped("Keep two administrators on every device: if the only one forgets their PIN or is locked out, nobody can let them back in."),
	)
	if s.opts.OnRestore != nil {
		// Near the top, so it is seen before someone sets up afresh.
		restore := bigButton("Restore from a backup…", theme.UploadIcon(), widget.MediumImportance, s.opts.OnRestore)
		// The question wraps, and the button goes under it when the two
		// do not fit side by side (a portrait tablet, large text): on one
		// line it ran into the button's left edge.
		question := bold("Moving Gather from another computer?")
		question.Wrapping = fyne.TextWrapWord
		offer := panel(kit.ButtonsBeside(container.NewVBox(question,
			wrapped("Restore its backup instead: its records, staff and PINs come back.")), sized(restore, 0, 52)))
		form.Objects = append(form.Objects[:2], append([]fyne.CanvasObject{offer}, form.Objects[2:]...)...)
	}
	s.root = container.NewVScroll(container.NewVBox(layout.NewSpacer(), column(560, form), layout.NewSpacer()))
}

func (s *Setup) onChanged() {
	a := kit.AdviseOnPIN(s.pin.Text, s.again.Text, s.opts.Keys.MinPINLength)
	a.Show(s.advice)
	if a.OK && strings.TrimSpace(s.name.Text) != "" && !s.busy {
		s.create.Enable()
	} else {
		s.create.Disable()
	}
}

func (s *Setup) onCreate() {
	name := strings.TrimSpace(s.name.Text)
	if !kit.AdviseOnPIN(s.pin.Text, s.again.Text, s.opts.Keys.MinPINLength).OK || name == "" || s.busy {
		if name == "" {
			s.msg.SetText("Type your name first.")
		}
		return
	}
	pin := s.pin.Text
	s.busy = true
	s.create.Disable()
	s.create.SetText("Setting up…")
	s.msg.SetText("")
	var (
		f   *keyslot.File
		u   *keyslot.Unlocked
		err error
	)
	m := keyslot.Member{ID: domain.NewID(), Name: name, Role: domain.RoleAdministrator}
	s.run(func() { f, u, err = keyslot.Create(s.opts.Path, m, pin, s.opts.Keys) }, func() {
		s.busy = false
		s.create.SetText("Set up this device")
		if err != nil {
			s.onChanged()
			switch {
			case errors.Is(err, keyslot.ErrExists):
				s.msg.SetText("This device is already set up: restart Gather to unlock it.")
			default:
				s.msg.SetText("The device could not be set up: " + err.Error())
			}
			return
		}
		s.pin.SetText("")
		s.again.SetText("")
		if s.opts.OnDone != nil {
			s.opts.OnDone(f, u)
		} else {
			u.Forget()
		}
	})
}

// FirstAdminChanges is what the shell saves once the store is open after
// first-time setup: the administrator's staff record, an audit entry for
// it, and the unlock. The record's role is the organisation's word too:
// enrolled later for a role whose server would refuse it, the device
// takes it back before it is sent, and the key file keeps them this
// device's administrator (sync/client's SaveFirstAdministrator).
func FirstAdminChanges(rec audit.Recorder, u *keyslot.Unlocked) []record.Change {
	// Only the fields set: the staff record may already be known elsewhere.
	staff := domain.Edit(domain.KindStaff, u.ID, true, nil, domain.Staff{Name: u.Name, Role: u.Role})
	out := []record.Change{staff, rec.StaffAction(u.ID, audit.ActionStaffChanged, u.ID, "set up this device as its first administrator")}
	return append(out, rec.Unlocked(u.ID, 0, u.LastFailure)...)
}
