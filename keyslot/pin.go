package keyslot

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// DefaultMinPINLength is six digits. Four digits are only 10,000 guesses:
// the lockout stops those on the tablet, but someone who copies the key file
// can try them all offline within an hour even at Argon2id's cost. Six
// digits make that a hundred times longer (days of one core); only a
// passphrase makes it impractical.
const DefaultMinPINLength = 6

// MinPINLengthFloor is the shortest minimum a device may be configured with.
const MinPINLengthFloor = 4

const maxPINLength = 256 // bytes; Argon2id hashes anything, but a paste of a book is a mistake

// Errors about a new PIN, worded for the person choosing it.
var (
	ErrPINTooShort = errors.New("that PIN is too short")
	ErrPINTooLong  = errors.New("that PIN or passphrase is too long")
	ErrPINTooEasy  = errors.New("that PIN is too easy to guess: avoid repeats, runs like 1234 and common PINs")
)

// commonPINs are PINs that top every published list of chosen PINs, beyond
// the repeats and runs CheckPIN catches by rule.
var commonPINs = map[string]bool{
	"1212": true, "1122": true, "1313": true, "1004": true, "2000": true, "2001": true, "2580": true,
	"0852": true, "6969": true, "1010": true, "0007": true, "1984": true, "2468": true, "1357": true,
	"112233": true, "121212": true, "123123": true, "696969": true, "159753": true, "147258": true,
	"258369": true, "147852": true, "753951": true, "101010": true, "131313": true, "102030": true,
	"password": true, "passw0rd": true, "password1": true, "gather": true, "letmein": true, "qwerty": true,
	"qwertyuiop": true, "12345678": true, "87654321": true, "iloveyou": true, "changeme": true,
}

// CheckPIN says whether pin may be chosen as a new PIN or passphrase. The UI
// can call it as the person types; AddStaff, ChangePIN and ResetPIN call it
// too. minLen below MinPINLengthFloor is raised to it.
func CheckPIN(pin string, minLen int) error {
	if minLen < MinPINLengthFloor {
		minLen = MinPINLengthFloor
	}
	if len(pin) > maxPINLength {
		return ErrPINTooLong
	}
	if !utf8.ValidString(pin) {
		return ErrPINTooEasy // cannot be typed again reliably
	}
	if utf8.RuneCountInString(pin) < minLen {
		return fmt.Errorf("%w: use at least %d digits", ErrPINTooShort, minLen)
	}
	if guessable(pin) {
		return ErrPINTooEasy
	}
	return nil
}

func guessable(pin string) bool {
	lower := strings.ToLower(pin)
	if commonPINs[lower] {
		return true
	}
	rs := []rune(lower)
	if strings.TrimFunc(lower, unicode.IsSpace) == "" {
		return true
	}
	return repeatsShortPattern(rs) || isRun(rs)
}

// repeatsShortPattern catches 0000, 1212, 123123, abcabc: a pattern of at most
// half the length, repeated.
func repeatsShortPattern(rs []rune) bool {
	for period := 1; period <= len(rs)/2; period++ {
		if len(rs)%period != 0 {
			continue
		}
		repeats := true
		for i := period; i < len(rs); i++ {
			if rs[i] != rs[i-period] {
				repeats = false
				break
			}
		}
		if repeats {
			return true
		}
	}
	return false
}

// isRun catches 1234, 4321, 3456789, 7890 (wrapping through zero) and abcd.
func isRun(rs []rune) bool {
	if len(rs) < 3 {
		return false
	}
	step := func(a, b rune, dir int) bool {
		if isASCIIDigit(a) && isASCIIDigit(b) {
			return (int(a-'0')+dir+10)%10 == int(b-'0')
		}
		return int(b-a) == dir
	}
	for _, dir := range []int{1, -1} {
		run := true
		for i := 1; i < len(rs); i++ {
			if !step(rs[i-1], rs[i], dir) {
				run = false
				break
			}
		}
		if run {
			return true
		}
	}
	return false
}

func isASCIIDigit(r rune) bool { return r >= '0' && r <= '9' }
