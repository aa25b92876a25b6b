package lock

import (
	"errors"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/kit"
	"github.com/gather-sp/gather/audit"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/keyslot"
	"github.com/gather-sp/gather/record"
)

// PINChanger is what "Change my PIN" needs from the key file
// (*keyslot.File has it).
type PINChanger interface {
	ChangePIN(staffID, oldPIN, newPIN string) error
	Status(staffID string) (keyslot.Status, error)
}

// ChangePINOptions configure the "Change my PIN" screen.
type ChangePINOptions struct {
	StaffID      string
	MinPINLength int // 0: keyslot's default
	// Save and Recorder write an audit entry for the change (and for a
	// wrong current PIN); nil Save writes none.
	Save     SaveFunc
	Recorder audit.Recorder
	// OnDone is called after the PIN was changed (the shell goes Back).
	OnDone func()
	// OnLockedOut is called when wrong current PINs locked the slot (the
	// shell locks the device: gate.LockNow).
	OnLockedOut func()
	Run         func(work, done func())
}

// ActionPINChanged is the audit action for a staff member changing their
// own PIN.
const ActionPINChanged = "PIN changed"

// ChangePIN lets the person using the device choose a new PIN by giving
// their current one.
type ChangePIN struct {
	keys PINChanger
	opts ChangePINOptions
	run  runner

	root    fyne.CanvasObject
	current *widget.Entry
	pin     *widget.Entry
	again   *widget.Entry
	advice  *widget.Label
	msg     *widget.Label
	done    *widget.Label
	save    *widget.Button
	busy    bool
	counted func() // a wrong current PIN went into the trail (the Gate's dedupe)
}

// NewChangePIN builds the screen.
func NewChangePIN(keys PINChanger, opts ChangePINOptions) *ChangePIN {
	s := &ChangePIN{keys: keys, opts: opts, run: orGo(opts.Run)}
	s.buildUI()
	s.onChanged()
	return s
}

// Title names the screen.
func (s *ChangePIN) Title() string { return "Change my PIN" }

// Content is the screen, built once.
func (s *ChangePIN) Content() fyne.CanvasObject { return s.root }

// Refresh does nothing: the form keeps what is typed.
func (s *ChangePIN) Refresh() {}

func (s *ChangePIN) buildUI() {
	s.current = widget.NewPasswordEntry()
	s.current.SetPlaceHolder("Your PIN now")
	s.pin = widget.NewPasswordEntry()
	s.pin.SetPlaceHolder("New PIN")
	s.again = widget.NewPasswordEntry()
	s.again.SetPlaceHolder("New PIN again")
	for _, e := range []*widget.Entry{s.current, s.pin, s.again} {
		e.OnChanged = func(string) { s.onChanged() }
	}
	s.again.OnSubmitted = func(string) { s.onSave() }
	s.advice = wrapped("")
	s.msg = message()
	s.done = centred("")
	s.done.Importance = widget.SuccessImportance
	s.done.TextStyle.Bold = true
	s.save = bigButton("Change my PIN", theme.ConfirmIcon(), widget.HighImportance, s.onSave)
	bold := func(t string) *widget.Label {
		return widget.NewLabelWithStyle(t, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	form := container.NewVBox(
		wrapped("Type the PIN you use now, then the new one twice. Your records stay as they are; only the way in changes."),
		panel(container.NewVBox(
			bold("PIN now"), tall(s.current),
			bold("New PIN"), tall(s.pin),
			bold("New PIN again"), tall(s.again),
			s.advice,
		)),
		s.msg, s.done,
		sized(s.save, 0, 60),
	)
	s.root = container.NewVScroll(container.NewPadded(column(560, form)))
}

func (s *ChangePIN) onChanged() {
	a := kit.AdviseOnPIN(s.pin.Text, s.again.Text, s.opts.MinPINLength)
	if a.OK && s.pin.Text == s.current.Text {
		a = kit.PINAdvice{Text: "The new PIN is the same as the one you use now.", Problem: true}
	}
	a.Show(s.advice)
	if a.OK && s.current.Text != "" && !s.busy {
		s.save.Enable()
	} else {
		s.save.Disable()
	}
	if s.current.Text != "" || s.pin.Text != "" {
		s.done.SetText("")
	}
}

func (s *ChangePIN) onSave() {
	if !kit.AdviseOnPIN(s.pin.Text, s.again.Text, s.opts.MinPINLength).OK || s.current.Text == "" || s.busy {
		return
	}
	id, old, pin := s.opts.StaffID, s.current.Text, s.pin.Text
	before, _ := s.keys.Status(id)
	s.busy = true
	s.save.Disable()
	s.save.SetText("Checking…")
	s.msg.SetText("")
	var err error
	s.run(func() { err = s.keys.ChangePIN(id, old, pin) }, func() {
		s.busy = false
		s.save.SetText("Change my PIN")
		s.current.SetText("")
		after, _ := s.keys.Status(id)
		if err == nil {
			s.pin.SetText("")
			s.again.SetText("")
			s.audit(s.opts.Recorder.StaffAction(id, ActionPINChanged, id, "changed their own PIN"))
			s.done.SetText("Your PIN is changed. Use the new one from now on.")
			if s.opts.OnDone != nil {
				s.opts.OnDone()
			}
			return
		}
		s.onChanged()
		f := failure{staff: id, err: err, before: before, after: after}
		switch {
		case f.lockedOut() || errors.Is(err, keyslot.ErrLockedOut):
			if f.counted() {
				s.audit(s.opts.Recorder.FailedUnlock(id, 1), s.opts.Recorder.LockedOut(id))
			}
			s.msg.SetText(lockedOutText)
			if s.opts.OnLockedOut != nil {
				s.opts.OnLockedOut()
			}
		case errors.Is(err, keyslot.ErrWrongPIN):
			s.audit(s.opts.Recorder.FailedUnlock(id, 1))
			s.msg.SetText(fmt.Sprintf("Your PIN now is not right. %s left.", domain.CapitalFirst(tries(after.AttemptsLeft))))
		case errors.Is(err, keyslot.ErrTooSoon):
			s.msg.SetText(waitText(after))
		default:
			s.msg.SetText("The PIN was not changed: " + err.Error())
		}
	})
}

func (s *ChangePIN) audit(cs ...record.Change) {
	if s.opts.Save != nil {
		_ = s.opts.Save(s.opts.StaffID, cs...)
	}
	if s.counted != nil && cs[0].Fields["action"] == audit.ActionFailedUnlock {
		s.counted()
	}
}
