package domain

import (
	"cmp"
	"slices"
	"strings"
)

// ReferralCard is the card of someone already known (before) as a
// referral taken for them leaves it, given what the form has for them
// (typed). What reception learned fills in what is not known, without
// overwriting it, but for how to reach them: a phone, email or address
// typed now is newer than the one on file (they have moved), so it
// replaces it (replaced names each, for the screen to say). An address
// and its postcode are one: a new street typed is taken with the postcode
// typed beside it (a postcode on file without its street, or with another
// street, may be an old one); the street on file typed again (sameStreet:
// "9 mill lane" for "9 Mill Lane, Kirkby Vale") is no move, and keeps its
// postcode unless another is typed beside it; a postcode typed alone only
// completes the address on file, and one that differs from the one on file
// is not used (unused says why). Postcodes are compared as kept
// (SamePostcode). The ways ticked are added to theirs on file: the
// form does not show those, so leaving one unticked is no withdrawal.
// Nothing typed leaves the detail on file as it is, for the ways ticked
// to go by (ContactDetailsOnFile).
func ReferralCard(before, typed Person) (after Person, replaced, unused []string) {
	after = before
	fill := func(dst *string, val string) {
		if *dst == "" {
			*dst = val
		}
	}
	take := func(what string, dst *string, val string) {
		if val != "" && val != *dst {
			if *dst != "" {
				replaced = append(replaced, what)
			}
			*dst = val
		}
	}
	fill(&after.DateOfBirth, typed.DateOfBirth)
	take("phone", &after.Phone, typed.Phone)
	take("email", &after.Email, typed.Email)
	switch {
	case typed.Address != "" && sameStreet(after.Address, typed.Address):
		// The street on file, perhaps said without its town: not a move.
		// Typed with more of it (the town), the fuller one is kept.
		if len(addressParts(typed.Address)) > len(addressParts(after.Address)) {
			after.Address = typed.Address
		}
		if typed.Postcode != "" && !SamePostcode(typed.Postcode, after.Postcode) {
			// Its postcode, corrected.
			if after.Postcode != "" {
				replaced = append(replaced, "postcode")
			}
			after.Postcode = typed.Postcode
		}
	case typed.Address != "":
		if after.Address != "" {
			// The postcode on file is the old street's.
			replaced, after.Postcode = append(replaced, "address"), ""
		}
		after.Address = typed.Address
		after.Postcode = cmp.Or(typed.Postcode, after.Postcode)
	case typed.Postcode != "" && after.Postcode != "" && !SamePostcode(typed.Postcode, after.Postcode):
		unused = append(unused, "the postcode typed without its street (their address on file keeps its own: to change it, type the street with the postcode)")
	default:
		fill(&after.Postcode, typed.Postcode)
	}
	fill(&after.Practice, typed.Practice)
	fill(&after.PreferredName, typed.PreferredName)
	fill(&after.Gender, typed.Gender)
	fill(&after.Ethnicity, typed.Ethnicity)
	for _, way := range typed.ContactPreferences {
		if !slices.Contains(after.ContactPreferences, way) {
			after.ContactPreferences = append(slices.Clone(after.ContactPreferences), way)
		}
	}
	return after, replaced, unused
}

// sameStreet reports whether address typed is the address on file, as
// reception may say it: compared line by line (a comma or a new line
// ends one), ignoring case and spaces, and one may stop where the other
// goes on (the town, or a postcode at its end, left off). "9 Mill Lane"
// is "9 Mill Lane, Kirkby Vale", but not "9 Mill Lane North" nor
// "19 Mill Lane".
func sameStreet(onFile, typed string) bool {
	a, b := addressParts(onFile), addressParts(typed)
	if len(a) == 0 || len(b) == 0 {
		return false
	}
	n := min(len(a), len(b))
	return slices.Equal(a[:n], b[:n])
}

// addressParts is an address's lines (split at commas and new lines), each
// in lower case with single spaces, empty ones left out.
func addressParts(addr string) []string {
	var out []string
	for _, part := range strings.FieldsFunc(addr, func(r rune) bool { return r == '\n' || r == ',' }) {
		if f := strings.Fields(strings.ToLower(part)); len(f) > 0 {
			out = append(out, strings.Join(f, " "))
		}
	}
	return out
}
