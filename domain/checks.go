package domain

import (
	"fmt"
	"regexp"
	"strings"
)

// Checks on what people type or import, shared by the forms and the
// importer so both accept and refuse the same things, in the same words.

// CheckNHSNumber reads an NHS number, 10 digits with spaces or dashes
// anywhere, and checks its last digit (Modulus 11). It returns the number
// as 943 476 5919, or what is wrong in plain words.
func CheckNHSNumber(s string) (number, problem string) {
	var d []int
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			d = append(d, int(r-'0'))
		case r == ' ' || r == '-':
		default:
			return "", fmt.Sprintf("The NHS number %q should be 10 digits, like 943 476 5919, with nothing else in it.", s)
		}
	}
	if len(d) != 10 {
		return "", fmt.Sprintf("The NHS number %q has %d digits; it should have 10, like 943 476 5919. Check it against their letter or the NHS App.", s, len(d))
	}
	sum := 0
	for i := 0; i < 9; i++ {
		sum += d[i] * (10 - i)
	}
	check := 11 - sum%11
	if check == 11 {
		check = 0
	}
	if check == 10 || check != d[9] {
		return "", fmt.Sprintf("The NHS number %q is not a real NHS number: a digit is probably mistyped. Check it against their letter or the NHS App.", s)
	}
	var b strings.Builder
	for i, x := range d {
		if i == 3 || i == 6 {
			b.WriteByte(' ')
		}
		b.WriteByte(byte('0' + x))
	}
	return b.String(), ""
}

var (
	ukPostcode = regexp.MustCompile(`^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$`)
	phoneChars = regexp.MustCompile(`^\+?[0-9 ()-]+$`)
)

// NormalPostcode is a UK postcode in capitals with one space, when it
// looks like one.
func NormalPostcode(s string) (string, bool) {
	p := strings.ToUpper(strings.Join(strings.Fields(s), ""))
	if !ukPostcode.MatchString(p) {
		return s, false
	}
	return p[:len(p)-3] + " " + p[len(p)-3:], true
}

// CheckPostcode is the postcode as it is kept: "" for none, else a UK
// postcode in capitals with one space. One that does not look like a UK
// postcode is refused in words, so every form that takes one says the same.
func CheckPostcode(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	pc, ok := NormalPostcode(s)
	if !ok {
		return s, fmt.Errorf("The postcode %q does not look like a UK postcode, like KV1 4RG.", s)
	}
	return pc, nil
}

// PhoneLooksRight: digits, spaces, brackets, dashes and a leading +, with
// at least six digits.
func PhoneLooksRight(s string) bool {
	digits := 0
	for _, r := range s {
		if r >= '0' && r <= '9' {
			digits++
		}
	}
	return phoneChars.MatchString(s) && digits >= 6
}

// EmailLooksRight: one @ with something either side, a dot after it and
// no spaces. Only sending an email proves more.
func EmailLooksRight(s string) bool {
	at := strings.LastIndex(s, "@")
	return at > 0 && at < len(s)-1 && !strings.ContainsAny(s, " \t\n") && strings.Count(s, "@") == 1 &&
		strings.Contains(s[at+1:], ".")
}
