package domain

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// wayMethod is the contact method (one of ContactMethods) that uses each
// way a person can agree to be contacted (one of ContactWays): agreeing
// to "phone" is agreeing to a phone call.
var wayMethod = map[string]string{
	"phone":  "phone call",
	"text":   "text",
	"email":  "email",
	"letter": "letter",
}

// ContactMethodFor is the contact method (one of ContactMethods) that
// contacts someone by way (one of ContactWays), or "" for none.
func ContactMethodFor(way string) string { return wayMethod[way] }

// ContactWayOf is the way (one of ContactWays) contact method uses, whose
// consent it needs, or "" for a method that needs none (in person,
// printed information): a phone call is "phone", so a screen says the
// consent it needs in the words of the ticks (ContactWaysWords).
func ContactWayOf(method string) string {
	for w, m := range wayMethod {
		if m == method {
			return w
		}
	}
	return ""
}

// FirstAgreedContact is the first way person p has agreed to be contacted
// on today (AgreedContactWays), with the contact method that uses it:
// what a form logging a contact starts with chosen. Both are "" when
// they have agreed to none, so nothing is chosen for them.
func FirstAgreedContact(p Person, cs []Consent, today string) (way, method string) {
	for _, w := range AgreedContactWays(p, cs, today) {
		if m := ContactMethodFor(w); m != "" {
			return w, m
		}
	}
	return "", ""
}

// ContactDetailWords is the detail contacting person p by way needs (the
// one MissingContactDetail asks for), in words: "Phone: 07700 900123",
// "Email: ann@example.org", "Address: 1 High St, AB1 2CD"; a dash for a
// detail not recorded, and "" for a way that needs none.
func ContactDetailWords(p Person, way string) string {
	or := func(s string) string {
		if s = strings.TrimSpace(s); s == "" {
			return "—"
		}
		return s
	}
	switch way {
	case "phone", "text":
		return "Phone: " + or(p.Phone)
	case "email":
		return "Email: " + or(p.Email)
	case "letter":
		addr := strings.TrimSpace(p.Address)
		if code := strings.TrimSpace(p.Postcode); code != "" && !addressHasPostcode(addr) {
			if addr != "" {
				addr += ", "
			}
			addr += code
		}
		return "Address: " + or(addr)
	}
	return ""
}

// ErrContactMethodUnchosen is the refusal to log a contact without saying
// how it was made: a form starts with nothing chosen for someone who has
// agreed to no way of contact (FirstAgreedContact).
var ErrContactMethodUnchosen = errors.New("choose how you were in touch")

// CheckContactMethod refuses a contact method that is not one of
// ContactMethods, or none.
func CheckContactMethod(method string) error {
	if method == "" {
		return ErrContactMethodUnchosen
	}
	if !slices.Contains(ContactMethods, method) {
		return fmt.Errorf("%q is not a way of contact", method)
	}
	return nil
}
