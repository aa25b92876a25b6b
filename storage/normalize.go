package storage

import (
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// fold lower-cases s and strips accents, so "Zoë" and "zoe" match.
func fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if !ascii {
		t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
		if out, _, err := transform.String(t, s); err == nil {
			s = out
		}
	}
	return strings.ToLower(strings.TrimSpace(s))
}

// nameKeys returns the folded search keys for a person: each name word on its
// own and the whole names, so "ann", "lee", "ann lee" and "annie" (preferred)
// all find Ann Lee.
func nameKeys(given, family, preferred string) []string {
	seen := map[string]bool{}
	var keys []string
	add := func(s string) {
		s = fold(s)
		if s != "" && !seen[s] {
			seen[s] = true
			keys = append(keys, s)
		}
	}
	for _, n := range []string{given, family, preferred} {
		for _, w := range strings.FieldsFunc(n, func(r rune) bool { return r == ' ' || r == '-' || r == '\'' }) {
			add(w)
		}
	}
	add(given + " " + family)
	if preferred != "" {
		add(preferred + " " + family)
	}
	return keys
}
