package storage

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// fold lower-cases s and strips accents, so "Zoë" and "zoe" match.
func fold(s string) string {
	s = strings.TrimSpace(s)
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return foldUnicode(s)
		}
	}
	return strings.ToLower(s)
}

func foldUnicode(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFD.String(s) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return norm.NFC.String(b.String())
}

// nameKeys returns the folded search keys for a person: each name whole
// ("o'brien") and word by word ("o", "brien"). A query of several words is
// matched word by word (see View.SearchPeople), so whole-name keys are not
// needed; fewer keys keep the name index small with 100k people.
func nameKeys(given, family, preferred string) []string {
	keys := make([]string, 0, 4)
	add := func(s string) {
		s = fold(s)
		if s == "" {
			return
		}
		for _, k := range keys {
			if k == s {
				return
			}
		}
		keys = append(keys, s)
	}
	for _, n := range []string{given, family, preferred} {
		add(n)
		for _, w := range strings.FieldsFunc(n, func(r rune) bool { return r == ' ' || r == '-' || r == '\'' }) {
			add(w)
		}
	}
	return keys
}
