package kit

import (
	"regexp"
	"strings"
)

// Postcodes and phone numbers, as the venue and person forms check them.

var postcodePattern = regexp.MustCompile(`^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$`)

// PhonePattern is what a phone number may hold: digits, spaces, brackets,
// dashes and a leading +.
var PhonePattern = regexp.MustCompile(`^\+?[0-9 ()-]+$`)

// NormalPostcode is a UK postcode in capitals with one space, when it
// looks like one; otherwise s, false.
func NormalPostcode(s string) (string, bool) {
	p := strings.ToUpper(strings.Join(strings.Fields(s), ""))
	if !postcodePattern.MatchString(p) {
		return s, false
	}
	return p[:len(p)-3] + " " + p[len(p)-3:], true
}

// PhoneLooksRight reports whether s is a phone number: PhonePattern, with
// at least six digits.
func PhoneLooksRight(s string) bool {
	digits := 0
	for _, r := range s {
		if r >= '0' && r <= '9' {
			digits++
		}
	}
	return PhonePattern.MatchString(s) && digits >= 6
}
