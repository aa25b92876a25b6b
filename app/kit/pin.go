package kit

import (
	"errors"
	"fmt"

	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/keyslot"
)

// PINAdvice is what a form that sets a new PIN says as it is typed twice:
// the one wording for setting up a device, a first-time PIN, changing
// one's own and an administrator giving one.
type PINAdvice struct {
	Text    string
	OK      bool // the PIN may be chosen: good, and typed the same twice
	Problem bool // as typed it cannot be: too short, too easy, or the two differ
}

// AdviseOnPIN checks pin, typed twice (pin and again), against the
// device's minimum length (0: keyslot's default).
func AdviseOnPIN(pin, again string, minLen int) PINAdvice {
	if minLen == 0 {
		minLen = keyslot.DefaultMinPINLength
	}
	minLen = max(minLen, keyslot.MinPINLengthFloor)
	if pin == "" {
		return PINAdvice{Text: fmt.Sprintf("Choose a PIN of at least %d digits, or a longer passphrase. Avoid repeats (111111), runs (123456) and dates.", minLen)}
	}
	if err := keyslot.CheckPIN(pin, minLen); err != nil {
		return PINAdvice{Text: PINProblem(err, minLen), Problem: true}
	}
	switch {
	case again == "":
		return PINAdvice{Text: "Good. Type it again to make sure."}
	case again != pin:
		return PINAdvice{Text: "The two PINs are not the same. Type them again.", Problem: true}
	}
	// No promise that an administrator can set a new one: setting up a
	// device, or changing their own, the only administrator has nobody
	// who can (the setup screen says to keep two).
	return PINAdvice{Text: "Good. Remember it: nobody can look it up.", OK: true}
}

// PINProblem puts keyslot's objection to a new PIN in plain words.
func PINProblem(err error, minLen int) string {
	minLen = max(minLen, keyslot.MinPINLengthFloor)
	switch {
	case errors.Is(err, keyslot.ErrPINTooShort):
		return fmt.Sprintf("That PIN is too short: use at least %d digits, or a longer passphrase.", minLen)
	case errors.Is(err, keyslot.ErrPINTooEasy):
		return "That PIN is too easy to guess: avoid repeats (111111), runs (123456) and common PINs."
	case errors.Is(err, keyslot.ErrPINTooLong):
		return "That PIN is too long: keep it under 256 characters."
	}
	return "That PIN cannot be used: " + err.Error() + "."
}

// Show puts the advice in l, in red when the PIN cannot be used as typed
// and in green once it can, so a greyed-out button has its reason beside it.
func (a PINAdvice) Show(l *widget.Label) {
	switch {
	case a.Problem:
		l.Importance = widget.DangerImportance
	case a.OK:
		l.Importance = widget.SuccessImportance
	default:
		l.Importance = widget.MediumImportance
	}
	l.SetText(a.Text)
}
