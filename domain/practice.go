package domain

import (
	"fmt"
	"strings"
)

// Practice is a GP practice people are registered with and referrals come
// from. Practices are a list kept like venues, so that a practice is one
// name in every record and report; OtherNames are what the same practice is
// also called ("Riverside Medical Centre" for "Riverside Surgery"), so text
// typed before the list, or typed again, still counts as that practice.
type Practice struct {
	ID         string   `field:"id"`
	Name       string   `field:"name"`
	OtherNames []string `field:"other_names"`
	Deleted    bool     `field:"deleted"` // archived: no longer offered
}

// PracticeName is the list's name for a practice typed or recorded as
// text: the practice whose name or other name folds to the same words
// (FoldName: case, accents, spaces and punctuation aside), or the text as
// typed (trimmed) when no practice on the list matches. Archived practices
// still match, so old records keep counting for them.
func PracticeName(list []Practice, text string) string {
	text = strings.TrimSpace(text)
	key := FoldName(text)
	if key == "" {
		return text
	}
	for _, p := range list {
		if FoldName(p.Name) == key {
			return p.Name
		}
		for _, other := range p.OtherNames {
			if FoldName(other) == key {
				return p.Name
			}
		}
	}
	return text
}

// PracticeChoices are the names to offer when picking a practice: the
// list's practices that are not archived, in the order given.
func PracticeChoices(list []Practice) []string {
	var out []string
	for _, p := range list {
		if !p.Deleted && strings.TrimSpace(p.Name) != "" {
			out = append(out, p.Name)
		}
	}
	return out
}

// CheckPractice says what is wrong with p before it is saved to list, in
// words: a name is needed, and no name or other name may already belong to
// another practice (or the two would be counted as one).
func CheckPractice(list []Practice, p Practice) []string {
	var problems []string
	if strings.TrimSpace(p.Name) == "" {
		problems = append(problems, "Type the practice's name.")
	}
	for _, name := range append([]string{p.Name}, p.OtherNames...) {
		if FoldName(name) == "" {
			continue
		}
		for _, other := range list {
			if other.ID == p.ID {
				continue
			}
			if taken := PracticeName([]Practice{other}, name); taken == other.Name {
				problems = append(problems, fmt.Sprintf("%q is already %s on the list. Edit that practice instead, or use a name that tells them apart.", strings.TrimSpace(name), other.Name))
			}
		}
	}
	return problems
}

// SplitNames reads other names typed one to a line or separated by commas
// or semicolons, trimmed, without blanks or repeats.
func SplitNames(text string) []string {
	var out []string
	seen := map[string]bool{}
	for _, n := range strings.FieldsFunc(text, func(r rune) bool { return r == ',' || r == ';' || r == '\n' }) {
		n = strings.TrimSpace(n)
		if k := FoldName(n); k != "" && !seen[k] {
			seen[k] = true
			out = append(out, n)
		}
	}
	return out
}
