package domain

import (
	"fmt"
	"slices"
	"strings"
)

// The one rule for what a way of contacting someone needs, beside the
// consent each needs (PreferenceConsentPurpose): phone and text need a
// phone number, email an email address, and a letter a postal address
// with its postcode (a UK letter is not sorted without one; the postcode
// may be in its own field, as every form asks, or written at the end of
// the address, as old records have it). Every form that takes the ticks,
// and the reminders, go by MissingContactDetail, so they all ask for the
// same thing in the same words.

// MissingContactDetail is what person p lacks to be contacted by way (one
// of ContactWays), in words: "phone number", "email address", "address",
// "postcode" or "address or postcode"; "" when nothing is missing, or way
// needs no detail.
func MissingContactDetail(p Person, way string) string {
	switch way {
	case "phone", "text":
		if strings.TrimSpace(p.Phone) == "" {
			return "phone number"
		}
	case "email":
		if strings.TrimSpace(p.Email) == "" {
			return "email address"
		}
	case "letter":
		addr := strings.TrimSpace(p.Address) != ""
		code := strings.TrimSpace(p.Postcode) != "" || addressHasPostcode(p.Address)
		switch {
		case !addr && !code:
			return "address or postcode"
		case !addr:
			return "address"
		case !code:
			return "postcode"
		}
	}
	return ""
}

// addressHasPostcode reports whether the address ends with a UK postcode,
// on its last line or after its last comma.
func addressHasPostcode(addr string) bool {
	parts := strings.FieldsFunc(addr, func(r rune) bool { return r == '\n' || r == ',' })
	if len(parts) == 0 {
		return false
	}
	_, ok := NormalPostcode(parts[len(parts)-1])
	return ok
}

// ContactDetailMissing is the refusal to take a way of contact ticked
// without the detail it needs (MissingContactDetail).
type ContactDetailMissing struct {
	Way    string // one of ContactWays
	Detail string // what is missing, as MissingContactDetail says it
}

func (e *ContactDetailMissing) Error() string { return e.Says(e.Way) }

// Says is the refusal in words, naming the way as the form labels it
// ("Text message"): "Text message is ticked but there is no phone number:
// add it, or untick text message."
func (e *ContactDetailMissing) Says(label string) string {
	it := "it"
	if strings.Contains(e.Detail, " or ") {
		it = "them"
	}
	return fmt.Sprintf("%s is ticked but there is no %s: add %s, or untick %s.",
		CapitalFirst(label), e.Detail, it, strings.ToLower(label))
}

// CheckContactDetails returns a *ContactDetailMissing for the first of
// ways (in order) that person p lacks the detail for, or nil when p has
// everything each needs. p is the person as they would be saved.
func CheckContactDetails(p Person, ways []string) error {
	for _, w := range ways {
		if d := MissingContactDetail(p, w); d != "" {
			return &ContactDetailMissing{Way: w, Detail: d}
		}
	}
	return nil
}

// ContactWaysToCheck is which of the ways ticked (ways, as a form saves
// them) the form checks the detail of (CheckContactDetails) when it saves
// person before as after: a way newly ticked (not among before's
// preferences), and a way whose own detail this save changes (the phone
// number for phone and text, the email address for email, the address or
// the postcode for a letter). A way already theirs whose detail nobody
// touched is not checked: a record kept under an older rule (a letter
// with an address and no postcode) never blocks an unrelated change, and
// the reminders list it as unreachable, saying what to fix. Every form
// that takes the ticks goes by this, so they all check the same ways.
func ContactWaysToCheck(before, after Person, ways []string) []string {
	var out []string
	for _, w := range ways {
		if !slices.Contains(before.ContactPreferences, w) || contactDetailChanged(before, after, w) {
			out = append(out, w)
		}
	}
	return out
}

// contactDetailChanged reports whether the detail way goes by differs
// between before and after (ignoring spaces around it, and a postcode's
// case and spacing).
func contactDetailChanged(before, after Person, way string) bool {
	same := func(a, b string) bool { return strings.TrimSpace(a) == strings.TrimSpace(b) }
	switch way {
	case "phone", "text":
		return !same(before.Phone, after.Phone)
	case "email":
		return !same(before.Email, after.Email)
	case "letter":
		return !same(before.Address, after.Address) || !SamePostcode(before.Postcode, after.Postcode)
	}
	return false
}

// SamePostcode reports whether a and b are the same postcode once each is
// written as it is kept (NormalPostcode: "kv14rg" is "KV1 4RG"); text that
// is no postcode is compared as it is, without spaces around it.
func SamePostcode(a, b string) bool {
	a, _ = NormalPostcode(strings.TrimSpace(a))
	b, _ = NormalPostcode(strings.TrimSpace(b))
	return a == b
}

// ContactDetailsOnFile says, for a form that adds to someone already known
// (before), which of the ways ticked go by a detail already on file because
// none was typed (typed): "their email address on file (ann@example.org)",
// one for each, so the screen can say it is using them.
func ContactDetailsOnFile(before, typed Person, ways []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, w := range ways {
		d := MissingContactDetail(typed, w)
		if d == "" || MissingContactDetail(before, w) != "" || seen[d] {
			continue
		}
		seen[d] = true
		noun, val := d, ""
		switch w {
		case "phone", "text":
			val = before.Phone
		case "email":
			val = before.Email
		case "letter":
			switch d {
			case "address":
				val = before.Address
			case "postcode":
				val = before.Postcode
			default:
				noun, val = "address and postcode", strings.Join(nonEmpty(strings.TrimSpace(before.Address), strings.TrimSpace(before.Postcode)), ", ")
			}
		}
		if val = strings.TrimSpace(val); val != "" {
			val = " (" + val + ")"
		}
		out = append(out, fmt.Sprintf("their %s on file%s", noun, val))
	}
	return out
}
