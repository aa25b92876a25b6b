package domain

import (
	"slices"
	"strings"
)

// Duplicate is an existing person who may be the one about to be added.
type Duplicate struct {
	Person  Person
	Reasons []string // "same name" or "similar name", "same phone", "same date of birth"
	// Likely is true when a similar name comes with the same phone or date
	// of birth; otherwise only the name is the same.
	Likely bool
}

// FindDuplicates returns the people who may already be the candidate: a
// similar name with the same phone number or date of birth (likely), or the
// same name exactly (possible, since venue devices do not hold phone numbers
// or dates of birth). Likely matches come first. Merged and deleted people
// are skipped.
func FindDuplicates(candidate Person, people []Person) []Duplicate {
	var likely, possible []Duplicate
	cPhone := NormalizePhone(candidate.Phone)
	for _, p := range people {
		if p.Deleted || p.MergedInto != "" || p.ID == candidate.ID {
			continue
		}
		if !SimilarNames(candidate, p) {
			continue
		}
		// "Same name" when it is: a coordinator told "similar name" of two
		// identical names doubts the check, or hunts for a difference.
		name := "similar name"
		if sameName(candidate, p) {
			name = "same name"
		}
		d := Duplicate{Person: p, Reasons: []string{name}}
		if cPhone != "" && cPhone == NormalizePhone(p.Phone) {
			d.Reasons = append(d.Reasons, "same phone")
			d.Likely = true
		}
		if candidate.DateOfBirth != "" && candidate.DateOfBirth == p.DateOfBirth {
			d.Reasons = append(d.Reasons, "same date of birth")
			d.Likely = true
		}
		switch {
		case d.Likely:
			likely = append(likely, d)
		case name == "same name":
			possible = append(possible, d)
		}
	}
	return append(likely, possible...)
}

func sameName(a, b Person) bool {
	return FoldName(a.FamilyName) == FoldName(b.FamilyName) &&
		(FoldName(a.GivenName) == FoldName(b.GivenName) || FoldName(a.GivenName) == FoldName(b.PreferredName) ||
			a.PreferredName != "" && FoldName(a.PreferredName) == FoldName(b.GivenName))
}

// SimilarNames reports whether two people's names are close enough to be the
// same person written differently: family names within one typo (two for
// long names), and given names that are close, one a short form of the
// other ("Jim"/"Jimmy"), or one the other's preferred name.
func SimilarNames(a, b Person) bool {
	return similarFamilyNames(a, b) && similarGivenNames(a, b)
}

// similarFamilyNames: both written, and within one typo (two for long
// names).
func similarFamilyNames(a, b Person) bool {
	fa, fb := FoldName(a.FamilyName), FoldName(b.FamilyName)
	if fa == "" || fb == "" {
		return false
	}
	allowed := 1
	if len(fa) >= 7 {
		allowed = 2
	}
	return editDistance(fa, fb) <= allowed
}

// similarGivenNames: a given or preferred name of one close to one of the
// other's, or a short form of it ("Jim"/"Jimmy").
func similarGivenNames(a, b Person) bool {
	ga := []string{FoldName(a.GivenName), FoldName(a.PreferredName)}
	gb := []string{FoldName(b.GivenName), FoldName(b.PreferredName)}
	for _, x := range ga {
		for _, y := range gb {
			if x == "" || y == "" {
				continue
			}
			if x == y || editDistance(x, y) <= 1 ||
				len(x) >= 3 && len(y) >= 3 && (strings.HasPrefix(x, y) || strings.HasPrefix(y, x)) {
				return true
			}
		}
	}
	return false
}

// NormalizePhone keeps a phone number's digits, writing a UK +44 prefix as
// a leading 0, so "+44 7700 900123" and "07700900123" compare equal.
func NormalizePhone(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	d := b.String()
	if strings.HasPrefix(strings.TrimSpace(s), "+44") || strings.HasPrefix(d, "0044") {
		d = "0" + strings.TrimPrefix(strings.TrimPrefix(d, "0044"), "44")
	}
	return d
}

// editDistance is the Levenshtein distance between two strings, in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// RegisterClues are what a facilitator can check with someone at the door
// who may be a person already known, when only the name matches: the
// activities they are enrolled on (enrolledIn, by name) and the day they
// last came (from their marks; activityName names an activity by id), or
// that they have not come yet. Register data only, which every role may
// see and every venue device holds: never a date of birth or phone.
func RegisterClues(enrolledIn []string, marks []Attendance, activityName func(id string) string) []string {
	var out []string
	if len(enrolledIn) > 0 {
		out = append(out, "enrolled in "+strings.Join(enrolledIn, ", "))
	}
	var last Attendance
	for _, m := range marks {
		if Attended(m.Status) && m.Date > last.Date {
			last = m
		}
	}
	switch {
	case last.Date != "":
		came := "last came " + DayInWords(last.Date)
		// Which activity, unless it is the only one they are enrolled in,
		// named just before: "enrolled in Garden group · last came Sat 14
		// Nov 2026 (Garden group)" made the facilitator read it twice.
		if name := activityName(last.ActivityID); name != "" && !slices.Equal(enrolledIn, []string{name}) {
			came += " (" + name + ")"
		}
		out = append(out, came)
	case len(enrolledIn) > 0:
		out = append(out, "has not come yet")
	}
	return out
}
