package domain

import (
	"cmp"
	"slices"
)

// ReferralCard is the card of someone already known (before) as a
// referral taken for them leaves it, given what the form has for them
// (typed). What reception learned fills in what is not known, without
// overwriting it, but for how to reach them: a phone, email or address
// typed now is newer than the one on file (they have moved), so it
// replaces it (replaced names each, for the screen to say). An address
// and its postcode are one: a street typed is taken with the postcode
// typed beside it (a postcode on file without its street, or with another
// street, may be an old one); a postcode typed alone only completes the
// address on file, and one that differs from the one on file is not used
// (unused says why). The ways ticked are added to theirs on file: the
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
	case typed.Address != "" && typed.Address != after.Address:
		if after.Address != "" {
			// The postcode on file is the old street's.
			replaced, after.Postcode = append(replaced, "address"), ""
		}
		after.Address = typed.Address
		after.Postcode = cmp.Or(typed.Postcode, after.Postcode)
	case typed.Postcode != "" && after.Postcode != "" && typed.Postcode != after.Postcode:
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
