package domain

import (
	"fmt"
	"strings"
)

// MergeDisagreements are the points where two records someone is about to
// merge disagree in a way that suggests they are two people, not one
// written twice: each in words for the merge screen ("Different dates of
// birth: 03/02/1950 and 10/07/1950."), in a fixed order. A detail only one
// record has is no disagreement (the merge fills it in), nor is a spelling
// within a typo, a short form ("Jim", "Jimmy") or a preferred name that is
// the other's given name. Only what a and b hold is compared: records
// redacted for a role that may not see a field (access.RedactPerson) say
// nothing of it.
func MergeDisagreements(a, b Person) []string {
	var out []string
	both := func(x, y string) bool { return strings.TrimSpace(x) != "" && strings.TrimSpace(y) != "" }
	if both(a.DateOfBirth, b.DateOfBirth) && a.DateOfBirth != b.DateOfBirth {
		out = append(out, fmt.Sprintf("Different dates of birth: %s and %s.", BirthDay(a.DateOfBirth), BirthDay(b.DateOfBirth)))
	}
	if both(a.NHSNumber, b.NHSNumber) && digits(a.NHSNumber) != digits(b.NHSNumber) {
		out = append(out, fmt.Sprintf("Different NHS numbers: %s and %s.", a.NHSNumber, b.NHSNumber))
	}
	if both(a.GivenName+a.PreferredName, b.GivenName+b.PreferredName) && !similarGivenNames(a, b) {
		out = append(out, fmt.Sprintf("Different first names: %s and %s.", givenWords(a), givenWords(b)))
	}
	if both(a.FamilyName, b.FamilyName) && !similarFamilyNames(a, b) {
		out = append(out, fmt.Sprintf("Different family names: %s and %s.", a.FamilyName, b.FamilyName))
	}
	if both(a.Postcode, b.Postcode) && !SamePostcode(a.Postcode, b.Postcode) {
		out = append(out, fmt.Sprintf("Different postcodes: %s and %s.", a.Postcode, b.Postcode))
	}
	return out
}

// givenWords is a person's first name as the disagreement names it, with
// the name they go by when it is another.
func givenWords(p Person) string {
	switch {
	case p.GivenName == "":
		return p.PreferredName
	case p.PreferredName != "" && FoldName(p.PreferredName) != FoldName(p.GivenName):
		return p.GivenName + " (known as " + p.PreferredName + ")"
	}
	return p.GivenName
}

func digits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}
