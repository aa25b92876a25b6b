package lock

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/access"
	"github.com/gather-sp/gather/app/kit"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/keyslot"
)

// Keys is what the unlock screen needs from the key file (*keyslot.File
// has it).
type Keys interface {
	Members() []keyslot.Member
	Status(staffID string) (keyslot.Status, error)
	Unlock(staffID, pin string) (*keyslot.Unlocked, error)
}

// failure is one unsuccessful attempt, with the slot's state before and
// after it, for the audit trail.
type failure struct {
	staff         string
	err           error
	before, after keyslot.Status
}

// counted reports whether the key file counted this attempt as a wrong PIN.
func (f failure) counted() bool { return f.after.Failures > f.before.Failures }

// lockedOut reports whether this attempt locked the slot.
func (f failure) lockedOut() bool { return f.after.Locked && !f.before.Locked }

// Unlock is "Who is using Gather?": a tile per staff member, then a PIN
// pad for the one chosen.
type Unlock struct {
	keys Keys
	run  runner
	// window, when set, is where the pad shows, so the PIN entry can take
	// the keyboard at once (desktop: type the PIN, press Enter).
	window     fyne.Window
	clock      access.Clock
	onUnlocked func(*keyslot.Unlocked)
	onFailed   func(failure)

	root     *fyne.Container
	tilesBox *fyne.Container
	tiles    map[string]*widget.Button // by staff id
	choose   fyne.CanvasObject         // the tiles page
	pad      fyne.CanvasObject         // the PIN page
	first    *firstTime                // the first-unlock page, when the keys have invites

	chosen   keyslot.Member
	name     *widget.Label
	role     *widget.Label
	pin      *widget.Entry
	msg      *widget.Label
	hint     *widget.Label
	digits   []*widget.Button
	clear    *widget.Button
	back     *widget.Button // deletes one digit
	unlock   *widget.Button
	busy     bool
	waitTill access.Timer // the next tick of a wait's count-down
	waiting  bool         // a wait after wrong PINs is counting down
	nudged   bool         // a digit was typed during the wait
}

func newUnlock(keys Keys, run runner, clock access.Clock, onUnlocked func(*keyslot.Unlocked), onFailed func(failure)) *Unlock {
	if clock == nil {
		clock = access.SystemClock{}
	}
	s := &Unlock{keys: keys, run: run, clock: clock, onUnlocked: onUnlocked, onFailed: onFailed}
	s.buildUI()
	s.ShowTiles()
	return s
}

// Title names the screen.
func (s *Unlock) Title() string { return "Who is using Gather?" }

// Content is the screen, built once.
func (s *Unlock) Content() fyne.CanvasObject { return s.root }

// Refresh re-reads the staff list and the chosen person's state.
func (s *Unlock) Refresh() {
	s.fillTiles()
	if s.chosen.ID != "" {
		s.showStatus()
	}
}

func (s *Unlock) buildUI() {
	var tilesScroll *container.Scroll
	s.tilesBox = container.New(&tileGrid{tile: fyne.NewSize(260, 112), widest: 360, width: func() float32 {
		// The scroll is sized before it lays out what it holds.
		return tilesScroll.Size().Width - 2*theme.Padding()
	}})
	tilesScroll = container.NewVScroll(container.NewPadded(s.tilesBox))
	lockIcon := widget.NewIcon(theme.Icon(theme.IconNameVisibilityOff))
	s.choose = container.NewBorder(
		container.NewVBox(container.NewCenter(sized(lockIcon, 48, 48)), heading("Who is using Gather?"),
			centred("Tap your name, then type your PIN. The device is locked until you do.")),
		nil, nil, nil,
		tilesScroll)

	s.name = heading("")
	s.role = centred("")
	s.role.Importance = widget.LowImportance
	s.pin = widget.NewPasswordEntry()
	s.pin.SetPlaceHolder("Your PIN")
	s.pin.OnSubmitted = func(string) { s.onSubmit() }
	s.pin.OnChanged = func(string) { s.onTyped() }
	s.msg = message()
	s.hint = centred("")
	s.hint.Importance = widget.LowImportance
	keys := container.NewGridWithColumns(3)
	for _, d := range []string{"1", "2", "3", "4", "5", "6", "7", "8", "9"} {
		keys.Add(s.digit(d))
	}
	// "Clear" empties the PIN; the key beside 0 takes one digit off, with
	// the keypad's backspace shape and its name in words: a bare cross
	// there was pressed to clear, and an undo arrow on Clear read as
	// "take the last digit back".
	s.clear = widget.NewButton("Clear", s.onClear)
	keys.Add(sized(s.clear, 0, 72))
	keys.Add(s.digit("0"))
	back := widget.NewButtonWithIcon("Delete", kit.BackspaceIcon(), s.onBackspace)
	s.back = back
	keys.Add(sized(back, 0, 72))
	s.digits = append(s.digits, back)
	s.unlock = bigButton("Unlock", theme.LoginIcon(), widget.HighImportance, s.onSubmit)
	notYou := bigButton("Not you? Choose someone else", theme.NavigateBackIcon(), widget.LowImportance, s.ShowTiles)
	form := container.NewVBox(
		s.name, s.role,
		tall(s.pin),
		s.msg,
		keys,
		sized(s.unlock, 0, 60),
		tall(notYou),
		s.hint,
	)
	s.pad = container.NewVScroll(container.NewVBox(layout.NewSpacer(), column(360, form), layout.NewSpacer()))
	s.root = container.NewStack()
	if inv, ok := s.keys.(Inviter); ok {
		s.first = newFirstTime(s, inv)
	}
}

func (s *Unlock) digit(d string) fyne.CanvasObject {
	b := widget.NewButton(d, func() { s.onDigit(d) })
	s.digits = append(s.digits, b)
	return sized(b, 0, 72)
}

// fillTiles makes one big tile per staff member: name, role, and whether
// they are locked out.
func (s *Unlock) fillTiles() {
	s.tiles = map[string]*widget.Button{}
	s.tilesBox.Objects = nil
	for _, m := range s.keys.Members() {
		m := m
		b := widget.NewButton("", func() { s.onChoose(m) })
		name := widget.NewLabelWithStyle(m.Name, fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
		name.SizeName = theme.SizeNameSubHeadingText
		name.Truncation = fyne.TextTruncateEllipsis
		role := widget.NewLabelWithStyle(m.Role, fyne.TextAlignCenter, fyne.TextStyle{})
		lines := []fyne.CanvasObject{name, role}
		if st, err := s.keys.Status(m.ID); err == nil && st.Locked {
			locked := widget.NewLabelWithStyle("Locked: ask an administrator", fyne.TextAlignCenter, fyne.TextStyle{})
			locked.Importance = widget.DangerImportance
			lines = append(lines, locked)
		}
		s.tiles[m.ID] = b
		s.tilesBox.Add(container.NewStack(b, container.New(layout.NewCustomPaddedVBoxLayout(-12), append([]fyne.CanvasObject{layout.NewSpacer()}, append(lines, layout.NewSpacer())...)...)))
	}
	// Staff new to this device, with a setup code: their first unlock
	// sets their PIN here.
	if s.first != nil {
		for _, m := range s.first.keys.Invited() {
			m := m
			b := widget.NewButton("", func() { s.onChooseNew(m) })
			name := widget.NewLabelWithStyle(m.Name, fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
			name.SizeName = theme.SizeNameSubHeadingText
			name.Truncation = fyne.TextTruncateEllipsis
			note := kit.RowDetail("New here: set your PIN")
			note.Alignment = fyne.TextAlignCenter
			s.tiles[m.ID] = b
			s.tilesBox.Add(container.NewStack(b, container.New(layout.NewCustomPaddedVBoxLayout(-12),
				layout.NewSpacer(), name, widget.NewLabelWithStyle(m.Role, fyne.TextAlignCenter, fyne.TextStyle{}), note, layout.NewSpacer())))
		}
	}
	s.tilesBox.Refresh()
}

// ShowTiles shows the staff tiles, forgetting any PIN half typed.
func (s *Unlock) ShowTiles() {
	s.stopWait()
	s.waiting, s.nudged = false, false
	s.chosen = keyslot.Member{}
	s.pin.SetText("")
	s.msg.SetText("")
	s.fillTiles()
	s.root.Objects = []fyne.CanvasObject{s.choose}
	s.root.Refresh()
}

// ShowPIN goes straight to the PIN pad of one staff member (after an idle
// lock, the person who was using the device); unknown ids show the tiles.
func (s *Unlock) ShowPIN(staffID string) {
	for _, m := range s.keys.Members() {
		if m.ID == staffID {
			s.onChoose(m)
			return
		}
	}
	s.ShowTiles()
}

// ShowNew goes to the first-unlock page of a staff member with a setup
// code for this device, as tapping their tile does; anyone else, the tiles.
func (s *Unlock) ShowNew(staffID string) {
	if s.first != nil {
		for _, m := range s.first.keys.Invited() {
			if m.ID == staffID {
				s.onChooseNew(m)
				return
			}
		}
	}
	s.ShowTiles()
}

// onChooseNew shows the first-unlock page of a staff member with a setup
// code for this device.
func (s *Unlock) onChooseNew(m keyslot.Member) {
	s.stopWait()
	s.waiting, s.nudged = false, false
	s.chosen = keyslot.Member{}
	s.first.show(m)
	s.root.Objects = []fyne.CanvasObject{s.first.root}
	s.root.Refresh()
}

func (s *Unlock) onChoose(m keyslot.Member) {
	s.stopWait()
	s.waiting, s.nudged = false, false
	s.chosen = m
	s.name.SetText(m.Name)
	s.role.SetText(m.Role)
	s.pin.SetText("")
	s.msg.SetText("")
	s.root.Objects = []fyne.CanvasObject{s.pad}
	s.root.Refresh()
	s.showStatus()
	s.focusPIN()
}

// focusPIN gives the PIN entry the keyboard, when the pad is on show.
func (s *Unlock) focusPIN() {
	if s.busy || s.pin.Disabled() || len(s.root.Objects) == 0 || s.root.Objects[0] != s.pad {
		return
	}
	var cv fyne.Canvas
	if s.window != nil {
		if s.window.Content() != s.Content() {
			return // not on show yet: the gate focuses it once it is
		}
		cv = s.window.Canvas()
	} else if a := fyne.CurrentApp(); a != nil {
		cv = a.Driver().CanvasForObject(s.pin)
	}
	if cv != nil {
		cv.Focus(s.pin)
	}
}

// showStatus reads the chosen person's slot and says what they can do:
// try, wait, or ask an administrator. A wait counts down on screen: it
// calls itself again each time the seconds left change, until the wait
// ends or the pad goes (stopWait).
func (s *Unlock) showStatus() {
	s.stopWait()
	st, err := s.keys.Status(s.chosen.ID)
	if s.waiting && (err != nil || st.Wait <= 0) {
		// The count ended: the pad takes a PIN again.
		s.waiting, s.nudged = false, false
		s.msg.SetText("")
	}
	switch {
	case err != nil:
		s.msg.SetText("That staff member is no longer on this device.")
		s.setEnabled(false)
		return
	case st.Locked:
		s.msg.SetText(lockedOutText)
		s.hint.SetText("")
		s.setEnabled(false)
		return
	case st.Wait > 0:
		s.waiting = true
		if s.nudged {
			s.msg.SetText(nudgeText(st))
		} else {
			s.msg.SetText(waitText(st))
		}
		s.setEnabled(false)
		// The digits and the entry still listen, so a PIN typed during
		// the wait is answered (onDigit, onTyped), not dropped unseen.
		for _, b := range s.digits {
			b.Enable()
		}
		s.pin.Enable()
		tick := st.Wait % time.Second // to the next whole second left
		if tick == 0 {
			tick = time.Second
		}
		s.waitTill = s.clock.AfterFunc(tick, func() { fyne.Do(s.showStatus) })
	default:
		s.setEnabled(!s.busy)
	}
	s.sayHint(st)
}

// sayHint says under the pad how to get a forgotten PIN reset, and how
// many tries are left unless the message above already says so: a wrong
// PIN's "4 tries left" was said twice, in red and again in grey.
func (s *Unlock) sayHint(st keyslot.Status) {
	left := domain.CapitalFirst(tries(st.AttemptsLeft)) + " left"
	if st.Failures > 0 && !strings.Contains(s.msg.Text, left) {
		s.hint.SetText(left + " before this PIN is locked. Forgotten it? An administrator can set a new one.")
	} else {
		s.hint.SetText("Forgotten your PIN? An administrator can set a new one.")
	}
}

const lockedOutText = "Locked after too many tries: ask an administrator to unlock you."

func waitText(st keyslot.Status) string {
	return fmt.Sprintf("Too many wrong PINs. Wait %s, then try again. %s left.", inWords(st.Wait), domain.CapitalFirst(tries(st.AttemptsLeft)))
}

// nudgeText answers a digit typed during a wait.
func nudgeText(st keyslot.Status) string {
	return fmt.Sprintf("Wait until the count ends: %s. Then type your PIN again.", inWords(st.Wait))
}

// nudge says a digit typed during a wait was not taken.
func (s *Unlock) nudge() {
	s.nudged = true
	if st, err := s.keys.Status(s.chosen.ID); err == nil && st.Wait > 0 {
		s.msg.SetText(nudgeText(st))
	}
}

func (s *Unlock) stopWait() {
	if s.waitTill != nil {
		s.waitTill.Stop()
		s.waitTill = nil
	}
}

func (s *Unlock) setEnabled(on bool) {
	for _, b := range append(append([]*widget.Button{}, s.digits...), s.clear, s.unlock) {
		if on {
			b.Enable()
		} else {
			b.Disable()
		}
	}
	if on {
		s.pin.Enable()
	} else {
		s.pin.Disable()
	}
}

func (s *Unlock) onDigit(d string) {
	if s.waiting {
		s.nudge()
		return
	}
	if s.busy || s.pin.Disabled() {
		return
	}
	s.pin.SetText(s.pin.Text + d)
}

func (s *Unlock) onBackspace() {
	if t := []rune(s.pin.Text); len(t) > 0 && !s.busy {
		s.pin.SetText(string(t[:len(t)-1]))
	}
}

func (s *Unlock) onClear() {
	if !s.busy {
		s.pin.SetText("")
	}
}

func (s *Unlock) onTyped() {
	if s.waiting && s.pin.Text != "" {
		s.pin.SetText("") // typed on a keyboard during the wait
		s.nudge()
		return
	}
	if s.pin.Text != "" && !s.busy && s.msg.Text != "" && !s.pin.Disabled() {
		s.msg.SetText("")
		if st, err := s.keys.Status(s.chosen.ID); err == nil && !st.Locked {
			s.sayHint(st) // the count the message gave moves under the pad
		}
	}
}

// onSubmit tries the PIN off the UI goroutine: Argon2id takes a few tenths
// of a second, and the pad must not freeze meanwhile.
func (s *Unlock) onSubmit() {
	if s.waiting {
		s.nudge()
		return
	}
	if s.busy || s.chosen.ID == "" || s.pin.Text == "" || s.pin.Disabled() {
		return
	}
	id, pin := s.chosen.ID, s.pin.Text
	s.pin.SetText("")
	before, _ := s.keys.Status(id)
	s.busy = true
	s.setEnabled(false)
	s.msg.SetText("")
	s.unlock.SetText("Checking…")
	var (
		u   *keyslot.Unlocked
		err error
	)
	s.run(func() { u, err = s.keys.Unlock(id, pin) }, func() { s.onResult(id, before, u, err) })
}

func (s *Unlock) onResult(id string, before keyslot.Status, u *keyslot.Unlocked, err error) {
	s.busy = false
	s.unlock.SetText("Unlock")
	if err == nil {
		s.ShowTiles()
		if s.onUnlocked != nil {
			s.onUnlocked(u)
		} else {
			u.Forget()
		}
		return
	}
	after, _ := s.keys.Status(id)
	if s.onFailed != nil {
		s.onFailed(failure{staff: id, err: err, before: before, after: after})
	}
	if id != s.chosen.ID {
		return // they went back to the tiles meanwhile
	}
	s.showStatus()
	switch {
	case errors.Is(err, keyslot.ErrLockedOut) || after.Locked:
		s.msg.SetText(lockedOutText)
		s.fillTiles()
	case errors.Is(err, keyslot.ErrTooSoon):
		s.msg.SetText(waitText(after))
	case errors.Is(err, keyslot.ErrWrongPIN):
		text := fmt.Sprintf("That PIN is not right. %s left.", domain.CapitalFirst(tries(after.AttemptsLeft)))
		if after.Wait > 0 {
			text += fmt.Sprintf(" Wait %s before the next try.", inWords(after.Wait))
		}
		s.msg.SetText(text)
	case errors.Is(err, keyslot.ErrTampered):
		s.msg.SetText("Nobody can be let in: this device's key file was changed outside Gather. The device must be set up again.")
		s.setEnabled(false)
	default:
		s.msg.SetText("The PIN could not be checked. Try again in a moment. (" + err.Error() + ")")
	}
	if !after.Locked {
		s.sayHint(after)
	}
	s.focusPIN()
}

// sayLong puts text of several lines under the PIN on the pad already
// laid out, and lays it out again: the label grows, and the keys below
// make room for it.
func (s *Unlock) sayLong(text string) {
	s.msg.SetText(text)
	if scroll, ok := s.pad.(*container.Scroll); ok {
		scroll.Content.Refresh()
	}
	s.pad.Refresh()
}

// Message is the text the PIN pad shows: an error, a wait, a lockout.
func (s *Unlock) Message() string { return s.msg.Text }
