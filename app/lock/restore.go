package lock

import (
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/keyslot"
)

// RestoreOptions configure the restore screen.
type RestoreOptions struct {
	// File is the backup chosen, named on the screen.
	File string
	// Members are the staff in the backup; administrators are offered.
	Members []keyslot.Member
	// Restore checks staffID's PIN against the backup and, if it is right,
	// puts the backup into the data folder. It is slow (Argon2id, then the
	// whole store) and runs off the UI goroutine. Its error is shown as it
	// is, so it must be in words.
	Restore func(staffID, pin string) error
	// OnDone runs on the UI goroutine after a restore; OnBack goes back to
	// first-time setup.
	OnDone, OnBack func()
	// Run runs slow work off the UI goroutine; nil: a goroutine and fyne.Do.
	Run func(work, done func())
}

// Restore is first-run's "Restore from a backup": an administrator from
// the time of the backup gives their PIN, and the backup becomes this
// device.
type Restore struct {
	opts    RestoreOptions
	run     runner
	root    fyne.CanvasObject
	who     *widget.Select
	ids     map[string]string // label -> staff id
	pin     *widget.Entry
	msg     *widget.Label
	restore *widget.Button
	back    *widget.Button
	busy    bool
}

// NewRestore builds the restore screen.
func NewRestore(opts RestoreOptions) *Restore {
	r := &Restore{opts: opts, run: orGo(opts.Run), ids: map[string]string{}}
	var labels []string
	for _, m := range opts.Members {
		if m.Role != domain.RoleAdministrator {
			continue
		}
		l := m.Name
		if _, dup := r.ids[l]; dup {
			l += " (" + m.ID + ")"
		}
		r.ids[l] = m.ID
		labels = append(labels, l)
	}
	r.who = widget.NewSelect(labels, nil)
	if len(labels) == 1 {
		r.who.SetSelected(labels[0])
	}
	r.who.OnChanged = func(string) { r.onChanged() }
	r.pin = widget.NewPasswordEntry()
	r.pin.SetPlaceHolder("Their PIN when the backup was made")
	r.pin.OnChanged = func(string) { r.onChanged() }
	r.pin.OnSubmitted = func(string) { r.onRestore() }
	r.msg = message()
	r.restore = bigButton("Restore", theme.ConfirmIcon(), widget.HighImportance, r.onRestore)
	r.back = bigButton("Back", theme.NavigateBackIcon(), widget.LowImportance, func() {
		if !r.busy && opts.OnBack != nil {
			opts.OnBack()
		}
	})
	bold := func(t string) *widget.Label {
		return widget.NewLabelWithStyle(t, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	form := container.NewVBox(
		heading("Restore from a backup"),
		wrapped("From "+filepath.Base(opts.File)+". An administrator who was on the device when it was backed up gives their "+
			"PIN from then; nothing is written to this computer until it is right. Everyone on that device can then unlock "+
			"this one with their own PIN, and it syncs as that device: stop using the old one."),
		panel(container.NewVBox(bold("Administrator"), tall(r.who), bold("Their PIN"), tall(r.pin))),
		r.msg,
		container.NewHBox(sized(r.back, 160, 60), layout.NewSpacer(), sized(r.restore, 240, 60)),
	)
	r.root = container.NewVScroll(container.NewVBox(layout.NewSpacer(), column(560, form), layout.NewSpacer()))
	r.onChanged()
	return r
}

// Title names the screen.
func (r *Restore) Title() string { return "Restore from a backup" }

// Content is the screen, built once.
func (r *Restore) Content() fyne.CanvasObject { return r.root }

// Refresh does nothing.
func (r *Restore) Refresh() {}

func (r *Restore) onChanged() {
	if r.who.Selected != "" && r.pin.Text != "" && !r.busy {
		r.restore.Enable()
	} else {
		r.restore.Disable()
	}
}

func (r *Restore) onRestore() {
	id := r.ids[r.who.Selected]
	pin := r.pin.Text
	if id == "" || pin == "" || r.busy {
		return
	}
	r.busy = true
	r.restore.Disable()
	r.back.Disable()
	r.restore.SetText("Restoring…")
	r.msg.SetText("")
	var err error
	r.run(func() { err = r.opts.Restore(id, pin) }, func() {
		r.busy = false
		r.restore.SetText("Restore")
		r.back.Enable()
		if err != nil {
			r.onChanged()
			msg := err.Error()
			r.msg.SetText(strings.ToUpper(msg[:1]) + msg[1:])
			// Laid out before the words came: a refusal of two lines
			// must push the buttons down, not run under them.
			if scroll, ok := r.root.(*container.Scroll); ok {
				scroll.Content.Refresh()
			}
			r.root.Refresh()
			r.pin.SetText("")
			return
		}
		r.pin.SetText("")
		if r.opts.OnDone != nil {
			r.opts.OnDone()
		}
	})
}
