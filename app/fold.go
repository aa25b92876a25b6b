package app

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

func foldText(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(s)
	}
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// nameMatches reports whether every word of the folded query starts some
// word of the person's names.
func nameMatches(words []string, keys []string) bool {
	for _, w := range words {
		ok := false
		for _, k := range keys {
			if strings.HasPrefix(k, w) {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

var dropQuotes = strings.NewReplacer("'", "", "’", "")

// queryWords are the folded words of a search, without apostrophes.
func queryWords(q string) []string { return strings.Fields(dropQuotes.Replace(foldText(q))) }

// nameKeys are the folded words of a person's names, each also without
// apostrophes, and each name whole, so "o'brien", "obrien" and "brien" all
// find O'Brien.
func nameKeys(given, family, preferred string) []string {
	var keys []string
	for _, n := range []string{given, family, preferred} {
		f := foldText(n)
		for _, w := range strings.FieldsFunc(f, func(r rune) bool { return r == ' ' || r == '-' || r == '\'' || r == '’' }) {
			keys = append(keys, w)
		}
		keys = append(keys, dropQuotes.Replace(strings.ReplaceAll(f, " ", "")))
		for _, w := range strings.Fields(dropQuotes.Replace(f)) {
			keys = append(keys, w)
		}
	}
	return keys
}
