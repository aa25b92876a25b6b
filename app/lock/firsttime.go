package lock

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/kit"
	"github.com/gather-sp/gather/keyslot"
)

// Inviter is what the unlock screen needs from the key file for staff who
// are new to this device (*keyslot.File has it): who has a setup code
// here, and their first unlock.
type Inviter interface {
	Invited() []keyslot.Member
	AcceptInvite(staffID, code, pin string) (*keyslot.Unlocked, error)
}

// firstTime is the page a staff member new to this device sees after
// tapping their tile: the setup code an administrator gave them, and the
// PIN they choose for this device.
type firstTime struct {
	s      *Unlock
	keys   Inviter
	chosen keyslot.Member

	root   fyne.CanvasObject
	name   *widget.Label
	code   *widget.Entry
	pin    *widget.Entry
	again  *widget.Entry
	advice *widget.Label
	msg    *widget.Label
	save   *widget.Button
	busy   bool
}

// The first-time fields' labels.
var (
	firstTimeCodeLabel  = kit.CapitalFirst(kit.PINSetupCode)
	firstTimePINLabel   = "Your new PIN"
	firstTimeAgainLabel = "Your new PIN again"
)

func newFirstTime(s *Unlock, keys Inviter) *firstTime {
	f := &firstTime{s: s, keys: keys}
	f.name = heading("")
	f.code = widget.NewEntry()
	f.code.SetPlaceHolder("For example ABCD-EFGH-JKMN")
	f.pin = widget.NewPasswordEntry()
	f.pin.SetPlaceHolder("Choose your PIN")
	f.again = widget.NewPasswordEntry()
	f.again.SetPlaceHolder("Your PIN again")
	f.advice = centred("")
	f.advice.Importance = widget.LowImportance
	f.msg = message()
	f.pin.OnChanged = func(string) { f.onTyped() }
	f.again.OnChanged = func(string) { f.onTyped() }
	f.again.OnSubmitted = func(string) { f.onSave() }
	f.save = bigButton("Set my PIN and unlock", theme.LoginIcon(), widget.HighImportance, f.onSave)
	notYou := bigButton("Not you? Choose someone else", theme.NavigateBackIcon(), widget.LowImportance, s.ShowTiles)
	// Each field is labelled, as on Change my PIN: once typed in, the
	// placeholders are gone and the PINs are dots.
	form := container.NewVBox(f.name,
		centred("First time on this device. Type the "+kit.PINSetupCode+" your administrator gave you, then choose the PIN you will use here."),
		kit.FormField(firstTimeCodeLabel, f.code, ""), kit.FormField(firstTimePINLabel, f.pin, ""), kit.FormField(firstTimeAgainLabel, f.again, ""),
		f.advice, f.msg, sized(f.save, 0, 60), tall(notYou))
	f.root = container.NewVScroll(container.NewVBox(layout.NewSpacer(), column(420, form), layout.NewSpacer()))
	return f
}

func (f *firstTime) show(m keyslot.Member) {
	f.chosen = m
	f.name.SetText(m.Name)
	f.code.SetText("")
	f.pin.SetText("")
	f.again.SetText("")
	f.msg.SetText("")
	f.onTyped()
}

func (f *firstTime) onTyped() {
	kit.AdviseOnPIN(f.pin.Text, f.again.Text, 0).Show(f.advice)
}

// onSave checks the code and sets the PIN, off the UI goroutine (two
// Argon2id derivations); the device then unlocks as them.
func (f *firstTime) onSave() {
	if f.busy {
		return
	}
	if keyslot.NormaliseCode(f.code.Text) == "" {
		f.msg.SetText("Type the " + kit.PINSetupCode + " your administrator gave you.")
		return
	}
	if a := kit.AdviseOnPIN(f.pin.Text, f.again.Text, 0); !a.OK {
		f.msg.SetText(a.Text)
		return
	}
	id, code, pin := f.chosen.ID, f.code.Text, f.pin.Text
	f.busy = true
	f.save.Disable()
	f.save.SetText("Checking…")
	f.msg.SetText("")
	var (
		u   *keyslot.Unlocked
		err error
	)
	f.s.run(func() { u, err = f.keys.AcceptInvite(id, code, pin) }, func() {
		f.busy = false
		f.save.Enable()
		f.save.SetText("Set my PIN and unlock")
		if err == nil {
			f.s.ShowTiles()
			if f.s.onUnlocked != nil {
				f.s.onUnlocked(u)
			} else {
				u.Forget()
			}
			return
		}
		f.msg.SetText(firstTimeProblem(err))
	})
}

// firstTimeProblem says in plain words why the code did not work.
func firstTimeProblem(err error) string {
	switch {
	case errors.Is(err, keyslot.ErrWrongCode):
		return "That " + kit.PINSetupCode + " is not right. Check it with your administrator and type it again: after five wrong tries it stops working."
	case errors.Is(err, keyslot.ErrInviteExpired):
		return "That " + kit.PINSetupCode + " has expired. Ask your administrator for a new one."
	case errors.Is(err, keyslot.ErrLockedOut):
		return "That " + kit.PINSetupCode + " was tried too many times and no longer works. Ask your administrator for a new one."
	case errors.Is(err, keyslot.ErrNoInvite):
		return "There is no " + kit.PINSetupCode + " for you on this device any more. Ask your administrator."
	case errors.Is(err, keyslot.ErrTampered):
		return "Nobody can be let in: this device's key file was changed outside Gather. The device must be set up again."
	case errors.Is(err, keyslot.ErrPINTooShort), errors.Is(err, keyslot.ErrPINTooEasy), errors.Is(err, keyslot.ErrPINTooLong):
		return kit.PINProblem(err, keyslot.DefaultMinPINLength)
	}
	return "Your PIN could not be set. Try again in a moment. (" + err.Error() + ")"
}
