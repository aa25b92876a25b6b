package lock

import (
	"errors"
	"fmt"

	"github.com/gather-sp/gather/keyslot"
)

// PINAdvice says in plain words whether pin (typed twice, as pin and again)
// may be chosen as a new PIN, for forms that set one: ok is true when it
// may. minLen is the device's minimum length (0: keyslot's default).
func PINAdvice(pin, again string, minLen int) (advice string, ok bool) {
	if minLen == 0 {
		minLen = keyslot.DefaultMinPINLength
	}
	minLen = max(minLen, keyslot.MinPINLengthFloor)
	if pin == "" {
		return fmt.Sprintf("Choose a PIN of at least %d digits, or a longer passphrase. Avoid repeats (111111), runs (123456) and dates.", minLen), false
	}
	if err := keyslot.CheckPIN(pin, minLen); err != nil {
		return pinProblem(err, minLen), false
	}
	switch {
	case again == "":
		return "Good. Type it again below to make sure.", false
	case again != pin:
		return "The two PINs are not the same. Type them again.", false
	}
	return "Good. Remember it: nobody can look it up, but an administrator can set a new one.", true
}

// pinProblem puts keyslot's objection to a new PIN in plain words.
func pinProblem(err error, minLen int) string {
	switch {
	case errors.Is(err, keyslot.ErrPINTooShort):
		return fmt.Sprintf("Too short: use at least %d digits.", minLen)
	case errors.Is(err, keyslot.ErrPINTooEasy):
		return "Too easy to guess: avoid repeats (111111), runs (123456) and common PINs."
	case errors.Is(err, keyslot.ErrPINTooLong):
		return "Too long: keep it under 256 characters."
	}
	return "That PIN cannot be used: " + err.Error()
}
